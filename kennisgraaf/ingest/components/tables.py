"""The "kg_tables" component: pipe tables ("Finland | Kajaani | LUMI AI Factory | ... |").

A run of lines with at least ``min_cells`` cells is a table; its first line is the
header. A column's role comes from its header word or, failing that, from what its
cells hold (mostly known countries -> country). Name, city and country cells become
candidates (``id_ = "table"``, which outranks the gazetteer), and each row is kept in
``doc._.kg_rows`` as plain data for "kg_relations": the character spans of its cells
by role, the upgrade flag, and the row's own extent as evidence.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from kennisgraaf.ingest.components.lexicon import fold, lexicon
from kennisgraaf.ingest.components.sentences import text_of

if not Doc.has_extension("kg_rows"):
    Doc.set_extension("kg_rows", default=None)

HEADER_ROLES = (  # first match wins; words are folded header substrings
    ("upgrade", ("nieuw", "upgrade", "type")),
    ("budget", ("budget", "kosten", "bedrag", "investering", "prijs", "geld")),
    ("sector", ("sector", "specialisatie", "focus", "domein", "toepassing", "thema")),
    ("date", ("operationeel", "gereed", "ingebruik", "oplevering", "start", "jaar", "vanaf")),
    ("partners", ("partner", "deelnemer", "betrokken")),
    ("country", ("land", "country", "gastland")),
    ("city", ("locatie", "stad", "plaats", "vestiging", "city", "location", "gemeente")),
    ("name", ("naam", "name", "fabriek", "factory", "project", "supercomputer", "systeem")),
)
UPGRADE_TRUE = re.compile(r"upgrade|bestaand|uitbreiding|verbeter|^\s*nee\b|niet helemaal", re.IGNORECASE)
UPGRADE_FALSE = re.compile(r"^\s*ja\b|nieuw", re.IGNORECASE)


@Language.factory("kg_tables", default_config={"candidates_key": "kg_candidates", "min_cells": 3})
def make_tables(nlp: Language, name: str, *, candidates_key: str, min_cells: int) -> Tables:
    """Build the component.

    candidates_key: the ``doc.spans`` key shared with "kg_gazetteer".
    min_cells: the fewest ``|``-separated cells that make a line a table row.
    """
    return Tables(candidates_key=candidates_key, min_cells=min_cells)


class Tables:
    def __init__(self, *, candidates_key: str, min_cells: int) -> None:
        self.key, self.min_cells = candidates_key, min_cells

    def __call__(self, doc: Doc) -> Doc:
        rows: list[dict] = []
        found: list[Span] = []
        if "|" in text_of(doc):
            for block in _blocks(text_of(doc), self.min_cells):
                self._table(doc, block, rows, found)
        doc._.kg_rows = rows
        if found:
            doc.spans[self.key] = list(doc.spans[self.key]) + found
        return doc

    def _table(self, doc: Doc, block: list[list[tuple[int, int, str]]], rows: list[dict],
               found: list[Span]) -> None:
        header, body = block[0], block[1:]
        if not body:
            return
        lex = lexicon()
        roles: dict[int, str] = {}
        share: dict[int, float] = {}
        for col in range(len(header)):
            words = fold(header[col][2])
            roles[col] = next((role for role, keys in HEADER_ROLES if any(k in words for k in keys)), "")
            cells = [r[col][2] for r in body if col < len(r) and r[col][2].strip(" -")]
            if cells and roles[col] in ("", "name", "country"):
                share[col] = sum(lex.lookup("Country", c) is not None for c in cells) / len(cells)
        best = max(share, key=share.get, default=None)
        if best is not None and share[best] >= 0.5:  # the column of known countries
            roles = {c: ("" if r == "country" else r) for c, r in roles.items()}
            roles[best] = "country"
        if "name" not in roles.values():  # the first column of plain names
            for col, role in roles.items():
                if not role and all(r[col][2][:1].isupper() for r in body if col < len(r)):
                    roles[col] = "name"
                    break
        context = fold(text_of(doc)[max(0, header[0][0] - 300):header[-1][1]])
        name_type = "Supercomputer" if "supercomputer" in context and "fabriek" not in context \
            and "factor" not in context else "AIFactory"
        for line in body:
            row: dict = {"evidence": (line[0][0], line[-1][1]), "name_type": name_type}
            for col, (start, end, text) in enumerate(line):
                role = roles.get(col, "")
                if not role or not text.strip(" -–"):
                    continue
                row[role] = (start, end)
                label = {"name": name_type, "city": "City", "country": "Country"}.get(role)
                span = doc.char_span(start, end, alignment_mode="contract")
                if label and span is not None and len(span):
                    found.append(Span(doc, span.start, span.end, label=label, span_id="table"))
                if role == "upgrade":
                    row["upgrade"] = bool(UPGRADE_TRUE.search(text)) or not UPGRADE_FALSE.search(text)
            rows.append(row)


def _blocks(text: str, min_cells: int) -> list[list[list[tuple[int, int, str]]]]:
    """Runs of consecutive table lines, each line as its cells (start, end, text), stripped."""
    blocks, current, pos = [], [], 0
    for line in text.splitlines(keepends=True):
        cells = _cells(line, pos) if line.count("|") >= min_cells - 1 else []
        if len(cells) >= min_cells:
            current.append(cells)
        elif current:
            blocks.append(current)
            current = []
        pos += len(line)
    if current:
        blocks.append(current)
    return blocks


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    cells, start = [], 0
    parts = line.rstrip("\r\n").split("|")
    for part in parts:
        lead = len(part) - len(part.lstrip())
        text = part.strip()
        s = offset + start + lead
        cells.append((s, s + len(text), text))
        start += len(part) + 1
    while cells and not cells[-1][2]:
        cells.pop()
    if cells and not cells[0][2]:
        cells.pop(0)
    return cells
