"""The store commands as a user runs them: one clear line and a non-zero exit on bad input."""

import subprocess
import sys

import pytest

TTL = """@prefix ex: <http://example.org/> .
ex:lumi ex:label "LUMI" ; ex:budget 600 .
"""


def kg(*args: str, store) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kennisgraaf", *args, "--store", str(store)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def loaded(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text(TTL, encoding="utf-8")
    store = tmp_path / "store"
    assert kg("load", str(data), store=store).returncode == 0
    return store


def test_query_formats(loaded):
    table = kg("query", "SELECT ?l WHERE { ?s <http://example.org/label> ?l }", store=loaded)
    assert table.returncode == 0 and "LUMI" in table.stdout and "(1 row)" in table.stdout
    for fmt, marker in [("json", '"bindings"'), ("csv", "LUMI"), ("tsv", '"LUMI"')]:
        out = kg("query", "SELECT ?l WHERE { ?s <http://example.org/label> ?l }",
                 "--format", fmt, store=loaded)
        assert out.returncode == 0 and marker in out.stdout, fmt


def test_query_from_file(loaded, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    out = kg("query", f"@{rq}", "--format", "csv", store=loaded)
    assert out.stdout.splitlines()[-1] == "2"


@pytest.mark.parametrize("args, message", [
    (("query", "SELEC ?x WHERE {"), "bad SPARQL query"),
    (("query", "@/no/such/file.rq"), "cannot read the query file"),
    (("load", "/no/such/file.ttl"), "no such file"),
])
def test_bad_input_is_one_line_and_changes_nothing(loaded, args, message):
    out = kg(*args, store=loaded)
    assert out.returncode != 0
    assert message in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert kg("stats", store=loaded).stdout.startswith("triples  2")


def test_broken_file_loads_nothing(loaded, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(TTL + "ex:x ex:y", encoding="utf-8")
    out = kg("load", str(bad), store=loaded)
    assert out.returncode == 1 and "not valid turtle" in out.stderr
    assert "Traceback" not in out.stderr
    assert kg("stats", store=loaded).stdout.startswith("triples  2")


def test_missing_store_is_a_clear_error(tmp_path):
    out = kg("query", "SELECT * WHERE { ?s ?p ?o }", store=tmp_path / "nowhere")
    assert out.returncode == 1 and "no store at" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "nowhere").exists()
