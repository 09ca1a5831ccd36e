"""The RDF and SPARQL-results formats kennisgraaf reads and writes, by name."""

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kennisgraaf.errors import UsageError


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    suffixes: tuple[str, ...]
    rdflib: str
    oxigraph: object
    quads: bool = False  # holds named graphs


RDF_FORMATS = {
    f.name: f
    for f in (
        Format("turtle", "text/turtle", (".ttl",), "turtle", ox.RdfFormat.TURTLE),
        Format("ntriples", "application/n-triples", (".nt",), "nt", ox.RdfFormat.N_TRIPLES),
        Format("nquads", "application/n-quads", (".nq",), "nquads", ox.RdfFormat.N_QUADS, True),
        Format("trig", "application/trig", (".trig",), "trig", ox.RdfFormat.TRIG, True),
        Format("jsonld", "application/ld+json", (".jsonld", ".json"), "json-ld",
               ox.RdfFormat.JSON_LD, True),
        Format("rdfxml", "application/rdf+xml", (".rdf", ".owl", ".xml"), "xml",
               ox.RdfFormat.RDF_XML),
    )
}

RESULT_FORMATS = {
    f.name: f
    for f in (
        Format("json", "application/sparql-results+json", (".srj", ".json"), "json",
               ox.QueryResultsFormat.JSON),
        Format("xml", "application/sparql-results+xml", (".srx", ".xml"), "xml",
               ox.QueryResultsFormat.XML),
        Format("csv", "text/csv", (".csv",), "csv", ox.QueryResultsFormat.CSV),
        Format("tsv", "text/tab-separated-values", (".tsv",), "tsv", ox.QueryResultsFormat.TSV),
    )
}

_ALIASES = {"ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples", "nq": "nquads",
            "n-quads": "nquads", "json-ld": "jsonld", "xml": "rdfxml", "rdf": "rdfxml",
            "rdf/xml": "rdfxml"}


def rdf_format(name: str) -> Format:
    """An RDF format by name or common alias ("ttl", "json-ld", ...)."""
    key = name.lower()
    key = _ALIASES.get(key, key)
    try:
        return RDF_FORMATS[key]
    except KeyError:
        raise UsageError(
            f"unknown RDF format {name!r}; use one of {', '.join(RDF_FORMATS)}") from None


def rdf_format_for_path(path: Path) -> Format:
    """The RDF format a file's suffix names."""
    suffix = path.suffix.lower()
    for fmt in RDF_FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt
    raise UsageError(
        f"{path}: cannot tell the RDF format from the suffix {suffix!r}; "
        f"pass --format ({', '.join(RDF_FORMATS)})")


def result_format(name: str) -> Format:
    try:
        return RESULT_FORMATS[name.lower()]
    except KeyError:
        raise UsageError(
            f"unknown results format {name!r}; use one of {', '.join(RESULT_FORMATS)}") from None
