"""The entity view and its filters, on the hand-written fixture graph (tests/data/graph)."""

from pathlib import Path

import pytest
from rdflib import Dataset

from kennisgraaf.errors import NotFound, UsageError
from kennisgraaf.graph.filters import Filters, filtered_view, in_range
from kennisgraaf.graph.store import open_store
from kennisgraaf.graph.view import ARTICLE, MENTIONS, as_digraph, build_view
from kennisgraaf.ontology.namespace import ID
from kennisgraaf.ontology.validate import validate

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "graph" / "fixture.trig"
LUMI, FINLAND, EUROHPC = (str(ID[x]) for x in (
    "aifactory/lumi-ai-factory", "country/finland", "organization/eurohpc-ju"))


@pytest.fixture
def fixture_store(tmp_path):
    st = open_store(tmp_path / "fixture-store", create=True)
    st.load(FIXTURE)
    yield st
    st.close()


def test_fixture_has_the_graph_model_shape():
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    report = validate(ds)
    assert report.conforms and report.warnings == 0, report.text


def test_view_nodes_are_entities_with_their_details(fixture_store):
    g = build_view(fixture_store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (21, 19)
    lumi = g.nodes[LUMI]
    assert lumi["type"] == "AIFactory" and lumi["label"] == "LUMI AI Factory"
    assert lumi["articles"] == ["tst_001", "tst_002"] and lumi["mentions"] == 2
    assert g.nodes[EUROHPC]["mentions"] == 3
    assert g.nodes[FINLAND]["wikidata"] == "http://www.wikidata.org/entity/Q33"
    assert g.nodes[str(ID["country/italie"])]["label"] == "Italië"  # @nl before @en
    assert "wikidata" not in g.nodes[str(ID["company/stargate"])]


def test_values_become_attributes_not_nodes(fixture_store):
    g = build_view(fixture_store)
    assert not [n for n in g if "/value/" in n or "/fact/" in n]
    lumi = g.nodes[LUMI]
    assert lumi["budget"] == ["≥ 600,000,000 EUR"]
    assert lumi["sector"] == ["space"] and lumi["isUpgrade"] is True
    assert lumi["operationalFrom"] == ["2025-06"]
    it4lia = g.nodes[str(ID["aifactory/it4lia"])]
    assert it4lia["sector"] == ["agrifood", "cybersecurity"] and it4lia["isUpgrade"] is False
    assert g.nodes[str(ID["programme/investai"])]["budget"] == [
        "15,000,000,000–25,000,000,000 EUR"]
    # an investment without a target stays on its investor ...
    assert g.nodes[str(ID["organization/europese-commissie"])]["invests"] == [
        "≈ 200,000,000,000 EUR"]
    # ... one with a target is an edge to it
    [edge] = g.get_edge_data(str(ID["company/openai"]), str(ID["company/stargate"])).values()
    assert edge["predicate"] == "invests" and edge["amount"] == 500e9
    assert edge["currency"] == "USD" and edge["value"] == "500,000,000,000 USD"


def test_edges_carry_their_supporting_articles(fixture_store):
    g = build_view(fixture_store)
    edge = g.edges[LUMI, FINLAND, "hostCountry"]
    assert edge["articles"] == ["tst_001", "tst_002"] and edge["weight"] == 2
    assert edge["label"] == "gastland"  # the ontology's Dutch label
    assert g.edges[LUMI, EUROHPC, "fundedBy"]["weight"] == 2
    assert sum(w for *_, w in g.edges(data="weight")) == 21


def test_every_backend_gives_the_same_view(fixture_store, store):
    """``store`` (tests/conftest.py): embedded, in-memory and a remote Oxigraph server."""
    store.load(FIXTURE)
    a, b = build_view(fixture_store), build_view(store)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def test_articles_as_nodes(fixture_store):
    g = build_view(fixture_store, articles_as_nodes=True)
    articles = [n for n, t in g.nodes(data="type") if t == ARTICLE]
    assert len(articles) == 3
    mentions = [e for e in g.edges(data="predicate") if e[2] == MENTIONS]
    assert len(mentions) == 7 + 11 + 7
    assert g.nodes[articles[0]]["date"] == "2025-01"


def test_digraph_merges_parallel_facts(fixture_store):
    d = as_digraph(build_view(fixture_store))
    assert d.number_of_edges() == 19  # the fixture has no two facts between one pair
    assert d.edges[LUMI, FINLAND]["weight"] == 2 and d.edges[LUMI, FINLAND]["facts"] == 1


@pytest.mark.parametrize("date, since, until, inside", [
    ("2025-03-12", "2025", None, True),
    ("2025-03-12", "2025-04", None, False),
    ("2025-03-12", None, "2025-03", True),
    ("2025-03-12", None, "2025-02", False),
    ("2024", "2024-06", "2024-07", True),  # a year overlaps any month of it
    ("2025-01", "2024", "2024", False),
    (None, "2024", None, False),
    (None, None, None, True),
])
def test_date_ranges_overlap_reduced_dates(date, since, until, inside):
    assert in_range(date, since, until) is inside


def test_filter_by_article_counts_only_that_article(fixture_store):
    g = filtered_view(fixture_store, Filters(articles=("tst_001",)))
    assert g.number_of_nodes() == 7 and g.number_of_edges() == 7
    assert g.edges[LUMI, FINLAND, "hostCountry"]["weight"] == 1
    assert g.nodes[LUMI]["articles"] == ["tst_001"]
    with pytest.raises(NotFound, match="tst_999"):
        filtered_view(fixture_store, Filters(articles=("tst_999",)))


def test_filter_by_date_range(fixture_store):
    since = filtered_view(fixture_store, Filters(since="2025"))
    assert set(since.nodes[EUROHPC]["articles"]) == {"tst_001", "tst_002"}
    only_march = filtered_view(fixture_store, Filters(since="2025-02", until="2025-03-31"))
    assert {a for _, arts in only_march.nodes(data="articles") for a in arts} == {"tst_002"}
    assert str(ID["aifactory/it4lia"]) not in since
    with pytest.raises(UsageError, match="not a date"):
        Filters(since="last year")
    with pytest.raises(UsageError, match="after"):
        Filters(since="2025", until="2024")


def test_filter_by_type(fixture_store):
    g = filtered_view(fixture_store, Filters(types=("aifactory", "Country")))
    assert {t for _, t in g.nodes(data="type")} == {"AIFactory", "Country"}
    assert g.number_of_nodes() == 7 and g.number_of_edges() == 4  # partner x2, hostCountry x2
    with pytest.raises(UsageError, match="unknown type 'Planet'"):
        Filters(types=("Planet",))


def test_filter_by_predicate(fixture_store):
    g = filtered_view(fixture_store, Filters(predicates=("partner",)))
    assert {p for *_, p in g.edges(data="predicate")} == {"partner"}
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 3
    sectors = filtered_view(fixture_store, Filters(predicates=("sector",)))
    assert sectors.number_of_edges() == 0 and sectors.number_of_nodes() == 2  # two AI factories


def test_filter_by_predicate_keeps_articles_linked(fixture_store):
    g = filtered_view(fixture_store, Filters(predicates=("develops",)), articles_as_nodes=True)
    assert [t for _, t in g.nodes(data="type")].count(ARTICLE) == 1
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 3  # develops + 2 mentions


def test_neighbourhood(fixture_store):
    one = filtered_view(fixture_store, Filters(around="LUMI AI Factory", depth=1))
    assert one.number_of_nodes() == 6  # itself, Kajaani, Finland, 2 partners, EuroHPC
    two = filtered_view(fixture_store, Filters(around="kgid:aifactory/lumi-ai-factory", depth=2))
    assert str(ID["aifactory/it4lia"]) in two and str(ID["supercomputer/lumi"]) in two
    assert filtered_view(fixture_store, Filters(around=LUMI, depth=0)).number_of_nodes() == 1
    with pytest.raises(NotFound, match="Atlantis"):
        filtered_view(fixture_store, Filters(around="Atlantis"))


def test_largest_component(fixture_store):
    g = filtered_view(fixture_store, Filters(largest_component=True))
    assert (g.number_of_nodes(), g.number_of_edges()) == (12, 14)
    assert str(ID["region/europa"]) not in g


def test_filters_combine(fixture_store):
    g = filtered_view(fixture_store, Filters(since="2025", types=("AIFactory", "Country"),
                                             largest_component=True))
    assert set(g) == {LUMI, FINLAND, str(ID["country/denemarken"]),
                      str(ID["country/noorwegen"])}


def test_empty_store_gives_an_empty_view():
    g = filtered_view(open_store("memory:"), Filters(largest_component=True))
    assert g.number_of_nodes() == 0
