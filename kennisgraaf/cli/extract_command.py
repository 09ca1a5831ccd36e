"""``extract``: entities and facts of articles, as JSON Lines or a readable summary."""

import json
import sys
from collections import Counter

import click

from kennisgraaf.cli import cli
from kennisgraaf.errors import ArticleError


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object per article a line (the shape of domain.md).")
@click.option("-n", "--n-process", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes that run the pipeline.")
def extract(paths: tuple[str, ...], as_json: bool, n_process: int) -> None:
    """Find the entities and facts in articles: files, folders, or '-' for stdin.

    A broken article is reported on stderr in one line and the others go on; the exit
    status is 1 when any failed.
    """
    from kennisgraaf.ingest.extract import extract_many
    from kennisgraaf.ingest.reader import read_sources

    failed = 0
    for result in extract_many(read_sources(paths), n_process=n_process):
        if isinstance(result, ArticleError):
            failed += 1
            click.echo(f"kennisgraaf: {result}", err=True)
        elif as_json:
            click.echo(json.dumps(result, ensure_ascii=False))
        else:
            click.echo(_summary(result))
    if failed:
        sys.exit(1)


def _summary(result: dict) -> str:
    art, ents = result["article"], result["entities"]
    names = {e["id"]: e["label"] for e in ents}
    types = Counter(e["type"] for e in ents)
    lines = [f"{art['id']}: {len(ents)} entities, {len(result['facts'])} facts",
             "  " + ", ".join(f"{t} {n}" for t, n in sorted(types.items()))]
    for fact in result["facts"]:
        o = fact["o"]
        o = names.get(o, o) if isinstance(o, str) else json.dumps(o, ensure_ascii=False)
        lines.append(f"  {names[fact['s']]} {fact['p']} {o}")
    return "\n".join(lines)
