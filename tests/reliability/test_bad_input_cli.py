"""Bad input at the command line: each gets one clear line on stderr, a non-zero exit, no
traceback, and the graph is unchanged (every quad compared before and after)."""

import json
import resource
import time

import pytest

from kennisgraaf.graph.guard import MAX_NESTING
from tests.reliability.conftest import (
    DATA,
    assert_one_line_error,
    dump,
    kg,
    synthetic_result,
    write_trig,
)

BIG = 10 * 1024 * 1024


def assert_skipped(out, name: str, *fragments: str) -> str:
    """A failed ingest: exit 1, no traceback, exactly one ``skipped`` line, naming the input."""
    assert out.returncode == 1, out
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    skipped = [line for line in out.stderr.splitlines() if line.startswith("kennisgraaf: skipped:")]
    assert len(skipped) == 1 and name in skipped[0], out.stderr[-3000:]
    for fragment in fragments:
        assert fragment.lower() in skipped[0].lower(), skipped[0]
    assert "0 new" in out.stderr and "1 failed" in out.stderr, out.stderr
    return skipped[0]


# --- articles ---------------------------------------------------------------

ARTICLE = ("De AI-fabriek Testfabriek Zuid in Italië krijgt een budget van 120 miljoen euro. "
           "Het Franse bedrijf Coëvrons investeert 15 miljoen euro in de fabriek.\n")

BAD_ARTICLES = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b" \n\t\n  \r\n", "empty"),
    "binary.txt": (bytes(range(256)) * 64, "not text"),
    "controls.txt": (bytes(range(1, 9)) * 4000, "not text"),
    "nul.html": (b"<html>\x00\x00\x00</html>", "not text"),
    "broken-utf16.txt": (b"\xff\xfe" + b"\x00\xd8" * 11, "utf-16"),
    "too-big.txt": (b"x" * (BIG + 1), "larger than 10 MB"),
    "markup-only.html": (b"<html><body><script>var a = 1;</script></body></html>", "empty"),
}
BAD_JSON = {
    "wrong-fields.json": ({"titel": "Zonder tekst", "tekst": ARTICLE}, "no \"text\""),
    "text-not-string.json": ({"text": 42}, "must be a string"),
    "title-not-string.json": ({"text": ARTICLE, "title": ["a"]}, "must be a string"),
    "bad-date.json": ({"text": ARTICLE, "date": "gisteren"}, "date"),
    "not-object.json": ([1], "not a json object"),
    "empty-list.json": ([], "empty list"),
    "id-object.json": ({"text": ARTICLE, "id": {"a": 1}}, "must be a string"),
}


@pytest.mark.parametrize("name", sorted(BAD_ARTICLES))
def test_bad_article_is_skipped_with_one_line_and_changes_nothing(base_store, tmp_path, name):
    raw, message = BAD_ARTICLES[name]
    path = tmp_path / name
    path.write_bytes(raw)
    before = dump(base_store)
    started = time.monotonic()
    out = kg("ingest", str(path), store=base_store)
    assert_skipped(out, name.rsplit(".", 1)[0], message)
    assert time.monotonic() - started < 60
    assert dump(base_store) == before


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_json_with_wrong_fields_is_skipped_and_changes_nothing(base_store, tmp_path, name):
    record, message = BAD_JSON[name]
    path = tmp_path / name
    path.write_text(json.dumps(record), encoding="utf-8")
    before = dump(base_store)
    out = kg("ingest", str(path), store=base_store)
    assert_skipped(out, name.rsplit(".", 1)[0], message)
    assert dump(base_store) == before


def test_bad_json_lines_record_is_skipped_and_the_good_one_lands(base_store, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"id": "goed", "text": ARTICLE}) + "\n{\"text\": \n"
                    + json.dumps({"id": "fout", "txt": ARTICLE}) + "\n", encoding="utf-8")
    out = kg("ingest", str(path), store=base_store)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "1 new" in out.stderr and "2 failed" in out.stderr, out.stderr
    listed = kg("articles", "--json", store=base_store).stdout
    ids = {json.loads(line)["id"] for line in listed.splitlines()}
    assert "goed" in ids and "fout" not in ids


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-16-be", "utf-8-sig"])
def test_mis_encoded_article_is_read_with_the_right_text(tmp_path, base_store, encoding):
    text = ARTICLE + "Zij noemen het „een belangrijke stap” – aldus het café.\n"
    if encoding == "latin-1":  # Latin-1 has no typographic quotes or dashes
        text = text.replace("„", '"').replace("”", '"').replace("–", "-")
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path = tmp_path / f"enc-{encoding}.txt"
    path.write_bytes(raw)
    out = kg("extract", str(path), "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    labels = {e["label"] for e in result["entities"]}
    assert "Italië" in labels, labels
    assert any("Coëvrons" in label for label in labels), labels
    ingested = kg("ingest", str(path), store=base_store)
    assert ingested.returncode == 0 and "1 new" in ingested.stderr, ingested.stderr
    found = kg("query", "SELECT ?l WHERE { ?c a kg:Country ; rdfs:label ?l }", "--format", "csv",
               store=base_store)
    assert "Italië" in found.stdout, found.stdout


@pytest.mark.slow
def test_html_nested_100000_deep_is_read_in_bounded_time(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + ARTICLE + "</div>" * 100_000
                    + "</body></html>", encoding="utf-8")
    started = time.monotonic()
    out = kg("extract", str(path), "--json", timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Traceback" not in out.stderr
    assert json.loads(out.stdout)["entities"], "the text inside the divs is found"
    assert time.monotonic() - started < 60


def test_ten_megabyte_article_on_stdin_is_refused_cleanly(base_store):
    before = dump(base_store)
    out = kg("ingest", "-", store=base_store, input=b"a" * (BIG + 10))
    assert_skipped(out, "stdin", "larger than 10 MB")
    assert dump(base_store) == before


# --- RDF files ----------------------------------------------------------------

def _load_fails(store, path, *fragments, fmt=None):
    before = dump(store)
    args = ["load", str(path)] + (["--format", fmt] if fmt else [])
    out = kg(*args, store=store)
    line = assert_one_line_error(out, *fragments)
    assert dump(store) == before
    return line


@pytest.mark.parametrize("name, fragment", [
    ("malformed.ttl", "not valid turtle"),
    ("malformed.nt", "not valid ntriples"),
    ("malformed.trig", "not valid trig"),
    ("malformed.jsonld", "not valid jsonld"),
    ("malformed.rdf", "not valid rdfxml"),
    ("billion-laughs.rdf", "<!ENTITY>"),
    ("external-entity.rdf", "<!ENTITY>"),
    ("parameter-entity.rdf", "<!ENTITY>"),
])
def test_bad_rdf_file_is_refused_and_loads_nothing(base_store, name, fragment):
    _load_fails(base_store, DATA / name, fragment)


def test_broken_last_line_of_a_big_file_loads_nothing(base_store, tmp_path):
    path = tmp_path / "broken-at-end.nt"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(100_000):
            fh.write(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n")
        fh.write("<http://example.org/s> <http://example.org/p> .\n")
    _load_fails(base_store, path, "not valid ntriples")


@pytest.mark.slow
def test_huge_ntriples_file_loads_whole(tmp_path):
    """50 MB of N-Triples loads in one transaction, all of it. Memory is recorded: Oxigraph's
    transactional load holds the whole file (200 MB took 1.26 GB and 2.5 min; its bulk
    loader as much), so the bound is an expected failure until load streams in chunks."""
    path = tmp_path / "huge.nt"
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.writelines(f"<http://example.org/s{i}> <http://example.org/p{i % 50}> "
                          f"\"value {i} {'x' * 60}\" .\n" for i in range(n, n + 100_000))
            n += 100_000
    store = tmp_path / "store"
    out = kg("load", str(path), store=store, timeout=600)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert out.returncode == 0, out.stderr
    assert f"{n} statements loaded" in out.stderr
    assert kg("stats", store=store).stdout.startswith(f"triples  {n}")
    size = path.stat().st_size
    path.unlink()
    if peak_kb * 1024 > size:
        pytest.xfail(f"peak RSS {peak_kb // 1024} MB for a {size // 2**20} MB file: "
                     "kennisgraaf/graph/oxigraph_backend.py load() does not stream")


@pytest.mark.parametrize("fmt", ["rdfxml", "jsonld"])
def test_rdf_that_points_at_the_network_fetches_nothing(base_store, tmp_path, listener, fmt):
    """External DTDs, remote JSON-LD contexts: the parsers never fetch them."""
    if fmt == "rdfxml":
        text = (f'<?xml version="1.0"?><!DOCTYPE rdf:RDF SYSTEM "{listener.url}x.dtd">'
                '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns:e="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
                "<e:p>&remote;</e:p></rdf:Description></rdf:RDF>")
        path = tmp_path / "dtd.rdf"
    else:
        text = json.dumps({"@context": listener.url + "context.jsonld",
                           "@id": "http://example.org/a", "name": "x"})
        path = tmp_path / "context.jsonld"
    path.write_text(text, encoding="utf-8")
    _load_fails(base_store, path, "not valid")
    assert listener.hits == []


def test_rdfxml_entity_declaration_in_utf16_is_refused(base_store, tmp_path):
    """The <!ENTITY> check cannot be dodged by encoding the file in UTF-16."""
    path = tmp_path / "laughs-utf16.rdf"
    path.write_bytes((DATA / "billion-laughs.rdf").read_text("utf-8")
                     .replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    _load_fails(base_store, path, "rdfxml")


# --- SPARQL -------------------------------------------------------------------

def _query_arg(sparql: str, folder) -> str:
    """The query as an argument, or as @file when the OS would refuse it (NUL, > 100 kB)."""
    if "\x00" not in sparql and len(sparql) < 100_000:
        return sparql
    path = folder / f"query-{abs(hash(sparql))}.rq"
    path.write_text(sparql, encoding="utf-8")
    return f"@{path}"


def _query_fails(store, sparql, *fragments):
    before = dump(store)
    started = time.monotonic()
    line = assert_one_line_error(kg("query", _query_arg(sparql, store.parent), store=store),
                                 *fragments)
    assert time.monotonic() - started < 60
    assert dump(store) == before
    return line


@pytest.mark.parametrize("sparql, fragment", [
    ("SELEC ?x WHERE {", "bad SPARQL"),
    ("SELECT ?x WHERE { ?x ?p }", "bad SPARQL"),
    ("SELECT * WHERE { ?s ?p ?o } GROUP BY", "bad SPARQL"),
    ("SELECT ?x WHERE { ?x undefinedprefix:p ?o }", "bad SPARQL"),
    ("\x00\x01\x02", "bad SPARQL"),
    ("SELECT * WHERE " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000, "nests more than"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
     "nests more than"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 10_000 + "true) }", "nests more than"),
    ("SELECT * WHERE { ?s ?p " + "[ kg:p " * 10_000 + "?o" + " ]" * 10_000 + " }",
     "nests more than"),
])
def test_bad_query_is_one_line_and_the_process_does_not_crash(base_store, sparql, fragment):
    _query_fails(base_store, sparql, fragment)


@pytest.mark.parametrize("backend", ["embedded", "memory"])
def test_deep_nesting_is_refused_on_every_backend(base_store, backend):
    store = base_store if backend == "embedded" else "memory:"
    deep = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    line = assert_one_line_error(kg("query", deep, store=store), "nests more than")
    assert str(MAX_NESTING) in line


def test_nesting_up_to_the_limit_still_runs(base_store):
    depth = MAX_NESTING - 2
    out = kg("query", "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth,
             "--format", "csv", store=base_store)
    assert out.returncode == 0, out.stderr


def test_one_megabyte_query_runs(base_store):
    """A 1 MB VALUES block is long but legitimate: it runs, in bounded time."""
    values = " ".join(f"<https://w3id.org/kennisgraaf/id/organization/nope-{i:07d}>"
                      for i in range(17_000))
    sparql = f"SELECT (COUNT(?e) AS ?n) WHERE {{ VALUES ?e {{ {values} }} ?e ?p ?o }}"
    assert len(sparql) > 1_000_000
    started = time.monotonic()
    out = kg("query", _query_arg(sparql, base_store.parent), "--format", "csv", store=base_store)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["n", "0"]
    assert time.monotonic() - started < 30


def test_one_megabyte_of_garbage_is_one_line(base_store):
    line = _query_fails(base_store, "SELECT * WHERE { " + "?s ?p ?o ; " * 100_000, "bad SPARQL")
    assert len(line) < 1000


def test_query_from_an_empty_file_is_one_line(base_store, tmp_path):
    rq = tmp_path / "empty.rq"
    rq.write_text("", encoding="utf-8")
    _query_fails(base_store, f"@{rq}", "")


def test_synthetic_articles_validate(tmp_path):
    """The fixture data itself conforms: the durability tests rely on it."""
    store = tmp_path / "store"
    assert kg("load", str(write_trig(tmp_path / "a.trig", 0, 5)), store=store).returncode == 0
    out = kg("validate", "--quiet", store=store)
    assert out.returncode == 0, out.stdout + out.stderr
    assert synthetic_result(1)["article"]["id"] == "rel_00001"


# --- questions ------------------------------------------------------------------

QUESTIONS = {
    "empty": "",
    "blank": "   \t  ",
    "10000 characters": ("Welke landen financieren LUMI mee en " * 300)[:10_000],
    "10000 characters without spaces": "x" * 10_000,
    "punctuation": "?!.,;:-–—()[]{}\"'…?",
    # A NUL byte cannot travel in argv (the OS refuses it): see the --file test below.
    "control characters": "\x01\x07\x1b[31m?\x7f",
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_bad_question_gets_a_message_not_a_crash(base_store, name):
    if "ask" not in kg("--help").stdout:
        pytest.skip("kennisgraaf ask has not landed")
    before = dump(base_store)
    started = time.monotonic()
    out = kg("ask", QUESTIONS[name], "--json", store=base_store)
    assert time.monotonic() - started < 30
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    if out.returncode == 0:
        answer = json.loads(out.stdout)
        assert answer["answers"] == [] and answer.get("message"), answer
    else:
        assert_one_line_error(out)
    assert dump(base_store) == before


def test_questions_with_nul_bytes_on_stdin(base_store):
    """``ask --file -`` reads what argv cannot carry: each line gets its own answer or
    message, and the good question among NUL-laden ones still answers."""
    before = dump(base_store)
    lines = b"\x00\x00?\nWelke \x00 landen?\nWie zijn de partners van Testfabriek 1?\n"
    out = kg("ask", "--file", "-", "--json", store=base_store, input=lines)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr[-3000:]
    answers = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(answers) == 3
    assert answers[0]["answers"] == [] and answers[0].get("message")
    assert answers[2]["answers"], answers[2]
    assert dump(base_store) == before


def test_questions_that_are_not_utf8_are_refused_with_the_byte(base_store):
    before = dump(base_store)
    out = kg("ask", "--file", "-", store=base_store, input=b"Welke landen?\n\xff\xfe LUMI?\n")
    assert_one_line_error(out, "byte 14", "UTF-8")
    assert dump(base_store) == before
