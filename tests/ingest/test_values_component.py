"""The kg_values pipeline component on a blank Dutch pipeline."""

import pytest
import spacy
from spacy.tokens import Doc, Span

import kennisgraaf.ingest.components  # noqa: F401  (registers the factories)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("nl")
    nlp.add_pipe("kg_values")
    return nlp


def run(nlp, text, article_date=None):
    doc = nlp.make_doc(text)
    doc._.article_date = article_date
    return nlp(doc)


def test_span_groups_carry_values(nlp):
    doc = run(
        nlp,
        "Vorige maand kwamen er negen supercomputers bij voor zo'n 4 miljard euro, "
        "en Google en Amazon geven respectievelijk 100 miljard en 11 miljard dollar uit.",
        "2025-01",
    )
    assert [(s.text, s._.value) for s in doc.spans["dates"]] == [
        ("Vorige maand", {"date": "2024-12"})
    ]
    assert [(s.text, s._.value) for s in doc.spans["numbers"]] == [
        ("negen supercomputers", {"number": 9})
    ]
    assert [(s.text, s._.value["amount"], s._.value["currency"]) for s in doc.spans["money"]] == [
        ("zo'n 4 miljard euro", 4_000_000_000, "EUR"),
        ("100 miljard", 100_000_000_000, "USD"),
        ("11 miljard dollar", 11_000_000_000, "USD"),
    ]


def test_without_article_date_relative_dates_are_left_out(nlp):
    doc = nlp("Eind dit jaar en in 2027.")
    assert [s._.value for s in doc.spans["dates"]] == [{"date": "2027"}]
    assert Doc.has_extension("article_date") and Span.has_extension("value")


def test_settings_choose_the_span_keys():
    nlp = spacy.blank("nl")
    nlp.add_pipe(
        "kg_values", config={"money_key": "geld", "dates_key": "data", "numbers_key": "aantal"}
    )
    doc = nlp("Op 1 maart 2025 kwam er 5 miljoen euro voor drie fabrieken.")
    assert [len(doc.spans[k]) for k in ("geld", "data", "aantal")] == [1, 1, 1]


def test_pipeline_config_round_trip(nlp):
    again = spacy.blank("nl").from_config(nlp.config)
    assert again.pipe_names == ["kg_values"]


def test_seed_corpus_values(nlp):
    from kennisgraaf.ingest.reader import read_sources
    from tests.conftest import shared_path

    articles = list(read_sources([shared_path("corpus", "seeds")]))
    found = {}
    for article in articles:
        doc = run(nlp, article.text, article.date)
        found[article.id] = doc
    amounts = {s._.value["amount"] for doc in found.values() for s in doc.spans["money"]}
    for expected in (
        600_000_000,
        85_000_000,
        30_000_000,
        198_000_000,
        109_000_000_000,
        6_000_000,
        500_000_000_000,
        2_100_000_000,
        8_000_000_000,
        80_000_000_000,
        11_000_000_000,
    ):
        assert expected in amounts
    news = found["001_2cd4202aafbeafbb"]
    assert ("woensdag 29 januari", {"date": "2025-01-29"}) in [
        (s.text, s._.value) for s in news.spans["dates"]
    ]
