"""The app factory: settings, then the store and query workers, then errors and blueprints."""

from collections.abc import Mapping

from flask import Flask, Response, g, request

from kennisgraaf.graph.store import GraphStore
from kennisgraaf.web import api, errors, graph_store, pages, sparql, update
from kennisgraaf.web.services import Services, services, web_settings

# Writing never gets CORS headers: a page elsewhere may read, never write. A query
# POSTed to /sparql is reading (sparql.py sets g.reading).
_READ_METHODS = ("GET", "HEAD", "OPTIONS")


def create_app(settings: Mapping[str, object] | None = None, *,
               store: GraphStore | None = None) -> Flask:
    """A kennisgraaf web app; ``settings`` override config.py's table, ``store`` the store setting."""
    app = Flask(__name__)
    conf = web_settings(settings)
    app.config["KENNISGRAAF"] = conf
    app.config["MAX_CONTENT_LENGTH"] = int(conf["max_body_bytes"])
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["kennisgraaf"] = Services.open(conf, store)
    errors.register(app)
    for blueprint in (sparql.bp, update.bp, graph_store.bp, api.bp, pages.bp):
        app.register_blueprint(blueprint)
    app.after_request(_cors)
    app.teardown_request(_after_write)
    return app


def _after_write(_exc: BaseException | None) -> None:
    # A write that failed half-way, or forgot to say it wrote, must not leave old answers.
    if g.get("writing"):
        services().wrote()


def _cors(response: Response) -> Response:
    if request.method in _READ_METHODS or g.get("reading"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            response.headers["Access-Control-Max-Age"] = "86400"
    return response
