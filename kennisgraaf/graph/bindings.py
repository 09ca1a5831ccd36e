"""Pre-binding query variables as a VALUES block at the top of the WHERE clause.

The terms are written by Oxigraph's serialiser (escaped, typed), never pasted as
text, so a parameter cannot change the query's shape. Placing the block first in
the WHERE clause lets the optimiser start its joins from the bound values.
"""

import re
from collections.abc import Mapping

from oxrdflib._converter import to_ox
from rdflib.term import Node

from kennisgraaf.errors import QueryError

# Strings, IRIs and comments, whose braces and keywords must be skipped.
_SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)


def inline_bindings(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """``sparql`` with ``VALUES (?a ...) { (t ...) }`` opening its WHERE clause."""
    if not bindings:
        return sparql
    at = _where_brace(sparql)
    if at is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    names = list(bindings)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
            raise QueryError(f"bad parameter name {n!r}")
    terms = " ".join(str(to_ox(bindings[n])) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }} "
    return sparql[: at + 1] + block + sparql[at + 1:]


def _where_brace(sparql: str) -> int | None:
    """Offset of the brace that opens the WHERE clause, outside strings and IRIs."""
    masked = _SKIP.sub(lambda m: " " * len(m.group()), sparql)
    where = _WHERE.search(masked)
    start = where.end() if where else _form_end(masked)
    if start is None:
        return None
    brace = masked.find("{", start)
    return brace if brace >= 0 else None


def _form_end(masked: str) -> int | None:
    """Where the query form keyword ends, for queries that leave out WHERE."""
    m = re.search(r"\b(SELECT|ASK|DESCRIBE)\b", masked, re.IGNORECASE)
    return m.end() if m else None
