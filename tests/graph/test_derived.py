"""The derived default graph: every named graph's triples, each once, on every backend
(the embedded store and a remote server keep it; rdflib's union is a set of its own)."""

import json

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kennisgraaf.errors import QueryError
from kennisgraaf.graph.derived import MARKER
from kennisgraaf.graph.oxigraph_backend import OxigraphStore
from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.namespace import DIRECT

EX = "http://example.org/"
P = URIRef(EX + "p")


def _graph(*objects: int) -> Graph:
    g = Graph()
    for o in objects:
        g.add((URIRef(EX + "s"), P, Literal(o)))
    return g


def _values(store) -> list[int]:
    return sorted(int(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }").rows)


def _assert_derived(store) -> None:
    """The embedded store's real default graph holds exactly the named graphs' triples."""
    if not isinstance(store, OxigraphStore):
        return
    named = {(q.subject, q.predicate, q.object) for q in store._ox
             if not isinstance(q.graph_name, ox.DefaultGraph)}
    default = {q.triple for q in store._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == {ox.Triple(*t) for t in named}


def test_a_triple_of_many_articles_is_answered_once(store):
    a, b, c = (URIRef(EX + n) for n in "abc")
    store.replace_graphs({a: _graph(1, 2), b: _graph(1), c: _graph(1, 3)})
    assert _values(store) == [1, 2, 3]
    assert store.count() == 5  # statements: quads in the named graphs
    store.drop_graphs([a, c])
    assert _values(store) == [1]
    store.replace_graphs({b: _graph(4)})
    assert _values(store) == [4]
    _assert_derived(store)


def test_user_updates_keep_the_default_graph(store):
    store.update(f"INSERT DATA {{ GRAPH <{EX}a> {{ <{EX}s> <{EX}p> 1, 2 }} "
               f"GRAPH <{EX}b> {{ <{EX}s> <{EX}p> 2 }} }}")
    store.update(f"DELETE DATA {{ GRAPH <{EX}a> {{ <{EX}s> <{EX}p> 1, 2 }} }}")
    assert _values(store) == [2]  # b still states it
    store.update(f"PREFIX ex: <{EX}> WITH ex:b DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 7 }} "
               "WHERE { ?s ?p ?o } ;")
    assert _values(store) == [7]
    store.update("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?o = 7) }")
    assert _values(store) == []
    _assert_derived(store)


def test_writing_the_default_graph_directly_is_refused(store):
    store.replace_graphs({URIRef(EX + "a"): _graph(1)})
    with pytest.raises(QueryError, match="named graph"):
        store.update(f"INSERT DATA {{ <{EX}s> <{EX}p> 9 }}")
    with pytest.raises(QueryError):
        store.update("CLEAR DEFAULT")
    assert _values(store) == [1]


def test_default_graph_triples_of_a_file_go_to_direct(store, tmp_path):
    path = tmp_path / "x.ttl"
    path.write_text(f"<{EX}s> <{EX}p> 5 .\n", encoding="utf-8")
    assert store.load(path) == 1
    store.add_quads([(URIRef(EX + "s"), P, Literal(6), None)])
    assert store.graphs() == [DIRECT]
    assert _values(store) == [5, 6]
    store.update(f"CLEAR GRAPH <{DIRECT}>")
    assert _values(store) == []
    _assert_derived(store)


def test_an_older_store_is_upgraded_once(tmp_path):
    path = tmp_path / "old"
    old = ox.Store(str(path))  # written the old way: Oxigraph's union, direct default triples
    s, p = ox.NamedNode(EX + "s"), ox.NamedNode(str(P))
    old.extend([ox.Quad(s, p, ox.Literal("1"), ox.NamedNode(EX + "a")),
                ox.Quad(s, p, ox.Literal("1"), ox.NamedNode(EX + "b")),
                ox.Quad(s, p, ox.Literal("2"), ox.DefaultGraph())])
    old.flush()
    del old
    with open_store(path) as st_:
        assert [str(r[0]) for r in st_.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o").rows] \
            == ["1", "2"]
        assert DIRECT in st_.graphs()
        _assert_derived(st_)
    assert json.loads((path / MARKER).read_text()) == {"default_graph": "derived"}


OPS = st.lists(st.tuples(st.sampled_from(["replace", "drop", "insert", "delete", "clear-var"]),
                         st.sampled_from("abc"), st.lists(st.integers(0, 4), max_size=3)),
               max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_of_writes_keeps_the_union(ops):
    store = OxigraphStore(None)
    for op, name, objects in ops:
        g = URIRef(EX + name)
        body = " ".join(f"<{EX}s> <{EX}p> {o} ." for o in objects)
        if op == "replace":
            store.replace_graphs({g: _graph(*objects)})
        elif op == "drop":
            store.drop_graphs([g])
        elif op == "insert":
            store.update(f"INSERT DATA {{ GRAPH <{g}> {{ {body} }} }}")
        elif op == "delete":
            store.update(f"DELETE DATA {{ GRAPH <{g}> {{ {body} }} }}")
        else:
            store.update(f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                         f"FILTER(?o IN ({', '.join(map(str, objects)) or 99})) }}")
        _assert_derived(store)


@pytest.mark.parametrize("tail", ["", " ;", " ;\n", " ; # done", " # done;", " ;\n# done;\n"])
def test_an_update_may_end_with_a_separator_or_a_comment(store, tail):
    store.update(f"PREFIX ex: <{EX}>\nINSERT DATA {{ GRAPH ex:a {{ ex:s ex:p 1 }} }}{tail}")
    assert _values(store) == [1]
    _assert_derived(store)
