"""SPARQL latency: kennisgraaf's embedded store against pyoxigraph (the floor) and rdflib.

pyoxigraph is timed on the very ``pyoxigraph.Store`` that kennisgraaf's embedded
store wraps, so the two differ by kennisgraaf's code alone: binding, prefixes and
the conversion of results to rdflib terms (``query()``) or to bytes
(``query_serialized()``).

The data are synthetic quads in the shape of docs/graph-model.md (one named
graph per article, fact records, value nodes), built directly rather than
through the extractor so that a million triples take seconds. Every engine gets
the same quads and the same query text; each answer is consumed completely.
The engines run in two worker processes (bench/query_engines.py says why), each
run within a time box; a cut run is reported as such, never as a figure.

    python -m bench.query_latency [--quick] [--sizes 10000 100000 1000000] [--merge]
"""

import argparse
import json
import os
import random
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from bench.query_data import ANALYTICAL, canned_queries, synthetic_nquads
from bench.report import percentile, write_result

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
FAST = ("pyoxigraph", "kennisgraaf", "pyoxigraph_json", "kennisgraaf_json")
ENGINES = (*FAST, "rdflib")
ONCE_IF_SLOW = ("pyoxigraph_json", "kennisgraaf_json")
SLOW_S = 5.0  # a query whose first pyoxigraph run takes this long is "slow" (see sample)
GRACE_S = 5.0  # past its box, a run is given this long to report its own cut


class Worker:
    """One side of the engines (bench/query_engines.py) in its own process, over pipes."""

    def __init__(self, side: str, folder: Path) -> None:
        self.side, self.folder = side, folder
        self.query: dict | None = None
        self.info: dict | None = None
        self._spawn()

    def _spawn(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.query_engines", self.side,
                                      str(self.folder)], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)

    def ready(self) -> dict | None:
        """Wait for the worker to have loaded the data: its figures, or None if it died."""
        self.info = self._read(None)
        if self.info is not None and self.query is not None:
            self._send(self.query)
            self._read(None)
        return self.info

    def set_query(self, sparql: str, bindings: dict) -> None:
        self.query = {"op": "query", "sparql": sparql,
                      "bindings": {k: v.n3() for k, v in bindings.items()}}
        self._send(self.query)
        self._read(None)

    def run(self, engine: str, box: float) -> dict:
        """One timed run: ``{"ms", "rows"}``, or ``{"cut": box}`` past the box (the worker
        is then killed and started afresh), or ``{"died": ...}``."""
        self._send({"op": "run", "engine": engine, "box": box})
        reply = self._read(box + GRACE_S)
        if reply is not None:
            return reply
        died = self.proc.poll()
        self.close(kill=True)
        self._spawn()
        if self.ready() is None:
            raise RuntimeError(f"the {self.side} worker does not start again")
        return {"died": f"exit status {died}"} if died is not None else {"cut": box}

    def _send(self, msg: dict) -> None:
        self.proc.stdin.write(json.dumps(msg).encode() + b"\n")
        self.proc.stdin.flush()

    def _read(self, timeout: float | None) -> dict | None:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else b""
        return json.loads(line) if line else None

    def close(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            self.proc.stdin.close()
        self.proc.wait(60)


def _summary(times: list[float], rows: int) -> dict:
    return {"p50": statistics.median(times), "p99": percentile(times, 99), "n": len(times),
            "rows": rows}


def sample(worker: Worker, engines: tuple[str, ...], *, budget: float, max_reps: int,
           box: float, min_reps: int = 3, warm_up: bool = True, cap: float | None = None,
           once_if_slow: tuple[str, ...] = ()) -> dict[str, dict]:
    """Timings in ms of ``engines``, run in turn so that load from other processes falls
    on all alike: one warm-up each, then rounds until ``budget`` seconds are spent and
    every engine has ``min_reps`` runs (or ``max_reps`` rounds, or ``cap`` seconds).

    A run past ``box`` seconds is cut and its engine reported as "> box". A slow query
    (the first engine's first run takes ``SLOW_S`` or more) is timed from its first run
    (warm-up effects are far below the noise there), and the engines in ``once_if_slow``
    run only that once (not at all when the first engine, the floor they build on, was
    cut)."""
    times: dict[str, list[float]] = {e: [] for e in engines}
    rows: dict[str, int] = {}
    done: dict[str, dict] = {}

    def once(engine: str) -> None:
        r = worker.run(engine, box)
        if "ms" in r:
            rows[engine] = r["rows"]
            times[engine].append(r["ms"])
        else:
            done[engine] = {**r, "n": len(times[engine]), "rows": rows.get(engine, -1)}

    slow = False
    if warm_up:
        for engine in engines:
            if slow and engine in once_if_slow and engines[0] in done:
                done[engine] = {"not_run": f"{engines[0]} itself exceeds the box", "cut": box,
                                "n": 0, "rows": -1}
                continue
            once(engine)
            if engine == engines[0]:
                slow = engine in done or times[engine][0] >= SLOW_S * 1000
            if not slow and engine not in done:
                times[engine].clear()  # the warm-up of a fast query is not timed
        if slow:
            done.update({e: _summary(times[e], rows[e]) for e in once_if_slow
                         if e not in done})
    started = time.perf_counter()
    for _ in range(max_reps):
        live = [e for e in engines if e not in done]
        elapsed = time.perf_counter() - started
        if not live or (elapsed >= budget and all(len(times[e]) >= min_reps for e in live)) \
                or (cap is not None and elapsed >= cap):
            break
        for engine in live:
            once(engine)
    return {e: done.get(e) or _summary(times[e], rows[e]) for e in engines}


def measure(sizes: tuple[int, ...], *, budget: float, max_reps: int, rdflib_box: float,
            box: float, rdflib_max: int, seed: int = 11) -> Iterator[dict]:
    """One record per size, query and engine."""
    for size in sizes:
        t0 = time.perf_counter()
        nquads, facts = synthetic_nquads(size, random.Random(seed))
        print(f"[query_latency] {size}: data generated in {time.perf_counter() - t0:.1f} s",
              flush=True)
        with tempfile.TemporaryDirectory(prefix="kg-bench-", ignore_cleanup_errors=True) as tmp:
            folder = Path(tmp)
            (folder / "data.nq").write_bytes(nquads)
            del nquads
            # both sides load at once; the timings below run one engine at a time
            fast = Worker("oxigraph", folder)
            slow = Worker("rdflib", folder) if size <= rdflib_max else None
            info = fast.ready()
            if info is None:
                raise RuntimeError("the oxigraph worker did not start")
            rdf_info = slow.ready() if slow is not None else None
            if slow is not None and rdf_info is None:
                print("[query_latency] rdflib could not load the data (memory cap?)", flush=True)
                slow = None
            triples = info["triples"]
            print(f"[query_latency] {triples} quads: oxigraph bulk load {info['load_s']:.1f} s"
                  + (f", rdflib parse {rdf_info['load_s']:.1f} s, {rdf_info['rss_mb']:.0f} MB"
                     if rdf_info else ""), flush=True)
            queries = [(f"analytical:{n}", q, {}) for n, q in ANALYTICAL.items()]
            queries += [(f"canned:{n}", q, b) for n, q, b in canned_queries(facts)]
            for qname, sparql, bindings in queries:
                t0 = time.perf_counter()
                fast.set_query(sparql, bindings)
                recs = sample(fast, FAST, budget=budget, max_reps=max_reps, box=box,
                              once_if_slow=ONCE_IF_SLOW)
                if slow is not None:
                    slow.set_query(sparql, bindings)
                    recs |= sample(slow, ("rdflib",), budget=budget, max_reps=max_reps,
                                   box=rdflib_box, warm_up=False, cap=rdflib_box)
                load = os.getloadavg()
                print(f"[query_latency] {size} {qname}: {time.perf_counter() - t0:.1f} s, "
                      + ", ".join(f"{e} {_fmt(r)}" for e, r in recs.items())
                      + f", load {load[0]:.1f}", flush=True)
                for engine, rec in recs.items():
                    rec.update(size=size, triples=triples, query=qname, engine=engine,
                               load_average=list(load))
                    yield rec
            fast.close()
            if slow is not None:
                slow.close()


def _bounds(rec: dict) -> tuple[float, float]:
    """What a record says of the p50 in ms: (at least, at most); a cut run only bounds it
    from below."""
    if "p50" in rec:
        return rec["p50"], rec["p50"]
    return rec.get("cut", 0) * 1000, float("inf")


def _ratio(slow: dict, fast: dict) -> tuple[float, float]:
    """slow/fast p50 as (at least, at most)."""
    (slo, shi), (flo, fhi) = _bounds(slow), _bounds(fast)
    return slo / fhi if fhi else float("inf"), shi / flo if flo else float("inf")


def _ratio_text(lo: float, hi: float, fmt: str) -> str:
    """A ratio or its bound; ``fmt`` "x" is a speed-up: whole above 10, two digits below."""
    def num(v: float) -> str:
        if fmt == "x":
            return (f"{v:.0f}" if v >= 10 else f"{v:.2g}") + "x"
        return format(v, fmt)

    if lo == hi:
        return num(lo)
    if hi == float("inf"):
        return "?" if lo == 0 else "> " + num(lo)
    return "< " + num(hi)


def ratios(records: list[dict]) -> tuple[list[list], list[dict]]:
    """Per size and query: kennisgraaf/pyoxigraph and rdflib/kennisgraaf, and the targets.
    Where a run was cut, a ratio is a bound ("> 12x"), and a target it cannot decide is
    listed as such."""
    by = {(r["size"], r["query"], r["engine"]): r for r in records}
    rows, misses_floor, open_floor, misses_rdflib, open_rdflib = [], [], [], [], []
    checked_rdflib = 0
    big = max(r["size"] for r in records)
    for size, query in sorted({(r["size"], r["query"]) for r in records}):
        verdicts = []
        for kg, ox, label in (("kennisgraaf", "pyoxigraph", "query()"),
                              ("kennisgraaf_json", "pyoxigraph_json", "query_serialized()")):
            kgr, oxr = by[(size, query, kg)], by[(size, query, ox)]
            verdict = _within(kgr["p50"], oxr["p50"]) if "p50" in kgr and "p50" in oxr \
                else None
            verdicts.append(verdict)
            if verdict is False:
                misses_floor.append(f"{query} at {size} ({label})")
            elif verdict is None:
                open_floor.append(f"{query} at {size} ({label})")
        rdf, kgr = by.get((size, query, "rdflib")), by[(size, query, "kennisgraaf")]
        speedup = "-"
        if rdf is not None and "died" not in rdf:
            lo, hi = _ratio(rdf, kgr)
            speedup = _ratio_text(lo, hi, "x")
            if size == big:
                checked_rdflib += 1
                if hi < 10:
                    misses_rdflib.append(f"{query} ({_ratio_text(lo, hi, 'x')})")
                elif lo < 10:
                    open_rdflib.append(f"{query} ({_ratio_text(lo, hi, 'x')})")
        rows.append([size, query, _ratio_text(*_ratio(by[(size, query, "kennisgraaf")],
                                                      by[(size, query, "pyoxigraph")]), ".2f"),
                     _ratio_text(*_ratio(by[(size, query, "kennisgraaf_json")],
                                         by[(size, query, "pyoxigraph_json")]), ".2f"),
                     speedup,
                     "no" if False in verdicts else "yes" if all(verdicts) else "not measured"])
    targets = [
        {"target": "kennisgraaf within 1.5x of pyoxigraph (or 1 ms), every query and size",
         "met": not misses_floor and not open_floor,
         "detail": ("; ".join(misses_floor) or "all measured within")
         + (f"; not measurable (runs past the time box): {'; '.join(open_floor)}"
            if open_floor else "")},
        {"target": f"kennisgraaf >= 10x faster than rdflib in-memory at {big} triples",
         "met": checked_rdflib > 0 and not misses_rdflib and not open_rdflib,
         "detail": (("; ".join(misses_rdflib) or f"none of {checked_rdflib} queries below")
                    + (f"; undecided (a run cut at the box): {'; '.join(open_rdflib)}"
                       if open_rdflib else ""))
         if checked_rdflib else "rdflib not measured at this size"},
    ]
    return rows, targets


def _within(kg_ms: float, ox_ms: float) -> bool:
    return kg_ms <= 1.5 * ox_ms or (ox_ms < 1.0 and kg_ms - ox_ms <= 1.0)


def _fmt(rec: dict) -> str:
    if "died" in rec:
        return f"failed ({rec['died']})"
    if "not_run" in rec:
        return "not run"
    if "cut" in rec:
        return f"> {rec['cut']:.0f} s"
    n = f" (n={rec['n']})" if rec["n"] < 3 else ""
    return f"{rec['p50']:.2f} / {rec['p99']:.2f}{n}"


def run(sizes: tuple[int, ...], out: Path, *, budget: float = 2.0, max_reps: int = 200,
        rdflib_box: float = 20.0, box: float = 60.0, rdflib_max: int = 1_000_000,
        merge: bool = False) -> dict:
    """Measure ``sizes``; with ``merge``, keep the records of other sizes from an earlier
    run in ``out`` (each record carries the start of its run)."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    params = {"sizes": list(sizes), "budget_s": budget, "max_reps": max_reps,
              "rdflib_time_box_s": rdflib_box, "time_box_s": box, "started": started,
              "load_average_at_start": list(os.getloadavg())}
    records: list[dict] = []
    earlier = out / "query_latency.json"
    if merge and earlier.exists():
        old = json.loads(earlier.read_text(encoding="utf-8"))
        records = [r for r in old["records"] if r["size"] not in sizes]
        params["earlier_runs"] = [p for p in [old["params"], *old["params"].get(
            "earlier_runs", [])] if set(p["sizes"]) - set(sizes)]
        for p in params["earlier_runs"]:
            p.pop("earlier_runs", None)
    result: dict = {}
    for size in sizes:  # the results so far are written after every size
        records += [r | {"run": started} for r in measure(
            (size,), budget=budget, max_reps=max_reps, rdflib_box=rdflib_box, box=box,
            rdflib_max=rdflib_max)]
        result = _write(records, out, params | {"load_average_at_end": list(os.getloadavg())})
    return result


def _write(records: list[dict], out: Path, params: dict) -> dict:
    latency = []
    for size, query in sorted({(r["size"], r["query"]) for r in records}):
        recs = {r["engine"]: r for r in records if r["size"] == size and r["query"] == query}
        rows = next((recs[e]["rows"] for e in ("pyoxigraph", "kennisgraaf", "rdflib")
                     if e in recs and recs[e].get("rows", -1) >= 0), "?")
        latency.append([size, query, rows]
                       + [_fmt(recs[e]) if e in recs else "-" for e in ENGINES])
    ratio_rows, targets = ratios(records)
    tables = [
        {"title": "Query latency, p50 / p99 in ms (JSON = SPARQL results JSON bytes; "
                  "> N s = a run cut at the time box; n = runs where fewer than 3)",
         "columns": ["triples", "query", "rows", "pyoxigraph", "kennisgraaf query()",
                     "pyoxigraph JSON", "kennisgraaf query_serialized(json)", "rdflib Dataset"],
         "rows": latency},
        {"title": "Ratios of the p50s (> / <: a bound, from a run cut at the time box)",
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
                    help="seconds before an rdflib run is cut")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds before a run of pyoxigraph or kennisgraaf is cut")
    ap.add_argument("--merge", action="store_true",
                    help="keep the other sizes' records of the earlier run in --out")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = ap.parse_args()
    sizes = tuple(args.sizes) if args.sizes else (QUICK_SIZES if args.quick else SIZES)
    result = run(sizes, args.out, budget=1.0 if args.quick else 3.0, box=args.timeout,
                 rdflib_box=min(args.rdflib_timeout, 10.0) if args.quick else args.rdflib_timeout,
                 merge=args.merge)
    print(result["markdown"])


if __name__ == "__main__":
    main()
