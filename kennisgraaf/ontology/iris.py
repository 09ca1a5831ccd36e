"""Stable, readable IRIs for entities, articles, facts and values."""

import hashlib
import json
import re
import unicodedata

from rdflib import URIRef

from kennisgraaf.ontology.namespace import ARTICLE, FACT, ID, VALUE

# Letters that Unicode does not decompose into a base letter and an accent.
_TRANSLITERATE = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l",
                                "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "TH", "œ": "oe",
                                "Œ": "OE", "ı": "i"})


def slug(text: str) -> str:
    """Lower-case, accent-free, hyphenated form of ``text`` ("Tsjechië" -> "tsjechie")."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def entity_iri(entity_type: str, canonical_label: str) -> URIRef:
    return ID[f"{entity_type.lower()}/{slug(canonical_label)}"]


def article_iri(article_id: str) -> URIRef:
    """The article's IRI, which is also the name of its graph."""
    return ARTICLE[slug_id(article_id)]


def slug_id(article_id: str) -> str:
    """An article id made safe for an IRI path segment, kept readable."""
    return re.sub(r"[^A-Za-z0-9._~-]+", "-", article_id).strip("-") or "article"


def _digest(*parts: object) -> str:
    payload = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def fact_iri(article_id: str, s: object, p: object, o: object) -> URIRef:
    return FACT[f"{slug_id(article_id)}/{_digest(s, p, o)}"]


def value_iri(value: object) -> URIRef:
    """Named by content alone (its subject, predicate, amount, target...): every article
    that states the same money fact shares the node, so the store's de-duplicated
    default graph holds it once."""
    return VALUE[_digest(value)]
