"""Soak the web server under mixed read/write load on loopback, for a bounded time.

Starts ``kennisgraaf serve`` on a fresh store of synthetic articles, then runs client
threads that mix queries, API reads, writes with the token (graph store PUTs that
replace articles from a fixed pool, so the store stays the same size) and requests
that must be refused (bad queries, writes without the token, a cartesian product that
must hit the time limit). Every answer is checked against what that request may get;
anything else is an error. The resident memory of the server and its query workers is
sampled from /proc every few seconds, the server and each query worker apart, and
summed up as how flat it stays after a warm-up.

    python -m bench.soak --minutes 5 [--threads 8] [--warmup 120] [--json results.json]
"""

import argparse
import json
import random
import statistics
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests

from tests.reliability.conftest import FACTS_PER_ARTICLE, Server, make_base_store, synthetic_graph

POOL = 200  # article ids the writers rotate over

READS = {
    "facts per article": FACTS_PER_ARTICLE,
    "labels": "SELECT ?e ?l WHERE { ?e rdfs:label ?l } LIMIT 100",
    "partners": "SELECT ?f (COUNT(?o) AS ?n) WHERE { ?f kg:partner ?o } GROUP BY ?f",
    "evidence": "SELECT ?fact ?text WHERE { ?fact a kg:Fact ; kg:evidenceText ?text } LIMIT 50",
}
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Soak:
    def __init__(self, srv: Server, seconds: float, threads: int, warmup: float) -> None:
        self.srv, self.seconds, self.threads, self.warmup = srv, seconds, threads, warmup
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.error_kinds: Counter[str] = Counter()  # status and the message's first words
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        # (seconds since start, server kB, {worker pid: kB})
        self.rss: list[tuple[float, int, dict[int, int]]] = []
        self.lock = threading.Lock()

    def request(self, session: requests.Session, kind: str, allowed: tuple[int, ...],
                method: str, path: str, **kwargs) -> None:
        started = time.monotonic()
        try:
            r = session.request(method, self.srv.url + path, timeout=60, **kwargs)
            status, body = r.status_code, r.text
        except requests.RequestException as exc:
            status, body = 0, str(exc)
        with self.lock:
            self.latency[kind].append(time.monotonic() - started)
            self.statuses[kind][status] += 1
            if status not in allowed:
                self.errors.append(f"{kind}: {status} {body[:200]}")
                self.error_kinds[f"{status} {_message(body)[:60]}"] += 1

    def client(self, seed: int, deadline: float) -> None:
        rnd = random.Random(seed)
        session = requests.Session()
        json_accept = {"Accept": "application/sparql-results+json"}
        while time.monotonic() < deadline:
            roll = rnd.random()
            if roll < 0.55:
                name = rnd.choice(sorted(READS))
                self.request(session, f"read: {name}", (200,), "POST", "/sparql",
                             data={"query": READS[name]}, headers=json_accept)
            elif roll < 0.65:
                self.request(session, "api: articles", (200,), "GET", "/api/articles")
            elif roll < 0.85:
                k = rnd.randrange(POOL)
                name, graph = synthetic_graph(k, 3 + k % 7)
                self.request(session, "write: graph store PUT", (200, 201, 204), "PUT",
                             "/rdf-graph-store", params={"graph": str(name)},
                             data=graph.serialize(format="nt", encoding="utf-8"),
                             headers={**self.srv.auth(), "Content-Type": "application/n-triples"})
            elif roll < 0.92:
                self.request(session, "refused: bad query", (400,), "POST", "/sparql",
                             data={"query": "SELECT * WHERE { ?s ?p"})
            elif roll < 0.98:
                self.request(session, "refused: write without token", (401,), "POST", "/update",
                             data={"update": "DROP ALL"})
            else:
                self.request(session, "limited: cartesian product", (200, 503), "POST",
                             "/sparql", data={"query": CARTESIAN}, headers=json_accept)

    def sample_memory(self, deadline: float, every: float) -> None:
        started = time.monotonic()
        while time.monotonic() < deadline:
            found = process_rss(self.srv.proc.pid)
            self.rss.append((time.monotonic() - started, sum(found["server"].values()),
                             found["workers"]))
            time.sleep(every)

    def run(self, every: float = 5.0) -> dict:
        deadline = time.monotonic() + self.seconds
        workers = [threading.Thread(target=self.client, args=(i, deadline))
                   for i in range(self.threads)]
        workers.append(threading.Thread(target=self.sample_memory, args=(deadline, every)))
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        return self.summary()

    def summary(self) -> dict:
        kinds = {}
        for kind, values in sorted(self.latency.items()):
            values = sorted(values)
            kinds[kind] = {"requests": len(values),
                           "p50_ms": round(1000 * statistics.median(values), 1),
                           "p99_ms": round(1000 * values[int(0.99 * (len(values) - 1))], 1),
                           "statuses": dict(self.statuses[kind])}
        series = {
            "server": [(t, srv / 1024) for t, srv, _ in self.rss],
            "workers (sum)": [(t, sum(w.values()) / 1024) for t, _, w in self.rss],
            "total": [(t, (srv + sum(w.values())) / 1024) for t, srv, w in self.rss],
        }
        per_worker: dict[int, list[float]] = defaultdict(list)
        for _, _, w in self.rss:
            for pid, kb in w.items():
                per_worker[pid].append(kb / 1024)
        return {"seconds": self.seconds, "threads": self.threads,
                "requests": sum(len(v) for v in self.latency.values()),
                "errors": len(self.errors), "error_kinds": dict(self.error_kinds),
                "first_errors": self.errors[:10], "kinds": kinds,
                "memory_warmup_s": self.warmup,
                "memory": {name: flatness(points, self.warmup) for name, points in series.items()},
                "workers_seen": len(per_worker),
                "per_worker_mb": {pid: {"samples": len(v), "first": round(v[0], 1),
                                        "last": round(v[-1], 1), "max": round(max(v), 1)}
                                  for pid, v in per_worker.items()},
                "memory_per_minute_mb": {name: per_minute(points)
                                         for name, points in series.items()},
                "rss_samples": [(round(t), round(srv / 1024, 1),
                                 {pid: round(kb / 1024, 1) for pid, kb in w.items()})
                                for t, srv, w in self.rss]}


def process_rss(pid: int) -> dict[str, dict[int, int]]:
    """Resident memory (kB) of the server ``pid`` and of each of its query workers, from
    /proc: {"server": {pid: kB}, "workers": {pid: kB}}. Other descendants (the
    multiprocessing resource tracker) are left out."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children[int(fields[1])].append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found: dict[str, dict[int, int]] = {"server": {}, "workers": {}}
    todo = [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            cmdline = Path(f"/proc/{p}/cmdline").read_bytes()
            rss = next(int(line.split()[1]) for line in
                       Path(f"/proc/{p}/status").read_text().splitlines()
                       if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
        if p == pid:
            found["server"][p] = rss
        elif b"spawn_main" in cmdline:  # a multiprocessing "spawn" child: a query worker
            found["workers"][p] = rss
    return found


def flatness(points: list[tuple[float, float]], warmup: float) -> dict:
    """How flat a memory series (seconds, MB) is after ``warmup`` seconds: the least-squares
    slope over the second half of the run, and the mean of the last third of the
    post-warm-up samples minus the mean of the first third."""
    after = [(t, v) for t, v in points if t >= warmup] or points
    third = max(1, len(after) // 3)
    first, last = after[:third], after[-third:]
    return {"mean_first_third_mb": round(statistics.fmean(v for _, v in first), 1),
            "mean_last_third_mb": round(statistics.fmean(v for _, v in last), 1),
            "last_minus_first_third_mb": round(statistics.fmean(v for _, v in last)
                                               - statistics.fmean(v for _, v in first), 1),
            "slope_mb_per_min_second_half": round(60 * _slope(points[len(points) // 2:]), 2),
            "max_mb": round(max(v for _, v in after), 1)}


def _message(body: str) -> str:
    """The message of one of the server's JSON errors, else the body as it came."""
    try:
        return json.loads(body)["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return body


def per_minute(points: list[tuple[float, float]]) -> list[float]:
    """The mean of each whole minute's samples, MB."""
    minutes: dict[int, list[float]] = defaultdict(list)
    for t, v in points:
        minutes[int(t // 60)].append(v)
    return [round(statistics.fmean(minutes[m]), 1) for m in sorted(minutes)]


def _slope(points: list[tuple[float, float]]) -> float:
    if len(points) < 2:
        return 0.0
    ts, vs = [t for t, _ in points], [v for _, v in points]
    mt, mv = statistics.fmean(ts), statistics.fmean(vs)
    den = sum((t - mt) ** 2 for t in ts)
    return sum((t - mt) * (v - mv) for t, v in points) / den if den else 0.0


def soak(seconds: float, threads: int, folder: Path, every: float = 5.0,
         warmup: float = 120.0) -> dict:
    store = make_base_store(folder)
    srv = Server(store, env={"KENNISGRAAF_QUERY_TIMEOUT": "2"}).start()
    try:
        # Fill the pool once, so that the store's size is steady from the start.
        session = requests.Session()
        for k in range(POOL):
            name, graph = synthetic_graph(k, 3 + k % 7)
            session.put(srv.url + "/rdf-graph-store", params={"graph": str(name)},
                        data=graph.serialize(format="nt", encoding="utf-8"), timeout=60,
                        headers={**srv.auth(), "Content-Type": "application/n-triples"})
        result = Soak(srv, seconds, threads, warmup).run(every)
        result["articles_at_end"] = len(requests.get(srv.url + "/api/articles", timeout=60)
                                        .json()["articles"])
        result["server_alive"] = srv.alive()
    finally:
        srv.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between RSS samples")
    parser.add_argument("--warmup", type=float, default=120.0,
                        help="seconds left out of the memory flatness measure")
    parser.add_argument("--json", default=None, help="write the full result here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = soak(60 * args.minutes, args.threads, Path(tmp), args.every, args.warmup)
    shown = {k: v for k, v in result.items() if k != "rss_samples"}
    print(json.dumps(shown, indent=1, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()
