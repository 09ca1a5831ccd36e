"""Dutch numbers in digits and words, and counted things."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kennisgraaf.ingest.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("twaalf", 12),
        ("vijfentwintig", 25),
        ("honderd", 100),
        ("duizend", 1000),
        ("negen", 9),
        ("anderhalf", 1.5),
        ("tweeduizend", 2000),
        ("tweeëntwintig", 22),
        ("driehonderdvijftig", 350),
        ("Zeven", 7),
        ("één", 1),
        ("25.000", 25000),
        ("1,5", 1.5),
        ("1.500.000,5", 1500000.5),
        ("honderden", None),
        ("en", None),
        ("tafel", None),
        ("1.2345", None),
        ("", None),
    ],
)
def test_parse_number(phrase, value):
    assert parse_number(phrase) == value


def counted(text):
    return [(text[m.start : m.end], m.value["number"]) for m in find_numbers(text)]


def test_counted_things():
    text = (
        "EuroHPC JU beschikt over negen supercomputers, waarvan drie in de top tien ter wereld. "
        "Er komen 25.000 gpu's en zeven AI-fabrieken voor 2,1 miljard euro in 2025. "
        "Het land telt 2 miljoen inwoners en een boek op 29 januari, 5 procent."
    )
    assert counted(text) == [
        ("negen supercomputers", 9),
        ("25.000 gpu's", 25000),
        ("zeven AI-fabrieken", 7),
        ("2 miljoen inwoners", 2_000_000),
    ]


def test_the_match_reaches_past_adjectives_to_the_noun():
    assert counted("met zeven observerende landen") == [("zeven observerende landen", 7)]
    assert counted("zeven nieuwe of verbeterde fabrieken") == [("zeven nieuwe", 7)]
    assert counted("Er zijn er twee waar het om gaat.") == []


@given(st.integers(1, 99))
def test_digits_before_a_noun(n):
    assert counted(f"Er staan {n} servers.") == [(f"{n} servers", n)]


@given(st.text())
def test_never_crashes(text):
    find_numbers(text)
