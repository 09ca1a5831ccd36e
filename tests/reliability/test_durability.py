"""kill -9 in the middle of writes, then restart: the store opens, holds every write that
was acknowledged (recorded on the client side), the write in flight is whole or absent,
and ``kennisgraaf validate`` passes."""

import os
import re
import signal
import subprocess
import sys
import threading

import pytest
import requests

from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.iris import article_iri
from tests.reliability.conftest import (
    ROOT,
    Server,
    facts_per_article,
    kg,
    make_base_store,
    serve_available,
    snapshot_count,
    synthetic_graph,
    wait_until,
    write_trig,
)

FACTS = 8


def _check_store(store, acknowledged: set[str], in_flight: set[str]) -> None:
    with open_store(store) as st:  # it opens
        seen = facts_per_article(st)
    missing = acknowledged - set(seen)
    assert not missing, f"{len(missing)} acknowledged articles lost: {sorted(missing)[:5]}"
    torn = {a: n for a, n in seen.items() if n != FACTS}
    assert not torn, f"half-written articles: {torn}"
    assert set(seen) <= acknowledged | in_flight
    out = kg("validate", "--quiet", store=store)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_kill_9_of_the_cli_during_loads(tmp_path):
    """One ``load`` of many files, each file its own transaction and acknowledged by its
    "N statements loaded" line; killed after some have been acknowledged."""
    files = [write_trig(tmp_path / f"part{k:03d}.trig", k * 20, 20, FACTS) for k in range(16)]
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "kennisgraaf", "load", *map(str, files),
                             "--store", str(store)], stderr=subprocess.PIPE, cwd=ROOT,
                            start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(
        line.decode() for line in proc.stderr), daemon=True)
    reader.start()
    assert wait_until(lambda: len(lines) >= 5 or proc.poll() is not None, 120)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(10)
    done = [m.group(1) for line in lines if (m := re.match(r"(\S+): \d+ statements loaded", line))]
    assert 5 <= len(done) < len(files), f"the kill landed after {len(done)} files"
    index = {str(f): k for k, f in enumerate(files)}
    acknowledged = set().union(*(_names(index[f]) for f in done))
    in_flight = _names(len(done))
    _check_store(store, acknowledged, in_flight)
    with open_store(store) as st:  # the file in flight is all there or not at all
        got = {str(g) for g in st.graphs()} & in_flight
    assert got in (set(), in_flight)


def _names(k: int) -> set[str]:
    """The articles in file ``k``."""
    return {str(article_iri(f"rel_{i:05d}")) for i in range(k * 20, k * 20 + 20)}


def _writer(srv: Server, acknowledged: list[str], stop: threading.Event, first: int) -> None:
    """PUT one article graph per request until the server dies; record the 2xx answers."""
    k = first
    session = requests.Session()
    while not stop.is_set():
        name, graph = synthetic_graph(k, FACTS)
        try:
            r = session.put(srv.url + "/rdf-graph-store", params={"graph": str(name)},
                            data=graph.serialize(format="nt", encoding="utf-8"), timeout=30,
                            headers={**srv.auth(), "Content-Type": "application/n-triples"})
        except requests.RequestException:
            return
        if r.status_code in (200, 201, 204):
            acknowledged.append(str(name))
        k += 1


@pytest.mark.slow
def test_kill_9_of_the_server_during_writes_then_restart(tmp_path):
    if not serve_available():
        pytest.skip("kennisgraaf serve has not landed")
    srv = Server(make_base_store(tmp_path)).start()
    acknowledged = [str(article_iri(f"rel_{i:05d}")) for i in range(3)]
    stop = threading.Event()
    writers = [threading.Thread(target=_writer, args=(srv, acks, stop, first))
               for acks, first in ((acknowledged, 1000), (acknowledged, 5000))]
    for w in writers:
        w.start()
    assert wait_until(lambda: len(acknowledged) >= 40, 60), "the server took no writes"
    srv.kill(signal.SIGKILL)
    stop.set()
    for w in writers:
        w.join(30)
    in_flight = {str(article_iri(f"rel_{i:05d}")) for i in range(1000, 9000)} - set(acknowledged)
    _check_store(srv.store, set(acknowledged), in_flight)

    srv.start()  # and it serves again, with the same data
    try:
        r = requests.post(srv.url + "/sparql", data={"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) "
                                                     "WHERE { GRAPH ?g { ?g a schema:NewsArticle } }"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
        assert int(r.json()["results"]["bindings"][0]["n"]["value"]) >= len(set(acknowledged))
    finally:
        srv.stop()
    assert snapshot_count(srv.store) >= len(set(acknowledged))


def test_sigterm_stops_the_server_cleanly(tmp_path):
    """systemd and docker stop with SIGTERM: the server exits 0, its query workers and
    their checkpoint folder go with it, and the store opens with what it held."""
    if not serve_available():
        pytest.skip("kennisgraaf serve has not landed")
    store = make_base_store(tmp_path)
    srv = Server(store).start()
    try:
        assert srv.alive()  # a query: the workers now read a checkpoint
        assert list(tmp_path.glob(".store-snapshots-*"))
        workers = subprocess.run(["pgrep", "-P", str(srv.proc.pid)], capture_output=True,
                                 text=True).stdout.split()
        assert workers
        srv.proc.send_signal(signal.SIGTERM)  # the server only, not its process group
        assert srv.proc.wait(60) == 0, srv.log_tail()
    finally:
        srv.kill()
    assert not list(tmp_path.glob(".store-snapshots-*"))
    assert wait_until(lambda: not any(os.path.exists(f"/proc/{pid}") for pid in workers), 30)
    with open_store(store) as st:
        assert len(facts_per_article(st)) == 3
