"""Centrality, communities and the best connected entities; ``stats --graph``."""

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kennisgraaf.cli import cli
from kennisgraaf.graph.analysis import analyse, graph_report, summary, top_entities, undirected
from kennisgraaf.graph.store import open_store
from kennisgraaf.graph.view import ARTICLE, build_view
from kennisgraaf.ontology.namespace import ID

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "graph" / "fixture.trig"


@pytest.fixture
def fixture_store(tmp_path):
    st = open_store(tmp_path / "store", create=True)
    st.load(FIXTURE)
    yield st
    st.close()


def test_every_node_gets_the_measures(fixture_store):
    g = analyse(build_view(fixture_store))
    for _, d in g.nodes(data=True):
        assert {"degree", "degree_centrality", "betweenness", "community"} <= d.keys()
    lumi = g.nodes[str(ID["aifactory/lumi-ai-factory"])]
    assert lumi["degree"] == 5
    assert lumi["degree_centrality"] == pytest.approx(5 / 20)
    assert g.nodes[str(ID["region/europa"])]["betweenness"] == 0


def test_communities_split_the_unconnected_parts(fixture_store):
    g = analyse(build_view(fixture_store))
    community = dict(g.nodes(data="community"))
    # no community spans two connected parts
    for part in nx.weakly_connected_components(g):
        others = {community[n] for n in g if n not in part}
        assert not {community[n] for n in part} & others
    assert community[str(ID["company/nvidia"])] == community[str(ID["person/jensen-huang"])]
    assert summary(g) == {"nodes": 21, "edges": 19, "components": 5,
                          "communities": len(set(community.values()))}


def test_top_entities(fixture_store):
    g = analyse(build_view(fixture_store, articles_as_nodes=True))
    top = top_entities(g, 3)
    assert top[0]["label"] == "LUMI AI Factory"
    assert all(r["type"] != ARTICLE for r in top_entities(g, 100))
    assert len(top_entities(g, 100)) == 21


def test_parallel_facts_add_up_in_the_undirected_weights():
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", key="partner", weight=2)
    g.add_edge("b", "a", key="fundedBy", weight=1)
    g.add_edge("a", "a", key="self", weight=1)
    u = undirected(g)
    assert u.number_of_edges() == 1 and u.edges["a", "b"]["weight"] == 3


def test_betweenness_is_sampled_on_big_graphs_and_repeatable():
    g = nx.MultiDiGraph(nx.gnm_random_graph(400, 1200, seed=1, directed=True))
    first = dict(analyse(g.copy(), samples=50).nodes(data="betweenness"))
    second = dict(analyse(g.copy(), samples=50).nodes(data="betweenness"))
    assert first == second and max(first.values()) > 0


def test_empty_graph():
    g = analyse(nx.MultiDiGraph())
    assert summary(g) == {"nodes": 0, "edges": 0, "components": 0, "communities": 0}
    assert top_entities(g) == []


def test_graph_report(fixture_store):
    text = graph_report(fixture_store, 2)
    assert text.splitlines()[0] == ("entity graph  21 entities, 19 facts, 5 connected parts, "
                                    f"{summary(analyse(build_view(fixture_store)))['communities']}"
                                    " communities")
    assert len(text.splitlines()) == 4 and "LUMI AI Factory" in text.splitlines()[2]


def test_stats_graph_command(tmp_path):
    st = open_store(tmp_path / "store", create=True)
    st.load(FIXTURE)
    st.close()
    del st  # drop the handle: the command opens the store itself
    result = CliRunner().invoke(cli, ["stats", "--graph", "--top", "3",
                                      "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("entity graph"))
    assert len(lines) - at == 5 and "LUMI AI Factory" in lines[at + 2]
    plain = CliRunner().invoke(cli, ["stats", "--store", str(tmp_path / "store")])
    assert "entity graph" not in plain.stdout
