"""A question, Dutch or English, -> an intent: what is asked about what, in which form.

The words come from the lexicon in ``queries/data`` (relations.tsv, types.tsv,
cues.tsv); entities from the graph's own labels (:mod:`kennisgraaf.queries.lookup`).
The parser only reads the question; choosing the graph's predicates and the
direction is left to :mod:`kennisgraaf.queries.build`, which knows their types.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from kennisgraaf.queries.filters import Threshold, sectors, threshold
from kennisgraaf.queries.lookup import Entity, LabelIndex, Match, tokens

FOCUS_WINDOW = 4  # words between a question word and the type word it asks for
NEGATION_REACH = 3  # a negation word applies to a cue at most this many words on
UPGRADE_REACH = 4  # "upgrade van een bestaande supercomputer": the type belongs to the cue
VALUE_RELATIONS = ("budget", "invests", "sector", "operationalFrom")
GAP = "~"  # in a lexicon phrase: up to GAP_REACH other words ("doet Slowakije mee")
GAP_REACH = 6
SLIP_MIN_CHARS = 5  # lexicon words this long are also found with one slip
SLIP_CUTOFF = 0.8


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    prefix_last: bool  # the last word ends in * in the table

    @property
    def size(self) -> int:
        """Words the phrase covers: a separable verb ("doet ~ mee") covers its verb only,
        so that the name between its parts stays a name."""
        return self.words.index(GAP) if GAP in self.words else len(self.words)

    def at(self, words: list[str], i: int) -> bool:
        if GAP in self.words:
            head, tail = Phrase(self.words[:self.size], False), Phrase(self.words[self.size + 1:],
                                                                        self.prefix_last)
            return head.at(words, i) and any(
                tail.at(words, j) for j in range(i + head.size, min(len(words), i + head.size + GAP_REACH)))
        n = len(self.words)
        if i + n > len(words):
            return False
        head, last = self.words[:-1], self.words[-1]
        if tuple(words[i:i + n - 1]) != head:
            return False
        w = words[i + n - 1]
        return w.startswith(last) if self.prefix_last else w == last


@dataclass(frozen=True)
class Hit:
    """A lexicon phrase found in the question: words ``start``..``end``."""

    start: int
    end: int
    key: str


@dataclass
class Anchor:
    """An entity the question names, with what its neighbours say about its role."""

    match: Match
    negated: bool = False  # "niet in Duitsland"
    agent: bool = False  # "gefinancierd door X", "from X"
    target: bool = False  # "investeert in X"

    @property
    def candidates(self) -> tuple[Entity, ...]:
        return self.match.all()


@dataclass
class Intent:
    question: str
    lang: str = "nl"
    qword: str | None = None  # which, who, where, when, howmany, howmuch, value
    focus: str | None = None  # the entity type asked for
    types: list[str] = field(default_factory=list)  # other types named (the set asked about)
    relations: list[str] = field(default_factory=list)  # relation keys, in question order
    form: str = "list"  # list, value, count, sum, max, min
    anchors: list[Anchor] = field(default_factory=list)
    excluded: list[Anchor] = field(default_factory=list)
    polarity: bool | None = None  # isUpgrade as the question states it
    unsupported: str | None = None  # a relation word the graph does not hold
    unknown: list[str] = field(default_factory=list)  # names the graph does not know
    relation_at: dict[str, int] = field(default_factory=dict)  # relation -> its first word
    set_at: int | None = None  # where the first of ``types`` is named
    threshold: Threshold | None = None  # "minder dan 100 miljoen euro"
    sectors: list[str] = field(default_factory=list)  # sector values named as a condition
    choice: bool = False  # "X of Y": the answer is one of the names ("heeft X of Y het grootste")
    words: list[str] = field(default_factory=list)  # content words left, for ranking evidence


class Table:
    """Phrases of one lexicon file, looked up by their first word."""

    def __init__(self, rows: list[tuple[str, Phrase]]) -> None:
        self.exact: dict[str, list[tuple[str, Phrase]]] = {}
        self.prefix: dict[str, list[tuple[str, Phrase]]] = {}  # one-word phrases ending in *
        for key, p in sorted(rows, key=lambda kp: -kp[1].size):  # longest first
            if len(p.words) == 1 and p.prefix_last:
                self.prefix.setdefault(p.words[0], []).append((key, p))
            else:
                self.exact.setdefault(p.words[0], []).append((key, p))

    def at(self, words: list[str], i: int) -> list[tuple[str, Phrase]]:
        """The phrases that match at ``words[i]``, longest first."""
        w = words[i]
        found = [kp for kp in self.exact.get(w, ()) if kp[1].at(words, i)]
        for n in range(len(w), 0, -1):
            found += self.prefix.get(w[:n], ())
        return found

    def __iter__(self):
        for group in (*self.exact.values(), *self.prefix.values()):
            yield from group


@cache
def _table(name: str) -> Table:
    text = files("kennisgraaf.queries").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    rows = csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")),
                      delimiter="\t")
    next(rows)  # header
    out = []
    for key, phrase, *_ in rows:
        words = phrase.split()
        prefix = words[-1].endswith("*")
        words[-1] = words[-1].rstrip("*")
        out.append((key, Phrase(tuple(words), prefix)))
    return Table(out)


def relation_words() -> Table:
    return _table("relations.tsv")


def type_words() -> Table:
    return _table("types.tsv")


def cue_words() -> Table:
    return _table("cues.tsv")


@cache
def number_words() -> dict[str, str]:
    """Number words, Dutch and English, to their digits ("zeven", "seven" -> "7")."""
    text = files("kennisgraaf.queries").joinpath("data").joinpath("numbers.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")]
    return {w: n for n, *names in rows[1:] for w in names}


@cache
def generic_words() -> frozenset[str]:
    """Words of type names ("fabriek", "universiteit", "ai"): a name that only adds
    them to another is the same name ("LUMI" for "LUMI AI Factory")."""
    return frozenset(w for _, p in type_words() for w in p.words) | {"ai"}


def find(table: Table, words: list[str]) -> list[Hit]:
    """Non-overlapping phrases of ``table`` in ``words``, left to right, longest first."""
    hits: list[Hit] = []
    i = 0
    while i < len(words):
        found = table.at(words, i)
        if found:
            key, phrase = found[0]
            hits.append(Hit(i, i + phrase.size, key))
            i += phrase.size
        else:
            i += 1
    return hits


def find_all(table: Table, words: list[str]) -> list[Hit]:
    """Every phrase of ``table`` at every position (cues may overlap: "hoeveel")."""
    return [Hit(i, i + p.size, key) for i in range(len(words)) for key, p in table.at(words, i)]


def _raw_tokens(question: str) -> list[str]:
    """The question's tokens with their case kept, aligned with :func:`tokens`."""
    text = unicodedata.normalize("NFKD", question)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(?<=\w)['’]s?\b", "", text)
    return re.findall(r"[A-Za-z0-9]+", text)


def parse(question: str, index: LabelIndex) -> Intent:
    words = tokens(question)
    raw = _raw_tokens(question)
    intent = Intent(question)
    rel_hits = find(relation_words(), words)
    type_hits = find(type_words(), words)
    cues = find_all(cue_words(), words)
    covered = {i for h in (*rel_hits, *type_hits, *cues) for i in range(h.start, h.end)}
    skip = {words[i] for i in covered}
    matches = index.find(words, skip, generic_words())
    in_match = {i for m in matches for i in range(m.start, m.end)}
    rel_hits = sorted(rel_hits + _slips(relation_words(), words, covered | in_match),
                      key=lambda h: h.start)
    type_hits = sorted(type_hits + _slips(type_words(), words, covered | in_match),
                       key=lambda h: h.start)
    covered |= {i for h in (*rel_hits, *type_hits) for i in range(h.start, h.end)}
    type_hits = _without_appositions(type_hits, matches, cues)
    # "de fabrieken waar Kroatië aan meedoet": a relative "waar", not a place or question
    relative = {t.end for t in type_hits}
    rel_hits = [h for h in rel_hits if not (h.key == "place" and h.start in relative
                                            and words[h.start] in ("waar", "where"))]
    cues = [c for c in cues if not (c.key == "where" and c.start in relative)]

    english = sum(1 for c in cues if c.key == "english")
    dutch = sum(1 for c in cues if c.key == "dutch")
    intent.lang = "en" if english > dutch else "nl"

    qwords = [c for c in cues if c.key in ("which", "who", "where", "when", "howmany", "howmuch")]
    _question_word(intent, qwords, type_hits, words)
    polar = [c.end for c in cues if c.key == "true"]
    sets = [h for h in type_hits
            if h.key != intent.focus and not (set(range(h.start, h.end)) & in_match)
            and not any(0 <= h.start - p < UPGRADE_REACH for p in polar)]
    intent.types = list(dict.fromkeys(h.key for h in sets))
    intent.set_at = sets[0].start if sets else None
    typed = {i for h in type_hits for i in range(h.start, h.end)}
    asks_value = intent.qword == "which" and any(
        h.key in VALUE_RELATIONS and h.start - q.end in (0, 1) and q.end not in typed
        for h in rel_hits for q in qwords if q.key == "which")
    if asks_value:
        intent.qword = "value"  # "welke sectoren", "which budget": the values themselves
        if intent.focus:
            intent.types.insert(0, intent.focus)
            intent.focus = None
    elif intent.focus is None and intent.qword in (None, "which") and intent.types \
            and not any(h.key in VALUE_RELATIONS for h in rel_hits):
        intent.focus = intent.types.pop(0)  # "onder welke naam ... AI-modellen": the models
        later = [h.start for h in sets if h.key != intent.focus]
        intent.set_at = later[0] if later else None

    negations = [c.start for c in cues if c.key == "negation"]
    for h in rel_hits:
        if set(range(h.start, h.end)) & in_match:
            continue  # a word of a name ("Programma Rekenkracht", a programme named with a lexicon word)
        if h.key == "unsupported":
            intent.unsupported = " ".join(words[h.start:h.end])
        elif h.key not in intent.relations:
            intent.relations.append(h.key)
            intent.relation_at[h.key] = h.start
    for c in cues:
        if c.key in ("true", "false") and intent.polarity is None and c.start not in in_match:
            negated = any(0 < c.start - n <= NEGATION_REACH for n in negations)
            intent.polarity = (c.key == "true") != negated

    intent.threshold = threshold(words, question, {c.end: "<" if c.key == "below" else ">"
                                                   for c in cues if c.key in ("below", "above")},
                                 number_words())
    if intent.threshold:
        covered |= set(range(intent.threshold.start, intent.threshold.end))
        cues = [c for c in cues if c.key not in ("max", "min", "name_follows")
                or not intent.threshold.start - 2 <= c.start < intent.threshold.end]
    if "sector" in intent.relations:
        intent.sectors, used = sectors(words, in_match | covered)
        covered |= used
    _form(intent, cues, words)
    _anchors(intent, matches, cues, negations)
    ors = {c.start for c in cues if c.key == "or"}
    intent.choice = intent.form in ("max", "min") and len(intent.anchors) > 1 and all(
        any(a.match.end <= o < b.match.start for o in ors)
        for a, b in zip(intent.anchors, intent.anchors[1:]))
    # a word no lexicon or label knows, where a name belongs ("het budget van Atlantis")
    before_name = {c.end for c in cues if c.key in ("agent", "target", "name_follows")}
    before_name |= {c.end + 1 for c in cues if c.key in ("agent", "target", "name_follows")
                    and c.end in {x.start for x in cues if x.key == "ignore"}}
    intent.unknown = [raw[i] for i in range(min(len(raw), len(words)))
                      if i in before_name and i not in in_match and i not in covered]
    intent.words = [w for i, w in enumerate(words) if i not in in_match and i not in covered]
    return intent


def _slips(table: Table, words: list[str], taken: set[int]) -> list[Hit]:
    """One-word phrases of ``table`` with a slip of the pen ("budgt", "factroy"), for
    words that nothing else read; short words only match exactly."""
    vocab: dict[str, str] = {}
    for key, p in table:
        if len(p.words) == 1 and len(p.words[0]) >= SLIP_MIN_CHARS:
            vocab.setdefault(p.words[0], key)
    out = []
    for i, w in enumerate(words):
        if i in taken or len(w) < SLIP_MIN_CHARS:
            continue
        close = difflib.get_close_matches(w, list(vocab), 1, SLIP_CUTOFF)
        if close:
            out.append(Hit(i, i + 1, vocab[close[0]]))
    return out


def _without_appositions(type_hits: list[Hit], matches: list[Match], cues: list[Hit]) -> list[Hit]:
    """Type words that only describe a name next to them ("de AI-fabriek Pharos", "the
    X chatbot") ask for nothing. A type word after a name that follows a question
    word is asked for ("welke Duitse fabrieken"); one before a name is an apposition only
    after an article ("hoeveel AI-fabrieken heeft Duitsland" asks for factories)."""
    articles = {c.end for c in cues if c.key == "ignore"}
    asked = {c.end for c in cues if c.key in ("which", "who", "howmany")}
    out = []
    for h in type_hits:
        before = any(h.end == m.start for m in matches) and h.start in articles
        after = any(h.start == m.end and m.start not in asked for m in matches)
        if not (before or after):
            out.append(h)
    return out


INDEFINITE = frozenset({"een", "a", "an"})


def _question_word(intent: Intent, qwords: list[Hit], type_hits: list[Hit],
                   words: list[str]) -> None:
    """The question word and the entity type it asks for ("welke landen" -> Country)."""
    if not qwords:
        return
    first = min(qwords, key=lambda h: (h.start, h.key != "howmany"))
    intent.qword = first.key
    if first.key in ("which", "howmany", "who"):
        # "what would an AI factory cost": a type after an indefinite article is described,
        # not asked for
        follow = [h for h in type_hits if 0 <= h.start - first.end < FOCUS_WINDOW
                  and not INDEFINITE & set(words[first.end:h.start])]
        if follow:
            intent.focus = follow[0].key
        elif first.key == "howmany":
            intent.qword = "howmuch"  # "hoeveel" without a thing counted asks an amount


def _form(intent: Intent, cues: list[Hit], words: list[str]) -> None:
    keys = {c.key for c in cues}
    if intent.qword == "howmany" and intent.focus:
        intent.form = "count"
    elif intent.qword in ("howmuch", "when"):
        intent.form = "value"
    if "max" in keys or "min" in keys:
        first = min((c for c in cues if c.key in ("max", "min")), key=lambda c: c.start)
        intent.form = first.key if intent.form != "count" else "count"
    elif "sum" in keys and intent.form in ("value", "list"):
        intent.form = "sum"


def _anchors(intent: Intent, matches: list[Match], cues: list[Hit], negations: list[int]) -> None:
    exclusion_ends = [c.end for c in cues if c.key == "exclusion"]
    others = [c.start for c in cues if c.key == "other"]
    exclusion_ends += [c.end for c in cues if c.key == "than"
                       if any(0 < c.start - o <= FOCUS_WINDOW for o in others)]
    agents = {c.end for c in cues if c.key == "agent"}
    targets = {c.end for c in cues if c.key == "target"}
    ignorable = {c.start for c in cues if c.key == "ignore"}
    for m in matches:
        # a role word stands right before the name, or before its article ("door de X")
        before = {m.start} | ({m.start - 1} if m.start - 1 in ignorable else set())
        a = Anchor(m, negated=any(0 < m.start - n <= 2 for n in negations),
                   agent=bool(before & agents), target=bool(before & targets))
        excluded = any(0 <= m.start - e <= 2 for e in exclusion_ends)
        if not excluded and intent.excluded:
            # "andere dan Spanje en Portugal": a list after the cue is left out too
            last = intent.excluded[-1].match
            excluded = m.start - last.end <= 1
        (intent.excluded if excluded else intent.anchors).append(a)
