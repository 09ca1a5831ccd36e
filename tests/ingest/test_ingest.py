"""Ingest as a user runs it: seeds in, idempotence, changes, removal, a killed run."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from kennisgraaf.errors import KennisgraafError
from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.iris import article_iri
from tests.conftest import shared_path

FACTORIES = """
SELECT ?label (SAMPLE(?countryLabel) AS ?country) (MAX(?amount) AS ?budget) WHERE {
  ?f a kg:AIFactory ; rdfs:label ?label .
  OPTIONAL { ?f kg:hostCountry/rdfs:label ?countryLabel }
  OPTIONAL { ?f kg:budget/schema:value ?amount }
} GROUP BY ?label ORDER BY ?label"""

LUMI_PARTNERS = """
SELECT ?country ?article ?evidence WHERE {
  ?f a kg:AIFactory ; rdfs:label|skos:altLabel ?name ; kg:partner ?c .
  FILTER(CONTAINS(LCASE(STR(?name)), "lumi"))
  ?c a kg:Country ; rdfs:label ?country . FILTER(LANG(?country) = "nl")
  ?fact rdf:subject ?f ; rdf:predicate kg:partner ; rdf:object ?c ;
        prov:wasDerivedFrom ?article ; kg:evidenceText ?evidence .
}"""


def kg(*args: str, store: Path, check: bool = True) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "kennisgraaf", *args, "--store", str(store)],
                         capture_output=True, text=True, timeout=600)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def dump(store_dir: Path) -> set[tuple]:
    with open_store(store_dir) as st:
        res = st.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
        return set(res.rows)


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    seeds = shared_path("corpus", "seeds")
    store = tmp_path_factory.mktemp("seeds") / "store"
    kg("ingest", str(seeds), store=store)
    return store


def test_seed_factories_with_country_and_budget(seeds_store):
    with open_store(seeds_store) as st:
        rows = st.query(FACTORIES).rows
    by_label = {str(r[0]): r for r in rows}
    expected = {"HammerHAI": ("Duitsland", 85e6), "Pharos": ("Griekenland", 30e6),
                "BSC AI": ("Spanje", 198e6), "Mimer": ("Zweden", None),
                "IT4LIA": ("Italië", None), "L-AI": ("Luxemburg", None)}
    for name, (country, budget) in expected.items():
        assert name in by_label, f"{name} missing from {sorted(by_label)}"
        assert str(by_label[name][1]) == country
        if budget:
            assert float(by_label[name][2]) == budget
    assert any("LUMI" in label for label in by_label)


def test_lumi_partners_with_article_and_evidence(seeds_store):
    with open_store(seeds_store) as st:
        rows = st.query(LUMI_PARTNERS).rows
    countries = {str(r[0]) for r in rows}
    assert {"Denemarken", "Noorwegen", "Estland", "Polen", "Tsjechië"} <= countries
    for _, article, evidence in rows:
        assert article == article_iri("000_8f411ca1b4bbc9d4")
        assert "Denemarken" in str(evidence)


def test_ingested_seeds_validate(seeds_store):
    out = kg("validate", "--quiet", store=seeds_store, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_reingest_changes_nothing_change_replaces_one_graph_remove_takes_it_out(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 6)
    store = tmp_path / "store"
    kg("ingest", str(corpus), store=store)
    before = dump(store)
    out = kg("ingest", str(corpus), store=store)
    assert "6 unchanged" in out.stderr
    assert dump(store) == before

    victim = corpus / "gen_00002.txt"
    victim.write_text(victim.read_text(encoding="utf-8").replace(
        "hoogleraar", "onderzoeker"), encoding="utf-8")
    kg("ingest", str(corpus), store=store)
    after = dump(store)
    g = article_iri("gen_00002")
    assert {q for q in before if q[0] != g} == {q for q in after if q[0] != g}
    assert {q for q in before if q[0] == g} != {q for q in after if q[0] == g}

    kg("remove", "gen_00002", store=store)
    removed = dump(store)
    assert not any(q[0] == g for q in removed)
    assert {q for q in before if q[0] != g} == removed


def test_remove_unknown_article_is_a_clear_error(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 1)
    store = tmp_path / "store"
    kg("ingest", str(corpus), store=store)
    out = kg("remove", "nope", store=store, check=False)
    assert out.returncode == 1 and "no article nope" in out.stderr


def test_broken_article_is_skipped_and_the_rest_land(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 2)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    store = tmp_path / "store"
    out = kg("ingest", str(corpus), store=store, check=False)
    assert out.returncode == 1
    assert "2 new" in out.stderr and "2 failed" in out.stderr
    assert "Traceback" not in out.stderr
    with open_store(store) as st:
        assert len(st.graphs()) == 2


@pytest.mark.slow
def test_kill_9_during_ingest_then_ingest_again_equals_an_uninterrupted_run(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 200)
    clean = tmp_path / "clean"
    kg("ingest", str(corpus), "--batch-size", "10", store=clean)

    killed = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kennisgraaf", "ingest", str(corpus), "--batch-size", "10",
         "--store", str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    # Kill once some but not all articles are in.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if killed.exists() and _graph_count(killed) >= 20:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _graph_count(killed)
    assert 0 < partial < 200, f"kill landed at {partial} articles; the test needs a partial run"

    kg("ingest", str(corpus), store=killed)
    assert dump(killed) == dump(clean)


def _graph_count(store: Path) -> int:
    try:
        # A read-only snapshot: the ingest process holds the write lock.
        with open_store(store) as st:
            return len(st.graphs())
    except KennisgraafError:  # not created yet, or mid-open
        return 0
