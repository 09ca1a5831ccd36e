"""The "kg_sentences" component: rule-based sentence boundaries.

A sentence ends at ``.``, ``!`` or ``?`` before a word that starts with a capital,
digit or quote, and at every line break, so that headings and table rows
("Finland | Kajaani | ...") are sentences of their own. Boundaries are found with
one regular expression over the text and set in one array write, not token by token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

# the first visible character after a line break, or after an end mark and a space
BOUNDARY = re.compile(r"\n\s*(?=\S)|[.!?][\"'’”)]*\s+(?=[\d\"'‘“„(\-–—•*]|[^\W\d_])")


@Language.factory("kg_sentences", default_config={})
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    """Build the component (no settings)."""
    return SentenceSplitter()


class SentenceSplitter:
    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        text = text_of(doc)
        idx = doc.to_array("IDX")
        starts = numpy.full(len(doc), -1, dtype="int32")
        starts[0] = 1
        chars = numpy.array(list(_starts(text)), dtype=idx.dtype)
        at = numpy.searchsorted(idx, chars)  # the token at each, if one starts there
        inside = at < len(doc)
        at, chars = at[inside], chars[inside]
        starts[at[idx[at] == chars]] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
        doc.user_data["kg_bounds"] = numpy.flatnonzero(starts == 1).tolist()  # read twice later
        return doc


def _starts(text: str) -> Iterator[int]:
    """Character offsets where a sentence starts."""
    for match in BOUNDARY.finditer(text):
        pos = match.end()
        if text[match.start()] == "\n" or text[pos].isupper() or not text[pos].isalpha():
            yield pos  # not after ". kleine letter"


def sentence_bounds(doc: Doc) -> list[int]:
    """Token offsets where sentences start: those "kg_sentences" set (callers must not
    change the list), else read from the doc's array."""
    bounds = doc.user_data.get("kg_bounds")
    if bounds is None:
        bounds = numpy.flatnonzero(doc.to_array("SENT_START").astype("int64") == 1).tolist()
    return bounds or [0]


def text_of(doc: Doc) -> str:
    """``doc.text``, joined once: spaCy rebuilds it from the tokens at every access."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def token_strings(doc: Doc, attr: str) -> list[str]:
    """Each token's string of ``attr`` ("ORTH" or "LOWER"), read once per doc from the
    attribute array: a Token object per token costs many times more."""
    key = f"kg_{attr}"
    strings = doc.user_data.get(key)
    if strings is None:
        hashes = doc.to_array(attr).tolist()
        missing = set(hashes).difference(_STRINGS)
        if missing:
            lookup = doc.vocab.strings.__getitem__
            _STRINGS.update(zip(missing, map(lookup, missing)))
        strings = doc.user_data[key] = list(map(_STRINGS.__getitem__, hashes))
    return strings


# Hash -> string, shared by every doc: a dict lookup costs half of decoding the string from
# the StringStore each time, and spaCy's string hashes do not depend on the vocabulary. It
# grows as the StringStore does, with each distinct word seen.
_STRINGS: dict[int, str] = {}


def span_text(span: Span) -> str:
    """``span.text``, cut from the doc's text: spaCy joins it from Token objects each time."""
    return text_of(span.doc)[span.start_char:span.end_char]


def keep_text(doc: Doc, text: str) -> None:
    """Remember the text ``doc`` was made from, so that ``text_of`` need not rebuild it."""
    doc.user_data["kg_text"] = text
