"""The canned queries: ``rq/*.rq`` files with a ``#+`` header, as grlc keeps them.

A header holds ``id``, ``summary_nl``, ``summary_en``, ``answer`` (entities, value,
count or table) and ``params``: a list of ``name`` with ``type`` (an entity type
such as ``AIFactory``, several joined by ``|``, or a literal type: ``string``,
``integer``, ``boolean``, ``article``) and an optional ``default``. Parameters are
bound with ``bindings=``: a query never sees its parameters as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kennisgraaf.errors import UsageError
from kennisgraaf.ontology.iris import article_iri
from kennisgraaf.ontology.namespace import ENTITY_TYPES
from kennisgraaf.queries.lookup import LabelIndex, tokens

ANSWER_TYPES = ("entities", "value", "count", "table")
FINAL_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.IGNORECASE)
LITERAL_TYPES = {"string": None, "integer": XSD.integer, "boolean": XSD.boolean, "article": None}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None

    @property
    def entity_types(self) -> frozenset[str]:
        return frozenset(t for t in self.type.split("|") if t in ENTITY_TYPES)


@dataclass(frozen=True)
class CannedQuery:
    id: str
    summary_nl: str
    summary_en: str
    answer: str
    params: tuple[Param, ...]
    sparql: str
    header: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def limit(self) -> int | None:
        """The cap of the query's final ``LIMIT`` (the answers it returns at most), if any."""
        m = FINAL_LIMIT.search(self.sparql)
        return int(m.group(1)) if m else None

    def summary(self, lang: str = "nl", params: dict[str, str] | None = None) -> str:
        """The phrasing in ``lang``, with the given parameters filled in."""
        text = self.summary_en if lang == "en" else self.summary_nl
        for name, value in (params or {}).items():
            text = text.replace("{" + name + "}", value)
        return text


def parse_header(text: str, name: str = "<query>") -> dict:
    """The ``#+`` lines of a query as a dict; ``params`` as a list of dicts."""
    header: dict = {}
    current: dict | None = None
    for line in text.splitlines():
        if not line.startswith("#+"):
            continue
        body = line[2:]
        stripped = body.strip()
        if not stripped:
            continue
        if stripped.startswith("- "):
            if "params" not in header:
                raise UsageError(f"{name}: a list item outside 'params:'")
            current = {}
            header["params"].append(current)
            stripped = stripped[2:]
        key, sep, value = stripped.partition(":")
        if not sep:
            raise UsageError(f"{name}: header line '{line}' is not 'key: value'")
        key, value = key.strip(), value.strip()
        if body.startswith("  ") and current is not None:
            current[key] = value
        elif key == "params":
            header["params"], current = [], None
        else:
            header[key], current = value, None
    return header


def parse_query(text: str, name: str) -> CannedQuery:
    h = parse_header(text, name)
    missing = [k for k in ("id", "summary_nl", "summary_en", "answer") if not h.get(k)]
    if missing:
        raise UsageError(f"{name}: the header lacks {', '.join(missing)}")
    if h["answer"] not in ANSWER_TYPES:
        raise UsageError(f"{name}: answer must be one of {', '.join(ANSWER_TYPES)}")
    params = []
    for p in h.get("params", []):
        if "name" not in p or "type" not in p:
            raise UsageError(f"{name}: every parameter needs a name and a type")
        types = p["type"].split("|")
        if not all(t in ENTITY_TYPES or t in LITERAL_TYPES for t in types):
            raise UsageError(f"{name}: parameter {p['name']} has an unknown type {p['type']}")
        params.append(Param(p["name"], p["type"], p.get("default")))
    body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#+")).strip()
    return CannedQuery(h["id"], h["summary_nl"], h["summary_en"], h["answer"], tuple(params),
                       body, h)


@cache
def load_catalogue() -> dict[str, CannedQuery]:
    """Every canned query of the package, by id."""
    out: dict[str, CannedQuery] = {}
    folder = files("kennisgraaf.queries").joinpath("rq")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".rq"):
            continue
        q = parse_query(item.read_text(encoding="utf-8"), item.name)
        if q.id in out:
            raise UsageError(f"{item.name}: id {q.id} is used twice")
        out[q.id] = q
    return out


def bind_params(query: CannedQuery, given: dict[str, str], index: LabelIndex):
    """The query's parameters as RDF terms, or a Refusal naming what is wrong."""
    from kennisgraaf.queries.schema import Refusal
    bound: dict[str, Node] = {}
    for p in query.params:
        raw = given.get(p.name, p.default)
        if raw is None:
            raise UsageError(f"query {query.id} needs --param {p.name}=... ({p.type})")
        if p.entity_types:
            term = _entity(raw, p, index)
            if isinstance(term, Refusal):
                return term
            bound[p.name] = term
        elif p.type == "article":
            bound[p.name] = article_iri(raw)
        elif p.type == "string":
            bound[p.name] = Literal(raw)
        elif p.type == "boolean":
            bound[p.name] = Literal(raw.lower() in ("true", "1", "ja", "yes", "waar"))
        else:
            try:
                bound[p.name] = Literal(int(raw), datatype=XSD.integer)
            except ValueError:
                raise UsageError(f"parameter {p.name} must be a whole number, not {raw!r}") from None
    return bound


def _entity(raw: str, p: Param, index: LabelIndex):
    """An entity given by IRI or by name (fuzzy, as in questions), of the parameter's types."""
    from kennisgraaf.queries.schema import Refusal
    if raw.startswith(("http://", "https://")):
        return URIRef(raw)
    from kennisgraaf.queries.parse import generic_words
    words = tokens(raw)
    matches = [m for m in index.find(words, set(), generic_words()) if m.start == 0]
    if not matches:
        return Refusal(f"the graph knows no {p.type.replace('|', ' or ')} called '{raw}'")
    m = matches[0]
    fits = [e for e in m.entities if e.type in p.entity_types] or \
        [e for e in m.others if e.type in p.entity_types]
    if not fits:
        return Refusal(f"'{raw}' is not a {p.type.replace('|', ' or ')} in the graph")
    if len({e.iri for e in fits}) > 1:
        return Refusal(f"'{raw}' can mean several things; name one", fits)
    return fits[0].iri
