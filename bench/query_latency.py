"""SPARQL latency: kennisgraaf's embedded store against pyoxigraph (the floor) and rdflib.

pyoxigraph is timed on the very ``pyoxigraph.Store`` that kennisgraaf's embedded
store wraps, so the two differ by kennisgraaf's code alone: binding, prefixes and
the conversion of results to rdflib terms (``query()``) or to bytes
(``query_serialized()``).

The data are synthetic quads in the shape of docs/graph-model.md (one named
graph per article, fact records, value nodes), built directly rather than
through the extractor so that a million triples take seconds. Every engine gets
the same quads and the same query text; each answer is consumed completely.

    python -m bench.query_latency [--quick] [--sizes 10000 100000 1000000]
"""

import argparse
import random
import signal
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from bench.query_data import ANALYTICAL, canned_queries, synthetic_nquads
from bench.report import percentile, write_result
from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.namespace import PREFIXES

SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
ENGINES = ("pyoxigraph", "kennisgraaf", "pyoxigraph_json", "kennisgraaf_json", "rdflib")


class TimeBox(BaseException):
    """Raised by the alarm inside a query that ran past its time box (not an Exception,
    so that no ``except Exception`` inside rdflib can swallow it)."""


def _alarm(signum: int, frame: object) -> None:
    raise TimeBox


def _summary(times: list[float], rows: int) -> dict:
    return {"p50": statistics.median(times), "p99": percentile(times, 99), "n": len(times),
            "rows": rows}


def sample_interleaved(runs: dict[str, Callable[[], int]], *, budget: float,
                       max_reps: int, min_reps: int = 3) -> dict[str, dict]:
    """Timings in ms of fast engines, run in turn (one warm-up each), so that load from
    other processes falls on all of them alike; repeats until the budget is spent."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    rows = {name: fn() for name, fn in runs.items()}  # warm-up
    started = time.perf_counter()
    for rep in range(max_reps):
        for name, fn in runs.items():
            t0 = time.perf_counter_ns()
            fn()
            times[name].append((time.perf_counter_ns() - t0) / 1e6)
        if rep + 1 >= min_reps and time.perf_counter() - started >= budget:
            break
    return {name: _summary(times[name], rows[name]) for name in runs}


def sample_boxed(run: Callable[[], int], *, budget: float, box: float,
                 min_reps: int = 3) -> dict:
    """Timings in ms of a slow engine, no warm-up; a run past ``box`` seconds is cut, and
    repeats stop once ``box`` seconds are spent in all (so one query costs at most 2 boxes)."""
    times: list[float] = []
    rows = -1
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _alarm)
    while (len(times) < min_reps and time.perf_counter() - started < box) \
            or time.perf_counter() - started < budget:
        signal.setitimer(signal.ITIMER_REAL, box)
        t0 = time.perf_counter_ns()
        try:
            rows = run()
        except TimeBox:
            return {"cut": box, "n": len(times), "rows": rows}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append((time.perf_counter_ns() - t0) / 1e6)
    return _summary(times, rows)


class Engines:
    """The same quads in the kennisgraaf store, a plain pyoxigraph store and rdflib."""

    def __init__(self, nquads: bytes, folder: Path, with_rdflib: bool = True) -> None:
        data = folder / "data.nq"
        data.write_bytes(nquads)
        self.kg = open_store(folder / "kennisgraaf", create=True)
        self.kg.load(data)
        # The floor is the very store under kennisgraaf's wrapper: same files, same caches,
        # so the difference is the wrapper alone. Compacted first, so that no background
        # compaction runs during the timings.
        self.ox: ox.Store = self.kg._ox
        self.ox.optimize()
        self.rdflib: Dataset | None = None
        if with_rdflib:
            self.rdflib = Dataset(default_union=True)
            self.rdflib.parse(data, format="nquads")

    def runners(self, sparql: str, bindings: dict) -> dict[str, Callable[[], int]]:
        values = self._values_query(sparql, bindings)
        ox_prefixes = dict(PREFIXES)

        def pyoxigraph() -> int:
            res = self.ox.query(values, use_default_graph_as_union=True, prefixes=ox_prefixes)
            rows = 0
            for sol in res:
                tuple(sol)
                rows += 1
            return rows

        def pyoxigraph_json() -> int:
            res = self.ox.query(values, use_default_graph_as_union=True, prefixes=ox_prefixes)
            return len(res.serialize(format=ox.QueryResultsFormat.JSON))

        def kennisgraaf() -> int:
            return len(self.kg.query(sparql, bindings=bindings).rows)

        def kennisgraaf_json() -> int:
            return len(self.kg.query_serialized(sparql, "json", bindings=bindings)[0])

        def rdflib() -> int:
            res = self.rdflib.query(sparql, initNs=PREFIXES, initBindings=bindings)
            return sum(1 for _ in res)

        runs = {"pyoxigraph": pyoxigraph, "kennisgraaf": kennisgraaf,
                "pyoxigraph_json": pyoxigraph_json, "kennisgraaf_json": kennisgraaf_json}
        if self.rdflib is not None:
            runs["rdflib"] = rdflib
        return runs

    @staticmethod
    def _values_query(sparql: str, bindings: dict) -> str:
        # pyoxigraph gets the bindings the way kennisgraaf hands them over: a VALUES block.
        from kennisgraaf.graph.bindings import inline_bindings
        return inline_bindings(sparql, bindings)

    def close(self) -> None:
        self.kg.close()


def measure(sizes: tuple[int, ...], *, budget: float, max_reps: int, rdflib_box: float,
            rdflib_max: int, seed: int = 11) -> Iterator[dict]:
    """One record per size, query and engine."""
    for size in sizes:
        nquads, facts = synthetic_nquads(size, random.Random(seed))
        with tempfile.TemporaryDirectory(prefix="kg-bench-", ignore_cleanup_errors=True) as tmp:
            t0 = time.perf_counter()
            engines = Engines(nquads, Path(tmp), with_rdflib=size <= rdflib_max)
            load_s = time.perf_counter() - t0
            triples = engines.kg.count()
            print(f"[query_latency] {triples} quads loaded into all engines in {load_s:.1f} s",
                  flush=True)
            queries = [(f"analytical:{n}", q, {}) for n, q in ANALYTICAL.items()]
            queries += [(f"canned:{n}", q, b) for n, q, b in canned_queries(facts)]
            for qname, sparql, bindings in queries:
                runs = engines.runners(sparql, bindings)
                slow = runs.pop("rdflib", None)
                recs = sample_interleaved(runs, budget=budget, max_reps=max_reps)
                if slow is not None:
                    recs["rdflib"] = sample_boxed(slow, budget=budget, box=rdflib_box)
                for engine, rec in recs.items():
                    rec.update(size=size, triples=triples, query=qname, engine=engine)
                    yield rec
            engines.close()


def ratios(records: list[dict]) -> tuple[list[list], list[dict]]:
    """Per size and query: kennisgraaf/pyoxigraph and rdflib/kennisgraaf, and the targets."""
    by = {(r["size"], r["query"], r["engine"]): r for r in records}
    rows, misses_floor, misses_rdflib, checked_rdflib = [], [], [], 0
    big = max(r["size"] for r in records)
    for size, query in sorted({(r["size"], r["query"]) for r in records}):
        oxr, kgr = by[(size, query, "pyoxigraph")], by[(size, query, "kennisgraaf")]
        oxj, kgj = by[(size, query, "pyoxigraph_json")], by[(size, query, "kennisgraaf_json")]
        rdf = by.get((size, query, "rdflib"))
        native = _within(kgr["p50"], oxr["p50"])
        serial = _within(kgj["p50"], oxj["p50"])
        if not native:
            misses_floor.append(f"{query} at {size} (query())")
        if not serial:
            misses_floor.append(f"{query} at {size} (query_serialized())")
        speedup = None
        if rdf is not None:
            rdf_ms = rdf.get("p50", (rdf.get("cut") or 0) * 1000)
            speedup = rdf_ms / kgr["p50"]
            if size == big:
                checked_rdflib += 1
                if speedup < 10:
                    misses_rdflib.append(f"{query} ({speedup:.1f}x)")
        rows.append([size, query, f"{kgr['p50'] / oxr['p50']:.2f}", f"{kgj['p50'] / oxj['p50']:.2f}",
                     "-" if speedup is None else
                     (">" if rdf.get("cut") else "") + f"{speedup:.0f}x",
                     "yes" if native and serial else "no"])
    targets = [
        {"target": "kennisgraaf within 1.5x of pyoxigraph (or 1 ms), every query and size",
         "met": not misses_floor, "detail": "; ".join(misses_floor) or "all within"},
        {"target": f"kennisgraaf >= 10x faster than rdflib in-memory at {big} triples",
         "met": checked_rdflib > 0 and not misses_rdflib,
         "detail": ("; ".join(misses_rdflib) or f"all {checked_rdflib} queries")
         if checked_rdflib else "rdflib not measured at this size"},
    ]
    return rows, targets


def _within(kg_ms: float, ox_ms: float) -> bool:
    return kg_ms <= 1.5 * ox_ms or (ox_ms < 1.0 and kg_ms - ox_ms <= 1.0)


def _fmt(rec: dict) -> str:
    if "cut" in rec:
        return f"> {rec['cut']:.0f} s"
    return f"{rec['p50']:.2f} / {rec['p99']:.2f}"


def run(sizes: tuple[int, ...], out: Path, *, budget: float = 2.0, max_reps: int = 200,
        rdflib_box: float = 20.0, rdflib_max: int = 1_000_000) -> dict:
    records: list[dict] = []
    params = {"sizes": list(sizes), "budget_s": budget, "max_reps": max_reps,
              "rdflib_time_box_s": rdflib_box}
    result: dict = {}
    for size in sizes:  # the results so far are written after every size
        records += measure((size,), budget=budget, max_reps=max_reps, rdflib_box=rdflib_box,
                           rdflib_max=rdflib_max)
        result = _write(records, out, params)
    return result


def _write(records: list[dict], out: Path, params: dict) -> dict:
    latency = []
    for size, query in sorted({(r["size"], r["query"]) for r in records}):
        recs = {r["engine"]: r for r in records if r["size"] == size and r["query"] == query}
        latency.append([size, query, recs["pyoxigraph"]["rows"]]
                       + [_fmt(recs[e]) if e in recs else "-" for e in ENGINES])
    ratio_rows, targets = ratios(records)
    tables = [
        {"title": "Query latency, p50 / p99 in ms (JSON = SPARQL results JSON bytes)",
         "columns": ["triples", "query", "rows", "pyoxigraph", "kennisgraaf query()",
                     "pyoxigraph JSON", "kennisgraaf query_serialized(json)", "rdflib Dataset"],
         "rows": latency},
        {"title": "Ratios of the p50s",
         "columns": ["triples", "query", "kennisgraaf/pyoxigraph", "serialized/pyoxigraph JSON",
                     "rdflib/kennisgraaf", "within 1.5x or 1 ms"],
         "rows": ratio_rows},
    ]
    return write_result(out, "query_latency", "Query latency", tables, targets, params, records)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10k and 100k triples, short budgets")
    ap.add_argument("--sizes", type=int, nargs="+", help="triple counts (overrides --quick)")
    ap.add_argument("--rdflib-timeout", type=float, default=20.0,
                    help="seconds before an rdflib query is cut")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = ap.parse_args()
    sizes = tuple(args.sizes) if args.sizes else (QUICK_SIZES if args.quick else SIZES)
    result = run(sizes, args.out, budget=1.0 if args.quick else 3.0,
                 rdflib_box=min(args.rdflib_timeout, 10.0) if args.quick else args.rdflib_timeout)
    print(result["markdown"])


if __name__ == "__main__":
    main()
