"""The "kg_values" component: money, dates and counted numbers as span groups.

Each span carries ``span._.value``, the value object of domain.md
(``{"amount": ..., "currency": ...}``, ``{"date": "2025-12"}``,
``{"number": 9}``). Dates are resolved against ``doc._.article_date``, which
the caller sets before the pipeline runs. The text itself is never changed.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kennisgraaf.ingest.components.sentences import text_of
from kennisgraaf.ingest.dates import find_dates
from kennisgraaf.ingest.money import ValueMatch, find_money
from kennisgraaf.ingest.numbers import find_numbers

if not Span.has_extension("value"):
    Span.set_extension("value", default=None)
if not Doc.has_extension("article_date"):
    Doc.set_extension("article_date", default=None)


@Language.factory(
    "kg_values",
    default_config={"money_key": "money", "dates_key": "dates", "numbers_key": "numbers"},
)
def make_values(
    nlp: Language, name: str, *, money_key: str, dates_key: str, numbers_key: str
) -> ValueAnnotator:
    """Build the component.

    money_key: the ``doc.spans`` key for sums of money.
    dates_key: the ``doc.spans`` key for dates.
    numbers_key: the ``doc.spans`` key for counted numbers ("negen supercomputers").
    """
    return ValueAnnotator(money_key=money_key, dates_key=dates_key, numbers_key=numbers_key)


class ValueAnnotator:
    """Finds the values in ``doc.text`` and stores them as spans with ``._.value``."""

    def __init__(self, *, money_key: str, dates_key: str, numbers_key: str) -> None:
        self.money_key, self.dates_key, self.numbers_key = money_key, dates_key, numbers_key

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        money = find_money(text)
        dates = find_dates(text, doc._.article_date)
        numbers = find_numbers(text, taken=money + dates)
        doc.spans[self.money_key] = _spans(doc, money)
        doc.spans[self.dates_key] = _spans(doc, dates)
        doc.spans[self.numbers_key] = _spans(doc, numbers)
        return doc


def _spans(doc: Doc, matches: list[ValueMatch]) -> list[Span]:
    spans = []
    for match in matches:
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if span is not None:
            span._.value = match.value
            spans.append(span)
    return spans
