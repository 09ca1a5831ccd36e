"""One store interface over rdflib, and ``open_store``: the only place a backend is chosen.

Every backend answers queries over the union of its named graphs (one graph per
article), replaces graphs atomically and loads RDF files atomically.
"""

import functools
import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO, Self

import pyoxigraph as ox
from oxrdflib._converter import from_ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from kennisgraaf.config import default_store, resolve_path
from kennisgraaf.errors import RDFParseError, StoreNotFound
from kennisgraaf.graph.formats import Format, rdf_format, rdf_format_for_path
from kennisgraaf.graph.results import QueryResult
from kennisgraaf.ontology.namespace import PREFIXES

Quad = tuple[Node, Node, Node, Node | None]  # graph None: the default graph, stored in DIRECT
_WRITES = ("update", "add_quads", "replace_graphs", "drop_graphs", "load")
_STAMPS = itertools.count(1)  # next() is atomic: two writes at once never share a stamp

# Statements: quads in the named graphs (the default graph is derived from them).
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
_TYPES = """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?type . FILTER(STRSTARTS(STR(?type), STR(kg:)))
} GROUP BY ?type ORDER BY DESC(?n) ?type"""


class GraphStore(ABC):
    """A quad store: SPARQL over the union of all graphs, atomic graph replacement."""

    location: str
    # A new number after every write through this object (0: none yet), so that caches
    # of what the store holds can tell it changed without asking it.
    generation: int = 0

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        for name in _WRITES:  # every backend's writes count, so none can forget to
            if name in cls.__dict__:
                setattr(cls, name, _counted(cls.__dict__[name]))

    @abstractmethod
    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a SPARQL query; ``bindings`` pre-bind variables (never string substitution).

        The prefixes of :data:`kennisgraaf.ontology.namespace.PREFIXES` are predefined.
        """

    def query_serialized(self, sparql: str, fmt: str,
                         *, bindings: Mapping[str, Node] | None = None) -> tuple[bytes, str]:
        """The query's results serialised in ``fmt``; backends override this with a fast path."""
        return self.query(sparql, bindings=bindings).serialize(fmt)

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update in one transaction."""

    @abstractmethod
    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Add quads in one transaction."""

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Replace each named graph's content, all in one transaction."""

    @property
    @abstractmethod
    def dataset(self) -> Dataset:
        """The store as an rdflib Dataset, for code that wants the rdflib graph API."""

    def close(self) -> None:
        """Release the store."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Shared operations, in terms of the primitives above.

    def drop_graphs(self, names: Iterable[URIRef]) -> None:
        ops = " ;\n".join(f"DROP SILENT GRAPH <{n}>" for n in names)
        if ops:
            self.update(ops)

    def graphs(self) -> list[URIRef]:
        return [row[0] for row in self.query(_GRAPHS).rows]

    def count(self) -> int:
        """The number of statements: quads in the named graphs."""
        return int(self.query(_COUNT).rows[0][0])

    def stats(self) -> dict:
        """Triples, named graphs and entities by type."""
        types = {str(t).rsplit("#", 1)[-1]: int(n) for t, n in self.query(_TYPES).rows}
        return {"triples": self.count(), "graphs": len(self.graphs()), "types": types}

    def dump(self, out: BinaryIO, fmt: str) -> None:
        """Every named graph, in the quad format ``fmt`` (TriG, N-Quads)."""
        ds = self.dataset
        for prefix, iri in PREFIXES.items():
            ds.bind(prefix, iri, override=True)
        ds.serialize(destination=out, format="ox-" + rdf_format(fmt).rdflib)

    def load(self, path: Path, *, fmt: str | None = None, graph: URIRef | None = None) -> int:
        """Load an RDF file atomically: all its quads or, on any error, none. Returns the count."""
        quads = list(parse_rdf_file(path, fmt=fmt, graph=graph))
        self.add_quads(quads)
        return len(quads)


def _counted(write: Callable) -> Callable:
    @functools.wraps(write)
    def counted(self: GraphStore, *args: object, **kwargs: object) -> object:
        try:
            return write(self, *args, **kwargs)
        finally:  # after the write, even a failed one: a reader that saw the old stamp rebuilds
            self.generation = next(_STAMPS)
    return counted


def checked_rdf_file(path: Path, fmt: str | None) -> Format:
    """The file's format, after refusing what no parser should be given.

    XML entity declarations are refused outright: Oxigraph's RDF/XML parser
    expands internal entities, so a "billion laughs" file would eat all memory.
    """
    f: Format = rdf_format(fmt) if fmt else rdf_format_for_path(path)
    if not path.is_file():
        raise RDFParseError(f"{path}: no such file")
    if f.name == "rdfxml":
        with path.open("rb") as fh:
            tail = b""
            while chunk := fh.read(1 << 20):
                if b"<!ENTITY" in tail + chunk:
                    raise RDFParseError(
                        f"{path}: RDF/XML with <!ENTITY> declarations is refused "
                        "(entity expansion); expand or remove them first")
                tail = chunk[-8:]
    return f


def parse_rdf_file(path: Path, *, fmt: str | None = None,
                   graph: URIRef | None = None) -> Iterable[Quad]:
    """Parse a file with Oxigraph's parsers (no network, no external entities)."""
    f = checked_rdf_file(path, fmt)
    target = ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()
    try:
        with path.open("rb") as fh:
            quads = list(ox.parse(fh, format=f.oxigraph, base_iri=path.resolve().as_uri()))
    except (SyntaxError, ValueError, OSError) as exc:
        raise RDFParseError(f"{path}: not valid {f.name}: {exc}") from None
    for q in quads:
        g = target if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
        yield (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object),
               None if isinstance(g, ox.DefaultGraph) else from_ox(g))


def open_store(location: str | Path | None = None, *, create: bool = False) -> GraphStore:
    """Open the store at ``location``: a folder (embedded Oxigraph, the default),
    ``memory:`` (rdflib's in-memory store) or an ``http(s)://`` SPARQL query endpoint.

    ``create`` makes a missing embedded store; without it a missing store is an error.
    """
    loc = str(location) if location is not None else default_store()
    if loc == "memory:":
        from kennisgraaf.graph.memory_backend import MemoryStore
        return MemoryStore()
    if loc.startswith(("http://", "https://")):
        from kennisgraaf.graph.remote_backend import RemoteStore
        return RemoteStore(loc)
    path = resolve_path(loc.removeprefix("oxigraph:"))
    if not path.exists() and not create:
        raise StoreNotFound(
            f"no store at {path}; load or ingest something first, or pass --store "
            "(a folder, 'memory:' or a SPARQL endpoint URL)")
    from kennisgraaf.graph.oxigraph_backend import OxigraphStore
    return OxigraphStore(path)
