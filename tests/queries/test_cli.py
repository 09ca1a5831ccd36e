"""``kennisgraaf ask`` and ``kennisgraaf questions`` as a user runs them."""

import json

from click.testing import CliRunner

from kennisgraaf.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_ask_prints_answers_and_source(fixture_store_path):
    out = run("ask", "Welke landen financieren LUMI?", "--store", str(fixture_store_path))
    assert out.exit_code == 0
    assert "Denemarken" in out.output and "bron: fx-a" in out.output
    assert "Denemarken, Estland, Noorwegen, Polen en Tsjechië" in out.output


def test_ask_explain_shows_the_query(fixture_store_path):
    out = run("ask", "Wat is het budget van HammerHAI?", "--explain", "--store",
              str(fixture_store_path))
    assert "85 miljoen EUR" in out.output and "kg:budget" in out.output


def test_ask_file_json_in_order(fixture_store_path, tmp_path):
    questions = ["Which company develops Le Chat?", "Who is the CEO of Mistral?",
                 "Hoeveel landen financieren LUMI?"]
    qfile = tmp_path / "q.txt"
    qfile.write_text("\n".join(questions) + "\n\n", encoding="utf-8")
    out = run("ask", "--file", str(qfile), "--json", "--store", str(fixture_store_path))
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert [r["question"] for r in rows] == questions
    assert rows[0]["answers"][0]["label"] == "Mistral"
    assert rows[1]["answers"] == [] and rows[1]["message"]
    assert rows[2]["answers"][0]["value"] == {"number": 5}
    for r in rows:
        assert {"question", "answers", "sparql", "evidence"} <= set(r)


def test_ask_canned(fixture_store_path):
    out = run("ask", "--canned", "partners", "--param", "entity=BSC AI", "--json",
              "--store", str(fixture_store_path))
    row = json.loads(out.output)
    assert row["canned"] == "partners" and len(row["answers"]) == 4


def test_questions_lists_the_catalogue():
    out = run("questions")
    assert out.exit_code == 0 and "partners" in out.output and "--param entity=" in out.output
    listed = json.loads(run("questions", "--json").output)
    assert {q["id"] for q in listed} >= {"partners", "budget", "total-budget"}


def test_usage_errors_are_one_line(fixture_store_path):
    out = CliRunner().invoke(cli, ["ask", "--store", str(fixture_store_path)])
    assert out.exit_code == 1 and "give one question" in out.output
    out = CliRunner().invoke(cli, ["ask", "--canned", "partners", "--param", "entity",
                                   "--store", str(fixture_store_path)])
    assert out.exit_code == 1 and "NAME=VALUE" in out.output
    out = CliRunner().invoke(cli, ["ask", "--canned", "nope", "--store", str(fixture_store_path)])
    assert out.exit_code == 1 and "kennisgraaf questions" in out.output


def test_a_list_cut_at_its_cap_says_so(tmp_path):
    """A canned list stops at LIMIT 100; the JSON message and the terminal say so."""
    from kennisgraaf.graph.store import open_store

    rows = "\n".join(f"  kgid:aifactory\\/breed kg:partner kgid:company\\/firm-{n:03} ."
                     for n in range(101))
    (tmp_path / "big.trig").write_text(f"""
@prefix kg: <https://w3id.org/kennisgraaf/ontology#> .
@prefix kgid: <https://w3id.org/kennisgraaf/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/kennisgraaf/article/big> {{
  kgid:aifactory\\/breed a kg:AIFactory ; rdfs:label "Breed"@nl .
{rows}
}}
""", encoding="utf-8")
    store = tmp_path / "store"
    with open_store(store, create=True) as st:
        st.load(tmp_path / "big.trig")
    args = ("ask", "--canned", "partners", "--param", "entity=Breed", "--store", str(store))
    row = json.loads(run(*args, "--json").output)
    assert len(row["answers"]) == 100 and "100" in row["message"]
    assert "de lijst stopt bij 100 antwoorden" in run(*args).output
    few = json.loads(run("ask", "--canned", "partners", "--param", "entity=BSC AI", "--json",
                         "--store", str(store)).output)
    assert "stopt" not in few.get("message", "")


def test_a_table_answer_prints_a_row_a_line(fixture_store_path):
    args = ("ask", "--canned", "entity-facts", "--param", "entity=BSC AI", "--store",
            str(fixture_store_path))
    rows = json.loads(run(*args, "--json").output)["answers"]
    lines = run(*args).output.splitlines()
    assert rows and all(r["row"] for r in rows)
    for r in rows:
        assert "  " + " | ".join(r["row"].values()) in lines
