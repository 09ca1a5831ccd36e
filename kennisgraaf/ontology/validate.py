"""Check a graph against the SHACL shapes and summarise the result."""

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from kennisgraaf.errors import KennisgraafError
from kennisgraaf.ontology.load import ontology, shapes
from kennisgraaf.ontology.namespace import PREFIXES


@dataclass(frozen=True)
class ValidationReport:
    """What the shapes say about a graph.

    ``conforms`` is false only for sh:Violation results; warnings are
    reported but do not break conformance.
    """

    conforms: bool
    violations: int
    warnings: int
    text: str


def validate(data: Graph | Dataset) -> ValidationReport:
    """Validate ``data`` (for a Dataset: the union of all its graphs)."""
    union = Graph()
    for prefix, iri in PREFIXES.items():
        union.bind(prefix, iri)
    union += ontology()  # so that sh:class sees subclasses (kg:Investment is a schema:MonetaryAmount)
    if isinstance(data, Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        union += data
    # The ontology is mixed in above, into a private copy, so pyshacl may work
    # in place; no inference: the shapes need only rdfs:subClassOf chains;
    # advanced: the traceability shape uses a SHACL-AF SPARQL target.
    _, results, _ = shacl_validate(union, shacl_graph=shapes(), inference="none", advanced=True,
                                   allow_warnings=True, inplace=True)
    if not isinstance(results, Graph):  # pyshacl reports broken shapes this way
        raise KennisgraafError(f"the SHACL shapes cannot be run ({results}); reinstall kennisgraaf")
    rows = sorted(_rows(results, union))
    violations = sum(1 for r in rows if r[0] == "Violation")
    warnings = sum(1 for r in rows if r[0] == "Warning")
    lines = [f"{sev}: {focus}" + (f" {path}" if path else "") + (f" = {value}" if value else "")
             + f"\n    {message}" for sev, focus, path, value, message in rows]
    summary = f"{violations} violations, {warnings} warnings"
    text = "\n".join(lines + [summary]) if lines else f"conforms: {summary}"
    return ValidationReport(violations == 0, violations, warnings, text)


def _rows(results: Graph, names: Graph) -> list[tuple[str, str, str, str, str]]:
    def show(node: Node | None) -> str:
        return "" if node is None else node.n3(names.namespace_manager)

    rows = []
    for r in results.subjects(SH.resultSeverity, None):
        severity = results.value(r, SH.resultSeverity)
        rows.append((
            str(severity).rsplit("#", 1)[-1],
            show(results.value(r, SH.focusNode)),
            show(results.value(r, SH.resultPath)),
            show(results.value(r, SH.value)),
            str(results.value(r, SH.resultMessage) or ""),
        ))
    return rows
