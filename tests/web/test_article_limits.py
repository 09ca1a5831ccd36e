"""POST /api/articles over a real HTTP server: more article text than max_article_chars
is a JSON 413 that names the limit and the CLI, the graph is unchanged and the server
goes on; extraction never holds up a write."""

import json
import threading
import time

import pytest
import requests

import kennisgraaf.ingest.extract as extract_module
from tests.web.conftest import AUTH, make_app

LIMIT = 20_000
SENTENCE = "De AI-fabriek Noorderlicht in Finland krijgt 20 miljoen euro van EuroHPC.\n"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The live server of this module runs an app with a small article limit."""
    app = make_app(tmp_path_factory.mktemp("limits"), max_article_chars=LIMIT)
    yield app
    app.extensions["kennisgraaf"].close()


def quads(url: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = requests.get(url + "/sparql", params={"query": query},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def post(url: str, body: bytes | str, name: str, **kw) -> requests.Response:
    return requests.post(url + "/api/articles", params={"name": name}, data=body,
                         headers=AUTH | kw.pop("headers", {}), timeout=60, **kw)


def assert_refused(r: requests.Response, limit: int) -> None:
    assert r.status_code == 413, r.text
    message = r.json()["error"]["message"]
    assert r.json()["error"]["status"] == 413
    assert f"{limit:,}" in message and "max_article_chars" in message
    assert "kennisgraaf ingest" in message


OVER = SENTENCE * (LIMIT // len(SENTENCE) + 1)
HALF = SENTENCE * (LIMIT // len(SENTENCE) // 2 + 1)


@pytest.mark.parametrize("name, body", [
    ("long.txt", OVER),
    ("long.json", json.dumps({"text": OVER})),
    ("two.jsonl", "\n".join(json.dumps({"id": i, "text": HALF}) for i in "ab")),  # each under
    ("long.html", f"<html><body><p>{OVER.replace(chr(10), '</p><p>')}</p></body></html>"),
])
def test_too_much_text_is_413_and_changes_nothing(live_server, name, body):
    before = quads(live_server)
    assert_refused(post(live_server, body.encode(), name), LIMIT)
    assert quads(live_server) == before


def test_html_markup_does_not_count(live_server):
    """The limit is on the text extracted, not the page: a news page is mostly markup."""
    script = "var x = 1;" * 5000
    page = f"<html><head><script>{script}</script></head><body><p>{SENTENCE}</p></body></html>"
    assert len(page) > 2 * LIMIT
    r = post(live_server, page.encode(), "page.html")
    assert r.status_code == 201, r.text


def test_a_10_mb_article_is_refused_at_once_and_the_server_goes_on(live_server):
    before = quads(live_server)
    body = (SENTENCE * (10_000_000 // len(SENTENCE))).encode()
    t = time.monotonic()
    r = post(live_server, body, "tien-mb.txt")
    assert_refused(r, LIMIT)
    assert time.monotonic() - t < 15  # read, counted and refused; not extracted (about 40 s)
    # Over the reader's own 10 MiB: refused before it is read, with the same message.
    r = post(live_server, body + body[:1_000_000], "elf-mb.txt")
    assert_refused(r, LIMIT)
    assert "bytes" in r.json()["error"]["message"]
    assert quads(live_server) == before
    assert post(live_server, SENTENCE.encode(), "klein.txt").status_code == 201
    assert quads(live_server) > before


def test_the_default_limit_takes_a_long_news_article(tmp_path):
    app = make_app(tmp_path, query_workers=1)
    try:
        limit = app.config["KENNISGRAAF"]["max_article_chars"]
        assert limit >= 200_000  # the longest real news articles
        r = app.test_client().post("/api/articles?name=lang.txt", headers=AUTH,
                                   data=(SENTENCE * (200_000 // len(SENTENCE))).encode())
        assert r.status_code == 201, r.text
    finally:
        app.extensions["kennisgraaf"].close()


def test_a_write_goes_through_while_an_article_is_extracted(live_server, monkeypatch):
    """Extraction runs before the article's write and holds nothing the store's other
    writers need: an update sent meanwhile is applied at once."""
    started, release = threading.Event(), threading.Event()
    real = extract_module.extract_many

    def slow(*args, **kwargs):
        started.set()
        assert release.wait(30)
        yield from real(*args, **kwargs)
    monkeypatch.setattr(extract_module, "extract_many", slow)
    result = {}
    upload = threading.Thread(target=lambda: result.update(
        r=post(live_server, SENTENCE.encode(), "traag.txt")))
    upload.start()
    try:
        assert started.wait(30)
        t = time.monotonic()
        r = requests.post(live_server + "/update", headers=AUTH, timeout=30,
                          data={"update": "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> "
                                          "<urn:x:p> 1 } }"})
        assert r.status_code == 204 and time.monotonic() - t < 5
        ask = requests.get(live_server + "/sparql", timeout=30,
                           params={"query": "ASK { <urn:x:s> <urn:x:p> 1 }"},
                           headers={"Accept": "application/sparql-results+json"})
        assert ask.json()["boolean"] is True
        assert upload.is_alive()  # the article is still being extracted
    finally:
        release.set()
        upload.join(60)
    assert result["r"].status_code == 201, result["r"].text
