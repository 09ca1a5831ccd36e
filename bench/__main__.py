"""Run the benchmark suite and collect its results.

    python -m bench [--quick] [--only NAME ...]

Runs every benchmark module in bench/ (each in its own process, each writing
bench/out/<name>.json), names the machine, and writes bench/out/results.json and
bench/out/results.md with every module's tables and targets.
"""

import argparse
import ast
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from bench.report import markdown_table, render

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
ORDER = ["extract_speed", "ingest_speed", "query_latency", "ask_latency", "http_load",
         "export_speed"]
HELPERS = {"__init__", "__main__", "corpus", "report", "query_data", "query_engines"}
PACKAGES = ["kennisgraaf", "pyoxigraph", "oxigraph", "oxrdflib", "rdflib", "spacy", "flask",
            "waitress", "gunicorn", "sparqlwrapper"]


def benchmarks() -> list[str]:
    """Modules of bench/ with a top-level ``main()``: the known ones first, in order."""
    found = []
    for path in sorted(HERE.glob("*.py")):
        if path.stem in HELPERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body):
            found.append(path.stem)
    return sorted(found, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def machine() -> dict:
    """CPU, cores, memory, OS, Python and the versions of the packages measured."""
    info = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
            "ram_gb": None, "os": platform.platform(), "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    info["packages"] = versions
    info["load_average"] = list(os.getloadavg())
    return info


def run_module(name: str, quick: bool) -> dict:
    cmd = [sys.executable, "-m", f"bench.{name}"]
    if quick and "--quick" in (HERE / f"{name}.py").read_text(encoding="utf-8"):
        cmd.append("--quick")
    print(f"== {' '.join(cmd[1:])}", flush=True)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=HERE.parent, check=False)
    return {"name": name, "command": " ".join(cmd[1:]), "status": done.returncode,
            "seconds": round(time.perf_counter() - t0, 1)}


def collect(runs: list[dict], info: dict, quick: bool) -> dict:
    results = {}
    for path in sorted(OUT.glob("*.json")):
        if path.name == "results.json":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        data["written"] = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(
            timespec="seconds")
        results[path.stem] = data
    info["load_average_end"] = list(os.getloadavg())
    return {"machine": info, "quick": quick, "runs": runs, "results": results}


def markdown(suite: dict) -> str:
    m = suite["machine"]
    pkgs = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    lines = ["# kennisgraaf benchmark results", "",
             markdown_table(["", ""], [
                 ["CPU", m["cpu"]], ["cores", m["cores"]], ["RAM", f"{m['ram_gb']} GB"],
                 ["OS", m["os"]], ["Python", m["python"]], ["packages", pkgs],
                 ["load average (1/5/15 min) at start", _load(m["load_average"])],
                 ["load average at end", _load(m.get("load_average_end", []))],
                 ["mode", "quick" if suite["quick"] else "full"]]), ""]
    if suite["runs"]:
        lines += [markdown_table(["module", "command", "exit status", "seconds"],
                                 [[r["name"], f"`{r['command']}`", r["status"], r["seconds"]]
                                  for r in suite["runs"]]), ""]
    targets = []
    for name, data in suite["results"].items():
        body = data.get("markdown") or (render(data) if "tables" in data else _generic(data))
        lines += [f"## {name} (written {data['written']})", "", body]
        targets += [[name, t.get("target", ""), "met" if t.get("met") else "**missed**",
                     t.get("detail", "")] for t in data.get("targets", [])]
    if targets:
        lines += ["## All targets", "", markdown_table(["module", "target", "result", "detail"],
                                                       targets), ""]
    return "\n".join(lines)


def _generic(data: dict) -> str:
    """A result in another shape: its scalars as one table, each list of records as another."""
    scalars = [[k, v] for k, v in data.items() if not isinstance(v, (dict, list))]
    parts = [markdown_table(["", ""], scalars)] if scalars else []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            columns = list(dict.fromkeys(k for r in value for k in r))
            parts += [f"**{key}**",
                      markdown_table(columns, [[r.get(c, "") for c in columns] for r in value])]
        elif isinstance(value, dict) and key != "written":
            parts += [f"**{key}**", "```json\n" + json.dumps(value, indent=1) + "\n```"]
    return "\n\n".join(parts) + "\n"


def _load(values: list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def main() -> None:
    ap = argparse.ArgumentParser(description="Run kennisgraaf's benchmarks.")
    ap.add_argument("--quick", action="store_true", help="smaller sizes, shorter budgets")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these modules")
    ap.add_argument("--list", action="store_true", help="list the benchmark modules and exit")
    ap.add_argument("--collect", action="store_true",
                    help="run nothing: rebuild results.json/.md from bench/out/*.json")
    args = ap.parse_args()
    names = benchmarks()
    if args.list:
        print("\n".join(names))
        return
    unknown = sorted(set(args.only or []) - set(names))
    if unknown:
        sys.exit(f"no benchmark {', '.join(unknown)}; there are: {', '.join(names)}")
    info = machine()
    runs = [] if args.collect else [run_module(n, args.quick) for n in names
                                    if not args.only or n in args.only]
    suite = collect(runs, info, args.quick)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(suite, indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    (OUT / "results.md").write_text(markdown(suite), encoding="utf-8")
    print(f"results: {OUT / 'results.md'}")
    failed = [r["name"] for r in runs if r["status"] != 0]
    if failed:
        sys.exit(f"benchmarks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
