"""Loopback HTTP load: requests/s and p99 for a canned question and a SPARQL query on
``kennisgraaf serve``, next to the same query sent straight to ``oxigraph serve`` on the
same data, plus the framework floor (a small fixed JSON answer, /api) on the same server.

    python -m bench.http_load [--quick] [--triples 100000] [--clients 8]

Each server config runs as its own process on 127.0.0.1; the clients are threads with
keep-alive connections in this process, so on a small machine the client's own CPU
use caps the figures (the oxigraph row shows that ceiling).
"""

import argparse
import http.client
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from bench.query_data import synthetic_nquads
from bench.report import percentile, write_result
from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.namespace import sparql_prefixes

OUT = Path(__file__).resolve().parent / "out"
SPARQL = ("SELECT ?country (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a kg:AIFactory ; "
          "kg:hostCountry ?country } GROUP BY ?country ORDER BY DESC(?n) ?country")
CANNED = "/api/questions/factories-per-country"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, path: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:3]} exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def load(port: int, path: str, *, clients: int, seconds: float) -> dict:
    """``clients`` keep-alive connections GETting ``path`` for ``seconds``."""
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json, application/json"})
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            mine.append(time.perf_counter() - t)
            if not ok:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    return {"requests": len(latencies), "errors": errors[0],
            "rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 50) * 1000, 2),
            "p99_ms": round(percentile(latencies, 99) * 1000, 2)}


DEFAULT = "waitress, 8 threads, 4 query workers (kennisgraaf serve)"
FLOOR = "framework floor (/api)"


def _kennisgraaf(kind: str, store: Path, port: int, threads: int, workers: int) -> list[str]:
    env_args = [f"--threads={threads}"]
    if kind == "waitress":
        return [sys.executable, "-m", "kennisgraaf", "serve", "--port", str(port),
                "--store", str(store), *env_args]
    factory = f"kennisgraaf.web.app:create_app({{'store': {str(store)!r}}})"
    return [str(Path(sys.executable).with_name("gunicorn")), "-w", str(workers),
            "--threads", str(threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning", factory]


def run(triples: int, clients: int, seconds: float) -> dict:
    work = Path(tempfile.mkdtemp(prefix="http-load-"))
    data, _ = synthetic_nquads(triples, random.Random(7))
    store = ox.Store(str(work / "kg"))
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    open_store(work / "kg").close()  # derives the default graph, which `oxigraph serve` reads too
    shutil.copytree(work / "kg", work / "ox")
    query = "?" + urllib.parse.urlencode({"query": SPARQL})
    full = "?" + urllib.parse.urlencode({"query": sparql_prefixes() + SPARQL})
    # The default (`kennisgraaf serve`) first; then without the answer cache, which is what
    # a stream of different queries gets; then the alternatives the default was chosen from.
    configs = [(DEFAULT, "waitress", 8, 1, {"query_workers": 4}),
               ("waitress, 8 threads, 4 query workers, no answer cache", "waitress", 8, 1,
                {"query_workers": 4, "answer_cache": 0}),
               ("waitress, 4 threads, 2 query workers", "waitress", 4, 1, {"query_workers": 2}),
               ("gunicorn, 2 workers x 4 threads", "gunicorn", 4, 2, {"query_workers": 1})]
    records = []
    for label, kind, threads, workers, extra in configs:
        port = _free_port()
        env = {**__import__("os").environ,
               **{f"KENNISGRAAF_{k.upper()}": str(v) for k, v in extra.items()}}
        # The server's log to a file: a pipe nobody reads fills with waitress's "task queue
        # depth" warnings and then blocks every thread that logs (the 4-thread
        # configuration stalled that way in two runs).
        with (work / f"server-{len(records)}.log").open("w") as log:
            proc = subprocess.Popen(_kennisgraaf(kind, work / "kg", port, threads, workers),
                                    env=env, stdout=subprocess.DEVNULL, stderr=log)
            try:
                _wait(port, "/api", proc)
                for what, path in [(FLOOR, "/api"), ("canned question", CANNED),
                                   ("SPARQL query", "/sparql" + query)]:
                    load(port, path, clients=clients, seconds=1)  # warm up
                    records.append({"server": label, "request": what,
                                    **load(port, path, clients=clients, seconds=seconds)})
                    print(records[-1], file=sys.stderr)
            finally:
                proc.terminate()
                proc.wait(30)
    port = _free_port()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("oxigraph")), "serve-read-only",
                             "--location", str(work / "ox"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port, "/query" + full, proc)
        load(port, "/query" + full, clients=clients, seconds=1)
        records.append({"server": "oxigraph serve (same data)", "request": "SPARQL query",
                        **load(port, "/query" + full, clients=clients, seconds=seconds)})
    finally:
        proc.terminate()
        proc.wait(30)
    shutil.rmtree(work, ignore_errors=True)
    return {"records": records}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10k triples, 2 s per measurement")
    ap.add_argument("--triples", type=int, default=None)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    triples = args.triples or (10_000 if args.quick else 100_000)
    seconds = 2.0 if args.quick else 5.0
    records = run(triples, args.clients, seconds)["records"]
    rows = [[r["server"], r["request"], r["rps"], r["p50_ms"], r["p99_ms"], r["errors"]]
            for r in records]
    table = {"title": f"{triples} triples, {args.clients} keep-alive clients, {seconds:g} s each",
             "columns": ["server", "request", "req/s", "p50 ms", "p99 ms", "errors"], "rows": rows}
    rps = {(r["server"], r["request"]): r["rps"] for r in records}
    direct = rps[("oxigraph serve (same data)", "SPARQL query")]
    ratios = "; ".join(
        f"{server}: {rps[(server, 'SPARQL query')] / rps[(server, FLOOR)]:.2f}"
        for server in dict.fromkeys(r["server"] for r in records) if "oxigraph" not in server)
    query, floor = rps[(DEFAULT, "SPARQL query")], rps[(DEFAULT, FLOOR)]
    targets = [{"target": "no errors under load", "met": all(r["errors"] == 0 for r in records),
                "detail": f"{sum(r['errors'] for r in records)} non-200 answers"},
               {"target": "SPARQL query at >= 70% of the req/s of a fixed small response "
                          "(same server configuration)",
                "met": query >= 0.7 * floor,
                "detail": f"{DEFAULT}: {query} vs {floor} req/s; per configuration: {ratios}"},
               {"target": "next to oxigraph serve on the same query and data",
                "met": None,
                "detail": f"{query} vs {direct} req/s ({query / direct:.2f}x)"}]
    result = write_result(args.out, "http_load", "HTTP load on loopback", [table], targets,
                          {"triples": triples, "clients": args.clients, "seconds": seconds},
                          records)
    print(result["markdown"])


if __name__ == "__main__":
    main()
