"""`kennisgraaf extract` as a user runs it: JSON Lines, summaries, stdin, broken inputs."""

import json

from click.testing import CliRunner

from kennisgraaf.cli import cli
from kennisgraaf.errors import ArticleError
from kennisgraaf.ingest.extract import CHUNK_CHARS, extract_many
from kennisgraaf.ingest.reader import Article

TEXT = ("De AI-fabriek KORAAL komt in Stuttgart (Duitsland). Het Franse Mistral AI "
        "ontwikkelt de chatbot Le Chat.\n")


def invoke(*args, input=None):
    return CliRunner().invoke(cli, ["extract", *args], input=input)


def test_json_lines_in_the_shape_of_domain_md(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nvidia groeit hard in de Verenigde Staten.\n", encoding="utf-8")
    result = invoke(str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["article"]["id"] for r in rows] == ["a", "b"]
    first = rows[0]
    assert set(first) == {"article", "entities", "facts"}
    assert set(first["article"]) == {"id", "title", "date", "source", "language"}
    entity = first["entities"][0]
    assert set(entity) == {"id", "type", "label", "canonical", "aliases", "sameAs", "mentions"}
    ids = {e["id"] for e in first["entities"]}
    for fact in first["facts"]:
        assert fact["s"] in ids and set(fact["evidence"]) == {"start", "end"}
        assert isinstance(fact["o"], dict) or fact["o"] in ids


def test_summary_without_json(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = invoke(str(tmp_path / "a.txt"))
    assert result.exit_code == 0
    assert "KORAAL locatedIn Stuttgart" in result.output
    assert "Mistral AI develops Le Chat" in result.output


def test_stdin(tmp_path):
    result = invoke("-", "--json", input=TEXT)
    assert result.exit_code == 0
    assert json.loads(result.output)["article"]["id"] == "stdin"


def test_broken_articles_are_one_line_each_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path), "--json"])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"]["id"] for r in rows] == ["good"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("kennisgraaf: ") for e in errors)
    assert "Traceback" not in result.stderr


def test_other_languages_give_what_they_can(tmp_path):
    (tmp_path / "en.txt").write_text("The European Commission will invest 200 million euro in an "
                                     "AI factory in Stuttgart, Germany.\n", encoding="utf-8")
    (tmp_path / "de.txt").write_text("Die KI-Fabrik in Jülich kostet 500 Millionen Euro.\n",
                                     encoding="utf-8")
    result = invoke(str(tmp_path), "--json")
    assert result.exit_code == 0
    labels = {e["label"] for r in map(json.loads, result.output.splitlines()) for e in r["entities"]}
    assert {"Europese Commissie", "Stuttgart", "Duitsland", "Jülich"} <= labels


def test_a_long_article_is_cut_with_offsets_intact():
    paragraph = "Eerst wat tekst over niets in het bijzonder. " * 40 + "Daarna Nvidia in Parijs.\n"
    text = paragraph * (2 * CHUNK_CHARS // len(paragraph) + 3)
    (result,) = extract_many([Article(id="long", text=text)])
    by_label = {e["label"]: e for e in result["entities"]}
    mentions = by_label["Nvidia"]["mentions"]
    assert len(mentions) == text.count("Nvidia")
    assert all(text[m["start"]:m["end"]] == "Nvidia" for m in mentions)
    sentences = [m["sentence"] for m in mentions]
    assert sentences == sorted(set(sentences))


def test_errors_pass_through_in_order():
    err = ArticleError("x: unreadable")
    out = list(extract_many([Article(id="a", text=TEXT), err, Article(id="c", text="")]))
    assert out[0]["article"]["id"] == "a" and out[1] is err
    assert isinstance(out[2], ArticleError) and "empty" in str(out[2])
