"""Query results in one shape for every backend, and their serialisations."""

from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.query import Result
from rdflib.term import Node, Variable

from kennisgraaf.graph.formats import RDF_FORMATS, RESULT_FORMATS, rdf_format, result_format


@dataclass
class QueryResult:
    """The answer to a SPARQL query: solutions, a boolean or a graph."""

    type: str  # "SELECT", "ASK" or "CONSTRUCT" (DESCRIBE answers as CONSTRUCT)
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def bindings(self) -> list[dict[str, Node]]:
        """Rows as dicts, unbound variables left out."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None}
                for row in self.rows]

    def serialize(self, fmt: str) -> tuple[bytes, str]:
        """The result in ``fmt`` (a results format for SELECT/ASK, an RDF format for graphs)."""
        if self.type == "CONSTRUCT":
            rf = rdf_format(fmt) if fmt not in RESULT_FORMATS or fmt in RDF_FORMATS else None
            if rf is None:
                rf = rdf_format("turtle")
            data = self.graph.serialize(format=rf.rdflib, encoding="utf-8")
            return data, rf.media_type
        f = result_format(fmt)
        if f.name == "tsv" and self.type == "SELECT":
            return self._tsv(), f.media_type
        res = Result(self.type)
        if self.type == "ASK":
            res.askAnswer = bool(self.boolean)
        else:
            res.vars = [Variable(v) for v in self.variables]
            res.bindings = [{Variable(k): v for k, v in b.items()} for b in self.bindings()]
        return res.serialize(format=f.rdflib, encoding="utf-8") or b"", f.media_type

    def _tsv(self) -> bytes:
        """SPARQL 1.1 TSV, which rdflib cannot write: terms in Turtle syntax."""
        lines = ["\t".join("?" + v for v in self.variables)]
        lines += ["\t".join("" if t is None else t.n3() for t in row) for row in self.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
