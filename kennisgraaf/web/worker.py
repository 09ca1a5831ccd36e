"""The loop a query worker process runs: read-only store, one job at a time over a pipe.

Each job names the folder to open read-only and its version: a checkpoint of the
store (kennisgraaf.web.snapshots), or the live store when the server cannot take
checkpoints. The worker reopens whenever the version changed: a read-only RocksDB
instance sees the files as they were when it was opened. Opening the live store races
with the server's own flushes and compactions (a file listed in the manifest may be
gone a moment later), so there a failed open or read is retried on a fresh one,
backing off, until shortly before the query's deadline.
"""

import time
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kennisgraaf.web.execute import QueryOutput, execute

MARGIN = 0.1  # seconds before the deadline at which the worker answers with the failure


def serve(conn: Connection) -> None:
    """Answer ``(path, version, deadline, job)`` messages until the pipe closes;
    ``deadline`` is on the monotonic clock, which all processes of the machine share."""
    store: ox.Store | None = None
    opened_at = None
    conn.send("ready")  # imports done: the server starts counting a query's time from here
    while True:
        try:
            path, version, deadline, job = conn.recv()
        except (EOFError, OSError):
            return
        if version != opened_at:
            store = None
        try:
            attempt = 0
            while True:
                try:
                    if store is None:
                        store = ox.Store.read_only(path)
                        opened_at = version
                    reply: tuple[str, QueryOutput | str] = ("ok", execute(store, job))
                    break
                except (OSError, RuntimeError, ValueError) as exc:
                    if not isinstance(exc, OSError) and not _store_failure(exc):
                        raise
                    store = None
                    reply = ("store", "the store's files kept changing under the query until "
                                      f"its time limit ({exc}); try again")
                    pause = min(0.02 * 2 ** attempt, 0.3)
                    if time.monotonic() + pause > deadline - MARGIN:
                        break
                    time.sleep(pause)
                    attempt += 1
        except SyntaxError as exc:
            reply = ("bad", f"bad SPARQL query: {exc}")
        except (ValueError, TypeError, RuntimeError) as exc:
            reply = ("failed", f"the query failed: {exc}")
        conn.send(reply)


def _store_failure(exc: Exception) -> bool:
    """RocksDB reports a file the writer removed meanwhile as corruption or an I/O error."""
    return any(word in str(exc) for word in ("Corruption", "IO error", "No such file"))
