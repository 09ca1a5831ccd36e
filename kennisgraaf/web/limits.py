"""What a public endpoint refuses before any query runs: over-long text and
SERVICE or LOAD calls to hosts outside the allow-list (empty by default).

Body size is Flask's ``MAX_CONTENT_LENGTH``; the row cap and the time limit
are applied where queries run (execute.py, runner.py).
"""

import re

from kennisgraaf.errors import QueryError
from kennisgraaf.ontology.namespace import PREFIXES
from kennisgraaf.web.sparql_text import mask, service_targets

_LOAD = re.compile(r"(?<![?$:\w])LOAD\s+(?:SILENT\s+)?(<[^>\s]*>|\S+)", re.IGNORECASE)


def allowlist(settings: dict) -> frozenset[str]:
    return frozenset(str(settings.get("service_allowlist") or "").split())


def check_text(text: str, settings: dict, *, what: str = "query") -> None:
    """Refuse ``text`` when it is too long or would call an endpoint not allowed."""
    limit = int(settings["max_query_length"])
    if len(text) > limit:
        raise QueryError(f"the {what} is {len(text)} characters long; this server accepts at "
                         f"most {limit} (setting max_query_length)")
    allowed = allowlist(settings)
    for target in service_targets(text, PREFIXES):
        if target is None:
            raise QueryError("SERVICE needs a literal endpoint IRI here; variable or unknown "
                             "endpoints are refused")
        if target not in allowed:
            raise QueryError(f"SERVICE <{target}> is not allowed: this server calls no other "
                             "endpoints unless they are in its service_allowlist setting")
    for m in _LOAD.finditer(mask(text, iris=False)):
        source = m.group(1).strip("<>")
        if source not in allowed:
            raise QueryError(f"LOAD <{source}> is not allowed: this server fetches nothing "
                             "from the network unless it is in its service_allowlist setting")
