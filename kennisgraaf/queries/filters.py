"""Conditions on values a question states: amounts ("minder dan 100 miljoen euro") and
sectors ("gespecialiseerd in gezondheid").

Amount words come from ``cues.tsv`` (below, above) and ``numbers.tsv`` (number words
and scales); sector words from the extraction's own table (``ingest/data/rules/
sectors.tsv``), so that a question names a sector the way the graph stores it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files

from kennisgraaf.queries.lookup import tokens

MAX_SECTOR_WORDS = 3


@dataclass(frozen=True)
class Threshold:
    """``amount`` (in units) and how a value compares to it: "<", ">"."""

    op: str
    amount: Decimal
    start: int
    end: int  # the words of the condition, cue to scale word


def threshold(words: list[str], raw: str, cue_ends: dict[int, str],
              numbers: dict[str, str]) -> Threshold | None:
    """The first amount after a "below"/"above" cue: digits or a number word, a decimal
    part where the question writes one ("1,5 miljard"), then a scale word."""
    for end, op in sorted(cue_ends.items()):
        i = end
        while i < len(words) and words[i] in ("ca", "circa", "about", "ongeveer", "eur", "euro"):
            i += 1
        if i >= len(words):
            continue
        first = numbers.get(words[i], words[i])
        if not first.isdigit():
            continue
        text, j = first, i + 1
        if j < len(words) and words[j].isdigit() and (
                f"{words[i]},{words[j]}" in raw or f"{words[i]}.{words[j]}" in raw):
            # "1,5" is a decimal; "100.000" groups thousands
            text += ("" if len(words[j]) == 3 else ".") + words[j]
            j += 1
        try:
            amount = Decimal(text)
        except InvalidOperation:
            continue
        if j < len(words) and numbers.get(words[j], "").startswith("1000"):
            amount *= Decimal(numbers[words[j]])
            j += 1
        return Threshold(op, amount, end, j)
    return None


@cache
def sector_words() -> dict[tuple[str, ...], str]:
    """Folded word sequences -> the sector value the graph stores ("gezondheid" -> health)."""
    folder = files("kennisgraaf.ingest").joinpath("data").joinpath("rules")
    try:
        text = folder.joinpath("sectors.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    rows = csv.reader((ln for ln in text.splitlines() if ln and not ln.startswith("#")),
                      delimiter="\t")
    next(rows)
    out: dict[tuple[str, ...], str] = {}
    for word, sector, *_ in rows:
        out[tuple(tokens(word))] = sector
        out[tuple(tokens(sector))] = sector  # the stored English word itself: "climate"
    return out


def sectors(words: list[str], skip: set[int]) -> tuple[list[str], set[int]]:
    """Sector values the question names, and the positions of their words."""
    table = sector_words()
    found: list[str] = []
    used: set[int] = set()
    i = 0
    while i < len(words):
        for n in range(MAX_SECTOR_WORDS, 0, -1):
            span = tuple(words[i:i + n])
            if len(span) == n and span in table and not set(range(i, i + n)) & skip:
                found.append(table[span])
                used |= set(range(i, i + n))
                i += n
                break
        else:
            i += 1
    return list(dict.fromkeys(found)), used
