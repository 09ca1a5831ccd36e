"""The query worker's loop in a thread: a snapshot whose files a compaction removed is
retried on a fresh one until the query's deadline, so the user gets the answer; and
the checkpoints the server hands the workers instead of the live store."""

import json
import multiprocessing as mp
import os
import threading
import time

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kennisgraaf.graph.store import open_store
from kennisgraaf.web import worker
from kennisgraaf.web.execute import QueryJob

LOST = "Corruption: IO error: No such file or directory: While open a file for random read"


@pytest.fixture
def store_path(tmp_path):
    with open_store(tmp_path / "store", create=True) as st:
        st.add_quads([(URIRef("http://e/s"), URIRef("http://e/p"), Literal("o"),
                       URIRef("http://e/g"))])
    return str(tmp_path / "store")


def ask(path: str, messages: list) -> list:
    """Run the worker over ``(version, deadline, job)`` messages on the store at ``path``
    and return its replies."""
    parent, child = mp.Pipe()
    thread = threading.Thread(target=worker.serve, args=(child,), daemon=True)
    thread.start()
    assert parent.recv() == "ready"
    replies = []
    for message in messages:
        parent.send((path, *message))
        replies.append(parent.recv())
    parent.close()
    thread.join(5)
    return replies


def failing(times: int):
    """Store.read_only that fails like a lost file ``times`` times, then opens."""
    real, calls = ox.Store.read_only, []

    def read_only(path):
        calls.append(path)
        if len(calls) <= times:
            raise RuntimeError(LOST)
        return real(path)

    return read_only, calls


COUNT = QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")


def test_lost_files_are_retried_on_a_fresh_snapshot(store_path, monkeypatch):
    read_only, calls = failing(12)  # more than the old fixed eight tries
    monkeypatch.setattr(worker.ox.Store, "read_only", read_only)
    [(status, out)] = ask(store_path, [(1, time.monotonic() + 10, COUNT)])
    assert status == "ok", out
    assert json.loads(out.body)["results"]["bindings"][0]["n"]["value"] == "1"
    assert len(calls) == 13


def test_a_store_that_never_opens_is_reported_before_the_deadline(store_path, monkeypatch):
    read_only, _ = failing(10**6)
    monkeypatch.setattr(worker.ox.Store, "read_only", read_only)
    started = time.monotonic()
    [(status, message)] = ask(store_path, [(1, started + 0.6, COUNT)])
    assert status == "store" and "No such file" in message
    assert time.monotonic() - started < 0.6


def test_a_snapshot_is_reopened_only_after_a_write(store_path, monkeypatch):
    read_only, calls = failing(0)
    monkeypatch.setattr(worker.ox.Store, "read_only", read_only)
    later = time.monotonic() + 10
    replies = ask(store_path, [(1, later, COUNT), (1, later, COUNT), (2, later, COUNT)])
    assert [status for status, _ in replies] == ["ok"] * 3
    assert len(calls) == 2


def test_workers_read_checkpoints_that_writes_and_compactions_leave_alone(tmp_path):
    """Each write makes the next query take a new checkpoint; one no query uses any
    more is deleted, and the live store's own files are never opened by a worker."""
    from kennisgraaf.graph.store import open_store
    from kennisgraaf.web.runner import PoolRunner

    location = tmp_path / "store"
    st = open_store(location, create=True)
    runner = PoolRunner(str(location), size=1, timeout=20, checkpoint=st.checkpoint)
    try:
        counts = []
        for i in range(3):
            st.update(f"INSERT DATA {{ GRAPH <http://e/g{i}> {{ <http://e/s> <http://e/p> {i} }} }}")
            runner.wrote()
            out = runner.run(COUNT)
            counts.append(json.loads(out.body)["results"]["bindings"][0]["n"]["value"])
        assert counts == ["1", "2", "3"]
        [folder] = tmp_path.glob(".store-snapshots-*")
        assert [p.name for p in folder.iterdir()] == ["3"]  # the older ones are gone
    finally:
        runner.close()
        st.close()
    assert not list(tmp_path.glob(".store-snapshots-*"))


def test_checkpoints_taken_while_others_write_are_whole(tmp_path):
    """A checkpoint during a write or flush failed on the log's size or hung with the flush
    (the soak saw both); now each one opens and holds every write made before it."""
    from kennisgraaf.graph.store import open_store

    st = open_store(tmp_path / "store", create=True)
    errors, seen = [], []

    def write(k: int) -> None:
        try:
            for i in range(60):
                st.update(f"INSERT DATA {{ GRAPH <http://e/w{k}> {{ <http://e/s> <http://e/p> {i} }} }}")
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    def snapshot() -> None:
        try:
            for i in range(20):
                st.checkpoint(tmp_path / f"ck{i}")
                seen.append(len(ox.Store.read_only(str(tmp_path / f"ck{i}"))))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in range(2)]
    threads.append(threading.Thread(target=snapshot))
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a checkpoint and a write hung each other"
    assert not errors, errors
    assert seen == sorted(seen) and len(seen) == 20
    st.close()


def test_a_killed_servers_checkpoints_are_removed_by_the_next(tmp_path):
    import subprocess
    import sys

    from kennisgraaf.web.snapshots import Snapshots

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    orphan = tmp_path / f".store-snapshots-{gone}-abc" / "7"
    orphan.mkdir(parents=True)
    alive = tmp_path / f".store-snapshots-{os.getppid()}-def"
    alive.mkdir()
    snaps = Snapshots(tmp_path / "store", lambda target: target.mkdir())
    assert not orphan.parent.exists() and alive.exists()
    snaps.close()
