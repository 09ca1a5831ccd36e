"""Dutch date expressions -> reduced ISO dates, resolved against the article date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kennisgraaf.errors import UsageError
from kennisgraaf.ingest.data.values import lines, rows
from kennisgraaf.ingest.money import ValueMatch, windows
from kennisgraaf.ingest.numbers import LOWER_CASE_WORDS, NUMBER, lowered, parse_decimal

_ISO = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"  # a time, ignored
)


def parse_iso_partial(s: str) -> str:
    """Check a reduced ISO date ("2025", "2025-01", "2025-01-29") and return it.

    A full timestamp ("2025-01-29T10:00:00Z") is cut back to its date.
    Raises UsageError for anything else.
    """
    m = _ISO.fullmatch(s.strip())
    if m:
        year, month, day = m.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            pass
        else:
            return "-".join(p for p in (year, month, day) if p)
    raise UsageError(f"{s!r} is not a date; write it as 2025, 2025-01 or 2025-01-29")


@dataclass(frozen=True)
class _Ref:
    """The article date, as far as it is known."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, article_date: str | None) -> _Ref:
        if not article_date:
            return cls()
        parts = [int(p) for p in parse_iso_partial(article_date).split("-")]
        return cls(*parts)


MONTHS = {row[0]: int(row[1]) for row in rows("months.tsv")}
_FULL = [row[0] for row in rows("months.tsv") if row[2:] != ["abbr"]]
_ABBR = [row[0] for row in rows("months.tsv") if row[2:] == ["abbr"]]
_RELATIVE = {row[0]: (row[1], int(row[2])) for row in rows("relative_dates.tsv")}
_YEAR_CUES = frozenset(lines("year_cues.txt"))


def _words(words: list[str] | tuple[str, ...]) -> str:
    return (
        "(?:"
        + "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
        )
        + ")"
    )


def _opening(*words: list[str], digit: bool = False) -> str:
    """A match of the patterns below opens outside a word, with one of ``words`` (or a
    digit): testing that first passes every other position at once."""
    firsts = re.escape("".join(sorted({w[0] for group in words for w in group})))
    return rf"(?<!\w)(?=[{firsts}\d])" if digit else rf"(?<!\w)(?=[{firsts}])"


_MODIFIERS = tuple(w.lower() for w in lines("date_modifiers.txt"))  # "Q1": matched ignoring case
_WEEKDAYS = lines("weekdays.txt")
_MOD = rf"(?:(?P<mod>(?<!\w){_words(_MODIFIERS)})\s+)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d|2100)"
_MONTH_ANY = rf"(?P<mon>{_words(_FULL)}|{_words(_ABBR)}\.?)"
_F = re.IGNORECASE

_ISO_DATE = re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])")
_NUMERIC = re.compile(
    r"(?<![\d./-])(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)"
)
_DAY_MONTH = re.compile(
    rf"{_opening(_WEEKDAYS, digit=True)}(?:{_words(_WEEKDAYS)}\s+)?(?P<day>\d{{1,2}})\s+{_MONTH_ANY}"
    rf"(?:\s+{_YEAR})?(?!\w)",
    _F,
)
_MONTH = re.compile(
    rf"{_opening(_MODIFIERS, _FULL, _ABBR)}{_MOD}(?<!\w)(?:(?P<mon>{_words(_FULL)})(?:\s+{_YEAR})?"
    rf"|(?P<abbr>{_words(_ABBR)})\.?\s+(?P<year2>1[89]\d\d|20\d\d))(?!\w)",
    _F,
)
_REL = re.compile(rf"{_opening(_MODIFIERS, list(_RELATIVE))}{_MOD}(?<!\w)(?P<rel>{_words(list(_RELATIVE))})(?!\w)", _F)
_IN_YEARS = re.compile(
    rf"(?<!\w)(?:over\s+(?P<ahead>{NUMBER})\s+jaar|(?P<ago>{NUMBER})\s+jaar\s+geleden)(?!\w)", _F
)
_BARE_YEAR = re.compile(rf"{_opening(_MODIFIERS, digit=True)}{_MOD}(?<![\w.,€$£/-]){_YEAR}(?![\w/-]|[.,]\d)", _F)
_WORD_BEFORE = re.compile(r"(\S+)\s*\Z")
# Every date expression holds a digit, a month or the last word of a relative phrase.
_ANCHORS = frozenset([*MONTHS, "jaar", *(phrase.split()[-1] for phrase in _RELATIVE)])


def find_dates(text: str, article_date: str | None) -> list[ValueMatch]:
    """Every date the text states, as {"date": reduced ISO}, in text order.

    Relative dates ("vorige maand", "29 januari", "december") are resolved
    against ``article_date``; without it they are left out. Quarters, halves
    and seasons reduce to their year.
    """
    ref = _Ref.parse(article_date)
    spans = windows(text, _ANCHORS, 60, 15, digits=True)
    found: list[ValueMatch] = []
    low = lowered(text) if _FOLDABLE else None
    for pattern, folded, resolve in _RULES:
        matches = (m for start, end in spans
                   for m in (folded.finditer(low, start, end) if low else
                             pattern.finditer(text, start, end)))
        for m in matches:
            if any(v.start < m.end() and m.start() < v.end for v in found):
                continue
            date = resolve(m, ref, text)
            if date:
                found.append(ValueMatch(m.start(), m.end(), {"date": date}))
    return sorted(found, key=lambda v: v.start)


def _iso(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    if year is None:
        return None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return "-".join([f"{year:04d}"] + [f"{p:02d}" for p in (month, day) if p])


def _full_date(m: re.Match, ref: _Ref, text: str) -> str | None:
    return _iso(int(m.group("year")), int(m.group("month")), int(m.group("day")))


def _day_month(m: re.Match, ref: _Ref, text: str) -> str | None:
    year = int(m.group("year")) if m.group("year") else ref.year
    return _iso(year, MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("day")))


def _month(m: re.Match, ref: _Ref, text: str) -> str | None:
    name = (m.group("mon") or m.group("abbr")).lower()
    year = m.group("year") or m.group("year2")
    return _iso(int(year) if year else ref.year, MONTHS[name])


def _relative(m: re.Match, ref: _Ref, text: str) -> str | None:
    unit, offset = _RELATIVE[" ".join(m.group("rel").lower().split())]
    if unit == "year":
        return _iso(ref.year + offset) if ref.year else None
    if unit == "month":
        if not (ref.year and ref.month):
            return None
        index = ref.year * 12 + ref.month - 1 + offset
        return _iso(index // 12, index % 12 + 1)
    if not (ref.year and ref.month and ref.day):
        return None
    return (dt.date(ref.year, ref.month, ref.day) + dt.timedelta(days=offset)).isoformat()


def _years_away(m: re.Match, ref: _Ref, text: str) -> str | None:
    count = parse_decimal(m.group("ahead") or m.group("ago"))
    if not ref.year or count is None or count != count.to_integral_value() or count > 100:
        return None
    return _iso(ref.year + int(count) * (1 if m.group("ahead") else -1))


def _bare_year(m: re.Match, ref: _Ref, text: str) -> str | None:
    before = _WORD_BEFORE.search(text, max(0, m.start() - 20), m.start())
    after = text[m.end() : m.end() + 1]
    if (
        m.group("mod")
        or not after
        or after in ".,;:!?)\n"
        or (before and before.group(1).lower() in _YEAR_CUES)
    ):
        return _iso(int(m.group("year")))
    return None


# Each pattern with its twin for lower-cased text (see numbers.lowered), which matches the
# same about twice as fast; the resolvers read words lower-cased and the text as written.
_FOLDABLE = LOWER_CASE_WORDS and all(
    w == w.lower() for w in [*MONTHS, *_RELATIVE, *_MODIFIERS, *_WEEKDAYS])
_RULES = tuple(
    (pattern, re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE), resolve)
    for pattern, resolve in (
        (_ISO_DATE, _full_date),
        (_NUMERIC, _full_date),
        (_DAY_MONTH, _day_month),
        (_MONTH, _month),
        (_REL, _relative),
        (_IN_YEARS, _years_away),
        (_BARE_YEAR, _bare_year),
    )
)
