"""Fixtures for the reliability tests: the CLI as a subprocess, a live server, a listener
that must hear nothing, synthetic article graphs, and dumps of every quad."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef

from kennisgraaf.errors import KennisgraafError
from kennisgraaf.graph.store import open_store
from kennisgraaf.ingest.mapping import article_graph
from tests.conftest import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "reliability"
TOKEN = "reliability-token-0123456789"

# Every quad: named graphs, and default-graph triples (graph None).
ALL_QUADS = """SELECT ?g ?s ?p ?o WHERE {
  { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } }"""
FACTS_PER_ARTICLE = """SELECT ?article (COUNT(?fact) AS ?n) WHERE {
  GRAPH ?article { ?article a schema:NewsArticle . OPTIONAL { ?fact a kg:Fact } } }
GROUP BY ?article"""


def kg(*args: str, store: Path | str | None = None, input: bytes | None = None,
       env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``kennisgraaf ARGS --store STORE`` as a user runs it; stdout and stderr as text."""
    cmd = [sys.executable, "-m", "kennisgraaf", *args]
    if store is not None:
        cmd += ["--store", str(store)]
    out = subprocess.run(cmd, input=input, capture_output=True, timeout=timeout, cwd=ROOT,
                         env={**os.environ, **(env or {})})
    return subprocess.CompletedProcess(out.args, out.returncode,
                                       out.stdout.decode("utf-8", "replace"),
                                       out.stderr.decode("utf-8", "replace"))


def assert_one_line_error(out: subprocess.CompletedProcess, *fragments: str) -> str:
    """A failed command: non-zero exit, no traceback, one ``kennisgraaf: error:`` line."""
    assert out.returncode not in (0, -signal.SIGSEGV, -signal.SIGKILL), out
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kennisgraaf: error: "), out.stderr[-3000:]
    for fragment in fragments:
        assert fragment.lower() in lines[0].lower(), lines[0]
    assert len(lines[0]) < 1000, "an error line should be readable, not a dump"
    return lines[0]


def dump(store: Path | str) -> set[tuple]:
    """Every quad in the store (a read-only snapshot if a server holds it)."""
    with open_store(store) as st:
        return set(st.query(ALL_QUADS).rows)


def facts_per_article(store) -> dict[str, int]:
    return {str(a): int(n) for a, n in store.query(FACTS_PER_ARTICLE).rows}


# --- synthetic articles: valid graph-model data without running the extractor ---

def synthetic_result(i: int, n_facts: int = 8) -> dict:
    """An extraction result for invented article ``i`` with ``n_facts`` partner facts."""
    sentences = [f"De AI-fabriek Testfabriek {i} werkt samen met Consortium {i}-{k}."
                 for k in range(n_facts)]
    text = " ".join(sentences)
    entities = [{"id": "f", "type": "AIFactory", "label": f"Testfabriek {i}",
                 "aliases": [f"Testfabriek {i}"]}]
    facts, start = [], 0
    for k, sentence in enumerate(sentences):
        entities.append({"id": f"o{k}", "type": "Organization", "label": f"Consortium {i}-{k}",
                         "aliases": [f"Consortium {i}-{k}"]})
        facts.append({"s": "f", "p": "partner", "o": f"o{k}",
                      "evidence": {"start": start, "end": start + len(sentence)}})
        start += len(sentence) + 1
    return {"article": {"id": f"rel_{i:05d}", "title": f"Testfabriek {i}", "date": "2025-06",
                        "source": f"https://example.org/rel/{i}", "language": "nl", "text": text},
            "entities": entities, "facts": facts}


def synthetic_graph(i: int, n_facts: int = 8) -> tuple[URIRef, Graph]:
    mapped = article_graph(synthetic_result(i, n_facts))
    assert mapped.facts == n_facts, mapped.warnings
    return URIRef(str(mapped.graph.identifier)), mapped.graph


def write_trig(path: Path, first: int, count: int, n_facts: int = 8) -> Path:
    """A TriG file of ``count`` synthetic articles, each in its own graph."""
    from rdflib import Dataset

    ds = Dataset()
    for i in range(first, first + count):
        name, graph = synthetic_graph(i, n_facts)
        target = ds.graph(name)
        for t in graph:
            target.add(t)
    ds.serialize(path, format="trig")
    return path


def make_base_store(folder: Path) -> Path:
    """An embedded store holding three synthetic articles."""
    store = folder / "store"
    out = kg("load", str(write_trig(folder / "base.trig", 0, 3)), store=store)
    assert out.returncode == 0, out.stderr
    return store


@pytest.fixture
def base_store(tmp_path) -> Path:
    return make_base_store(tmp_path)


# --- a listener that must hear nothing ---

@dataclass
class Listener:
    """A TCP server on 127.0.0.1 that records every connection it gets."""

    sock: socket.socket
    hits: list[bytes] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.hits.append(conn.recv(4096) or b"(connected)")
                    conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/turtle\r\n\r\n"
                                 b"<http://evil/s> <http://evil/p> <http://evil/o> .\n")
                except OSError:
                    self.hits.append(b"(connected)")


@pytest.fixture
def listener():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    ear = Listener(sock)
    threading.Thread(target=ear._serve, daemon=True).start()
    yield ear
    sock.close()


# --- a live server ---

@dataclass
class Server:
    """``kennisgraaf serve`` on 127.0.0.1 over an embedded store."""

    store: Path
    token: str = TOKEN
    env: dict = field(default_factory=dict)
    port: int = 0
    proc: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        self.port = free_port()
        self.log = self.store.with_name(self.store.name + f"-server-{self.port}.log")
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kennisgraaf", "serve", "--port", str(self.port),
                 "--store", str(self.store), *(["--token", self.token] if self.token else [])],
                stdout=log, stderr=log, cwd=ROOT, start_new_session=True,
                env={**os.environ, **self.env})
        wait_for_http(self.url + "/sparql?query=ASK%7B%7D", self.proc, timeout=60)
        return self

    def alive(self) -> bool:
        """The process runs and answers a query."""
        if self.proc is None or self.proc.poll() is not None:
            return False
        r = requests.get(self.url + "/sparql", params={"query": "ASK {}"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30)
        return r.status_code == 200 and r.json()["boolean"] is True

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def log_tail(self) -> str:
        return self.log.read_text("utf-8", "replace")[-3000:] if self.log else ""


def serve_available() -> bool:
    try:
        import kennisgraaf.cli.serve_command
        import kennisgraaf.web.app  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A live server with the token over a three-article store, shared by a module's tests
    (each compares the store before and after, so sharing hides nothing)."""
    if not serve_available():
        pytest.skip("kennisgraaf serve has not landed")
    srv = Server(make_base_store(tmp_path_factory.mktemp("served"))).start()
    yield srv
    srv.stop()


def api_available(srv: Server) -> bool:
    """The JSON API answers (its blueprint is registered)."""
    return requests.get(srv.url + "/api/articles", timeout=30).status_code == 200


def snapshot_count(store: Path) -> int:
    """Named graphs in a store another process may be writing; 0 if it cannot be read yet."""
    try:
        with open_store(store) as st:
            return len(st.graphs())
    except KennisgraafError:
        return 0


def wait_until(predicate, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
