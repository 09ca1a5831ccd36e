"""The entity view: the RDF graph as a networkx graph of entities and the facts between them.

Nodes are entities (keyed by IRI) with their type, label, Wikidata link and the
articles that mention them; edges are entity-to-entity facts with the articles
that state them (``weight`` = how many). Value facts become attributes: money,
sectors, dates and ``isUpgrade`` on the subject's node, except an investment
with a target, which is an edge to that target. Optionally the articles are
nodes too, linked to the entities they mention (a bipartite view).

Eight SPARQL queries (``data/view_*.rq``) read everything; Python only groups
their rows, read as SPARQL JSON results, so the view of ten thousand articles
takes seconds, not minutes.
"""

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files

import networkx as nx
from rdflib import Literal
from rdflib.namespace import RDFS

from kennisgraaf.graph.store import GraphStore
from kennisgraaf.ontology.load import ontology
from kennisgraaf.ontology.namespace import KG, WD

ARTICLE = "Article"  # the type of article nodes in the bipartite view
MENTIONS = "mentions"  # the predicate of article -> entity edges
LIST_VALUES = ("budget", "invests", "sector", "operationalFrom")  # node attributes, lists
_SIGN = {"min": "≥ ", "max": "≤ ", "approx": "≈ "}


@dataclass(frozen=True)
class ArticleInfo:
    """An article as the view knows it: its IRI (= its graph), id, date and headline."""

    iri: str
    id: str
    date: str | None = None
    title: str | None = None


ArticleSelector = Callable[[ArticleInfo], bool]


@cache
def _query(name: str) -> str:
    return files("kennisgraaf.graph.data").joinpath(f"{name}.rq").read_text(encoding="utf-8")


def _select(store: GraphStore, name: str) -> list[dict[str, dict]]:
    """The solutions of query ``name`` as SPARQL JSON bindings (var -> {type, value, ...}).

    Read through the JSON results rather than as rdflib terms: the store writes
    and Python parses them several times faster than terms are converted.
    """
    data, _ = store.query_serialized(_query(name), "json")
    return json.loads(data)["results"]["bindings"]


def _value(b: dict[str, dict], var: str) -> str | None:
    term = b.get(var)
    return term["value"] if term is not None else None


def read_articles(store: GraphStore) -> dict[str, ArticleInfo]:
    """Every article in the store, by IRI."""
    out: dict[str, ArticleInfo] = {}
    for b in _select(store, "view_articles"):
        iri = b["article"]["value"]
        out[iri] = ArticleInfo(iri, _value(b, "id") or _tail(iri), _value(b, "date"),
                               _value(b, "title"))
    return out


def build_view(store: GraphStore, *, select: ArticleSelector | None = None,
               articles_as_nodes: bool = False) -> nx.MultiDiGraph:
    """The entity view of the whole store, or of the articles ``select`` accepts.

    With a selection, only what the chosen articles say counts: their entities,
    their facts and their value attributes; ``articles`` and ``weight`` count
    only them. Edge keys are the predicate names (``invests`` edges add the amount).
    """
    known = read_articles(store)
    chosen = {iri: a for iri, a in known.items() if select is None or select(a)}

    def article_id(b: dict[str, dict]) -> str | None:
        iri = b["article"]["value"]
        if iri in chosen:
            return chosen[iri].id
        return None if select is not None or iri in known else _tail(iri)

    g = nx.MultiDiGraph(name="kennisgraaf entity view")
    mentions: dict[str, set[str]] = defaultdict(set)
    for b in _select(store, "view_mentions"):
        if (aid := article_id(b)) is not None:
            mentions[b["entity"]["value"]].add(aid)
    for iri, attrs in _entities(store).items():
        if select is None or iri in mentions:
            arts = sorted(mentions.get(iri, ()))
            g.add_node(iri, **attrs, articles=arts, mentions=len(arts))
    _add_links(g, store, article_id)
    _add_values(g, store, article_id)
    if articles_as_nodes:
        _add_articles(g, chosen, mentions)
    return g


def _entities(store: GraphStore) -> dict[str, dict]:
    """type, label and wikidata of every typed entity (labels: @nl first, then plain, then @en)."""
    types: dict[str, set[str]] = defaultdict(set)
    for b in _select(store, "view_types"):
        types[b["entity"]["value"]].add(_tail(b["type"]["value"]))
    labels: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
    for b in _select(store, "view_labels"):
        entity, label = b["entity"]["value"], b["label"]
        if entity in types and label["type"] == "literal":
            labels[entity].add((label.get("xml:lang"), label["value"]))
    same: dict[str, set[str]] = defaultdict(set)
    for b in _select(store, "view_same_as"):
        entity, same_as = b["entity"]["value"], b["sameAs"]["value"]
        if entity in types and same_as.startswith(str(WD)):
            same[entity].add(same_as)
    out = {}
    for key, ts in types.items():
        attrs = {"type": min(ts), "label": _best_label(labels[key]) or _tail(key)}
        if same[key]:
            attrs["wikidata"] = min(same[key])
        out[key] = attrs
    return out


def _best_label(labels: set[tuple[str | None, str]]) -> str | None:
    rank = {"nl": 0, None: 1, "en": 2}
    best = min(labels, key=lambda lang_text: (rank.get(lang_text[0], 3), lang_text[1]),
               default=None)
    return best[1] if best is not None else None


def _ensure_node(g: nx.MultiDiGraph, iri: str) -> None:
    """An end of a fact whose entity carries no domain type still becomes a node."""
    if iri not in g:
        g.add_node(iri, type="Thing", label=_tail(iri), articles=[], mentions=0)


def _add_links(g: nx.MultiDiGraph, store: GraphStore, article_id: Callable) -> None:
    support: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for b in _select(store, "view_links"):
        if (aid := article_id(b)) is not None:
            support[(b["s"]["value"], _tail(b["p"]["value"]), b["o"]["value"])].add(aid)
    for (s, p, o), arts in sorted(support.items()):
        _ensure_node(g, s)
        _ensure_node(g, o)
        g.add_edge(s, o, key=p, predicate=p, label=predicate_label(p),
                   articles=sorted(arts), weight=len(arts))


def _add_values(g: nx.MultiDiGraph, store: GraphStore, article_id: Callable) -> None:
    values: dict[tuple[str, str], dict[object, set[str]]] = defaultdict(lambda: defaultdict(set))
    investments: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    money_of: dict[str, dict] = {}
    nodes = {b["o"]["value"]: b for b in _select(store, "view_money")}
    for b in _select(store, "view_values"):
        if (aid := article_id(b)) is None:
            continue
        pred, subject, o = _tail(b["p"]["value"]), b["s"]["value"], b["o"]["value"]
        if pred in ("budget", "invests"):
            if o not in nodes:
                continue  # a money fact without its value node says nothing to show
            node = nodes[o]
            money = _money(*(_value(node, v) for v in ("amount", "currency", "qualifier",
                                                       "min", "max")))
            target = _value(node, "target")
            if pred == "invests" and target is not None:
                investments[(subject, target, money["value"])].add(aid)
                money_of[money["value"]] = money
                continue
            value: object = money["value"]
        elif pred == "isUpgrade":
            value = o in ("true", "1")
        else:
            value = o
        values[(subject, pred)][value].add(aid)
    for (subject, pred), support in values.items():
        _ensure_node(g, subject)
        ranked = sorted(support, key=lambda v: (-len(support[v]), str(v)))
        g.nodes[subject][pred] = ranked[0] if pred == "isUpgrade" else ranked
    for (subject, target, text), arts in sorted(investments.items()):
        _ensure_node(g, subject)
        _ensure_node(g, target)
        g.add_edge(subject, target, key=f"invests {text}", predicate="invests",
                   label=predicate_label("invests"), articles=sorted(arts), weight=len(arts),
                   **money_of[text])


def _add_articles(g: nx.MultiDiGraph, chosen: dict[str, ArticleInfo],
                  mentions: dict[str, set[str]]) -> None:
    by_id = {a.id: a for a in chosen.values()}
    for a in sorted(by_id.values(), key=lambda a: a.id):
        attrs = {"type": ARTICLE, "label": a.title or a.id, "article": a.id}
        if a.date:
            attrs["date"] = a.date
        g.add_node(a.iri, **attrs)
    for entity, arts in mentions.items():
        if entity not in g:
            continue
        for aid in sorted(arts):
            if aid in by_id:
                g.add_edge(by_id[aid].iri, entity, key=MENTIONS, predicate=MENTIONS,
                           label=MENTIONS, articles=[aid], weight=1)


def _money(amount: str, currency: str | None, qualifier: str | None, low: str | None,
           high: str | None) -> dict:
    """Edge or node attributes of a money value, with its display text."""
    qualifier = qualifier or "exact"
    currency = currency or ""
    if qualifier == "range" and low is not None and high is not None:
        text = f"{_amount(low)}–{_amount(high)} {currency}"
    else:
        text = f"{_SIGN.get(qualifier, '')}{_amount(amount)} {currency}"
    return {"value": text.strip(), "amount": float(Decimal(amount)),
            "currency": currency, "qualifier": qualifier}


def _amount(lexical: str) -> str:
    d = Decimal(lexical)
    return f"{int(d):,}" if d == d.to_integral_value() else f"{d:,}"


@cache
def predicate_label(name: str) -> str:
    """The Dutch label of ``kg:{name}`` in the ontology (the name itself where it has none)."""
    for label in ontology().objects(KG[name], RDFS.label):
        if isinstance(label, Literal) and label.language == "nl":
            return str(label)
    return name


def as_digraph(g: nx.MultiDiGraph) -> nx.DiGraph:
    """The view with parallel edges merged: one edge per ordered pair of nodes.

    ``predicate`` and ``label`` list the merged facts (joined with "; "),
    ``articles`` is their union and ``weight`` its size; ``facts`` counts them.
    """
    out = nx.DiGraph(**g.graph)
    out.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        if out.has_edge(u, v):
            e = out.edges[u, v]
            e["predicates"].append(data["predicate"])
            e["labels"].append(data["label"])
            e["articles"] = sorted(set(e["articles"]) | set(data["articles"]))
        else:
            out.add_edge(u, v, predicates=[data["predicate"]], labels=[data["label"]],
                         articles=list(data["articles"]))
    for _, _, e in out.edges(data=True):
        e["facts"] = len(e["predicates"])
        e["predicate"] = "; ".join(sorted(set(e.pop("predicates"))))
        e["label"] = "; ".join(sorted(set(e.pop("labels"))))
        e["weight"] = len(e["articles"])
    return out


def _tail(iri: str) -> str:
    """The local name of an IRI: after the last '#' or '/'."""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]
