"""Question latency on a synthetic graph of 10,000 articles (issue 5).

The graph is generated in the shape of docs/graph-model.md (one named graph per
article, entities with labels, direct triples with fact records and evidence,
money value nodes) and loaded into an embedded Oxigraph store. Every canned query
of the catalogue and a set of Dutch and English questions are then answered
through the public API (``ask_canned``/``ask``: parse, build and query), and the
p50/p99 per question are printed as a Markdown table and written to
bench/out/ask_latency.json.

    python -m bench.ask_latency [--articles 10000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.iris import slug
from kennisgraaf.ontology.namespace import ARTICLE, FACT, ID, KG, PREFIXES, SCHEMA, VALUE
from kennisgraaf.queries.ask import ask, ask_canned
from kennisgraaf.queries.catalogue import load_catalogue
from kennisgraaf.queries.lookup import label_index

OUT = Path(__file__).resolve().parent / "out" / "ask_latency.json"
TARGET_MS = 50
RDF = PREFIXES["rdf"]
COUNTRIES = ["Finland", "Duitsland", "Griekenland", "Italië", "Spanje", "Zweden", "Polen",
             "Oostenrijk", "Portugal", "Ierland", "Denemarken", "Tsjechië", "Slovenië",
             "Hongarije", "Roemenië", "Bulgarije", "Kroatië", "Estland", "Letland", "Litouwen",
             "Nederland", "België", "Frankrijk", "Luxemburg", "Slowakije", "Cyprus", "Malta"]
SECTORS = ["health", "climate", "space", "cybersecurity", "agrifood", "finance", "energy"]
SYLLABLES = ["kor", "val", "min", "tes", "dar", "lun", "vor", "ael", "bri", "sto", "nex",
             "qua", "ril", "zen", "hol", "mar", "tiv", "gon", "pel", "rax", "oss", "ume"]


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class _Writer:
    """N-Quads lines for one article graph at a time."""

    def __init__(self, fh) -> None:
        self.fh, self.graph = fh, ""

    def iri(self, x: str) -> str:
        return f"<{x}>"

    def lit(self, text: str, lang: str | None = None, dtype: str | None = None) -> str:
        esc = text.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{esc}"' + (f"@{lang}" if lang else f"^^<{dtype}>" if dtype else "")

    def quad(self, s: str, p: str, o: str) -> None:
        self.fh.write(f"{s} {p} {o} {self.graph} .\n")


def generate(path: Path, articles: int, seed: int = 5) -> dict[str, list[str]]:
    """Write the graph as N-Quads; return entity labels by type, for the questions."""
    rng = random.Random(seed)
    pools = {
        "AIFactory": [_name(rng, 3) + " AI" for _ in range(400)],
        "Country": COUNTRIES,
        "City": [_name(rng) + "stad" for _ in range(300)],
        "Company": [_name(rng, 3) for _ in range(2000)],
        "Organization": [_name(rng) + " Instituut" for _ in range(500)],
        "Person": [f"{_name(rng)} {_name(rng, 3)}" for _ in range(3000)],
        "AIModel": [_name(rng) + "-" + str(rng.randint(1, 9)) for _ in range(600)],
    }
    city_country = {c: rng.choice(COUNTRIES) for c in pools["City"]}
    used: dict[str, list[str]] = {}
    x = PREFIXES["xsd"]
    with path.open("w", encoding="utf-8") as fh:
        w = _Writer(fh)
        for n in range(articles):
            aid = f"bench-{n:05d}"
            art = w.iri(str(ARTICLE[aid]))
            w.graph = art
            w.quad(art, w.iri(RDF + "type"), w.iri(str(SCHEMA.NewsArticle)))
            w.quad(art, w.iri(str(SCHEMA.identifier)), w.lit(aid))
            w.quad(art, w.iri(str(KG.textHash)), w.lit(f"{n:064x}"))
            ents: dict[str, str] = {}

            def entity(etype: str, label: str) -> str:
                e = w.iri(str(ID[f"{etype.lower()}/{slug(label)}"]))
                if e not in ents:
                    ents[e] = label
                    if label not in used.setdefault(etype, []):
                        used[etype].append(label)
                    w.quad(e, w.iri(RDF + "type"), w.iri(str(KG[etype])))
                    w.quad(e, w.iri(PREFIXES["rdfs"] + "label"), w.lit(label, "nl"))
                    w.quad(art, w.iri(str(SCHEMA.mentions)), e)
                return e

            facts = 0

            def fact(s: str, p: str, o: str, text: str) -> None:
                nonlocal facts
                facts += 1
                f = w.iri(str(FACT[f"{aid}/{facts}"]))
                w.quad(s, w.iri(str(KG[p])), o)
                for pp, oo in ((RDF + "type", w.iri(str(KG.Fact))), (RDF + "subject", s),
                               (RDF + "predicate", w.iri(str(KG[p]))), (RDF + "object", o),
                               (PREFIXES["prov"] + "wasDerivedFrom", art)):
                    w.quad(f, w.iri(pp), oo)
                w.quad(f, w.iri(str(KG.evidenceText)), w.lit(text))

            def money(amount: int, target: str | None = None) -> str:
                v = w.iri(str(VALUE[f"{aid}/{facts}"]))
                w.quad(v, w.iri(RDF + "type"), w.iri(str(SCHEMA.MonetaryAmount)))
                w.quad(v, w.iri(str(SCHEMA.value)), w.lit(str(amount), dtype=x + "decimal"))
                w.quad(v, w.iri(str(SCHEMA.currency)), w.lit("EUR"))
                w.quad(v, w.iri(str(KG.qualifier)), w.lit("exact"))
                if target:
                    w.quad(v, w.iri(str(KG.target)), target)
                return v

            # popular factories recur across many articles, as in real news
            fac_label = pools["AIFactory"][min(int(rng.paretovariate(1.2)) - 1, 399)]
            fac = entity("AIFactory", fac_label)
            city = rng.choice(pools["City"])
            c = entity("City", city)
            country = entity("Country", city_country[city])
            fact(fac, "locatedIn", c, f"{fac_label} komt in {city}.")
            fact(c, "inCountry", country, f"{city} ligt in {city_country[city]}.")
            fact(fac, "hostCountry", country, f"{fac_label} staat in {city_country[city]}.")
            for p in rng.sample(COUNTRIES, 2):
                fact(fac, "partner", entity("Country", p), f"Ook {p} doet mee aan {fac_label}.")
            # a factory's budget and sector are the same in every article that states them
            fixed = random.Random(fac_label)
            fact(fac, "budget", money(fixed.randint(10, 900) * 1_000_000),
                 f"{fac_label} kost miljoenen euro.")
            fact(fac, "sector", w.lit(fixed.choice(SECTORS)), f"{fac_label} richt zich op een sector.")
            fact(fac, "isUpgrade", w.lit(str(fixed.random() < 0.5).lower(), dtype=x + "boolean"),
                 f"{fac_label} is een upgrade.")
            fact(fac, "operationalFrom", w.lit(str(fixed.randint(2024, 2028)), dtype=x + "gYear"),
                 f"{fac_label} opent later.")
            comp_label = rng.choice(pools["Company"])
            comp = entity("Company", comp_label)
            fact(comp, "headquarteredIn", entity("Country", rng.choice(COUNTRIES)),
                 f"{comp_label} is gevestigd in Europa.")
            fact(comp, "develops", entity("AIModel", rng.choice(pools["AIModel"])),
                 f"{comp_label} maakt een model.")
            fact(comp, "invests", money(random.Random(comp_label).randint(1, 500) * 1_000_000, fac),
                 f"{comp_label} investeert in {fac_label}.")
            fact(fac, "fundedBy", comp, f"{comp_label} betaalt mee aan {fac_label}.")
            person = rng.choice(pools["Person"])
            org = rng.choice(pools["Organization"])
            fact(entity("Person", person), "affiliation", entity("Organization", org),
                 f"{person} werkt bij {org}.")
    return used


def questions(pools: dict[str, list[str]]) -> list[str]:
    f, c, k, p = pools["AIFactory"][0], pools["Company"][0], "Italië", pools["Person"][0]
    return [f"Welke landen zijn partner van {f}?", f"What is the budget of {f}?",
            f"In welke stad staat {f}?", "Which AI factory has the largest budget?",
            f"Welke AI-fabrieken liggen in {k}?", f"Welke bedrijven investeren in {f}?",
            "Hoeveel AI-fabrieken zijn een upgrade?", f"Bij welke organisatie werkt {p}?",
            f"Which models does {c} develop?", f"Wanneer is {f} operationeel?"]


def _time(fn, repeat: int) -> dict:
    fn()  # warm: the label index is loaded once per store
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
            "answers": len(out["answers"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "graph.nq"
        t = time.perf_counter()
        pools = generate(data, args.articles)
        store = open_store(Path(tmp) / "store", create=True)
        quads = store.load(data, fmt="nquads")
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        label_index(store)
        index_s = time.perf_counter() - t
        samples = {"AIFactory": pools["AIFactory"][0], "Country": "Italië",
                   "City": pools["City"][0], "Company": pools["Company"][0],
                   "Organization": pools["Organization"][0], "Person": pools["Person"][0],
                   "article": "bench-00000", "string": "partner", "boolean": "false"}
        special = {("fact-evidence", "object"): "Italië", ("investors-in", "entity"): samples["AIFactory"]}
        rows = []
        for q in load_catalogue().values():
            params = {p.name: special.get((q.id, p.name)) or next(
                samples[t] for t in p.type.split("|") if t in samples) for p in q.params}
            rows.append({"id": q.id, "kind": "canned"}
                        | _time(lambda q=q, params=params: ask_canned(store, q.id, params),
                                args.repeat))
        for text in questions(pools):
            rows.append({"id": text, "kind": "question"}
                        | _time(lambda text=text: ask(store, text), args.repeat))
        store.close()
    report = {"articles": args.articles, "quads": quads, "load_seconds": round(load_s, 1),
              "label_index_seconds": round(index_s, 2), "target_ms": TARGET_MS, "results": rows}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{args.articles} articles, {quads} quads, loaded in {load_s:.1f} s; "
          f"label index {index_s:.2f} s (once per store)\n")
    print("| question | kind | p50 ms | p99 ms | answers |\n|---|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r['id']} | {r['kind']} | {r['p50_ms']} | {r['p99_ms']} | {r['answers']} |")


if __name__ == "__main__":
    main()
