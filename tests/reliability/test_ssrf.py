"""No file or network access from a query, an update or an article: a listener on
127.0.0.1 must receive nothing, on every backend, from the CLI, the library and the server.

Decision: the store layer (kennisgraaf.graph.guard) refuses SERVICE to any endpoint not
in KENNISGRAAF_SERVICE_ALLOWLIST and every LOAD, on all backends and for the CLI too.
The CLI user owns the machine, but rdflib's in-memory backend and pyoxigraph both have
an HTTP client (and rdflib reads file: IRIs), and the same store code runs behind the
web app: one rule everywhere, federation opted into by listing the endpoint.
"""

import time

import pytest
import requests

from kennisgraaf.errors import QueryError
from kennisgraaf.graph.store import open_store
from tests.reliability.conftest import api_available, assert_one_line_error, dump, kg

QUERIES = {
    "service": "SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
    "service silent": "SELECT * WHERE {{ SERVICE SILENT <{url}sparql> {{ ?s ?p ?o }} }}",
    "service escaped": "SELECT * WHERE {{ \\u0053ERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
    "service prefixed": "PREFIX e: <{url}> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
    "service variable": "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    "service in subquery": "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> "
                           "{{ ?s ?p ?o }} }} }} }}",
}
UPDATES = {
    "load": "LOAD <{url}data.ttl>",
    "load silent into graph": "LOAD SILENT <{url}data.ttl> INTO GRAPH <http://example.org/g>",
    "load file": "LOAD <file:///etc/hostname>",
    "service in update": "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
}
DATASET_QUERIES = {
    "from": "SELECT * FROM <{url}from.ttl> WHERE {{ ?s ?p ?o }}",
    "from named": "SELECT * FROM NAMED <{url}named.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
}


def _settle(listener) -> list[bytes]:
    time.sleep(0.3)  # a connection in flight would have landed by now
    return listener.hits


@pytest.mark.parametrize("name", sorted(QUERIES))
@pytest.mark.parametrize("backend", ["embedded", "memory"])
def test_cli_query_calls_no_service(base_store, listener, backend, name):
    store = base_store if backend == "embedded" else "memory:"
    out = kg("query", QUERIES[name].format(url=listener.url), store=store)
    assert_one_line_error(out, "SERVICE", "not allowed")
    assert _settle(listener) == []


def test_cli_query_on_a_remote_store_calls_no_service(oxigraph_server, listener):
    out = kg("query", QUERIES["service"].format(url=listener.url), store=oxigraph_server + "/query")
    assert_one_line_error(out, "SERVICE", "not allowed")
    assert _settle(listener) == []


@pytest.mark.parametrize("name", sorted(DATASET_QUERIES))
@pytest.mark.parametrize("backend", ["embedded", "memory"])
def test_from_clauses_read_only_the_store(base_store, listener, backend, name):
    """FROM / FROM NAMED select graphs of the store; rdflib would otherwise fetch them."""
    store = base_store if backend == "embedded" else "memory:"
    out = kg("query", DATASET_QUERIES[name].format(url=listener.url), "--format", "csv",
             store=store)
    assert "Traceback" not in out.stderr
    assert _settle(listener) == []


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_library_update_loads_nothing_on_every_backend(store, listener, name):
    before = set(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows)
    with pytest.raises(QueryError, match="not allowed|refused"):
        store.update(UPDATES[name].format(url=listener.url))
    assert _settle(listener) == []
    assert set(store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }").rows) == before


def test_allow_listed_service_is_called(base_store, listener):
    """The allow-list opens exactly the endpoints it names."""
    env = {"KENNISGRAAF_SERVICE_ALLOWLIST": listener.url + "sparql"}
    out = kg("query", QUERIES["service silent"].format(url=listener.url), store=base_store,
             env=env)
    assert "not allowed" not in out.stderr
    assert _settle(listener), "the allow-listed endpoint was called"
    other = kg("query", QUERIES["service"].format(url=listener.url + "other/"), store=base_store,
               env=env)
    assert_one_line_error(other, "not allowed")


# --- the server -------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(QUERIES))
def test_server_query_calls_no_service(server, listener, name):
    r = requests.post(server.url + "/sparql", data={"query": QUERIES[name].format(url=listener.url)},
                      timeout=30)
    assert r.status_code == 400 and r.json()["error"]["message"], r.text
    assert _settle(listener) == [] and server.alive()


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_server_update_with_the_token_loads_nothing(server, listener, name):
    before = dump(server.store)
    r = requests.post(server.url + "/update", data={"update": UPDATES[name].format(url=listener.url)},
                      headers=server.auth(), timeout=30)
    assert 400 <= r.status_code < 500 and r.json()["error"]["message"], r.text
    assert _settle(listener) == [] and server.alive()
    assert dump(server.store) == before


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_server_dataset_parameters_fetch_nothing(server, listener, param):
    r = requests.get(server.url + "/sparql", timeout=30,
                     params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                             param: listener.url + "graph.ttl"})
    assert r.status_code < 500, r.text
    assert _settle(listener) == [] and server.alive()


def test_server_graph_store_upload_fetches_nothing(server, listener):
    body = (f'<?xml version="1.0"?><!DOCTYPE rdf:RDF SYSTEM "{listener.url}x.dtd">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:e="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
            "<e:p>&remote;</e:p></rdf:Description></rdf:RDF>")
    before = dump(server.store)
    r = requests.put(server.url + "/rdf-graph-store", params={"graph": "http://example.org/g"},
                     data=body.encode(), headers={**server.auth(),
                                                  "Content-Type": "application/rdf+xml"},
                     timeout=30)
    assert r.status_code == 400, r.text
    assert _settle(listener) == [] and server.alive()
    assert dump(server.store) == before


def test_uploaded_article_with_remote_resources_fetches_nothing(server, listener):
    if not api_available(server):
        pytest.skip("the JSON API (/api/articles) is not registered yet")
    url = listener.url
    html = (f'<html><head><link rel="stylesheet" href="{url}style.css">'
            f'<link rel="canonical" href="{url}canonical"><script src="{url}x.js"></script></head>'
            f'<body><h1>Testfabriek Oost</h1><img src="{url}img.png">'
            f'<iframe src="{url}frame"></iframe><object data="{url}obj"></object>'
            f'<video poster="{url}poster.jpg"></video>'
            "<p>De AI-fabriek Testfabriek Oost in Polen krijgt 30 miljoen euro.</p></body></html>")
    r = requests.post(server.url + "/api/articles", params={"name": "remote.html"},
                      data=html.encode(), headers={**server.auth(), "Content-Type": "text/html"},
                      timeout=300)
    assert r.status_code in (200, 201), r.text
    assert _settle(listener) == [] and server.alive()


def test_library_store_open_does_not_touch_the_listener(listener, tmp_path):
    """Opening an http store is lazy: nothing is sent before a query."""
    st = open_store(listener.url + "query")
    st.close()
    assert _settle(listener) == []
