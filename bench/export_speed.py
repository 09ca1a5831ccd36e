"""Export speed on a synthetic 10,000-article graph: seconds per format.

    .venv/bin/python bench/export_speed.py [--articles 10000] [--seed 7]

Builds the graph directly in the shape of docs/graph-model.md (one named graph
per article: metadata, mentions, entities, direct triples each with a fact
record, money value nodes, literal facts) in a temporary embedded store, then
times the view, the analysis and every export format, whole and filtered.
Prints a Markdown table and writes bench/out/export_speed.json.
"""

import argparse
import io
import json
import random
import tempfile
import time
from pathlib import Path

from kennisgraaf.graph.analysis import analyse
from kennisgraaf.graph.export import FORMATS, export
from kennisgraaf.graph.filters import Filters
from kennisgraaf.graph.store import open_store
from kennisgraaf.graph.view import build_view
from kennisgraaf.ontology.namespace import ARTICLE, FACT, ID, PREFIXES, VALUE

OUT = Path(__file__).resolve().parent / "out" / "export_speed.json"
POOL = {"AIFactory": 200, "Supercomputer": 100, "Country": 60, "City": 400, "Region": 50,
        "Company": 1500, "Organization": 600, "Person": 1000, "AIModel": 200, "Programme": 100}
LINKS = [("AIFactory", "locatedIn", "City"), ("AIFactory", "hostCountry", "Country"),
         ("AIFactory", "partner", "Country"), ("AIFactory", "partner", "Organization"),
         ("AIFactory", "fundedBy", "Organization"), ("Supercomputer", "locatedIn", "City"),
         ("City", "inCountry", "Country"), ("Company", "headquarteredIn", "Country"),
         ("Company", "develops", "AIModel"), ("Person", "affiliation", "Company"),
         ("Programme", "fundedBy", "Organization"), ("Region", "inCountry", "Country")]
SECTORS = ["health", "climate", "space", "cybersecurity", "agrifood", "finance"]
KG, RDF, S, XSD = PREFIXES["kg"], PREFIXES["rdf"], PREFIXES["schema"], PREFIXES["xsd"]


def _pick(rng: random.Random, etype: str) -> str:
    """An entity of the type, popular ones far more often (as in real news)."""
    rank = min(int(rng.paretovariate(1.2)) - 1, POOL[etype] - 1)
    return f"<{ID}{etype.lower()}/{etype.lower()}-{rank}>"


def _lit(text: str, dtype: str | None = None, lang: str | None = None) -> str:
    body = json.dumps(text, ensure_ascii=False)
    return body + (f"^^<{XSD}{dtype}>" if dtype else f"@{lang}" if lang else "")


def article_quads(rng: random.Random, n: int) -> list[str]:
    """The N-Quads lines of synthetic article ``n``."""
    aid = f"bench_{n:05d}"
    g = f"<{ARTICLE}{aid}>"
    out: list[str] = []

    def q(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o} {g} .")

    year, month = 2023 + n % 3, 1 + (n // 3) % 12
    q(g, f"<{RDF}type>", f"<{S}NewsArticle>")
    q(g, f"<{S}identifier>", _lit(aid))
    q(g, f"<{S}headline>", _lit(f"Bericht {n} over AI-fabrieken", lang="nl"))
    q(g, f"<{S}datePublished>", _lit(f"{year}-{month:02d}", "gYearMonth"))
    q(g, f"<{KG}textHash>", _lit(f"{n:064x}"))
    entities: set[str] = set()
    facts = 0

    def fact(s: str, p: str, o: str) -> None:
        nonlocal facts
        facts += 1
        f = f"<{FACT}{aid}/f{facts}>"
        q(s, f"<{KG}{p}>", o)
        for pred, obj in ((f"<{RDF}type>", f"<{KG}Fact>"), (f"<{RDF}subject>", s),
                          (f"<{RDF}predicate>", f"<{KG}{p}>"), (f"<{RDF}object>", o),
                          ("<http://www.w3.org/ns/prov#wasDerivedFrom>", g),
                          (f"<{KG}evidenceText>", _lit(f"zin {facts} van bericht {n}")),
                          (f"<{KG}evidenceStart>", _lit(str(facts * 100), "integer")),
                          (f"<{KG}evidenceEnd>", _lit(str(facts * 100 + 80), "integer"))):
            q(f, pred, obj)

    for stype, p, otype in rng.sample(LINKS, 6):
        s, o = _pick(rng, stype), _pick(rng, otype)
        entities |= {(s, stype), (o, otype)}
        fact(s, p, o)
    factory = _pick(rng, "AIFactory")
    investor = _pick(rng, "Company")
    entities |= {(factory, "AIFactory"), (investor, "Company")}
    money = f"<{VALUE}{aid}/m1>"
    q(money, f"<{RDF}type>", f"<{S}MonetaryAmount>")
    q(money, f"<{S}value>", _lit(str(rng.randrange(10, 900) * 10**6), "decimal"))
    q(money, f"<{S}currency>", _lit("EUR"))
    q(money, f"<{KG}qualifier>", _lit(rng.choice(["exact", "min", "approx"])))
    fact(factory, "budget", money)
    fact(factory, "sector", _lit(rng.choice(SECTORS)))
    fact(factory, "operationalFrom", _lit(str(year + 1), "gYear"))
    invest = f"<{VALUE}{aid}/m2>"
    q(invest, f"<{RDF}type>", f"<{S}MonetaryAmount>")
    q(invest, f"<{RDF}type>", f"<{KG}Investment>")
    q(invest, f"<{S}value>", _lit(str(rng.randrange(1, 50) * 10**9), "decimal"))
    q(invest, f"<{S}currency>", _lit("USD"))
    if rng.random() < 0.5:
        target = _pick(rng, "Company")
        entities.add((target, "Company"))
        q(invest, f"<{KG}target>", target)
    fact(investor, "invests", invest)
    for iri, etype in sorted(entities):
        q(g, f"<{S}mentions>", iri)
        q(iri, f"<{RDF}type>", f"<{KG}{etype}>")
        q(iri, "<http://www.w3.org/2000/01/rdf-schema#label>",
          _lit(iri.rsplit("/", 1)[-1].rstrip(">"), lang="nl"))
    return out


def timed(fn) -> tuple[float, float, object]:
    """Wall-clock and CPU seconds (all threads) of ``fn()``, and its result.

    CPU time says more on a shared machine, where wall time waits for other work.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bench.nq"
        with data.open("w", encoding="utf-8") as fh:
            for n in range(args.articles):
                fh.write("\n".join(article_quads(rng, n)) + "\n")
        store = open_store(Path(tmp) / "store", create=True)
        load_s, _, quads = timed(lambda: store.load(data))
        view_s, view_cpu, g = timed(lambda: build_view(store))
        analyse_s, analyse_cpu, _ = timed(lambda: analyse(g))
        rows = []
        cases = [(name, Filters(), "whole graph") for name in FORMATS]
        cases += [(name, f, label) for name in ("graphml", "html", "trig")
                  for f, label in ((Filters(since="2024-03", until="2024-03"), "one month"),)]
        cases += [("graphml", Filters(around="kgid:aifactory/aifactory-0", depth=1),
                   "around one factory"),
                  ("graphml", Filters(types=("AIFactory", "Country")), "two types")]
        for name, filters, label in cases:
            out = io.BytesIO()
            seconds, cpu, counts = timed(lambda: export(store, name, out=out, filters=filters))  # noqa: B023
            rows.append({"format": name, "part": label, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                         "megabytes": round(len(out.getvalue()) / 2**20, 2), **counts})
        store.close()
    result = {"articles": args.articles, "quads": quads, "load_seconds": round(load_s, 1),
              "view_seconds": round(view_s, 2), "view_cpu_seconds": round(view_cpu, 2),
              "analysis_seconds": round(analyse_s, 2), "analysis_cpu_seconds": round(analyse_cpu, 2),
              "view_nodes": g.number_of_nodes(), "view_edges": g.number_of_edges(),
              "exports": rows}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{args.articles} articles, {quads} quads (loaded in {load_s:.1f} s); view "
          f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges in {view_s:.2f} s "
          f"({view_cpu:.2f} s CPU); analysis {analyse_s:.2f} s ({analyse_cpu:.2f} s CPU)\n")
    print("| format | part | seconds | CPU seconds | MB | nodes / articles | edges |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['format']} | {r['part']} | {r['seconds']:.2f} | {r['cpu_seconds']:.2f} | {r['megabytes']:.2f} | "
              f"{r.get('nodes', r.get('articles'))} | {r.get('edges', '')} |")


if __name__ == "__main__":
    main()
