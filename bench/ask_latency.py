"""Question latency on a synthetic graph of 10,000 articles (issue 5).

The graph is generated in the shape of docs/graph-model.md (one named graph per
article, entities with labels, direct triples with fact records and evidence,
money value nodes) and loaded into an embedded Oxigraph store. Every canned query
of the catalogue and a set of Dutch and English questions are then answered
through the public API (``ask_canned``/``ask``: parse, build and query), and the
p50/p99 per question are printed as a Markdown table and written to
bench/out/ask_latency.json.

    python -m bench.ask_latency [--articles 10000] [--repeat 30] [--store DIR] [--only ID]

``--store DIR`` keeps the built store in DIR and reuses it on the next run (the graph
is generated from a fixed seed, so the same ``--articles`` give the same graph);
``--only`` times the questions whose id contains the text; ``--quick`` is a small run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from kennisgraaf.graph.store import open_store
from kennisgraaf.ontology.iris import slug, value_iri
from kennisgraaf.ontology.namespace import ARTICLE, FACT, ID, KG, PREFIXES, SCHEMA
from kennisgraaf.queries.ask import ask, ask_canned
from kennisgraaf.queries.catalogue import load_catalogue
from kennisgraaf.queries.lookup import label_index

OUT = Path(__file__).resolve().parent / "out" / "ask_latency.json"
TARGET_MS = 50
RDF = PREFIXES["rdf"]
XSD = PREFIXES["xsd"]
COUNTRIES = ["Finland", "Duitsland", "Griekenland", "Italië", "Spanje", "Zweden", "Polen",
             "Oostenrijk", "Portugal", "Ierland", "Denemarken", "Tsjechië", "Slovenië",
             "Hongarije", "Roemenië", "Bulgarije", "Kroatië", "Estland", "Letland", "Litouwen",
             "Nederland", "België", "Frankrijk", "Luxemburg", "Slowakije", "Cyprus", "Malta"]
SECTORS = ["health", "climate", "space", "cybersecurity", "agrifood", "finance", "energy"]
SYLLABLES = ["kor", "val", "min", "tes", "dar", "lun", "vor", "ael", "bri", "sto", "nex",
             "qua", "ril", "zen", "hol", "mar", "tiv", "gon", "pel", "rax", "oss", "ume"]


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class _Article:
    """Writes one article's named graph as N-Quads lines."""

    def __init__(self, fh, n: int, used: dict[str, Counter]) -> None:
        self.fh, self.used, self.id = fh, used, f"bench-{n:05d}"
        self.iri = _iri(str(ARTICLE[self.id]))
        self.entities: set[str] = set()
        self.facts = 0
        self.quad(self.iri, _iri(RDF + "type"), _iri(str(SCHEMA.NewsArticle)))
        self.quad(self.iri, _iri(str(SCHEMA.identifier)), _lit(self.id))
        self.quad(self.iri, _iri(str(KG.textHash)), _lit(f"{n:064x}"))

    def quad(self, s: str, p: str, o: str) -> None:
        self.fh.write(f"{s} {p} {o} {self.iri} .\n")

    def entity(self, etype: str, label: str) -> str:
        e = _iri(str(ID[f"{etype.lower()}/{slug(label)}"]))
        if e not in self.entities:
            self.entities.add(e)
            self.used.setdefault(etype, Counter())[label] += 1  # articles that mention it
            self.quad(e, _iri(RDF + "type"), _iri(str(KG[etype])))
            self.quad(e, _iri(PREFIXES["rdfs"] + "label"), _lit(label, "nl"))
            self.quad(self.iri, _iri(str(SCHEMA.mentions)), e)
        return e

    def fact(self, s: str, p: str, o: str, text: str) -> None:
        self.facts += 1
        f = _iri(str(FACT[f"{self.id}/{self.facts}"]))
        self.quad(s, _iri(str(KG[p])), o)
        for pp, oo in ((RDF + "type", _iri(str(KG.Fact))), (RDF + "subject", s),
                       (RDF + "predicate", _iri(str(KG[p]))), (RDF + "object", o),
                       (PREFIXES["prov"] + "wasDerivedFrom", self.iri)):
            self.quad(f, _iri(pp), oo)
        self.quad(f, _iri(str(KG.evidenceText)), _lit(text))

    def money(self, s: str, p: str, amount: int, target: str | None = None) -> str:
        # Named by content, as ingest names it: articles stating the same sum share it.
        v = _iri(value_iri({"s": s[1:-1], "p": p, "amount": str(amount), "currency": "EUR",
                            "qualifier": "exact", "target": target and target[1:-1]}))
        self.quad(v, _iri(RDF + "type"), _iri(str(SCHEMA.MonetaryAmount)))
        self.quad(v, _iri(str(SCHEMA.value)), _lit(str(amount), dtype=XSD + "decimal"))
        self.quad(v, _iri(str(SCHEMA.currency)), _lit("EUR"))
        self.quad(v, _iri(str(KG.qualifier)), _lit("exact"))
        if p == "invests":  # as ingest types it (kennisgraaf/ingest/mapping.py)
            self.quad(v, _iri(RDF + "type"), _iri(str(KG.Investment)))
        if target:
            self.quad(v, _iri(str(KG.target)), target)
        return v


def _iri(x: str) -> str:
    return f"<{x}>"


def _lit(text: str, lang: str | None = None, dtype: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{esc}"' + (f"@{lang}" if lang else f"^^<{dtype}>" if dtype else "")


def generate(path: Path, articles: int, seed: int = 5) -> dict[str, list[str]]:
    """Write the graph as N-Quads; return the labels used, by type, most reported first."""
    rng = random.Random(seed)
    pools = {
        "AIFactory": [_name(rng, 3) + " AI" for _ in range(400)],
        "City": [_name(rng) + "stad" for _ in range(300)],
        "Company": [_name(rng, 3) for _ in range(2000)],
        "Organization": [_name(rng) + " Instituut" for _ in range(500)],
        "Person": [f"{_name(rng)} {_name(rng, 3)}" for _ in range(3000)],
        "AIModel": [_name(rng) + "-" + str(rng.randint(1, 9)) for _ in range(600)],
    }
    used: dict[str, Counter] = {}
    with path.open("w", encoding="utf-8") as fh:
        for n in range(articles):
            a = _Article(fh, n, used)
            # popular factories recur across many articles, as in real news; what an
            # article states about one is the same in every article
            label = pools["AIFactory"][min(int(rng.paretovariate(1.2)) - 1, 399)]
            fixed = random.Random(label)
            fac = a.entity("AIFactory", label)
            city = fixed.choice(pools["City"])
            country = random.Random(city).choice(COUNTRIES)
            c, k = a.entity("City", city), a.entity("Country", country)
            a.fact(fac, "locatedIn", c, f"{label} komt in {city}.")
            a.fact(c, "inCountry", k, f"{city} ligt in {country}.")
            a.fact(fac, "hostCountry", k, f"{label} staat in {country}.")
            for p in fixed.sample(COUNTRIES, 3)[: rng.randint(1, 3)]:
                a.fact(fac, "partner", a.entity("Country", p), f"Ook {p} doet mee aan {label}.")
            a.fact(fac, "budget", a.money(fac, "budget", fixed.randint(10, 900) * 1_000_000),
                   f"{label} kost miljoenen euro.")
            a.fact(fac, "sector", _lit(fixed.choice(SECTORS)), f"{label} richt zich op een sector.")
            a.fact(fac, "isUpgrade", _lit(str(fixed.random() < 0.5).lower(), dtype=XSD + "boolean"),
                   f"{label} is een upgrade.")
            a.fact(fac, "operationalFrom", _lit(str(fixed.randint(2024, 2028)), dtype=XSD + "gYear"),
                   f"{label} opent later.")
            firm = rng.choice(pools["Company"])
            comp = a.entity("Company", firm)
            a.fact(comp, "headquarteredIn", a.entity("Country", random.Random(firm).choice(COUNTRIES)),
                   f"{firm} is gevestigd in Europa.")
            a.fact(comp, "develops", a.entity("AIModel", random.Random(firm).choice(pools["AIModel"])),
                   f"{firm} maakt een model.")
            a.fact(comp, "invests", a.money(comp, "invests",
                                            random.Random(firm).randint(1, 500) * 1_000_000, fac),
                   f"{firm} investeert in {label}.")
            a.fact(fac, "fundedBy", comp, f"{firm} betaalt mee aan {label}.")
            person = rng.choice(pools["Person"])
            org = random.Random(person).choice(pools["Organization"])
            a.fact(a.entity("Person", person), "affiliation", a.entity("Organization", org),
                   f"{person} werkt bij {org}.")
    return {etype: [label for label, _ in counts.most_common()] for etype, counts in used.items()}


def questions(pools: dict[str, list[str]]) -> list[str]:
    f, c, k, p = pools["AIFactory"][0], pools["Company"][0], pools["Country"][0], pools["Person"][0]
    return [f"Welke landen zijn partner van {f}?", f"What is the budget of {f}?",
            f"In welke stad staat {f}?", "Which AI factory has the largest budget?",
            f"Welke AI-fabrieken liggen in {k}?", f"Welke bedrijven investeren in {f}?",
            "Hoeveel AI-fabrieken zijn een upgrade?", f"Bij welke organisatie werkt {p}?",
            f"Which models does {c} develop?", f"Wanneer is {f} operationeel?"]


# Parameters whose first listed type would not ask the hard case.
_PARAM_TYPES = {("fact-evidence", "object"): "Country", ("investors-in", "entity"): "AIFactory"}


def _params(q, pools: dict[str, list[str]], rank: int) -> dict[str, str]:
    """Parameter values for a canned query: entities of the given popularity rank."""
    samples = {t: labels[min(rank, len(labels) - 1)] for t, labels in pools.items()}
    samples |= {"article": "bench-00000", "string": "partner", "boolean": "false"}
    return {p.name: samples[_PARAM_TYPES.get((q.id, p.name)) or next(
        t for t in p.type.split("|") if t in samples)] for p in q.params}


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


def _build(tmp: Path, articles: int, keep: Path | None):
    """The store of ``articles`` synthetic articles: built in ``tmp``, or kept in ``keep``
    and reused when it is already there."""
    data = tmp / "graph.nq"
    t = time.perf_counter()
    pools = generate(data, articles)
    location = keep or tmp / "store"
    if not (location / "CURRENT").exists():
        # Oxigraph's bulk loader: a plain load is one transaction held in memory (15 GB here)
        ox.Store(str(location)).bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    store = open_store(location)
    return store, pools, store.count(), time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--store", type=Path, help="keep the store here and reuse it")
    ap.add_argument("--only", default="", help="time only the questions whose id has this text")
    ap.add_argument("--quick", action="store_true", help="1,000 articles, 5 repeats")
    args = ap.parse_args()
    if args.quick:
        args.articles, args.repeat = 1000, 5
    with tempfile.TemporaryDirectory() as tmp:
        store, pools, quads, load_s = _build(Path(tmp), args.articles, args.store)
        t = time.perf_counter()
        label_index(store)
        index_s = time.perf_counter() - t
        rows = []
        for q in load_catalogue().values():
            if args.only not in q.id:
                continue
            row = {"id": q.id, "kind": "canned"}
            # Entities of rank 1 (the most reported: the hard case) and of rank 10 (a
            # well-covered one); a question without entities runs once.
            for rank in (0, 9) if any(p.type[0].isupper() for p in q.params) else (0,):
                params = _params(q, pools, rank)
                timed = _time(lambda q=q, params=params: ask_canned(store, q.id, params),
                              args.repeat)
                row |= timed if rank == 0 else {f"{k}_rank10": v for k, v in timed.items()}
            rows.append(row)
            print(rows[-1], file=sys.stderr, flush=True)
        for text in questions(pools):
            if args.only not in text:
                continue
            rows.append({"id": text, "kind": "question"}
                        | _time(lambda text=text: ask(store, text), args.repeat))
            print(rows[-1], file=sys.stderr, flush=True)
        store.close()
    report = {"articles": args.articles, "quads": quads, "load_seconds": round(load_s, 1),
              "label_index_seconds": round(index_s, 2), "target_ms": TARGET_MS, "results": rows}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{args.articles} articles, {quads} quads, loaded in {load_s:.1f} s; "
          f"label index {index_s:.2f} s (once per store)\n")
    print("| question | kind | p50 ms | p99 ms | answers | rank 10: p50 ms | p99 ms | answers |\n"
          "|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        rank10 = [str(r.get(f"{k}_rank10", "")) for k in ("p50_ms", "p99_ms", "answers")]
        print(f"| {r['id']} | {r['kind']} | {r['p50_ms']} | {r['p99_ms']} | {r['answers']} | "
              + " | ".join(rank10) + " |")


if __name__ == "__main__":
    main()
