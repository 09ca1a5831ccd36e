"""Parameters bound as VALUES blocks: where the blocks go, and that canned queries that
fold duplicates in sub-selects answer alike on every backend."""

import pytest
from rdflib import Literal, URIRef

from kennisgraaf.graph.bindings import inline_bindings
from kennisgraaf.graph.store import open_store
from kennisgraaf.queries.ask import ask_canned
from kennisgraaf.queries.lookup import clear_cache
from tests.conftest import DATA

E = {"entity": URIRef("https://example.org/e")}
BLOCK = "VALUES (?entity) { (<https://example.org/e>) }"


def test_block_opens_the_where_clause_and_each_projecting_sub_select():
    q = ("SELECT ?a WHERE { { SELECT DISTINCT ?entity ?a WHERE { ?entity <p> ?a } } "
         "{ SELECT ?x { ?entity <q> ?x } } }")
    out = inline_bindings(q, E)
    assert out.count(BLOCK) == 2
    # the sub-select that does not project ?entity keeps its own, unrelated variable
    assert out.endswith("{ SELECT ?x { ?entity <q> ?x } } }")
    assert inline_bindings("SELECT * { { SELECT * WHERE { ?entity ?p ?o } } }", E).count(BLOCK) == 2


def test_block_opens_graph_groups_that_use_a_bound_variable():
    # Oxigraph evaluates a GRAPH group with an OPTIONAL inside on its own: unbound,
    # the evidence lookup of a popular fact read every fact record of the graph.
    q = "SELECT ?ev WHERE { GRAPH ?a { ?entity <p> ?f OPTIONAL { ?a <id> ?i } } GRAPH <http://g> { ?x <q> ?y } }"
    out = inline_bindings(q, E)
    assert out.count(BLOCK) == 2
    assert out.index(BLOCK, out.index("GRAPH ?a {")) < out.index("?entity <p>")
    assert out.endswith("GRAPH <http://g> { ?x <q> ?y } }")  # no bound variable in it


def test_no_block_inside_a_sub_select_that_keeps_the_variable_its_own():
    q = ("SELECT ?m WHERE { ?entity <p> ?v { SELECT (MAX(?b) AS ?m) WHERE { "
         "GRAPH ?g { ?entity <budget> ?b } { SELECT ?entity ?c WHERE { ?entity <q> ?c } } } } }")
    out = inline_bindings(q, E)
    assert out.count(BLOCK) == 1 and out.index(BLOCK) < out.index("?entity <p>")


def test_block_skips_strings_iris_and_the_construct_template():
    out = inline_bindings('SELECT * FROM <http://g/{x}> { ?entity <p> "SELECT ?entity {" }', E)
    assert out.count(BLOCK) == 1 and '"SELECT ?entity {"' in out
    out = inline_bindings("CONSTRUCT { ?entity ?p ?o } WHERE { ?entity ?p ?o }", E)
    assert out.startswith("CONSTRUCT { ?entity ?p ?o } WHERE { " + BLOCK)
    assert inline_bindings("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": Literal("x")}).count("VALUES") == 1


CANNED = [("partners", {"entity": "BSC AI"}), ("budget", {"entity": "LUMI AI Factory"}),
          ("factories-in-country", {"country": "Italy"}), ("investors-in", {"entity": "Stargate"}),
          ("article-says", {"article": "fx-a", "entity": "Pharos"}),
          ("countries-most-factories", {}), ("total-budget", {})]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The fixture graph in an embedded store: the answers every backend must give."""
    st = open_store(tmp_path_factory.mktemp("bindings") / "store", create=True)
    st.load(DATA / "queries" / "fixture.trig")
    yield st
    st.close()


@pytest.fixture
def loaded(store):
    store.load(DATA / "queries" / "fixture.trig")
    clear_cache()
    yield store
    clear_cache()


@pytest.mark.parametrize(("query_id", "params"), CANNED)
def test_canned_answers_alike_on_every_backend(loaded, query_id, params, reference):
    got = ask_canned(loaded, query_id, params)
    want = ask_canned(reference, query_id, params)
    assert got["answers"] and got["answers"] == want["answers"]
