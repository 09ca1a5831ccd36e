"""The pages in a real headless Chromium (Debian's), driven by Playwright, on the seed articles."""

import shutil
import threading
from pathlib import Path

import pytest
from waitress.server import create_server

from kennisgraaf.ingest.ingest import ingest_articles
from kennisgraaf.ingest.reader import read_sources
from tests.conftest import free_port, wait_for_http
from tests.web.conftest import TOKEN, make_app, shared_or_skip

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LUMI_PARTNERS = ["Denemarken", "Noorwegen", "Estland", "Polen", "Tsjechië"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    seeds = shared_or_skip("corpus", "seeds")
    app = make_app(tmp_path_factory.mktemp("browser"))
    s = app.extensions["kennisgraaf"]
    ingest_articles(s.store, read_sources([seeds]))
    s.wrote()
    port = free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}"
    wait_for_http(url + "/")
    yield url
    server.close()
    s.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is absent (apt-get install chromium; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    p = context.new_page()
    p.set_default_timeout(20000)
    yield p
    context.close()


def test_ask_lumi_shows_five_countries_and_evidence(site, page):
    page.goto(site + "/")
    page.fill("#question", "Welke landen financieren LUMI mee?")
    page.click("#ask button[type=submit]")
    page.wait_for_selector("#answer")
    answers = page.locator(".answers li.answer").all_inner_texts()
    for country in LUMI_PARTNERS:
        assert any(country in a for a in answers), (country, answers)
    assert "Denemarken, Noorwegen, Estland" in page.inner_text("#answer")
    page.click(".answers li.answer > a:text-is('Denemarken')")  # the link, not the quote
    page.wait_for_selector("#entity-label")
    assert page.inner_text("#entity-label") == "Denemarken"


def test_entity_page_with_facts_and_graph(site, page):
    page.goto(site + "/search?q=LUMI")
    page.click(".hits a >> nth=0")
    page.wait_for_selector("#facts")
    assert "LUMI" in page.inner_text("#entity-label")
    assert page.locator("#facts tbody tr").count() > 0
    page.wait_for_function("document.getElementById('graph').dataset.ready > 1")
    assert page.locator("#graph canvas").count() > 0


def test_sparql_editor_runs_a_query_and_shows_the_table(site, page):
    page.goto(site + "/query")
    assert page.locator(".CodeMirror").count() == 1  # highlighted editor
    page.evaluate("window.kennisgraafEditor.setValue("
                  "'SELECT ?c ?label WHERE { ?c a kg:Country ; rdfs:label ?label } ORDER BY ?label')")
    page.click("#run")
    page.wait_for_selector("#result-table")
    assert page.locator("#result-table tbody tr").count() >= 5
    assert "Denemarken" in page.inner_text("#result-table")
    formats = page.locator(".downloads a").all_inner_texts()
    assert formats == ["json", "xml", "csv", "tsv"]


def test_english_switch(site, page):
    page.goto(site + "/")
    page.click("#lang-switch")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.inner_text("#ask button") == "Ask"


def test_add_article_and_find_its_facts(site, page):
    page.goto(site + "/articles")
    page.fill("#article-id", "browser-test")
    page.fill("#article-title", "Nieuwe AI-fabriek in Groningen")
    page.fill("#article-text", "Nieuwe AI-fabriek in Groningen\n\nDe AI-fabriek Noorderzon in Groningen "
              "krijgt 150 miljoen euro. Nederland en Duitsland financieren Noorderzon samen.")
    page.fill("#token", TOKEN)
    page.click("#add-article button[type=submit]")
    page.wait_for_selector("#add-result.ok")
    page.wait_for_selector("#articles td:text('browser-test')")
    page.goto(site + "/search?q=Noorderzon")
    page.click(".hits a >> nth=0")
    page.wait_for_selector("#facts")
    assert "browser-test" in page.inner_text("#facts") or "Groningen" in page.inner_text("#facts")
