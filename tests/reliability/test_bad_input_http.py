"""Bad input over HTTP: each gets a 4xx (or, for a query over its time, 503) JSON error,
the server keeps answering, and the store is unchanged quad for quad."""

import json
import threading
import time

import pytest
import requests

from tests.reliability.conftest import Server, api_available, dump, make_base_store, serve_available

TIMEOUT = 3  # the server's per-query time limit in this module, seconds
BIG = 10 * 1024 * 1024


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    if not serve_available():
        pytest.skip("kennisgraaf serve has not landed")
    s = Server(make_base_store(tmp_path_factory.mktemp("bad-http")),
               env={"KENNISGRAAF_QUERY_TIMEOUT": str(TIMEOUT)}).start()
    yield s
    s.stop()


def _json_error(r: requests.Response, *statuses: int) -> str:
    assert r.status_code in statuses, (r.status_code, r.text[:500])
    body = r.json()
    message = body["error"]["message"]
    assert message and len(message) < 2000 and "Traceback" not in message
    return message


def _unchanged_and_up(srv: Server, before: set) -> None:
    assert srv.alive(), srv.log_tail()
    assert dump(srv.store) == before


# --- SPARQL -------------------------------------------------------------------

QUERIES = {
    "malformed": "SELEC ?x WHERE {",
    "unknown prefix": "SELECT * WHERE { ?s nope:p ?o }",
    "one megabyte": "SELECT * WHERE { " + "?s ?p ?o . " * 100_000 + "}",
    "10000 nested groups": "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "4000 nested groups (under the length limit)": "SELECT * WHERE " + "{" * 4000 + "}" * 4000,
    "4000 nested brackets": "SELECT * WHERE { FILTER(" + "(" * 4000 + "1" + ")" * 4000 + ") }",
    "8000 negations": "SELECT * WHERE { FILTER(" + "!" * 8000 + "true) }",
    "nul bytes": "SELECT \x00 WHERE { }",
}


@pytest.mark.parametrize("name", sorted(QUERIES))
@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
def test_bad_query_is_a_4xx_json_error(srv, name, method):
    before = dump(srv.store)
    text = QUERIES[name]
    if method == "GET" and len(text) > 6000:
        pytest.skip("too long for a URL; the POST forms test it")
    if method == "GET":
        r = requests.get(srv.url + "/sparql", params={"query": text}, timeout=60)
    elif method == "POST form":
        r = requests.post(srv.url + "/sparql", data={"query": text}, timeout=60)
    else:
        r = requests.post(srv.url + "/sparql", data=text.encode(),
                          headers={"Content-Type": "application/sparql-query"}, timeout=60)
    _json_error(r, 400, 413, 414)
    _unchanged_and_up(srv, before)


CARTESIAN = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "rows": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "construct": "CONSTRUCT { ?a ?b ?i } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "sort": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CARTESIAN))
def test_cartesian_product_hits_the_limits_and_others_are_served_meanwhile(srv, name):
    """The product over the whole graph is cut by the row cap or the time limit; while it
    runs, a small query still gets its answer quickly."""
    before = dump(srv.store)
    result: dict = {}

    def heavy() -> None:
        started = time.monotonic()
        result["r"] = requests.post(srv.url + "/sparql", data={"query": CARTESIAN[name]},
                                    timeout=120)
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=heavy)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    assert srv.alive()
    assert time.monotonic() - started < TIMEOUT, "a small query waited behind the big one"
    thread.join(120)
    r = result["r"]
    assert result["seconds"] < TIMEOUT + 15, result["seconds"]
    if r.status_code == 200:  # cut by the row cap
        rows = r.json()["results"]["bindings"] if "json" in r.headers["Content-Type"] \
            else r.text.strip().splitlines()
        assert len(rows) <= 10_000
    else:
        _json_error(r, 503, 400, 413)
    _unchanged_and_up(srv, before)


def test_oversized_body_is_413(srv):
    """A body over the 20 MB limit gets the JSON error shape, like every other error."""
    before = dump(srv.store)
    r = requests.post(srv.url + "/sparql", data=b"#" * (21 * 1024 * 1024),
                      headers={"Content-Type": "application/sparql-query"}, timeout=120)
    assert r.status_code == 413, r.text[:300]
    assert r.headers["Content-Type"].startswith("application/json"), r.text[:300]
    assert r.json()["error"], r.text[:300]
    _unchanged_and_up(srv, before)


DEFAULT_GRAPH_WRITES = {
    "insert data": "INSERT DATA { <http://e/s> <http://e/p> 1 }",
    "template": "INSERT { ?s <http://e/copy> ?o } WHERE { ?s <http://e/p> ?o }",
    "clear default": "CLEAR DEFAULT",
    "add to default": "ADD <https://w3id.org/kennisgraaf/article/rel_00001> TO DEFAULT",
}


@pytest.mark.parametrize("name", sorted(DEFAULT_GRAPH_WRITES))
def test_an_update_of_the_default_graph_is_refused_with_what_to_do(srv, name):
    """The default graph is the union of the named graphs, kept by the store: an update
    that writes it directly is a 400 that says to name a graph, and changes nothing."""
    before = dump(srv.store)
    r = requests.post(srv.url + "/update", data={"update": DEFAULT_GRAPH_WRITES[name]},
                      headers=srv.auth(), timeout=30)
    assert "named graph" in _json_error(r, 400)
    _unchanged_and_up(srv, before)


# --- RDF through the graph store -----------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + ']><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
    '<rdf:Description rdf:about="http://e/a"><e:p>&i;</e:p></rdf:Description></rdf:RDF>')
XXE = ('<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
       '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
       '<rdf:Description rdf:about="http://e/a"><e:p>&s;</e:p></rdf:Description></rdf:RDF>')
UPLOADS = {
    "malformed turtle": (b"<http://e/a> <http://e/p> \"unterminated .", "text/turtle"),
    "malformed n-triples": (b"<http://e/a> <http://e/p> .\n", "application/n-triples"),
    "malformed json-ld": (b'{"@id": "http://e/a", ', "application/ld+json"),
    "billion laughs": (BILLION_LAUGHS.encode(), "application/rdf+xml"),
    "external entity": (XXE.encode(), "application/rdf+xml"),
    "binary": (bytes(range(256)) * 100, "text/turtle"),
    "unknown type": (b"<a> <b> <c> .", "application/x-nope"),
    "broken after 100,000 good lines": (
        b"".join(b'<http://e/s%d> <http://e/p> "%d" .\n' % (i, i) for i in range(100_000))
        + b"<http://e/s> <http://e/p> .\n", "application/n-triples"),
}


@pytest.mark.parametrize("name", sorted(UPLOADS))
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_bad_rdf_upload_is_refused_and_loads_nothing(srv, name, method):
    body, ctype = UPLOADS[name]
    before = dump(srv.store)
    r = requests.request(method, srv.url + "/rdf-graph-store",
                         params={"graph": "https://w3id.org/kennisgraaf/article/rel_00001"},
                         data=body, headers={**srv.auth(), "Content-Type": ctype}, timeout=120)
    _json_error(r, 400, 413, 415)
    _unchanged_and_up(srv, before)


@pytest.mark.slow
def test_rdf_upload_over_the_body_limit_is_413(srv):
    before = dump(srv.store)
    line = b'<http://e/s> <http://e/p> "' + b"x" * 1000 + b'" .\n'
    r = requests.post(srv.url + "/rdf-graph-store", params={"graph": "http://e/g"},
                      data=line * (21 * 1024), timeout=120,
                      headers={**srv.auth(), "Content-Type": "application/n-triples"})
    assert r.status_code == 413, r.text[:300]
    _unchanged_and_up(srv, before)


# --- articles through the API ---------------------------------------------------

ARTICLE = "De AI-fabriek Testfabriek Zuid in Italië krijgt een budget van 120 miljoen euro.\n"
BAD_ARTICLES = {
    "empty": (b"", "text/plain", "x.txt"),
    "blank": (b"  \n\t ", "text/plain", "x.txt"),
    "binary": (bytes(range(256)) * 64, "application/octet-stream", "x.txt"),
    "over 10 MB": (b"a " * (BIG // 2 + 10), "text/plain", "x.txt"),
    "json wrong fields": (json.dumps({"titel": "t", "tekst": ARTICLE}).encode(),
                          "application/json", "x.json"),
    "json text not a string": (b'{"text": 42}', "application/json", "x.json"),
    "json malformed": (b'{"text": "abc', "application/json", "x.json"),
    "json list of nothing": (b"[]", "application/json", "x.json"),
    "unknown suffix": (ARTICLE.encode(), "text/plain", "x.exe"),
    "markup only": (b"<html><script>1</script></html>", "text/html", "x.html"),
}


@pytest.fixture(scope="module")
def api(srv):
    if not api_available(srv):
        pytest.skip("the JSON API (/api/articles) is not registered yet")
    return srv


@pytest.mark.parametrize("name", sorted(BAD_ARTICLES))
def test_bad_article_upload_is_a_4xx_and_changes_nothing(api, name):
    body, ctype, filename = BAD_ARTICLES[name]
    before = dump(api.store)
    started = time.monotonic()
    r = requests.post(api.url + "/api/articles", params={"name": filename}, data=body,
                      headers={**api.auth(), "Content-Type": ctype}, timeout=300)
    _json_error(r, 400, 413, 415, 422)
    assert time.monotonic() - started < 60
    _unchanged_and_up(api, before)


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_mis_encoded_article_upload_is_read_right(api, encoding):
    r = requests.post(api.url + "/api/articles", params={"name": f"enc-{encoding}.txt"},
                      data=ARTICLE.encode(encoding),
                      headers={**api.auth(), "Content-Type": "text/plain"}, timeout=300)
    assert r.status_code in (200, 201), r.text
    found = requests.get(api.url + "/sparql", timeout=30, params={
        "query": "SELECT ?l WHERE { ?c a kg:Country ; rdfs:label ?l }", "format": "json"})
    labels = {b["l"]["value"] for b in found.json()["results"]["bindings"]}
    assert "Italië" in labels, labels


@pytest.mark.slow
def test_deeply_nested_html_upload_is_handled(api):
    html = "<html><body>" + "<div>" * 100_000 + ARTICLE + "</div>" * 100_000 + "</body></html>"
    started = time.monotonic()
    r = requests.post(api.url + "/api/articles", params={"name": "deep.html"}, data=html.encode(),
                      headers={**api.auth(), "Content-Type": "text/html"}, timeout=300)
    assert r.status_code in (200, 201, 400, 413, 422), r.text[:500]
    r.json()
    assert time.monotonic() - started < 60
    assert api.alive()


# --- questions -------------------------------------------------------------------

QUESTIONS = {
    "empty": "",
    "blank": "  \t ",
    "10000 characters": ("Welke landen financieren LUMI mee en " * 300)[:10_000],
    "10000 characters, no spaces": "x" * 10_000,
    "punctuation": "?!.,;:-–—()[]{}\"'…?",
    "sparql injection": "LUMI\" } ; DROP ALL ; SELECT * { \"",
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_bad_question_gets_a_message(api, name, method):
    before = dump(api.store)
    started = time.monotonic()
    if method == "GET":
        r = requests.get(api.url + "/api/ask", params={"q": QUESTIONS[name]}, timeout=60)
    else:
        r = requests.post(api.url + "/api/ask", json={"question": QUESTIONS[name]}, timeout=60)
    assert time.monotonic() - started < 30
    if r.status_code == 200:
        body = r.json()
        assert body["answers"] == [] and body.get("message"), body
    else:
        _json_error(r, 400, 413, 422)
    _unchanged_and_up(api, before)
