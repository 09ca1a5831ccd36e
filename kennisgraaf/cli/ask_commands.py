"""``ask`` and ``questions``: Dutch and English questions, and the canned query catalogue."""

import json
from pathlib import Path

import click

from kennisgraaf.cli import cli
from kennisgraaf.cli.options import store_option
from kennisgraaf.errors import UsageError
from kennisgraaf.graph.store import open_store
from kennisgraaf.queries.ask import ask as ask_question
from kennisgraaf.queries.ask import ask_canned
from kennisgraaf.queries.catalogue import load_catalogue


@cli.command()
@click.argument("question", required=False)
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
              help="Ask every line of FILE ('-' for stdin), one question a line.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line, in the order asked.")
@click.option("--canned", metavar="ID", help="Run a query of the catalogue (`kennisgraaf questions`).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of --canned: a name the graph knows, or an IRI.")
@click.option("--explain", is_flag=True, help="Also print the SPARQL query that answered.")
@store_option
def ask(question: str | None, file: Path | None, as_json: bool, canned: str | None,
        params: tuple[str, ...], explain: bool, store: str | None) -> None:
    """Answer a question in Dutch or English from the graph, with its sources.

    An answer the graph does not hold is not guessed: the reply says why.
    """
    if sum(x is not None for x in (question, file, canned)) != 1:
        raise UsageError("give one question, --file FILE or --canned ID")
    with open_store(store) as st:
        if canned:
            _show(ask_canned(st, canned, _params(params)), as_json, explain)
            return
        questions = [question] if question is not None else _lines(file)
        for q in questions:
            _show(ask_question(st, q), as_json, explain)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="The catalogue as JSON.")
def questions(as_json: bool) -> None:
    """List the canned queries: id, phrasing in Dutch and English, parameters."""
    catalogue = load_catalogue()
    if as_json:
        click.echo(json.dumps([{"id": q.id, "summary_nl": q.summary_nl, "summary_en": q.summary_en,
                                "answer": q.answer,
                                "params": [{"name": p.name, "type": p.type, "default": p.default}
                                           for p in q.params]}
                               for q in catalogue.values()], ensure_ascii=False, indent=1))
        return
    for q in catalogue.values():
        params = " ".join(f"--param {p.name}=<{p.type}>" + (f" (default {p.default})"
                                                             if p.default else "")
                          for p in q.params)
        click.echo(f"{q.id}  [{q.answer}]  {params}".rstrip())
        click.echo(f"    nl: {q.summary_nl}")
        click.echo(f"    en: {q.summary_en}")


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param {pair!r}: write NAME=VALUE, e.g. --param entity=LUMI")
        out[name.strip()] = value.strip()
    return out


def _lines(file: Path) -> list[str]:
    name = "stdin" if str(file) == "-" else str(file)
    try:
        raw = click.get_binary_stream("stdin").read() if name == "stdin" else file.read_bytes()
    except OSError as exc:
        raise UsageError(f"{file}: cannot read it ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name}: byte {exc.start} is not UTF-8; save the questions as UTF-8 "
                         "text") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _show_table(answer: dict) -> None:
    """A table answer a row a line, each with its first source sentence."""
    for a in answer["answers"]:
        click.echo("  " + " | ".join(str(v) for v in a["row"].values()))
        for ev in a["evidence"][:1]:
            click.echo(f"    bron: {ev['article']}: {ev['text']}")
    if answer.get("message"):
        click.echo(f"  ({answer['message']})")


def _show(answer: dict, as_json: bool, explain: bool) -> None:
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, default=str))
        return
    click.echo(click.style(answer["question"], bold=True))
    labels = [a["label"] for a in answer["answers"]]
    if labels and all(a.get("row") for a in answer["answers"]):
        _show_table(answer)
    elif labels:
        word = "and" if answer.get("lang") == "en" else "en"
        labels = sorted(labels) if all(a.get("value") is None for a in answer["answers"]) else labels
        joined = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} {word} {labels[-1]}"
        source = answer["evidence"][0] if answer["evidence"] else None
        cite = f" — bron: {source['article']}: {source['text']}" if source else ""
        click.echo(f"  {joined}{cite}")
        for ev in answer["evidence"][1:]:
            click.echo(f"    bron: {ev['article']}: {ev['text']}")
        if answer.get("message"):  # e.g. a list cut at its cap
            click.echo(f"  ({answer['message']})")
    else:
        click.echo(f"  (geen antwoord) {answer.get('message', '')}")
        for c in answer.get("candidates", []):
            click.echo(f"    bedoelt u: {c['label']} ({c['type']}) <{c['iri']}>")
    if explain and answer.get("sparql"):
        click.echo(answer["sparql"])
        for name, value in answer.get("bindings", {}).items():
            click.echo(f"  ?{name} = {value}")
