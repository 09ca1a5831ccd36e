"""Reading a SPARQL 1.1 Protocol request: which operation, its text, its parameters.

Query by GET, by URL-encoded POST or by direct POST (``application/sparql-query``);
update by URL-encoded POST or direct POST (``application/sparql-update``). Bodies
must be UTF-8; every parameter but the graph lists may appear once.
"""

from dataclasses import dataclass

from flask import request
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from kennisgraaf.errors import KennisgraafError, UsageError

FORM = "application/x-www-form-urlencoded"
DIRECT = {"query": "application/sparql-query", "update": "application/sparql-update"}


class UnsupportedMediaType(KennisgraafError):
    status = 415


@dataclass
class Operation:
    kind: str | None  # "query", "update", or None for neither (service description)
    text: str
    params: MultiDict


def _single(params: MultiDict, key: str) -> str | None:
    values = params.getlist(key)
    if len(values) > 1:
        raise UsageError(f"send exactly one '{key}' parameter, not {len(values)}")
    return values[0] if values else None


def _body_text() -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the body must be UTF-8, not {charset}")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError("the body is not valid UTF-8") from None


def read_operation() -> Operation:
    """The operation of the current request; raises for anything the protocol forbids."""
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            raise UsageError("an update must be sent with POST, never GET")
        query = _single(request.args, "query")
        return Operation("query" if query is not None else None, query or "", request.args)
    mimetype = request.mimetype
    if mimetype == FORM:
        _body_text()  # the charset check
        params = CombinedMultiDict([request.form, request.args])
        query, update = _single(params, "query"), _single(params, "update")
        if query is not None and update is not None:
            raise UsageError("send either 'query' or 'update', not both")
        if query is None and update is None:
            raise UsageError("the form has no 'query' or 'update' field")
        return Operation("query" if query is not None else "update",
                         query if query is not None else update, params)
    for kind, direct in DIRECT.items():
        if mimetype == direct:
            return Operation(kind, _body_text(), request.args)
    raise UnsupportedMediaType(
        f"POST a query as {DIRECT['query']}, an update as {DIRECT['update']}, or either as "
        f"{FORM}; got {mimetype or 'no Content-Type'}")
