"""rdflib's own in-memory store: for tests and small scripts; gone when the process ends."""

import threading
from collections.abc import Iterable, Mapping

import rdflib.plugins.sparql
from pyparsing import ParseException
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from kennisgraaf.errors import QueryError
from kennisgraaf.graph.guard import check_sparql
from kennisgraaf.graph.results import QueryResult
from kennisgraaf.graph.store import GraphStore, Quad
from kennisgraaf.graph.update_scope import update_scope
from kennisgraaf.ontology.namespace import DIRECT, PREFIXES

# rdflib would fetch the IRIs of FROM and FROM NAMED from the web or the disk.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class MemoryStore(GraphStore):
    location = "memory:"

    def __init__(self) -> None:
        self._ds = Dataset(default_union=True)
        # rdflib's Memory store is not transactional: one writer at a time, and
        # a write builds its new graphs before it swaps them in.
        self._lock = threading.RLock()

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        check_sparql(sparql)
        try:
            with self._lock:
                res = self._ds.query(sparql, initBindings=dict(bindings or {}), initNs=PREFIXES)
                if res.type == "ASK":
                    return QueryResult("ASK", boolean=bool(res.askAnswer))
                if res.type in ("CONSTRUCT", "DESCRIBE"):
                    graph = Graph()
                    for t in res.graph:
                        graph.add(t)
                    return QueryResult("CONSTRUCT", graph=graph)
                variables = [str(v) for v in res.vars]
                rows = [tuple(row) for row in res]
        except ParseException as exc:
            raise QueryError(f"bad SPARQL query: {exc}") from None
        except Exception as exc:  # noqa: BLE001 (rdflib raises many kinds while evaluating)
            raise QueryError(f"the query failed: {exc}") from None
        return QueryResult("SELECT", variables=variables, rows=rows)

    def update(self, sparql: str) -> None:
        check_sparql(sparql, update=True)
        update_scope(sparql)  # refuses direct writes to the default graph, as every store does
        with self._lock:
            try:
                self._ds.update(sparql, initNs=PREFIXES)
            except ParseException as exc:
                raise QueryError(f"bad SPARQL update: {exc}") from None
            except Exception as exc:  # noqa: BLE001 (rdflib raises many kinds while evaluating)
                raise QueryError(f"the update failed: {exc}") from None

    def add_quads(self, quads: Iterable[Quad]) -> None:
        quads = list(quads)  # parse fully before touching the store
        with self._lock:
            for s, p, o, g in quads:
                self._ds.graph(g if g is not None else DIRECT).add((s, p, o))

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        with self._lock:
            for name, graph in graphs.items():
                self._ds.remove_graph(self._ds.graph(name))
                target = self._ds.graph(name)
                for t in graph:
                    target.add(t)

    @property
    def dataset(self) -> Dataset:
        return self._ds
