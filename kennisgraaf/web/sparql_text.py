"""A conservative look at SPARQL text without parsing it: the query form, and the
USING clauses the protocol's ``using-graph-uri`` stands for.

Strings and comments are masked first (same length, so offsets stay valid), so
that keywords inside them are never seen. Every function errs on the side of
refusing: a false alarm costs a 400, a miss would cost a security hole.
"""

import re

_STRINGS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                      r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_IRI = re.compile(r'<[^<>"{}|^`\\\s]*>')
_KEYWORD = r"(?<![?$:\w]){}(?![\w:])"
_FORM = re.compile(_KEYWORD.format(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)"), re.IGNORECASE)
_WHERE = re.compile(_KEYWORD.format("WHERE"), re.IGNORECASE)
_DATASET = re.compile(_KEYWORD.format(r"(USING|WITH)"), re.IGNORECASE)
_DELETE_BEFORE = re.compile(r"DELETE\s*$", re.IGNORECASE)


def mask(text: str) -> str:
    """``text`` with strings, comments and IRIs blanked."""
    out = _STRINGS.sub(lambda m: " " * len(m.group()), text)
    return _IRI.sub(lambda m: " " * len(m.group()), out)


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword, or None."""
    m = _FORM.search(mask(query))
    return m.group(1).upper() if m else None


def has_dataset_clause(update: str) -> bool:
    """Whether an update names its own dataset with USING or WITH."""
    return _DATASET.search(mask(update)) is not None


def add_using(update: str, default: list[str], named: list[str]) -> str:
    """``update`` with ``USING <g>`` / ``USING NAMED <g>`` before each top-level WHERE.

    ``DELETE WHERE`` cannot carry USING; the protocol's dataset does not apply to it.
    """
    clauses = " ".join([f"USING <{g}>" for g in default] + [f"USING NAMED <{g}>" for g in named])
    masked = mask(update)
    cuts = []
    for m in _WHERE.finditer(masked):
        before = masked[: m.start()]
        if before.count("{") == before.count("}") and not _DELETE_BEFORE.search(before):
            cuts.append(m.start())
    for at in reversed(cuts):
        update = update[:at] + clauses + " " + update[at:]
    return update
