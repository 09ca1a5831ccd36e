"""Entity linking in a question, against the graph's own labels.

The index holds every entity's ``rdfs:label`` and ``skos:altLabel`` (plus English
and Dutch country names from ISO 3166 for the countries the graph holds) and is
loaded once per store and read again only after the store changed. A name is found
exactly, with its spaces and hyphens ignored ("Hammer HAI" = "HammerHAI"), as the
first words of a longer label ("LUMI" -> "LUMI AI Factory"), or fuzzily ("Tsjechie",
one typo in a long name). Several entities for one name come back as candidates, best first.
"""

from __future__ import annotations

import difflib
import gettext
import re
import threading
import time
import unicodedata
import weakref
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import pycountry
from rdflib import URIRef

from kennisgraaf.graph.remote_backend import RemoteStore
from kennisgraaf.graph.store import GraphStore

MAX_NGRAM = 7
FUZZY_MIN_CHARS = 5  # shorter names only match exactly: "Meta" must not match "Mega"
FUZZY_CUTOFF = 0.86
FUZZY_MAX_WORDS = 3
RECHECK_SECONDS = 2.0  # how often an index of a remote store asks whether others wrote

# Three plain scans rather than one join: the union of the article graphs repeats an
# entity's type and labels once per article, and a join of the two would square that.
_TYPES = """SELECT DISTINCT ?e ?type WHERE { ?e a ?type .
  FILTER(STRSTARTS(STR(?type), STR(kg:)) && ?type != kg:Fact && ?type != kg:Investment) }"""
_LABELS = "SELECT DISTINCT ?e ?name WHERE { ?e rdfs:label ?name }"
_ALT_LABELS = "SELECT DISTINCT ?e ?name WHERE { ?e skos:altLabel ?name }"
# Ingest writes or removes an article with its text hash: every hash, in one short
# digest. Inside GRAPH rather than over the union default graph: 70 ms instead of
# 420 ms at 10,000 articles (embedded Oxigraph; a different order only rebuilds).
_FINGERPRINT = """SELECT (COUNT(?h) AS ?n) (MD5(GROUP_CONCAT(?h; separator=" ")) AS ?digest)
WHERE { GRAPH ?a { ?a kg:textHash ?h } }"""


def fold(text: str) -> str:
    """Lower case, accents stripped, possessive 's dropped: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"(?<=\w)['’]s?\b", "", text)


def tokens(text: str) -> list[str]:
    """Word tokens of folded text; hyphens and punctuation split ("AI-fabriek" -> ai, fabriek)."""
    return re.findall(r"[a-z0-9]+", fold(text))


@dataclass
class Entity:
    iri: URIRef
    type: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> rdfs:label
    names: set[str] = field(default_factory=set)  # every label and altLabel as written

    def label(self, lang: str = "nl") -> str:
        """The label in ``lang``, else Dutch, else any."""
        for key in (lang, "nl", "en", ""):
            if key in self.labels:
                return self.labels[key]
        return next(iter(self.labels.values()), None) or min(self.names, default=str(self.iri))


@dataclass(frozen=True)
class Match:
    """Entities a span of question tokens names.

    ``entities`` match the span as a whole name (``exact`` false when only fuzzily);
    ``others`` are longer names the span begins ("LUMI" -> "LUMI AI Factory").
    """

    start: int
    end: int
    text: str
    entities: tuple[Entity, ...]
    exact: bool
    others: tuple[Entity, ...] = ()

    def all(self) -> tuple[Entity, ...]:
        return self.entities + self.others


class LabelIndex:
    """Every entity by its folded names, token-wise and with spaces squeezed out."""

    def __init__(self, entities: dict[URIRef, Entity]) -> None:
        self.entities = entities
        self.by_key: dict[str, set[URIRef]] = {}  # "hammerhai" -> iris
        self.by_head: dict[str, set[URIRef]] = {}  # first token -> iris of multi-word names
        self.heads: dict[URIRef, set[tuple[str, ...]]] = {}
        for iri, e in entities.items():
            for name in e.names | _country_names(e):
                toks = tuple(tokens(name))
                if not toks:
                    continue
                self.by_key.setdefault("".join(toks), set()).add(iri)
                if len(toks) > 1:
                    self.by_head.setdefault(toks[0], set()).add(iri)
                    self.heads.setdefault(iri, set()).add(toks)
        self._generic: frozenset[str] = frozenset()
        self._buckets: dict[tuple[str, int], list[str]] = {}  # (first letter, length) -> keys
        for key in self.by_key:
            if len(key) >= FUZZY_MIN_CHARS:
                self._buckets.setdefault((key[0], len(key)), []).append(key)

    def find(self, words: list[str], skip: set[str],
             generic: frozenset[str] = frozenset()) -> list[Match]:
        """Entity mentions in ``words`` (folded tokens), longest first, not overlapping.

        A span made only of ``skip`` words (question and relation words) names nothing.
        A word also names the longer names it begins when they only add ``generic``
        words to it ("LUMI" -> "LUMI AI Factory").
        """
        self._generic = generic
        found: list[Match] = []
        i = 0
        while i < len(words):
            m = self._at(words, i, skip)
            if m is None:
                i += 1
                continue
            found.append(m)
            i = m.end
        return found

    def _at(self, words: list[str], i: int, skip: set[str]) -> Match | None:
        top = min(len(words), i + MAX_NGRAM)
        for j in range(top, i, -1):  # exact, longest span first
            span = words[i:j]
            if all(w in skip for w in span):
                continue
            key = "".join(span)
            if len(key) < 2 or key.isdigit():
                continue
            if key in self.by_key:
                heads = self._heads(words[i]) - self.by_key[key] if j == i + 1 else set()
                return self._match(i, j, span, self.by_key[key], True, heads)
        for j in range(min(top, i + FUZZY_MAX_WORDS), i, -1):  # fuzzy: a typo in a name
            span = words[i:j]
            key = "".join(span)
            if len(key) < FUZZY_MIN_CHARS or all(w in skip for w in span) or span[-1] in skip:
                continue
            near = [k for n in range(len(key) - 2, len(key) + 3)
                    for k in self._buckets.get((key[0], n), ())]
            close = difflib.get_close_matches(key, near, 3, FUZZY_CUTOFF)
            if close:
                iris = set().union(*(self.by_key[c] for c in close))
                return self._match(i, j, span, iris, False)
        w = words[i]
        heads = self._heads(w) if w not in skip and len(w) >= 3 else set()
        if heads:  # "LUMI" -> "LUMI AI Factory"
            return self._match(i, i + 1, [w], set(), False, heads)
        return None

    def _heads(self, word: str) -> set[URIRef]:
        return {iri for iri in self.by_head.get(word, ())
                if any(all(t in self._generic for t in toks[1:]) for toks in self.heads[iri]
                       if toks[0] == word)}

    def _match(self, i: int, j: int, span: list[str], iris: set[URIRef], exact: bool,
               heads: set[URIRef] = frozenset()) -> Match:
        def ordered(xs: set[URIRef]) -> tuple[Entity, ...]:
            return tuple(sorted((self.entities[x] for x in xs), key=lambda e: str(e.iri)))
        return Match(i, j, " ".join(span), ordered(iris), exact, ordered(heads))


def _country_names(e: Entity) -> set[str]:
    """Other names of the entity: the extraction gazetteer's aliases (English names,
    adjectives: "European Commission", "Dutch") and, for countries, ISO 3166 names."""
    known = _gazetteer()
    out: set[str] = set()
    for name in e.names:
        out |= known.get((e.type, "".join(tokens(name))), set())
    if e.type == "Country":
        out |= _iso_names().get(fold(e.label("nl")), set())
    return out


@cache
def _gazetteer() -> dict[tuple[str, str], set[str]]:
    """(type, squeezed name) -> every name of that gazetteer entry (ingest's data files)."""
    folder = files("kennisgraaf.ingest").joinpath("data").joinpath("gazetteer")
    out: dict[tuple[str, str], set[str]] = {}
    for name in ("names.tsv", "places.tsv", "countries.tsv"):
        try:
            text = folder.joinpath(name).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            continue  # the questions still work on the graph's own labels
        lines = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
        header = lines[0]
        for cells in lines[1:]:
            row = dict(zip(header, cells))
            etype = row.get("type", "Country")
            names = {n.strip() for col in ("label", "aliases", "names", "adjectives")
                     for n in row.get(col, "").split("|") if n.strip()}
            for n in names:
                out.setdefault((etype, "".join(tokens(n))), set()).update(names)
    return out


@cache
def _iso_names() -> dict[str, set[str]]:
    nl = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    out: dict[str, set[str]] = {}
    for c in pycountry.countries:
        names = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
        dutch = {nl.gettext(n) for n in names}
        for d in dutch:
            out.setdefault(fold(d), set()).update(names | dutch)
    return out


@dataclass
class _Entry:
    index: LabelIndex
    generation: int  # the store's write stamp when the index was read
    fingerprint: tuple  # a remote store's articles then (() for the others)
    checked: float  # when the fingerprint was last compared


class _Cache:
    """One label index per open store, read again only after the store changed.

    A store object stamps its own writes (``GraphStore.generation``): the embedded and
    in-memory stores are only written through it, and a read-only snapshot never
    changes, so comparing stamps costs nothing. Others may write to a remote store,
    so there the articles' fingerprint is also compared, at most every RECHECK_SECONDS.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_store: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get(self, store: GraphStore) -> LabelIndex:
        with self._lock:
            generation = store.generation  # read first: a write while loading changes it
            entry = self._by_store.get(store)
            remote = isinstance(store, RemoteStore)
            if entry is not None and entry.generation == generation:
                if not remote or time.monotonic() - entry.checked < RECHECK_SECONDS:
                    return entry.index
                fingerprint = _fingerprint(store)
                entry.checked = time.monotonic()
                if fingerprint == entry.fingerprint:
                    return entry.index
            else:
                fingerprint = _fingerprint(store) if remote else ()
            index = load_index(store)
            self._by_store[store] = _Entry(index, generation, fingerprint, time.monotonic())
            return index

    def clear(self) -> None:
        with self._lock:
            self._by_store.clear()


def _fingerprint(store: GraphStore) -> tuple:
    row = store.query(_FINGERPRINT).rows
    return tuple(str(t) for t in row[0]) if row else ()


def load_index(store: GraphStore) -> LabelIndex:
    entities = {iri: Entity(iri, str(t).rsplit("#", 1)[-1])
                for iri, t in store.query(_TYPES).rows}
    for iri, name in store.query(_LABELS).rows:
        if iri in entities:
            entities[iri].names.add(str(name))
            entities[iri].labels.setdefault(getattr(name, "language", None) or "", str(name))
    for iri, name in store.query(_ALT_LABELS).rows:
        if iri in entities:
            entities[iri].names.add(str(name))
    entities = {iri: e for iri, e in entities.items() if e.names}
    return LabelIndex(entities)


_CACHE = _Cache()


def label_index(store: GraphStore) -> LabelIndex:
    """The store's label index, loaded on first use and again after the store changes."""
    return _CACHE.get(store)


def clear_cache() -> None:
    """Forget every loaded index (after writing to a store, say)."""
    _CACHE.clear()

