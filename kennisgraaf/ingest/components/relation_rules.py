"""Sentence rules of "kg_relations": places, partners, funders, seats, makers, affiliations
(the values of a facility are in :mod:`facility_rules`).

Each rule reads one sentence (and, for a pronoun that opens it, the one before) and adds
facts to the :class:`Article`; trigger words come from ``data/rules/triggers.tsv``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kennisgraaf.ingest.components.lexicon import fold, lexicon, table
from kennisgraaf.ingest.components.relations import (
    AGENTS,
    FACILITIES,
    Article,
    Mention,
    Sentence,
)
from kennisgraaf.ingest.components.sentences import token_strings

LIST_GLUE = frozenset([",", "en", "of", "het", "de", "&", "alsook", "plus"])
RESEARCH = ("universit", "instituut", "institut", "hochschule", "hogeschool", "centrum", "center")
FOUNDED = frozenset(["opgericht", "opgezet", "oprichten", "richten", "opgestart"])
SOURCE_PREPS = frozenset(["uit", "bij"])  # "geld uit het X-fonds", "bij X betrokken"
PLACE_PREPS = frozenset(["in", "naar", "uit", "tegen", "bij", "op", "dan", "te", "vanuit", "over"])
PLACES = ("City", "Country", "Region")
SEAT_WORDS = frozenset(["gevestigd", "hoofdkantoor", "gevestigde", "zetelt", "thuisbasis",
                        "gebaseerd", "basis"])
PRONOUNS = frozenset(["zij", "ze", "hun", "die", "deze", "dat", "dit", "hij", "ook"])
# Words by which a sentence refers back to a facility named shortly before.
FACILITY_NOUNS = frozenset(["fabriek", "ai-fabriek", "supercomputer", "systeem", "machine",
                            "project", "faciliteit", "installatie", "rekencentrum", "datacenter"])
LOOK_BACK = 3  # sentences
ARTICLES = frozenset(["de", "het", "een"])
LOWER_ADJECTIVES = frozenset(a.lower() for a in lexicon().adjective_country)
HOSTED_BY = frozenset(["project", "fabriek", "ai-fabriek", "supercomputer", "faciliteit", "locatie"])


def apply(art: Article, sent: Sentence, prev: Sentence | None) -> None:
    """Every sentence rule of this module, in order."""
    places(art, sent)
    new_vehicle(art, sent, prev)
    located(art, sent)
    partners(art, sent, prev)
    headquarters(art, sent, prev)
    develops(art, sent, prev)
    affiliation(art, sent)


def coordinated(art: Article, sent: Sentence, m: Mention, backwards: bool = False) -> list[Mention]:
    """m and the mentions listed with it ("A, B en het Japanse C")."""
    doc, adjectives = art.doc, lexicon().adjective_country
    ms = sent.mentions
    i = ms.index(m)

    def glued(a: Mention, b: Mention) -> bool:
        gap = doc[a.end:b.start]
        return len(gap) <= 4 and all(t.lower_ in LIST_GLUE or t.text in adjectives for t in gap)

    group = [m]
    j = i
    while j + 1 < len(ms) and glued(ms[j], ms[j + 1]) and ms[j + 1].type in _kin(m.type):
        j += 1
        group.append(ms[j])
    if backwards:
        j = i
        while j > 0 and glued(ms[j - 1], ms[j]) and ms[j - 1].type in _kin(m.type):
            j -= 1
            group.insert(0, ms[j])
    return group


def _kin(type_: str) -> tuple[str, ...]:
    return AGENTS if type_ in AGENTS else (type_,)


def is_place_object(doc: Doc, m: Mention, allowed: frozenset[str] = frozenset()) -> bool:
    """A mention governed by a place preposition ("in de Verenigde Staten"), other than
    the ``allowed`` ones."""
    i = m.start - 1
    while i >= 0 and doc[i].lower_ in ARTICLES:
        i -= 1
    return i >= 0 and doc[i].lower_ in PLACE_PREPS and doc[i].lower_ not in allowed


def _after(doc: Doc, m: Mention, n: int = 1) -> list[str]:
    return [t.lower_ for t in doc[m.end:m.end + n]]


def _after_door(doc: Doc, start: int, reach: int = 4) -> bool:
    """Whether "door" introduces the name at ``start``, across an article, a country
    adjective and lower-case words ("door het Portugese energiebedrijf X")."""
    adjectives = lexicon().adjective_country
    for k in range(start - 1, max(start - 1 - reach, -1), -1):
        word = doc[k]
        if word.lower_ == "door":
            return True
        if not (word.is_lower and word.is_alpha or word.text in adjectives):
            return False
    return False


def places(art: Article, sent: Sentence) -> None:
    """"Stad (Land)", "Stad, Land", "de AI-fabriek X in Stad", a city and its country."""
    doc, ms, ev = art.doc, sent.mentions, sent.evidence
    lex = lexicon()
    for k, m in enumerate(ms):
        nxt = ms[k + 1] if k + 1 < len(ms) else None
        if nxt and nxt.type == "Country":
            gap = [t.text for t in doc[m.end:nxt.start]]
            bracket = gap == ["("] and _after(doc, nxt) == [")"]
            comma = gap == [","] and m.type == "City" and not (k and ms[k - 1].type == "City")
            if bracket or comma:
                if m.type in ("City", "Region"):
                    art.add(m.key, "inCountry", nxt.key, ev)
                elif m.type in FACILITIES:
                    art.add(m.key, "hostCountry", nxt.key, ev)
        if m.type in FACILITIES and nxt and nxt.type in PLACES and nxt.start - m.end <= 3 and \
                doc[nxt.start - 1].lower_ in {"in", "te", "nabij"}:
            art.add(m.key, "hostCountry" if nxt.type == "Country" else "locatedIn", nxt.key, ev)
        if m.type == "City":
            entry = lex.by_key.get(m.key)
            country = lex.country_by_alpha2.get(entry.country) if entry else None
            if country and any(o.key == country for o in ms):
                art.add(m.key, "inCountry", country, ev)
            prior = doc[m.start - 1] if m.start else None
            if prior is not None and prior.text in lex.adjective_country:
                key = art.country_of_adjective(m.start - 1)
                art.add(m.key, "inCountry", key, ev)
    # "Griekenland zal een fabriek opstarten met een supercomputer genaamd X"
    if sent.has(lexicon().triggers["host"]):
        countries = [m for m in ms if m.type == "Country" and not is_place_object(doc, m)]
        facilities = sent.of(*FACILITIES)
        if len(countries) == 1 and facilities and countries[0].start < facilities[0].start:
            for f in facilities:
                art.add(f.key, "hostCountry", countries[0].key, ev)


def new_vehicle(art: Article, sent: Sentence, prev: Sentence | None) -> None:
    """"Daartoe wordt een nieuw bedrijf opgericht: Stargate": the sums pledged in the
    sentence before go to the new firm, which they fund."""
    if prev is None or not sent.has(FOUNDED):
        return
    founded = sent.span.start + next(i for i, w in enumerate(sent.lower) if w in FOUNDED)
    vehicles = [m for m in sent.of("Company", "Organization", "Programme") if m.start > founded]
    if len(vehicles) != 1:
        return
    target = vehicles[0].key
    before = {s.evidence for s in art.sentences[max(0, sent.index - 2):sent.index]}
    for fact in art.facts:
        if fact["p"] == "invests" and fact["target"] is None and fact["evidence"] in before \
                and fact["s"] != target:
            fact["target"] = target




def located(art: Article, sent: Sentence) -> None:
    """"In Wrocław komt de fabriek", "X wordt in Bochum gebouwd": the one city (or country)
    a sentence about one facility puts it in, when nothing placed it yet."""
    doc = art.doc
    named = sent.of(*FACILITIES)
    facility = named[0] if len(named) == 1 else (recent_facility(art, sent) if not named else None)
    if facility is None:
        return
    host = lexicon().triggers["host"]
    for type_, p in (("City", "locatedIn"), ("Country", "hostCountry")):
        # "in Bochum", or the place that gets it: "de stad Bochum krijgt een AI-fabriek: X"
        places_ = [m for m in sent.of(type_) if m.start and doc[m.start - 1].lower_ in {"in", "te", "nabij"}
                   or m.end < len(doc) and doc[m.end].lower_ in host and m.start < facility.start]
        if len(places_) == 1 and not art.objects(facility.key, p):
            art.add(facility.key, p, places_[0].key, sent.evidence)


def _subject_facility(art: Article, sent: Sentence, prev: Sentence | None) -> Mention | None:
    """The facility or body a sentence is about: named in it, "het project in Spanje", or
    the last one named in the sentence before."""
    doc = art.doc
    named = sent.of("AIFactory") or sent.of("Programme")  # a supercomputer has no partners
    if named:
        return named[0]
    for m in sent.of("Country", "City"):
        if is_place_object(doc, m) and any(t.lower_ in HOSTED_BY for t in doc[max(0, m.start - 4):m.start]):
            hosted = art.subjects("hostCountry", m.key) + art.subjects("locatedIn", m.key)
            if len(set(hosted)) == 1:
                return Mention(hosted[0], "AIFactory", m.start, m.end, m.text)
    orgs = [m for m in sent.of("Organization") if doc[m.start - 1].lower_ == "bij"]
    if orgs:
        return orgs[0]
    return by_adjective(art, sent) or recent_facility(art, sent, loose=True)


def by_adjective(art: Article, sent: Sentence) -> Mention | None:
    """"De Oostenrijkse fabriek": the one facility the article places in that country."""
    doc, lex = art.doc, lexicon()
    if sent.words.isdisjoint(HOSTED_BY) and sent.words.isdisjoint(FACILITY_NOUNS):
        return None  # most sentences: no noun the loop below looks for
    for k, word in enumerate(sent.lower[:-1]):
        if sent.lower[k + 1] not in HOSTED_BY and sent.lower[k + 1] not in FACILITY_NOUNS:
            continue
        key = lex.adjective_country.get(doc[sent.span.start + k].text)
        hosted = set(art.subjects("hostCountry", key)) if key else set()
        if len(hosted) == 1:
            (facility,) = hosted
            return Mention(facility, art.entities[facility].type, 0, 0, "")
    return None


def recent_facility(art: Article, sent: Sentence, loose: bool = False) -> Mention | None:
    """The facility a sentence without a name refers to: "De fabriek ...", "Zij ..." -> the
    last one named in the few sentences before (table rows excepted). ``loose``: for a
    sentence whose trigger already says it is about a facility (partners, funders)."""
    words = sent.lower
    refers = words and (words[0] in PRONOUNS or not FACILITY_NOUNS.isdisjoint(words[:8]))
    if not refers and not loose:
        return None
    for back in range(sent.index - 1, max(-1, sent.index - 1 - LOOK_BACK), -1):
        earlier = art.sentences[back]
        if "|" in earlier.lower:
            break
        named = earlier.of(*FACILITIES)
        if named:
            return named[-1]
    return art.main_facility() if loose else None


def partners(art: Article, sent: Sentence, prev: Sentence | None) -> None:
    """Participants of a facility or programme, and who of them pay ("zij doneren ...")."""
    trig = lexicon().triggers
    doc, ev = art.doc, sent.evidence
    if prev is not None and prev.partners and sent.lower and \
            sent.lower[0] in {"zij", "ze", "hun", "die", "deze"} and sent.has(trig["funded_weak"]):
        subject, members = prev.partners
        for m in members:
            art.add(subject, "fundedBy", m, (prev.span.start_char, sent.span.end_char))
    partner = sent.has(trig["partner"])
    funded = sent.has(trig["fundedBy"])
    if not (partner or funded):
        return
    subject = _subject_facility(art, sent, prev)
    if subject is None:
        return
    own = set(art.objects(subject.key, "hostCountry")) | set(art.objects(subject.key, "locatedIn"))
    members = [m for m in sent.mentions if m.type in ("Country", "Organization", "Company", "Programme")
               and m.key != subject.key and not is_place_object(doc, m, SOURCE_PREPS)]
    if not members:
        return
    for m in members:
        if m.key in own and not funded:
            continue
        research = m.type == "Organization" and any(w in fold(m.text) for w in RESEARCH)
        payer = _after_door(doc, m.start)
        if funded and (m.type == "Company" or research) and subject.type == "AIFactory" \
                and not partner and not payer:
            continue  # firms and research bodies take part in a factory; states and funds pay,
            # unless the sentence names the firm as the payer ("gefinancierd door het bedrijf X")
        if partner and not payer and m.key not in own and not (funded and not sent.has({"partner", "partners", "betrokken"})):
            art.add(subject.key, "partner", m.key, ev)
        if funded:
            art.add(subject.key, "fundedBy", m.key, ev)
    sent.partners = (subject.key, [m.key for m in members])  # for "zij" in the next sentence


def headquarters(art: Article, sent: Sentence, prev: Sentence | None) -> None:
    """"X uit Land", "het Franse X", "Amerikaanse aanbieders als A, B en C", "Dat is Frans"."""
    doc, ev, lex = art.doc, sent.evidence, lexicon()
    firms = ("Company", "Organization")
    for k, m in enumerate(sent.mentions):
        if m.type not in PLACES or k == 0 or m.start < 2:
            continue
        before = doc[m.start - 1].lower_
        seat = before == "uit" or (before == "in" and doc[m.start - 2].lower_ in SEAT_WORDS)
        firm = sent.mentions[k - 1]
        if seat and firm.type in firms and m.start - firm.end <= 8 and \
                not any(t.text in {".", ";", ":"} for t in doc[firm.end:m.start]):
            for f in coordinated(art, sent, firm, backwards=True):
                art.add(f.key, "headquarteredIn", m.key, ev)
        # "het in Graz gevestigde X"
        after = sent.mentions[k + 1] if k + 1 < len(sent.mentions) else None
        if before == "in" and after is not None and after.type in firms and \
                doc[m.end].lower_ in {"gevestigde", "gebaseerde"} and after.start == m.end + 1:
            art.add(after.key, "headquarteredIn", m.key, ev)
    starts = {m.start: m for m in sent.mentions}
    if sent.words.isdisjoint(LOWER_ADJECTIVES):
        return
    orth = token_strings(doc, "ORTH")
    for i in range(sent.span.start, sent.span.end):
        if orth[i] not in lex.adjective_country or not orth[i].endswith("e"):
            continue
        j = i + 1
        while j < sent.span.end and j - i <= 4 and j not in starts and (
                doc[j].is_lower and not doc[j].is_stop or doc[j].text == "-"
                or doc[j].lower_ in {"als", "zoals"}):
            j += 1
        m = starts.get(j)
        if m is None or m.type not in firms:
            continue
        key = art.country_of_adjective(i)
        for f in coordinated(art, sent, m):
            if f.type in firms:
                art.add(f.key, "headquarteredIn", key, ev)
    # "Dat is Frans": the firm the sentence before was about
    words = sent.lower
    if prev is not None and len(words) >= 3 and words[0] in {"dat", "het", "dit", "die"} \
            and words[1] == "is":
        base = doc[sent.span.start + 2].text
        match = next((key for adj, key in lex.adjective_country.items()
                      if adj == base and not adj.endswith("e")), None)
        firm = prev.of("Company")
        if match and firm:
            key = art.country_of_adjective(sent.span.start + 2)
            art.add(firm[-1].key, "headquarteredIn", key, (prev.span.start_char, sent.span.end_char))


def develops(art: Article, sent: Sentence, prev: Sentence | None) -> None:
    """"Y van X", "X's Y", "X, bekend van Y", "X ontwikkelt Y", "het bedrijf achter Y"."""
    doc, ev = art.doc, sent.evidence
    makers = ("Company", "Organization")
    ms = sent.mentions
    trig = lexicon().triggers["develops"]
    for k, m in enumerate(ms):
        if m.type != "AIModel":
            continue
        nxt = ms[k + 1] if k + 1 < len(ms) else None
        if nxt and nxt.type in makers and nxt.start - m.end <= 7 and \
                doc[nxt.start - 1 - (doc[nxt.start - 1].lower_ in ARTICLES)].lower_ in {"van", "door"} \
                and not any(t.text in {".", ";", ":"} or t.lower_ in {"en", "dat", "die"}
                            for t in doc[m.end:nxt.start]):
            art.add(nxt.key, "develops", m.key, ev)
        before = ms[k - 1] if k else None
        if before and before.type in makers and m.start - before.end <= 4:
            gap = [t.lower_ for t in doc[before.end:m.start]]
            genitive = before.text.endswith("s") and \
                not art.entities[before.key].canonical.endswith("s")  # "Anthropics AI-dienst"
            if gap[:1] in (["'s"], ["’s"]) or genitive:
                art.add(before.key, "develops", m.key, ev)
    for k, m in enumerate(ms):
        if m.type not in makers:
            continue
        models = [o for o in ms[k + 1:] if o.type == "AIModel"]
        if not models:
            continue
        gap = [t.lower_ for t in doc[m.end:models[0].start]]
        if len(gap) <= 12 and any(w in trig for w in gap) and not any(
                o.type in makers for o in ms[k + 1:ms.index(models[0])]) or "naam" in gap and len(gap) <= 10:
            art.add(m.key, "develops", models[0].key, ev)
    # "Ook dat heeft eigen modellen onder de naam Y": the firm of the sentence before
    if prev is not None and not sent.of(*makers) and sent.has({"naam", "ontwikkelt", "maakt", "bouwt"}) \
            and sent.lower[0] in PRONOUNS:
        firm, models = prev.of("Company"), sent.of("AIModel")
        if firm and models:
            art.add(firm[-1].key, "develops", models[0].key, (prev.span.start_char, sent.span.end_char))


def affiliation(art: Article, sent: Sentence) -> None:
    """"P van O", "P, hoogleraar aan O en onderzoeker bij O2", "O-oprichter P", "Commissievoorzitter P"."""
    doc, ev, lex = art.doc, sent.evidence, lexicon()
    bodies = ("Organization", "Company")
    ms = sent.mentions
    for k, p in enumerate(ms):
        if p.type != "Person":
            continue
        nxt = ms[k + 1] if k + 1 < len(ms) else None
        if nxt and nxt.type in bodies and nxt.start - p.end <= 3 and \
                doc[p.end].lower_ in {"van", "bij", "("}:
            art.add(p.key, "affiliation", nxt.key, ev)
        if p.end < sent.span.end and doc[p.end].text == ",":
            stop = next((t.i for t in doc[p.end + 1:sent.span.end]
                         if t.text in {",", ".", ":", "‘", "'", "“"}), sent.span.end)
            for o in ms[k + 1:]:
                if o.start >= stop:
                    break
                if o.type in bodies and doc[o.start - 1].lower_ in {"aan", "van", "bij", "de", "het"}:
                    art.add(p.key, "affiliation", o.key, ev)
        if k and ms[k - 1].type in bodies and p.start - ms[k - 1].end <= 3:
            gap = [t.lower_ for t in doc[ms[k - 1].end:p.start]]
            if gap and gap[0] == "-" and gap[-1] in lex.cues_before:
                art.add(p.key, "affiliation", ms[k - 1].key, ev)
        title = doc[p.start - 1].lower_ if p.start else ""
        body = _TITLE_BODIES.get(title)
        if body and body in art.entities:
            art.add(p.key, "affiliation", body, ev)


_TITLE_BODIES = {r["title"]: f"{r['type']}|{r['label']}" for r in table("rules", "title_orgs.tsv")}






def chain(art: Article) -> None:
    """A city whose country the article names lies in it; a facility in a city of a
    stated country is hosted by that country; a target of an investment is funded by it."""
    lex = lexicon()
    for key, votes in art.upgrade_votes.items():
        if not art.objects(key, "isUpgrade"):  # a table row says it outright
            value = any(v for v, _ in votes)  # an upgrade named anywhere outweighs "nieuw"
            art.add(key, "isUpgrade", {"bool": value}, next(ev for v, ev in votes if v == value))
    for fact in list(art.facts):
        target = fact.get("target")
        if fact["p"] == "invests" and target and art.entities.get(target) and \
                art.entities[target].type in ("AIFactory", "Programme", "Organization", "Company"):
            art.add(target, "fundedBy", fact["s"], fact["evidence"])
    for fact in list(art.facts):
        if fact["p"] != "locatedIn" or not isinstance(fact["o"], str):
            continue
        entry = lex.by_key.get(fact["o"])
        known = lex.country_by_alpha2.get(entry.country) if entry and entry.type == "City" else None
        stated = art.objects(fact["o"], "inCountry") or ([known] if known in art.entities else [])
        for country in stated:
            if not art.objects(fact["s"], "hostCountry") and fold(country):
                art.add(fact["s"], "hostCountry", country, fact["evidence"])
