"""Run one SPARQL query on a pyoxigraph store and serialise it natively, capped at a row count.

Imports only pyoxigraph, so that the query worker processes start fast.
"""

from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

# Format name -> pyoxigraph format; the web app negotiates the name (formats.py).
RESULTS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPHS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
          "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
          "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}


@dataclass
class QueryJob:
    """One query as the endpoint received it; picklable, to cross into a worker."""

    sparql: str
    result_format: str = "json"  # for SELECT and ASK
    graph_format: str = "turtle"  # for CONSTRUCT and DESCRIBE
    default_graphs: list[str] | None = None  # None: the store's default graph (the union)
    named_graphs: list[str] | None = None  # None: every named graph
    max_rows: int = 10000
    base_iri: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass
class QueryOutput:
    body: bytes
    format: str  # the format name used
    kind: str  # "results" or "graph"
    truncated: bool = False


def execute(store: ox.Store, job: QueryJob) -> QueryOutput:
    """Run ``job``; raises SyntaxError for a bad query, OSError/ValueError when it fails."""
    options: dict = {"base_iri": job.base_iri, "prefixes": job.prefixes}
    # Without a protocol dataset the store's default graph answers: the union of the
    # named graphs, kept de-duplicated by the store (graph/derived.py).
    if job.default_graphs is not None or job.named_graphs is not None:
        # A protocol dataset replaces the query's own FROM / FROM NAMED; a dataset
        # given only as named graphs has an empty default graph (SPARQL 1.1 §13.2).
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or []]
        if job.named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    res = store.query(job.sparql, **options)
    if isinstance(res, ox.QueryBoolean):
        return QueryOutput(res.serialize(format=RESULTS[job.result_format]),
                           job.result_format, "results")
    if isinstance(res, ox.QueryTriples):
        triples = list(islice(res, job.max_rows + 1))
        truncated = len(triples) > job.max_rows
        body = ox.serialize(triples[: job.max_rows], format=GRAPHS[job.graph_format])
        return QueryOutput(body or b"", job.graph_format, "graph", truncated)
    return _solutions(res, job)


def _solutions(res: ox.QuerySolutions, job: QueryJob) -> QueryOutput:
    """SELECT results, capped: rows go out as TSV (terms already in N-Triples syntax)
    and, for any other format, back through Oxigraph's own parser and serialiser."""
    variables = res.variables
    lines = ["\t".join(str(v) for v in variables)]
    for rows, solution in enumerate(res):
        if rows == job.max_rows:
            truncated = True
            break
        lines.append("\t".join("" if (t := solution[v]) is None else str(t) for v in variables))
    else:
        truncated = False
    tsv = ("\n".join(lines) + "\n").encode()
    if job.result_format == "tsv":
        return QueryOutput(tsv, "tsv", "results", truncated)
    parsed = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    return QueryOutput(parsed.serialize(format=RESULTS[job.result_format]),
                       job.result_format, "results", truncated)
