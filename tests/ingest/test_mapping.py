"""The mapping from one extraction result to its article's named graph."""

import copy
import hashlib
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kennisgraaf.errors import ArticleError
from kennisgraaf.ingest.mapping import article_graph
from kennisgraaf.ontology.iris import article_iri, entity_iri
from kennisgraaf.ontology.namespace import KG, SCHEMA
from kennisgraaf.ontology.validate import validate

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "mapping" / "noordlicht.ttl"

# An invented article: offsets below are sentence bounds in this text.
TEXT = ("De AI-fabriek Noordlicht in Tromsø (Noorwegen) krijgt tussen 80 en 120 miljoen euro. "
        "Partners zijn Zweden, de Universiteit van Tromsø en Polarsoft. "
        "Polarsoft investeert 15 miljoen euro in Noordlicht. "
        "Noordlicht richt zich op klimaat en is een nieuwe installatie, operationeel vanaf maart 2026.")
S1, S2, S3, S4 = {"start": 0, "end": 84}, {"start": 85, "end": 147}, \
    {"start": 148, "end": 199}, {"start": 200, "end": 293}


def result() -> dict:
    return {
        "article": {"id": "900_noordlicht", "title": "Noordlicht krijgt AI-fabriek", "date": "2025-11",
                    "source": "https://example.org/noordlicht", "language": "nl", "text": TEXT},
        "entities": [
            {"id": "e1", "type": "AIFactory", "label": "Noordlicht",
             "aliases": ["Noordlicht", "AI-fabriek Noordlicht"], "mentions": [{"start": 14, "end": 24}]},
            {"id": "e2", "type": "City", "label": "Tromsø", "aliases": ["Tromsø"]},
            {"id": "e3", "type": "Country", "label": "Noorwegen", "aliases": ["Noorwegen"],
             "sameAs": ["http://www.wikidata.org/entity/Q20"], "labels": {"en": "Norway", "nl": "Noorwegen"}},
            {"id": "e4", "type": "Country", "label": "Zweden", "aliases": ["Zweden"]},
            {"id": "e5", "type": "Organization", "label": "Universiteit van Tromsø",
             "canonical": "UiT Noorges arktiske universitet", "aliases": ["Universiteit van Tromsø"]},
            {"id": "e6", "type": "Company", "label": "Polarsoft", "aliases": ["Polarsoft"]},
        ],
        "facts": [
            {"s": "e1", "p": "locatedIn", "o": "e2", "evidence": S1},
            {"s": "e2", "p": "inCountry", "o": "e3", "evidence": S1},
            {"s": "e1", "p": "hostCountry", "o": "e3", "evidence": S1},
            {"s": "e1", "p": "budget", "evidence": S1,
             "o": {"amount": 100000000, "min": 80000000, "max": 120000000,
                   "currency": "EUR", "qualifier": "range"}},
            {"s": "e1", "p": "partner", "o": "e4", "evidence": S2},
            {"s": "e1", "p": "partner", "o": "e5", "evidence": S2},
            {"s": "e1", "p": "partner", "o": "e6", "evidence": S2},
            {"s": "e6", "p": "invests", "o": {"amount": 15000000, "currency": "EUR"},
             "target": "e1", "evidence": S3},
            {"s": "e1", "p": "sector", "o": {"text": "climate"}, "evidence": S4},
            {"s": "e1", "p": "isUpgrade", "o": {"bool": False}, "evidence": S4},
            {"s": "e1", "p": "operationalFrom", "o": {"date": "2026-03"}, "evidence": S4},
        ],
    }


def test_golden_graph():
    mapped = article_graph(result())
    expected = Graph().parse(GOLDEN)
    if not isomorphic(mapped.graph, expected):
        _, only_mapped, only_expected = graph_diff(to_isomorphic(mapped.graph), to_isomorphic(expected))
        pytest.fail("mapped graph differs from the golden file\nonly mapped:\n"
                    + only_mapped.serialize(format="nt") + "only expected:\n"
                    + only_expected.serialize(format="nt"))
    assert mapped.graph.identifier == article_iri("900_noordlicht")
    assert (mapped.facts, mapped.skipped, mapped.warnings) == (11, 0, ())


def test_mapped_graph_conforms_to_shapes():
    report = validate(article_graph(result()).graph)
    assert report.conforms, report.text
    assert report.warnings == 0, report.text


def test_mapping_is_deterministic_and_has_no_blank_nodes():
    first, second = article_graph(result()).graph, article_graph(result()).graph
    assert set(first) == set(second)
    assert not any(isinstance(term, BNode) for triple in first for term in triple)


def test_text_can_be_passed_instead_of_carried():
    r = result()
    del r["article"]["text"]
    assert set(article_graph(r, text=TEXT).graph) == set(article_graph(result()).graph)
    with pytest.raises(ArticleError, match="text"):
        article_graph(r)


def test_text_hash_comes_from_ingest_or_the_text():
    art = article_iri("900_noordlicht")
    assert article_graph(result()).graph.value(art, KG.textHash) == Literal(
        hashlib.sha256(TEXT.encode()).hexdigest())
    r = result()
    r["article"]["hash"] = "ab" * 32
    assert article_graph(r).graph.value(art, KG.textHash) == Literal("ab" * 32)


def test_given_iri_is_used_and_canonical_label_wins():
    r = result()
    stored = "https://w3id.org/kennisgraaf/id/country/norge"
    r["entities"][2]["iri"] = stored
    g = article_graph(r).graph
    assert (URIRef(stored), RDF.type, KG.Country) in g
    assert (entity_iri("AIFactory", "Noordlicht"), KG.hostCountry, URIRef(stored)) in g
    uit = entity_iri("Organization", "UiT Noorges arktiske universitet")
    assert g.value(uit, RDFS.label) == Literal("UiT Noorges arktiske universitet", lang="nl")
    assert set(g.objects(uit, SKOS.altLabel)) == {Literal("Universiteit van Tromsø", lang="nl")}


@pytest.mark.parametrize("date, datatype", [
    ("2025", XSD.gYear), ("2025-11", XSD.gYearMonth), ("2025-11-03", XSD.date),
])
def test_publication_date_is_typed_by_its_shape(date, datatype):
    r = result()
    r["article"]["date"] = date
    value = article_graph(r).graph.value(article_iri("900_noordlicht"), SCHEMA.datePublished)
    assert value == Literal(date, datatype=datatype)


@pytest.mark.parametrize("fact, reason", [
    ({"s": "e2", "p": "partner", "o": "e4"}, "subject is a kg:City"),
    ({"s": "e1", "p": "hostCountry", "o": "e2"}, "object is a kg:City"),
    ({"s": "e1", "p": "develops", "o": "e6"}, "subject is a kg:AIFactory"),
    ({"s": "e1", "p": "partner", "o": "e99"}, "unknown object"),
    ({"s": "e1", "p": "owns", "o": "e6"}, "unknown predicate"),
    ({"s": "e1", "p": "budget", "o": {"amount": 5, "currency": "EURO"}}, "ISO 4217"),
    ({"s": "e1", "p": "budget", "o": {"amount": 5, "currency": "EUR", "qualifier": "range"}}, "range"),
    ({"s": "e1", "p": "budget", "o": {"amount": "veel", "currency": "EUR"}}, "not a number"),
    ({"s": "e1", "p": "operationalFrom", "o": {"date": "binnenkort"}}, "not an ISO date"),
    ({"s": "e1", "p": "isUpgrade", "o": {"bool": "ja"}}, "boolean"),
])
def test_facts_that_do_not_fit_are_skipped_with_a_warning(fact, reason):
    r = result()
    r["facts"].append({**fact, "evidence": S2})
    mapped = article_graph(r)
    assert (mapped.facts, mapped.skipped) == (11, 1)
    assert len(mapped.warnings) == 1 and reason in mapped.warnings[0]
    assert set(mapped.graph) == set(article_graph(result()).graph)


def test_fact_without_usable_evidence_is_skipped():
    r = result()
    r["facts"][0]["evidence"] = {"start": 280, "end": 9999}
    mapped = article_graph(r)
    assert mapped.skipped == 1 and "evidence" in mapped.warnings[0]


def test_a_fact_stated_twice_is_written_once_with_its_first_evidence():
    r = result()
    r["facts"].append({**copy.deepcopy(r["facts"][4]), "evidence": S4})
    mapped = article_graph(r)
    assert (mapped.facts, mapped.skipped) == (11, 0)
    assert set(mapped.graph) == set(article_graph(result()).graph)


def test_unknown_entity_type_is_left_out_with_its_facts():
    r = result()
    r["entities"][1]["type"] = "Village"
    mapped = article_graph(r)
    assert mapped.skipped == 2  # locatedIn and inCountry name the village
    assert any("Village" in w for w in mapped.warnings)
    assert validate(mapped.graph).conforms


def test_unknown_invests_target_keeps_the_investment():
    r = result()
    r["facts"][7]["target"] = "e42"
    mapped = article_graph(r)
    assert mapped.facts == 11 and mapped.skipped == 0
    assert any("e42" in w for w in mapped.warnings)
    assert not list(mapped.graph.subject_objects(KG.target))
