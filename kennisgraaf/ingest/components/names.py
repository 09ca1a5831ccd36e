"""What a capitalised name looks like in a token stream: shared by the context and table rules."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Token

# Lower-case words that may stand inside a name ("Universiteit van Amsterdam",
# "Ursula von der Leyen", "Raad voor het Regeringsbeleid").
CONNECTORS = frozenset(["van", "von", "der", "den", "de", "het", "voor", "ter", "ten", "&", "of", "for", "the", "and", "für", "di", "du", "la", "le", "del"])
PARTICLES = frozenset(["van", "von", "der", "den", "de", "ter", "ten", "du", "di", "da", "le", "la"])


def is_name_token(token: Token, blocked: Collection[str]) -> bool:
    """A token that can be part of a name: capitalised or a code like "IT4LIA", not a
    function word at a sentence start, not a blocked word (a country adjective, "Europese")."""
    text = token.text
    if not text or not (text[0].isupper() or (text[0].isdigit() and any(c.isupper() for c in text))):
        return False
    if text in blocked:
        return False
    if token.is_stop and not text.isupper() and opens(token):
        return False  # "De", "Het" opening a sentence; mid-sentence "Meer" is a surname
    if token.is_sent_start and text.lower() in SENTENCE_WORDS:
        return False
    return not token.is_punct


def opens(token: Token) -> bool:
    """Whether a token opens a sentence, a quote or a list item."""
    if token.i == 0 or token.is_sent_start:
        return True
    prev = token.doc[token.i - 1]
    return (prev.is_punct and prev.text != ",") or prev.is_space


# Capitalised only because they open a sentence; not names.
SENTENCE_WORDS = frozenset(
    ["daarnaast", "bovendien", "ook", "volgens", "toch", "maar", "want", "nu", "dan", "dus", "zo", "wel", "niet", "waar", "wat", "wie", "welke", "hoe", "waarom", "terwijl", "ondanks", "onlangs", "inmiddels", "intussen", "sinds", "tot", "vanaf", "vorige", "volgende", "deze", "die", "dit", "dat", "er", "hier", "daar", "eerst", "allereerst", "tenslotte", "uiteraard", "natuurlijk", "misschien", "vooral", "zelfs", "bijvoorbeeld", "zoals", "samen", "verder", "echter", "juist", "alleen", "ongeveer", "ruim", "bijna", "recent", "kortom", "conclusie", "context", "bron", "eind", "begin", "half", "midden", "elke", "iedere", "alle", "veel"])


def extend_right(doc: Doc, i: int, limit: int, blocked: Collection[str], *,
                 connectors: frozenset[str] = CONNECTORS) -> int:
    """End (exclusive) of the name that starts at token i; i itself when none starts there.

    Connector words and in-word hyphens are taken only when a name token follows.
    """
    end = i
    j = i
    while j < len(doc) and j - i < limit:
        tok = doc[j]
        if is_name_token(tok, blocked):
            end = j = j + 1
            continue
        if end > i and j + 1 < len(doc) and tok.text == "-" and not doc[j - 1].whitespace_ \
                and not tok.whitespace_ and doc[j + 1].text[:1].isdigit():
            end = j = j + 2  # "Orka-2": a name with a version number
            continue
        if end > i and j + 1 < len(doc) and is_name_token(doc[j + 1], blocked) and (
                tok.lower_ in connectors or (tok.text in "-+&" and not doc[j - 1].whitespace_)):
            j += 1
            continue
        break
    return end


def extend_left(doc: Doc, end: int, limit: int, blocked: Collection[str]) -> int:
    """Start of the run of name tokens that ends just before token ``end``."""
    start = end
    while start > 0 and end - start < limit:
        tok = doc[start - 1]
        if is_name_token(tok, blocked) or tok.text == "-" and not tok.whitespace_ and start - 2 >= 0 and \
                not doc[start - 2].whitespace_ and is_name_token(doc[start - 2], blocked):
            start -= 1
        else:
            break
    return start
