"""Rules of "kg_relations" for the values of a facility: isUpgrade, operationalFrom and
sector, from sentences and from fact-box lines ("Budget: 70 miljoen euro")."""

from __future__ import annotations

import re

from kennisgraaf.ingest.components.lexicon import fold, lexicon
from kennisgraaf.ingest.components.relation_rules import by_adjective, recent_facility
from kennisgraaf.ingest.components.relations import FACILITIES, Article, Sentence
from kennisgraaf.ingest.components.tables import HEADER_ROLES

SECTOR_WORDS = sorted(lexicon().sectors.items(), key=lambda kv: -len(kv[0]))
# compiled once: sectors_in runs for many sentences of every article
_SECTOR_PATTERNS = [(re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])"), sector)
                    for word, sector in SECTOR_WORDS]
STRUCTURES = frozenset(["fabriek", "supercomputer", "locatie", "faciliteit", "systeem",
                        "datacenter", "gebouw"])

def fact_sheet(art: Article, sent: Sentence) -> bool:
    """"Budget: 70 miljoen euro", "Partners: Spanje, Ierland": a key-value line of a fact
    box, about the facility the article is about."""
    words = sent.lower
    if len(words) < 3 or words[1] != ":":
        return False
    key = fold(words[0])
    role = next((r for r, keys in HEADER_ROLES if any(k in key for k in keys)), None)
    if role is None:
        return False
    subject = recent_facility(art, sent, loose=True)
    if subject is None:
        return False
    ev = sent.evidence
    if role == "budget":
        for money in sent.money:
            art.add(subject.key, "budget", money._.value, ev)
    elif role == "date":
        for date in sent.dates[:1]:
            art.add(subject.key, "operationalFrom", date._.value, ev)
    elif role == "sector":
        for sector in sectors_in(sent.span.text.split(":", 1)[1]):
            art.add(subject.key, "sector", {"text": sector}, ev)
    elif role == "upgrade":
        art.upgrade_votes.setdefault(subject.key, []).append(("upgrade" in words or "nee" in words, ev))
    else:
        preds = {"partners": ("partner",), "country": ("hostCountry",), "city": ("locatedIn",)}
        types = {"partners": ("Country", "Organization", "Company"), "country": ("Country",),
                 "city": ("City",)}
        for m in sent.of(*types.get(role, ())):
            for p in preds[role]:
                art.add(subject.key, p, m.key, ev)
    return True


def facility_values(art: Article, sent: Sentence) -> None:
    """isUpgrade, operationalFrom and sector of the facility a sentence is about."""
    ev, trig = sent.evidence, lexicon().triggers
    named = sent.of("AIFactory") or sent.of(*FACILITIES)
    subject = named[0] if len(named) == 1 else None
    if subject is None and not named:
        subject = by_adjective(art, sent)
    if subject is None and not named:
        topical = sent.has(trig["sector"]) or sent.has(trig["operational"])
        subject = recent_facility(art, sent, loose=topical)
    if subject is None:
        return
    # only an AI factory is an upgrade or new; "de supercomputer krijgt een upgrade" speaks of its factory
    factory = subject if subject.type == "AIFactory" else art.main_facility()
    upgrade = [i for i, w in enumerate(sent.lower) if w in trig["upgrade_true"]]
    if factory is None:
        pass
    elif upgrade:
        negated = any(w in {"geen", "niet", "zonder"} for w in sent.lower[max(0, upgrade[0] - 4):upgrade[0]])
        art.upgrade_votes.setdefault(factory.key, []).append((not negated, ev))
    elif sent.has(trig["upgrade_false"]) and sent.has(STRUCTURES):
        art.upgrade_votes.setdefault(factory.key, []).append((False, ev))
    if sent.has(trig["operational"]) and sent.dates:
        art.add(subject.key, "operationalFrom", sent.dates[0]._.value, ev)
    if sent.has(trig["sector"]) and subject.type == "AIFactory":
        for sector in sectors_in(sent.span.text):
            art.add(subject.key, "sector", {"text": sector}, ev)


def sectors_in(text: str) -> list[str]:
    """The sectors a text names, longest words first ("auto-industrie" before "industrie")."""
    text, found = text.lower(), []
    for pattern, sector in _SECTOR_PATTERNS:
        match = pattern.search(text)
        if match:
            text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
            if sector not in found:
                found.append(sector)
    return found
