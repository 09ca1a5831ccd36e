"""The "kg_relations" component: facts between the resolved entities, each with its evidence.

The rules live in :mod:`relation_rules` and :mod:`facility_rules` (sentences) and
here (table rows, money);
this module holds the per-article state they share: the sentences with their
mentions, the facts found so far, and the entity store, so that a rule can add a
country that the text names only by its adjective ("het Japanse SoftBank").
The result is ``doc._.kg_result``, plain JSON data that survives multiprocessing:
``{"entities": [entity dicts with their "key"], "facts": [{"s", "p", "o", "target",
"evidence": {"start", "end"}}]}`` with entity keys as ``s``, ``o`` and ``target``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span

from kennisgraaf.ingest.components.lexicon import lexicon
from kennisgraaf.ingest.components.sentences import (
    sentence_bounds,
    span_text,
    text_of,
    token_strings,
)
from kennisgraaf.ingest.linking import Entity

if not Doc.has_extension("kg_result"):
    Doc.set_extension("kg_result", default=None)

YEAR = re.compile(r"\b(?:19|20)\d\d\b")
LEAD = 5  # opening sentences (title, lead) that say what an article is about
AGENTS = ("Country", "Organization", "Company", "Person")
FACILITIES = ("AIFactory", "Supercomputer")
BUDGETED = ("AIFactory", "Programme", "Organization")  # domain.md: what has a budget


@dataclass
class Mention:
    key: str
    type: str
    start: int  # token offsets in the doc
    end: int
    text: str


@dataclass
class Sentence:
    index: int
    span: Span
    mentions: list[Mention]
    lower: list[str]  # the lower-cased tokens, for trigger tests
    evidence: tuple[int, int]  # its character extent, trailing white space left out
    money: list[Span] = field(default_factory=list)  # the sums of money in it
    dates: list[Span] = field(default_factory=list)
    partners: tuple[str, list[str]] | None = None  # a listed group that "zij" may refer to
    _words: set[str] | None = None

    def has(self, words: set[str]) -> bool:
        return not words.isdisjoint(self.words)

    @property
    def words(self) -> set[str]:
        if self._words is None:
            self._words = set(self.lower)
        return self._words

    def of(self, *types: str) -> list[Mention]:
        return [m for m in self.mentions if m.type in types]


@dataclass
class Article:
    """What the rules of one article share."""

    doc: Doc
    entities: dict[str, Entity]
    sentences: list[Sentence]
    facts: list[dict] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    # sentence evidence on upgrade or new, per facility: settled once the article is read
    upgrade_votes: dict[str, list[tuple[bool, tuple[int, int]]]] = field(default_factory=dict)
    # facilities described by their place but not named, by "type@place key" (unnamed.py)
    unnamed: dict = field(default_factory=dict)

    def add(self, s: str, p: str, o: str | dict, evidence: tuple[int, int],
            target: str | None = None) -> None:
        if s == o:
            return
        marker = f"{s}|{p}|{o}"
        if marker in self.seen:
            return
        self.seen.add(marker)
        self.facts.append({"s": s, "p": p, "o": o, "target": target, "evidence": evidence})

    def main_facility(self) -> Mention | None:
        """The AI factory an article is about: named in its opening sentences and again later."""
        return self._main_facility

    @cached_property
    def _main_facility(self) -> Mention | None:
        # settled once: the rules add mentions of countries only, never of facilities
        for sent in self.sentences[:LEAD]:
            for m in sent.of("AIFactory"):
                if len(self.entities[m.key].mentions) >= 2:
                    return m
        return None

    def objects(self, s: str, p: str) -> list:
        return [f["o"] for f in self.facts if f["s"] == s and f["p"] == p]

    def subjects(self, p: str, o: str) -> list[str]:
        return [f["s"] for f in self.facts if f["p"] == p and f["o"] == o]

    def country_of_adjective(self, token_index: int) -> str | None:
        """The key of the country an adjective token names, adding that entity if new."""
        token = self.doc[token_index]
        key = lexicon().adjective_country.get(token.text)
        if key is None:
            return None
        entry = lexicon().by_key[key]
        ent = self.entities.setdefault(key, Entity(key, "Country", entry.label, entry.qid, known=True))
        if token.text not in ent.aliases:
            ent.aliases[token.text] = None
        sent = self.sentence_at(token_index)
        mention = (token.idx, token.idx + len(token.text), sent.index)
        if mention not in ent.mentions:
            ent.mentions.append(mention)
            ent.mentions.sort()
        return key

    def sentence_at(self, token_index: int) -> Sentence:
        starts = [s.span.start for s in self.sentences]
        return self.sentences[bisect_right(starts, token_index) - 1]

    def mention_at_char(self, start: int, end: int) -> Mention | None:
        for sent in self.sentences:
            if sent.span.start_char <= start < sent.span.end_char:
                for m in sent.mentions:
                    if start <= self.doc[m.start].idx < end:
                        return m
        return None


@Language.factory("kg_relations", default_config={"window": 12})
def make_relations(nlp: Language, name: str, *, window: int) -> Relations:
    """Build the component.

    window: how many tokens apart a subject and its sum of money or trigger word may be.
    """
    return Relations(window=window)


class Relations:
    def __init__(self, *, window: int) -> None:
        self.window = window

    def __call__(self, doc: Doc) -> Doc:
        from kennisgraaf.ingest.components import facility_rules, relation_rules, unnamed

        art = Article(doc, doc._.kg_entities or {}, _sentences(doc))
        table_facts(art)
        for sent in art.sentences:
            prev = art.sentences[sent.index - 1] if sent.index else None
            taken = None
            if not facility_rules.fact_sheet(art, sent):
                relation_rules.apply(art, sent, prev)
                taken = unnamed.describe(art, sent, prev)
                if taken is None:
                    facility_rules.facility_values(art, sent)
            money_facts(art, sent, prev, self.window, taken or set())
        relation_rules.chain(art)
        entities = []
        for key, ent in art.entities.items():
            entities.append({**ent.as_dict(key), "key": key})
        facts = [{**f, "evidence": {"start": f["evidence"][0], "end": f["evidence"][1]}}
                 for f in art.facts]
        described = [{"key": key, "type": u.type, "label": u.label, "place": u.place,
                      "evidence": {"start": u.evidence[0], "end": u.evidence[1]},
                      "facts": u.facts} for key, u in art.unnamed.items() if u.facts]
        doc._.kg_result = {"entities": entities, "facts": facts, "unnamed": described}
        doc._.kg_entities = None  # plain data only from here, so that the Doc pickles
        doc._.kg_rows = None
        return doc


def _sentences(doc: Doc) -> list[Sentence]:
    ents = list(doc.ents)
    starts = [e.start for e in ents]
    lowers = token_strings(doc, "LOWER")
    bounds = sentence_bounds(doc) + [len(doc)]
    text = text_of(doc)
    out = []
    for start, end in pairwise(bounds):
        span = Span(doc, start, end)
        start_char = span.start_char
        stripped = text[start_char:span.end_char].rstrip()
        if not stripped:
            continue  # blank lines between paragraphs are no sentences to refer back over
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        mentions = [Mention(e.kb_id_, e.label_, e.start, e.end, span_text(e)) for e in ents[lo:hi]]
        out.append(Sentence(len(out), span, mentions, lowers[start:end],
                            (start_char, start_char + len(stripped))))
    for key in ("money", "dates"):  # each value span to its sentence, in one pass
        firsts = [s.span.start for s in out]
        for value in doc.spans.get(key, []):
            n = bisect_right(firsts, value.start) - 1
            if n >= 0 and value.start < out[n].span.end:
                getattr(out[n], key).append(value)
    return out


def _values_in(doc: Doc, key: str, start: int, end: int) -> list[Span]:
    if key not in doc.spans:
        return []
    return [s for s in doc.spans[key] if start <= s.start_char and s.end_char <= end]


def table_facts(art: Article) -> None:
    """Facts of the table rows that "kg_tables" kept."""
    for row in art.doc._.kg_rows or []:
        ev = row["evidence"]
        cell = {role: art.mention_at_char(*row[role]) for role in ("name", "city", "country")
                if role in row}
        name, city, country = cell.get("name"), cell.get("city"), cell.get("country")
        if city and country:
            art.add(city.key, "inCountry", country.key, ev)
        if name is None:
            continue
        if country:
            art.add(name.key, "hostCountry", country.key, ev)
        if city:
            art.add(name.key, "locatedIn", city.key, ev)
        if "upgrade" in row:
            art.add(name.key, "isUpgrade", {"bool": row["upgrade"]}, ev)
        if "budget" in row:
            for money in _values_in(art.doc, "money", *row["budget"]):
                art.add(name.key, "budget", money._.value, ev)
        if "date" in row:
            dates = [d._.value for d in _values_in(art.doc, "dates", *row["date"])]
            year = YEAR.search(text_of(art.doc)[slice(*row["date"])])
            for value in dates or ([{"date": year.group(0)}] if year else []):
                art.add(name.key, "operationalFrom", value, ev)
        if "sector" in row:
            from kennisgraaf.ingest.components.facility_rules import sectors_in
            for sector in sectors_in(text_of(art.doc)[slice(*row["sector"])]):
                art.add(name.key, "sector", {"text": sector}, ev)
        if "partners" in row:
            start, end = row["partners"]
            for sent in art.sentences:
                for m in sent.mentions:
                    if start <= art.doc[m.start].idx < end:
                        art.add(name.key, "partner", m.key, ev)


def money_facts(art: Article, sent: Sentence, prev: Sentence | None, window: int,
                taken: set[int] = frozenset()) -> None:
    """budget and invests, from the sums of money in one sentence (but those in ``taken``,
    which an unnamed facility's rule has already read)."""
    doc, trig = art.doc, lexicon().triggers
    moneys = [m for m in sent.money if m.start not in taken]
    if not moneys:
        return
    ev = sent.evidence
    respectively = "respectievelijk" in sent.lower
    if respectively:
        from kennisgraaf.ingest.components.relation_rules import coordinated
        # "Google en Amazon volgen met respectievelijk 100 miljard en 11 miljard dollar"
        word = sent.span.start + sent.lower.index("respectievelijk")
        last = [m for m in sent.mentions if m.type in AGENTS and m.end <= word]
        group = coordinated(art, sent, last[-1], backwards=True) if last else []
        after = [m for m in moneys if m.start > word]
        paired = after[:len(group)] if len(after) >= len(group) else []
    for idx, money in enumerate(moneys):
        before = [t.lower_ for t in doc[max(sent.span.start, money.start - 4):money.start]]
        after = [t.lower_ for t in doc[money.end:min(sent.span.end, money.end + 3)]]
        if any(w in trig["budget"] for w in before) or (after[:1] and after[0] in {"kost", "kosten"}):
            subject = _budget_subject(art, sent, prev, money, window)
            if subject:
                art.add(subject, "budget", money._.value, ev)
            continue
        if respectively and paired and money in paired:
            art.add(group[paired.index(money)].key, "invests", money._.value, ev)
            continue
        source = _source_after(sent, money, after)
        if source is not None:
            target = _earlier_investor(art, prev)
            art.add(source.key, "invests", money._.value, ev, target)
            continue
        if not sent.has(trig["invests"]) and not _apposition(doc, sent, money):
            continue
        for m in _investors(art, sent, money, window):
            art.add(m.key, "invests", money._.value, ev, _target(sent, money))


def _budget_subject(art: Article, sent: Sentence, prev: Sentence | None, money: Span,
                    window: int) -> str | None:
    doc = art.doc
    after = [m for m in sent.of(*BUDGETED) if m.start >= money.end and m.start - money.end <= 3
             and doc[money.end].lower_ == "van"]
    if after:
        return after[0].key
    before = [m for m in sent.of(*BUDGETED) if m.end <= money.start and money.start - m.end <= window * 2]
    factories = [m for m in before if m.type == "AIFactory"]
    facilities = [m for m in before if m.type != "Organization"]
    if factories or facilities or before:
        return (factories or facilities or before)[-1].key
    if prev is not None:
        earlier = prev.of("AIFactory", "Programme")
        if earlier:
            return earlier[-1].key
        back = art.sentences[prev.index - 1] if prev.index else None
        if back is not None and back.of("AIFactory", "Programme"):
            return back.of("AIFactory", "Programme")[-1].key
    main = art.main_facility()
    return main.key if main else None


def _source_after(sent: Sentence, money: Span, after: list[str]) -> Mention | None:
    """"50 miljard euro daarvan komt uit de Verenigde Arabische Emiraten"."""
    words = [w for w in after if w != "daarvan"]
    if not words or words[0] not in {"komt", "komen", "afkomstig"}:
        return None
    for m in sent.mentions:
        if m.start >= money.end and m.start - money.end <= 6 and m.type in AGENTS:
            return m
    return None


def _apposition(doc: Doc, sent: Sentence, money: Span) -> bool:
    """"Stargate, 100 miljard dollar voor AI-infrastructuur": a firm and its sum."""
    i = money.start
    return i - 2 >= sent.span.start and doc[i - 1].text == "," and any(
        m.end == i - 1 and m.type in ("Company", "Organization") for m in sent.mentions)


def _investors(art: Article, sent: Sentence, money: Span, window: int) -> list[Mention]:
    from kennisgraaf.ingest.components.relation_rules import coordinated, is_place_object
    doc = art.doc
    candidates = [m for m in sent.mentions if m.type in AGENTS and m.end <= money.start
                  and money.start - m.end <= window and not is_place_object(doc, m)]
    if not candidates:
        return []
    last = candidates[-1]
    group = coordinated(art, sent, last, backwards=True)
    return [m for m in group if m.type in AGENTS]


def _target(sent: Sentence, money: Span) -> str | None:
    for m in sent.mentions:
        if m.start >= money.end and m.start - money.end <= 5 and \
                m.type in ("Company", "AIFactory", "Supercomputer", "Programme", "Organization") \
                and sent.span.doc[m.start - 1].lower_ in {"in", "voor", "aan"}:
            return m.key
    return None


def _earlier_investor(art: Article, prev: Sentence | None) -> str | None:
    """Whose sum "daarvan" points at: the investor of a sum the sentence before names,
    else the last investor."""
    sums = {m._.value.get("amount") for m in prev.money} if prev is not None else set()
    for fact in reversed(art.facts):
        if fact["p"] == "invests" and fact["o"].get("amount") in sums:
            return fact["s"]
    return next((f["s"] for f in reversed(art.facts) if f["p"] == "invests"), None)
