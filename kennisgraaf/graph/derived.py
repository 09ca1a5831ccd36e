"""A store's default graph is derived: every triple of every named graph, once.

Oxigraph's own union of the named graphs is a multiset: a triple that 5,000 articles
state matches 5,000 times, and every query about a popular entity reads every copy.
So the store keeps a real default graph holding each triple once and answers queries
on it. Nothing writes that graph directly (triples "for the default graph" go to the
named graph ``DIRECT``); every write carries, in the same SPARQL update and so in the
same transaction, the statements below that keep it equal to the union.
"""

import json
import logging
import uuid
from abc import abstractmethod
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from rdflib import Graph, URIRef

from kennisgraaf.errors import QueryError, StoreError
from kennisgraaf.graph.guard import _TOKEN, check_sparql
from kennisgraaf.graph.store import GraphStore
from kennisgraaf.graph.update_scope import UpdateScope, update_scope
from kennisgraaf.ontology.namespace import DIRECT

# Remove from the default graph the triples of <g> that no other named graph states;
# one index lookup per triple, as the first other graph found ends the search.
_UNSHARED = ("DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
             "FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != <{g}>) }} }}")
_FILL = "INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
_COPY = "INSERT {{ GRAPH <{to}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
# After an update whose graphs cannot be known: a scan of the whole store.
_RESYNC_ALL = ("DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
               "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }")
_SCRATCH = "urn:kennisgraaf:scratch:"
# Next to RocksDB's files (which it leaves alone): how this store's default graph is kept.
MARKER = "kennisgraaf-store.json"
_BATCH = 200  # graphs derived per transaction when an older store is upgraded


class DerivedStore(GraphStore):
    """A store that keeps its default graph derived (the embedded store, a remote server):
    its writes are SPARQL update requests, each applied in one transaction by ``_apply``."""

    @abstractmethod
    def _apply(self, sparql: str) -> None:
        """Apply one update request, checked or built by us, in one transaction."""

    def update(self, sparql: str) -> None:
        check_sparql(sparql, update=True)
        self._apply(around(sparql, update_scope(sparql)))

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        ops = drop(names)
        if ops:
            self._apply(" ;\n".join(ops))

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        # One request, so one transaction: each graph is dropped and refilled together,
        # so readers and a killed process never see half an article.
        ops = []
        for name, graph in graphs.items():
            body = ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph],
                                format=ox.RdfFormat.N_TRIPLES)
            ops += replace(name, body.decode())
        if ops:
            self._apply(" ;\n".join(ops))  # our own N-Triples: nothing to check


def drop(names: Iterable[URIRef | str]) -> list[str]:
    """Statements that drop each graph and its triples that no other graph states."""
    ops = []
    for g in names:
        ops += [_UNSHARED.format(g=g), f"DROP SILENT GRAPH <{g}>"]
    return ops


def replace(name: URIRef | str, ntriples: str) -> list[str]:
    """Statements that replace the graph's content with ``ntriples``."""
    return drop([name]) + [f"INSERT DATA {{ GRAPH <{name}> {{\n{ntriples}}} }}",
                           _FILL.format(g=name)]


def around(update: str, scope: UpdateScope) -> str:
    """A user's update with the statements that resync the default graph after it.

    The graphs it writes are copied to a scratch graph first, so that afterwards the
    triples they no longer state can be found without scanning the store.
    """
    tail = "" if _ends_with_separator(update) else ";"
    if scope.everything:
        return f"{update}\n{tail}\n{_RESYNC_ALL}"
    if not scope.graphs:
        return update
    scratch = _SCRATCH + uuid.uuid4().hex
    graphs = sorted(scope.graphs)
    # The copies go after the user's prologue (Oxigraph takes no prologue after a ";"),
    # on the line of the first operation, so the parser's line numbers still fit.
    at = _prologue_end(update)
    before = " ; ".join(_COPY.format(to=scratch, g=g) for g in graphs)
    after = [_UNSHARED.format(g=scratch)] + [_FILL.format(g=g) for g in graphs]
    after.append(f"DROP SILENT GRAPH <{scratch}>")
    return f"{update[:at]}{before} ; {update[at:]}\n{tail}\n" + " ;\n".join(after)


def _ends_with_separator(update: str) -> bool:
    # "A ;" may end an update, but "A ; ;" may not: the statements appended need their own.
    text = update.rstrip()
    if "#" not in text[text.rfind("\n") + 1:]:  # no comment on the last line: its end is
        return text.endswith(";")               # the last token (saves seconds on 10 MB)
    last = ""
    for m in _TOKEN.finditer(update):
        if m.lastgroup != "skip":
            last = m.group()
    return last == ";"


def upgrade(store: ox.Store, folder: Path, *, read_only: bool) -> None:
    """Make a store written before the default graph was derived into one that is.

    Its default-graph triples were written directly: they move to ``DIRECT`` first
    (one transaction), then the named graphs are copied in batches; the marker records
    each step, so an upgrade that is killed resumes where it stopped.
    """
    marker = folder / MARKER
    state = json.loads(marker.read_text())["default_graph"] if marker.exists() else None
    if state == "derived":
        return
    if state is None and not any(True for _ in store.quads_for_pattern(None, None, None)):
        if not read_only:
            _mark(marker, "derived")  # a new store: nothing to derive
        return
    if read_only:
        raise StoreError(f"the store at {folder} was written by an older kennisgraaf and "
                         "another process holds it; stop that process and open the store "
                         "once for writing (e.g. `kennisgraaf stats`) to upgrade it")
    logging.getLogger(__name__).warning(
        "upgrading the store at %s (once; about a minute per 10,000 articles)", folder)
    if state is None:
        store.update(f"INSERT {{ GRAPH <{DIRECT}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }} ;\n"
                     "DELETE WHERE { ?s ?p ?o }")
        _mark(marker, "deriving")
    names = list(store.named_graphs())
    default = ox.DefaultGraph()
    for i in range(0, len(names), _BATCH):
        store.extend([ox.Quad(q.subject, q.predicate, q.object, default)
                      for g in names[i:i + _BATCH]
                      for q in store.quads_for_pattern(None, None, None, g)])
    store.flush()
    _mark(marker, "derived")


def _mark(marker: Path, state: str) -> None:
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(json.dumps({"default_graph": state}) + "\n")
    tmp.replace(marker)


def _prologue_end(update: str) -> int:
    """Where the update's leading BASE and PREFIX declarations end."""
    expect: list[str] = []  # the token kinds the declaration being read still needs
    for m in _TOKEN.finditer(update):
        kind, token = m.lastgroup, m.group()
        if kind == "skip":
            continue
        if expect:
            if kind != expect.pop(0):
                raise QueryError("the update's BASE or PREFIX declaration could not be read; "
                                 "write its IRI without escape sequences")
        elif kind == "word" and token.upper() == "BASE":
            expect = ["iri"]
        elif kind == "word" and token.upper() == "PREFIX":
            expect = ["word", "iri"]
        else:
            return m.start()
    return len(update)
