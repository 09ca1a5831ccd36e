"""Which named graphs an update writes, and the updates that write the default graph."""

import pyoxigraph as ox
import pytest

from kennisgraaf.errors import QueryError
from kennisgraaf.graph.update_scope import UpdateScope, update_scope
from kennisgraaf.ontology.namespace import DIRECT, KG, sparql_prefixes

G, H = "http://example.org/g", "http://example.org/h"
EX = "PREFIX ex: <http://example.org/> "
T = "<http://example.org/s> <http://example.org/p> <http://example.org/o>"


def graphs(*names: str) -> UpdateScope:
    return UpdateScope(frozenset(names), False)


WRITES = [
    # the data and template forms
    (f"INSERT DATA {{ GRAPH <{G}> {{ {T} }} }}", graphs(G)),
    (f"DELETE DATA {{ GRAPH <{G}> {{ {T} }} }}", graphs(G)),
    (f"DELETE WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}", graphs(G)),
    (f"INSERT DATA {{ GRAPH <{G}> {{ {T} }} GRAPH <{H}> {{ {T} }} }}", graphs(G, H)),
    (f"INSERT DATA {{ GRAPH <{G}> {{ {T} }} . GRAPH <{H}> {{ {T} }} . }}", graphs(G, H)),
    (f"INSERT DATA {{ GRAPH <{G}> {{ {T} }}.GRAPH <{H}> {{ {T} }} }}", graphs(G, H)),
    (f"INSERT DATA {{ GRAPH <{G}> {{ }} }}", graphs(G)),
    ("INSERT DATA { }", graphs()),
    (f"INSERT {{ GRAPH <{G}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}", graphs(G)),
    (f"DELETE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}",
     graphs(G)),
    (f"DELETE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} INSERT {{ GRAPH <{H}> {{ ?s ?p ?o }} }} "
     "USING <http://example.org/u> USING NAMED <http://example.org/n> "
     "WHERE { ?s ?p ?o }", graphs(G, H)),
    # WITH: the template's triples write the WITH graph; USING and WHERE are only read
    (f"WITH <{G}> DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 1 }} WHERE {{ ?s ?p ?o }}",
     graphs(G)),
    (f"WITH <{G}> INSERT {{ ?s ?p ?o . GRAPH <{H}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}",
     graphs(G, H)),
    (f"WITH <{G}> INSERT {{ GRAPH <{H}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}", graphs(H)),
    (f"WITH <{G}> INSERT {{ [ <{H}> ( 1 2 ) ] a ?o }} WHERE {{ ?s ?p ?o }}", graphs(G)),
    (f"INSERT {{ GRAPH <{G}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
     graphs(G)),
    (f"INSERT {{ GRAPH <{G}> {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT * {{ ?s ?p ?o }} }} "
     "FILTER(?o < 3 && ?o > 1) }", graphs(G)),
    # graph management
    (f"CLEAR GRAPH <{G}>", graphs(G)),
    (f"DROP SILENT GRAPH <{G}>", graphs(G)),
    (f"CREATE GRAPH <{G}>", graphs()),
    (f"CREATE SILENT GRAPH <{G}>", graphs()),
    (f"LOAD <http://example.org/data.ttl> INTO GRAPH <{G}>", graphs(G)),
    (f"LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <{G}>", graphs(G)),
    (f"ADD <{G}> TO <{H}>", graphs(H)),
    (f"ADD SILENT GRAPH <{G}> TO GRAPH <{H}>", graphs(H)),
    (f"COPY <{G}> TO <{H}>", graphs(H)),
    (f"COPY DEFAULT TO <{G}>", graphs(G)),
    (f"ADD DEFAULT TO <{G}>", graphs(G)),
    (f"MOVE <{G}> TO <{H}>", graphs(G, H)),
    # names: prefixed, predefined, BASE-relative
    (EX + f"INSERT DATA {{ GRAPH ex:g {{ {T} }} }}", graphs(G)),
    ("INSERT DATA { GRAPH kgart:a1 { kgid:x a kg:AIFactory } }",
     graphs("https://w3id.org/kennisgraaf/article/a1")),
    ("PREFIX kgart: <http://example.org/> INSERT DATA { GRAPH kgart:g { <a:s> <a:p> 1 } }",
     graphs(G)),
    (f"PREFIX : <http://example.org/> CLEAR GRAPH :g ; DROP GRAPH <{H}>", graphs(G, H)),
    ("BASE <http://example.org/dir/> INSERT DATA { GRAPH <g> { <s> <p> <o> } }",
     graphs("http://example.org/dir/g")),
    ("BASE <http://example.org/dir/> CLEAR GRAPH <../g>", graphs(G)),
    # an absolute IRI is kept as written, as Oxigraph keeps it
    ("BASE <http://example.org/> CLEAR GRAPH <http://example.org/a/../g>",
     graphs("http://example.org/a/../g")),
    ("BASE <http://example.org/> PREFIX ex: <dir/> CLEAR GRAPH ex:g",
     graphs("http://example.org/dir/g")),
    (f"BASE <http://example.org/> INSERT DATA {{ GRAPH <{H}> {{ {T} }} }}", graphs(H)),
    ("BASE <http://example.org/a/> CLEAR GRAPH <g> ; BASE <http://example.org/b/> "
     "CLEAR GRAPH <g>", graphs("http://example.org/a/g", "http://example.org/b/g")),
    (EX + "CLEAR GRAPH ex:g ; CLEAR GRAPH ex:h ;", graphs(G, H)),
    # what the tokens skip: strings, comments, keywords inside names
    (f'INSERT DATA {{ GRAPH <{G}> {{ <a:s> <a:p> "}} GRAPH <{H}> {{ <a:x>" }} }}', graphs(G)),
    (f"INSERT DATA {{ GRAPH <{G}> {{ <a:s> <a:p> '''}}\n}} INSERT DATA {{ <a:x> <a:y> 1 '''"
     " } }", graphs(G)),
    (f"# INSERT DATA {{ <a:s> <a:p> 1 }}\nINSERT DATA {{ GRAPH <{G}> {{ {T} # }} }} \n}} }}",
     graphs(G)),
    (f'WITH <{G}> INSERT {{ ?s ?p "x"@graph }} WHERE {{ ?s ?p ?o }}', graphs(G)),
    (EX + f"INSERT DATA {{ GRAPH <{G}> {{ ex:graph ex:insert ex:default }} }}", graphs(G)),
    (f"INSERT DATA {{ GRAPH <{G}> {{ <a:s> <a:p> <a:o> {{| <a:q> <a:r> |}} }} }}", graphs(G)),
    (f"insert data {{ graph <{G}> {{ {T} }} }} ; Clear Graph <{H}>", graphs(G, H)),
    # \u escapes: Oxigraph expands them in IRIs and strings only
    (f"INSERT DATA {{ GRAPH <http://example.org/\\u0067> {{ {T} }} }}", graphs(G)),
    ("INSERT DATA { GRAPH <a:\\u0041#f> { <a:s> <a:p> 1 } }", graphs("a:A#f")),
    (f"INSERT DATA {{ GRAPH <{G}> {{ <a:s> <a:p> '<a:\\u0027>' }} }}", graphs(G)),
    (EX + f"INSERT DATA {{ GRAPH <{G}> {{ ex:it\\'s <a:p> 'it\\'s', '\\\\', \"\\\\'\" }} }}",
     graphs(G)),
    ("", graphs()),
    ("# nothing\n", graphs()),
    (EX, graphs()),
]

EVERYTHING_UPDATES = [
    "INSERT { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DELETE WHERE { GRAPH $g { ?s ?p ?o } }",
    "CLEAR ALL",
    EX + "CLEAR GRAPH ex:a\\.b",
    "INSERT DATA { GRAPH <http://example.org/\\u0027> { <a:s> <a:p> 1 } }",
    "DROP NAMED",
    "CLEAR SILENT NAMED",
    "DROP ALL",
    "INSERT DATA { GRAPH <g> { <a:s> <a:p> 1 } }",  # relative, no BASE
    "INSERT DATA { GRAPH nope:g { <a:s> <a:p> 1 } }",  # undeclared prefix
    "WITH <g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT DATA { GRAPH <http://example.org/g> { <a:s> <a:p> 1 } } ; ; CLEAR ALL",  # ill-formed
    "INSERT DATA { GRAPH <http://example.org/g> { <a:s> <a:p> 1 }",  # unclosed
    "SELECT * WHERE { ?s ?p ?o }",  # not an update
]

DEFAULT_WRITES = [
    f"INSERT DATA {{ {T} }}",
    f"INSERT DATA {{ {T} . GRAPH <{G}> {{ {T} }} }}",
    f"INSERT DATA {{ GRAPH <{G}> {{ {T} }} {T} }}",
    "INSERT DATA { [ <a:p> 1 ] }",
    "INSERT DATA { ( 1 2 ) <a:p> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
    f"DELETE {{ ?s ?p ?o }} USING <{G}> WHERE {{ ?s ?p ?o }}",
    f"DELETE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} INSERT {{ ?s ?p ?o }} "
    f"WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}",
    "CLEAR DEFAULT",
    "DROP SILENT DEFAULT",
    "LOAD <http://example.org/data.ttl>",
    f"ADD <{G}> TO DEFAULT",
    f"COPY GRAPH <{G}> TO DEFAULT",
    f"MOVE DEFAULT TO <{G}>",
    f"MOVE <{G}> TO DEFAULT",
    # escapes that would hide a default triple from tokens that expanded them everywhere
    f'INSERT DATA {{ GRAPH <{G}> {{ <a:s> <a:p> "a\\u0022b" }} <a:a> <a:b> "c" . '
    f'GRAPH <{H}> {{ <a:s> <a:p> "d" }} }}',
    f"INSERT DATA {{ GRAPH <{G}> {{ <a:s> <a:p> <a:\\u0041#> }} <a:a> <a:b> <a:c> . "
    f"GRAPH <{H}> {{ <a:s> <a:p> 1 }}\n}}",
    EX + f"INSERT DATA {{ GRAPH <{G}> {{ ex:a\\'b <a:p> 1 }} <a:x> <a:y> <a:z> . "
    f"GRAPH <{H}> {{ ex:c\\'d <a:p> 'e' }} }}",
    # a default write after an operation whose graphs cannot be known
    f"CLEAR ALL ; INSERT DATA {{ {T} }}",
    f"INSERT {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }} ; insert data {{ {T} }}",
]

# From the W3C SPARQL 1.1 protocol tests (update_dataset_*, update_post_*)
KASEI = UpdateScope(frozenset({"http://kasei.us/2009/09/sparql/data/data1.rdf",
                               "http://example.org/protocol-update-dataset-test/"}), True)
W3C = [
    ("CLEAR ALL ; INSERT DATA { GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { "
     "<http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document } } ; INSERT { GRAPH "
     "<http://example.org/protocol-update-dataset-test/> { ?s a dc:BibliographicResource } } "
     "WHERE { ?s a foaf:Document }", KASEI),
    ("PREFIX dc: <http://purl.org/dc/terms/> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
     "CLEAR ALL ; INSERT DATA { GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { "
     "<http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document } } ; INSERT { GRAPH "
     "<http://example.org/protocol-update-dataset-test/> { ?s a dc:BibliographicResource } } "
     "WHERE { ?s a foaf:Document }", KASEI),
    ("PREFIX dc: <http://purl.org/dc/terms/> PREFIX foaf: <http://xmlns.com/foaf/0.1/> "
     "INSERT { GRAPH <http://example.org/protocol-update-dataset-graphs-test/> { "
     "?s a dc:BibliographicResource } } USING NAMED "
     "<http://kasei.us/2009/09/sparql/data/data1.rdf> WHERE { GRAPH ?g { ?s a foaf:Document } }",
     graphs("http://example.org/protocol-update-dataset-graphs-test/")),
]


@pytest.mark.parametrize(("text", "scope"), WRITES + W3C)
def test_the_graphs_an_update_writes(text, scope):
    assert update_scope(text) == scope


@pytest.mark.parametrize("text", EVERYTHING_UPDATES)
def test_graphs_that_cannot_be_known_mean_everything(text):
    assert update_scope(text).everything


@pytest.mark.parametrize("text", DEFAULT_WRITES)
def test_writing_the_default_graph_is_refused(text):
    with pytest.raises(QueryError, match="writes the default graph") as info:
        update_scope(text)
    assert f"<{DIRECT}>" in str(info.value)  # tells where such triples may go


def test_prefixes_can_be_replaced():
    text = "INSERT DATA { GRAPH kg:g { <a:s> <a:p> 1 } }"
    assert update_scope(text) == graphs(str(KG._NS) + "g")
    assert update_scope(text, prefixes={"kg": "http://example.org/"}) == graphs(G)
    assert update_scope(text, prefixes={}).everything


def test_a_large_insert_is_read_to_its_one_graph():
    triples = "\n".join(f'<http://example.org/s{i}> ex:p "{i} {{ GRAPH <x> {{" , [ a ex:T ] .'
                        for i in range(20_000))
    text = EX + f"INSERT DATA {{ GRAPH ex:g {{\n{triples}\n}} }} ; CLEAR GRAPH ex:h"
    assert update_scope(text) == graphs(G, H)


def _changes(text: str) -> set[str] | None:
    """The graphs (``DEFAULT`` too) Oxigraph changes when it runs ``text`` on a store with
    different triples in each graph; None when it refuses the text."""
    store = ox.Store()
    for name in ("g", "h", "u", "n", None):
        graph = ox.NamedNode(f"http://example.org/{name}") if name else ox.DefaultGraph()
        for o in (ox.Literal(name or "default"), ox.NamedNode("http://xmlns.com/foaf/0.1/Document")):
            store.add(ox.Quad(ox.NamedNode("http://example.org/s"),
                              ox.NamedNode("http://example.org/p"), o, graph))
    before = set(store)
    try:
        store.update(sparql_prefixes() + text)
    except (SyntaxError, RuntimeError):  # ill-formed; CREATE an existing graph
        return None
    return {str(q.graph_name).strip("<>") for q in before ^ set(store)}


@pytest.mark.parametrize("text", [t for t, _ in WRITES + W3C if "LOAD" not in t])
def test_oxigraph_changes_no_other_graph(text):
    scope, changed = update_scope(text), _changes(text)
    assert changed is None or scope.everything or changed <= scope.graphs


@pytest.mark.parametrize("text", [t for t in DEFAULT_WRITES if "LOAD" not in t])
def test_oxigraph_changes_the_default_graph_where_refused(text):
    assert "DEFAULT" in _changes(text)
