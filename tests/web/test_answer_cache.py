"""Repeated answers come from memory with an ETag, and no write ever leaves an old one."""

import pytest
from flask import Response

from kennisgraaf.web.answer_cache import AnswerCache
from kennisgraaf.web.app import create_app
from tests.web.conftest import AUTH, make_app

G = "https://w3id.org/kennisgraaf/article/cache-test"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture()
def client(tmp_path):
    app = make_app(tmp_path)
    yield app.test_client()
    app.extensions["kennisgraaf"].close()


def count(client) -> int:
    r = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    assert r.status_code == 200, r.text
    return int(r.json["results"]["bindings"][0]["n"]["value"])


def insert(client, n: int) -> None:
    triples = " ".join(f"<http://e/s{i}> <http://e/p> {i} ." for i in range(n))
    r = client.post("/update", data={"update": f"INSERT DATA {{ GRAPH <{G}> {{ {triples} }} }}"},
                    headers=AUTH)
    assert r.status_code in (200, 204), r.text


def test_repeated_query_has_an_etag_and_answers_304(client):
    first = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    etag = first.headers["ETag"]
    again = client.get("/sparql", query_string={"query": COUNT}, headers=JSON)
    assert again.data == first.data and again.headers["ETag"] == etag
    assert again.headers["Vary"] == "Accept"
    unchanged = client.get("/sparql", query_string={"query": COUNT},
                           headers=JSON | {"If-None-Match": etag})
    assert unchanged.status_code == 304 and not unchanged.data
    other = client.get("/sparql", query_string={"query": COUNT},
                       headers={"Accept": "text/csv"})
    assert other.headers["Content-Type"].startswith("text/csv") and other.headers["ETag"] != etag


def test_every_write_path_clears_old_answers(client):
    assert count(client) == 0
    insert(client, 3)
    assert count(client) == 3
    r = client.put("/rdf-graph-store", query_string={"graph": G},
                   data=b"<http://e/a> <http://e/p> 1 .", headers=AUTH | {"Content-Type": "text/turtle"})
    assert r.status_code in (201, 204), r.text
    assert count(client) == 1
    r = client.delete("/rdf-graph-store", query_string={"graph": G}, headers=AUTH)
    assert r.status_code in (200, 204), r.text
    assert count(client) == 0


def test_a_failed_write_clears_too(client):
    s = client.application.extensions["kennisgraaf"]
    count(client)
    before = s.cache.generation
    r = client.post("/update", data={"update": "INSERT DATA { nonsense"}, headers=AUTH)
    assert r.status_code == 400
    assert s.cache.generation > before


def test_canned_question_is_kept_until_a_write(client):
    s = client.application.extensions["kennisgraaf"]
    first = client.get("/api/questions/count-upgrades")
    assert first.status_code == 200 and first.headers["ETag"]
    assert client.get("/api/questions/count-upgrades").data == first.data
    assert len(s.cache._items) >= 1
    insert(client, 1)
    assert not s.cache._items


def test_switched_off_by_setting_and_for_remote_stores(tmp_path, oxigraph_server):
    off = make_app(tmp_path, answer_cache=0)
    assert off.extensions["kennisgraaf"].cache is None
    off.extensions["kennisgraaf"].close()
    remote = create_app({"store": oxigraph_server, "query_workers": 1})
    try:
        assert remote.extensions["kennisgraaf"].cache is None
    finally:
        remote.extensions["kennisgraaf"].close()


def test_least_recently_used_goes_first_and_bytes_are_bounded():
    cache = AnswerCache(entries=2, max_bytes=4000)
    for key in "abc":
        cache.put(key, Response(key * 10), cache.generation)
    assert cache.get("a") is None and cache.get("b") and cache.get("c")
    assert cache.put("big", Response(b"x" * 1001), cache.generation) is None  # over a quarter
    cache.get("b")
    cache.put("d", Response(b"d"), cache.generation)
    assert cache.get("c") is None and cache.get("b")


def test_an_answer_begun_before_a_write_is_not_kept():
    cache = AnswerCache(entries=8)
    started = cache.generation
    cache.clear()
    assert cache.put("k", Response("old"), started) is None and cache.get("k") is None
