"""The triples of the facilities an article describes but never names (``unnamed`` in the
extraction result; see kennisgraaf.ingest.components.unnamed).

Each becomes one ``kg:UnnamedFacility`` node per type and place, shared by every article
that describes it (``kgid:unnamed/aifactory-in-ierland``), with ``kg:facilityType``, a
``schema:description`` ("AI-fabriek in Ierland"; no ``rdfs:label``, as it has no name), its
place as ``kg:hostCountry`` or ``kg:locatedIn`` and its value facts, each with the fact
record and evidence that mapping writes for any fact (docs/graph-model.md). Mapping itself
builds them, from the facility dressed as an entity of its type, so that value nodes and
records have the very shape of every other fact; the entity's type, label and mention are
then exchanged for the unnamed class and the description.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from kennisgraaf.ingest.mapping import article_graph
from kennisgraaf.ontology.iris import entity_iri
from kennisgraaf.ontology.namespace import KG, SCHEMA


def unnamed_iri(facility_type: str, place_iri: str) -> URIRef:
    """One node per type and place: ``kgid:unnamed/aifactory-in-ierland``."""
    return entity_iri("unnamed", f"{facility_type} in {place_iri.rsplit('/', 1)[-1]}")


def unnamed_triples(result: dict, text: str) -> tuple[list[tuple[Node, Node, Node]], list[str]]:
    """The triples of ``result["unnamed"]`` and the warnings of mapping them.

    The place entities must carry their ``iri`` already (ingest sets it)."""
    described = result.get("unnamed") or []
    if not described:
        return [], []
    places = {e["id"]: e for e in result["entities"]}
    entities, facts, swaps = [], [], []
    for u in described:
        place = places.get(u["place"])
        if place is None or not place.get("iri"):
            continue
        iri = unnamed_iri(u["type"], place["iri"])
        entities += [place, {"id": u["id"], "type": u["type"], "label": u["label"], "iri": str(iri)}]
        where = "hostCountry" if place["type"] == "Country" else "locatedIn"
        facts.append({"s": u["id"], "p": where, "o": u["place"], "evidence": u["evidence"]})
        facts += [{**f, "s": u["id"]} for f in u["facts"]]
        swaps.append((iri, KG[u["type"]]))
    mapped = article_graph({"article": result["article"], "entities": entities, "facts": facts},
                           text=text)
    return list(_swapped(mapped.graph, mapped.graph.identifier, swaps)), list(mapped.warnings)


def _swapped(graph: Graph, article: URIRef, swaps: list[tuple[URIRef, URIRef]]) -> Iterator:
    drop = set()
    for iri, type_ in swaps:
        drop |= {(iri, RDF.type, type_), (article, SCHEMA.mentions, iri)}
        yield iri, RDF.type, KG.UnnamedFacility
        yield iri, KG.facilityType, type_
    unnamed = {iri for iri, _ in swaps}
    for triple in graph:
        if triple in drop:
            continue
        s, p, o = triple
        if s in unnamed and p == RDFS.label:
            # a description, not a name: no question or link may take it for one
            yield s, SCHEMA.description, o
        else:
            yield triple
