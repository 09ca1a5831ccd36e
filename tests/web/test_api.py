"""The JSON API on the example articles that ship with kennisgraaf, and its OpenAPI document
checked against the running app with schemathesis."""

import json

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from kennisgraaf.ingest.ingest import ingest_articles
from kennisgraaf.ingest.reader import read_sources
from tests.conftest import ROOT
from tests.web.conftest import AUTH

EXAMPLES = ROOT / "kennisgraaf" / "examples"


@pytest.fixture(scope="module")
def filled(app):
    s = app.extensions["kennisgraaf"]
    s.store.update("DROP SILENT ALL")
    ingest_articles(s.store, read_sources([EXAMPLES]))
    s.wrote()
    return app


@pytest.fixture(scope="module")
def api_schema(filled, live_server):
    return schemathesis.openapi.from_url(live_server + "/openapi.json")


def test_openapi_is_3_1_and_lists_every_api_route(client, filled):
    doc = client.get("/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    routes = {r.rule for r in filled.url_map.iter_rules() if r.rule.startswith("/api/")}
    documented = {p.replace("{", "<").replace("}", ">") for p in doc["paths"]}
    documented = {p.replace("<type>", "<kind>") for p in documented}
    assert routes <= documented | {"/api/articles/<path:article_id>"}


def test_articles_listed(client, filled):
    ids = {a["id"] for a in client.get("/api/articles").json["articles"]}
    assert len(ids) == 3


def test_search_and_entity_with_sources(client, filled):
    hits = client.get("/api/entities", query_string={"q": "a"}).json["entities"]
    assert hits
    with_facts = None
    for hit in hits:
        data = client.get(f"/api/entity/{hit['path']}").json
        assert data["iri"] == hit["iri"] and data["type"] == hit["type"]
        if data["facts"]:
            with_facts = data
            break
    assert with_facts, "no entity with facts among the examples"
    fact = with_facts["facts"][0]
    assert fact["source"]["article"] and fact["source"]["evidence"]
    page = client.get(f"/entity/{with_facts['path']}")
    assert page.status_code == 200 and with_facts["label"] in page.text
    assert client.get("/api/entity", query_string={"iri": with_facts["iri"]}).json == with_facts
    graph = client.get("/api/graph", query_string={"iri": with_facts["iri"]}).json
    assert any(n["data"]["id"] == with_facts["iri"] for n in graph["elements"]["nodes"])


def test_unknown_entity_is_404(client, filled):
    r = client.get("/api/entity/country/atlantis")
    assert r.status_code == 404 and "search" in r.json["error"]["message"]


@pytest.mark.parametrize("fmt", ["turtle", "graphml", "cytoscape", "nquads"])
def test_export(client, filled, fmt):
    r = client.get("/api/export", query_string={"format": fmt})
    assert r.status_code == 200 and len(r.data) > 100


def test_post_and_delete_article_need_the_token(client, filled):
    body = {"id": "api-test", "title": "Test",
            "text": "De Europese Commissie investeert 20 miljoen euro in de AI-fabriek Noordster in Groningen."}
    assert client.post("/api/articles", json=body).status_code == 401
    r = client.post("/api/articles?name=api-test.json", json=body, headers=AUTH)
    assert r.status_code == 201, r.json
    assert "api-test" in r.json["articles"]
    assert any(a["id"] == "api-test" for a in client.get("/api/articles").json["articles"])
    assert client.delete("/api/articles/api-test").status_code == 401
    assert client.delete("/api/articles/api-test", headers=AUTH).status_code == 204
    assert client.delete("/api/articles/api-test", headers=AUTH).status_code == 404


def test_pages_have_json_twins(client, filled):
    for path in ["/search?q=a", "/articles", "/query?query=ASK%7B%7D"]:
        html = client.get(path).text
        assert 'rel="alternate" type="application/json"' in html


def test_english_switch(client, filled):
    assert "Vragen" in client.get("/?lang=nl").text
    r = client.get("/?lang=en")
    assert "Ask" in r.text and 'lang="en"' in r.text
    assert 'lang="en"' in client.get("/articles").text  # remembered in a cookie


def _engine_missing() -> bool:
    try:
        import kennisgraaf.queries.ask  # noqa: F401
    except ImportError:
        return True
    return False


def test_openapi_conformance(api_schema):
    """Every documented operation answers as documented (status, type, schema) and never 5xx,
    for a few generated requests each (bounded: 8 examples per operation)."""
    checked = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if operation.path in ("/api/ask", "/api/questions") and _engine_missing():
            continue  # the questions engine (kennisgraaf.queries.ask) has not landed yet
        if operation.path == "/sparql":
            continue  # its input is SPARQL, which no schema describes: the W3C tests cover it

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate()

        check()
        checked += 1
    assert checked >= 8


def test_error_shape_over_http(live_server):
    r = requests.get(live_server + "/api/entities", timeout=10)
    assert r.status_code == 400 and json.loads(r.text) == {
        "error": {"status": 400, "message": r.json()["error"]["message"]}}


def test_canned_question_page_and_its_json_twin(client, filled):
    page = client.get("/", query_string={"id": "funders", "param.entity": "Zuiderkruis"})
    assert page.status_code == 200
    twin = "/api/questions/funders?param.entity=Zuiderkruis"
    assert f'href="{twin}"' in page.text.replace("&amp;", "&")
    answers = client.get(twin).json["answers"]
    assert answers and all(a["label"] in page.text for a in answers)
