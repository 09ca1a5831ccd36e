"""The "kg_sentences" component: rule-based sentence boundaries.

A sentence ends at ``.``, ``!`` or ``?`` before a word that starts with a capital,
digit or quote, and at every line break, so that headings and table rows
("Finland | Kajaani | ...") are sentences of their own.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ENDS = frozenset(".!?")
OPENERS = frozenset("‘'\"“„(-–—•*")


@Language.factory("kg_sentences", default_config={})
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    """Build the component (no settings)."""
    return SentenceSplitter()


class SentenceSplitter:
    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        doc[0].is_sent_start = True
        prev = doc[0]
        for token in doc[1:]:
            text = token.text
            if "\n" in prev.text or "\n" in prev.whitespace_:
                token.is_sent_start = True
            elif prev.text in ENDS and prev.whitespace_ and (
                    text[0].isupper() or text[0].isdigit() or text[0] in OPENERS):
                token.is_sent_start = True
            else:
                token.is_sent_start = False
            prev = token
        return doc
