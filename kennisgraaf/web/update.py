"""SPARQL 1.1 Update at /update (and at /sparql): bearer token only, applied in one transaction."""

from flask import Blueprint, Response, request

from kennisgraaf.errors import UsageError
from kennisgraaf.web.auth import require_token
from kennisgraaf.web.limits import check_text
from kennisgraaf.web.protocol import Operation, read_operation
from kennisgraaf.web.services import services
from kennisgraaf.web.sparql_text import add_using, has_dataset_clause

bp = Blueprint("update", __name__)


@bp.post("/update")
def update() -> Response:
    require_token()
    op = read_operation()
    if op.kind != "update":
        raise UsageError("this endpoint takes updates; send queries to /sparql")
    return run_update(op)


def run_update(op: Operation) -> Response:
    """Apply the update of ``op``; the caller has checked the token."""
    s = services()
    check_text(op.text, s.settings, what="update")
    default, named = op.params.getlist("using-graph-uri"), op.params.getlist("using-named-graph-uri")
    text = op.text
    if default or named:
        if has_dataset_clause(text):
            raise UsageError("the update names its dataset with USING or WITH; do not also send "
                             "using-graph-uri / using-named-graph-uri")
        text = add_using(text, default, named)
    # Relative IRIs resolve against the endpoint; on the same line, so that the
    # parser's line numbers still point into the user's text.
    s.store.update(f"BASE <{request.base_url}> {text}")
    s.wrote()
    return Response(status=204)
