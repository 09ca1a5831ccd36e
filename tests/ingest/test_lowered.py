"""The lower-cased fast path of the value patterns finds what the IGNORECASE patterns find."""

import pytest

from kennisgraaf.ingest import dates, money, numbers
from kennisgraaf.ingest.dates import _ANCHORS as DATE_ANCHORS
from kennisgraaf.ingest.dates import find_dates
from kennisgraaf.ingest.money import _ANCHORS as MONEY_ANCHORS
from kennisgraaf.ingest.money import find_money, windows
from kennisgraaf.ingest.numbers import find_numbers, lowered

TEXTS = [
    "Het kost 2,5 MILJARD Euro en VIJFTIEN supercomputers staan in 2025 klaar.",
    "De Bank betaalt $80 Miljard; zeventien nieuwe AI-Fabrieken volgen in Maart 2026.",
    "ĲSSEL krijgt €1,2 mld. voor twaalf GPU's",
]


@pytest.mark.parametrize("text", ["İstanbul betaalt 5 miljard", "ı en ſ", "Σ"])
def test_lowered_refuses_what_would_shift_or_match_otherwise(text):
    low = lowered(text)
    assert low is None or (len(low) == len(text) and "ı" not in low and "ſ" not in low)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("anchors, digits", [(MONEY_ANCHORS, False), (DATE_ANCHORS, True)])
def test_windows_same_as_ignorecase(text, anchors, digits, monkeypatch):
    fast = windows(text, anchors, 10, 5, digits=digits)
    monkeypatch.setattr(money, "lowered", lambda text: None)  # the IGNORECASE path
    assert fast == windows(text, anchors, 10, 5, digits=digits)


@pytest.mark.parametrize("text", TEXTS)
def test_counted_same_as_ignorecase(text, monkeypatch):
    fast = find_numbers(text, taken=[])
    monkeypatch.setattr(numbers, "lowered", lambda text: None)
    assert fast == find_numbers(text, taken=[])


def test_counted_numbers_in_capitals():
    assert [m.value for m in find_numbers("VIJFTIEN Supercomputers en 25.000 GPU's", taken=[])] \
        == [{"number": 15}, {"number": 25000}]


@pytest.mark.parametrize("text", [*TEXTS, "Op Woensdag 3 MAART 2026, VORIGE MAAND en over TWEE jaar: Q3 2027."])
def test_dates_same_as_ignorecase(text, monkeypatch):
    fast = find_dates(text, "2026-03-01")
    monkeypatch.setattr(dates, "lowered", lambda text: None)
    assert fast == find_dates(text, "2026-03-01")


@pytest.mark.parametrize("text", [*TEXTS, "Tussen 5 EN 7 MILJARD Euro", "Van 2 TOT 4 Miljoen DOLLAR",
                                  "CHF 12,5 Mio en ruim 3 Miljard Zloty"])
def test_money_same_as_ignorecase(text, monkeypatch):
    fast = find_money(text)
    monkeypatch.setattr(money, "lowered", lambda text: None)
    assert fast == find_money(text)
