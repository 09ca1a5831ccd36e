"""Where /sparql queries run, under a time limit that frees the worker again.

pyoxigraph cannot interrupt a query from Python, so on the embedded store each
query runs in one of a pool of worker processes (each holding a read-only
checkpoint of the store, kennisgraaf.web.snapshots); a query over its time budget
gets its process killed and replaced, and the client a 503. Other backends run queries in a thread:
the client still gets the 503 on time, but the thread finishes in the background.
"""

import atexit
import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kennisgraaf.errors import QueryError, QueryTimeout, StoreError, UsageError
from kennisgraaf.graph.store import GraphStore
from kennisgraaf.web.execute import QueryJob, QueryOutput
from kennisgraaf.web.snapshots import Snapshots
from kennisgraaf.web.worker import serve

STARTUP_SECONDS = 30.0  # a new worker's imports; not counted against any query


def _too_slow(seconds: float) -> QueryTimeout:
    return QueryTimeout(
        f"the query ran longer than {seconds:g} s and was stopped; make it more specific "
        "(fewer unbound patterns, a LIMIT) or ask the operator to raise query_timeout")


@dataclass
class _Worker:
    process: mp.Process
    conn: object


class PoolRunner:
    """Worker processes over a read-only view of the embedded store at ``path``: its
    checkpoints where ``checkpoint(target)`` can take them, else the live store (when
    another process holds it, the server cannot write anyway)."""

    def __init__(self, path: str, *, size: int, timeout: float,
                 checkpoint: Callable[[Path], None] | None = None) -> None:
        self.path, self.timeout = path, timeout
        self._ctx = mp.get_context("spawn")  # fork is unsafe in a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._snapshots = Snapshots(Path(path), checkpoint) if checkpoint else None
        self._generation = 0
        self._closed = False
        for _ in range(size):
            self._start()
        atexit.register(self.close)

    def _start(self) -> None:
        """Start a worker; it joins the idle queue once it says it is ready."""
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=serve, args=(child,), daemon=True,
                                 name="kennisgraaf-query")
        proc.start()
        child.close()
        worker = _Worker(proc, parent)

        def ready() -> None:
            try:
                if parent.poll(STARTUP_SECONDS) and parent.recv() == "ready" and not self._closed:
                    self._idle.put(worker)
                    return
            except (EOFError, OSError):
                pass
            proc.kill()

        threading.Thread(target=ready, daemon=True).start()

    def wrote(self) -> None:
        """The store changed: workers reopen their snapshot before the next query."""
        self._generation += 1
        if self._snapshots is not None:
            self._snapshots.wrote()

    @contextmanager
    def _view(self) -> Iterator[tuple[str, str]]:
        """The folder a worker opens for the next query, and its version's name."""
        if self._snapshots is None:
            yield self.path, f"live-{self._generation}"
            return
        with self._snapshots.use() as path:
            yield str(path), str(path)

    def run(self, job: QueryJob) -> QueryOutput:
        wait = max(self.timeout, STARTUP_SECONDS)
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise QueryTimeout(f"every query worker stayed busy for {wait:g} s; "
                               "try again shortly") from None
        with ExitStack() as held:
            try:
                path, version = held.enter_context(self._view())
            except BaseException:  # no checkpoint: the worker is fine
                self._idle.put(worker)
                raise
            deadline = time.monotonic() + self.timeout
            try:
                worker.conn.send((path, version, deadline, job))
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    self._replace(worker)
                    raise _too_slow(self.timeout)
                status, payload = worker.conn.recv()
            except (EOFError, OSError):
                self._replace(worker)
                raise StoreError("the query worker stopped unexpectedly (out of memory?); "
                                 "try a smaller query") from None
        self._idle.put(worker)
        if status == "ok":
            return payload
        raise StoreError(payload) if status == "store" else QueryError(payload)

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()

        def restart() -> None:
            worker.process.join()
            worker.conn.close()
            if not self._closed:
                self._start()

        threading.Thread(target=restart, daemon=True).start()

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            worker.conn.close()
            worker.process.kill()
            worker.process.join()
        if self._snapshots is not None:
            self._snapshots.close()


class InlineRunner:
    """Queries through the store's own API, for the in-memory and remote backends."""

    def __init__(self, store: GraphStore, *, timeout: float, size: int) -> None:
        self.store, self.timeout = store, timeout
        self._pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix="kennisgraaf-query")

    def wrote(self) -> None:
        pass

    def run(self, job: QueryJob) -> QueryOutput:
        if job.default_graphs is not None or job.named_graphs is not None:
            raise UsageError("default-graph-uri and named-graph-uri need the embedded store; "
                             f"this server runs on {type(self.store).__name__}")
        future = self._pool.submit(self._run, job)
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            raise _too_slow(self.timeout) from None

    def _run(self, job: QueryJob) -> QueryOutput:
        result = self.store.query(job.sparql)
        truncated = len(result.rows) > job.max_rows
        result.rows = result.rows[: job.max_rows]
        if result.type == "CONSTRUCT":
            body, _ = result.serialize(job.graph_format)
            return QueryOutput(body, job.graph_format, "graph")
        body, _ = result.serialize(job.result_format)
        return QueryOutput(body, job.result_format, "results", truncated)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
