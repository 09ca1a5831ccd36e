"""The store suite: the same behaviour on the embedded, in-memory and remote backends."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kennisgraaf.errors import QueryError, RDFParseError
from kennisgraaf.graph.store import open_store

EX = "http://example.org/"
TTL = """@prefix ex: <http://example.org/> .
ex:lumi a ex:Factory ; ex:label "LUMI"@nl ; ex:budget 600 .
ex:hammer a ex:Factory ; ex:label "HammerHAI" .
"""
TRIG = """@prefix ex: <http://example.org/> .
ex:g1 { ex:a ex:p "één" . }
ex:g2 { ex:b ex:p "twee" . ex:c ex:p "drie" . }
"""


def graph_of(*triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def test_load_and_query(store, tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text(TTL, encoding="utf-8")
    assert store.load(path) == 5
    rows = store.query(
        "SELECT ?l WHERE { ?f a <http://example.org/Factory> ; <http://example.org/label> ?l }"
        " ORDER BY ?l").rows
    assert [str(r[0]) for r in rows] == ["HammerHAI", "LUMI"]
    assert store.count() == 5


def test_named_graphs_are_queried_as_a_union(store, tmp_path):
    path = tmp_path / "data.trig"
    path.write_text(TRIG, encoding="utf-8")
    store.load(path)
    assert store.graphs() == [URIRef(EX + "g1"), URIRef(EX + "g2")]
    values = {str(r[0]) for r in store.query("SELECT ?o WHERE { ?s ?p ?o }").rows}
    assert values == {"één", "twee", "drie"}
    scoped = store.query("SELECT ?o WHERE { GRAPH <http://example.org/g2> { ?s ?p ?o } }")
    assert len(scoped.rows) == 2


def test_replace_graph_is_idempotent_and_leaves_others(store):
    a, b = URIRef(EX + "ga"), URIRef(EX + "gb")
    t1 = (URIRef(EX + "s"), RDFS.label, Literal("een", lang="nl"))
    t2 = (URIRef(EX + "s"), RDFS.label, Literal("twee", lang="nl"))
    store.replace_graphs({a: graph_of(t1), b: graph_of(t2)})
    store.replace_graphs({a: graph_of(t1)})
    assert store.count() == 2
    store.replace_graphs({a: graph_of(t2)})
    assert store.count() == 2
    got = store.query("SELECT ?o WHERE { GRAPH <http://example.org/ga> { ?s ?p ?o } }").rows
    assert [str(r[0]) for r in got] == ["twee"]
    store.drop_graphs([a])
    assert store.graphs() == [b]


def test_bindings_are_bound_not_pasted(store):
    g = URIRef(EX + "g")
    store.replace_graphs({g: graph_of((URIRef(EX + "x"), RDFS.label, Literal('a "quoted" } label')),
                                      (URIRef(EX + "y"), RDFS.label, Literal("other")))})
    res = store.query("SELECT ?s WHERE { ?s rdfs:label ?l }",
                      bindings={"l": Literal('a "quoted" } label')})
    assert [r[0] for r in res.rows] == [URIRef(EX + "x")]


def test_ask_construct_and_serialisations(store):
    store.replace_graphs({URIRef(EX + "g"): graph_of((URIRef(EX + "x"), RDFS.label, Literal("x")))})
    assert store.query("ASK { ?s rdfs:label 'x' }").boolean is True
    graph = store.query("CONSTRUCT WHERE { ?s ?p ?o }").graph
    assert len(graph) == 1
    for fmt, marker in [("json", b'"vars"'), ("xml", b"<sparql"), ("csv", b"s\r\n"),
                        ("tsv", b"?s")]:
        data, media = store.query_serialized("SELECT ?s WHERE { ?s ?p ?o }", fmt)
        assert marker in data, fmt
    data, media = store.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", "ntriples")
    assert media == "application/n-triples" and b"<http://example.org/x>" in data


def test_bad_query_is_an_error_and_changes_nothing(store):
    store.replace_graphs({URIRef(EX + "g"): graph_of((URIRef(EX + "x"), RDFS.label, Literal("x")))})
    with pytest.raises(QueryError):
        store.query("SELEC ?x WHERE {")
    with pytest.raises(QueryError):
        store.update("INSERT DATA { <http://example.org/a> }")
    assert store.count() == 1


def test_bad_file_loads_nothing(store, tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(TTL + "\nex:z ex:p .\n", encoding="utf-8")  # valid start, broken end
    with pytest.raises(RDFParseError, match="broken.ttl"):
        store.load(path)
    assert store.count() == 0


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"])
def test_every_rdf_format_loads(store, tmp_path, suffix):
    from rdflib import Dataset

    from kennisgraaf.graph.formats import rdf_format_for_path

    src = Dataset()
    src.graph(URIRef(EX + "g")).parse(data=TTL, format="turtle")
    path = tmp_path / f"data{suffix}"
    fmt = rdf_format_for_path(path)
    data = src if fmt.quads else src.graph(URIRef(EX + "g"))
    path.write_bytes(data.serialize(format=fmt.rdflib, encoding="utf-8"))
    assert store.load(path) == 5


def test_embedded_store_persists_across_processes(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "data.ttl"
    path.write_text(TTL, encoding="utf-8")
    st = tmp_path / "store"
    code = ("import sys; from pathlib import Path; from kennisgraaf.graph.store import open_store;"
            "s = open_store(sys.argv[1], create=True); s.load(Path(sys.argv[2])); s.close()")
    subprocess.run([sys.executable, "-c", code, str(st), str(path)], check=True)
    with open_store(st) as reopened:
        assert reopened.count() == 5


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/x"><ex:p>&g;</ex:p></rdf:Description>
</rdf:RDF>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/x"><ex:p>&x;</ex:p></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("xml", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_xml_entities_are_refused(store, tmp_path, xml):
    path = tmp_path / "evil.rdf"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(RDFParseError, match="ENTITY"):
        store.load(path)
    assert store.count() == 0
