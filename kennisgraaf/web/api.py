"""The JSON API under /api, described by /openapi.json."""

import dataclasses
import io
import json
from functools import cache
from importlib.resources import files
from pathlib import PurePath

from flask import Blueprint, Response, jsonify, request, url_for

from kennisgraaf.errors import NotFound, UsageError
from kennisgraaf.ontology.namespace import ID
from kennisgraaf.web.answer_cache import cached_answer
from kennisgraaf.web.auth import require_token
from kennisgraaf.web.entities import entity, search, valid_iri
from kennisgraaf.web.limits import check_article_body, check_articles
from kennisgraaf.web.services import services

bp = Blueprint("api", __name__)
MAX_QUESTION_CHARS = 500  # as openapi.json states
SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")


@cache
def openapi_document() -> dict:
    return json.loads(files("kennisgraaf.web").joinpath("openapi.json").read_text("utf-8"))


@bp.get("/openapi.json")
def openapi() -> Response:
    doc = dict(openapi_document())
    doc["servers"] = [{"url": request.host_url.rstrip("/")}]
    return jsonify(doc)


@bp.get("/api/questions")
def questions() -> Response:
    from kennisgraaf.queries.catalogue import load_catalogue

    return jsonify({"questions": [canned_json(q) for q in load_catalogue().values()]})


def canned_json(q) -> dict:
    """A canned query as JSON: the fields of its .rq header (id, summary, parameters, ...)."""
    fields = dataclasses.asdict(q) if dataclasses.is_dataclass(q) else dict(vars(q))
    return json.loads(json.dumps(fields, default=str, ensure_ascii=False))


@bp.route("/api/ask", methods=["GET", "POST"])
def ask() -> Response:
    """A free question (?q= or {"question"}) or a canned one ({"query_id", "params"})."""
    body = request.get_json(silent=True) if request.method == "POST" else None
    body = body if isinstance(body, dict) else {}
    question = body.get("question") or request.args.get("q")
    query_id, params = body.get("query_id"), body.get("params") or {}
    key = ("ask", question, query_id, json.dumps(params, sort_keys=True, default=str))
    return cached_answer(services().cache, key,
                         lambda: jsonify(answer(question, query_id, params)))


@bp.get("/api/questions/<query_id>")
def ask_canned(query_id: str) -> Response:
    """A canned question at its own URL, its parameters from the query string."""
    params = canned_params()
    key = ("ask", None, query_id, json.dumps(params, sort_keys=True))
    return cached_answer(services().cache, key, lambda: jsonify(answer(None, query_id, params)))


def canned_params() -> dict:
    """The ``param.NAME=VALUE`` pairs of the query string, by NAME."""
    return {k.removeprefix("param."): v for k, v in request.args.items() if k.startswith("param.")}


def answer(question: str | None, query_id: str | None, params: dict) -> dict:
    """The ask library's answer to a free question or a canned query."""
    from kennisgraaf.queries.ask import ask as ask_free
    from kennisgraaf.queries.ask import ask_canned

    store = services().store
    if query_id:
        return ask_canned(store, query_id, params)
    if not question or not question.strip():
        raise UsageError("ask a question: ?q=... (or POST {\"question\": ...}), or a canned "
                         "query with ?id=... (GET /api/questions lists them)")
    if len(question) > MAX_QUESTION_CHARS:
        raise UsageError(f"a question is at most {MAX_QUESTION_CHARS} characters; this one has "
                         f"{len(question)}: ask one thing at a time")
    return ask_free(store, question.strip())


@bp.get("/api/articles")
def articles() -> Response:
    from kennisgraaf.ingest.ingest import list_articles

    return jsonify({"articles": list_articles(services().store)})


@bp.post("/api/articles")
def add_articles() -> Response:
    """Ingest the posted article(s): JSON {"text", "title"?, "id"?, ...}, or a raw file body.

    The articles are extracted first and written after, each batch in one transaction,
    so the store is never held while the text is analysed.
    """
    require_token()
    from kennisgraaf.ingest.ingest import ingest_articles
    from kennisgraaf.ingest.reader import read_text

    name = request.args.get("name") or "article"
    if request.mimetype == "application/json":
        raw, suffix = request.get_data(), ".json"
    else:
        raw = request.get_data()
        suffix = PurePath(name).suffix.lower() or {"text/markdown": ".md", "text/html": ".html"}.get(
            request.mimetype, ".txt")
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot read {suffix} files; send one of {', '.join(SUFFIXES)}")
    if not raw.strip():
        raise UsageError("the body is empty: send the article text")
    s = services()
    check_article_body(raw, s.settings)
    found = read_text(raw, name=PurePath(name).stem, suffix=suffix)
    check_articles(found, s.settings)
    summary = ingest_articles(s.store, found)
    s.wrote()
    result = summary.as_dict() | {"articles": [a.id for a in found]}
    status = 201 if summary.written else 200
    return jsonify(result), status


@bp.delete("/api/articles/<path:article_id>")
def delete_article(article_id: str) -> Response:
    require_token()
    from kennisgraaf.ingest.ingest import remove_article

    s = services()
    if not remove_article(s.store, article_id):
        raise NotFound(f"no article {article_id!r}; GET /api/articles lists them")
    s.wrote()
    return Response(status=204)


@bp.get("/api/entities")
def entities() -> Response:
    q = request.args.get("q", "")
    if not q.strip():
        raise UsageError("give a name to search for: /api/entities?q=LUMI")
    return jsonify({"query": q, "entities": search(services().store, q)})


@bp.get("/api/entity/<kind>/<slug>")
def entity_by_path(kind: str, slug: str) -> Response:
    return jsonify(entity(services().store, f"{ID}{kind}/{slug}"))


@bp.get("/api/entity")
def entity_by_iri() -> Response:
    iri = request.args.get("iri")
    if not iri:
        raise UsageError("give the entity: /api/entity?iri=IRI or /api/entity/TYPE/SLUG")
    return jsonify(entity(services().store, iri))


@bp.get("/api/graph")
def neighbourhood() -> Response:
    """The neighbourhood of ``iri`` as Cytoscape.js elements."""
    from kennisgraaf.graph.export import cytoscape_json
    from kennisgraaf.graph.filters import Filters, filtered_view

    iri = request.args.get("iri")
    if not iri:
        raise UsageError("give the entity's IRI: /api/graph?iri=IRI&depth=1")
    if not valid_iri(iri):
        raise NotFound(f"no entity {iri!r}: that is not an IRI")
    depth = request.args.get("depth", 1, type=int)
    if not 1 <= depth <= 3:
        raise UsageError("depth is 1, 2 or 3")
    view = filtered_view(services().store, Filters(around=iri, depth=depth))
    return jsonify(cytoscape_json(view))


@bp.get("/api/export")
def export() -> Response:
    """The graph in an export format; ``article``, ``since`` and ``until`` select articles."""
    from kennisgraaf.graph.export import FORMATS, export_format
    from kennisgraaf.graph.export import export as write_export
    from kennisgraaf.graph.filters import Filters

    name = request.args.get("format", "turtle")
    if name not in FORMATS:
        raise UsageError(f"unknown export format {name!r}; use one of {', '.join(FORMATS)}")
    f = export_format(name)
    try:
        filters = Filters(articles=tuple(request.args.getlist("article")),
                          since=request.args.get("since"), until=request.args.get("until"))
    except UsageError as exc:  # an empty or impossible date range selects nothing
        raise NotFound(f"nothing to export: {exc}") from None
    out = io.BytesIO()
    write_export(services().store, f.name, out=out, filters=filters)
    response = Response(out.getvalue(), mimetype=f.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="kennisgraaf{f.suffix}"'
    return response


@bp.get("/api")
def index() -> Response:
    return jsonify({"openapi": url_for("api.openapi", _external=True),
                    "sparql": url_for("sparql.endpoint", _external=True)})
