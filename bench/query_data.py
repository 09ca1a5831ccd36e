"""The query benchmark's material: synthetic quads in the graph model's shape, five
analytical queries, and the package's canned questions with parameters to match.

The quads follow docs/graph-model.md: one named graph per article with its
metadata, the entities it mentions (type, label, alias), direct triples with a
fact record each (PROV-O source, evidence sentence and offsets) and money value
nodes. Popular factories recur across many articles, as in real news.
"""

import random

from rdflib import Literal, URIRef
from rdflib.term import Node

from kennisgraaf.ontology.iris import slug, value_iri
from kennisgraaf.ontology.namespace import ARTICLE, FACT, ID, PREFIXES

_KG = PREFIXES["kg"]
_RDF = PREFIXES["rdf"]
_S = PREFIXES["schema"]
_XSD = PREFIXES["xsd"]
_TYPE = f"<{_RDF}type>"
_LABEL = f"<{PREFIXES['rdfs']}label>"
_ALT = f"<{PREFIXES['skos']}altLabel>"

COUNTRIES = ["Finland", "Duitsland", "Griekenland", "Italië", "Spanje", "Zweden", "Polen",
             "Oostenrijk", "Portugal", "Ierland", "Denemarken", "Tsjechië", "Slovenië",
             "Hongarije", "Roemenië", "Bulgarije", "Kroatië", "Estland", "Letland", "Litouwen",
             "Nederland", "België", "Frankrijk", "Luxemburg", "Slowakije", "Cyprus", "Malta"]
_SYLLABLES = ["kor", "val", "min", "tes", "dar", "lun", "vor", "ael", "bri", "sto", "nex",
              "qua", "ril", "zen", "hol", "mar", "tiv", "gon", "pel", "rax", "oss", "ume"]
SECTORS = ["health", "climate", "space", "cybersecurity", "agrifood", "finance", "energy",
           "mobility", "manufacturing", "education"]
ARTICLES_PER_TRIPLE = 1 / 190  # measured: an article of this generator is ~190 quads

ANALYTICAL = {
    # aggregates over a join, de-duplicated first: the union of the article graphs
    # repeats an entity's type and label once per article that mentions it.
    "budget_per_country": """
SELECT ?country (COUNT(DISTINCT ?f) AS ?factories) (SUM(?v) AS ?total) (AVG(?v) AS ?mean)
WHERE { { SELECT DISTINCT ?f ?country ?b ?v WHERE {
  ?f a kg:AIFactory ; kg:hostCountry ?country ; kg:budget ?b . ?b schema:value ?v } } }
GROUP BY ?country ORDER BY DESC(?total)""",
    # a six-way join through the fact records: who partners where, said by which article.
    # The country is looked up once (DISTINCT): its label recurs in every article about it.
    "partner_evidence": """
SELECT DISTINCT ?factory ?name ?partner ?article ?date ?evidence WHERE {
  { SELECT DISTINCT ?host WHERE { ?host rdfs:label "Duitsland"@nl } }
  ?factory kg:hostCountry ?host ; rdfs:label ?name .
  ?fact a kg:Fact ; rdf:subject ?factory ; rdf:predicate kg:partner ; rdf:object ?partner ;
        prov:wasDerivedFrom ?article ; kg:evidenceText ?evidence .
  ?article schema:datePublished ?date .
} ORDER BY DESC(?date) ?name""",
    # property paths: everything that lies, is based or is hosted in a country, transitively
    "things_per_country": """
SELECT ?country (COUNT(DISTINCT ?thing) AS ?things) WHERE {
  ?country a kg:Country .
  ?thing (kg:locatedIn|kg:hostCountry|kg:headquarteredIn)/kg:inCountry* ?country .
} GROUP BY ?country ORDER BY DESC(?things)""",
    # OPTIONAL: every factory with whatever the graph knows about it. Each OPTIONAL is a
    # DISTINCT sub-select, because the union repeats a fact once per article that states it
    # and a plain OPTIONAL chain would multiply those repeats.
    "factory_profile": """
SELECT ?f ?name ?budget ?from ?sector WHERE {
  { SELECT DISTINCT ?f ?name WHERE { ?f a kg:AIFactory ; rdfs:label ?name } }
  OPTIONAL { SELECT DISTINCT ?f ?budget WHERE { ?f kg:budget/schema:value ?budget } }
  OPTIONAL { SELECT DISTINCT ?f ?from WHERE { ?f kg:operationalFrom ?from } }
  OPTIONAL { SELECT DISTINCT ?f ?sector WHERE { ?f kg:sector ?sector } }
} ORDER BY ?name""",
    # FILTER with regex and numbers: large investments by companies with a name pattern
    "regex_investments": """
SELECT DISTINCT ?company ?name ?amount ?target WHERE {
  ?company a kg:Company ; rdfs:label|skos:altLabel ?name ; kg:invests ?inv .
  ?inv schema:value ?amount ; kg:target ?target .
  FILTER(REGEX(?name, "^(kor|val|min|nex)", "i") && ?amount >= 100000000)
} ORDER BY DESC(?amount)""",
}


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


class _Pool:
    """Invented entities of one type: IRIs and labels, with a skewed popularity."""

    def __init__(self, rng: random.Random, type_: str, n: int, parts: int, suffix: str = ""):
        self.type = f"<{_KG}{type_}>"
        names = {f"{_name(rng, parts)}{suffix}" for _ in range(n * 2)}
        self.labels = sorted(names)[:n]
        rng.shuffle(self.labels)
        self.iris = [f"<{ID}{type_.lower()}/{slug(lab)}>" for lab in self.labels]

    def pick(self, rng: random.Random) -> int:
        return int(len(self.iris) * rng.random() ** 2)  # low indices are the famous ones


def synthetic_nquads(triples: int, rng: random.Random) -> tuple[bytes, dict[str, Node]]:
    """About ``triples`` quads as N-Quads, and a typical entity of each type (for parameters)."""
    articles = max(2, round(triples * ARTICLES_PER_TRIPLE))
    countries = [f"<{ID}country/{slug(c)}>" for c in COUNTRIES]
    factories = _Pool(rng, "AIFactory", max(3, articles // 4), 3)
    cities = _Pool(rng, "City", 80, 2, "stad")
    companies = _Pool(rng, "Company", max(5, articles // 3), 2, " AI")
    people = _Pool(rng, "Person", max(5, articles // 2), 2, " Verbeek")
    supers = _Pool(rng, "Supercomputer", max(3, articles // 4), 2)
    host = [rng.randrange(len(countries)) for _ in factories.iris]
    city_country = [rng.randrange(len(countries)) for _ in cities.iris]
    lines: list[str] = []
    for i in range(articles):
        lines.extend(_article(i, rng, countries, factories, cities, companies, people, supers,
                              host, city_country))
    data = "".join(lines).encode("utf-8")
    # the most-mentioned factory, its host country, an article about it, a fact's predicate
    typical = {"AIFactory": URIRef(factories.iris[0][1:-1]),
               "Country": URIRef(countries[host[0]][1:-1]),
               "article": URIRef(f"{ARTICLE}{_first_about(lines, factories.iris[0])}"),
               "string": Literal("hostCountry"), "object": URIRef(countries[host[0]][1:-1]),
               "Company": URIRef(companies.iris[0][1:-1]), "Person": URIRef(people.iris[0][1:-1]),
               "City": URIRef(cities.iris[0][1:-1]),
               "Supercomputer": URIRef(supers.iris[0][1:-1])}
    return data, typical


def _first_about(lines: list[str], iri: str) -> str:
    """The id of the first article that mentions ``iri``."""
    for line in lines:
        if line.startswith(iri + " "):
            return line.rsplit("<", 1)[1].split(">")[0].rsplit("/", 1)[1]
    return "ART000000"


def _value(s: str, p: str, amount: int, qualifier: str, target: str | None = None) -> str:
    """A money value node named by content, as ingest names it (articles share it)."""
    return "<" + str(value_iri({"s": s[1:-1], "p": p, "amount": str(amount), "currency": "EUR",
                            "qualifier": qualifier, "target": target and target[1:-1]})) + ">"


def _lit(text: str, lang: str | None = "nl", dtype: str | None = None) -> str:
    if dtype:
        return f'"{text}"^^<{_XSD}{dtype}>'
    return f'"{text}"@{lang}' if lang else f'"{text}"'


def _article(i, rng, countries, factories, cities, companies, people, supers, host,
             city_country) -> list[str]:
    art = f"ART{i:06d}"
    g = f"<{ARTICLE}{art}>"
    f = factories.pick(rng)
    fac, country = factories.iris[f], countries[host[f]]
    c = rng.randrange(len(cities.iris))
    city, city_c = cities.iris[c], countries[city_country[c]]
    partners = rng.sample(countries, 3)
    co, pe, su = companies.pick(rng), people.pick(rng), supers.pick(rng)
    company, person, sup = companies.iris[co], people.iris[pe], supers.iris[su]
    year, month = rng.randint(2023, 2026), rng.randint(1, 12)
    out: list[str] = []

    def q(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o} {g} .\n")

    q(g, _TYPE, f"<{_S}NewsArticle>")
    q(g, f"<{_S}identifier>", _lit(art, None))
    q(g, f"<{_S}headline>", _lit(f"{factories.labels[f]} wordt AI-fabriek in {cities.labels[c]}"))
    q(g, f"<{_S}datePublished>", _lit(f"{year}-{month:02d}", dtype="gYearMonth"))
    q(g, f"<{_S}url>", f"<https://nieuws.example/{i}>")
    q(g, f"<{_S}inLanguage>", _lit("nl", None))
    q(g, f"<{_KG}textHash>", _lit(f"{rng.getrandbits(128):032x}", None))
    entities = [(fac, factories, f), (city, cities, c), (company, companies, co),
                (person, people, pe), (sup, supers, su)]
    for iri, pool, k in entities:
        q(g, f"<{_S}mentions>", iri)
        q(iri, _TYPE, pool.type)
        q(iri, _LABEL, _lit(pool.labels[k]))
        if rng.random() < 0.5:
            q(iri, _ALT, _lit(pool.labels[k].split(" ")[0].upper()))
    for iri in {country, city_c, *partners}:
        q(g, f"<{_S}mentions>", iri)
        q(iri, _TYPE, f"<{_KG}Country>")
        q(iri, _LABEL, _lit(COUNTRIES[countries.index(iri)]))
    budget = rng.choice([35, 48, 85, 120, 240, 450, 600]) * 1_000_000
    invest = rng.choice([12, 60, 150, 310, 900]) * 1_000_000
    qualifier = rng.choice(["exact", "min", "approx"])
    bnode = _value(fac, "budget", budget, qualifier)
    inode = _value(company, "invests", invest, "exact", fac)
    for s, p, o in [(bnode, _TYPE, f"<{_S}MonetaryAmount>"), (inode, _TYPE, f"<{_S}MonetaryAmount>"),
                    (inode, _TYPE, f"<{_KG}Investment>"), (inode, f"<{_KG}target>", fac),
                    (bnode, f"<{_S}value>", _lit(str(budget), dtype="decimal")),
                    (inode, f"<{_S}value>", _lit(str(invest), dtype="decimal")),
                    (bnode, f"<{_S}currency>", _lit("EUR", None)),
                    (inode, f"<{_S}currency>", _lit("EUR", None)),
                    (bnode, f"<{_KG}qualifier>", _lit(qualifier, None)),
                    (inode, f"<{_KG}qualifier>", _lit("exact", None))]:
        q(s, p, o)
    facts = [(fac, "hostCountry", country), (fac, "locatedIn", city), (city, "inCountry", city_c),
             (sup, "hostCountry", country), (sup, "locatedIn", city),
             (company, "headquarteredIn", countries[rng.randrange(len(countries))]),
             (person, "affiliation", company), (fac, "budget", bnode), (company, "invests", inode),
             (fac, "sector", _lit(rng.choice(SECTORS), None)),
             (fac, "isUpgrade", _lit(rng.choice(["true", "false"]), dtype="boolean")),
             (fac, "operationalFrom", _lit(str(year + rng.randint(0, 2)), dtype="gYear"))]
    facts += [(fac, "partner", p) for p in partners]
    start = 0
    for n, (s, p, o) in enumerate(facts):
        pred = f"<{_KG}{p}>"
        rec = f"<{FACT}{art}/{n:02d}>"
        end = start + rng.randint(60, 200)
        q(s, pred, o)
        q(rec, _TYPE, f"<{_KG}Fact>")
        q(rec, f"<{_RDF}subject>", s)
        q(rec, f"<{_RDF}predicate>", pred)
        q(rec, f"<{_RDF}object>", o)
        q(rec, f"<{PREFIXES['prov']}wasDerivedFrom>", g)
        q(rec, f"<{_KG}evidenceText>", _lit(_sentence(rng), None))
        q(rec, f"<{_KG}evidenceStart>", _lit(str(start), dtype="integer"))
        q(rec, f"<{_KG}evidenceEnd>", _lit(str(end), dtype="integer"))
        start = end + 1
    return out


_WORDS = ["de", "het", "een", "fabriek", "rekenkracht", "budget", "miljoen", "euro", "land", "partner", "bedrijf", "onderzoek", "gebruikers", "supercomputer", "Europese", "Commissie", "investering", "model", "jaar", "volgens"]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."


def canned_queries(typical: dict[str, Node]) -> list[tuple[str, str, dict[str, Node]]]:
    """The package's canned questions, each with its parameters bound to typical synthetic
    terms (an entity of the first type the parameter allows that the data has)."""
    try:
        from kennisgraaf.queries.catalogue import load_catalogue
    except ImportError:
        return []
    out = []
    for query in load_catalogue().values():
        bindings = {}
        for p in query.params:
            kinds = p.type.split("|")
            term = typical.get(p.name) or next((typical[k] for k in kinds if k in typical), None)
            if term is None and p.default is not None:
                term = Literal(p.default.lower() in ("true", "1")) if "boolean" in kinds \
                    else Literal(p.default)
            bindings[p.name] = term if term is not None else Literal(True)
        out.append((query.id, query.sparql, bindings))
    return out
