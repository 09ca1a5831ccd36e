"""Rules of "kg_relations" for a facility an article describes by its place but never
names: "de Ierse AI-fabriek", "een AI-fabriek in Letland", or a field given to a place in
a sentence about the factories' fields ("agrovoeding en cyberbeveiliging in Italië").

Such a facility is no entity of the domain (generic mentions are not entities), yet what
the text says about it (its budget, sectors, opening date) is worth keeping. Where the
article itself names exactly one factory in that place, the description is that factory
and the ordinary rules apply; otherwise the facility is kept apart, keyed by its type and
place, and its facts go to ``art.unnamed``. Ingest stores it as a ``kg:UnnamedFacility``
(docs/graph-model.md); questions about "the AI factory in X" read it with the named ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kennisgraaf.ingest.components.lexicon import lexicon
from kennisgraaf.ingest.components.relations import BUDGETED, FACILITIES, Article, Sentence

# singular heads only: "de AI-fabrieken in Europa" is a set, not one facility
HEADS = {"fabriek": "AIFactory", "ai-fabriek": "AIFactory", "gigafabriek": "AIFactory"}
DETERMINERS = frozenset(["de", "het", "een", "die", "elke"])
PLACES = ("Country", "City", "Region")
SET_NOUNS = frozenset(["fabriek", "fabrieken", "ai-fabriek", "ai-fabrieken"])


@dataclass
class Unnamed:
    type: str
    place: str  # entity key of the place
    label: str
    evidence: tuple[int, int]  # the sentence that first describes it
    facts: list[dict] = field(default_factory=list)


def describe(art: Article, sent: Sentence, prev: Sentence | None) -> set[int] | None:
    """Facts of the unnamed facility a sentence is about. None when it is about none (the
    facility rules then look for a named one); else the token starts of the sums of money
    it took, which the money rules leave alone."""
    if sent.of(*FACILITIES):
        return None
    trig = lexicon().triggers
    found = _described(art, sent)
    if not found:
        return set() if _fields_by_place(art, sent, prev) else None
    subject = found[0]
    if len(found) != 1 or subject is None:
        # two of them, or the article names that factory: the ordinary rules speak for it
        return None
    from kennisgraaf.ingest.components.facility_rules import sectors_in

    ev, taken = sent.evidence, set()
    if sent.has(trig["sector"]):
        for sector in sectors_in(sent.span.text):
            _add(subject, "sector", {"text": sector}, ev)
    if sent.has(trig["operational"]) and sent.dates:
        _add(subject, "operationalFrom", sent.dates[0]._.value, ev)
    if sent.has(trig["budget"]) and sent.money and not sent.of(*BUDGETED):
        for money in sent.money:
            _add(subject, "budget", money._.value, ev)
            taken.add(money.start)
    return taken


def _described(art: Article, sent: Sentence) -> list[Unnamed | None]:
    """The facilities the sentence describes by place: an Unnamed, or None where the
    article names the one factory in that place."""
    doc, words, out = art.doc, sent.lower, []
    if sent.words.isdisjoint(HEADS):
        return out  # most sentences: no facility noun to read
    base = sent.span.start
    for k, word in enumerate(words):
        ftype = HEADS.get(word)
        if ftype is None or (word == "fabriek" and k >= 2 and words[k - 1] == "-"
                             and words[k - 2] not in ("ai", "giga")):
            continue
        first = k - 2 if k >= 2 and words[k - 1] == "-" else k
        place = None
        if first >= 1 and doc[base + first - 1].text in lexicon().adjective_country:
            if first >= 2 and words[first - 2] in DETERMINERS:
                place = art.country_of_adjective(base + first - 1)
        elif k + 2 < len(words) and words[k + 1] == "in" and first >= 1 \
                and words[first - 1] in DETERMINERS:
            place = next((m.key for m in sent.of(*PLACES) if m.start == base + k + 2), None)
        if place is not None:
            out.append(_facility(art, ftype, place, sent))
    return out


def _fields_by_place(art: Article, sent: Sentence, prev: Sentence | None) -> bool:
    """"zoals agrovoeding en cyberbeveiliging in Italië, en ruimtevaart in Luxemburg" in a
    sentence (or after one) about the factories' fields: each place's factory gets the
    fields listed just before it."""
    from kennisgraaf.ingest.components.facility_rules import sectors_in

    trig = lexicon().triggers
    about = [s for s in (sent, prev) if s is not None]
    if not any(s.has(trig["sector"]) for s in about) or not any(s.has(SET_NOUNS) for s in about):
        return False
    if prev is not None and prev.of(*FACILITIES) and not sent.has(trig["sector"]):
        return False
    doc, start, told = art.doc, sent.span.start, False
    for m in sent.of(*PLACES):
        if m.start - 1 < start or doc[m.start - 1].lower_ != "in":
            continue
        before = doc[start:m.start - 1].text
        sectors = sectors_in(before)
        if not sectors:
            continue
        subject = _facility(art, "AIFactory", m.key, sent)
        if subject is not None:
            told = True
            for sector in sectors:
                _add(subject, "sector", {"text": sector}, sent.evidence)
        start = m.end
    return told


def _facility(art: Article, ftype: str, place: str, sent: Sentence) -> Unnamed | None:
    named = _named_in(art, ftype, place)
    if named:
        return None
    unnamed: dict[str, Unnamed] = art.unnamed
    key = f"{ftype}@{place}"
    if key not in unnamed:
        label = f"{'AI-fabriek' if ftype == 'AIFactory' else 'supercomputer'} in " \
                f"{art.entities[place].canonical}"
        unnamed[key] = Unnamed(ftype, place, label, sent.evidence)
    return unnamed[key]


def _named_in(art: Article, ftype: str, place: str) -> bool:
    """Whether the article names a facility of that type in that place (directly, or in a
    city of that country)."""
    cities = set(art.subjects("inCountry", place))
    for f in art.facts:
        if f["p"] in ("hostCountry", "locatedIn") and (f["o"] == place or f["o"] in cities) \
                and art.entities[f["s"]].type == ftype:
            return True
    return False


def _add(subject: Unnamed, p: str, o: dict, evidence: tuple[int, int]) -> None:
    fact = {"p": p, "o": o, "evidence": {"start": evidence[0], "end": evidence[1]}}
    if all((f["p"], f["o"]) != (p, o) for f in subject.facts):
        subject.facts.append(fact)
