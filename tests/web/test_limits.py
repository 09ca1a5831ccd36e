"""What a public endpoint must refuse: writes without the token, long queries, big bodies,
too many rows, slow queries (the worker is freed) and SERVICE/LOAD to other hosts."""

import time

import pytest

from tests.web.conftest import AUTH, make_app

CROSS = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("limits"), max_rows=3, max_query_length=300,
                   max_body_bytes=4000, query_timeout=1.0)
    s = app.extensions["kennisgraaf"]
    triples = " ".join(f"<http://e/s{i}> <http://e/p> {i} ." for i in range(300))
    s.store.update(f"INSERT DATA {{ GRAPH <http://e/g> {{ {triples} }} }}")
    s.wrote()
    yield app
    s.close()


@pytest.fixture(scope="module")
def closed(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("closed"), token=None)
    app.config["KENNISGRAAF"]["token"] = None
    app.extensions["kennisgraaf"].settings["token"] = None
    yield app
    app.extensions["kennisgraaf"].close()


def _count(client) -> int:
    r = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"})
    assert r.status_code == 200, r.json
    return int(r.json["results"]["bindings"][0]["n"]["value"])


WRITES = [
    ("POST", "/update", {"data": {"update": "CLEAR ALL"}}),
    ("POST", "/sparql", {"data": "INSERT DATA { <http://e/a> <http://e/b> 1 }",
                         "content_type": "application/sparql-update"}),
    ("PUT", "/rdf-graph-store?graph=http://e/g", {"data": "<http://e/a> <http://e/b> 1 .",
                                                  "content_type": "text/turtle"}),
    ("POST", "/rdf-graph-store?default", {"data": "<http://e/a> <http://e/b> 1 .",
                                          "content_type": "text/turtle"}),
    ("DELETE", "/rdf-graph-store?graph=http://e/g", {}),
]


@pytest.mark.parametrize(("method", "path", "kw"), WRITES)
def test_writes_need_the_token(limited, method, path, kw):
    client = limited.test_client()
    before = _count(client)
    for headers, status in [({}, 401), ({"Authorization": "Bearer wrong"}, 401),
                            ({"Authorization": "Basic dXNlcjpwYXNz"}, 401)]:
        r = client.open(path, method=method, headers=headers, **kw)
        assert r.status_code == status, r.data
        assert r.json["error"]["status"] == status
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert _count(client) == before


@pytest.mark.parametrize(("method", "path", "kw"), WRITES)
def test_writing_is_off_without_a_configured_token(closed, method, path, kw):
    r = closed.test_client().open(path, method=method, headers=AUTH, **kw)
    assert r.status_code == 403 and "--token" in r.json["error"]["message"]


def test_query_length(limited):
    r = limited.test_client().get("/sparql", query_string={"query": "ASK {} #" + "x" * 400})
    assert r.status_code == 400 and "max_query_length" in r.json["error"]["message"]


def test_body_size(limited):
    r = limited.test_client().post("/sparql", data="ASK {} #" + "x" * 5000,
                                   content_type="application/sparql-query")
    assert r.status_code == 413 and r.json["error"]["status"] == 413


def test_row_cap(limited):
    r = limited.test_client().get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
    assert len(r.json["results"]["bindings"]) == 3
    assert r.headers["X-Kennisgraaf-Truncated"] == "3"
    r = limited.test_client().get("/sparql", query_string={"query": "SELECT * { ?s ?p 1 }"})
    assert "X-Kennisgraaf-Truncated" not in r.headers


def test_slow_query_is_stopped_and_the_worker_freed(limited):
    client = limited.test_client()
    start = time.monotonic()
    r = client.get("/sparql", query_string={"query": CROSS})
    assert r.status_code == 503
    assert "longer than 1 s" in r.json["error"]["message"]
    assert time.monotonic() - start < 3
    # Both workers time out in turn; each is replaced, and quick queries run again.
    assert client.get("/sparql", query_string={"query": CROSS}).status_code == 503
    for _ in range(4):
        assert client.get("/sparql", query_string={"query": "ASK { ?s ?p 5 }"}).json["boolean"]


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
    "SELECT * { service silent <http://evil.example/sparql> { ?s ?p ?o } }",
    "PREFIX e: <http://evil.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }",
    "SELECT * { BIND(<http://evil.example/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
])
def test_service_refused(limited, query):
    r = limited.test_client().get("/sparql", query_string={"query": query})
    assert r.status_code == 400 and "SERVICE" in r.json["error"]["message"]


def test_service_text_in_strings_is_not_a_call(limited):
    r = limited.test_client().get("/sparql", query_string={
        "query": 'SELECT * { ?s ?p "SERVICE <http://evil.example/>" } # SERVICE <http://x/>'})
    assert r.status_code == 200


def test_load_refused(limited):
    r = limited.test_client().post("/update", headers=AUTH,
                                   data={"update": "LOAD <http://evil.example/data.ttl>"})
    assert r.status_code == 400 and "LOAD" in r.json["error"]["message"]


@pytest.mark.parametrize(("method", "path", "kw", "status"), [
    ("GET", "/sparql", {"query_string": {"query": "ASK {"}}, 400),
    ("GET", "/sparql", {"query_string": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406),
    ("PUT", "/sparql", {}, 405),
    ("POST", "/sparql", {"data": "ASK {}", "content_type": "text/plain"}, 415),
    ("GET", "/rdf-graph-store?graph=http://e/none", {}, 404),
    ("GET", "/no/such/page.json", {}, 404),
])
def test_one_error_shape(limited, method, path, kw, status):
    r = limited.test_client().open(path, method=method, **kw)
    assert r.status_code == status
    assert r.mimetype == "application/json"
    assert set(r.json) == {"error"} and set(r.json["error"]) == {"status", "message"}
    assert r.json["error"]["status"] == status and r.json["error"]["message"]
