"""Questions in, answers out: the public API of the CLI and the web app.

``ask`` and ``ask_canned`` return the ``ask --json`` object of domain.md:
``question``, ``answers`` [{label, iri, value}], ``sparql``, ``evidence``
[{article, text}], with ``message`` when there is no answer and ``candidates``
when a name is ambiguous. Answers are never guessed: an unknown name, a relation
the graph does not hold or an empty result give an empty list and say why.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kennisgraaf.graph.store import GraphStore
from kennisgraaf.queries.build import EVIDENCE, LIMIT, Plan, plan
from kennisgraaf.queries.catalogue import bind_params, load_catalogue
from kennisgraaf.queries.lookup import Entity, LabelIndex, label_index, tokens
from kennisgraaf.queries.parse import Intent, find, number_words, parse, type_words
from kennisgraaf.queries.schema import Refusal

MAX_EVIDENCE = 10
CITED_ANSWERS = 12  # answers whose evidence is looked up (one small query each)
TRIPLES_PER_ANSWER = 2
EVIDENCE_PER_ANSWER = 3
_CITATIONS = ("ev", "artid", "cs", "cp", "co")  # columns that cite, not cells of a table
STEM = 5  # words compared by their first letters: fabriek ~ fabrieken


def ask(store: GraphStore, question: str) -> dict:
    """Answer one question, Dutch or English, from the graph in ``store``."""
    index = label_index(store)
    intent = parse(question, index)
    out: dict = {"question": question, "answers": [], "sparql": None, "evidence": [],
                 "lang": intent.lang}
    p = plan(intent)
    if isinstance(p, Refusal):
        return _refused(out, p, intent.lang)
    out["sparql"] = p.sparql
    out["bindings"] = {k: str(v) for k, v in p.bindings.items()}
    out["entities"] = [_entity(e, intent.lang) for e in p.entities]
    rows = store.query(p.sparql, bindings=p.bindings).bindings()
    answers = _read(p, rows, index, intent)
    _fetch_evidence(store, answers)
    if p.kind == "money" and len(answers) > 1 and p.form == "list":
        answers = _best(answers, intent)
    out["answers"] = [{k: v for k, v in a.items() if k != "evidence"} | {"evidence": a["evidence"]}
                      for a in answers]
    out["evidence"] = _evidence(answers)
    if not answers:
        out["message"] = _empty_message(p, index, intent.lang)
    elif len(rows) >= LIMIT:
        out["message"] = cut_message(LIMIT, intent.lang)
    return out


def ask_canned(store: GraphStore, query_id: str, params: dict[str, str]) -> dict:
    """Run a catalogue query with its parameters given as names or IRIs."""
    catalogue = load_catalogue()
    query = catalogue.get(query_id)
    if query is None:
        from kennisgraaf.errors import NotFound
        raise NotFound(f"no canned query '{query_id}'; `kennisgraaf questions` lists them")
    index = label_index(store)
    lang = params.get("lang", "nl")
    out: dict = {"question": query.summary(lang, params), "answers": [], "sparql": query.sparql,
                 "evidence": [], "canned": query.id}
    bound = bind_params(query, params, index)
    if isinstance(bound, Refusal):
        return _refused(out, bound, lang)
    out["bindings"] = {k: str(v) for k, v in bound.items()}
    rows = store.query(query.sparql, bindings=bound).bindings()
    out["answers"] = _canned_answers(query.answer, rows, index, lang)
    _fetch_evidence(store, out["answers"])
    out["evidence"] = _evidence(out["answers"])
    if not out["answers"]:
        out["message"] = "the graph holds no answer to this query for these parameters"
    elif query.limit is not None and len(rows) >= query.limit:
        out["message"] = cut_message(query.limit, lang)
    return out


def cut_message(limit: int, lang: str) -> str:
    """Said when a list stopped at its cap: the graph may hold more answers than shown."""
    if lang == "en":
        return f"the list stops at {limit} answers; the graph may hold more"
    return f"de lijst stopt bij {limit} antwoorden; de graaf kan er meer bevatten"


def _best(answers: list[dict], intent: Intent) -> list[dict]:
    """Of several values, the one whose evidence shares the most with the question's own
    words ("voor de zeven AI-fabrieken"), when one clearly does; else all of them."""
    asked = _features(" ".join(intent.words)) | {"type:" + t for t in intent.types}
    if len(asked) == 0:
        return answers
    scored = sorted(((len(asked & _features(" ".join(e["text"] for e in a["evidence"]))), i)
                     for i, a in enumerate(answers)), reverse=True)
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return [answers[scored[0][1]]]
    return answers


def _features(text: str) -> set[str]:
    """Word stems, numbers (words and digits alike) and entity types named in a text."""
    words = tokens(text)
    numbers = number_words()
    out = {numbers.get(w, w[:STEM]) for w in words if len(w) > 2 or w.isdigit()}
    return out | {"type:" + h.key for h in find(type_words(), words)}


def _canned_answers(answer: str, rows: list[dict], index: LabelIndex, lang: str) -> list[dict]:
    """Rows of a canned query as answers: by ?answer (grouped, with evidence) or as a table."""
    if answer == "count":
        n = int(rows[0]["n"]) if rows and "n" in rows[0] else 0
        return [{"label": str(n), "iri": None, "value": {"number": n}, "evidence": []}]
    out: dict[object, dict] = {}
    for r in rows:
        node = r.get("answer")
        if answer == "table":
            cells = {k: _cell(v, index, lang) for k, v in r.items() if k not in _CITATIONS}
            key = tuple(sorted(cells.items()))
            first = cells.get("answer") or next(iter(cells.values()), "")
            base = {"label": first, "iri": str(node) if isinstance(node, URIRef) else None,
                    "value": None, "row": cells}
        elif "amount" in r or "total" in r:
            value = _money(r | {"amount": r.get("amount", r.get("total"))})
            key = (tuple(sorted(value.items())), str(r.get("target")))
            base = {"label": money_label(value, lang), "iri": str(node) if node else None,
                    "value": value}
            if "target" in r:
                base["target"] = _cell(r["target"], index, lang)
        elif isinstance(node, URIRef):
            key, base = node, _entity_answer(node, index, lang)
        elif node is not None:
            key, base = str(node), {"label": str(node), "iri": None, "value": _literal(node)}
        else:
            continue
        a = out.setdefault(key, base | {"evidence": []})
        ev = _cite(r)
        if ev and len(a["evidence"]) < TRIPLES_PER_ANSWER and ev not in a["evidence"]:
            a["evidence"].append(ev)
    return list(out.values())


def _literal(node: Literal) -> dict:
    """A literal as a value object: bool, date (xsd:gYear, gYearMonth, date) or text."""
    if node.datatype == XSD.boolean:
        return {"bool": bool(node.toPython())}
    if node.datatype in (XSD.gYear, XSD.gYearMonth, XSD.date):
        return {"date": str(node)}
    return {"text": str(node)}


def _cell(term: object, index: LabelIndex, lang: str) -> str:
    if isinstance(term, URIRef):
        e = index.entities.get(term)
        return e.label(lang) if e else str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return str(term)


def _refused(out: dict, refusal: Refusal, lang: str) -> dict:
    out["message"] = refusal.message
    if refusal.candidates:
        out["candidates"] = [_entity(e, lang) for e in refusal.candidates]
    return out


def _entity(e: Entity, lang: str) -> dict:
    return {"label": e.label(lang), "iri": str(e.iri), "type": e.type}


def _fetch_evidence(store: GraphStore, answers: list[dict]) -> None:
    """Evidence sentences for the first answers' triples, a few per answer."""
    for i, a in enumerate(answers):
        found: list[dict] = []
        triples = [ev for ev in a.get("evidence", ()) if isinstance(ev, tuple)]
        for ev in a.get("evidence", ()):
            if not isinstance(ev, tuple) and ev not in found:
                found.append(ev)
        for _, s, p, o in triples[:TRIPLES_PER_ANSWER] if i < CITED_ANSWERS else ():
            for r in store.query(EVIDENCE, bindings={"cs": s, "cp": p, "co": o}).bindings():
                ev = {"article": str(r.get("artid", "")), "text": str(r.get("ev", ""))}
                if ev not in found:
                    found.append(ev)
        a["evidence"] = found[:EVIDENCE_PER_ANSWER]


def _evidence(answers: list[dict]) -> list[dict]:
    seen, out = set(), []
    for a in answers:
        for ev in a.get("evidence", ()):
            key = (ev["article"], ev["text"])
            if key not in seen:
                seen.add(key)
                out.append(ev)
    return out[:MAX_EVIDENCE]


def _cite(row: dict) -> dict | tuple | None:
    """The row's evidence, or the triple whose evidence is looked up later."""
    if "cs" in row and "cp" in row and ("co" in row or "node" in row):
        return ("triple", row["cs"], row["cp"], row.get("co", row.get("node")))
    if "ev" not in row:
        return None
    article = row.get("artid") or str(row.get("art", "")).rsplit("/", 1)[-1]
    return {"article": str(article), "text": str(row["ev"])}


def _read(p: Plan, rows: list[dict], index: LabelIndex, intent: Intent) -> list[dict]:
    lang = intent.lang
    if p.kind == "count":
        n = int(rows[0]["n"]) if rows and "n" in rows[0] else 0
        return [{"label": str(n), "iri": None, "value": {"number": n}, "evidence": []}] if n else []
    if p.form.endswith("count"):  # ranked by how many
        top = [r for r in rows if r.get("n") == rows[0].get("n")] if rows else []
        return [_entity_answer(r["answer"], index, lang) | {"count": int(r["n"])}
                | {"evidence": []} for r in top]
    if p.form in ("max", "min"):
        rows = _extreme(p, rows)
    if p.form == "sum":
        return _sum(rows, lang)
    answers: dict[object, dict] = {}
    for r in rows:
        if "node" in r:
            r = r | {"answer": r["node"]}
        if "answer" not in r:
            continue
        key, answer = _answer(p, r, index, lang)
        a = answers.setdefault(key, answer | {"evidence": [], "_ontarget": False})
        if "sources" in r:
            a["sources"] = a.get("sources", 0) + int(r["sources"])
        a["_ontarget"] |= bool(r.get("ontarget") is not None and r["ontarget"].toPython())
        ev = _cite(r)
        if ev and len(a["evidence"]) < TRIPLES_PER_ANSWER and ev not in a["evidence"]:
            a["evidence"].append(ev)
    out = list(answers.values())
    if any(a["_ontarget"] for a in out):
        out = [a for a in out if a["_ontarget"]]
    for a in out:
        del a["_ontarget"]
    return out


def _extreme(p: Plan, rows: list[dict]) -> list[dict]:
    """Rows that share the best value (the query already ordered them)."""
    if not rows:
        return rows
    key = next(k for k in ("best", "amount", "answer") if k in rows[0])
    best = rows[0].get(key)
    return [r for r in rows if r.get(key) == best]  # one, unless several tie


def _answer(p: Plan, r: dict, index: LabelIndex, lang: str) -> tuple[object, dict]:
    node = r["answer"]
    if p.kind == "entities":
        return node, _entity_answer(node, index, lang)
    if p.kind == "money":
        value = _money(r)
        key = tuple(sorted((k, str(v)) for k, v in value.items()))
        return key, {"label": money_label(value, lang), "iri": str(node), "value": value}
    literal = node.toPython() if isinstance(node, Literal) else str(node)
    if p.kind == "bool":
        value = {"bool": bool(literal)}
        label = ("ja" if literal else "nee") if lang == "nl" else ("yes" if literal else "no")
    elif p.kind == "date":
        value, label = {"date": str(node)}, str(node)
    else:
        value, label = {"text": str(node)}, str(node)
    return str(node), {"label": label, "iri": None, "value": value}


def _entity_answer(node: URIRef, index: LabelIndex, lang: str) -> dict:
    e = index.entities.get(node)
    label = e.label(lang) if e else str(node).rsplit("/", 1)[-1]
    return {"label": label, "iri": str(node), "value": None, "type": e.type if e else None}


def _money(r: dict) -> dict:
    value: dict = {"amount": _number(r.get("amount")), "currency": str(r.get("currency", ""))}
    qualifier = str(r.get("qualifier", "exact"))
    if qualifier != "exact":
        value["qualifier"] = qualifier
    if qualifier == "range" and "min" in r and "max" in r:
        value["min"], value["max"] = _number(r["min"]), _number(r["max"])
    return value


def _number(term: object) -> int | float | None:
    if term is None:
        return None
    d = Decimal(str(term))
    return int(d) if d == d.to_integral_value() else float(d)


def money_label(value: dict, lang: str) -> str:
    """600000000 EUR, min -> "meer dan 600 miljoen EUR" / "more than 600 million EUR"."""
    def words(x: float) -> str:
        for size, nl, en in ((1e9, "miljard", "billion"), (1e6, "miljoen", "million")):
            if abs(x) >= size:
                n = x / size
                text = f"{n:g}".replace(".", ",") if lang == "nl" else f"{n:g}"
                return f"{text} {nl if lang == 'nl' else en}"
        return f"{x:,.0f}".replace(",", "." if lang == "nl" else ",")
    cur = value.get("currency", "")
    q = value.get("qualifier", "exact")
    if q == "range":
        sep = "tot" if lang == "nl" else "to"
        return f"{words(value['min'])} {sep} {words(value['max'])} {cur}"
    prefix = {"min": ("meer dan", "more than"), "max": ("hoogstens", "at most"),
              "approx": ("ongeveer", "about")}.get(q)
    text = f"{words(value['amount'] or 0)} {cur}"
    return f"{prefix[0 if lang == 'nl' else 1]} {text}" if prefix else text


def _sum(rows: list[dict], lang: str) -> list[dict]:
    """Totals per currency; the same claim in several articles counts once."""
    seen: dict[tuple, dict] = {}
    for r in rows:
        if "amount" not in r:
            continue
        claim = (str(r.get("s")), str(r["amount"]), str(r.get("currency")), str(r.get("target")))
        entry = seen.setdefault(claim, {"row": r, "evidence": []})
        ev = _cite(r)
        if ev and len(entry["evidence"]) < TRIPLES_PER_ANSWER and ev not in entry["evidence"]:
            entry["evidence"].append(ev)
    totals: dict[str, dict] = {}
    for claim, entry in seen.items():
        cur = claim[2]
        t = totals.setdefault(cur, {"amount": Decimal(0), "evidence": [], "n": 0})
        t["amount"] += Decimal(claim[1])
        t["n"] += 1
        t["evidence"] += entry["evidence"]
    out = []
    for cur, t in totals.items():
        value = {"amount": _number(t["amount"]), "currency": cur}
        out.append({"label": money_label(value, lang), "iri": None, "value": value,
                    "count": t["n"], "evidence": t["evidence"]})
    return out


def _empty_message(p: Plan, index: LabelIndex, lang: str) -> str:
    names = " / ".join(e.label(lang) for e in p.entities)
    what = p.relation.replace(",", " / ") if p.relation else "what was asked"
    if names:
        return f"no article in the graph states {what} for {names}"
    return f"no article in the graph states {what} for this question"
