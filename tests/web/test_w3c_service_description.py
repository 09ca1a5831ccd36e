"""The W3C Service Description tests (../shared/w3c/service-description) on GET /sparql."""

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from tests.web.conftest import shared_or_skip

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
# Properties of the SD vocabulary (https://www.w3.org/TR/sparql11-service-description/ §3.3)
# with the class their subject must have.
DOMAINS = {"endpoint": "Service", "feature": "Service", "defaultEntailmentRegime": "Service",
           "supportedLanguage": "Service", "resultFormat": "Service", "inputFormat": "Service",
           "defaultDataset": "Service", "availableGraphs": "Service",
           "propertyFeature": "Service", "extensionFunction": "Service",
           "extensionAggregate": "Service", "languageExtension": "Service",
           "defaultGraph": "Dataset", "namedGraph": "GraphCollection", "name": "NamedGraph",
           "graph": "NamedGraph", "entailmentRegime": "NamedGraph"}
LANGUAGES = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}


@pytest.fixture(scope="module")
def description(client):
    shared_or_skip("w3c", "service-description", "manifest.ttl")
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    return response, Graph().parse(data=response.data, format="turtle")


def test_returns_rdf(description):
    response, graph = description
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    assert len(graph) > 0


def test_has_endpoint_triple(description):
    _, graph = description
    assert (None, SD.endpoint, URIRef("http://localhost/sparql")) in graph


def test_conforms_to_schema(description):
    _, graph = description
    services = list(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    for s, p, o in graph:
        if p == RDF.type:
            continue
        local = str(p).removeprefix(str(SD))
        assert local in DOMAINS, f"{p} is not a property of the SD vocabulary"
        assert (s, RDF.type, SD[DOMAINS[local]]) in graph, f"{s} {p}: subject not sd:{DOMAINS[local]}"
    assert set(graph.objects(services[0], SD.supportedLanguage)) <= LANGUAGES


@pytest.mark.parametrize("accept", ["application/rdf+xml", "application/n-triples",
                                    "application/ld+json"])
def test_description_by_conneg(client, accept):
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
