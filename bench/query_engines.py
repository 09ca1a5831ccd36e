"""The engines of the query benchmark, each side in a worker process of its own.

    python -m bench.query_engines oxigraph FOLDER   # kennisgraaf's store and the pyoxigraph.Store under it
    python -m bench.query_engines rdflib FOLDER     # rdflib's in-memory Dataset

Both load ``FOLDER/data.nq``. The worker prints ``{"ready": ...}``, then answers one JSON
line per request line:

    {"op": "query", "sparql": "...", "bindings": {"name": "<n3 term>"}}  -> {"ok": true}
    {"op": "run", "engine": "kennisgraaf", "box": 20.0}  -> {"ms": 1.2, "rows": 9} | {"cut": 20.0}

Why processes: Oxigraph evaluates a query in Rust, which no signal interrupts, so a run
past its time box is ended by killing the worker (the caller does that; restarting it
only reopens the store). rdflib is interrupted inside the worker (SIGALRM), because
parsing a million triples again would take minutes; its heap of millions of Python
objects stays out of the process that builds kennisgraaf's rdflib terms (where every
full garbage collection would walk it), and its memory is capped, so that running out
of it ends the worker, not the benchmark or the machine.
"""

import json
import os
import resource
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.util import from_n3

from kennisgraaf.graph.bindings import inline_bindings
from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.namespace import PREFIXES

RDFLIB_MEMORY_CAP = 14 * 1024 ** 3  # address space of the rdflib worker, bytes


class TimeBox(BaseException):
    """Raised by the alarm inside an rdflib run past its time box (not an Exception, so
    that no ``except Exception`` inside rdflib can swallow it)."""


def _alarm(signum: int, frame: object) -> None:
    raise TimeBox


def oxigraph_side(folder: Path) -> tuple[dict, Callable[[str, dict], dict[str, Callable[[], int]]]]:
    """Open (on first use: bulk-load) kennisgraaf's store; runners per query."""
    data, where = folder / "data.nq", folder / "kennisgraaf"
    t0 = time.perf_counter()
    if not where.exists():
        # Oxigraph's bulk loader: the same quads as kennisgraaf's load() (one transaction,
        # minutes at 1M), in seconds; opening the store then derives its default graph
        # once, as for a store written by an older kennisgraaf.
        raw = ox.Store(str(where))
        raw.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        del raw
    kg = open_store(where)
    store: ox.Store = kg._ox  # the very store under kennisgraaf's wrapper: same files, caches
    store.optimize()  # compacted, so that no background compaction runs while timing
    info = {"triples": kg.count(), "load_s": time.perf_counter() - t0}
    prefixes = dict(PREFIXES)

    def runners(sparql: str, bindings: dict) -> dict[str, Callable[[], int]]:
        # pyoxigraph gets the bindings the way kennisgraaf hands them over (a VALUES block)
        # and queries the same default graph: the floor of kennisgraaf's own query path.
        values = inline_bindings(sparql, bindings)

        def pyoxigraph() -> int:
            res = store.query(values, prefixes=prefixes)
            rows = 0
            for sol in res:
                tuple(sol)
                rows += 1
            return rows

        def pyoxigraph_json() -> int:
            res = store.query(values, prefixes=prefixes)
            return len(res.serialize(format=ox.QueryResultsFormat.JSON))

        def kennisgraaf() -> int:
            return len(kg.query(sparql, bindings=bindings).rows)

        def kennisgraaf_json() -> int:
            return len(kg.query_serialized(sparql, "json", bindings=bindings)[0])

        return {"pyoxigraph": pyoxigraph, "kennisgraaf": kennisgraaf,
                "pyoxigraph_json": pyoxigraph_json, "kennisgraaf_json": kennisgraaf_json}

    return info, runners


def rdflib_side(folder: Path) -> tuple[dict, Callable[[str, dict], dict[str, Callable[[], int]]]]:
    resource.setrlimit(resource.RLIMIT_AS, (RDFLIB_MEMORY_CAP, RDFLIB_MEMORY_CAP))
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(folder / "data.nq", format="nquads")
    info = {"triples": len(ds), "load_s": time.perf_counter() - t0,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}

    def runners(sparql: str, bindings: dict) -> dict[str, Callable[[], int]]:
        def rdflib() -> int:
            return sum(1 for _ in ds.query(sparql, initNs=PREFIXES, initBindings=bindings))
        return {"rdflib": rdflib}

    return info, runners


def _timed(run: Callable[[], int], box: float) -> dict:
    signal.setitimer(signal.ITIMER_REAL, box)
    t0 = time.perf_counter_ns()
    try:
        rows = run()
    except TimeBox:
        return {"cut": box}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {"ms": (time.perf_counter_ns() - t0) / 1e6, "rows": rows}


def serve(side: str, folder: Path) -> None:
    signal.signal(signal.SIGALRM, _alarm)
    info, make = (oxigraph_side if side == "oxigraph" else rdflib_side)(folder)
    out = sys.stdout
    out.write(json.dumps({"ready": side, "pid": os.getpid(), **info}) + "\n")
    out.flush()
    runs: dict[str, Callable[[], int]] = {}
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["op"] == "query":
            runs = make(msg["sparql"], {k: from_n3(v) for k, v in msg["bindings"].items()})
            reply = {"ok": True}
        else:
            reply = _timed(runs[msg["engine"]], msg["box"])
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    serve(sys.argv[1], Path(sys.argv[2]))
