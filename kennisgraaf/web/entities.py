"""An entity with its facts and their sources, and entity search by name, for API and pages."""

import re
from functools import cache
from importlib.resources import files

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kennisgraaf.errors import NotFound
from kennisgraaf.graph.store import GraphStore
from kennisgraaf.ontology.namespace import ID

IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f-\x9f]+")


def valid_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI as Oxigraph (RFC 3987) accepts it."""
    if not IRI.fullmatch(text):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


@cache
def _rq(name: str) -> str:
    return files("kennisgraaf.web.rq").joinpath(f"{name}.rq").read_text(encoding="utf-8")


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def entity_path(iri: str) -> str | None:
    """``type/slug`` for a kennisgraaf entity IRI, else None."""
    return iri.removeprefix(str(ID)) if iri.startswith(str(ID)) else None


def _best(labels: list[Literal]) -> str | None:
    for lang in ("nl", "", "en"):
        for label in labels:
            if (label.language or "") == lang:
                return str(label)
    return str(labels[0]) if labels else None


def _value(row: dict) -> dict:
    """A value node or literal as the value objects of the domain contract."""
    o = row["o"]
    if "amount" in row:
        value = {"amount": float(row["amount"].toPython()), "currency": str(row.get("currency", "")),
                 "qualifier": str(row.get("qualifier", "exact"))}
        if "min" in row and "max" in row:
            value |= {"min": float(row["min"].toPython()), "max": float(row["max"].toPython())}
        return value
    if isinstance(o, Literal):
        if o.datatype == XSD.boolean:
            return {"bool": bool(o.toPython())}
        if o.datatype in (XSD.gYear, XSD.gYearMonth, XSD.date):
            return {"date": str(o)}
        if o.datatype in (XSD.integer, XSD.decimal, XSD.double):
            return {"number": float(o.toPython())}
        return {"text": str(o)}
    return {"iri": str(o)}


def _end(iri: URIRef, label: Literal | None) -> dict:
    return {"iri": str(iri), "label": str(label) if label is not None else _local(iri),
            "path": entity_path(str(iri))}


def entity(store: GraphStore, iri: str) -> dict:
    """The entity at ``iri``: type, labels, sameAs, and facts (out and in) with sources."""
    if not valid_iri(iri):
        raise NotFound(f"no entity {iri!r}: that is not an IRI")
    node = URIRef(iri)
    rows = store.query(_rq("entity"), bindings={"e": node}).bindings()
    if not rows:
        raise NotFound(f"no entity <{iri}> in the graph; search for it by name at /api/entities?q=")
    labels = list({r["label"] for r in rows if "label" in r})
    facts: dict[str, dict] = {}
    for r in store.query(_rq("entity_facts"), bindings={"e": node}).bindings():
        key = str(r["fact"])
        if key in facts:
            continue
        outgoing = r["s"] == node
        fact = {"predicate": _local(r["p"]), "direction": "out" if outgoing else "in"}
        if outgoing:
            is_entity = str(r["o"]).startswith(str(ID))
            fact["object"] = _end(r["o"], r.get("olabel")) if is_entity else None
            fact["value"] = None if fact["object"] else _value(r)
            if "target" in r:
                fact["target"] = _end(r["target"], r.get("tlabel"))
        else:
            fact["subject"] = _end(r["s"], r.get("slabel"))
        article = r["article"]
        fact["source"] = {
            "article": str(r.get("id", _local(article))), "iri": str(article),
            "title": str(r["title"]) if "title" in r else None,
            "url": str(r["url"]) if "url" in r else None,
            "date": str(r["date"]) if "date" in r else None,
            "evidence": str(r["evidence"]) if "evidence" in r else None}
        facts[key] = fact
    return {"iri": iri, "path": entity_path(iri), "type": _local(rows[0]["type"]),
            "label": _best(labels) or _local(iri),
            "labels": sorted({str(x) for x in labels}),
            "aliases": sorted({str(r["alt"]) for r in rows if "alt" in r}),
            "sameAs": sorted({str(r["same"]) for r in rows if "same" in r}),
            "facts": list(facts.values())}


def search(store: GraphStore, text: str) -> list[dict]:
    """Entities whose name contains ``text`` (case-insensitive), best matches first."""
    needle = text.strip().lower()
    if not needle:
        return []
    rows = store.query(_rq("entity_search"), bindings={"needle": Literal(needle)}).bindings()
    return [{"iri": str(r["e"]), "path": entity_path(str(r["e"])), "type": _local(r["type"]),
             "label": str(r.get("label", r["matched"]))} for r in rows]
