"""One extraction result (the ``extract --json`` object) -> the triples of its article's graph.

The shape of the output is docs/graph-model.md; domain and range of every
predicate come from the ontology, so a fact whose ends do not fit is left out
with a warning instead of producing a graph that fails the shapes. Every IRI
is derived from the content (kennisgraaf.ontology.iris) and no blank node is
made, so mapping the same result twice gives the very same graph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pycountry
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kennisgraaf.errors import ArticleError, UsageError
from kennisgraaf.ingest.dates import parse_iso_partial
from kennisgraaf.ontology.iris import article_iri, entity_iri, fact_iri, value_iri
from kennisgraaf.ontology.load import signature
from kennisgraaf.ontology.namespace import (
    ENTITY_PREDICATES,
    ENTITY_TYPES,
    FACT,
    KG,
    PREDICATES,
    PREFIXES,
    SCHEMA,
    VALUE,
)

QUALIFIERS = ("exact", "min", "max", "approx", "range")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
_DATE_TYPES = {1: XSD.gYear, 2: XSD.gYearMonth, 3: XSD.date}  # by number of ISO parts


@dataclass(frozen=True)
class MappedArticle:
    """The article's named graph (``graph.identifier`` is the article IRI).

    ``facts`` counts the fact records written (a fact stated twice in one
    article is written once); ``skipped`` counts facts left out, each with a
    line in ``warnings``, which also notes entities or details left out.
    """

    graph: Graph
    facts: int
    skipped: int
    warnings: tuple[str, ...]


class _Skip(Exception):
    """A fact that cannot be written; the message says why."""


@dataclass
class _Builder:
    article_id: str
    lang: str
    text: str | None
    graph: Graph
    article: URIRef
    entities: dict[str, tuple[URIRef, URIRef]] = field(default_factory=dict)  # ref -> (iri, class)
    warnings: list[str] = field(default_factory=list)
    facts: int = 0
    skipped: int = 0

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.graph.add((s, p, o))


def article_graph(result: Mapping, text: str | None = None) -> MappedArticle:
    """Map one extraction result to the triples of its named graph.

    The evidence text of each fact is cut from the article text: ``text`` if
    given, else ``result["article"]["text"]``. ``kg:textHash`` is
    ``result["article"]["hash"]`` (set by ingest), else the SHA-256 of that text.
    Entities may carry ``canonical`` (the label to build the IRI and
    ``rdfs:label`` from), ``iri`` (used as is) and ``labels`` (names in other
    languages, ``{"en": "Finland"}``, each a further ``rdfs:label``).
    """
    article = result.get("article") or {}
    article_id = article.get("id")
    if not isinstance(article_id, str) or not article_id.strip():
        raise ArticleError("the extraction result has no article id; give result['article']['id']")
    text = text if text is not None else article.get("text")
    if text is None and (result.get("facts") or not article.get("hash")):
        raise ArticleError(f"article {article_id}: mapping needs the article text for the evidence; "
                           "put it in result['article']['text'] or pass text=")
    name = article_iri(article_id)
    graph = Graph(identifier=name, bind_namespaces="none")
    for prefix, iri in {**PREFIXES, "kgfact": str(FACT), "kgval": str(VALUE)}.items():
        graph.bind(prefix, iri)
    b = _Builder(article_id, article.get("language") or "nl", text, graph, name)
    _article(b, article)
    for entity in result.get("entities") or ():
        _entity(b, entity)
    for number, fact in enumerate(result.get("facts") or (), start=1):
        try:
            _fact(b, fact)
        except _Skip as reason:
            b.skipped += 1
            b.warnings.append(f"fact {number} ({_show(fact)}) left out: {reason}")
    return MappedArticle(graph, b.facts, b.skipped, tuple(b.warnings))


def _article(b: _Builder, article: Mapping) -> None:
    a = b.article
    b.add(a, RDF.type, SCHEMA.NewsArticle)
    b.add(a, SCHEMA.identifier, Literal(b.article_id))
    b.add(a, SCHEMA.inLanguage, Literal(b.lang))
    digest = article.get("hash") or hashlib.sha256(b.text.encode("utf-8")).hexdigest()
    b.add(a, KG.textHash, Literal(digest))
    if article.get("title"):
        b.add(a, SCHEMA.headline, Literal(article["title"], lang=b.lang))
    if article.get("date"):
        date = _date(article["date"])
        if date is None:
            b.warnings.append(f"article date {article['date']!r} is not an ISO date; left out")
        else:
            b.add(a, SCHEMA.datePublished, date)
    source = article.get("source")
    if source:
        if _IRI.fullmatch(source):
            b.add(a, SCHEMA.url, URIRef(source))
        else:
            b.warnings.append(f"article source {source!r} is not a URL; left out")


def _entity(b: _Builder, entity: Mapping) -> None:
    etype, ref = entity.get("type"), entity.get("id")
    label = entity.get("canonical") or entity.get("label")
    if etype not in ENTITY_TYPES or not label or not ref:
        b.warnings.append(f"entity {ref} ({etype} {label!r}) left out: "
                          "it needs an id, a label and a type of the domain contract")
        return
    iri = URIRef(entity["iri"]) if entity.get("iri") else entity_iri(etype, label)
    b.entities[str(ref)] = b.entities[str(iri)] = (iri, KG[etype])
    b.add(b.article, SCHEMA.mentions, iri)
    b.add(iri, RDF.type, KG[etype])
    b.add(iri, RDFS.label, Literal(label, lang=b.lang))
    for lang, other in (entity.get("labels") or {}).items():  # the gazetteer's names, e.g. {"en": ...}
        if lang != b.lang and other:
            b.add(iri, RDFS.label, Literal(other, lang=lang))
    for alias in {entity.get("label"), *(entity.get("aliases") or ())} - {label, None, ""}:
        b.add(iri, SKOS.altLabel, Literal(alias, lang=b.lang))
    for same in entity.get("sameAs") or ():
        b.add(iri, OWL.sameAs, URIRef(same))


def _fact(b: _Builder, fact: Mapping) -> None:
    """Write one fact and its record; raise _Skip if it does not fit."""
    p = fact.get("p")
    if p not in PREDICATES:
        raise _Skip(f"unknown predicate {p!r}")
    domain, range_ = signature(p)
    subject = b.entities.get(str(fact.get("s")))
    if subject is None:
        raise _Skip(f"unknown subject {fact.get('s')!r}")
    if subject[1] not in domain:
        raise _Skip(f"the subject is a {_qname(subject[1])}; kg:{p} needs {_names(domain)}")
    start, end = _evidence(fact.get("evidence"), len(b.text))
    if start is None:
        raise _Skip("no evidence offsets inside the article text")
    if p in ENTITY_PREDICATES:
        obj = b.entities.get(str(fact.get("o")))
        if obj is None:
            raise _Skip(f"unknown object {fact.get('o')!r}")
        if obj[1] not in range_:
            raise _Skip(f"the object is a {_qname(obj[1])}; kg:{p} needs {_names(range_)}")
        o: Node = obj[0]
    else:
        o = _value(b, p, subject[0], fact)
    record = fact_iri(b.article_id, str(subject[0]), p, o.n3())
    if (record, RDF.type, KG.Fact) in b.graph:
        return  # stated twice in the article: the first evidence stands
    b.add(subject[0], KG[p], o)
    for pred, obj_ in ((RDF.type, KG.Fact), (RDF.subject, subject[0]), (RDF.predicate, KG[p]),
                       (RDF.object, o), (PROV.wasDerivedFrom, b.article),
                       (KG.evidenceText, Literal(b.text[start:end])),
                       (KG.evidenceStart, Literal(start)), (KG.evidenceEnd, Literal(end))):
        b.add(record, pred, obj_)
    b.facts += 1


def _value(b: _Builder, p: str, subject: URIRef, fact: Mapping) -> Node:
    """The object node of a value fact (a value node or a literal)."""
    o = fact.get("o")
    if not isinstance(o, Mapping):
        raise _Skip(f"kg:{p} needs a value object, not {o!r}")
    if p in ("budget", "invests"):
        return _money(b, p, subject, o, fact.get("target"))
    if p == "sector":
        text = o.get("text")
        if not isinstance(text, str) or not text.strip():
            raise _Skip("no text value")
        return Literal(text)
    if p == "isUpgrade":
        if not isinstance(o.get("bool"), bool):
            raise _Skip("no boolean value")
        return Literal(o["bool"])
    date = _date(o.get("date"))
    if date is None:
        raise _Skip(f"{o.get('date')!r} is not an ISO date")
    return date


def _money(b: _Builder, p: str, subject: URIRef, o: Mapping, target_ref: object) -> URIRef:
    currency = str(o.get("currency") or "").upper()
    if pycountry.currencies.get(alpha_3=currency) is None:
        raise _Skip(f"currency {o.get('currency')!r} is not an ISO 4217 code")
    qualifier = o.get("qualifier") or "exact"
    if qualifier not in QUALIFIERS:
        raise _Skip(f"qualifier {qualifier!r} is not one of {', '.join(QUALIFIERS)}")
    amount, low, high = _decimal(o.get("amount")), _decimal(o.get("min")), _decimal(o.get("max"))
    if qualifier == "range":
        if low is None or high is None or low > high:
            raise _Skip("a range needs numeric min <= max")
        amount = amount if amount is not None else (low + high) / 2
    if amount is None:
        raise _Skip(f"amount {o.get('amount')!r} is not a number")
    target = None
    if p == "invests" and target_ref is not None:
        target = b.entities.get(str(target_ref))
        if target is None:
            b.warnings.append(f"invests target {target_ref!r} is not a known entity; left out")
    key = {"s": str(subject), "p": p, "amount": _lexical(amount), "currency": currency,
           "qualifier": qualifier, "target": str(target[0]) if target else None}
    if qualifier == "range":
        key |= {"min": _lexical(low), "max": _lexical(high)}
    node = value_iri(key)
    b.add(node, RDF.type, SCHEMA.MonetaryAmount)
    b.add(node, SCHEMA.value, Literal(key["amount"], datatype=XSD.decimal))
    b.add(node, SCHEMA.currency, Literal(currency))
    b.add(node, KG.qualifier, Literal(qualifier))
    if qualifier == "range":
        b.add(node, SCHEMA.minValue, Literal(key["min"], datatype=XSD.decimal))
        b.add(node, SCHEMA.maxValue, Literal(key["max"], datatype=XSD.decimal))
    if p == "invests":
        b.add(node, RDF.type, KG.Investment)
        if target:
            b.add(node, KG.target, target[0])
    return node


def _decimal(x: object) -> Decimal | None:
    if isinstance(x, bool) or not isinstance(x, (int, float, str, Decimal)):
        return None
    try:
        d = Decimal(str(x))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def _lexical(d: Decimal) -> str:
    """Canonical decimal text: "600000000", "1.5" (never exponents or trailing zeros)."""
    return format(d.normalize(), "f")


def _date(value: object) -> Literal | None:
    if not isinstance(value, str):
        return None
    try:
        iso = parse_iso_partial(value)
    except UsageError:
        return None
    return Literal(iso, datatype=_DATE_TYPES[iso.count("-") + 1])


def _evidence(evidence: object, length: int) -> tuple[int, int] | tuple[None, None]:
    if isinstance(evidence, Mapping):
        start, end = evidence.get("start"), evidence.get("end")
        if (isinstance(start, int) and isinstance(end, int)
                and not isinstance(start, bool) and 0 <= start < end <= length):
            return start, end
    return None, None


def _qname(iri: URIRef) -> str:
    return "kg:" + iri.split("#")[-1] if iri.startswith(str(KG._NS)) else str(iri)


def _names(classes: frozenset[URIRef]) -> str:
    return " or ".join(sorted(_qname(c) for c in classes))


def _show(fact: Mapping) -> str:
    o = fact.get("o")
    return f"{fact.get('s')} {fact.get('p')} {o if not isinstance(o, Mapping) else dict(o)}"
