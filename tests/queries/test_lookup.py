"""The label index is read again after a write and only then: on the embedded and
in-memory stores without asking the store, on a remote store by a cheap fingerprint."""

import pytest
from rdflib import RDF, RDFS, Graph, Literal

from kennisgraaf.graph.store import open_store
from kennisgraaf.ingest.ingest import ingest_articles, remove_article
from kennisgraaf.ingest.reader import read_sources
from kennisgraaf.ontology.iris import article_iri, entity_iri
from kennisgraaf.ontology.namespace import KG, SCHEMA
from kennisgraaf.queries import lookup
from kennisgraaf.queries.ask import ask
from tests.conftest import ROOT


def article(n: int, name: str, text_hash: str | None = None) -> dict:
    """An article graph naming one factory, as ingest writes it (type, label, text hash)."""
    art, factory = article_iri(f"lookup-{n}"), entity_iri("AIFactory", name)
    g = Graph()
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, KG.textHash, Literal(text_hash or f"{n:064x}")))
    g.add((factory, RDF.type, KG.AIFactory))
    g.add((factory, RDFS.label, Literal(name, lang="nl")))
    return {art: g}


def names(store) -> set[str]:
    return {e.label() for e in lookup.label_index(store).entities.values()}


class QueryCounter:
    """Counts the queries a store answers (the index's own reads and its change checks)."""

    def __init__(self, store, monkeypatch) -> None:
        self.n, query = 0, store.query

        def counted(*args, **kwargs):
            self.n += 1
            return query(*args, **kwargs)
        monkeypatch.setattr(store, "query", counted)


@pytest.fixture(autouse=True)
def fresh_cache():
    lookup.clear_cache()
    yield
    lookup.clear_cache()


def test_a_write_is_seen_at_once_and_no_write_costs_nothing(store, monkeypatch):
    store.replace_graphs(article(1, "Alfa AI Factory"))
    assert names(store) == {"Alfa AI Factory"}
    monkeypatch.setattr(lookup, "RECHECK_SECONDS", 0.0)  # a remote store checks on every call
    counter = QueryCounter(store, monkeypatch)
    for _ in range(5):
        names(store)
    remote = store.location.startswith("http")
    assert counter.n == (5 if remote else 0)  # remote: one fingerprint each, no reload

    store.replace_graphs(article(2, "Bravo AI Factory"))
    assert names(store) == {"Alfa AI Factory", "Bravo AI Factory"}
    store.drop_graphs([article_iri("lookup-1")])
    assert names(store) == {"Bravo AI Factory"}


def test_a_remote_store_sees_what_others_write(oxigraph_server, monkeypatch):
    ours, theirs = open_store(oxigraph_server + "/query"), open_store(oxigraph_server + "/query")
    theirs.update("DROP SILENT ALL")
    theirs.replace_graphs(article(1, "Alfa AI Factory") | article(9, "Kilo AI Factory"))
    assert names(ours) == {"Alfa AI Factory", "Kilo AI Factory"}
    theirs.replace_graphs(article(5, "Bravo AI Factory"))
    assert "Bravo AI Factory" not in names(ours), "checked again only after RECHECK_SECONDS"
    monkeypatch.setattr(lookup, "RECHECK_SECONDS", 0.0)
    assert "Bravo AI Factory" in names(ours)
    # As many articles, the same first and last hash; one article in between changed.
    theirs.replace_graphs(article(5, "Charlie AI Factory", text_hash=f"{6:064x}"))
    assert names(ours) == {"Alfa AI Factory", "Charlie AI Factory", "Kilo AI Factory"}
    theirs.update("DROP SILENT ALL")


def test_a_read_only_snapshot_is_read_once(tmp_path, monkeypatch):
    """A snapshot (a CLI reader beside a running server) never changes: never asked again."""
    writer = open_store(tmp_path / "store", create=True)
    writer.replace_graphs(article(1, "Alfa AI Factory"))
    snapshot = open_store(tmp_path / "store")
    assert snapshot.read_only
    assert names(snapshot) == {"Alfa AI Factory"}
    monkeypatch.setattr(lookup, "RECHECK_SECONDS", 0.0)
    counter = QueryCounter(snapshot, monkeypatch)
    writer.replace_graphs(article(2, "Bravo AI Factory"))
    assert names(snapshot) == {"Alfa AI Factory"} and counter.n == 0
    assert names(writer) == {"Alfa AI Factory", "Bravo AI Factory"}
    snapshot.close()
    writer.close()


def test_questions_follow_ingest_and_removal():
    """As a user sees it: a question names an entity as soon as its article is in, and
    no more once the article is removed."""
    store = open_store("memory:")
    question = "Wie investeert in Valkwerk?"
    assert ask(store, question)["answers"] == []
    ingest_articles(store, read_sources([ROOT / "kennisgraaf" / "examples" / "valkwerk.txt"]))
    assert "Schelde Ventures" in {a["label"] for a in ask(store, question)["answers"]}
    assert remove_article(store, "valkwerk")
    assert ask(store, question)["answers"] == []
