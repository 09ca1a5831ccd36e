"""Dutch sums of money -> the money value objects of domain.md.

``{"amount": 600000000, "currency": "EUR", "qualifier": "min"}``: amount in
units; the qualifier is left out when the amount is exact (as in the gold
files); a range gives ``"qualifier": "range"``, ``"min"``, ``"max"`` and the
midpoint as amount.

Rules:
- An amount is money when it has a currency ("30.000 euro", "$80 miljard") or
  a multiplier ("2,1 miljard"). Without a currency of its own it takes one:
  from the amount right after it in a list ("100 miljard en 11 miljard
  dollar": both USD, the first also borrows "miljard"), else from the nearest
  currency mention in its sentence or the one before, else EUR when its
  sentence speaks of money (money_cues.txt). Otherwise it is no money match.
- An amount whose multiplier is followed by a noun ("1,4 miljard mensen") is
  a count, not money, unless that word is a money cue ("500 miljard investeren").
- Vague amounts ("honderden miljarden", "miljoenen euro's") give no match:
  there is no number to report, and inventing one would be wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property

from kennisgraaf.ingest.data.values import lines, rows
from kennisgraaf.ingest.numbers import (
    LOWER_CASE_WORDS,
    MULTIPLIER,
    MULTIPLIERS,
    NUMBER,
    lowered,
    parse_decimal,
)


@dataclass(frozen=True)
class ValueMatch:
    """A normalised value found at text[start:end]."""

    start: int
    end: int
    value: dict


DEFAULT_CURRENCY = "EUR"

_CURRENCY_ROWS = rows("currencies.tsv")
_CURRENCY = {row[0].casefold(): row[1] for row in _CURRENCY_ROWS}
CURRENCY_WORDS = frozenset(_CURRENCY)
_QUALIFIER = {row[0].casefold(): row[1] for row in rows("qualifiers.tsv")}
_FUNCTION_WORDS = frozenset(lines("function_words.txt"))


def _alternation(words: list[str]) -> str:
    """Longest first; word forms get word boundaries, symbols do not need them. In lower
    case (the patterns ignore case), so that they also serve lower-cased text."""
    parts = []
    for w in sorted(dict.fromkeys(w.lower() for w in words), key=len, reverse=True):
        left = r"(?<!\w)" if w[0].isalnum() else ""
        right = r"(?!\w)" if w[-1].isalnum() else ""
        parts.append(left + re.escape(w).replace(r"\ ", r"\s+") + right)
    return "(?:" + "|".join(parts) + ")"


_PRE_CUR = _alternation([r[0] for r in _CURRENCY_ROWS if r[2:] == ["pre"]])
_ANY_CUR = _alternation([r[0] for r in _CURRENCY_ROWS])
_PRE_Q = _alternation([r[0] for r in rows("qualifiers.tsv") if r[2] == "pre"])
_POST_Q = _alternation([r[0] for r in rows("qualifiers.tsv") if r[2] == "post"])


def _amount(i: str) -> str:
    return (
        rf"(?:(?P<pre{i}>{_PRE_CUR})\s?)?(?P<num{i}>{NUMBER})"
        rf"(?:\s*(?P<mult{i}>{MULTIPLIER}))?(?:\s*(?P<cur{i}>{_ANY_CUR}))?"
    )


# Words and numbers are guarded by (?<!\w), so a sum starts outside a word or at a form
# that opens with a symbol ("€", ">"); testing that first passes the inside of words at once.
_SYMBOLS = re.escape("".join(sorted(
    {row[0][0] for row in [*_CURRENCY_ROWS, *rows("qualifiers.tsv")] if not row[0][0].isalnum()})))
_START = rf"(?:(?<!\w)|(?=[{_SYMBOLS}]))" if _SYMBOLS else r"(?<!\w)"
_SINGLE = re.compile(rf"{_START}(?:(?P<q>{_PRE_Q})\s*)?{_amount('')}(?:\s+(?P<pq>{_POST_Q}))?", re.IGNORECASE)
_RANGE = re.compile(
    rf"{_START}(?:(?P<rq>(?<!\w)(?:tussen(?:\s+de)?|van))\s+)?{_amount('1')}"
    rf"\s*(?P<sep>(?<!\w)tot\s+en\s+met(?!\w)|t/m|(?<!\w)tot(?!\w)|(?<!\w)en(?!\w)|à|-|–|—)"
    rf"\s*{_amount('2')}",
    re.IGNORECASE,
)
# The same two for lower-cased text (see numbers.lowered): they match the same, faster.
_SINGLE_LOWER = re.compile(_SINGLE.pattern) if LOWER_CASE_WORDS else None
_RANGE_LOWER = re.compile(_RANGE.pattern) if LOWER_CASE_WORDS else None
_CURRENCY_MENTION = re.compile(_ANY_CUR, re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*,\s*|\s+(?:en|of)\s+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_CUES = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(c) for c in lines("money_cues.txt")) + ")", re.IGNORECASE
)
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’-]*)")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass
class _Amount:
    start: int
    end: int
    number: Decimal
    mult: str | None
    currency: str | None
    qualifier: str | None


def find_money(text: str) -> list[ValueMatch]:
    """Every sum of money in the text, in order (see the module rules)."""
    return _find(text, default_currency=None)


def parse_money(phrase: str) -> dict | None:
    """The value of the first sum of money in ``phrase`` (EUR unless it says otherwise)."""
    found = _find(phrase, default_currency=DEFAULT_CURRENCY)
    return found[0].value if found else None


_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s")


@cache
def _anchor_pattern(anchors: frozenset[str], digits: bool, folded: bool) -> re.Pattern:
    """The tokens that may be anchors, found by one search instead of a Python step per
    token (``windows`` checks each again, lower-cased as ``str.lower`` does it). ``folded``:
    for text that ``lowered`` made (an anchor in capitals could never pass that check)."""
    words = sorted((a for a in anchors if _WORD.fullmatch(a)), key=len, reverse=True)
    firsts = re.escape("".join(sorted({w[0] for w in words})))
    symbols = re.escape("".join(
        a for a in anchors if len(a) == 1 and not (a.isspace() or _WORD.match(a))))
    # With digits: a token not opening with an ASCII letter, as str.isdigit also takes "²".
    parts = [r"[^\W_A-Za-z]\w*"] if digits else []
    if words:  # the first letter first: most words are passed at once
        parts.append(rf"(?=[{firsts}])(?:{'|'.join(map(re.escape, words))})(?!\w)")
    pattern = rf"(?<!\w)(?:{'|'.join(parts)})" if parts else r"(?!)"
    return re.compile(rf"{pattern}|[{symbols}]" if symbols else pattern,
                      0 if folded else re.IGNORECASE)


def windows(
    text: str, anchors: frozenset[str], before: int, after: int, *, digits: bool = False
) -> list[tuple[int, int]]:
    """Stretches of text around the tokens in ``anchors`` (lower case), merged.

    A token is a run of word characters or one other visible character. With
    ``digits``, every token that starts with a digit is an anchor too. The big
    patterns run only there: trying them at every position of a long text is many
    times slower than this one search. A stretch ends at whitespace, so that no
    word is cut.
    """
    found: list[tuple[int, int]] = []
    low = lowered(text)
    for m in _anchor_pattern(anchors, digits, low is not None).finditer(low or text):
        token = m.group()
        if not (token.lower() in anchors or (digits and token[0].isdigit())):
            continue
        space = _SPACE.search(text, m.end() + after)
        start, end = max(0, m.start() - before), space.start() if space else len(text)
        if found and start <= found[-1][1]:
            found[-1] = (found[-1][0], max(end, found[-1][1]))
        else:
            found.append((start, end))
    return found


# The last word of each currency form and multiplier, and the currency symbols.
_ANCHORS = frozenset(
    {w.casefold() for form in [*_CURRENCY, *MULTIPLIERS] for w in re.findall(r"\w{2,}", form)[-1:]}
    | {c for form in _CURRENCY for c in form if not (c.isalnum() or c.isspace() or c in "'’-")}
)


def _find(text: str, default_currency: str | None) -> list[ValueMatch]:
    context = _Context(text, default_currency)
    spans = windows(text, _ANCHORS, 80, 25)
    low = lowered(text) if LOWER_CASE_WORDS else None
    ranges, single = (_RANGE_LOWER, _SINGLE_LOWER) if low else (_RANGE, _SINGLE)
    subject = text if low is None else low
    found = [
        r for s, e in spans for r in (_range(m, context) for m in ranges.finditer(subject, s, e)) if r
    ]
    taken = [(r.start, r.end) for r in found]
    singles = [a for s, e in spans for a in (_single(m) for m in single.finditer(subject, s, e)) if a]
    singles = [a for a in singles if not any(s < a.end and a.start < e for s, e in taken)]
    _share_units(text, singles)
    for a in singles:
        if a.mult is None and a.currency is None:
            continue
        currency = a.currency or (
            context.currency(a.start, a.end) if _is_money_word_after(text, a) else None
        )
        if currency:
            amount = _units(a.number, a.mult)
            value = {"amount": amount, "currency": currency}
            if a.qualifier:
                value["qualifier"] = a.qualifier
            found.append(ValueMatch(a.start, a.end, value))
    return sorted(found, key=lambda v: v.start)


def _single(m: re.Match) -> _Amount | None:
    number = parse_decimal(m.group("num"))
    if number is None:
        return None
    cur = m.group("pre") or m.group("cur")
    qualifier = m.group("q") or m.group("pq")
    return _Amount(
        m.start(),
        m.end(),
        number,
        _mult(m.group("mult")),
        _CURRENCY[_norm(cur)] if cur else None,
        _QUALIFIER[_norm(qualifier)] if qualifier else None,
    )


def _range(m: re.Match, context: _Context) -> ValueMatch | None:
    sep, rq = m.group("sep").lower(), (m.group("rq") or "").lower()
    if (sep == "en" and not rq.startswith("tussen")) or (rq == "van" and sep != "tot"):
        return None
    lo, hi = parse_decimal(m.group("num1")), parse_decimal(m.group("num2"))
    if lo is None or hi is None:
        return None
    mult1, mult2 = _mult(m.group("mult1")), _mult(m.group("mult2"))
    cur = next((c for c in (m.group(g) for g in ("pre1", "cur1", "pre2", "cur2")) if c), None)
    if not (mult1 or mult2 or cur):
        return None
    lo, hi = _units(lo, mult1 or mult2), _units(hi, mult2 or mult1)
    currency = _CURRENCY[_norm(cur)] if cur else context.currency(m.start(), m.end())
    if not currency or lo >= hi:
        return None
    return ValueMatch(
        m.start(),
        m.end(),
        {
            "amount": _plain((Decimal(lo) + Decimal(hi)) / 2),
            "currency": currency,
            "qualifier": "range",
            "min": lo,
            "max": hi,
        },
    )


def _share_units(text: str, amounts: list[_Amount]) -> None:
    """In "100 miljard en 11 miljard dollar" the currency (and multiplier) is shared."""
    for left, right in zip(reversed(amounts[:-1]), reversed(amounts[1:]), strict=True):
        if not _LIST_GAP.fullmatch(text, left.end, right.start) or left.currency:
            continue
        if left.mult is None and right.mult and not _YEAR.fullmatch(str(left.number)):
            left.mult = right.mult
        if left.mult == right.mult or left.mult:
            left.currency = right.currency


def _is_money_word_after(text: str, a: _Amount) -> bool:
    """False for counts such as "1,4 miljard mensen"."""
    m = _NEXT_WORD.match(text, a.end)
    if not m:
        return True
    word = m.group(1).lower()
    return word in _FUNCTION_WORDS or bool(_CUES.match(word))


class _Context:
    """Currency evidence around an amount: mentions and money words nearby."""

    def __init__(self, text: str, default: str | None) -> None:
        self.text, self.default = text, default

    @cached_property
    def ends(self) -> list[int]:
        """Where the sentences end; found only when an amount without a currency asks."""
        return [m.end() for m in _SENTENCE_END.finditer(self.text)]

    def currency(self, start: int, end: int) -> str | None:
        i = bisect_right(self.ends, start)
        sentence_start = self.ends[i - 1] if i > 0 else 0
        window_start = self.ends[i - 2] if i > 1 else 0
        sentence_end = self.ends[i] if i < len(self.ends) else len(self.text)
        near = [
            (abs(m.start() - start), _CURRENCY[_norm(m.group())])
            for m in _CURRENCY_MENTION.finditer(self.text, window_start, sentence_end)
        ]
        if near:
            return min(near)[1]
        if _CUES.search(self.text, sentence_start, sentence_end):
            return DEFAULT_CURRENCY
        return self.default


def _mult(word: str | None) -> str | None:
    return word.lower().rstrip(".") if word else None


def _norm(phrase: str) -> str:
    return " ".join(phrase.split()).casefold()


def _units(number: Decimal, mult: str | None) -> int | float:
    return _plain(number * MULTIPLIERS[mult] if mult else number)


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
