"""The extraction's world knowledge, read once from ``kennisgraaf/ingest/data``.

Gazetteer entries (countries from pycountry joined with hand-written adjectives and
QIDs, places, names) and the rule word lists. Every file starts with a ``# source:``
line saying where it came from, then a header row.
"""

from __future__ import annotations

import gettext
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import pycountry

DATA = files("kennisgraaf.ingest") / "data"
WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass
class Entry:
    """One thing the gazetteer knows: its type, canonical label, every name, QID."""

    type: str
    label: str
    names: list[str]
    qid: str = ""
    country: str = ""  # alpha-2 of the country a place lies in or a firm comes from
    adjectives: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.type}|{self.label}"


def table(*path: str) -> list[dict[str, str]]:
    """Rows of a TSV data file as dicts keyed by its header; the source line is skipped."""
    text = DATA.joinpath(*path).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = line.split("\t") + [""] * len(header)
        rows.append({h: cells[i].strip() for i, h in enumerate(header)})
    return rows


def fold(text: str) -> str:
    """Lower case without accents or punctuation: the key for fuzzy and alias comparison."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if c.isalnum())


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


@dataclass
class Lexicon:
    entries: list[Entry]
    by_key: dict[str, Entry]
    adjective_country: dict[str, str]  # "Franse" -> key of Frankrijk
    country_by_alpha2: dict[str, str]  # "FR" -> key of Frankrijk
    cues_before: dict[str, str]
    cues_after: dict[str, str]
    heads: list[tuple[str, str, str]]
    sectors: dict[str, str]
    triggers: dict[str, set[str]]
    never: frozenset[str] = frozenset()  # capitalised words never part of a context name
    alone: frozenset[str] = frozenset()  # words that are no name on their own ("AI")
    first_names: frozenset[str] = frozenset()
    by_name: dict[tuple[str, str], Entry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = {(e.type, fold(n)): e for e in self.entries for n in e.names}

    def lookup(self, type_: str, name: str) -> Entry | None:
        """The entry of that type with that name (accent- and case-insensitive)."""
        return self.by_name.get((type_, fold(name)))


def _countries() -> list[Entry]:
    nl = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    extra = {r["alpha2"]: r for r in table("gazetteer", "countries.tsv")}
    entries = []
    for country in pycountry.countries:
        row = extra.get(country.alpha_2)
        if row is None:
            continue  # only states the hand-written table vouches for (adjectives, QID)
        dutch = nl.gettext(getattr(country, "common_name", None) or country.name)
        names = _split(row["names"])
        label = names[0] if names else dutch
        all_names = [label, dutch, country.name, *names]
        entries.append(Entry("Country", label, list(dict.fromkeys(all_names)), row["qid"],
                             country.alpha_2, _split(row["adjectives"])))
    for alpha2, row in extra.items():  # former states pycountry does not list (Sovjet-Unie)
        if not any(e.country == alpha2 for e in entries):
            names = _split(row["names"])
            entries.append(Entry("Country", names[0], names, row["qid"], alpha2,
                                 _split(row["adjectives"])))
    return entries


def _named(path: str) -> list[Entry]:
    return [Entry(r["type"], r["label"], [r["label"], *_split(r["aliases"])], r["qid"],
                  r["country"]) for r in table("gazetteer", path)]


@cache
def lexicon() -> Lexicon:
    entries = _countries() + _named("places.tsv") + _named("names.tsv")
    by_key = {e.key: e for e in entries}
    countries = [e for e in entries if e.type == "Country"]
    generic = table("rules", "generic_words.tsv")
    return Lexicon(
        entries=entries,
        by_key=by_key,
        adjective_country={a: e.key for e in countries for a in e.adjectives},
        country_by_alpha2={e.country: e.key for e in countries},
        cues_before={r["cue"]: r["type"] for r in table("rules", "cues_before.tsv")},
        cues_after={r["cue"]: r["type"] for r in table("rules", "cues_after.tsv")},
        heads=[(r["word"], r["type"], r["where"]) for r in table("rules", "name_heads.tsv")],
        sectors={r["word"]: r["sector"] for r in table("rules", "sectors.tsv")},
        triggers={r["relation"]: set(_split(r["words"])) for r in table("rules", "triggers.tsv")},
        never=frozenset(r["word"] for r in generic if r["kind"] == "never"),
        alone=frozenset(r["word"] for r in generic if r["kind"] == "alone"),
        first_names=frozenset(DATA.joinpath("rules", "first_names.txt").read_text(
            encoding="utf-8").split("\n", 1)[1].split()),
    )


def same_as(qid: str) -> list[str]:
    """The sameAs IRIs of an entity with that Wikidata QID (none without one)."""
    return [WIKIDATA + qid] if qid else []
