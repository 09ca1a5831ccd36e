"""Content negotiation: the ``format`` parameter first, then the Accept header."""

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kennisgraaf.errors import KennisgraafError
from kennisgraaf.graph.formats import RDF_FORMATS, RESULT_FORMATS


class NotAcceptable(KennisgraafError):
    status = 406


# Each format's own media type first, then what common clients also send for it.
_EXTRA = {
    "json": ["application/json", "text/javascript", "application/javascript"],
    "xml": ["application/xml", "text/xml"],
    "turtle": ["application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3"],
    "ntriples": ["text/plain"],
    "jsonld": ["application/json", "application/x-json+ld"],
    "rdfxml": ["application/xml", "text/xml"],
}
_NAMES = {"ttl": "turtle", "n3": "turtle", "nt": "ntriples", "n-triples": "ntriples",
          "nq": "nquads", "n-quads": "nquads", "json-ld": "jsonld", "rdf": "rdfxml",
          "rdf+xml": "rdfxml", "rdf/xml": "rdfxml", "srj": "json", "srx": "xml"}
RESULT_NAMES = {"SELECT": ("json", "xml", "csv", "tsv"), "ASK": ("json", "xml")}
GRAPH_NAMES = tuple(RDF_FORMATS)


def media_type(name: str) -> str:
    f = RESULT_FORMATS.get(name) or RDF_FORMATS[name]
    return f.media_type


def content_type(name: str) -> str:
    mt = media_type(name)
    return mt + "; charset=utf-8" if mt.startswith("text/") or "json" in mt or "xml" in mt else mt


def negotiate(names: tuple[str, ...], accept: str, fmt: str | None) -> str:
    """The format name to answer in, out of ``names`` (the first is the default), for the
    ``format`` parameter or else the Accept header ``accept``."""
    graph = names[0] in RDF_FORMATS
    if fmt:
        key = fmt.strip().lower()
        for name in names:
            if key == media_type(name) or key in _EXTRA.get(name, ()):
                return name
        key = _NAMES.get(key, key)
        if graph and key in ("json", "xml"):
            key = {"json": "jsonld", "xml": "rdfxml"}[key]
        if key in names:
            return key
        raise NotAcceptable(f"format {fmt!r} is not available for this result; "
                            f"use one of {', '.join(names)}")
    if not accept.strip():
        return names[0]
    name = _accepted(names, accept)
    if name is None:
        offered = ", ".join(media_type(n) for n in names)
        raise NotAcceptable(f"cannot answer in any type the Accept header asks for; "
                            f"this result is available as {offered}")
    return name


@lru_cache(maxsize=256)
def _accepted(names: tuple[str, ...], accept: str) -> str | None:
    # Remembered per header: a client sends the same one with every request, and parsing
    # and matching it was a fifth of a cached answer's time.
    candidates = [(mt, name) for name in names for mt in [media_type(name), *_EXTRA.get(name, ())]]
    best = parse_accept_header(accept, MIMEAccept).best_match([mt for mt, _ in candidates])
    return None if best is None else next(name for mt, name in candidates if mt == best)
