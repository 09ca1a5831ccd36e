"""Which part of the entity view to show: by article or date, type, predicate,
around one entity, or the largest connected part.

Articles and dates choose which article graphs are read (so counts and
weights count only them); the other filters cut the view afterwards, in the
order of the fields of :class:`Filters`.
"""

from dataclasses import dataclass

import networkx as nx

from kennisgraaf.errors import NotFound, UsageError
from kennisgraaf.graph.store import GraphStore
from kennisgraaf.graph.view import ARTICLE, MENTIONS, ArticleInfo, build_view, read_articles
from kennisgraaf.ingest.dates import parse_iso_partial
from kennisgraaf.ontology.namespace import ENTITY_TYPES, ID, PREDICATES

_AFTER_ALL = "\uffff"  # sorts after any ISO date that starts with the same text


@dataclass(frozen=True)
class Filters:
    """What to keep; every field left empty keeps everything.

    ``articles`` are article ids or IRIs; ``since``/``until`` reduced ISO dates
    (an article dated "2025" lies in any range that overlaps that year);
    ``types`` entity types and ``predicates`` fact predicates of the domain
    contract; ``around`` an entity (IRI, ``kgid:`` name or label) with ``depth``.
    """

    articles: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    predicates: tuple[str, ...] = ()
    around: str | None = None
    depth: int = 1
    largest_component: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "types", _canonical(self.types, ENTITY_TYPES, "type"))
        object.__setattr__(self, "predicates",
                           _canonical(self.predicates, PREDICATES, "predicate"))
        object.__setattr__(self, "articles", tuple(self.articles))
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, parse_iso_partial(value))
        if self.since and self.until and self.since > self.until + _AFTER_ALL:
            raise UsageError(f"--since {self.since} lies after --until {self.until}")
        if self.depth < 0:
            raise UsageError("the depth around an entity must be 0 or more")

    def selects_articles(self) -> bool:
        return bool(self.articles or self.since or self.until)

    def accepts(self, article: ArticleInfo) -> bool:
        """Whether an article is among those chosen by id and date range."""
        if self.articles and article.id not in self.articles and article.iri not in self.articles:
            return False
        return in_range(article.date, self.since, self.until)


def in_range(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether a reduced ISO date overlaps [since, until] (each end optional)."""
    if since is None and until is None:
        return True
    if date is None:
        return False
    return ((since is None or date + _AFTER_ALL >= since)
            and (until is None or date <= until + _AFTER_ALL))


def filtered_view(store: GraphStore, filters: Filters | None = None, *,
                  articles_as_nodes: bool = False) -> nx.MultiDiGraph:
    """The entity view of ``store`` cut down by ``filters``."""
    f = filters or Filters()
    if f.articles:
        known = {name for a in read_articles(store).values() for name in (a.id, a.iri)}
        missing = [a for a in f.articles if a not in known]
        if missing:
            raise NotFound(f"no article {', '.join(missing)} in the store; "
                           "`kennisgraaf articles` lists them")
    g = build_view(store, select=f.accepts if f.selects_articles() else None,
                   articles_as_nodes=articles_as_nodes)
    if f.types:
        g = by_type(g, f.types)
    if f.predicates:
        g = by_predicate(g, f.predicates)
    if f.around is not None:
        g = neighbourhood(g, f.around, f.depth)
    if f.largest_component:
        g = largest_component(g)
    return g


def by_type(g: nx.MultiDiGraph, types: tuple[str, ...]) -> nx.MultiDiGraph:
    """Entities of the given types and the facts between them (article nodes stay)."""
    keep = set(types) | {ARTICLE}
    return _drop_lonely_articles(g.subgraph(n for n, t in g.nodes(data="type") if t in keep).copy())


def by_predicate(g: nx.MultiDiGraph, predicates: tuple[str, ...]) -> nx.MultiDiGraph:
    """Facts with the given predicates, and the entities they touch or describe.

    A value predicate (``sector``, ``budget``, ...) keeps the entities that carry it.
    """
    wanted = set(predicates)
    out = g.copy()
    out.remove_edges_from([(u, v, k) for u, v, k, p in g.edges(keys=True, data="predicate")
                           if p not in wanted and p != MENTIONS])
    touched = {n for u, v, p in out.edges(data="predicate") if p != MENTIONS for n in (u, v)}
    described = {n for n, d in out.nodes(data=True) if wanted & d.keys()}
    out.remove_nodes_from([n for n, t in g.nodes(data="type")
                           if t != ARTICLE and n not in touched | described])
    return _drop_lonely_articles(out)


def neighbourhood(g: nx.MultiDiGraph, entity: str, depth: int) -> nx.MultiDiGraph:
    """Everything within ``depth`` steps of ``entity``, either way along the edges."""
    return nx.ego_graph(g, find_node(g, entity), radius=depth, undirected=True).copy()


def largest_component(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The largest weakly connected part."""
    if g.number_of_nodes() == 0:
        return g
    return g.subgraph(max(nx.weakly_connected_components(g), key=len)).copy()


def find_node(g: nx.MultiDiGraph, ref: str) -> str:
    """The node an IRI, a ``kgid:type/slug`` name or a label (any case) names."""
    iri = str(ID) + ref.removeprefix("kgid:") if ref.startswith("kgid:") else ref
    if iri in g:
        return iri
    hits = sorted(n for n, label in g.nodes(data="label")
                  if label is not None and label.casefold() == ref.casefold())
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise UsageError(f"{ref!r} names {len(hits)} entities ({', '.join(hits)}); "
                         "pass one of these IRIs instead")
    raise NotFound(f"no entity {ref!r} in the view; give its IRI, kgid: name or label "
                   "(`kennisgraaf stats --graph` lists the best connected ones)")


def _drop_lonely_articles(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    g.remove_nodes_from([n for n, t in list(g.nodes(data="type"))
                         if t == ARTICLE and g.degree(n) == 0])
    return g


def _canonical(given: tuple[str, ...], known: tuple[str, ...], what: str) -> tuple[str, ...]:
    """The names as the domain contract spells them, whatever their case."""
    by_fold = {k.casefold(): k for k in known}
    unknown = [x for x in given if x.casefold() not in by_fold]
    if unknown:
        raise UsageError(f"unknown {what} {', '.join(map(repr, unknown))}; "
                         f"use one of {', '.join(known)}")
    return tuple(by_fold[x.casefold()] for x in given)
