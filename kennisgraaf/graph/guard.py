"""The checks every SPARQL text passes before any backend sees it.

Both engines behind the store have a network client: pyoxigraph and rdflib
both call any ``SERVICE`` endpoint and fetch ``LOAD <url>`` (rdflib also reads
``file:`` IRIs), so a query would let whoever writes it make this machine open
connections. And Oxigraph's parser recurses once per nesting level: a query
nested a few thousand groups deep overflows the stack and kills the process
(a segmentation fault, no exception). The text is checked on its tokens, after
SPARQL's ``\\uXXXX`` escapes are expanded as the parsers expand them.
"""

import re
from collections.abc import Iterable

from kennisgraaf.config import setting
from kennisgraaf.errors import QueryError

MAX_NESTING = 200  # brackets and "!" deep; Oxigraph's parser overflows at about 2,500

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(r"""
    (?P<skip>\#[^\n]*|\s+
       |'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
       |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<word>[?$]?[\w.:%-]+)
    |(?P<char>.)
""", re.VERBOSE | re.DOTALL)
_OPEN, _CLOSE = "{([", "})]"


def check_sparql(text: str, *, update: bool = False, allowed: Iterable[str] | None = None) -> None:
    """Raise QueryError if ``text`` nests too deep, calls a SERVICE outside the
    allow-list (``allowed``, else the service_allowlist setting), or (in an update)
    LOADs anything."""
    allowed = set(str(setting("service_allowlist") or "").split() if allowed is None
                  else allowed)
    # Read twice: with the escapes expanded, as rdflib's parser reads the text, and as
    # written, as Oxigraph's does (it expands them only inside IRIs and strings, so
    # "a\u0022b" is one string to it but ends early once expanded).
    expanded = _ESCAPE.sub(lambda m: _char(m.group(1) or m.group(2)), text)
    for reading in {text, expanded}:
        _check(reading, update, allowed)


def _check(text: str, update: bool, allowed: set[str]) -> None:
    depth = bangs = 0  # open brackets; "!" in a row (each one a level in the parser)
    service = False  # the previous keyword was SERVICE (or SERVICE SILENT)
    for m in _TOKEN.finditer(text):
        kind, token = m.lastgroup, m.group()
        if kind == "skip":
            continue
        if service and not (kind == "word" and token.upper() == "SILENT"):
            service = False
            if kind != "iri" or token[1:-1] not in allowed:
                listed = " ".join(sorted(allowed)) or "empty"
                raise QueryError(f"SERVICE {token[:200]} is not allowed: a query may only call "
                                 "endpoints listed as full IRIs in KENNISGRAAF_SERVICE_ALLOWLIST "
                                 f"({listed})")
        bangs = bangs + 1 if token == "!" else 0
        if kind == "word":
            keyword = token.upper()
            service = keyword == "SERVICE" or (service and keyword == "SILENT")
            if update and keyword == "LOAD":
                raise QueryError("LOAD is refused: the store never fetches URLs or reads files "
                                 "for a query; download the data and use 'kennisgraaf load FILE'")
        elif token in _OPEN:
            depth += 1
        elif token in _CLOSE:
            depth = max(depth - 1, 0)
        if depth + bangs > MAX_NESTING:
            raise QueryError(f"the query nests more than {MAX_NESTING} levels deep "
                             "(groups, brackets, negations); flatten it")
    if service:
        raise QueryError("SERVICE without an endpoint IRI is not allowed")


def _char(hex_digits: str) -> str:
    try:
        return chr(int(hex_digits, 16))
    except ValueError:
        return "\ufffd"
