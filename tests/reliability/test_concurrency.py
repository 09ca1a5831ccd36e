"""Writers and 20 concurrent readers: every reader sees each article whole or not at all
(its count of kg:Fact records is the count it has when complete, or it is absent), and
nothing acknowledged is lost."""

import threading
import time
from collections.abc import Callable
from typing import Self

import pytest
import requests

from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.iris import article_iri
from tests.reliability.conftest import (
    FACTS_PER_ARTICLE,
    Server,
    facts_per_article,
    make_base_store,
    serve_available,
    synthetic_graph,
)

READERS = 20


def n_facts(i: int) -> int:
    return 3 + i % 7  # articles of different sizes, so a half-written one shows


class Readers:
    """``READERS`` threads that check ``observe()`` against the expected counts until stopped."""

    def __init__(self, observe: Callable[[], dict[str, int]], expected: dict[str, int]) -> None:
        self.observe, self.expected = observe, expected
        self.stop = threading.Event()
        self.reads = 0
        self.torn: list[tuple[str, int, int]] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run) for _ in range(READERS)]

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                seen = self.observe()
            except Exception as exc:  # noqa: BLE001 (reported, not raised: the test asserts on the list)
                self.errors.append(f"{type(exc).__name__}: {exc}"[:300])
                continue
            torn = [(a, n, self.expected.get(a, -1)) for a, n in seen.items()
                    if n != self.expected.get(a, n)]
            with self._lock:
                self.reads += 1
                self.torn.extend(torn)

    def __enter__(self) -> Self:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(60)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["embedded", "memory"])
def test_batch_writes_and_removals_are_atomic_for_readers(tmp_path, backend):
    location = tmp_path / "store" if backend == "embedded" else "memory:"
    expected, removed = {}, set()
    with open_store(location, create=True) as st:
        with Readers(lambda: facts_per_article(st), expected) as readers:
            deadline = time.monotonic() + 8
            i = 0
            while time.monotonic() < deadline:
                batch = dict(synthetic_graph(k, n_facts(k)) for k in range(i, i + 5))
                expected.update({str(name): n_facts(k) for k, name in zip(range(i, i + 5), batch)})
                st.replace_graphs(batch)
                if i % 20 == 0 and i:  # now and then take a whole batch out again
                    gone = [article_iri(f"rel_{k:05d}") for k in range(i - 5, i)]
                    st.drop_graphs(gone)
                    removed.update(str(g) for g in gone)
                i += 5
        final = facts_per_article(st)
    assert not readers.errors, readers.errors[:5]
    assert not readers.torn, readers.torn[:5]
    assert readers.reads > READERS, "the readers read while the writer wrote"
    assert removed, "the writer took batches out while the readers read"
    assert final == {a: n for a, n in expected.items() if a not in removed}


@pytest.mark.slow
def test_server_writes_and_20_readers_over_http(tmp_path):
    """Articles PUT through the graph store protocol, one per request, with the token, while
    20 clients query /sparql; afterwards every acknowledged article is there, whole."""
    if not serve_available():
        pytest.skip("kennisgraaf serve has not landed")
    srv = Server(make_base_store(tmp_path)).start()
    expected = {str(article_iri(f"rel_{k:05d}")): 8 for k in range(3)}  # the base store
    acknowledged = []
    session = requests.Session()

    def observe() -> dict[str, int]:
        r = requests.post(srv.url + "/sparql", data={"query": FACTS_PER_ARTICLE},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
        r.raise_for_status()
        return {b["article"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}

    try:
        with Readers(observe, expected) as readers:
            deadline, k = time.monotonic() + 20, 3
            while time.monotonic() < deadline:
                name, graph = synthetic_graph(k, n_facts(k))
                expected[str(name)] = n_facts(k)
                r = session.put(srv.url + "/rdf-graph-store", params={"graph": str(name)},
                                data=graph.serialize(format="nt", encoding="utf-8"),
                                headers={**srv.auth(), "Content-Type": "application/n-triples"},
                                timeout=60)
                assert r.status_code in (200, 201, 204), r.text
                acknowledged.append(str(name))
                k += 1
        final = observe()
    finally:
        srv.stop()
    assert not readers.errors, readers.errors[:5]
    assert not readers.torn, readers.torn[:5]
    assert readers.reads > READERS and len(acknowledged) > 20
    assert all(final.get(a) == expected[a] for a in acknowledged)


@pytest.mark.slow
def test_ingest_and_20_readers_in_process(tmp_path):
    """The real ingest (extraction, linking, batches of two) into the embedded store while
    20 readers check each article against its count from a reference ingest."""
    from bench.corpus import write_corpus
    from kennisgraaf.ingest.ingest import ingest_articles
    from kennisgraaf.ingest.reader import read_sources

    corpus = write_corpus(tmp_path / "corpus", 10)
    with open_store("memory:") as ref:
        summary = ingest_articles(ref, read_sources([corpus]))
        assert summary.failed == 0, summary.errors
        expected = facts_per_article(ref)
    with open_store(tmp_path / "store", create=True) as st:
        with Readers(lambda: facts_per_article(st), expected) as readers:
            ingest_articles(st, read_sources([corpus]), batch_size=2)
        final = facts_per_article(st)
    assert not readers.errors, readers.errors[:5]
    assert not readers.torn, readers.torn[:5]
    assert final == expected
