"""``load``, ``query``, ``validate`` and ``stats``: the store from the command line."""

import sys
from pathlib import Path

import click
from rdflib import Literal

from kennisgraaf.cli import cli
from kennisgraaf.cli.options import store_option
from kennisgraaf.errors import UsageError, ValidationFailed
from kennisgraaf.graph.formats import RDF_FORMATS, RESULT_FORMATS
from kennisgraaf.graph.results import QueryResult
from kennisgraaf.graph.store import open_store


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(RDF_FORMATS)), default=None,
              help="RDF format (default: from each file's suffix).")
@click.option("--graph", default=None, metavar="IRI",
              help="Named graph for the files' triples (default: the default graph).")
@store_option
def load(files: tuple[Path, ...], fmt: str | None, graph: str | None, store: str | None) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML), each atomically."""
    from rdflib import URIRef

    with open_store(store, create=True) as st:
        for path in files:
            n = st.load(path, fmt=fmt, graph=URIRef(graph) if graph else None)
            click.echo(f"{path}: {n} statements loaded", err=True)


@cli.command()
@click.argument("sparql")
@click.option("--format", "fmt", default="table",
              type=click.Choice(["table", *RESULT_FORMATS, *RDF_FORMATS]),
              help="table, a SPARQL results format, or an RDF format for CONSTRUCT/DESCRIBE.")
@store_option
def query(sparql: str, fmt: str, store: str | None) -> None:
    """Run a SPARQL query (text, or @file.rq) over the union of all graphs.

    The prefixes kg:, kgid:, schema:, prov:, skos:, owl:, rdf:, rdfs:, xsd: are predefined.
    """
    text = _query_text(sparql)
    with open_store(store) as st:
        if fmt == "table":
            click.echo(format_table(st.query(text)))
        else:
            data, _ = st.query_serialized(text, fmt)
            sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")
            sys.stdout.flush()


def _query_text(arg: str) -> str:
    if arg.startswith("@"):
        path = Path(arg[1:])
        try:
            arg = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read the query file {path}: {exc.strerror}") from None
    return arg


def format_table(result: QueryResult) -> str:
    """A result as an aligned text table (or the boolean, or Turtle for a graph)."""
    if result.type == "ASK":
        return "true" if result.boolean else "false"
    if result.type == "CONSTRUCT":
        return result.graph.serialize(format="turtle")
    cells = [["" if t is None else str(t) if isinstance(t, Literal) else t.n3() for t in row]
             for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


@cli.command()
@click.option("--graph", "entity_graph", is_flag=True,
              help="Also the entity graph: its size and the best connected entities.")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1),
              help="How many entities --graph lists.")
@store_option
def stats(entity_graph: bool, top: int, store: str | None) -> None:
    """Triples, named graphs and entities by type."""
    from kennisgraaf.graph.analysis import graph_report

    with open_store(store) as st:
        s = st.stats()
        report = graph_report(st, top) if entity_graph else None
    click.echo(f"triples  {s['triples']}\ngraphs   {s['graphs']}")
    for t, n in s["types"].items():
        click.echo(f"  {t:14} {n}")
    if report:
        click.echo(report)


@cli.command()
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@store_option
def validate(quiet: bool, store: str | None) -> None:
    """Check the graph against the SHACL shapes; exit 1 on any violation."""
    from kennisgraaf.ontology.validate import validate as run_validation

    with open_store(store) as st:
        report = run_validation(st.dataset)
    if not quiet and (report.violations or report.warnings):
        click.echo(report.text)
    summary = f"{report.violations} violations, {report.warnings} warnings"
    if not report.conforms:
        raise ValidationFailed(f"the graph does not conform to the shapes: {summary}")
    click.echo(f"conforms: {summary}")
