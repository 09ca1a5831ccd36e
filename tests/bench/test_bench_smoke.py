"""The benchmarks run end to end in a tiny mode (no timing assertions: figures are the
benchmark's business, not the tests')."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import __main__ as suite
from bench import ingest_speed, query_latency
from bench.query_data import ANALYTICAL, synthetic_nquads
from tests.conftest import ROOT, oxigraph_binary


def test_synthetic_data_has_the_graph_model_shape():
    import random

    import pyoxigraph as ox

    data, typical = synthetic_nquads(3000, random.Random(1))
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_QUADS)
    assert 2000 < len(store) < 4500
    graphs = {q.graph_name for q in store}
    assert all(str(g.value).startswith("https://w3id.org/kennisgraaf/article/") for g in graphs)
    kinds = {str(t.object.value).rsplit("#", 1)[-1] for t in
             store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None)}
    assert {"AIFactory", "Country", "Fact", "Company", "Person"} <= kinds
    assert str(typical["AIFactory"]).startswith("https://w3id.org/kennisgraaf/id/aifactory/")


def test_query_latency_tiny(tmp_path):
    result = query_latency.run((2000,), tmp_path, budget=0.01, max_reps=3, rdflib_box=20)
    written = json.loads((tmp_path / "query_latency.json").read_text(encoding="utf-8"))
    assert written["markdown"] == result["markdown"]
    engines = {(r["query"], r["engine"]) for r in written["records"]}
    for name in ANALYTICAL:
        for engine in query_latency.ENGINES:
            assert (f"analytical:{name}", engine) in engines
    # every engine sees the same answer (same row count) on every query
    rows = {}
    for r in written["records"]:
        if r["engine"] in ("pyoxigraph", "kennisgraaf", "rdflib"):
            rows.setdefault(r["query"], set()).add(r["rows"])
    assert all(len(counts) == 1 for counts in rows.values()), rows
    assert {t["target"][:20] for t in written["targets"]} and "| triples |" in result["markdown"]


def test_time_boxes_cut_runs_and_the_worker_starts_again(tmp_path, monkeypatch):
    import random

    data, _ = synthetic_nquads(2000, random.Random(1))
    (tmp_path / "data.nq").write_bytes(data)
    monkeypatch.setattr(query_latency, "GRACE_S", 0.0)
    monkeypatch.setattr(query_latency, "SLOW_S", 0.0)
    fast = query_latency.Worker("oxigraph", tmp_path)
    slow = query_latency.Worker("rdflib", tmp_path)
    try:
        assert fast.ready()["triples"] > 1000 and slow.ready()["triples"] > 1000
        fast.set_query(ANALYTICAL["things_per_country"], {})
        recs = query_latency.sample(fast, query_latency.FAST, budget=0, max_reps=2, box=1e-4,
                                    once_if_slow=query_latency.ONCE_IF_SLOW)
        assert recs["pyoxigraph"]["cut"] == 1e-4 and "not_run" in recs["pyoxigraph_json"]
        assert fast.run("pyoxigraph", 60)["rows"] > 0  # a fresh worker, the query still set
        slow.set_query(ANALYTICAL["things_per_country"], {})
        rec = query_latency.sample(slow, ("rdflib",), budget=0, max_reps=3, box=1e-3,
                                   warm_up=False, cap=1e-3)["rdflib"]
        assert rec["cut"] == 1e-3 and slow.run("rdflib", 60)["rows"] > 0
    finally:
        fast.close()
        slow.close()


def test_ratios_with_cut_runs_are_bounds():
    def rec(query, engine, **kw):
        return {"size": 10, "query": query, "engine": engine, "n": 3, "rows": 1, **kw}

    records = [rec("q", e, p50=2.0, p99=2.0) for e in query_latency.FAST]
    records.append(rec("q", "rdflib", cut=15.0))
    records += [rec("r", e, cut=60.0) for e in query_latency.FAST]
    records.append(rec("r", "rdflib", p50=3000.0, p99=3000.0))
    rows, targets = query_latency.ratios(records)
    assert rows[0][2:] == ["1.00", "1.00", "> 7500x", "yes"]
    assert rows[1][2:] == ["?", "?", "< 0.05x", "not measured"]
    assert targets[0]["met"] is False and "not measurable" in targets[0]["detail"]
    assert targets[1]["met"] is False and "r (< 0.05x)" in targets[1]["detail"]


@pytest.mark.slow
def test_ingest_speed_tiny(tmp_path):
    oxigraph_binary()
    result = ingest_speed.run((2, 4), tmp_path, repeats={2: 1, 4: 1}, cores=1, remote=True)
    records = json.loads((tmp_path / "ingest_speed.json").read_text(encoding="utf-8"))["records"]
    assert {(r["backend"], r["size"]) for r in records} == {
        ("embedded", 2), ("embedded", 4), ("remote", 2), ("remote", 4)}
    assert all(r["articles"] == r["size"] and r["triples"] > 0 for r in records)
    assert all(r["peak_rss_mb"] > 10 for r in records)
    assert all(r["server_peak_rss_mb"] for r in records if r["backend"] == "remote")
    assert "articles/s" in result["markdown"]


def test_suite_lists_its_modules_and_refuses_unknown_ones():
    listed = subprocess.run([sys.executable, "-m", "bench", "--list"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    assert {"ingest_speed", "query_latency"} <= set(listed)
    assert not {"corpus", "report", "query_data"} & set(listed)
    bad = subprocess.run([sys.executable, "-m", "bench", "--only", "nope"], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "no benchmark nope" in bad.stderr


def test_suite_collects_results_into_json_and_markdown(tmp_path, monkeypatch):
    monkeypatch.setattr(suite, "OUT", tmp_path)
    query_latency.run((1000,), tmp_path, budget=0.01, max_reps=2, rdflib_box=20)
    (tmp_path / "other.json").write_text(json.dumps({"name": "other", "rps": 5}))
    collected = suite.collect([], suite.machine(), quick=True)
    text = suite.markdown(collected)
    assert set(collected["results"]) == {"query_latency", "other"}
    assert collected["machine"]["cores"] >= 1 and collected["machine"]["packages"]["pyoxigraph"]
    assert "## query_latency" in text and "## All targets" in text and "| rps | 5 |" in text
    assert Path(suite.__file__).parent.name == "bench"
