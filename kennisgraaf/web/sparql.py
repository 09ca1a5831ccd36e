"""The SPARQL 1.1 Protocol endpoint at /sparql: queries, updates (token), service description."""

from flask import Blueprint, Response, g, redirect, request, url_for
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF

from kennisgraaf.errors import QueryError
from kennisgraaf.graph.formats import RDF_FORMATS
from kennisgraaf.ontology.namespace import PREFIXES
from kennisgraaf.web.answer_cache import cached_answer
from kennisgraaf.web.auth import require_token
from kennisgraaf.web.conneg import GRAPH_NAMES, RESULT_NAMES, content_type, negotiate
from kennisgraaf.web.execute import QueryJob
from kennisgraaf.web.limits import allowlist, check_text
from kennisgraaf.web.protocol import read_operation
from kennisgraaf.web.services import services
from kennisgraaf.web.sparql_text import query_form
from kennisgraaf.web.update import run_update

bp = Blueprint("sparql", __name__)
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
_SD_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
               "SPARQL_Results_TSV", "Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML")
TRUNCATED_HEADER = "X-Kennisgraaf-Truncated"


@bp.route("/sparql", methods=["GET", "POST"])
@bp.route("/sparql/", methods=["GET", "POST"])
def endpoint() -> Response:
    op = read_operation()
    if op.kind == "update":
        require_token()
        return run_update(op)
    if op.kind is None:
        return service_description()
    g.reading = True
    return run_query(op.text, op.params)


def run_query(text: str, params) -> Response:
    """Answer a SPARQL query in the negotiated format, within the server's limits."""
    s = services()
    form = query_form(text)
    if form is None:
        raise QueryError("bad SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    fmt = params.get("format")
    job = QueryJob(text, max_rows=int(s.settings["max_rows"]), base_iri=request.base_url,
                   prefixes=PREFIXES,
                   default_graphs=params.getlist("default-graph-uri") or None,
                   named_graphs=params.getlist("named-graph-uri") or None)
    if form in RESULT_NAMES:
        job.result_format = negotiate(RESULT_NAMES[form], request.headers.get("Accept", ""), fmt)
    else:
        job.graph_format = negotiate(GRAPH_NAMES, request.headers.get("Accept", ""), fmt)
    key = ("sparql", text, job.result_format, job.graph_format, job.base_iri,
           tuple(job.default_graphs or ()), tuple(job.named_graphs or ()))
    # A kept answer passed the checks when it was made: they run on a miss only.
    response = cached_answer(s.cache, key, lambda: _answer(s, job))
    if params.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="{params["download"]}"'
    return response


def _answer(s, job: QueryJob) -> Response:
    check_text(job.sparql, s.settings)
    out = s.runner.run(job)
    response = Response(out.body, content_type=content_type(out.format))
    response.vary.add("Accept")
    if out.truncated:
        response.headers[TRUNCATED_HEADER] = str(job.max_rows)
    return response


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint (HTML clients go to the editor)."""
    if request.accept_mimetypes.best == "text/html":
        return redirect(url_for("pages.sparql_editor"))
    name = negotiate(GRAPH_NAMES, request.headers.get("Accept", ""), request.args.get("format"))
    endpoint = URIRef(request.base_url)
    sd = Graph(bind_namespaces="none")
    sd.bind("sd", SD)
    service, dataset, default = BNode(), BNode(), BNode()
    sd.add((service, RDF.type, SD.Service))
    sd.add((service, SD.endpoint, endpoint))
    for term in (SD.SPARQL11Query, SD.SPARQL11Update):
        sd.add((service, SD.supportedLanguage, term))
    for fmt in _SD_FORMATS:
        sd.add((service, SD.resultFormat, FORMATS[fmt]))
    sd.add((service, SD.feature, SD.UnionDefaultGraph))
    if allowlist(services().settings):
        sd.add((service, SD.feature, SD.BasicFederatedQuery))
    sd.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    sd.add((service, SD.defaultDataset, dataset))
    sd.add((dataset, RDF.type, SD.Dataset))
    sd.add((dataset, SD.defaultGraph, default))
    sd.add((default, RDF.type, SD.Graph))
    body = sd.serialize(format=RDF_FORMATS[name].rdflib, encoding="utf-8")
    response = Response(body, content_type=content_type(name))
    response.vary.add("Accept")
    return response
