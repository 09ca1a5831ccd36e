"""Dutch date expressions, resolved against the article date."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kennisgraaf.errors import UsageError
from kennisgraaf.ingest.data.values import lines, rows
from kennisgraaf.ingest.dates import find_dates, parse_iso_partial

MONTH_NAMES = [r[0] for r in rows("months.tsv") if r[2:] != ["abbr"]]
WEEKDAYS = lines("weekdays.txt")


def dates(text, article_date="2025-01"):
    return [(text[m.start : m.end], m.value["date"]) for m in find_dates(text, article_date)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dat gebeurt in december.", [("december", "2025-12")]),
        ("Dat gebeurde in december 2024.", [("december 2024", "2024-12")]),
        ("Op 29 januari komt het plan.", [("29 januari", "2025-01-29")]),
        (
            "De Commissie komt woensdag 29 januari met maatregelen.",
            [("woensdag 29 januari", "2025-01-29")],
        ),
        ("Eind dit jaar is het klaar.", [("Eind dit jaar", "2025")]),
        ("begin volgend jaar", [("begin volgend jaar", "2026")]),
        ("het model dat vorige maand een hype werd", [("vorige maand", "2024-12")]),
        ("volgende maand", [("volgende maand", "2025-02")]),
        ("De fabriek draait in 2027.", [("2027", "2027")]),
        ("vanaf 2026 operationeel", [("2026", "2026")]),
        ("medio 2026", [("medio 2026", "2026")]),
        ("in het eerste kwartaal van 2026", [("het eerste kwartaal van 2026", "2026")]),
        ("op 2025-03-01", [("2025-03-01", "2025-03-01")]),
        ("op 1 maart 2025", [("1 maart 2025", "2025-03-01")]),
        ("op 3-4-2025", [("3-4-2025", "2025-04-03")]),
        ("over twee jaar", [("over twee jaar", "2027")]),
        ("tussen 2021 en 2027.", [("2021", "2021"), ("2027", "2027")]),
        ("Er werken 2000 mensen.", []),  # a count, not a year
        ("Jan de Vries zegt", []),  # "jan" is a month only next to a day or year
    ],
)
def test_find_dates(text, expected):
    assert dates(text) == expected


def test_without_article_date_only_absolute_dates_resolve():
    text = "In december, vorige maand en eind dit jaar; in 2027 en op 1 maart 2025."
    assert dates(text, None) == [("2027", "2027"), ("1 maart 2025", "2025-03-01")]


def test_relative_days_need_a_day():
    assert dates("gisteren", "2025-03") == []
    assert dates("gisteren", "2025-03-01") == [("gisteren", "2025-02-28")]
    assert dates("vorige maand", "2025") == []


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2025", "2025"),
        ("2025-01", "2025-01"),
        ("2025-01-29", "2025-01-29"),
        (" 2024-02-29 ", "2024-02-29"),
        ("2025-01-29T10:00:00Z", "2025-01-29"),
    ],
)
def test_parse_iso_partial(raw, iso):
    assert parse_iso_partial(raw) == iso


@pytest.mark.parametrize("raw", ["25", "2025-13", "2025-02-30", "januari 2025", "", "2025/01"])
def test_parse_iso_partial_refuses(raw):
    with pytest.raises(UsageError, match="2025-01-29"):
        parse_iso_partial(raw)


days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@given(days, st.booleans())
def test_dutch_dates_parse_back(day, weekday):
    prefix = WEEKDAYS[day.weekday()] + " " if weekday else ""
    text = f"Het besluit viel op {prefix}{day.day} {MONTH_NAMES[day.month - 1]} {day.year}."
    assert dates(text, None) == [(text[20:-1], day.isoformat())]


@given(days)
def test_month_and_year_parse_back(day):
    text = f"Sinds {MONTH_NAMES[day.month - 1]} {day.year} draait het."
    assert [d for _, d in dates(text, None)] == [day.isoformat()[:7]]


@given(days, st.integers(-1, 1))
def test_relative_months_resolve(day, offset):
    phrase = {-1: "vorige maand", 0: "deze maand", 1: "volgende maand"}[offset]
    index = day.year * 12 + day.month - 1 + offset
    assert dates(phrase, day.isoformat()) == [(phrase, f"{index // 12:04d}-{index % 12 + 1:02d}")]


@given(st.text())
def test_never_crashes(text):
    for article_date in (None, "2025", "2025-01-29"):
        find_dates(text, article_date)
