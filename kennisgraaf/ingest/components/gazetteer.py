"""The "kg_gazetteer" component: every name the gazetteer knows, as candidate spans.

One compiled PhraseMatcher over the names of ``data/gazetteer/*.tsv``; each match
becomes a span in ``doc.spans[candidates_key]`` with the entity type as label,
the gazetteer key ("Country|Frankrijk") as ``kb_id_`` and ``id_ = "gaz"``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kennisgraaf.ingest.components.lexicon import lexicon
from kennisgraaf.ingest.components.sentences import token_strings


@Language.factory("kg_gazetteer", default_config={"candidates_key": "kg_candidates"})
def make_gazetteer(nlp: Language, name: str, *, candidates_key: str) -> Gazetteer:
    """Build the component.

    candidates_key: the ``doc.spans`` key the candidate mentions go to; later
    components add to it and "kg_linking" resolves it.
    """
    return Gazetteer(nlp, candidates_key=candidates_key)


class Gazetteer:
    def __init__(self, nlp: Language, *, candidates_key: str) -> None:
        self.key = candidates_key
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.possessed: dict[str, str] = {}  # "Anthropics" -> the key of Anthropic
        self.types: dict[int, str] = {}  # a match id (the hash of the key) -> the entity type
        for entry in lexicon().entries:
            self.matcher.add(entry.key, list(nlp.tokenizer.pipe(entry.names)))
            self.types[nlp.vocab.strings[entry.key]] = entry.type
            if entry.type in ("Company", "Organization"):
                self.possessed.update({n + "s": entry.key for n in entry.names if " " not in n})

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            spans.append(Span(doc, start, end, label=self.types[match_id], kb_id=match_id,
                              span_id="gaz"))
        strings = token_strings(doc, "ORTH")
        if not self.possessed.keys().isdisjoint(strings):  # most articles have none
            for i, string in enumerate(strings):  # "Anthropics AI-dienst"
                key = self.possessed.get(string)
                if key is not None:
                    spans.append(Span(doc, i, i + 1, label=key.split("|", 1)[0], kb_id=key,
                                      span_id="gaz"))
        doc.spans[self.key] = spans
        return doc
