"""The pages: ask, search, entity, SPARQL editor, articles; Dutch with an English switch.

Server-rendered, so each page works without JavaScript (the editor's highlighting,
the graph view and the add-article form use a little); each has a JSON twin in the API.
"""

import json
import re
from functools import cache
from importlib.resources import files
from urllib.parse import urlencode

from flask import Blueprint, Response, g, make_response, render_template, request, url_for

from kennisgraaf.errors import KennisgraafError, UsageError
from kennisgraaf.ontology.namespace import ID, PREFIXES
from kennisgraaf.web.api import answer, canned_params
from kennisgraaf.web.conneg import GRAPH_NAMES, RESULT_NAMES
from kennisgraaf.web.entities import entity, entity_path, search
from kennisgraaf.web.execute import QueryJob
from kennisgraaf.web.limits import check_text
from kennisgraaf.web.services import services
from kennisgraaf.web.sparql_text import query_form

bp = Blueprint("pages", __name__)
LANGS = ("nl", "en")
EXAMPLE_QUERY = """SELECT ?factory ?label ?country WHERE {
  ?factory a kg:AIFactory ; rdfs:label ?label ; kg:hostCountry ?country .
  FILTER(LANG(?label) IN ("nl", ""))
}
ORDER BY ?label
LIMIT 50"""


@cache
def ui_strings() -> dict[str, dict[str, str]]:
    return json.loads(files("kennisgraaf.web").joinpath("data/ui.json").read_text("utf-8"))


@bp.before_app_request
def _language() -> None:
    chosen = request.args.get("lang")
    g.lang = chosen if chosen in LANGS else request.cookies.get("lang", "nl")
    g.lang = g.lang if g.lang in LANGS else "nl"


@bp.after_app_request
def _remember_language(response: Response) -> Response:
    if request.args.get("lang") in LANGS:
        response.set_cookie("lang", request.args["lang"], max_age=365 * 86400, samesite="Lax")
    return response


@bp.app_context_processor
def _template_globals() -> dict:
    other = "en" if g.get("lang", "nl") == "nl" else "nl"
    args = request.args.to_dict() | {"lang": other}
    return {"t": ui_strings()[g.get("lang", "nl")], "lang": g.get("lang", "nl"),
            "switch_url": request.path + "?" + urlencode(args), "entity_path": entity_path}


@bp.app_template_filter("value")
def show_value(value: object) -> str:
    """A value object of the domain contract as short text."""
    if isinstance(value, dict):
        if "amount" in value:
            sign = {"min": "≥ ", "max": "≤ ", "approx": "≈ "}.get(value.get("qualifier", ""), "")
            if value.get("qualifier") == "range" and "min" in value:
                return f"{value['min']:,.0f}–{value['max']:,.0f} {value.get('currency', '')}"
            return f"{sign}{value['amount']:,.0f} {value.get('currency', '')}".strip()
        for key in ("date", "text", "number", "bool", "iri"):
            if key in value:
                return str(value[key])
    return "" if value is None else str(value)


def _canned() -> list[dict]:
    """The catalogue's questions; those with parameters show "…" where a name goes."""
    from kennisgraaf.queries.catalogue import load_catalogue

    return [{"id": qid, "text": re.sub(r"\{\w+\}", "…", q.summary(g.lang)), "ready": not q.params}
            for qid, q in load_catalogue().items()]


@bp.get("/")
def index() -> str:
    question, query_id = request.args.get("q", "").strip(), request.args.get("id")
    params = canned_params()
    result, error = None, None
    if question or query_id:
        try:
            result = answer(question or None, query_id, params)
        except KennisgraafError as exc:
            error = str(exc)
    sources = _article_sources() if result else {}
    twin = (url_for("api.ask", q=question) if question else
            url_for("api.ask_canned", query_id=query_id,
                    **{f"param.{k}": v for k, v in params.items()}) if query_id else
            url_for("api.questions"))
    return render_template("index.html", question=question, result=result, error=error,
                           canned=_canned(), sources=sources, twin=twin)


def _article_sources() -> dict[str, dict]:
    from kennisgraaf.ingest.ingest import list_articles

    return {a["id"]: a for a in list_articles(services().store)}


@bp.get("/search")
def search_page() -> str:
    q = request.args.get("q", "")
    hits = search(services().store, q) if q.strip() else []
    return render_template("search.html", q=q, hits=hits,
                           twin=url_for("api.entities", q=q) if q.strip() else None)


@bp.get("/entity/<kind>/<slug>")
def entity_page(kind: str, slug: str) -> str:
    return _entity(f"{ID}{kind}/{slug}", url_for("api.entity_by_path", kind=kind, slug=slug))


@bp.get("/entity")
def entity_by_iri() -> str:
    iri = request.args.get("iri")
    if not iri:
        raise UsageError("give the entity: /entity?iri=IRI or /entity/TYPE/SLUG")
    return _entity(iri, url_for("api.entity_by_iri", iri=iri))


def _entity(iri: str, twin: str) -> str:
    data = entity(services().store, iri)
    return render_template("entity.html", e=data, twin=twin,
                           graph_url=url_for("api.neighbourhood", iri=iri))


@bp.get("/query")
def sparql_editor() -> str:
    text = request.args.get("query", "")
    table, error, download = None, None, []
    if text.strip():
        try:
            table = _run_for_table(text)
        except KennisgraafError as exc:
            error = str(exc)
        form = query_form(text)
        names = RESULT_NAMES.get(form, GRAPH_NAMES) if form else ()
        download = [(n, url_for("sparql.endpoint", query=text, format=n, download=f"result.{n}"))
                    for n in names]
    return render_template("query.html", query=text or EXAMPLE_QUERY, table=table, error=error,
                           download=download, prefixes=PREFIXES,
                           twin=url_for("sparql.endpoint", query=text) if text.strip() else None)


def _run_for_table(text: str) -> dict:
    """The query's results as a table (SELECT), a boolean (ASK) or N-Triples lines (graphs)."""
    s = services()
    check_text(text, s.settings)
    form = query_form(text)
    if form is None:
        raise UsageError("bad SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    job = QueryJob(text, result_format="json", graph_format="ntriples", prefixes=PREFIXES,
                   max_rows=min(int(s.settings["max_rows"]), 1000), base_iri=request.base_url)
    out = s.runner.run(job)
    if out.kind == "graph":
        lines = out.body.decode().splitlines()
        return {"graph": lines, "truncated": out.truncated}
    data = json.loads(out.body)
    if "boolean" in data:
        return {"boolean": data["boolean"]}
    return {"vars": data["head"]["vars"], "rows": data["results"]["bindings"],
            "truncated": out.truncated}


@bp.get("/articles")
def articles_page() -> str:
    from kennisgraaf.ingest.ingest import list_articles

    return render_template("articles.html", articles=list_articles(services().store),
                           twin=url_for("api.articles"))


@bp.get("/static/vendor/cytoscape.min.js")
def cytoscape_js() -> Response:
    """Cytoscape.js, vendored once in kennisgraaf.graph.vendor (for the HTML export too)."""
    body = files("kennisgraaf.graph.vendor").joinpath("cytoscape.min.js").read_bytes()
    response = make_response(body)
    response.mimetype = "text/javascript"
    response.cache_control.max_age = 86400
    return response
