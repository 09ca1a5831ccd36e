"""The "kg_linking" component: candidates -> resolved mentions in ``doc.ents`` and entities.

``doc.ents`` holds the chosen mentions (label = type, ``kb_id_`` = entity key);
``doc._.kg_entities`` maps each key to its :class:`kennisgraaf.ingest.linking.Entity`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kennisgraaf.ingest.linking import choose, resolve

if not Doc.has_extension("kg_entities"):
    Doc.set_extension("kg_entities", default=None)


@Language.factory("kg_linking",
                  default_config={"candidates_key": "kg_candidates", "fuzzy_cutoff": 0.86})
def make_linking(nlp: Language, name: str, *, candidates_key: str, fuzzy_cutoff: float) -> Linker:
    """Build the component.

    candidates_key: the ``doc.spans`` key the recognisers filled.
    fuzzy_cutoff: how close (0-1, difflib ratio) an unknown place name must be to a
    gazetteer name to count as a misspelling of it.
    """
    return Linker(candidates_key=candidates_key, fuzzy_cutoff=fuzzy_cutoff)


class Linker:
    def __init__(self, *, candidates_key: str, fuzzy_cutoff: float) -> None:
        self.key, self.cutoff = candidates_key, fuzzy_cutoff

    def __call__(self, doc: Doc) -> Doc:
        mentions = choose(list(doc.spans.get(self.key, [])))
        doc._.kg_entities = resolve(doc, mentions, self.cutoff)
        doc.ents = mentions
        return doc
