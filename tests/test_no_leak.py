"""Nothing of the invented test set may reach the package (issues 3 and 5).

The articles in tests/data/articles measure whether extraction and questions generalise;
that holds only while no gazetteer, pattern, query or code file knows their invented
names, their sums or the wording of their questions.
"""

import json
import re
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, SHARED

PACKAGE = ROOT / "kennisgraaf"
ARTICLES = [DATA / "articles", DATA / "holdout"]
# The blind held-out set (holdout.json) is guarded like the first invented set.
GOLD = {"articles": {k: v for name in ("invented.json", "holdout.json") for k, v in json.loads(
    (DATA / "gold" / name).read_text(encoding="utf-8"))["articles"].items()}}
QUESTIONS = json.loads((DATA / "gold" / "questions-invented.json").read_text(encoding="utf-8"))

# Places are stable world knowledge that a gazetteer may rightly hold.
PLACE_TYPES = {"Country", "City", "Region"}
# Entities of the invented articles that are real and may be known: those the seed
# gold also has, and real public bodies and universities.
REAL = {
    "EuroHPC JU", "Europese Commissie", "Europese Unie", "Economische Zaken",
    "Digital Europe Programme", "LUMI AI Factory", "HammerHAI", "BSC AI", "ChatGPT",
    "OpenAI", "Anthropic", "Nvidia",
    "ministerie van Digitale Zaken", "provincie Drenthe", "Tweede Kamer", "Vlaamse overheid",
    "Europese herstelfonds", "Rijksuniversiteit Groningen", "Universiteit Utrecht",
    "Aarhus Universitet", "Kopenhaagse Universiteit", "Ruhr-Universität Bochum",
    "Masaryk-universiteit",
    "Europese Investeringsbank", "ministerie van Onderwijs, Cultuur en Wetenschap",
    "provincie Limburg", "provincie Overijssel", "gemeente Deventer", "Universiteit Maastricht",
    "Open Universiteit", "Universiteit Twente", "Saxion", "Universidade de Coimbra",
    "Technische Universität Graz", "universiteit van Plovdiv", "Rathenau Instituut",
}
MIN_LENGTH = 4
# Money as the articles write it: "143 miljoen euro", "€59 miljoen", "88 tot 112 miljoen euro".
MONEY = re.compile(
    r"(?<![\d.,])(?:€\s?)?\d[\d.,]*(?:\s+(?:tot|en)\s+\d[\d.,]*)?\s+(?:miljoen|miljard)"
    r"(?:\s+(?:euro|dollar))?", re.IGNORECASE)


def invented_names() -> set[str]:
    names = set()
    for article in GOLD["articles"].values():
        for entity in article["entities"]:
            if entity["type"] in PLACE_TYPES or entity["label"] in REAL:
                continue
            names.update(n for n in [entity["label"], *entity["aliases"]] if len(n) >= MIN_LENGTH)
    return names


def amounts() -> set[str]:
    return {m.group(0) for folder in ARTICLES for path in folder.iterdir()
            for m in MONEY.finditer(path.read_text(encoding="utf-8"))}


@cache
def package_files(root: Path = PACKAGE) -> dict[str, str]:
    """Every data and code file under root, lower-cased; binary files left out."""
    files = {}
    for path in root.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        raw = path.read_bytes()
        if b"\0" in raw[:8192]:
            continue
        files[str(path.relative_to(root.parent))] = raw.decode("utf-8", errors="ignore").lower()
    return files


def occurrences(needles: set[str], whole_words: bool, root: Path = PACKAGE) -> list[str]:
    found = []
    for needle in sorted(needles):
        text = needle.lower()
        pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)") if whole_words else None
        for name, content in package_files(root).items():
            if (pattern.search(content) if pattern else text in content):
                found.append(f"{needle!r} in {name}")
    return found


def test_the_lists_are_not_empty():
    assert len(invented_names()) > 50
    assert len(amounts()) > 15
    assert not REAL - {e["label"] for a in GOLD["articles"].values() for e in a["entities"]}


def test_a_planted_leak_is_found(tmp_path):
    (tmp_path / "gazetteer.tsv").write_text("Company\todra dynamics\n", encoding="utf-8")
    (tmp_path / "money.py").write_text('EXAMPLE = "€59 miljoen"\n', encoding="utf-8")
    assert occurrences(invented_names(), whole_words=True, root=tmp_path)
    assert occurrences(amounts(), whole_words=True, root=tmp_path)


def test_invented_names_are_not_in_the_seed_gold():
    """The names this test guards are really invented: the seed gold has none of them."""
    seeds = SHARED / "gold" / "seeds.json"
    if not seeds.exists():
        pytest.skip(f"{seeds} is absent: the shared gold comes with the CI checkout")
    gold = json.loads(seeds.read_text(encoding="utf-8"))
    seed_names = {n.lower() for a in gold["articles"].values() for e in a["entities"]
                  for n in [e["label"], *e["aliases"]]}
    assert not {n for n in invented_names() if n.lower() in seed_names}


def test_no_invented_name_in_the_package():
    assert not occurrences(invented_names(), whole_words=True)


def test_no_invented_amount_in_the_package():
    assert not occurrences(amounts(), whole_words=True)


def test_no_invented_question_in_the_package():
    assert not occurrences({q["question"] for q in QUESTIONS["questions"]}, whole_words=False)
