"""The SHACL shapes and validate(): what passes, what is a violation, what a warning."""

import re
from pathlib import Path

import pycountry
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH

from kennisgraaf.ontology.load import shapes
from kennisgraaf.ontology.namespace import ID, KG, SCHEMA
from kennisgraaf.ontology.validate import ValidationReport, validate

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "mapping" / "noordlicht.ttl"
FACTORY = ID["aifactory/noordlicht"]
CITY = ID["city/tromso"]
RANGE_BUDGET = URIRef("https://w3id.org/kennisgraaf/value/5c5de22b9b2e9d40")


@pytest.fixture
def graph() -> Graph:
    return Graph().parse(GOLDEN)


def _results(report: ValidationReport, severity: str) -> list[str]:
    return re.findall(rf"^{severity}: (.*)$", report.text, re.MULTILINE)


def test_golden_graph_conforms(graph):
    report = validate(graph)
    assert (report.conforms, report.violations, report.warnings) == (True, 0, 0)
    assert report.text.startswith("conforms")


def test_broken_graph_gives_the_right_violations(graph):
    graph.add((FACTORY, KG.hostCountry, CITY))  # a city is no host country (and has no fact record)
    graph.remove((RANGE_BUDGET, SCHEMA.currency, None))  # money without currency
    fact = next(graph.subjects(RDF.predicate, KG.partner))
    graph.remove((fact, PROV.wasDerivedFrom, None))  # fact without article
    report = validate(graph)
    assert not report.conforms and report.warnings == 0
    found = _results(report, "Violation")
    assert any("aifactory/noordlicht" in f and "kg:hostCountry" in f and "city/tromso" in f for f in found)
    assert "must be a kg:Country" in report.text
    assert "No kg:Fact record" in report.text  # the added triple is not traceable
    assert any(str(RANGE_BUDGET) in f and "schema:currency" in f for f in found)
    assert any(str(fact) in f and "prov:wasDerivedFrom" in f for f in found)
    assert report.violations == len(found) == 5  # hostCountry also breaks the partner fact's trace


@pytest.mark.parametrize("change, message", [
    (lambda g: g.set((RANGE_BUDGET, SCHEMA.currency, Literal("EURO"))), "ISO 4217"),
    (lambda g: g.set((RANGE_BUDGET, SCHEMA.currency, Literal("XYZ"))), "ISO 4217"),
    (lambda g: g.set((RANGE_BUDGET, SCHEMA.value, Literal("1e8"))), "xsd:decimal"),
    (lambda g: g.remove((RANGE_BUDGET, SCHEMA.minValue, None)), "range needs"),
    (lambda g: g.set((RANGE_BUDGET, KG.qualifier, Literal("ongeveer"))), "kg:qualifier"),
    (lambda g: [g.set((f, KG.evidenceStart, Literal(500))) for f in g.subjects(RDF.type, KG.Fact)],
     "below kg:evidenceEnd"),
    (lambda g: g.remove((None, KG.evidenceText, None)), "kg:evidenceText"),
    (lambda g: g.remove((CITY, RDFS.label, None)), "rdfs:label"),
    (lambda g: g.set((CITY, RDFS.label, Literal("Tromsø"))), "language tag"),
    (lambda g: g.remove((None, KG.textHash, None)), "kg:textHash"),
    (lambda g: g.add((ID["country/noorwegen"], KG.partner, ID["country/zweden"])), "subject of kg:partner"),
    (lambda g: g.set((FACTORY, KG.sector, Literal(3))), "datatype xsd:string"),
])
def test_each_rule_is_enforced(graph, change, message):
    change(graph)
    report = validate(graph)
    assert not report.conforms and message in report.text, report.text


def test_a_missing_host_country_is_only_a_warning(graph):
    graph.remove((FACTORY, KG.hostCountry, None))
    graph.remove((next(graph.subjects(RDF.predicate, KG.hostCountry)), None, None))
    report = validate(graph)
    assert report.conforms and report.warnings == 1
    assert "no host country" in report.text and _results(report, "Warning")


def test_two_labels_in_one_language_is_a_warning(graph):
    graph.add((FACTORY, RDFS.label, Literal("AI-fabriek Noordlicht", lang="nl")))
    report = validate(graph)
    assert report.conforms and report.warnings == 1 and "skos:altLabel" in report.text


def test_a_dataset_is_validated_as_the_union_of_its_graphs(graph):
    ds = Dataset()
    article = URIRef("https://w3id.org/kennisgraaf/article/900_noordlicht")
    facts = {t for t in graph if (t[0], RDF.type, KG.Fact) in graph}
    ds.graph(article).__iadd__(t for t in graph if t not in facts)
    ds.graph(URIRef("urn:x-test:facts")).__iadd__(facts)
    assert validate(ds).conforms
    ds.remove_graph(ds.graph(URIRef("urn:x-test:facts")))
    report = validate(ds)
    assert not report.conforms and "No kg:Fact record" in report.text


def test_currency_pattern_is_iso_4217():
    pattern = next(str(o) for o in shapes().objects(None, SH.pattern) if "EUR" in o)
    codes = set(pattern.strip("^$()").split("|"))
    assert codes == {c.alpha_3 for c in pycountry.currencies} or codes >= {"EUR", "USD", "GBP", "CHF"}
    assert all(re.fullmatch("[A-Z]{3}", c) for c in codes)
