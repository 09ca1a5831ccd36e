"""Extraction quality on a blind held-out set (tests/data/holdout, issue 3).

The first invented set (tests/data/articles) has been seen by whoever tunes the rules;
these five articles were written and annotated without looking at the rules or at that
set, in styles the seeds lack: a ministry's press release, a Markdown interview, a news
brief listing factories in running text, a regional newspaper piece and an opinion
column. Every factory, firm, person, programme, model and sum in them is invented.
The issue's bar for unseen articles is entity F1 >= 0.85 and fact F1 >= 0.70; on
this blind set the extractor does not reach it yet (entity F1 0.82, fact F1 0.55 when
the set was written; see docs/extraction.md). The test holds the line at what has been
reached, so that no change makes generalisation worse; raise the floors as the rules
improve, up to the issue's bar. Do not tune the rules on these articles: write new
blind ones to measure against instead.
"""

import json

from tests.conftest import DATA
from tests.ingest.test_extract_quality import extract, gold_as_output, load_scorer, report

HOLDOUT = DATA / "holdout"
HOLDOUT_GOLD = DATA / "gold" / "holdout.json"


def test_holdout_gold_is_well_formed():
    """Every alias occurs in its article, gold and folder name the same articles, and the
    gold scored against itself gives F1 1.0 (so every fact names entities of its article)."""
    scorer = load_scorer()
    gold = json.loads(HOLDOUT_GOLD.read_text(encoding="utf-8"))
    files = {p.stem: p for p in HOLDOUT.iterdir()}
    assert set(gold["articles"]) == set(files), "gold and articles must name the same articles"
    for art_id, art in gold["articles"].items():
        text = files[art_id].read_text(encoding="utf-8")
        for entity in art["entities"]:
            for alias in entity["aliases"]:
                assert alias in text, f"{art_id}: {alias!r} does not occur in the article"
    scores, log = scorer.score_extract(gold, gold_as_output(gold), False)
    assert scores["entities_all"]["f1"] == 1.0 and scores["facts_all"]["f1"] == 1.0, log


ENTITY_FLOOR, FACT_FLOOR = 0.80, 0.52  # reached; the bar is 0.85 / 0.70


def test_holdout_articles():
    """Generalisation to unseen styles and names: no worse than reached so far."""
    scorer = load_scorer()
    gold = json.loads(HOLDOUT_GOLD.read_text(encoding="utf-8"))
    scores, log = scorer.score_extract(gold, extract(HOLDOUT), False)
    detail = report(scores, log)
    assert scores["entities_all"]["f1"] >= ENTITY_FLOOR, detail
    assert scores["facts_all"]["f1"] >= FACT_FLOOR, detail
