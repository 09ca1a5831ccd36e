"""``ingest``, ``remove`` and ``articles``: articles into and out of the graph."""

import sys
from importlib import resources
from pathlib import Path

import click

from kennisgraaf.cli import cli
from kennisgraaf.cli.options import store_option
from kennisgraaf.errors import NotFound, UsageError
from kennisgraaf.graph.store import open_store
from kennisgraaf.ingest.ingest import ingest_articles, list_articles, remove_article
from kennisgraaf.ingest.reader import read_sources


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--examples", is_flag=True,
              help="Also ingest the example articles that ship with kennisgraaf.")
@click.option("-n", "--n-process", default=1, show_default=True,
              help="Extraction processes; 0 = one per core.")
@click.option("--batch-size", default=25, show_default=True,
              help="Articles written per transaction.")
@store_option
def ingest(paths: tuple[str, ...], examples: bool, n_process: int, batch_size: int,
           store: str | None) -> None:
    """Read articles (files, folders, '-' for stdin) and write their facts to the graph.

    Unchanged articles are skipped, changed ones replace their own graph; a broken
    article is reported and skipped. Exit status 1 if any article failed.
    """
    if examples:
        paths = (*paths, str(resources.files("kennisgraaf") / "examples"))
    if not paths:
        raise UsageError("nothing to ingest: give files or folders, '-' for stdin, or --examples")
    if n_process < 0 or batch_size < 1:
        raise UsageError("--n-process must be >= 0 and --batch-size >= 1")
    for p in paths:
        if p != "-" and not Path(p).exists():
            raise UsageError(f"{p}: no such file or folder")
    if n_process == 0:
        import os

        n_process = os.cpu_count() or 1
    progress = _Progress(sys.stderr.isatty())
    with open_store(store, create=True) as st:
        summary = ingest_articles(st, read_sources(paths), n_process=n_process,
                                  batch_size=batch_size, on_article=progress)
        total = st.count()
    progress.done()
    for error in summary.errors:
        click.echo(f"kennisgraaf: skipped: {error}", err=True)
    for warning in summary.warnings:
        click.echo(f"kennisgraaf: warning: {warning}", err=True)
    click.echo(f"articles: {summary.new} new, {summary.changed} changed, "
               f"{summary.unchanged} unchanged, {summary.failed} failed; "
               f"{summary.new_entities} new entities, {summary.facts} facts, "
               f"{len(summary.warnings)} warnings; the store holds {total} statements", err=True)
    if summary.failed:
        sys.exit(1)


class _Progress:
    """A one-line counter on a terminal; silent when stderr is piped."""

    def __init__(self, enabled: bool) -> None:
        self.enabled, self.n = enabled, 0

    def __call__(self, name: str) -> None:
        self.n += 1
        if self.enabled:
            click.echo(f"\r\033[K{self.n} articles  {name[:60]}", err=True, nl=False)

    def done(self) -> None:
        if self.enabled and self.n:
            click.echo("\r\033[K", err=True, nl=False)


@cli.command()
@click.argument("article_ids", nargs=-1, required=True)
@store_option
def remove(article_ids: tuple[str, ...], store: str | None) -> None:
    """Take articles and their facts out; entities that other articles mention stay."""
    with open_store(store) as st:
        missing = [a for a in article_ids if not remove_article(st, a)]
    if missing:
        raise NotFound(f"no article {', '.join(missing)} in the store; "
                       "'kennisgraaf articles' lists them")
    click.echo(f"removed {len(article_ids)} article(s)", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@store_option
def articles(as_json: bool, store: str | None) -> None:
    """List the ingested articles."""
    import json

    with open_store(store) as st:
        rows = list_articles(st)
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(f"{row['id']:28} {row['date'] or '':10} {row['facts']:4} facts  "
                       f"{row['title'] or ''}")
