"""What a public endpoint refuses before any work starts: over-long text, and what
the store's guard refuses (deep nesting, LOAD, SERVICE calls outside the
allow-list), checked here too because the query workers run pyoxigraph directly;
and more article text than a request thread should spend its time extracting.

Body size is Flask's ``MAX_CONTENT_LENGTH``; the row cap and the time limit
are applied where queries run (execute.py, runner.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kennisgraaf.errors import QueryError, TooLarge
from kennisgraaf.graph.guard import check_sparql

if TYPE_CHECKING:  # the reader and its imports load on the first upload, not at start
    from kennisgraaf.ingest.reader import Article


def allowlist(settings: dict) -> frozenset[str]:
    return frozenset(str(settings.get("service_allowlist") or "").split())


def check_text(text: str, settings: dict, *, what: str = "query") -> None:
    """Refuse ``text`` when it is too long or fails the store's guard."""
    limit = int(settings["max_query_length"])
    if len(text) > limit:
        raise QueryError(f"the {what} is {len(text)} characters long; this server accepts at "
                         f"most {limit} (setting max_query_length)")
    check_sparql(text, update=what == "update", allowed=allowlist(settings))


def check_article_body(raw: bytes, settings: dict) -> None:
    """Refuse a body the reader would refuse for its size anyway, before reading it."""
    from kennisgraaf.ingest.reader import MAX_BYTES

    if len(raw) > MAX_BYTES:
        raise TooLarge(_too_much(f"the body is {len(raw):,} bytes", settings))


def check_articles(articles: Sequence[Article], settings: dict) -> None:
    """Refuse more article text than the API extracts in one request.

    Extraction runs in the request thread at about 4 s per million characters
    (docs/web.md), so the setting bounds how long one upload holds a thread.
    """
    size = sum(len(a.text) for a in articles)
    if size > int(settings["max_article_chars"]):
        raise TooLarge(_too_much(f"the body holds {size:,} characters of article text",
                                 settings))


def _too_much(what: str, settings: dict) -> str:
    from kennisgraaf.ingest.reader import MAX_BYTES

    limit = int(settings["max_article_chars"])
    return (f"{what}; this server takes at most {limit:,} characters of article text per "
            "request (setting max_article_chars). Send fewer articles at a time, or ingest "
            "larger files on the command line with `kennisgraaf ingest FILE` (up to "
            f"{MAX_BYTES // (1024 * 1024)} MB per file; stop the server first, it holds the "
            "store)")
