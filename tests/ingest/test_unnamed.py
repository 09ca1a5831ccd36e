"""Facilities an article describes by type and place but never names: their facts are
kept apart from the entities (``unnamed``), and ingest stores them as kg:UnnamedFacility.

Every factory and sum here is invented for these tests."""

from rdflib.namespace import RDF, RDFS

from kennisgraaf.ingest.unnamed_graph import unnamed_triples
from kennisgraaf.ontology.namespace import KG, SCHEMA


def described(result: dict) -> dict[str, list]:
    return {u["label"]: sorted((f["p"], str(f["o"])) for f in u["facts"])
            for u in result.get("unnamed", [])}


def test_adjective_and_place_descriptions(run):
    result = run("De Maltese AI-fabriek gaat naar schatting 61 miljoen euro kosten.\n"
                 "Een AI-fabriek in Cyprus moet in 2029 operationeel zijn.\n")
    got = described(result)
    assert got["AI-fabriek in Malta"] == [("budget", str({"amount": 61_000_000, "currency": "EUR",
                                                          "qualifier": "approx"}))]
    assert got["AI-fabriek in Cyprus"] == [("operationalFrom", str({"date": "2029"}))]
    assert not [e for e in result["entities"] if e["type"] == "AIFactory"]
    assert not [f for f in result["facts"] if f["p"] in ("budget", "operationalFrom")]


def test_fields_given_to_places(run):
    result = run("Elke fabriek krijgt een eigen specialisatie, zoals robotica en logistiek in "
                 "Hongarije, en toerisme in Kroatië.\n")
    got = described(result)
    assert [p for p, _ in got["AI-fabriek in Hongarije"]] == ["sector", "sector"]
    assert got["AI-fabriek in Kroatië"] == [("sector", str({"text": "tourism"}))]


def test_a_named_factory_in_that_place_speaks_for_itself(run):
    result = run("Gastland | Locatie | Naam |\nMalta | Valletta | KORBEEL |\n"
                 "De Maltese AI-fabriek gaat zich richten op toerisme.\n")
    assert "unnamed" not in result


def test_ingest_writes_a_node_without_a_name(run):
    text = "De Maltese AI-fabriek gaat naar schatting 61 miljoen euro kosten.\n"
    result = run(text)
    for e in result["entities"]:
        e["iri"] = f"https://w3id.org/kennisgraaf/id/{e['type'].lower()}/{e['label'].lower()}"
    triples, warnings = unnamed_triples(result, text)
    assert not warnings
    node = next(s for s, p, o in triples if o == KG.UnnamedFacility)
    assert str(node).endswith("/unnamed/aifactory-in-malta")
    preds = {p for s, p, o in triples if s == node}
    assert {KG.facilityType, KG.hostCountry, KG.budget, SCHEMA.description} <= preds
    assert RDFS.label not in preds and (node, RDF.type, KG.AIFactory) not in triples
