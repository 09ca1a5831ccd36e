"""The one exception hierarchy. Every message tells the user what to do next."""


class KennisgraafError(Exception):
    """Base of every error kennisgraaf raises on purpose.

    ``status`` is the HTTP status the web app answers with; the CLI prints the
    message on one line and exits non-zero.
    """

    status = 500


class UsageError(KennisgraafError):
    """The user asked for something that cannot be done as asked."""

    status = 400


class TooLarge(UsageError):
    """An input over a size limit of the web app (the CLI takes it)."""

    status = 413


class StoreError(KennisgraafError):
    """The store cannot be opened, read or written."""

    status = 503


class StoreNotFound(StoreError):
    status = 404


class StoreLocked(StoreError):
    """Another process holds the embedded store."""

    status = 409


class QueryError(KennisgraafError):
    """A SPARQL query or update that is malformed or not allowed."""

    status = 400


class QueryTimeout(QueryError):
    status = 503


class RDFParseError(KennisgraafError):
    """An RDF file that cannot be read."""

    status = 400


class ArticleError(KennisgraafError):
    """An article that cannot be read or analysed."""

    status = 422


class ValidationFailed(KennisgraafError):
    """The graph does not conform to the SHACL shapes."""

    status = 422


class AuthError(KennisgraafError):
    status = 401


class NotFound(KennisgraafError):
    status = 404


class WriteForbidden(AuthError):
    """Writing is switched off (the web app has no token configured)."""

    status = 403
