"""The W3C SPARQL 1.1 Protocol tests (../shared/w3c/protocol), replayed against the app."""

import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from tests.web.conftest import AUTH, shared_or_skip

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt",
             "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


def _manifest() -> tuple[Graph, list[URIRef]]:
    path = shared_or_skip("w3c", "protocol", "manifest.ttl")
    g = Graph().parse(path, format="turtle")
    head = g.value(g.value(None, RDF.type, MF.Manifest), MF.entries)
    return g, list(Collection(g, head))


def _cases():
    try:
        _, entries = _manifest()
    except pytest.skip.Exception:
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/w3c is absent"))]
    return [pytest.param(e, id=str(e).rsplit("#", 1)[-1]) for e in entries]


@pytest.fixture(scope="module")
def manifest():
    return _manifest()[0]


def _boolean(response) -> bool:
    if response.mimetype == "application/sparql-results+json":
        return json.loads(response.data)["boolean"]
    root = ET.fromstring(response.data)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def _check(g: Graph, resp_node, response) -> None:
    statuses = {str(s).removeprefix(HTS)[0] for s in g.objects(resp_node, MF.expectedStatus)}
    assert str(response.status_code)[0] in statuses, response.data[:300]
    fmt = g.value(resp_node, MF.expectedFormat)
    if fmt is None:
        return
    if str(fmt) in ("boolean", "tabular"):
        assert response.mimetype in RESULT_TYPES
    else:
        assert response.mimetype in RDF_TYPES
        Graph().parse(data=response.data, format=RDF_TYPES[response.mimetype])
    expected = g.value(resp_node, MF.expectedBoolean)
    if expected is not None:
        assert _boolean(response) is expected.toPython()


@pytest.mark.parametrize("case", _cases())
def test_protocol_case(case, manifest, app, client):
    g = manifest
    store = app.extensions["kennisgraaf"]
    store.store.update("DROP SILENT ALL")
    for data in g.objects(case, UT.graphData):
        path = shared_or_skip("w3c", "protocol", str(g.value(data, UT.graph)).rsplit("/", 1)[-1])
        store.store.load(path, graph=URIRef(str(g.value(data, RDFS.label))))
    store.wrote()
    action = g.value(case, MF.action)
    for request in Collection(g, g.value(action, HT.requests)):
        headers = dict(AUTH)
        head = g.value(request, HT.headers)
        for h in Collection(g, head) if head is not None else []:
            headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
        body = g.value(request, HT.body)
        data = None
        if body is not None:
            encoding = str(g.value(body, CNT.characterEncoding) or "UTF-8")
            data = str(g.value(body, CNT.chars)).encode(encoding)
        response = client.open(str(g.value(request, HT.absolutePath)),
                               method=str(g.value(request, HT.methodName)),
                               headers=headers, data=data)
        _check(g, g.value(request, HT.resp), response)
    assert g.value(case, RDF.type) == MF.ProtocolTest
