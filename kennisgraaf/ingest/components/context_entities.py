"""The "kg_context" component: names no gazetteer knows, found by the words around them.

- a cue before the name: "het bedrijf X", "supercomputer X", "minister X", "het model X";
- a cue after it: "X, hoogleraar", "X-model";
- a head word in it: "... Universiteit ...", "... Agency", "... Programme", "... GmbH";
- "X (Land)": X is a city of that country;
- every further occurrence of a name found so in the same article.
Candidates get ``id_ = "ctx"`` and no ``kb_id_``; "kg_linking" decides.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kennisgraaf.ingest.components.lexicon import lexicon
from kennisgraaf.ingest.components.names import (
    PARTICLES,
    extend_left,
    extend_right,
    is_name_token,
    opens,
)
from kennisgraaf.ingest.components.sentences import span_text, text_of, token_strings

PERSON_LIMIT = 4
# Ministers are named by surname, and "van" after it opens the ministry, not a surname.
SURNAME_TITLES = frozenset(["minister", "staatssecretaris", "premier", "ministers"])
ARTICLES = frozenset(["de", "het"])
PLACE_PREPS = frozenset(["in", "uit", "te", "nabij", "vanuit"])
LISTED = ("Company", "Organization", "AIModel")  # types whose list neighbours share the type
MAKER_VERBS = frozenset(["ontwikkelt", "ontwikkelde", "lanceert", "lanceerde", "bracht", "brengt",
                         "traint", "trainde", "bouwde", "maakt"])


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
        self.key, self.limit = candidates_key, max_name_tokens
        self.adjectives = frozenset(lex.adjective_country) | lex.never
        self.alone = lex.alone
        self.first_names = lex.first_names
        self.nouns = {c: t for c, t in lex.cues_before.items() if " " not in c
                      and t not in ("Person", "Named", "Organization")}
        self.country_adjectives = frozenset(a for a in lex.adjective_country if a.endswith("e"))
        self.before = _phrases(nlp, lex.cues_before)
        self.after = _phrases(nlp, lex.cues_after)
        self.heads = {w: (t, where) for w, t, where in lex.heads if where != "suffix"}
        self.suffixes = [(w, t) for w, t, where in lex.heads if where == "suffix"]
        self.suffix_ends = tuple(w for w, _ in self.suffixes)
        # Dutch writes a kind of firm as one compound ("energiebedrijf", "defensieconcern"):
        # a word that ends in a listed one-word firm cue is a cue too.
        self.compound_heads = tuple(c for c, t in self.nouns.items()
                                    if t == "Company" and len(c) >= 6 and c.isalpha())

    def _at(self, doc: Doc, words: set[str] | frozenset[str], attr: str = "ORTH") -> list[int]:
        """Indices, in order, of the tokens whose text (or lower-case text) is one of
        ``words``: looked up in the doc's index instead of a loop over Token objects."""
        where = self._where[attr]
        if len(words) < len(where):
            hits = [i for w in words for i in where.get(w, ())]
        else:
            hits = [i for w, ix in where.items() if w in words for i in ix]
        return sorted(hits)

    def __call__(self, doc: Doc) -> Doc:
        orth: dict[str, list[int]] = {}  # each text -> the indices of its tokens
        for i, o in enumerate(token_strings(doc, "ORTH")):
            orth.setdefault(o, []).append(i)
        # spaCy's LOWER is str.lower() of the text: one step per distinct text, not per
        # token (the lists come out unsorted; _at sorts what it finds)
        lower: dict[str, list[int]] = {}
        for o, indices in orth.items():
            lower.setdefault(o.lower(), []).extend(indices)
        self._where = {"ORTH": orth, "LOWER": lower}
        known = list(doc.spans[self.key])
        found: list[Span] = []
        strings = doc.vocab.strings
        for match_id, start, end in self.before(doc):
            type_ = strings[match_id]
            if type_ == "Named":
                type_ = self._named_type(doc, start)
                if type_ is None:
                    continue
            if type_ != "Person" and end < len(doc) and doc[end].lower_ in ARTICLES:
                end += 1  # "directeur van de X"
            surname = doc[end - 1].lower_ in SURNAME_TITLES
            name_end = self._name_end(doc, end, type_, surname)
            if name_end > end:
                found.append(_cand(doc, end, name_end, type_))
                if type_ == "Person":
                    found.extend(self._body_after(doc, name_end))
        for match_id, start, end in self.after(doc):
            type_ = strings[match_id]
            name_start = extend_left(doc, start, PERSON_LIMIT if type_ == "Person" else self.limit,
                                     self.adjectives)
            if type_ == "Person" and name_start < start:  # "Pieter de Vries, CEO"
                k = name_start
                while k > 0 and doc[k - 1].lower_ in PARTICLES:
                    k -= 1
                if k < name_start and k > 0 and is_name_token(doc[k - 1], self.adjectives):
                    name_start = extend_left(doc, k, PERSON_LIMIT, self.adjectives)
            if name_start < start and not (type_ == "Person" and doc[name_start].text.isupper()):
                found.append(_cand(doc, name_start, start, type_))
        found.extend(self._headed(doc))
        found.extend(self._city_of_country(doc, known))
        found.extend(self._after_preposition(doc, known + found))
        found.extend(self._after_adjective(doc))
        found.extend(self._after_compound(doc))
        found.extend(self._listed(doc, known + found))
        found.extend(self._people(doc))
        found.extend(self._placed_capitals(doc, known))
        found.extend(self._makers(doc, known + found))
        found.extend(self._numbered(doc))
        orth, punct = token_strings(doc, "ORTH"), doc.to_array("IS_PUNCT").tolist()
        found = [s for s in found
                 if not all(orth[i] in self.alone or punct[i] for i in range(s.start, s.end))]
        found.extend(self._abbreviations(doc, known + found))
        found.extend(self._capitals(doc, known + found))
        found.extend(self._repeats(doc, found + [s for s in known if s.id_ == "table"]))
        doc.spans[self.key] = known + found
        return doc

    def _named_type(self, doc: Doc, i: int) -> str | None:
        """The type of "... heet X": that of the nearest type noun before, in the sentence."""
        j = i - 1
        while j >= 0 and i - j <= 12 and not doc[j].is_sent_end:
            type_ = self.nouns.get(doc[j].lower_)
            if type_:
                return type_
            j -= 1
        return None

    def _capitals(self, doc: Doc, known: list[Span]) -> list[Span]:
        """A word in capitals that no rule placed but the article repeats ("KVARTS") names
        its facility: an AI factory, or a supercomputer where the article speaks of those."""
        taken = {i for s in known for i in range(s.start, s.end)}
        texts = {span_text(s) for s in known}
        capitals = {w for w in self._where["ORTH"]
                    if w.isalpha() and w.isupper() and len(w) >= 4 and w not in texts}
        counts: dict[str, list[int]] = {}
        for i in self._at(doc, capitals):
            if i not in taken:
                counts.setdefault(doc[i].text, []).append(i)
        repeated = {t: ix for t, ix in counts.items() if len(ix) >= 2}
        if not repeated:
            return []
        lower = text_of(doc).lower()
        type_ = "Supercomputer" if lower.count("supercomputer") > lower.count("fabriek") else "AIFactory"
        return [_cand(doc, i, i + 1, type_, "ctx2") for ix in repeated.values() for i in ix]

    def _abbreviations(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """"Instituut voor Toegepaste Rekenkunde (ITR)": the bracketed short form, same type."""
        out = []
        for span in spans:
            e = span.end
            if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" and \
                    doc[e + 1].text.isupper() and len(doc[e + 1].text) > 1:
                out.append(_cand(doc, e + 1, e + 2, span.label_, span.id_))
        return out

    def _body_after(self, doc: Doc, i: int) -> list[Span]:
        """"minister X van Economische Zaken": the body after a titled person."""
        if i + 1 < len(doc) and doc[i].lower_ in ("van", "bij"):
            start = i + 2 if doc[i + 1].lower_ in ARTICLES else i + 1
            end = extend_right(doc, start, self.limit, self.adjectives)
            if end > start:
                return [_cand(doc, start, end, "Organization", "ctx2")]
        return []

    def _after_preposition(self, doc: Doc, known: list[Span]) -> list[Span]:
        """"in Oudemolen", "uit Zandvoort": an unknown capitalised word after a place
        preposition is most likely a place; the weakest of the rules."""
        taken = {i for s in known for i in range(s.start, s.end)}
        out = []
        for i in (j + 1 for j in self._at(doc, PLACE_PREPS, "LOWER")):
            if i >= len(doc) - 1 or i in taken:
                continue
            tok = doc[i]
            if not tok.is_title or not is_name_token(tok, self.adjectives) or tok.is_sent_start:
                continue
            end = extend_right(doc, i, 2, self.adjectives, connectors=frozenset())
            if end < len(doc) and doc[end].text == "-" or tok.text.endswith("-"):
                continue
            if not any(j in taken for j in range(i, end)):
                out.append(_cand(doc, i, end, "City", "ctx2"))
        return out

    def _after_adjective(self, doc: Doc) -> list[Span]:
        """"het Spaanse X": a name after an article and a country adjective is a firm."""
        out = []
        for i in self._at(doc, self.country_adjectives):
            if 0 < i < len(doc) - 1 and doc[i - 1].lower_ in ARTICLES:
                end = extend_right(doc, i + 1, self.limit, self.adjectives)
                if end > i + 1:
                    out.append(_cand(doc, i + 1, end, "Company"))
        return out

    def _after_compound(self, doc: Doc) -> list[Span]:
        """"het Portugese energiebedrijf X": a name after a compound of a firm cue."""
        out = []
        compounds = {w for w in self._where["LOWER"] if w.endswith(self.compound_heads)
                     and w not in self.nouns and w.isalpha()}  # tested once per distinct word
        for i in self._at(doc, compounds, "LOWER"):
            if i < len(doc) - 1 and doc[i].is_lower:
                end = self._name_end(doc, i + 1, "Company")
                if end > i + 1:
                    out.append(_cand(doc, i + 1, end, "Company"))
        return out

    def _listed(self, doc: Doc, known: list[Span]) -> list[Span]:
        """"Microsoft, Brakwater en het Japanse Kumo": names listed with a firm are firms;
        "chipbedrijven zoals A, B en C" too."""
        out: list[Span] = []
        taken = {i for s in known for i in range(s.start, s.end)}
        anchors = [s for s in known if s.label_ in LISTED]
        for i in self._at(doc, {"zoals", "als"}, "LOWER"):
            if i > 0 and any(w in doc[i - 1].lower_ for w in ("bedrijven", "aanbieders", "reuzen",
                                                              "start-ups", "spelers", "firma")):
                end = extend_right(doc, i + 1, self.limit, self.adjectives)
                if end > i + 1:
                    anchors.append(_cand(doc, i + 1, end, "Company"))
                    out.append(anchors[-1])
        for span in anchors:
            for step in (-1, 1):
                cur = span
                while True:
                    nxt = self._list_neighbour(doc, cur, step)
                    if nxt is None or taken.intersection(range(*nxt)):
                        break
                    cur = _cand(doc, nxt[0], nxt[1], span.label_, "ctx2")
                    out.append(cur)
        return out

    def _list_neighbour(self, doc: Doc, span: Span, step: int) -> tuple[int, int] | None:
        """The name next to ``span`` across list glue (",", "en", "het Japanse"), if any."""
        if step > 0:
            j = span.end
            if j >= len(doc) or doc[j].lower_ not in (",", "en", "of"):
                return None
            j += 1
            while j < len(doc) and (doc[j].lower_ in ARTICLES or doc[j].text in self.country_adjectives):
                j += 1
            end = extend_right(doc, j, self.limit, self.adjectives)
            return (j, end) if end > j else None
        j = span.start - 1
        while j >= 0 and (doc[j].lower_ in ARTICLES or doc[j].text in self.country_adjectives):
            j -= 1
        if j < 1 or doc[j].lower_ not in (",", "en", "of"):
            return None
        start = extend_left(doc, j, self.limit, self.adjectives)
        if start == j or (start == j - 1 and opens(doc[start])):
            return None
        return start, j

    def _people(self, doc: Doc) -> list[Span]:
        """"Femke de Vries": a known given name and a capitalised surname; a speaker's
        name opening a line before a colon ("Anna Brink: ...")."""
        out = []
        for i in self._at(doc, self.first_names):
            end = self._name_end(doc, i, "Person")
            if end > i + 1:
                out.append(_cand(doc, i, end, "Person", "ctx"))
        for i in self._at(doc, {":"}):
            start = extend_left(doc, i, 3, self.adjectives)
            if i - start >= 2 and (start == 0 or "\n" in doc[start - 1].text or doc[start].is_sent_start):
                out.append(_cand(doc, start, i, "Person", "ctx2"))
        return out

    def _placed_capitals(self, doc: Doc, known: list[Span]) -> list[Span]:
        """"NORDLYS in Oulu", "NORDLYS (Finland)": a word in capitals placed somewhere is a
        facility where the article speaks of AI factories."""
        if "fabriek" not in text_of(doc).lower():
            return []
        places = {s.start for s in known if s.label_ in ("City", "Country")}
        taken = {i for s in known for i in range(s.start, s.end)}
        out = []
        for i in self._at(doc, {"in", "te", "("}, "LOWER"):
            j = i - 1
            if j >= 0 and i + 1 in places and j not in taken and doc[j].is_upper and \
                    doc[j].is_alpha and len(doc[j]) >= 4:
                out.append(_cand(doc, j, j + 1, "AIFactory", "ctx2"))
        return out

    def _makers(self, doc: Doc, known: list[Span]) -> list[Span]:
        """"Kumo ontwikkelt ...", "Vonk van Kiemlicht", "X uit Duitsland": who makes or comes
        from somewhere is most likely a firm."""
        out = []
        for i in self._at(doc, MAKER_VERBS, "LOWER"):
            start = extend_left(doc, i, self.limit, self.adjectives)
            if start < i:
                out.append(_cand(doc, start, i, "Company", "ctx2"))
        models = {s.end: s for s in known if s.label_ == "AIModel"}
        places = {s.start for s in known if s.label_ in ("Country", "City")}
        for i in self._at(doc, {"van", "uit"}, "LOWER"):
            if doc[i].lower_ == "van" and i in models:
                end = extend_right(doc, i + 1, self.limit, self.adjectives, connectors=frozenset())
                if end > i + 1:
                    out.append(_cand(doc, i + 1, end, "Company", "ctx2"))
            elif doc[i].lower_ == "uit" and i + 1 in places:
                start = extend_left(doc, i, self.limit, self.adjectives)
                if start < i and not (start == i - 1 and opens(doc[start])):
                    out.append(_cand(doc, start, i, "Company", "ctx2"))
        return out

    def _numbered(self, doc: Doc) -> list[Span]:
        """"Orka-2": a name with a version number glued to it is mostly a model."""
        out = []
        for i in self._at(doc, {"-"}):
            if 0 < i < len(doc) - 1 and not doc[i].whitespace_ and not doc[i - 1].whitespace_ \
                    and doc[i + 1].text.isdigit() and is_name_token(doc[i - 1], self.adjectives):
                start = extend_left(doc, i, self.limit, self.adjectives)
                out.append(_cand(doc, start, i + 2, "AIModel", "ctx2"))
        return out

    def _name_end(self, doc: Doc, i: int, type_: str, surname: bool = False) -> int:
        if i >= len(doc) or not is_name_token(doc[i], self.adjectives):
            return i
        if type_ in ("Organization", "Programme"):  # "Universiteit van Twente"
            return extend_right(doc, i, self.limit, self.adjectives)
        if type_ != "Person":  # "het model Vonk van Kiemlicht": the maker is no part of it
            return extend_right(doc, i, self.limit, self.adjectives, connectors=frozenset("&"))
        if surname:
            return extend_right(doc, i, 2, self.adjectives, connectors=frozenset())
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
        for i in self._at(doc, set(self.heads)):
            tok = doc[i]
            type_, where = self.heads[tok.text]
            glued = i + 1 < len(doc) and not tok.whitespace_ and doc[i + 1].text == "-"
            if where == "last":
                start = extend_left(doc, i, self.limit, self.adjectives)
                lone_opener = start == i - 1 and doc[start].is_sent_start
                if start < i and not glued and not lone_opener and not (
                        i + 1 < len(doc) and is_name_token(doc[i + 1], self.adjectives)):
                    out.append(_cand(doc, start, i + 1, type_, "head"))
            elif where == "first":
                j = i + 1
                while j < len(doc) and doc[j].lower_ in ("van", "voor", "de", "het"):
                    j += 1
                end = extend_right(doc, j, self.limit, self.adjectives)
                if end > j:
                    out.append(_cand(doc, i, end, type_, "head"))
            else:
                start = extend_left(doc, i, self.limit, self.adjectives)
                end = extend_right(doc, i, self.limit, self.adjectives)
                if where == "any" or start < i or end > i + 1:
                    out.append(_cand(doc, start, max(end, i + 1), type_, "head"))
        lowers = {w for w in self._where["LOWER"] if w.endswith(self.suffix_ends)}
        for i in self._at(doc, lowers, "LOWER"):  # "Groeifonds", "Hanze-universiteit"
            tok = doc[i]
            for word, type_ in self.suffixes:
                lower = tok.lower_
                if lower.endswith(word) and (len(lower) > len(word) and tok.is_title or (
                        lower == word and i > 1 and doc[i - 1].text == "-")):
                    start = extend_left(doc, i, self.limit, self.adjectives)
                    end = extend_right(doc, i + 1, self.limit, self.adjectives)
                    out.append(_cand(doc, start, max(end, i + 1), type_, "head"))
        return out

    def _city_of_country(self, doc: Doc, known: list[Span]) -> list[Span]:
        """"Bissen (Luxemburg)": an unknown name before a bracketed country is a city."""
        countries = {s.start for s in known if s.label_ == "Country"}
        out = []
        for i in self._at(doc, {"("}):
            if i + 1 in countries and i > 0:
                start = extend_left(doc, i, 3, self.adjectives)
                if start < i:
                    out.append(_cand(doc, start, i, "City"))
        return out

    def _repeats(self, doc: Doc, found: list[Span]) -> list[Span]:
        """Every other occurrence of a name found by context, and a person's surname alone."""
        forms: dict[str, tuple[str, str]] = {}
        for span in found:
            forms.setdefault(span_text(span), (span.label_, "rep"))
            if span.label_ == "Person" and len(span) > 1 and len(span[-1].text) > 3:
                forms.setdefault(span[-1].text, ("Person", "short"))
            elif len(span) > 1 and span[-1].text in self.heads:
                # "KORAAL AI Factory" is also "KORAAL AI" and "KORAAL"; "Brak Data ApS" "Brak Data"
                forms.setdefault(span_text(span[:-1]), (span.label_, "short"))
                if span[0].text.isupper() and len(span[0].text) > 2:
                    forms.setdefault(span[0].text, (span.label_, "short"))
        if not forms:
            return []
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(
            re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")
        out = []
        for match in pattern.finditer(text_of(doc)):
            span = doc.char_span(match.start(), match.end())
            if span is not None:
                out.append(_cand(doc, span.start, span.end, *forms[match.group(0)]))
        return out


def _phrases(nlp: Language, cues: dict[str, str]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for cue, type_ in cues.items():
        matcher.add(type_, [nlp.make_doc(cue)])
    return matcher


def _cand(doc: Doc, start: int, end: int, type_: str, rule: str = "ctx") -> Span:
    """A candidate; ``rule`` ("head", "ctx", "ctx2", "rep", "short") says how sure the rule is."""
    return Span(doc, start, end, label=type_, span_id=rule)
