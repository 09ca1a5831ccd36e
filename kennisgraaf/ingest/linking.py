"""Entity resolution within one article: which mentions are one entity, and what it is called.

- Overlapping candidates: the longest wins; on equal length a table cell beats the
  gazetteer, which beats a context rule.
- A name the gazetteer knows gets its entry: canonical label, QID, every name.
- An unknown place name close to a known one of the same type is a misspelling of it
  ("Kajaania" -> Kajaani; ``difflib`` ratio at least ``fuzzy_cutoff``).
- A short form joins the long one of the same type: a surname joins the person
  ("Heskes" -> "Tom Heskes"), a leading part joins the full name ("LUMI AI" -> "LUMI AI
  Factory").
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span

from kennisgraaf.ingest.components.lexicon import Entry, fold, lexicon, same_as
from kennisgraaf.ingest.components.sentences import sentence_bounds, span_text

RANK = {"table": 0, "gaz": 1, "head": 2, "ctx": 2, "ctx2": 3, "rep": 3, "short": 3}
# How much a context rule's type counts when one name got several ("het model X", "X AI").
# A short form ("KORAAL AI" of "KORAAL AI Factory") keeps the type of its long form.
WEIGHT = {"head": 3, "ctx": 2, "ctx2": 1, "rep": 0, "short": 4}
PLACES = ("City", "Country", "Region")
SHORT_FORMS = {"Person": "suffix", "Company": "prefix", "AIFactory": "prefix",
               "Organization": "prefix", "Supercomputer": "prefix", "AIModel": "prefix"}


@dataclass
class Entity:
    key: str
    type: str
    canonical: str
    qid: str = ""
    known: bool = False
    aliases: dict[str, None] = field(default_factory=dict)
    mentions: list[tuple[int, int, int]] = field(default_factory=list)

    def as_dict(self, ident: str) -> dict:
        return {"id": ident, "type": self.type, "label": self.canonical,
                "canonical": self.canonical, "aliases": list(self.aliases),
                "sameAs": same_as(self.qid),
                "mentions": [{"start": s, "end": e, "sentence": n} for s, e, n in self.mentions]}


def vote_types(candidates: list[Span]) -> list[Span]:
    """One type per name found by context: the one its rules gave most weight."""
    votes: dict[str, dict[str, int]] = {}
    for span in candidates:
        if span.id_ in WEIGHT:
            tally = votes.setdefault(span_text(span), {})
            tally[span.label_] = tally.get(span.label_, 0) + WEIGHT[span.id_]
    out = []
    for span in candidates:
        tally = votes.get(span_text(span)) if span.id_ in WEIGHT else None
        if tally:
            best = max(tally, key=lambda t: tally[t])
            if best != span.label_:
                span = Span(span.doc, span.start, span.end, label=best, span_id=span.id_)
        out.append(span)
    return out


def choose(candidates: list[Span]) -> list[Span]:
    """Non-overlapping mentions: longest first, then by source rank."""
    candidates = vote_types(candidates)
    ordered = sorted(candidates, key=lambda s: (-(s.end - s.start), RANK.get(s.id_, 3), s.start))
    taken: set[int] = set()
    chosen = []
    for span in ordered:
        if not any(c.isalnum() for c in span_text(span)) or taken.intersection(range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def resolve(doc: Doc, mentions: list[Span], fuzzy_cutoff: float) -> dict[str, Entity]:
    """Entities by key; sets each mention's ``kb_id_`` to its entity's key."""
    lex = lexicon()
    idx = doc.to_array("IDX").tolist()
    sent_starts = [idx[i] for i in sentence_bounds(doc)] if len(doc) else [0]
    entities: dict[str, Entity] = {}
    keyed: list[tuple[Span, Entry | None]] = []
    for span in mentions:
        entry = lex.by_key.get(span.kb_id_) if span.kb_id_ else None
        if entry is None or entry.type != span.label_:
            entry = lex.lookup(span.label_, span_text(span)) or _fuzzy(span, fuzzy_cutoff)
        keyed.append((span, entry))
    unknown: dict[str, list[Span]] = {}
    for span, entry in keyed:
        if entry is not None:
            ent = entities.setdefault(entry.key, Entity(entry.key, entry.type, entry.label,
                                                        entry.qid, known=True))
            _add(ent, span, sent_starts)
        else:
            unknown.setdefault(f"{span.label_}|{span_text(span)}", []).append(span)
    # longest names first, so that short forms find the long form they belong to
    for key in sorted(unknown, key=lambda k: -len(k.split("|", 1)[1])):
        spans = unknown[key]
        type_, text = key.split("|", 1)
        ent = _long_form(entities, type_, text) or entities.setdefault(key, Entity(key, type_, text))
        for span in spans:
            _add(ent, span, sent_starts)
    _merge_abbreviations(doc, mentions, entities)
    for ent in entities.values():
        ent.mentions.sort()
    return entities


def _merge_abbreviations(doc: Doc, mentions: list[Span], entities: dict[str, Entity]) -> None:
    """"Instituut voor Toegepaste Rekenkunde (ITR)": the bracketed form is the same entity."""
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        short = by_start.get(m.end + 1)
        if short is None or m.end + 2 >= len(doc) or doc[m.end].text != "(" or \
                doc[m.end + 2].text != ")" or short.kb_id_ == m.kb_id_:
            continue
        long_ent, short_ent = entities.get(m.kb_id_), entities.get(short.kb_id_)
        if long_ent is None or short_ent is None or short_ent.known or len(short) != 1:
            continue
        long_ent.aliases.update(short_ent.aliases)
        long_ent.mentions.extend(short_ent.mentions)
        del entities[short_ent.key]
        for other in mentions:
            if other.kb_id_ == short_ent.key:
                other.kb_id_ = long_ent.key


def _add(ent: Entity, span: Span, sent_starts: list[int]) -> None:
    span.kb_id_ = ent.key
    ent.aliases.setdefault(span_text(span))
    ent.mentions.append((span.start_char, span.end_char, bisect_right(sent_starts, span.start_char) - 1))


def _fuzzy(span: Span, cutoff: float) -> Entry | None:
    if span.label_ not in PLACES or len(span_text(span)) < 5:
        return None
    names = _folded_names(span.label_)
    key = fold(span_text(span))
    close = difflib.get_close_matches(key, [n for n in names if n[:1] == key[:1]], n=1, cutoff=cutoff)
    return names[close[0]] if close else None


@cache
def _folded_names(type_: str) -> dict[str, Entry]:
    """The gazetteer's names of one type, folded, with their entries."""
    return {fold(n): e for e in lexicon().entries if e.type == type_ for n in e.names}


def _long_form(entities: dict[str, Entity], type_: str, text: str) -> Entity | None:
    how = SHORT_FORMS.get(type_)
    if how is None:
        return None
    words = text.split()
    kin = ("Company", "Organization") if type_ in ("Company", "Organization") else (type_,)
    for ent in entities.values():
        if ent.type not in kin:
            continue
        for name in [ent.canonical, *ent.aliases]:
            other = name.split()
            if len(other) <= len(words):
                continue
            part = other[-len(words):] if how == "suffix" else other[:len(words)]
            if part == words:
                return ent
    return None
