"""What a public endpoint refuses before any query runs: over-long text, and what
the store's guard refuses (deep nesting, LOAD, SERVICE calls outside the
allow-list), checked here too because the query workers run pyoxigraph directly.

Body size is Flask's ``MAX_CONTENT_LENGTH``; the row cap and the time limit
are applied where queries run (execute.py, runner.py).
"""

from kennisgraaf.errors import QueryError
from kennisgraaf.graph.guard import check_sparql


def allowlist(settings: dict) -> frozenset[str]:
    return frozenset(str(settings.get("service_allowlist") or "").split())


def check_text(text: str, settings: dict, *, what: str = "query") -> None:
    """Refuse ``text`` when it is too long or fails the store's guard."""
    limit = int(settings["max_query_length"])
    if len(text) > limit:
        raise QueryError(f"the {what} is {len(text)} characters long; this server accepts at "
                         f"most {limit} (setting max_query_length)")
    check_sparql(text, update=what == "update", allowed=allowlist(settings))
