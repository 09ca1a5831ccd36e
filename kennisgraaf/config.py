"""One table of settings: name, default, environment variable, help."""

import os
from dataclasses import dataclass
from pathlib import Path

STORE_ENV = "KENNISGRAAF_STORE"
DEFAULT_STORE = "kennisgraaf-data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    env: str
    help: str


SETTINGS = (
    Setting("store", DEFAULT_STORE, STORE_ENV,
            "Store location: a folder (embedded Oxigraph), 'memory:' or a SPARQL endpoint URL."),
    Setting("update_endpoint", None, "KENNISGRAAF_UPDATE_ENDPOINT",
            "SPARQL Update URL of a remote store (default: the query URL with /query -> /update)."),
    Setting("token", None, "KENNISGRAAF_TOKEN",
            "Bearer token that the web app requires for every write; writing is closed without it."),
    Setting("query_timeout", 10.0, "KENNISGRAAF_QUERY_TIMEOUT",
            "Seconds a SPARQL query may run in the web app before the client gets an error."),
    Setting("max_rows", 10000, "KENNISGRAAF_MAX_ROWS", "Most result rows the web app returns."),
    Setting("max_query_length", 20000, "KENNISGRAAF_MAX_QUERY_LENGTH",
            "Longest SPARQL query text, in characters, the web app accepts."),
    Setting("max_body_bytes", 20 * 1024 * 1024, "KENNISGRAAF_MAX_BODY_BYTES",
            "Largest request body the web app accepts."),
    Setting("max_article_chars", 500_000, "KENNISGRAAF_MAX_ARTICLE_CHARS",
            "Most characters of article text one POST /api/articles may hold (extraction "
            "runs in the request: 2-4 s at the default); `kennisgraaf ingest` takes more."),
    Setting("answer_cache", 512, "KENNISGRAAF_ANSWER_CACHE",
            "Answers the web app keeps for repeated queries and questions until the next "
            "write (0: none; never kept for a remote store)."),
    Setting("service_allowlist", "", "KENNISGRAAF_SERVICE_ALLOWLIST",
            "Space-separated endpoint IRIs a query may call with SERVICE (none by default)."),
    Setting("host", "127.0.0.1", "KENNISGRAAF_HOST", "Address `kennisgraaf serve` listens on."),
    Setting("port", 8080, "KENNISGRAAF_PORT", "Port `kennisgraaf serve` listens on."),
    Setting("threads", 8, "KENNISGRAAF_THREADS", "Request threads of the web server."),
    Setting("query_workers", 4, "KENNISGRAAF_QUERY_WORKERS",
            "Processes that run /sparql queries on the embedded store (killed and replaced "
            "when a query exceeds query_timeout)."),
)


def setting(name: str) -> object:
    """The value of a setting: its environment variable if set, else its default."""
    for s in SETTINGS:
        if s.name == name:
            raw = os.environ.get(s.env)
            if raw is None:
                return s.default
            return type(s.default)(raw) if isinstance(s.default, (int, float)) else raw
    raise KeyError(name)


def default_store() -> str:
    return str(setting("store"))


def resolve_path(value: str) -> Path:
    return Path(value).expanduser()
