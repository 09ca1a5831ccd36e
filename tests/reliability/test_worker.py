"""The query worker's loop in a thread: a snapshot whose files a compaction removed is
retried on a fresh one until the query's deadline, so the user gets the answer."""

import json
import multiprocessing as mp
import threading
import time

import pyoxigraph as ox
import pytest

from kennisgraaf.web import worker
from kennisgraaf.web.execute import QueryJob

LOST = "Corruption: IO error: No such file or directory: While open a file for random read"


@pytest.fixture
def store_path(tmp_path):
    st = ox.Store(str(tmp_path / "store"))
    st.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"),
                   ox.NamedNode("http://e/g")))
    st.flush()
    del st
    return str(tmp_path / "store")


def ask(path: str, messages: list) -> list:
    """Run the worker over ``messages`` and return its replies."""
    parent, child = mp.Pipe()
    thread = threading.Thread(target=worker.serve, args=(child, path), daemon=True)
    thread.start()
    assert parent.recv() == "ready"
    replies = []
    for message in messages:
        parent.send(message)
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
