"""Fixtures of the extraction tests: the pipeline, built once per session, and a runner
that turns a text into the `extract --json` object and its facts as readable triples."""

import json

import pytest

from kennisgraaf.ingest.extract import extract
from kennisgraaf.ingest.pipeline import load_nlp
from kennisgraaf.ingest.reader import Article


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture(scope="session")
def run(nlp):
    def _run(text: str, date: str | None = "2025-03") -> dict:
        return extract(Article(id="test", text=text, date=date), nlp=nlp)
    return _run


def entities(result: dict) -> set[tuple[str, str]]:
    """(type, label) of every entity."""
    return {(e["type"], e["label"]) for e in result["entities"]}


def triples(result: dict) -> set[tuple[str, str, str]]:
    """(subject label, predicate, object label or value JSON) of every fact."""
    names = {e["id"]: e["label"] for e in result["entities"]}
    out = set()
    for f in result["facts"]:
        o = f["o"]
        out.add((names[f["s"]], f["p"], names[o] if isinstance(o, str) else json.dumps(o, sort_keys=True)))
    return out
