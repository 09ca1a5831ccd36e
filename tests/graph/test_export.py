"""Every export format read back by a reader kennisgraaf did not write, counts equal to the view's."""

import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal
from rdflib.namespace import RDF, RDFS

from kennisgraaf.cli import cli
from kennisgraaf.errors import UsageError
from kennisgraaf.graph.export import FORMATS, export, palette
from kennisgraaf.graph.filters import Filters, filtered_view
from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.namespace import ARTICLE, ID, KG, SCHEMA

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "graph" / "fixture.trig"
CYTOSCAPE_SCHEMA = json.loads((FIXTURE.parent / "cytoscape.schema.json").read_text())
# Quotes, backslashes, a newline, DOT and HTML syntax and a Graphviz escape in one label.
NASTY = 'Zeg "hoi" \\ }; n1 -> n2 [x]\n<b>&</b></script> \\N'
VIEW_FORMATS = [f for f in FORMATS.values() if f.write is not None]
VIEWS = [Filters(), Filters(types=("AIFactory", "Country")), Filters(largest_component=True)]


@pytest.fixture
def store_folder(tmp_path) -> Path:
    """An embedded store holding the fixture and one entity with a nasty label, closed
    (CLI tests open it themselves; an open handle would hold its lock)."""
    folder = tmp_path / "store"
    st = open_store(folder, create=True)
    st.load(FIXTURE)
    nasty, g = ID["company/nasty"], ARTICLE["tst_001"]
    st.add_quads([(nasty, RDF.type, KG.Company, g), (nasty, RDFS.label, Literal(NASTY, lang="nl"), g),
                  (g, SCHEMA.mentions, nasty, g), (nasty, KG.headquarteredIn, ID["country/finland"], g)])
    st.close()
    return folder


@pytest.fixture
def fixture_store(store_folder):
    st = open_store(store_folder)
    yield st
    st.close()


def _export(store, fmt, filters=None, **kw) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out=out, filters=filters, **kw)
    return out.getvalue()


def _counts(store, filters=None, articles_as_nodes=False) -> tuple[int, int]:
    g = filtered_view(store, filters, articles_as_nodes=articles_as_nodes)
    return g.number_of_nodes(), g.number_of_edges()


@pytest.mark.parametrize("filters", VIEWS)
def test_graphml_reads_back_in_networkx(fixture_store, filters):
    g = nx.read_graphml(io.BytesIO(_export(fixture_store, "graphml", filters)))
    assert (g.number_of_nodes(), g.number_of_edges()) == _counts(fixture_store, filters)
    lumi = g.nodes[str(ID["aifactory/lumi-ai-factory"])]
    assert lumi["articles"] == "tst_001; tst_002" and lumi["type"] == "AIFactory"
    assert isinstance(lumi["betweenness"], float) and isinstance(lumi["community"], int)


def test_graphml_of_the_bipartite_view(fixture_store):
    g = nx.read_graphml(io.BytesIO(_export(fixture_store, "graphml", articles_as_nodes=True)))
    assert (g.number_of_nodes(), g.number_of_edges()) == _counts(fixture_store, None, True)


@pytest.mark.parametrize("filters", VIEWS)
def test_gexf_reads_back_with_colours_by_type(fixture_store, filters):
    g = nx.read_gexf(io.BytesIO(_export(fixture_store, "gexf", filters)))
    assert (g.number_of_nodes(), g.number_of_edges()) == _counts(fixture_store, filters)
    finland = g.nodes[str(ID["country/finland"])]
    colour = palette()["Country"].lstrip("#")
    assert finland["viz"]["color"] == {"r": int(colour[:2], 16), "g": int(colour[2:4], 16),
                                       "b": int(colour[4:], 16), "a": 1.0}
    assert finland["label"] == "Finland"


def test_cytoscape_json_passes_the_schema(fixture_store):
    data = json.loads(_export(fixture_store, "cytoscape", articles_as_nodes=True))
    jsonschema.validate(data, CYTOSCAPE_SCHEMA)
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert (len(nodes), len(edges)) == _counts(fixture_store, None, True)
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges} | ids) == len(edges) + len(ids)


def test_cytoscape_schema_rejects_an_edge_without_target():
    bad = {"elements": {"nodes": [{"data": {"id": "a"}}], "edges": [{"data": {"id": "e0",
                                                                              "source": "a"}}]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, CYTOSCAPE_SCHEMA)


def test_nodelink_reads_back_in_networkx(fixture_store):
    data = json.loads(_export(fixture_store, "nodelink"))
    g = nx.node_link_graph(data, edges="links")
    assert g.is_multigraph() and g.is_directed()
    assert (g.number_of_nodes(), g.number_of_edges()) == _counts(fixture_store)
    assert g.nodes[str(ID["aifactory/lumi-ai-factory"])]["sector"] == ["space"]


def _dot_svg(data: bytes) -> str:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is absent: apt-get install graphviz")
    done = subprocess.run(["dot", "-Tsvg"], input=data, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert not done.stderr, done.stderr.decode()  # no syntax warnings either
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize("filters", VIEWS)
def test_dot_draws_every_node_and_edge(fixture_store, filters):
    svg = _dot_svg(_export(fixture_store, "dot", filters))
    nodes, edges = _counts(fixture_store, filters)
    assert svg.count('class="node"') == nodes and svg.count('class="edge"') == edges


def test_dot_escapes_labels(fixture_store):
    svg = _dot_svg(_export(fixture_store, "dot", Filters(around=str(ID["company/nasty"]))))
    assert svg.count('class="node"') == 2
    # the label survives whole: quotes, backslashes and brackets as text, newline as a line break
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert NASTY.split("\n") in [texts[i:i + 2] for i in range(len(texts))]


def test_html_is_self_contained(fixture_store):
    page = _export(fixture_store, "html").decode("utf-8")
    assert "cytoscape" in page and "Content-Security-Policy" in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    # a label cannot close the script element the data sits in
    assert page.count("</script>") == 2


@pytest.mark.parametrize("fmt, rdflib_name", [("turtle", "turtle"), ("trig", "trig"),
                                               ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_rdf_exports_hold_the_stored_graphs(fixture_store, fmt, rdflib_name):
    whole, part = Dataset(), Dataset()
    whole.parse(data=_export(fixture_store, fmt), format=rdflib_name)
    part.parse(data=_export(fixture_store, fmt, Filters(articles=("tst_003",))),
               format=rdflib_name)
    triples = {(s, p, o) for s, p, o, _ in whole.quads((None, None, None, None))}
    union = fixture_store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows
    assert len(triples) == len(set(union))
    named = {str(g.identifier) for g in part.graphs() if len(g)}
    if fmt == "turtle":
        assert (ARTICLE["tst_003"], RDF.type, SCHEMA.NewsArticle) in part
        assert (ARTICLE["tst_001"], RDF.type, SCHEMA.NewsArticle) not in part
    else:
        assert len({str(g.identifier) for g in whole.graphs() if len(g)}) == 3
        assert named == {str(ARTICLE["tst_003"])}


def test_rdf_exports_refuse_view_filters(fixture_store):
    with pytest.raises(UsageError, match="only --article"):
        _export(fixture_store, "trig", Filters(types=("Country",)))


def test_export_command_writes_a_file(store_folder, tmp_path):
    out = tmp_path / "lumi.graphml"
    result = CliRunner().invoke(cli, ["export", "--format", "graphml", "-o", str(out),
                                      "--around", "LUMI AI Factory", "--depth", "1",
                                      "--store", str(store_folder)])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(out).number_of_nodes() == 6
    assert "graphml, 6 nodes" in result.stderr
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("args, message", [
    (["--format", "trig", "--type", "Country"], "only --article"),
    (["--format", "dot", "--type", "Planet"], "unknown type"),
    (["--format", "dot", "--since", "gisteren"], "not a date"),
    (["--format", "html", "--around", "Atlantis"], "no entity 'Atlantis'"),
])
def test_export_command_errors_say_what_to_do(store_folder, tmp_path, args, message):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", *args, "-o", str(out),
                                      "--store", str(store_folder)])
    assert result.exit_code == 1 and message in result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_export_command_takes_the_format_from_the_suffix(store_folder, tmp_path):
    out = tmp_path / "graph.gexf"
    result = CliRunner().invoke(cli, ["export", "-o", str(out), "--store", str(store_folder)])
    assert result.exit_code == 0, result.stderr
    assert nx.read_gexf(out).number_of_nodes() == 22
    result = CliRunner().invoke(cli, ["export", "--store", str(store_folder)])
    assert result.exit_code == 1 and "give --format" in result.stderr


def test_export_command_to_stdout(store_folder, tmp_path):
    result = CliRunner().invoke(cli, ["export", "-f", "nodelink", "--article", "tst_002",
                                      "--store", str(store_folder)])
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["nodes"]) == 11


def test_every_format_is_in_the_docs():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text()
    for name in FORMATS:
        assert f"`{name}`" in docs, name


def test_view_formats_are_registered():
    assert {f.name for f in VIEW_FORMATS} == {"graphml", "gexf", "cytoscape", "nodelink", "dot",
                                              "html"}


@pytest.fixture(scope="module")
def seeds_folder(tmp_path_factory) -> Path:
    """The five seed articles of ../shared, ingested by the real pipeline into a closed store."""
    from tests.conftest import shared_path

    seeds = shared_path("corpus", "seeds")
    folder = tmp_path_factory.mktemp("seeds") / "store"
    result = CliRunner().invoke(cli, ["ingest", str(seeds), "--store", str(folder)])
    assert result.exit_code == 0, result.stderr
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("fmt, read", [
    ("graphml", lambda b: nx.read_graphml(io.BytesIO(b))),
    ("gexf", lambda b: nx.read_gexf(io.BytesIO(b))),
    ("nodelink", lambda b: nx.node_link_graph(json.loads(b), edges="links")),
])
def test_seed_articles_export(seeds_folder, fmt, read):
    with open_store(seeds_folder) as st:
        data, counts = _export(st, fmt), _counts(st)
    g = read(data)
    assert (g.number_of_nodes(), g.number_of_edges()) == counts
    assert counts[0] > 20 and counts[1] > 10
