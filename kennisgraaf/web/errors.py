"""One error shape for every JSON answer: {"error": {"status": 400, "message": "..."}}."""

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kennisgraaf.errors import KennisgraafError


def error_response(status: int, message: str) -> Response:
    if request.blueprint == "pages" and request.accept_mimetypes.accept_html:
        html = render_template("error.html", status=status, message=message)
        return Response(html, status=status, mimetype="text/html")
    response = jsonify({"error": {"status": status, "message": message}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="kennisgraaf"'
    return response


def register(app: Flask) -> None:
    @app.errorhandler(KennisgraafError)
    def _ours(exc: KennisgraafError) -> Response:
        return error_response(exc.status, str(exc))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        message = exc.description or exc.name
        if exc.code == 413:
            limit = app.config["MAX_CONTENT_LENGTH"]
            message = (f"the request body is over this server's limit of {limit:,} bytes "
                       "(setting max_body_bytes); send less at a time")
        response = error_response(exc.code or 500, message)
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        app.logger.exception("unexpected error")
        return error_response(500, f"internal error ({type(exc).__name__}); see the server log")
