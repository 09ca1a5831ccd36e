"""A SPARQL WHERE clause under construction: walks of the relations of
:mod:`kennisgraaf.queries.schema`, conditions, fresh variables and bound parameters.

Entities and values enter only through ``bindings=``; only fixed vocabulary terms are
written into the text.
"""

from __future__ import annotations

from rdflib.term import Node

from kennisgraaf.ontology.namespace import ENTITY_TYPES, PREDICATES
from kennisgraaf.queries import schema
from kennisgraaf.queries.lookup import Entity
from kennisgraaf.queries.schema import paths

# The triple an answer rests on, named so that its evidence can be looked up after
# the answers are known (an entity stated in a thousand articles is one answer).
CITED = "{s} kg:{p} {o} . BIND({s} AS ?cs) BIND(kg:{p} AS ?cp) BIND({o} AS ?co)"


class Query:
    """A WHERE clause under construction, with fresh variables and bound parameters."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.main: list[str] = []  # the walk whose facts are cited, after the other parts
        self.tail: list[str] = []  # OPTIONAL parts, after every required pattern
        self.cited = False  # one fact per answer is cited; later walks only constrain
        self.checks: list[tuple[str, str]] = []  # (variable, pattern): conditions
        self.bindings: dict[str, Node] = {}
        self._n = 0

    def var(self, stem: str = "v") -> str:
        self._n += 1
        return f"?{stem}{self._n}"

    def bind(self, stem: str, term: Node) -> str:
        name = f"{stem}{len(self.bindings) + 1}"
        self.bindings[name] = term
        return "?" + name

    def walk(self, relation: str, s: str, o: str, s_types: frozenset[str] | None = None,
             evidence: bool = False) -> None:
        """``s`` relation ``o``: a UNION over the relation's paths, each with its evidence."""
        branches = []
        for path in paths()[relation]:
            if s_types is not None and not (path.subject_types & s_types):
                continue
            branches.append(self._path(path, s, o, evidence and not self.cited))
        if not branches:
            branches.append("FILTER(false)")
        text = (branches[0] if len(branches) == 1
                else " UNION ".join("{ " + b + " }" for b in branches))
        (self.main if evidence and not self.cited else self.lines).append(text)
        self.cited |= evidence

    def walk_not(self, relation: str, s: str, o: str) -> None:
        """FILTER NOT EXISTS { s relation o }: "niet in Duitsland"."""
        before = len(self.lines)
        self.walk(relation, s, o)
        self.lines[before:] = ["FILTER NOT EXISTS { " + " ".join(self.lines[before:]) + " }"]

    def _path(self, path: schema.Path, s: str, o: str, evidence: bool) -> str:
        nodes = [s] + [self.var("m") for _ in path.steps[1:]] + [o]
        parts, cited = [], False
        for (pred, back), a, b in zip(path.steps, nodes, nodes[1:]):
            subj, obj = (b, a) if back else (a, b)
            if evidence and not cited and pred in PREDICATES:
                parts.append(CITED.format(s=subj, p=pred, o=obj))
                cited = True
            elif cited:
                # a step after the cited one joins on an entity every article repeats:
                # join its distinct triples. (Not a FILTER EXISTS: inside a UNION branch
                # it would run before the bound parameters join, so unbound.)
                parts.append(f"{{ SELECT DISTINCT {subj} {obj} WHERE "
                             f"{{ {subj} kg:{pred} {obj} }} }}")
            else:
                parts.append(f"{subj} kg:{pred} {obj} .")
        return " ".join(parts)

    def cite(self, s: str, p: str, o: str, more: str = "") -> None:
        """Answers cite the fact (s p o); ``more`` patterns follow it."""
        self.main.append(CITED.format(s=s, p=p, o=o) + more)
        self.cited = True

    def typed(self, var: str, types: frozenset[str] | set[str] | None) -> None:
        pattern = type_pattern(var, types)
        if pattern:
            self.check(var, pattern)

    def check(self, var: str, pattern: str) -> None:
        """A condition on ``var``. The union of the article graphs repeats a triple once per
        article, so two patterns on a much-reported entity would join quadratically: a
        condition is a FILTER EXISTS (one lookup per row) unless nothing else binds ``var``."""
        self.checks.append((var, pattern))

    def where(self) -> str:
        bound = " ".join(ln for ln in self.lines + self.main if not ln.startswith("FILTER"))
        parts = []
        for var, pattern in self.checks:
            if f"{var} " in bound:
                parts.append(f"FILTER EXISTS {{ {pattern} }}")
            else:
                parts.insert(0, pattern)
                bound += " " + pattern
        return ("WHERE {\n  " + "\n  ".join(self.lines + self.main + parts + self.tail)
                + "\n}")


def node(q: Query, entities: list[Entity], stem: str = "e") -> str:
    """A variable standing for one of ``entities``: the bound parameter itself, or a
    fresh variable filtered to the bound parameters when there are several."""
    terms = [q.bind(stem, e.iri) for e in entities]
    if len(terms) == 1:
        return terms[0]
    var = q.var("n")
    q.lines.append(f"FILTER({var} IN ({', '.join(terms)}))")
    return var


def finish(q: Query, select: str, tail: str = "") -> str:
    return f"SELECT {select}\n{q.where()}{tail}"


def type_pattern(var: str, types: frozenset[str] | set[str] | None) -> str | None:
    """The pattern that ``var`` has one of ``types``; None when any type will do."""
    if not types or set(types) == set(ENTITY_TYPES):
        return None
    ts = sorted(types)
    if len(ts) == 1:
        return f"{var} a kg:{ts[0]} ."
    return (f"{var} a ?{var[1:]}t . FILTER(?{var[1:]}t IN ("
            + ", ".join(f"kg:{t}" for t in ts) + "))")
