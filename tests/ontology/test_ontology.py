"""The ontology: it parses, and says everything the domain contract names."""

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kennisgraaf.ontology.load import ontology, shapes, signature
from kennisgraaf.ontology.namespace import (
    ENTITY_PREDICATES,
    ENTITY_TYPES,
    KG,
    PREDICATES,
    SCHEMA,
    VALUE_PREDICATES,
)
from tests.conftest import shared_path

ONTOLOGY_IRI = URIRef("https://w3id.org/kennisgraaf/ontology")
DETAIL_TERMS = ("Fact", "Investment", "qualifier", "target", "textHash",
                "evidenceText", "evidenceStart", "evidenceEnd")
BEYOND_TERMS = ("UnnamedFacility", "facilityType")  # beyond the domain contract (graph-model.md)


def _labels(term: URIRef) -> dict[str, str]:
    return {o.language: str(o) for o in ontology().objects(term, RDFS.label) if isinstance(o, Literal)}


def _kg_terms(graph) -> set[URIRef]:
    return {t for triple in graph for t in triple
            if isinstance(t, URIRef) and t.startswith(str(KG._NS))}


def test_loaded_once_and_parsed():
    assert ontology() is ontology() and shapes() is shapes()
    assert len(ontology()) > 300 and len(shapes()) > 300


def test_ontology_header():
    g = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert set(_labels(ONTOLOGY_IRI)) == {"nl", "en"}
    assert {o.language for o in g.objects(ONTOLOGY_IRI, RDFS.comment)} == {"nl", "en"}


@pytest.mark.parametrize("name", ENTITY_TYPES + ("Fact", "Investment"))
def test_every_class_is_described_and_reuses_a_vocabulary(name):
    g, term = ontology(), KG[name]
    assert (term, RDF.type, OWL.Class) in g
    assert set(_labels(term)) == {"nl", "en"}
    assert {o.language for o in g.objects(term, RDFS.comment)} == {"nl", "en"}
    parents = set(g.objects(term, RDFS.subClassOf))
    assert parents and all(not p.startswith(str(KG._NS)) for p in parents)


@pytest.mark.parametrize("name", PREDICATES + DETAIL_TERMS[2:])
def test_every_property_has_labels_comment_domain_and_range(name):
    g, term = ontology(), KG[name]
    kinds = set(g.objects(term, RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}
    assert set(_labels(term)) == {"nl", "en"}
    assert {o.language for o in g.objects(term, RDFS.comment)} == {"nl", "en"}
    domain, range_ = signature(name)
    assert domain and (range_ or OWL.DatatypeProperty in kinds)
    if OWL.ObjectProperty in kinds:
        assert not any(r.startswith(str(XSD)) for r in range_)
    else:
        assert all(r.startswith(str(XSD)) for r in range_)


@pytest.mark.parametrize("name, expected", [
    ("budget", {SCHEMA.MonetaryAmount}), ("invests", {KG.Investment}), ("sector", {XSD.string}),
    ("isUpgrade", {XSD.boolean}), ("operationalFrom", {XSD.gYear, XSD.gYearMonth, XSD.date}),
])
def test_value_property_ranges(name, expected):
    assert signature(name)[1] == expected


def test_reuse_of_schema_org():
    g = ontology()
    for child, parent in [(KG.Company, SCHEMA.Corporation), (KG.Organization, SCHEMA.Organization),
                          (KG.Country, SCHEMA.Country), (KG.City, SCHEMA.City),
                          (KG.Person, SCHEMA.Person), (KG.AIModel, SCHEMA.SoftwareApplication),
                          (KG.Investment, SCHEMA.MonetaryAmount), (KG.Fact, RDF.Statement)]:
        assert (child, RDFS.subClassOf, parent) in g


def test_namespace_module_and_ontology_name_the_same_terms():
    declared = {s for s in ontology().subjects(RDF.type, None) if s.startswith(str(KG._NS))}
    named = {KG[n] for n in ENTITY_TYPES + PREDICATES + DETAIL_TERMS + BEYOND_TERMS}
    assert declared == named
    assert set(ENTITY_PREDICATES) | set(VALUE_PREDICATES) == set(PREDICATES)


def test_no_undefined_kg_terms_in_ontology_or_shapes():
    declared = set(ontology().subjects(RDF.type, None))
    for graph in (ontology(), shapes()):
        assert _kg_terms(graph) <= declared


def test_domain_contract_tables_match_the_ontology():
    text = shared_path("domain.md").read_text(encoding="utf-8")
    types = re.findall(r"^\| `(\w+)` \| [^|]+ \| [^|]+ \|$", text, re.MULTILINE)
    assert set(types) == set(ENTITY_TYPES)
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \| ([^|]+) \| [^|]+ \|$", text, re.MULTILINE)
    assert {p for p, _, _ in rows} == set(PREDICATES)
    for p, subjects, objects in rows:
        domain, range_ = signature(p)
        assert domain == {KG[t] for t in re.findall(r"\w+", subjects)}, p
        if p in ENTITY_PREDICATES:
            assert range_ == {KG[t] for t in re.findall(r"[A-Z]\w+", objects)}, p
