"""SPARQLWrapper, a client no one here wrote, against the app under waitress on 127.0.0.1."""

import csv
import io

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper

from tests.web.conftest import AUTH

DATA = """
<http://example.org/lumi> <http://www.w3.org/2000/01/rdf-schema#label> "LUMI"@nl ;
    <http://example.org/partner> <http://example.org/denemarken>, <http://example.org/finland> .
<http://example.org/denemarken> <http://www.w3.org/2000/01/rdf-schema#label> "Denemarken"@nl .
<http://example.org/finland> <http://www.w3.org/2000/01/rdf-schema#label> "Finland, \\"Suomi\\""@nl .
"""
SELECT = """SELECT ?c ?label WHERE { <http://example.org/lumi> <http://example.org/partner> ?c .
  ?c rdfs:label ?label } ORDER BY ?label"""
LABELS = ["Denemarken", 'Finland, "Suomi"']


@pytest.fixture(scope="module")
def endpoint(app, live_server):
    s = app.extensions["kennisgraaf"]
    s.store.update("DROP SILENT ALL ; INSERT DATA { GRAPH <http://example.org/article/1> {"
                   + DATA + "} }")
    s.wrote()
    return live_server + "/sparql"


def _wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    w = SPARQLWrapper(url)
    w.setQuery(query)
    w.setReturnFormat(fmt)
    return w


def test_select_json(endpoint):
    rows = _wrapper(endpoint, SELECT, JSON).queryAndConvert()["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == LABELS
    assert rows[0]["label"]["xml:lang"] == "nl"


def test_select_xml(endpoint):
    doc = _wrapper(endpoint, SELECT, XML).queryAndConvert()
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert literals == LABELS


def test_select_csv(endpoint):
    text = _wrapper(endpoint, SELECT, CSV).queryAndConvert().decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["c", "label"] and [r[1] for r in rows[1:]] == LABELS


def test_select_tsv(endpoint):
    text = _wrapper(endpoint, SELECT, TSV).queryAndConvert().decode()
    lines = text.strip().split("\n")
    assert lines[0] == "?c\t?label"
    assert lines[1].split("\t") == ["<http://example.org/denemarken>", '"Denemarken"@nl']


def test_ask(endpoint):
    assert _wrapper(endpoint, "ASK { ?s rdfs:label 'LUMI'@nl }", JSON).queryAndConvert()["boolean"]


@pytest.mark.parametrize("fmt", [TURTLE, XML, JSONLD])
def test_construct(endpoint, fmt):
    g = _wrapper(endpoint, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", fmt).queryAndConvert()
    if not isinstance(g, Graph):
        g = Graph().parse(data=g, format="turtle" if fmt == TURTLE else "json-ld")
    assert len(g) == 5
    assert (URIRef("http://example.org/lumi"), None, Literal("LUMI", lang="nl")) in g


def test_describe(endpoint):
    g = _wrapper(endpoint, "DESCRIBE <http://example.org/lumi>", TURTLE).queryAndConvert()
    g = g if isinstance(g, Graph) else Graph().parse(data=g, format="turtle")
    assert len(g) == 3


@pytest.mark.parametrize(("accept", "media"), [
    ("application/n-triples", "application/n-triples"),
    ("application/n-quads", "application/n-quads"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/turtle", "text/turtle")])
def test_construct_conneg(endpoint, accept, media):
    r = requests.get(endpoint, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                     headers={"Accept": accept}, timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == media


def test_format_parameter_and_406(endpoint):
    r = requests.get(endpoint, params={"query": SELECT, "format": "csv"}, timeout=10)
    assert r.headers["Content-Type"].startswith("text/csv")
    r = requests.get(endpoint, params={"query": SELECT}, headers={"Accept": "image/png"},
                     timeout=10)
    assert r.status_code == 406 and "available as" in r.json()["error"]["message"]
    r = requests.get(endpoint, params={"query": "ASK {}", "format": "turtle"}, timeout=10)
    assert r.status_code == 406


def test_bad_query_is_400_with_message(endpoint):
    r = requests.get(endpoint, params={"query": "SELECT ?x WHERE { ?x"}, timeout=10)
    assert r.status_code == 400
    assert r.json()["error"]["message"].startswith("bad SPARQL query")


def test_update_through_the_live_server(endpoint):
    update = "INSERT DATA { GRAPH <http://example.org/g2> { <http://e/x> <http://e/p> 1 } }"
    w = SPARQLWrapper(endpoint.replace("/sparql", "/update"))
    w.setMethod("POST")
    w.setQuery(update)
    w.addCustomHttpHeader("Authorization", AUTH["Authorization"])
    w.query()
    assert _wrapper(endpoint, "ASK { <http://e/x> <http://e/p> 1 }", JSON).queryAndConvert()["boolean"]
    requests.post(endpoint.replace("/sparql", "/update"), data={"update": "DROP GRAPH <http://example.org/g2>"},
                  headers=AUTH, timeout=10).raise_for_status()


def test_cors_for_reading_only(endpoint):
    r = requests.get(endpoint, params={"query": "ASK {}"}, headers={"Origin": "http://x"}, timeout=10)
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    r = requests.post(endpoint.replace("/sparql", "/update"), data={"update": "CLEAR ALL"},
                      headers={"Origin": "http://x"}, timeout=10)
    assert r.status_code == 401 and "Access-Control-Allow-Origin" not in r.headers


def test_serve_command(serve_process):
    """The real command line: `python -m kennisgraaf serve --port N --store DIR --token T`."""
    r = requests.get(serve_process + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert r.status_code == 200 and r.json()["boolean"] is True
    r = requests.post(serve_process + "/update", data={"update": "CLEAR ALL"}, timeout=10)
    assert r.status_code == 401
