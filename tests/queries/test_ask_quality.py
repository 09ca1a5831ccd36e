"""Question answering as ../shared/eval/score.py measures it (issue 5).

The seed questions run on the seeds' graph: the invented articles add factories, firms
and countries that rightly change answers such as "which factories are new". The
invented questions (tests/data/gold/questions-invented.json) run on the graph of seeds
and invented articles together, as they were written for it.
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, shared_path

ARTICLES = DATA / "articles"
INVENTED_QUESTIONS = DATA / "gold" / "questions-invented.json"


def load_scorer():
    """../shared/eval/score.py as a module (it is a script, not a package)."""
    path = shared_path("eval", "score.py")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kg(*args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "kennisgraaf", *args],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    return out.stdout


def ingest(store: Path, *paths: Path) -> Path:
    kg("ingest", *map(str, paths), "--store", str(store))
    return store


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    return ingest(tmp_path_factory.mktemp("seeds") / "store", shared_path("corpus", "seeds"))


@pytest.fixture(scope="module")
def combined_store(tmp_path_factory):
    return ingest(tmp_path_factory.mktemp("combined") / "store",
                  shared_path("corpus", "seeds"), ARTICLES)


def ask(store: Path, questions: list[str], tmp_path: Path) -> list[dict]:
    """`kennisgraaf ask --file FILE --json`: one answer object a line, in the order asked."""
    qfile = tmp_path / "questions.txt"
    qfile.write_text("\n".join(questions) + "\n", encoding="utf-8")
    out = kg("ask", "--file", str(qfile), "--json", "--store", str(store))
    answers = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [a.get("question") for a in answers] == questions
    return answers


def check(gold: dict, answers: list[dict], minimum: float) -> None:
    scores, log = load_scorer().score_ask(gold, answers, False)
    detail = "\n".join(log)
    assert scores["mean_f1"] >= minimum, f"mean F1 {scores['mean_f1']}:\n{detail}"
    unanswerable = {q["question"] for q in gold["questions"]
                    if "value" not in q and not q["answers"]}
    guessed = [(a["question"], a["answers"]) for a in answers
               if a["question"] in unanswerable and a.get("answers")]
    assert not guessed, f"unanswerable questions were answered: {guessed}"


# The bars are 0.90 (seeds) and 0.80 (invented); reached 0.933 and 0.810. The seed
# misses left are a set's opening date and a stated count (docs/questions.md).
SEED_FLOOR, INVENTED_FLOOR = 0.90, 0.80


def test_seed_questions(seeds_store, tmp_path):
    gold = json.loads(shared_path("gold", "questions-seeds.json").read_text(encoding="utf-8"))
    answers = ask(seeds_store, [q["question"] for q in gold["questions"]], tmp_path)
    check(gold, answers, SEED_FLOOR)


def test_invented_questions(combined_store, tmp_path):
    gold = json.loads(INVENTED_QUESTIONS.read_text(encoding="utf-8"))
    answers = ask(combined_store, [q["question"] for q in gold["questions"]], tmp_path)
    check(gold, answers, INVENTED_FLOOR)


def test_unanswerable_say_why(combined_store, tmp_path):
    """An empty answer comes with a message saying why (domain.md, `ask --json`)."""
    gold = json.loads(INVENTED_QUESTIONS.read_text(encoding="utf-8"))
    questions = [q["question"] for q in gold["questions"] if "value" not in q and not q["answers"]]
    for answer in ask(combined_store, questions, tmp_path):
        assert answer["answers"] == [] and answer.get("message"), answer
