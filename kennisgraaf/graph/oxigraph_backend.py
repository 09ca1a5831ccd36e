"""The embedded default: Oxigraph on disk, queried natively, exposed to rdflib by oxrdflib."""

import functools
import itertools
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from oxrdflib import OxigraphStore as RdflibOxigraphStore
from oxrdflib._converter import from_ox, to_ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from kennisgraaf.errors import QueryError, RDFParseError, StoreError, StoreLocked
from kennisgraaf.graph import derived
from kennisgraaf.graph.bindings import inline_bindings
from kennisgraaf.graph.formats import RDF_FORMATS, rdf_format, result_format
from kennisgraaf.graph.guard import check_sparql
from kennisgraaf.graph.results import QueryResult
from kennisgraaf.graph.store import Quad, checked_rdf_file
from kennisgraaf.ontology.namespace import DIRECT, PREFIXES

_DIRECT = ox.NamedNode(str(DIRECT))


class OxigraphStore(derived.DerivedStore):
    """An on-disk (or, with ``path=None``, in-memory) Oxigraph store."""

    def __init__(self, path: Path | None) -> None:
        self.location = str(path) if path else "oxigraph-memory"
        self.read_only = False
        try:
            self._ox = ox.Store(str(path)) if path else ox.Store()
        except OSError as exc:
            if path is None or "lock" not in str(exc).lower():
                raise StoreError(f"cannot open the store at {path}: {exc}") from None
            # Another process (a running server, say) writes here: read a snapshot instead.
            self._ox = _read_only(path)
            self.read_only = True
        self._dataset: Dataset | None = None
        # Writes, flushes and checkpoints one at a time: RocksDB's checkpoint copies the
        # live write-ahead log, and one taken during a write or flush failed on the
        # log's size or hung with the flush (the soak saw both).
        self._exclusive = threading.Lock()
        if path is not None:
            derived.upgrade(self._ox, path, read_only=self.read_only)

    def _run(self, sparql: str, bindings: Mapping[str, Node] | None):
        check_sparql(sparql)
        with _query_errors():
            # The default graph is the derived union (derived.py), not Oxigraph's multiset.
            return self._ox.query(inline_bindings(sparql, bindings), prefixes=PREFIXES)

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        res = self._run(sparql, bindings)
        # Oxigraph evaluates lazily: errors can come while the results are read.
        with _query_errors():
            if isinstance(res, ox.QueryBoolean):
                return QueryResult("ASK", boolean=bool(res))
            if isinstance(res, ox.QuerySolutions):
                variables = [v.value for v in res.variables]
                rows = [tuple(None if t is None else _term(t) for t in sol) for sol in res]
                return QueryResult("SELECT", variables=variables, rows=rows)
            graph = Graph()
            for t in res:
                graph.add((_term(t.subject), _term(t.predicate), _term(t.object)))
        return QueryResult("CONSTRUCT", graph=graph)

    def query_serialized(self, sparql: str, fmt: str,
                         *, bindings: Mapping[str, Node] | None = None) -> tuple[bytes, str]:
        res = self._run(sparql, bindings)
        with _query_errors():
            if isinstance(res, ox.QueryTriples):
                f = rdf_format(fmt if fmt in RDF_FORMATS else "turtle")
                return ox.serialize(res, format=f.oxigraph), f.media_type
            f = result_format(fmt)
            return res.serialize(format=f.oxigraph), f.media_type

    def count(self) -> int:
        # Quads in named graphs: the derived default graph repeats them.
        default = self._ox.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return len(self._ox) - int(next(iter(default))[0].value)

    def dump(self, out: BinaryIO, fmt: str) -> None:
        # The named graphs only: the default graph is derived from them.
        quads = itertools.chain.from_iterable(
            self._ox.quads_for_pattern(None, None, None, g) for g in self._ox.named_graphs())
        ox.serialize(quads, out, format=rdf_format(fmt).oxigraph, prefixes=PREFIXES)

    def graphs(self) -> list[URIRef]:
        # The store's own list rather than a scan of every quad; graphs emptied by CLEAR
        # stay in that list, so each must hold a quad.
        return sorted(from_ox(g) for g in self._ox.named_graphs()
                      if any(self._ox.quads_for_pattern(None, None, None, g)))

    def _writing(self) -> None:
        if self.read_only:
            raise StoreLocked(
                f"the store at {self.location} is in use by another process; stop it "
                "or write through its server")

    def _apply(self, sparql: str) -> None:
        self._writing()
        try:
            with self._exclusive:
                self._ox.update(sparql, prefixes=PREFIXES)
                self._flush()
        except SyntaxError as exc:
            raise QueryError(f"bad SPARQL update: {' '.join(str(exc).split())}") from None
        except OSError as exc:
            raise StoreError(f"writing to {self.location} failed: {exc}") from None

    def add_quads(self, quads: Iterable[Quad]) -> None:
        self._writing()
        batch = list(_with_default_copies(_ox_quad(q) for q in quads))
        try:
            with self._exclusive:
                self._ox.extend(batch)
                self._flush()
        except OSError as exc:
            raise StoreError(f"writing to {self.location} failed: {exc}") from None

    def load(self, path: Path, *, fmt: str | None = None, graph: URIRef | None = None) -> int:
        # Oxigraph's own parser, no detour through rdflib terms; extend() is one transaction.
        f = checked_rdf_file(path, fmt)
        self._writing()
        target = ox.NamedNode(str(graph)) if graph is not None else None
        parsed = 0

        def quads() -> Iterator[ox.Quad]:
            nonlocal parsed
            for q in ox.parse(path=str(path), format=f.oxigraph,
                              base_iri=path.resolve().as_uri()):
                parsed += 1
                if target is not None and isinstance(q.graph_name, ox.DefaultGraph):
                    q = ox.Quad(q.subject, q.predicate, q.object, target)
                yield q

        try:
            with self._exclusive:
                self._ox.extend(_with_default_copies(quads()))
                self._flush()
        except (SyntaxError, ValueError) as exc:
            raise RDFParseError(f"{path}: not valid {f.name}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"writing to {self.location} failed: {exc}") from None
        return parsed

    def checkpoint(self, target: Path) -> None:
        """A consistent read-only copy of the store at ``target``, which must not exist
        (RocksDB hard-links the files: a few ms, little disk until compactions diverge)."""
        self._writing()
        try:
            with self._exclusive:
                self._ox.backup(str(target))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot take a snapshot of {self.location} in {target}: {exc}; "
                             "check the free disk space") from None

    def _flush(self) -> None:
        # A read-only snapshot (the server's query workers, a CLI reader) replays the
        # write-ahead log when it opens: unflushed, 400 small writes make that 3 s.
        if self.location != "oxigraph-memory":
            self._ox.flush()

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            self._dataset = Dataset(store=RdflibOxigraphStore(store=self._ox), default_union=True)
        return self._dataset

    def flush(self) -> None:
        if not self.read_only:
            with self._exclusive:
                self._ox.flush()

    def close(self) -> None:
        try:
            self.flush()
        except OSError:
            pass
        self._dataset = None


def _read_only(path: Path, attempts: int = 5) -> ox.Store:
    """A read-only snapshot; retried, as the writer's compaction can remove a file
    the snapshot was about to open (RocksDB then reports "Corruption")."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError):
            time.sleep(0.05 * (attempt + 1))
    raise StoreLocked(f"the store at {path} is in use by another process and no snapshot "
                      "could be opened; stop it or go through its server")


@contextmanager
def _query_errors() -> Iterator[None]:
    try:
        yield
    except SyntaxError as exc:  # Oxigraph's messages can span lines: keep them on one
        raise QueryError(f"bad SPARQL query: {' '.join(str(exc).split())}") from None
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from None


@functools.lru_cache(maxsize=1 << 16)
def _term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Oxigraph term -> rdflib term, remembered across queries: answers repeat the same
    IRIs, labels and amounts, and building an rdflib term (8 us, 18 us for a typed literal)
    is most of what ``query()`` costs beyond Oxigraph itself."""
    return from_ox(t)


def _ox_quad(q: Quad) -> ox.Quad:
    s, p, o, g = q
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph() if g is None else to_ox(g))


def _with_default_copies(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each quad, plus its triple in the derived default graph; a quad for the default
    graph itself goes to DIRECT instead."""
    default = ox.DefaultGraph()
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            q = ox.Quad(q.subject, q.predicate, q.object, _DIRECT)
        yield q
        yield ox.Quad(q.subject, q.predicate, q.object, default)
