"""Namespaces and terms of kennisgraaf: the only place IRIs are spelled out."""

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/kennisgraaf/"
ID = Namespace(BASE + "id/")
ARTICLE = Namespace(BASE + "article/")
FACT = Namespace(BASE + "fact/")
VALUE = Namespace(BASE + "value/")
# Triples written to "the default graph" directly: they belong to no article. The store's
# real default graph is derived (the union of the named graphs, each triple once).
DIRECT = URIRef(BASE + "graph/default")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")


class KG(DefinedNamespace):
    """The kennisgraaf ontology (``kennisgraaf.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes: the entity types of the domain contract
    AIFactory: object
    Supercomputer: object
    Country: object
    City: object
    Region: object
    Company: object
    Organization: object
    Person: object
    AIModel: object
    Programme: object
    Fact: object
    Investment: object
    # beyond the domain contract: a facility described by its place, never named
    UnnamedFacility: object
    facilityType: object

    # entity -> entity predicates
    locatedIn: object
    inCountry: object
    hostCountry: object
    partner: object
    fundedBy: object
    headquarteredIn: object
    develops: object
    affiliation: object
    # value predicates
    budget: object
    invests: object
    sector: object
    isUpgrade: object
    operationalFrom: object
    # value node and provenance details
    qualifier: object
    target: object
    textHash: object
    evidenceText: object
    evidenceStart: object
    evidenceEnd: object


ENTITY_TYPES = (
    "AIFactory", "Supercomputer", "Country", "City", "Region",
    "Company", "Organization", "Person", "AIModel", "Programme",
)
ENTITY_PREDICATES = (
    "locatedIn", "inCountry", "hostCountry", "partner", "fundedBy",
    "headquarteredIn", "develops", "affiliation",
)
VALUE_PREDICATES = ("budget", "invests", "sector", "isUpgrade", "operationalFrom")
PREDICATES = ENTITY_PREDICATES + VALUE_PREDICATES

PREFIXES = {
    "kg": str(KG._NS),
    "kgid": str(ID),
    "kgart": str(ARTICLE),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
}


def sparql_prefixes() -> str:
    """The PREFIX declarations every query of kennisgraaf may rely on.

    One line with no newline, so that a parser's line numbers still point into
    the user's own query text.
    """
    return "".join(f"PREFIX {p}: <{iri}> " for p, iri in PREFIXES.items())
