"""Where /sparql queries run, under a time limit that frees the worker again.

pyoxigraph cannot interrupt a query from Python, so on the embedded store each
query runs in one of a pool of worker processes (each holding a read-only
snapshot of the store); a query over its time budget gets its process killed
and replaced, and the client a 503. Other backends run queries in a thread:
the client still gets the 503 on time, but the thread finishes in the background.
"""

import atexit
import multiprocessing as mp
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from kennisgraaf.errors import QueryError, QueryTimeout, StoreError, UsageError
from kennisgraaf.graph.store import GraphStore
from kennisgraaf.web.execute import QueryJob, QueryOutput
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
    """Worker processes over a read-only view of the embedded store at ``path``."""

    def __init__(self, path: str, *, size: int, timeout: float) -> None:
        self.path, self.timeout = path, timeout
        self._ctx = mp.get_context("spawn")  # fork is unsafe in a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._generation = 0
        self._closed = False
        for _ in range(size):
            self._start()
        atexit.register(self.close)

    def _start(self) -> None:
        """Start a worker; it joins the idle queue once it says it is ready."""
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=serve, args=(child, self.path), daemon=True,
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

    def run(self, job: QueryJob) -> QueryOutput:
        wait = max(self.timeout, STARTUP_SECONDS)
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise QueryTimeout(f"every query worker stayed busy for {wait:g} s; "
                               "try again shortly") from None
        deadline = time.monotonic() + self.timeout
        try:
            worker.conn.send((self._generation, deadline, job))
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
                return
            worker.conn.close()
            worker.process.kill()
            worker.process.join()


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
