"""Articles into the graph: extract, link to what the graph knows, write each article's graph.

Each article's triples live in its own named graph and are written with the
article's hash, so that re-ingesting an unchanged article is a no-op, a changed
one replaces only its own graph, and a batch is one transaction: a killed ingest
leaves every article either fully in or fully out.
"""

import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kennisgraaf.errors import ArticleError, KennisgraafError
from kennisgraaf.graph.store import GraphStore
from kennisgraaf.ingest.mapping import article_graph
from kennisgraaf.ingest.reader import Article
from kennisgraaf.ingest.unnamed_graph import unnamed_triples
from kennisgraaf.ontology.iris import article_iri, entity_iri, slug
from kennisgraaf.ontology.namespace import KG

KG_NS = str(KG._NS)
BATCH_SIZE = 25  # articles per transaction: small enough to lose little, big enough to be fast

_HASHES = """SELECT ?article ?hash WHERE {
  GRAPH ?article { ?article a schema:NewsArticle ; kg:textHash ?hash } }"""
_LABELS = """SELECT ?e ?type ?name ?preferred WHERE {
  ?e a ?type .
  { ?e rdfs:label ?name BIND(true AS ?preferred) } UNION { ?e skos:altLabel ?name }
  FILTER(STRSTARTS(STR(?type), STR(kg:))) }"""
_ARTICLES = """SELECT ?article ?id ?title ?date ?url (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
  GRAPH ?article { ?article a schema:NewsArticle ; schema:identifier ?id .
    OPTIONAL { ?article schema:headline ?title } OPTIONAL { ?article schema:datePublished ?date }
    OPTIONAL { ?article schema:url ?url } OPTIONAL { ?fact a kg:Fact } } }
GROUP BY ?article ?id ?title ?date ?url ORDER BY ?id"""


@dataclass
class IngestSummary:
    """What an ingest did, for the summary line and the API."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    new_entities: int = 0
    facts: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.new + self.changed

    def as_dict(self) -> dict:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                "failed": self.failed, "new_entities": self.new_entities, "facts": self.facts,
                "triples": self.triples, "warnings": self.warnings, "errors": self.errors}


def article_hash(article: Article) -> str:
    """The hash that tells an article unchanged: its text and its metadata."""
    payload = json.dumps([article.text, article.title, article.date, article.source,
                          article.language], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class EntityIndex:
    """The entities the graph knows, by type and normalised name.

    It learns from each article graph as it is written exactly what a fresh
    index would read back from the store, so that linking does not depend on
    whether earlier articles came in this run or an earlier one.
    """

    def __init__(self, store: GraphStore) -> None:
        self._iris: dict[tuple[str, str], URIRef] = {}
        self.known: set[URIRef] = set()
        self.labels: dict[URIRef, str] = {}  # the label a known entity goes by
        for e, type_, name, preferred in store.query(_LABELS).rows:
            self._remember(e, type_, name, preferred is not None)

    def _remember(self, iri: URIRef, type_: URIRef, name: Literal, preferred: bool) -> None:
        self._iris.setdefault((_local(type_), slug(str(name))), iri)
        if preferred and (name.language in (None, "nl") or iri not in self.labels):
            self.labels.setdefault(iri, str(name))
        self.known.add(iri)

    def link(self, entity: dict) -> URIRef | None:
        """The IRI of a known entity with this type and one of these names, if any."""
        names = [entity.get("canonical"), entity.get("label"), *entity.get("aliases", [])]
        for name in filter(None, names):
            iri = self._iris.get((entity["type"], slug(name)))
            if iri is not None:
                return iri
        return None

    def learn(self, graph: Graph) -> int:
        """Remember the entities of an article graph; returns how many were new."""
        before = len(self.known)
        for e, type_ in graph.subject_objects(RDF.type):
            if str(type_).startswith(KG_NS):
                for name in graph.objects(e, RDFS.label):
                    self._remember(e, type_, name, True)
                for name in graph.objects(e, SKOS.altLabel):
                    self._remember(e, type_, name, False)
        return len(self.known) - before


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1]


def ingest_articles(
    store: GraphStore,
    articles: Iterable[Article | ArticleError],
    *,
    n_process: int = 1,
    batch_size: int = BATCH_SIZE,
    on_article: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Extract and write ``articles``; broken ones are reported in the summary and skipped."""
    summary = IngestSummary()
    known = {str(a): str(h) for a, h in store.query(_HASHES).rows}
    index = EntityIndex(store)
    pending: dict[str, tuple[Article, str]] = {}  # in extraction: the article and its hash

    def todo() -> Iterator[Article]:
        for item in articles:
            if isinstance(item, ArticleError):
                summary.failed += 1
                summary.errors.append(str(item))
                _tick(on_article, getattr(item, "source", "?"))
                continue
            digest = article_hash(item)
            if known.get(str(article_iri(item.id))) == digest:
                summary.unchanged += 1
                _tick(on_article, item.id)
                continue
            pending[item.id] = (item, digest)
            yield item

    work = todo()
    first = next(work, None)
    if first is None:  # all unchanged or unreadable: no need to load the pipeline
        return summary
    from kennisgraaf.ingest.extract import extract_many

    batch: dict[URIRef, Graph] = {}
    for result in extract_many(itertools.chain([first], work), n_process=n_process):
        if isinstance(result, KennisgraafError):
            summary.failed += 1
            summary.errors.append(str(result))
            continue
        art_id = result["article"]["id"]
        article, result["article"]["hash"] = pending.pop(art_id)
        name = article_iri(art_id)
        graph = _map(result, article.text, index, summary)
        if str(name) in known:
            summary.changed += 1
        else:
            summary.new += 1
        batch[name] = graph
        _tick(on_article, art_id)
        if len(batch) >= batch_size:
            _write(store, batch, summary)
    _write(store, batch, summary)
    return summary


def _map(result: dict, text: str, index: EntityIndex, summary: IngestSummary) -> Graph:
    for entity in result["entities"]:
        iri = index.link(entity)
        if iri is None:
            iri = entity_iri(entity["type"], entity.get("canonical") or entity["label"])
        elif iri in index.labels:
            # A known entity keeps the label it goes by; this article's form becomes an alias.
            entity["canonical"] = index.labels[iri]
        entity["iri"] = str(iri)
    mapped = article_graph(result, text=text)
    summary.new_entities += index.learn(mapped.graph)
    unnamed, warnings = unnamed_triples(result, text)
    for triple in unnamed:  # learnt by no index: they are no entities to link names to
        mapped.graph.add(triple)
    summary.warnings.extend(f"{result['article']['id']}: {w}" for w in [*mapped.warnings, *warnings])
    summary.facts += mapped.facts
    return mapped.graph


def _write(store: GraphStore, batch: dict, summary: IngestSummary) -> None:
    if batch:
        store.replace_graphs(batch)
        summary.triples += sum(len(g) for g in batch.values())
        batch.clear()


def _tick(callback: Callable[[str], None] | None, name: str) -> None:
    if callback is not None:
        callback(name)


def remove_article(store: GraphStore, article_id: str) -> bool:
    """Take an article and its facts out; entities other articles mention stay. False if absent."""
    name = article_iri(article_id)
    if not store.query("ASK { GRAPH ?g { ?s ?p ?o } }", bindings={"g": name}).boolean:
        return False
    store.drop_graphs([name])
    return True


def list_articles(store: GraphStore) -> list[dict]:
    """The ingested articles with their metadata and number of facts."""
    out = []
    for article, id_, title, date, url, facts in store.query(_ARTICLES).rows:
        out.append({"id": str(id_), "iri": str(article), "title": _str(title),
                    "date": _str(date), "source": _str(url), "facts": int(facts)})
    return out


def _str(term: Literal | URIRef | None) -> str | None:
    return None if term is None else str(term)
