"""Ingest throughput and memory: articles and triples per second, per-article cost and
peak RSS at growing corpus sizes, into the embedded store and into an Oxigraph server.

Each measurement is one fresh subprocess ingesting a generated corpus into an
empty store, so that its peak RSS (``getrusage``; ``VmHWM`` of the server) belongs
to that size alone. The spaCy pipeline is loaded before the clock starts; its
load time is reported apart.

    python -m bench.ingest_speed [--quick] [--sizes 10 1000 10000] [--repeats 3]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.corpus import write_corpus
from bench.report import write_result

SIZES = (10, 1_000, 10_000)
QUICK_SIZES = (10, 1_000)
LINEAR_SLACK = 1.25  # per-article cost may grow this much from the middle size to the largest


def worker(corpus: Path, store: str, n_process: int) -> dict:
    """Ingest ``corpus`` into ``store`` in this process; the figures as a dict."""
    from kennisgraaf.graph.store import open_store
    from kennisgraaf.ingest.ingest import ingest_articles
    from kennisgraaf.ingest.pipeline import load_nlp
    from kennisgraaf.ingest.reader import read_sources

    load_start = os.getloadavg()
    t0 = time.perf_counter()
    load_nlp()
    setup = time.perf_counter() - t0
    ticks: list[float] = []
    cpu0 = _cpu_seconds()
    with open_store(store, create=True) as st:
        t0 = time.perf_counter()
        summary = ingest_articles(st, read_sources([corpus]), n_process=n_process,
                                  on_article=lambda _: ticks.append(time.perf_counter()))
        elapsed = time.perf_counter() - t0
    cpu = _cpu_seconds() - cpu0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": elapsed, "cpu_seconds": cpu, "setup_seconds": setup,
            "articles": summary.written,
            "failed": summary.failed, "triples": summary.triples, "facts": summary.facts,
            "first_article_seconds": (ticks[0] - t0) if ticks else None,
            "peak_rss_mb": own / 1024, "peak_rss_children_mb": children / 1024,
            # the machine is shared: the load average (1/5/15 min) at start and end of the run
            "load_average": [list(load_start), list(os.getloadavg())]}


def _cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children (spaCy's workers):
    unlike wall time, it does not grow when other processes share the cores."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _proc_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of another process, from /proc/PID/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _vmhwm_mb(pid: int) -> float | None:
    """Peak resident memory of another process, from /proc (no psutil)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _oxigraph() -> str:
    exe = Path(sys.executable).with_name("oxigraph")
    if not exe.exists():
        raise SystemExit("the oxigraph server binary is missing: pip install oxigraph")
    return str(exe)


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``oxigraph serve`` on a free loopback port (its plain default graph: kennisgraaf keeps it)."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([_oxigraph(), "serve", "--location", str(folder), "--bind",
                             f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield url + "/query", proc
    finally:
        proc.terminate()
        proc.wait(30)


def _run_worker(corpus: Path, store: str, n_process: int) -> dict:
    cmd = [sys.executable, "-m", "bench.ingest_speed", "--worker", str(corpus), store,
           str(n_process)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        raise RuntimeError(f"ingest worker failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(sizes: tuple[int, ...], modes: list[tuple[str, int]], repeats: dict[int, int],
            seed: int = 7, largest_modes: list[tuple[str, int]] | None = None
            ) -> Iterator[dict]:
    """One record per size, mode (backend, processes) and repeat; the largest size runs
    only ``largest_modes`` when given."""
    with tempfile.TemporaryDirectory(prefix="kg-ingest-", ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        for size in sizes:
            corpus = write_corpus(root / f"corpus-{size}", size, seed)
            words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.iterdir())
            for backend, n_process in (largest_modes or modes) if size == max(sizes) \
                    else modes:
                for rep in range(repeats.get(size, 1)):
                    where = root / f"store-{size}-{backend}-{n_process}-{rep}"
                    if backend == "remote":
                        with oxigraph_server(where) as (url, proc):
                            rec = _run_worker(corpus, url, n_process)
                            rec["server_peak_rss_mb"] = _vmhwm_mb(proc.pid)
                            rec["server_cpu_seconds"] = _proc_cpu_seconds(proc.pid)
                            rec["cpu_seconds"] += rec["server_cpu_seconds"] or 0
                    else:
                        rec = _run_worker(corpus, str(where), n_process)
                    rec.update(size=size, backend=backend, n_process=n_process, repeat=rep,
                               words=words)
                    print(f"[ingest_speed] {size} articles, {backend}, {n_process} proc: "
                          f"{rec['seconds']:.1f} s, peak RSS {rec['peak_rss_mb']:.0f} MB, "
                          f"load {rec['load_average'][1][0]:.1f}",
                          flush=True)
                    yield rec


def summarise(records: list[dict]) -> tuple[list[list], list[dict]]:
    """Median per size and mode, and the linearity and memory targets."""
    rows, groups = [], {}
    for r in records:
        groups.setdefault((r["backend"], r["n_process"], r["size"]), []).append(r)
    cost: dict[tuple[str, int], dict[int, float]] = {}
    rss: dict[tuple[str, int], dict[int, float]] = {}
    for (backend, n_process, size), recs in sorted(groups.items()):
        sec = statistics.median(r["seconds"] for r in recs)
        cpu = statistics.median(r["cpu_seconds"] for r in recs)
        triples = recs[0]["triples"]
        per_article_ms = 1000 * cpu / size  # CPU time: robust to other load on the machine
        peak = max(r["peak_rss_mb"] + r["peak_rss_children_mb"] for r in recs)
        cost.setdefault((backend, n_process), {})[size] = per_article_ms
        rss.setdefault((backend, n_process), {})[size] = peak
        server = [r["server_peak_rss_mb"] for r in recs if r.get("server_peak_rss_mb")]
        rows.append([backend, n_process, size, len(recs), f"{sec:.2f}", f"{size / sec:.1f}",
                     f"{triples / sec:,.0f}", f"{recs[0]['words'] / sec:,.0f}",
                     f"{1000 * sec / size:.1f}", f"{per_article_ms:.1f}",
                     f"{recs[0]['peak_rss_mb']:.0f}",
                     f"{recs[0]['peak_rss_children_mb']:.0f}",
                     f"{max(server):.0f}" if server else "-", triples])
    targets = []
    for mode, by_size in sorted(cost.items()):
        sizes = sorted(by_size)
        if len(sizes) < 2:
            continue
        mid, big = sizes[-2], sizes[-1]
        growth = by_size[big] / by_size[mid]
        targets.append({
            "target": f"ingest cost linear ({mode[0]}, {mode[1]} proc): CPU ms per article at "
                      f"{big} <= {LINEAR_SLACK}x that at {mid}",
            "met": growth <= LINEAR_SLACK,
            "detail": f"{by_size[mid]:.1f} -> {by_size[big]:.1f} ms/article ({growth:.2f}x)"})
        peaks = rss[mode]
        rss_growth = peaks[big] / peaks[sizes[0]]
        targets.append({
            "target": f"peak RSS flat in the article count ({mode[0]}, {mode[1]} proc)",
            "met": rss_growth <= LINEAR_SLACK,
            "detail": " -> ".join(f"{peaks[s]:.0f} MB" for s in sizes)
                      + f" at {', '.join(map(str, sizes))} articles ({rss_growth:.2f}x)"})
    return rows, targets


def run(sizes: tuple[int, ...], out: Path, *, repeats: dict[int, int] | None = None,
        cores: int | None = None, remote: bool = True, every_mode_at_largest: bool = True
        ) -> dict:
    cores = cores or os.cpu_count() or 1
    modes = [("embedded", 1)] + ([("embedded", cores)] if cores > 1 else [])
    if remote:
        modes.append(("remote", cores))
    repeats = repeats or {s: (3 if s <= 1000 else 1) for s in sizes}
    largest = None if every_mode_at_largest else modes[:1]
    params = {"sizes": list(sizes), "repeats": {str(k): v for k, v in repeats.items()},
              "modes": [list(m) for m in modes],
              "modes_at_largest": [list(m) for m in (largest or modes)]}
    records: list[dict] = []
    result: dict = {}
    for rec in measure(sizes, modes, repeats, largest_modes=largest):
        records.append(rec)
        result = _write(records, out, params)  # the results so far, after every run
    return result


def _write(records: list[dict], out: Path, params: dict) -> dict:
    rows, targets = summarise(records)
    tables = [{"title": "Ingest throughput (median of the runs; CPU = user + system time of the "
                        "ingest and its workers; RSS = peak resident memory)",
               "columns": ["store", "processes", "articles", "runs", "seconds", "articles/s",
                           "triples/s", "words/s", "ms/article", "CPU ms/article", "RSS MB",
                           "RSS workers MB",
                           "server RSS MB", "triples"],
               "rows": rows}]
    return write_result(out, "ingest_speed", "Ingest throughput and memory", tables, targets,
                        params, records)


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        print(json.dumps(worker(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10 and 1,000 articles, one run each")
    ap.add_argument("--sizes", type=int, nargs="+", help="article counts (overrides --quick)")
    ap.add_argument("--repeats", type=int, help="runs per size (default 3, 1 at 10,000)")
    ap.add_argument("--no-remote", action="store_true", help="skip the Oxigraph server")
    ap.add_argument("--cores", type=int,
                    help="the process count of the parallel mode (1: one embedded mode only)")
    ap.add_argument("--one-mode-at-largest", action="store_true",
                    help="at the largest size, only the embedded store with one process")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    args = ap.parse_args()
    sizes = tuple(args.sizes) if args.sizes else (QUICK_SIZES if args.quick else SIZES)
    reps = args.repeats or (1 if args.quick else None)
    result = run(sizes, args.out, repeats={s: reps for s in sizes} if reps else None,
                 cores=args.cores, remote=not args.no_remote, every_mode_at_largest=not args.one_mode_at_largest)
    print(result["markdown"])


if __name__ == "__main__":
    main()
