"""What every benchmark writes: ``bench/out/<name>.json`` and the same figures as Markdown.

The JSON holds ``name``, ``title``, ``params``, ``tables`` (title, columns,
rows), ``targets`` (target, met, detail), the raw ``records`` and the rendered
``markdown``; ``python -m bench`` collects these files into results.json/.md.
"""

import json
import math
from pathlib import Path


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (with fewer than 100 values, p99 is the maximum)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def markdown_table(columns: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(result: dict) -> str:
    """A benchmark's result as Markdown: its tables, then its targets."""
    parts = [f"### {result['title']}"]
    for table in result.get("tables", []):
        parts += [f"**{table['title']}**", markdown_table(table["columns"], table["rows"])]
    if result.get("targets"):
        verdict = {True: "met", False: "**missed**", None: "shown"}
        rows = [[t["target"], verdict[t["met"]], t.get("detail", "")]
                for t in result["targets"]]
        parts += ["**Targets**", markdown_table(["target", "result", "detail"], rows)]
    return "\n\n".join(parts) + "\n"


def write_result(out: Path, name: str, title: str, tables: list[dict], targets: list[dict],
                 params: dict, records: list[dict]) -> dict:
    result = {"name": name, "title": title, "params": params, "tables": tables,
              "targets": targets, "records": records}
    result["markdown"] = render(result)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    return result
