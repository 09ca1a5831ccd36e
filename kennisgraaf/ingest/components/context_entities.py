"""The "kg_context" component: names no gazetteer knows, found by the words around them.

- a cue before the name: "het bedrijf X", "supercomputer X", "minister X", "het model X";
- a cue after it: "X, hoogleraar", "X-model";
- a head word in it: "... Universiteit ...", "... Agency", "... Programme", "... GmbH";
- "X (Land)": X is a city of that country;
- every further occurrence of a name found so in the same article.
Candidates get ``id_ = "ctx"`` and no ``kb_id_``; "kg_linking" decides.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kennisgraaf.ingest.components.lexicon import lexicon
from kennisgraaf.ingest.components.names import PARTICLES, extend_left, extend_right, is_name_token

PERSON_LIMIT = 4


@Language.factory("kg_context",
                  default_config={"candidates_key": "kg_candidates", "max_name_tokens": 6})
def make_context(nlp: Language, name: str, *, candidates_key: str,
                 max_name_tokens: int) -> ContextEntities:
    """Build the component.

    candidates_key: the ``doc.spans`` key shared with "kg_gazetteer".
    max_name_tokens: the longest name, in tokens, a context rule takes.
    """
    return ContextEntities(nlp, candidates_key=candidates_key, max_name_tokens=max_name_tokens)


class ContextEntities:
    def __init__(self, nlp: Language, *, candidates_key: str, max_name_tokens: int) -> None:
        lex = lexicon()
        self.key, self.limit, self.vocab = candidates_key, max_name_tokens, nlp.vocab
        self.adjectives = lex.adjective_country
        self.before = _phrases(nlp, lex.cues_before)
        self.after = _phrases(nlp, lex.cues_after)
        self.heads = {w: (t, where) for w, t, where in lex.heads}

    def __call__(self, doc: Doc) -> Doc:
        known = list(doc.spans[self.key])
        found: list[Span] = []
        strings = doc.vocab.strings
        for match_id, start, end in self.before(doc):
            type_ = strings[match_id]
            name_end = self._name_end(doc, end, type_)
            if name_end > end:
                found.append(_cand(doc, end, name_end, type_))
        for match_id, start, end in self.after(doc):
            type_ = strings[match_id]
            name_start = extend_left(doc, start, PERSON_LIMIT if type_ == "Person" else self.limit,
                                     self.adjectives)
            if name_start < start and not (type_ == "Person" and doc[name_start].text.isupper()):
                found.append(_cand(doc, name_start, start, type_))
        found.extend(self._headed(doc))
        found.extend(self._city_of_country(doc, known))
        found.extend(self._repeats(doc, found))
        doc.spans[self.key] = known + found
        return doc

    def _name_end(self, doc: Doc, i: int, type_: str) -> int:
        if i >= len(doc) or not is_name_token(doc[i], self.adjectives):
            return i
        if type_ != "Person":
            return extend_right(doc, i, self.limit, self.adjectives)
        # a person: first names and surname, particles only right before the last word
        end = extend_right(doc, i, PERSON_LIMIT, self.adjectives, connectors=PARTICLES)
        while end - i > 1 and (doc[end - 1].text in self.heads or not doc[end - 1].is_title):
            end -= 1  # "Tom Heskes van de Radboud Universiteit": stop before the body
        k = i
        while k < end and not doc[k].lower_ in PARTICLES:
            k += 1
        if k < end:  # a particle: keep it only when one final name word follows
            tail = end
            while tail > k and doc[tail - 1].lower_ not in PARTICLES:
                tail -= 1
            if end - tail != 1 or (end < len(doc) and is_name_token(doc[end], self.adjectives)):
                end = k
        return end

    def _headed(self, doc: Doc) -> list[Span]:
        out = []
        for i, tok in enumerate(doc):
            head = self.heads.get(tok.text)
            if head is None:
                continue
            type_, where = head
            if where == "last":
                start = extend_left(doc, i, self.limit, self.adjectives)
                if start < i and not (i + 1 < len(doc) and is_name_token(doc[i + 1], self.adjectives)):
                    out.append(_cand(doc, start, i + 1, type_))
            elif where == "first":
                end = extend_right(doc, i + 1, self.limit, self.adjectives)
                if end > i + 1:
                    out.append(_cand(doc, i, end, type_))
            else:
                start = extend_left(doc, i, self.limit, self.adjectives)
                end = extend_right(doc, i, self.limit, self.adjectives)
                out.append(_cand(doc, start, max(end, i + 1), type_))
        return out

    def _city_of_country(self, doc: Doc, known: list[Span]) -> list[Span]:
        """"Bissen (Luxemburg)": an unknown name before a bracketed country is a city."""
        countries = {s.start for s in known if s.label_ == "Country"}
        out = []
        for i, tok in enumerate(doc):
            if tok.text == "(" and i + 1 in countries and i > 0:
                start = extend_left(doc, i, 3, self.adjectives)
                if start < i:
                    out.append(_cand(doc, start, i, "City"))
        return out

    def _repeats(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Every other occurrence of a name found by context, and a person's surname alone."""
        if not found:
            return []
        matcher = PhraseMatcher(self.vocab, attr="ORTH")
        for span in found:
            matcher.add(span.label_, [span.as_doc()])
            if span.label_ == "Person" and len(span) > 1 and len(span[-1].text) > 3:
                matcher.add("Person", [span[-1:].as_doc()])
        strings = doc.vocab.strings
        return [_cand(doc, s, e, strings[m]) for m, s, e in matcher(doc)]


def _phrases(nlp: Language, cues: dict[str, str]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for cue, type_ in cues.items():
        matcher.add(type_, [nlp.make_doc(cue)])
    return matcher


def _cand(doc: Doc, start: int, end: int, type_: str) -> Span:
    return Span(doc, start, end, label=type_, span_id="ctx")
