"""The SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graph-store.

A graph is named indirectly (``?graph=IRI``, ``?default``) or directly (the
request URL under /rdf-graph-store/ is the graph's IRI). Reading is open;
PUT, POST and DELETE need the bearer token and each is one transaction.
``?default`` is the graph of triples that belong to no article (``DIRECT``): the
store's own default graph is the union of all graphs, kept by the store.
"""

import re
import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, request, url_for

from kennisgraaf.errors import NotFound, RDFParseError, UsageError
from kennisgraaf.graph.formats import RDF_FORMATS, Format
from kennisgraaf.ontology.namespace import DIRECT, PREFIXES
from kennisgraaf.web.auth import require_token
from kennisgraaf.web.conneg import GRAPH_NAMES, content_type, negotiate
from kennisgraaf.web.execute import QueryJob
from kennisgraaf.web.protocol import UnsupportedMediaType
from kennisgraaf.web.services import services
from kennisgraaf.web.sparql import TRUNCATED_HEADER

bp = Blueprint("graph_store", __name__)
_METHODS = ["GET", "PUT", "POST", "DELETE"]
_DEFAULT = str(DIRECT)  # what ?default names
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")


@bp.route("/rdf-graph-store", methods=_METHODS)
def indirect() -> Response:
    if "default" in request.args:
        return _dispatch(_DEFAULT)
    graph = request.args.get("graph")
    if graph is None:
        if request.method == "POST":  # a new graph, named by the server
            require_token()
            return _write(url_for("graph_store.direct", rest=uuid.uuid4().hex, _external=True),
                          replace=False, created=True)
        raise UsageError("name the graph: ?graph=IRI, or ?default for the default graph")
    if not _IRI.fullmatch(graph):
        raise UsageError(f"graph {graph!r} is not an absolute IRI")
    return _dispatch(graph)


@bp.route("/rdf-graph-store/<path:rest>", methods=_METHODS)
def direct(rest: str) -> Response:
    return _dispatch(request.base_url)


def _dispatch(graph: str) -> Response:
    if request.method in ("GET", "HEAD"):
        return _read(graph)
    require_token()
    if request.method == "DELETE":
        if not _exists(graph):
            raise NotFound(f"there is no graph {_label(graph)}")
        _apply(graph, None, replace=True)
        return Response(status=200)
    return _write(graph, replace=request.method == "PUT")


def _label(graph: str) -> str:
    return "default graph" if graph == _DEFAULT else f"<{graph}>"


def _job(sparql: str, **kw) -> QueryJob:
    return QueryJob(sparql, max_rows=int(services().settings["max_rows"]), prefixes=PREFIXES, **kw)


def _exists(graph: str) -> bool:
    sparql = f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return services().runner.run(_job(sparql, result_format="json")).body.find(b"true") >= 0


def _read(graph: str) -> Response:
    name = negotiate(GRAPH_NAMES, request.headers.get("Accept", ""), request.args.get("format"))
    if graph != _DEFAULT and not _exists(graph):  # the default graph always exists
        raise NotFound(f"there is no graph {_label(graph)}")
    out = services().runner.run(_job(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> "
                                     "{ ?s ?p ?o } }", graph_format=name))
    response = Response(out.body, content_type=content_type(name))
    if out.truncated:
        response.headers[TRUNCATED_HEADER] = str(services().settings["max_rows"])
    return response


def _write(graph: str, *, replace: bool, created: bool = False) -> Response:
    existed = not created and _exists(graph)
    _apply(graph, _payload(graph), replace=replace)
    if created or not existed:
        response = Response(status=201)
        if created:
            response.headers["Location"] = graph
        return response
    return Response(status=204 if replace else 200)


def _payload(graph: str) -> list[ox.Triple]:
    """The triples of the request body, or of every part of a multipart/form-data body."""
    base = graph if graph != _DEFAULT else request.base_url
    if request.mimetype == "multipart/form-data":
        triples = []
        for part in request.files.values():
            triples += _parse(part.read(), _format(part.mimetype), base)
        return triples
    return _parse(request.get_data(), _format(request.mimetype), base)


def _format(mimetype: str) -> Format:
    for f in RDF_FORMATS.values():
        if f.media_type == mimetype:
            return f
    raise UnsupportedMediaType(f"send RDF as one of {', '.join(f.media_type for f in RDF_FORMATS.values())}; "
                               f"got {mimetype or 'no Content-Type'}")


def _parse(data: bytes, fmt: Format, base: str) -> list[ox.Triple]:
    if fmt.name == "rdfxml" and b"<!ENTITY" in data:
        raise RDFParseError("RDF/XML with <!ENTITY> declarations is refused (entity expansion)")
    try:
        return [q.triple for q in ox.parse(data, format=fmt.oxigraph, base_iri=base)]
    except (SyntaxError, ValueError) as exc:
        raise RDFParseError(f"the body is not valid {fmt.name}: {exc}") from None


def _apply(graph: str, triples: list[ox.Triple] | None, *, replace: bool) -> None:
    """Replace (or add to) the graph's triples in one SPARQL update, so in one transaction."""
    parts = [f"DROP SILENT GRAPH <{graph}>"] if replace else []
    if triples:
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
        parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{ {body} }} }}")
    s = services()
    if parts:
        s.store.update(" ;\n".join(parts))
        s.wrote()
