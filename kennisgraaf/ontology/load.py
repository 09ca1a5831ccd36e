"""The ontology and the shapes as rdflib graphs, parsed once per process."""

from functools import cache
from importlib.resources import files

from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS
from rdflib.term import Node, URIRef

from kennisgraaf.ontology.namespace import KG

ONTOLOGY_FILE = "kennisgraaf.ttl"
SHAPES_FILE = "shapes.ttl"


def _parse(name: str) -> Graph:
    text = files("kennisgraaf.ontology").joinpath(name).read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


@cache
def ontology() -> Graph:
    """The OWL ontology (``kennisgraaf.ttl``). Shared: do not modify it."""
    return _parse(ONTOLOGY_FILE)


@cache
def shapes() -> Graph:
    """The SHACL shapes (``shapes.ttl``). Shared: do not modify it."""
    return _parse(SHAPES_FILE)


def _members(g: Graph, node: Node | None) -> frozenset[URIRef]:
    """The classes or datatypes a domain/range names, unfolding ``owl:unionOf``."""
    if node is None:
        return frozenset()
    union = g.value(node, OWL.unionOf)
    items = Collection(g, union) if union is not None else [node]
    return frozenset(i for i in items if isinstance(i, URIRef))


@cache
def signature(predicate: str) -> tuple[frozenset[URIRef], frozenset[URIRef]]:
    """(domain, range) of ``kg:{predicate}`` as sets of classes or datatypes."""
    g, p = ontology(), KG[predicate]
    return _members(g, g.value(p, RDFS.domain)), _members(g, g.value(p, RDFS.range))
