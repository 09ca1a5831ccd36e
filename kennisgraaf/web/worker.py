"""The loop a query worker process runs: read-only store, one job at a time over a pipe.

The worker reopens its read-only snapshot of the store whenever the server has
written since (the job carries the server's write generation): a read-only
RocksDB instance sees the files as they were when it was opened.
"""

from multiprocessing.connection import Connection

import pyoxigraph as ox

from kennisgraaf.web.execute import QueryJob, execute


def serve(conn: Connection, path: str) -> None:
    store: ox.Store | None = None
    opened_at = -1
    while True:
        try:
            generation, job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if store is None or generation != opened_at:
                store = None
                store = ox.Store.read_only(path)
                opened_at = generation
            conn.send(("ok", execute(store, job)))
        except SyntaxError as exc:
            conn.send(("bad", f"bad SPARQL query: {exc}"))
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            conn.send(("failed", f"the query failed: {exc}"))
