"""Any SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso) through its query and update endpoints.

As in the embedded store, the server's own default graph is derived: every write
sends, in the same update request, the statements of ``derived.py`` that keep it the
set union of the named graphs, and queries read it. So the server must answer
queries from its plain default graph (Oxigraph without ``--union-default-graph``,
Fuseki's TDB2 default), not a union of its own.
"""

import json
import urllib.error
import warnings
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.term import BNode, Literal, Node
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from kennisgraaf.config import setting
from kennisgraaf.errors import QueryError, StoreError
from kennisgraaf.graph import derived
from kennisgraaf.graph.bindings import inline_bindings
from kennisgraaf.graph.formats import RDF_FORMATS, rdf_format, result_format
from kennisgraaf.graph.guard import check_sparql
from kennisgraaf.graph.results import QueryResult
from kennisgraaf.graph.store import Quad
from kennisgraaf.ontology.namespace import DIRECT, sparql_prefixes

_GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


def update_endpoint_for(query_url: str) -> str:
    """The update URL: the setting if given, else the query URL with /query -> /update."""
    configured = setting("update_endpoint")
    if configured:
        return str(configured)
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/")[: -len("query")] + "update"
    return query_url


class RemoteStore(derived.DerivedStore):
    def __init__(self, query_url: str, update_url: str | None = None, timeout: int = 60) -> None:
        self.location = query_url
        self.update_url = update_url or update_endpoint_for(query_url)
        self.timeout = timeout
        self._dataset: Dataset | None = None

    def _client(self, sparql: str, bindings: Mapping[str, Node] | None) -> SPARQLWrapper:
        check_sparql(sparql)
        client = SPARQLWrapper(self.location)
        client.setTimeout(self.timeout)
        client.setMethod(POST)
        with warnings.catch_warnings():
            # SPARQLWrapper warns on query forms it cannot guess; the server judges.
            warnings.simplefilter("ignore", RuntimeWarning)
            # A newline after the prefixes: SPARQLWrapper guesses the query form from the
            # text, and a leading comment on the PREFIX line ("... copy ...") misleads it.
            client.setQuery(sparql_prefixes() + "\n" + inline_bindings(sparql, bindings))
        return client

    def _fetch(self, client: SPARQLWrapper) -> bytes:
        try:
            return client.query().response.read()
        except SPARQLWrapperException as exc:
            raise QueryError(f"the server refused the query: {str(exc).splitlines()[0]}") from None
        except urllib.error.HTTPError as exc:
            raise QueryError(f"the server answered {exc.code}: {exc.read()[:300]!r}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.location}: {exc}; "
                             "is it running?") from None

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        client = self._client(sparql, bindings)
        if client.queryType in _GRAPH_FORMS:
            client.addCustomHttpHeader("Accept", RDF_FORMATS["ntriples"].media_type)
            graph = Graph()
            graph.parse(data=self._fetch(client).decode("utf-8"), format="nt")
            return QueryResult("CONSTRUCT", graph=graph)
        client.setReturnFormat(JSON)
        data = json.loads(self._fetch(client))
        if "boolean" in data:
            return QueryResult("ASK", boolean=bool(data["boolean"]))
        variables = data["head"].get("vars", [])
        rows = [tuple(_term(b.get(v)) for v in variables) for b in data["results"]["bindings"]]
        return QueryResult("SELECT", variables=variables, rows=rows)

    def query_serialized(self, sparql: str, fmt: str,
                         *, bindings: Mapping[str, Node] | None = None) -> tuple[bytes, str]:
        client = self._client(sparql, bindings)
        if client.queryType in _GRAPH_FORMS:
            f = rdf_format(fmt if fmt in RDF_FORMATS else "turtle")
        else:
            f = result_format(fmt)
        client.addCustomHttpHeader("Accept", f.media_type)
        return self._fetch(client), f.media_type

    def _apply(self, sparql: str) -> None:
        client = SPARQLWrapper(self.location, updateEndpoint=self.update_url)
        client.setTimeout(self.timeout)
        client.setMethod(POST)
        client.setRequestMethod("postdirectly")
        client.setQuery(sparql_prefixes() + sparql)
        try:
            client.query().response.read()
        except SPARQLWrapperException as exc:
            raise QueryError(f"the server refused the update: {str(exc).splitlines()[0]}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.update_url}: {exc}; "
                             "is it running?") from None

    def add_quads(self, quads: Iterable[Quad]) -> None:
        by_graph: dict[Node, list[ox.Triple]] = {}
        for s, p, o, g in quads:  # the default graph's are DIRECT's: the default is derived
            by_graph.setdefault(DIRECT if g is None else g, []).append(
                ox.Triple(to_ox(s), to_ox(p), to_ox(o)))
        blocks = []
        for g, triples in by_graph.items():
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
            blocks.append(f"GRAPH <{g}> {{\n{body}}}\n{body}")
        if blocks:
            self._apply("INSERT DATA {\n" + "\n".join(blocks) + "}")

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            store = SPARQLUpdateStore(self.location, self.update_url)
            self._dataset = Dataset(store=store, default_union=True)
        return self._dataset


def _term(b: dict | None) -> Node | None:
    """A SPARQL JSON results term as an rdflib term."""
    if b is None:
        return None
    if b["type"] == "uri":
        return URIRef(b["value"])
    if b["type"] == "bnode":
        return BNode(b["value"])
    return Literal(b["value"], lang=b.get("xml:lang"),
                   datatype=URIRef(b["datatype"]) if b.get("datatype") else None)
