"""The HTML export opens in headless Chromium with no network and draws every node."""

import io
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from kennisgraaf.graph.export import export
from kennisgraaf.graph.filters import Filters, filtered_view
from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.namespace import ARTICLE, ID, KG, SCHEMA

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "graph" / "fixture.trig"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Whether every node was laid out, is visible and has a finite place on the page.
DRAWN = """() => {
  const cy = window.cy;
  const drawn = cy.nodes().filter((n) => {
    const box = n.renderedBoundingBox();
    return n.visible() && Number.isFinite(box.x1) && Number.isFinite(box.y1) && box.w > 0;
  });
  return {nodes: cy.nodes().length, edges: cy.edges().length, drawn: drawn.length};
}"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def fixture_store():
    st = open_store("memory:")
    st.load(FIXTURE)
    # a label that would end the <script> element if the data were not escaped
    evil, g = ID["company/evil"], ARTICLE["tst_002"]
    st.add_quads([(evil, RDF.type, KG.Company, g),
                  (evil, RDFS.label, Literal('</script><script>alert("x")</script>'), g),
                  (g, SCHEMA.mentions, evil, g)])
    return st


def _open(browser, path: Path) -> tuple[dict, list[str], list[str]]:
    """Open the page with every request but the file itself aborted; return what it drew,
    the requests it tried and the errors it raised."""
    context = browser.new_context(offline=True)
    page = context.new_page()
    tried, errors = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def block(route):
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            tried.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    page.goto(path.as_uri())
    page.wait_for_function("window.kennisgraafReady === true", timeout=30_000)
    drawn = page.evaluate(DRAWN)
    context.close()
    return drawn, tried, errors


@pytest.mark.parametrize("filters, bipartite", [(Filters(), False), (Filters(), True),
                                                (Filters(types=("Country",)), False)])
def test_html_draws_every_node_offline(browser, fixture_store, tmp_path, filters, bipartite):
    buf = io.BytesIO()
    export(fixture_store, "html", out=buf, filters=filters, articles_as_nodes=bipartite)
    path = tmp_path / "graph.html"
    path.write_bytes(buf.getvalue())
    view = filtered_view(fixture_store, filters, articles_as_nodes=bipartite)
    drawn, tried, errors = _open(browser, path)
    assert errors == [] and tried == []
    assert drawn == {"nodes": view.number_of_nodes(), "edges": view.number_of_edges(),
                     "drawn": view.number_of_nodes()}

