"""Pre-binding query variables as VALUES blocks (never string substitution).

The terms are written by Oxigraph's serialiser (escaped, typed), never pasted as
text, so a parameter cannot change the query's shape. The block opens the WHERE
clause, so that the optimiser starts its joins from the bound values, and it also
opens every sub-select that projects a bound variable: a sub-select is evaluated
on its own, so without the block it would read every entity's triples before the
outer join kept one entity's. That is what lets a query fold the duplicates of
the article graphs (``SELECT DISTINCT`` in a sub-select) before it joins further.
The result is the same: a sub-select's projected variable meets the bound value
in the outer join anyway.
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
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def inline_bindings(sparql: str, bindings: Mapping[str, Node] | None) -> str:
    """``sparql`` with ``VALUES (?a ...) { (t ...) }`` opening its WHERE clause and
    every sub-select that projects some of the bound variables."""
    if not bindings:
        return sparql
    names = list(bindings)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
            raise QueryError(f"bad parameter name {n!r}")
    masked = _SKIP.sub(lambda m: " " * len(m.group()), sparql)
    at = _where_brace(masked)
    if at is None:
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    inserts = {at: _block(names, bindings)}
    for m in _SELECT.finditer(masked):
        brace = masked.find("{", m.end())  # a projection holds no braces
        if brace <= at:  # the query's own form
            continue
        projection = masked[m.end():brace]
        used = [n for n in names if "*" in projection
                or re.search(rf"[?$]{n}\b", projection)]
        if used:
            inserts[brace] = _block(used, bindings)
    out = sparql
    for brace in sorted(inserts, reverse=True):
        out = out[: brace + 1] + inserts[brace] + out[brace + 1:]
    return out


def _block(names: list[str], bindings: Mapping[str, Node]) -> str:
    terms = " ".join(str(to_ox(bindings[n])) for n in names)
    return f" VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }} "


def _where_brace(masked: str) -> int | None:
    """Offset of the brace that opens the query's own WHERE clause: the first brace
    after the query form, or after WHERE for CONSTRUCT (whose template comes first)."""
    form = _FORM.search(masked)
    if form is None:
        return None
    begin = form.end()
    if form.group(1).upper() == "CONSTRUCT":
        where = _WHERE.search(masked, begin)
        begin = where.end() if where else begin
    brace = masked.find("{", begin)
    return brace if brace >= 0 else None
