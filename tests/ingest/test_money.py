"""Dutch sums of money into domain.md money values."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kennisgraaf.ingest.data.values import rows
from kennisgraaf.ingest.money import ValueMatch, find_money, parse_money

E6, E9 = 1_000_000, 1_000_000_000


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("1,5 miljard euro", {"amount": 1_500_000_000, "currency": "EUR"}),
        ("€200 miljoen", {"amount": 200 * E6, "currency": "EUR"}),
        ("€ 1,2 mld", {"amount": 1_200_000_000, "currency": "EUR"}),
        ("ruim 71 miljoen euro", {"amount": 71 * E6, "currency": "EUR", "qualifier": "min"}),
        ("meer dan 600 miljoen", {"amount": 600 * E6, "currency": "EUR", "qualifier": "min"}),
        ("> 600 miljoen euro", {"amount": 600 * E6, "currency": "EUR", "qualifier": "min"}),
        (
            "tussen de 200 en 300 miljoen euro",
            {
                "amount": 250 * E6,
                "currency": "EUR",
                "qualifier": "range",
                "min": 200 * E6,
                "max": 300 * E6,
            },
        ),
        (
            "200 tot 300 miljoen euro",
            {
                "amount": 250 * E6,
                "currency": "EUR",
                "qualifier": "range",
                "min": 200 * E6,
                "max": 300 * E6,
            },
        ),
        ("80 miljard dollar", {"amount": 80 * E9, "currency": "USD"}),
        ("$80 miljard", {"amount": 80 * E9, "currency": "USD"}),
        ("ongeveer 50 miljard euro", {"amount": 50 * E9, "currency": "EUR", "qualifier": "approx"}),
        ("zo’n 50 miljard euro", {"amount": 50 * E9, "currency": "EUR", "qualifier": "approx"}),
        ("circa 50 miljard euro", {"amount": 50 * E9, "currency": "EUR", "qualifier": "approx"}),
        ("rond de 50 miljard euro", {"amount": 50 * E9, "currency": "EUR", "qualifier": "approx"}),
        ("bijna 50 miljard euro", {"amount": 50 * E9, "currency": "EUR", "qualifier": "max"}),
        ("minder dan 5 miljoen euro", {"amount": 5 * E6, "currency": "EUR", "qualifier": "max"}),
        ("maximaal 5 miljoen pond", {"amount": 5 * E6, "currency": "GBP", "qualifier": "max"}),
        (
            "tot 5 miljoen Zwitserse frank",
            {"amount": 5 * E6, "currency": "CHF", "qualifier": "max"},
        ),
        ("85 miljoen euro", {"amount": 85 * E6, "currency": "EUR"}),
        ("30.000 euro", {"amount": 30_000, "currency": "EUR"}),
        ("2,1 miljard", {"amount": 2_100_000_000, "currency": "EUR"}),
        ("twee miljard euro", {"amount": 2 * E9, "currency": "EUR"}),
        ("anderhalf miljard euro", {"amount": 1_500_000_000, "currency": "EUR"}),
        ("een half miljard", {"amount": 500 * E6, "currency": "EUR"}),
        ("5 miljard yen of meer", {"amount": 5 * E9, "currency": "JPY", "qualifier": "min"}),
        ("honderden miljarden", None),
        ("geen bedrag", None),
    ],
)
def test_parse_money(phrase, value):
    assert parse_money(phrase) == value


def spans(text):
    return [(text[m.start : m.end], m.value) for m in find_money(text)]


def test_amounts_in_a_list_share_unit_and_currency():
    text = "Google en Amazon volgen met respectievelijk 100 miljard en 11 miljard dollar."
    assert spans(text) == [
        ("100 miljard", {"amount": 100 * E9, "currency": "USD"}),
        ("11 miljard dollar", {"amount": 11 * E9, "currency": "USD"}),
    ]
    assert [m.value["amount"] for m in find_money("met 100 en 11 miljard dollar")] == [
        100 * E9,
        11 * E9,
    ]


def test_currency_comes_from_the_sentence_or_a_money_word():
    assert spans("Het budget is meer dan 600 miljoen.") == [
        ("meer dan 600 miljoen", {"amount": 600 * E6, "currency": "EUR", "qualifier": "min"})
    ]
    assert spans("De VS betalen 5 miljard dollar, Japan 2 miljard.")[1][1]["currency"] == "USD"
    assert spans("In China wonen 1,4 miljard mensen.") == []  # a count, not money
    assert spans("De Commissie maakt 2,1 miljard vrij.") == []  # no currency, no money word
    assert spans("Bedrijven willen 500 miljard investeren.")[0][1]["currency"] == "EUR"


def test_vague_amounts_are_not_matched():
    assert find_money("de benodigde honderden miljarden niet") == []
    assert find_money("Het kost miljoenen euro's.") == []


def test_seed_sentences():
    text = (
        "Finland | Kajaani | LUMI AI Factory | Niet helemaal | > 600 miljoen euro |\n"
        "De aanleg wordt geschat tussen de 200 en 300 miljoen euro. Microsoft pompt "
        "bijvoorbeeld 80 miljard dollar in AI."
    )
    assert [v for _, v in spans(text)] == [
        {"amount": 600 * E6, "currency": "EUR", "qualifier": "min"},
        {
            "amount": 250 * E6,
            "currency": "EUR",
            "qualifier": "range",
            "min": 200 * E6,
            "max": 300 * E6,
        },
        {"amount": 80 * E9, "currency": "USD"},
    ]
    assert spans(text)[0][0] == "> 600 miljoen euro"


def test_match_offsets_and_type():
    match = find_money("Zo'n 4 miljard euro.")[0]
    assert match == ValueMatch(0, 19, {"amount": 4 * E9, "currency": "EUR", "qualifier": "approx"})


def dutch(number: Decimal) -> str:
    """Dutch notation: "." between thousands, "," before decimals."""
    whole, _, frac = f"{number:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + frac if frac else "")


CURRENCIES = [("euro", "EUR"), ("€", "EUR"), ("dollar", "USD"), ("$", "USD"), ("pond", "GBP")]
QUALIFIERS = [(r[0], r[1]) for r in rows("qualifiers.tsv") if r[2] == "pre"]


@settings(max_examples=300)
@given(
    st.decimals(min_value=1, max_value=999_999, places=1).filter(lambda d: d >= 1),
    st.sampled_from([("", 1), ("miljoen", 10**6), ("miljard", 10**9), ("mld", 10**9)]),
    st.sampled_from(CURRENCIES),
    st.sampled_from([("", None)] + QUALIFIERS),
)
def test_dutch_amounts_parse_back(number, multiplier, currency, qualifier):
    (word, factor), (form, code), (qword, qual) = multiplier, currency, qualifier
    amount = dutch(number) + (" " + word if word else "")
    phrase = f"{form}{amount}" if form in "€$" else f"{amount} {form}"
    value = parse_money(f"Het kost {qword} {phrase}.".replace("  ", " "))
    expected = number * factor
    assert value["amount"] == (int(expected) if expected == int(expected) else float(expected))
    assert value["currency"] == code
    assert value.get("qualifier") == qual


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            list("0123456789.,€$ ")
            + ["miljard", "euro", " en ", " tot ", "tussen de ", "ruim", "a"]
        )
    ).map("".join)
)
def test_never_crashes_on_money_like_text(text):
    for match in find_money(text):
        assert 0 <= match.start < match.end <= len(text)
        assert match.value["amount"] >= 0 and match.value["currency"]


@given(st.text())
def test_never_crashes_on_any_text(text):
    find_money(text)
