"""``export``: the graph for Gephi, Cytoscape, yEd, Graphviz, D3, a browser or RDF tools."""

import sys
from pathlib import Path

import click

from kennisgraaf.cli import cli
from kennisgraaf.cli.options import store_option
from kennisgraaf.errors import UsageError
from kennisgraaf.graph.export import FORMATS, export
from kennisgraaf.graph.filters import Filters
from kennisgraaf.graph.store import open_store


def _format_help() -> str:
    return "; ".join(f"{f.name}: {f.opens_in}" for f in FORMATS.values())


def _format_for(output: Path | None) -> str:
    """The format the output file's suffix names."""
    by_suffix = {f.suffix: f.name for f in FORMATS.values()}
    if output is not None and output.suffix.lower() in by_suffix:
        return by_suffix[output.suffix.lower()]
    raise UsageError("give --format (" + ", ".join(FORMATS) + ") or an output file "
                     "whose suffix names it (" + ", ".join(by_suffix) + ")")


@cli.command("export")
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)),
              help=f"Default: from the suffix of --output. {_format_help()}.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help="Keep only entities of this type (repeatable), e.g. AIFactory.")
@click.option("--predicate", "predicates", multiple=True, metavar="P",
              help="Keep only facts with this predicate (repeatable), e.g. partner.")
@click.option("--article", "articles", multiple=True, metavar="ID",
              help="Only what this article says (repeatable).")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE.")
@click.option("--until", metavar="DATE", help="Only articles published on or before DATE.")
@click.option("--around", metavar="ENTITY", help="Only the neighbourhood of ENTITY "
              "(IRI, kgid:type/slug or label).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0),
              help="Steps around --around.")
@click.option("--largest-component", is_flag=True, help="Only the largest connected part.")
@click.option("--articles-as-nodes", is_flag=True,
              help="Draw the articles too, linked to the entities they mention.")
@store_option
def export_command(fmt: str, output: Path | None, types: tuple[str, ...],
                   predicates: tuple[str, ...], articles: tuple[str, ...], since: str | None,
                   until: str | None, around: str | None, depth: int, largest_component: bool,
                   articles_as_nodes: bool, store: str | None) -> None:
    """Export the entity graph (entities as nodes, facts as edges) or the RDF itself.

    View formats carry degree, betweenness and community of every node. RDF
    formats (turtle, trig, nquads, jsonld) take only --article, --since and --until.
    """
    fmt = fmt or _format_for(output)
    filters = Filters(articles=articles, since=since, until=until, types=types,
                      predicates=predicates, around=around, depth=depth,
                      largest_component=largest_component)
    with open_store(store) as st:
        if output is None:
            counts = export(st, fmt, out=sys.stdout.buffer, filters=filters,
                            articles_as_nodes=articles_as_nodes)
            sys.stdout.flush()
        else:
            tmp = output.with_name(output.name + ".part")
            try:
                with tmp.open("wb") as out:
                    counts = export(st, fmt, out=out, filters=filters,
                                    articles_as_nodes=articles_as_nodes)
                tmp.replace(output)
            except BaseException as exc:
                tmp.unlink(missing_ok=True)  # a failed export leaves no half a file behind
                if isinstance(exc, OSError):
                    raise UsageError(f"cannot write {output}: {exc.strerror}") from None
                raise
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    click.echo(f"{output or 'stdout'}: {fmt}, {summary}", err=True)
