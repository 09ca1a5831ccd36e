"""Dutch numbers, in digits ("25.000", "1,5") or words ("vijfentwintig", "anderhalf").

`NUMBER` is the regex source that money.py and dates.py build on, so that all
three read numbers the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from text_to_num import text2num

from kennisgraaf.ingest.data.values import lines, rows

if TYPE_CHECKING:  # money.py builds on this module's patterns, so it is imported late
    from kennisgraaf.ingest.money import ValueMatch

_WORD_VALUES = {word: Decimal(value) for word, value in rows("number_words.tsv")}
_MORPHEMES = sorted(
    (w for w in _WORD_VALUES if " " not in w and w not in ("half",)), key=len, reverse=True
)
_PHRASES = sorted((w for w in _WORD_VALUES if " " in w or w == "half"), key=len, reverse=True)
MULTIPLIERS = {row[0]: Decimal(row[1]) for row in rows("multipliers.tsv")}
_FUNCTION_WORDS = frozenset(lines("function_words.txt"))

# Digits: "25.000" and "1.500.000,5" (Dutch grouping), "1,5", "1.5" (one or two decimals).
DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![.,]?\d)|\d+(?:,\d+|\.\d{1,2}(?!\d))?(?![.,]?\d)"
_MORPHEME = "|".join(re.escape(m) for m in _MORPHEMES)
# Atomic: "zeventien" is also "zeven"+"tien", and backtracking over such
# splits would take exponential time on long runs of number words.
WORDS = (
    r"(?>" + "|".join(re.escape(p) for p in _PHRASES) + rf"|(?:{_MORPHEME})(?:{_MORPHEME}|ën|en)*+)"
)
# A number opens with a digit or with the first letter of a number word; testing that
# first lets a search pass every other position at once instead of trying each word there.
_FIRST = re.escape("".join(sorted({w[0] for w in _WORD_VALUES})))
NUMBER = rf"(?<![\w.,])(?=[\d{_FIRST}])(?:{DIGITS}|{WORDS}(?!\w))"
MULTIPLIER = (
    r"(?:"
    + "|".join(
        re.escape(row[0]) + (r"\.?" if row[2:] == ["abbr"] else "") + r"(?!\w)"
        for row in sorted(rows("multipliers.tsv"), key=lambda r: len(r[0]), reverse=True)
    )
    + ")"
)

_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’-]*)")
_COUNTED_SOURCE = rf"(?P<num>{NUMBER})(?:\s+(?P<mult>{MULTIPLIER}))?\s+(?P<noun>[^\W\d_][\w'’-]*)"
_COUNTED = re.compile(_COUNTED_SOURCE, re.IGNORECASE)
# Whether the number words and multipliers are all written in lower case, as patterns run
# case-sensitively on lower-cased text (see `lowered`) require.
LOWER_CASE_WORDS = all(w == w.lower() for w in [*_WORD_VALUES, *MULTIPLIERS])
_COUNTED_LOWER = re.compile(_COUNTED_SOURCE) if LOWER_CASE_WORDS else None


@lru_cache(maxsize=4)  # money, dates and numbers each ask for the same text
def lowered(text: str) -> str | None:
    """``text`` lower-cased, where a case-sensitive pattern of lower-case words finds in it
    what the IGNORECASE pattern finds in ``text``, at the same offsets: about twice as fast.

    None where lower-casing changes the length ("İ") or gives a letter that matches an ASCII
    one only when case is ignored ("ı", "ſ").
    """
    low = text.lower()
    if len(low) != len(text) or "ı" in low or "ſ" in low:
        return None
    return low


def parse_number(phrase: str) -> int | float | None:
    """The value of a number in digits or Dutch words; None if it is not one."""
    value = parse_decimal(phrase)
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def parse_decimal(phrase: str) -> Decimal | None:
    """As parse_number, but exact (Decimal), for arithmetic on amounts."""
    s = " ".join(phrase.split()).lower()
    if not s:
        return None
    if s[0].isdigit():
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
            s = s.replace(".", "")
        elif not re.fullmatch(r"\d+(?:,\d+|\.\d{1,2})?", s):
            return None
        return Decimal(s.replace(",", "."))
    if s in _WORD_VALUES:
        return _WORD_VALUES[s]
    try:
        return Decimal(text2num(s, "nl"))
    except ValueError:
        return None


def find_numbers(text: str, *, taken: Sequence[ValueMatch] | None = None) -> list[ValueMatch]:
    """Counted things: a number followed by a noun ("negen supercomputers", "25.000 gpu's").

    The match covers the number, up to two inflected adjectives and the noun
    ("zeven observerende landen"); value {"number": 7}. Years, the
    article "een", and numbers inside ``taken`` (default: the money amounts
    of the text) are skipped, as are numbers before a function word or unit.
    """
    from kennisgraaf.ingest.dates import MONTHS
    from kennisgraaf.ingest.money import CURRENCY_WORDS, ValueMatch, find_money

    if taken is None:
        taken = find_money(text)
    busy = sorted((m.start, m.end) for m in taken)
    found = []
    low = lowered(text) if _COUNTED_LOWER else None
    for m in _COUNTED_LOWER.finditer(low) if low else _COUNTED.finditer(text):
        num, noun = m.group("num"), m.group("noun").lower()
        if num.lower() == "een" or noun in _FUNCTION_WORDS or noun.rstrip(".") in MULTIPLIERS:
            continue
        if re.fullmatch(r"(?:1[89]|20|21)\d\d", num) or noun in MONTHS or noun in CURRENCY_WORDS:
            continue
        if any(s < m.end() and m.start() < e for s, e in busy):
            continue
        value = parse_decimal(num)
        if value is None:
            continue
        if m.group("mult"):
            value *= MULTIPLIERS[m.group("mult").lower().rstrip(".")]
        number = int(value) if value == value.to_integral_value() else float(value)
        found.append(
            ValueMatch(m.start(), _past_adjectives(text, m.end(), noun), {"number": number})
        )
    return found


def _past_adjectives(text: str, end: int, word: str) -> int:
    """Extend "zeven nieuwe" to "zeven nieuwe AI-fabrieken": inflected adjectives end in -e."""
    for _ in range(2):
        following = _NEXT_WORD.match(text, end)
        if not (word.endswith("e") and following) or following.group(1).lower() in _FUNCTION_WORDS:
            break
        end, word = following.end(), following.group(1).lower()
    return end
