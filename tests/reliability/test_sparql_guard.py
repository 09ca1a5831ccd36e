"""The text checks of kennisgraaf.graph.guard: what they refuse and what they let through."""

import pytest

from kennisgraaf.errors import QueryError
from kennisgraaf.graph.guard import MAX_NESTING, check_sparql

ALLOWED = [
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT ?service WHERE { ?service kg:service ?o }",
    "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> { }' }",
    'SELECT * WHERE { ?s ?p """LOAD <http://x/>\n{{{{""" }',
    "SELECT * WHERE { ?s ?p ?o # SERVICE <http://x/>\n }",
    "SELECT * WHERE { ?s <http://x/SERVICE> ?o FILTER(?o<3 && ?o>1) }",
    "SELECT * WHERE { ?s ?p \"a\\\"{{{\" }",
    "SELECT * WHERE " + "{" * MAX_NESTING + "}" * MAX_NESTING,
    "SELECT * WHERE { FILTER(" + "!" * 100 + "true) FILTER(" + "!" * 100 + "true) }",
]
REFUSED_QUERIES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { \\U00000053ERVICE <http://x/> { ?s ?p ?o } }",
    "PREFIX e: <http://x/> SELECT * WHERE { SERVICE e:s { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }",
    # Expanded, \u0022 ends the string and hides the SERVICE inside it; Oxigraph expands
    # escapes only inside strings, so to it the SERVICE is real.
    'SELECT * WHERE { BIND("a\\u0022b" AS ?z) SERVICE <http://127.0.0.1:9/> { ?x ?y "c" } }',
    "SELECT * WHERE { SERVICE#c\n<http://x/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE",
    "SELECT * WHERE " + "{" * (MAX_NESTING + 1) + "}" * (MAX_NESTING + 1),
    "SELECT * WHERE { FILTER(" + "!" * (MAX_NESTING + 1) + "true) }",
    "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
]
REFUSED_UPDATES = [
    "LOAD <http://127.0.0.1:1/x>",
    "load silent <file:///etc/passwd> into graph <http://g>",
    "INSERT DATA { <http://a> <http://b> 1 } ; LOAD <http://x/>",
]


@pytest.mark.parametrize("text", ALLOWED)
def test_allowed(text):
    check_sparql(text)
    check_sparql(text, update=True)


@pytest.mark.parametrize("text", REFUSED_QUERIES)
def test_refused_query(text):
    with pytest.raises(QueryError):
        check_sparql(text)


@pytest.mark.parametrize("text", REFUSED_UPDATES)
def test_refused_update(text):
    with pytest.raises(QueryError, match="LOAD is refused"):
        check_sparql(text, update=True)


def test_insert_data_mentioning_load_is_fine():
    check_sparql("INSERT DATA { <http://a> <http://load> 'LOAD <x>' }", update=True)


def test_allow_list_names_exact_endpoints(monkeypatch):
    monkeypatch.setenv("KENNISGRAAF_SERVICE_ALLOWLIST", "http://ok.example/sparql")
    check_sparql("SELECT * WHERE { SERVICE <http://ok.example/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="ok.example/sparql"):
        check_sparql("SELECT * WHERE { SERVICE <http://ok.example/other> { ?s ?p ?o } }")


def test_a_megabyte_is_checked_quickly():
    import time

    text = "SELECT * WHERE { " + " ".join(f"?s <http://e/p{i}> 'v{i}' ." for i in range(30_000))
    started = time.perf_counter()
    check_sparql(text + " }")
    assert time.perf_counter() - started < 2
