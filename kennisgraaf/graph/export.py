"""Exports: a registry of format name -> writer, for the entity view and the RDF itself.

View formats draw the (filtered, analysed) entity view; RDF formats write the
article graphs as stored, all of them or those the article and date filters choose.
"""

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from typing import BinaryIO

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager

from kennisgraaf.errors import UsageError
from kennisgraaf.graph.analysis import analyse
from kennisgraaf.graph.filters import Filters, filtered_view
from kennisgraaf.graph.formats import rdf_format
from kennisgraaf.graph.store import GraphStore
from kennisgraaf.graph.view import read_articles
from kennisgraaf.ontology.namespace import PREFIXES

Writer = Callable[[nx.MultiDiGraph, BinaryIO], None]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    suffix: str
    opens_in: str  # which tools read it, for the help text and the docs
    write: Writer | None = None  # None: an RDF format, written from the store


@cache
def palette() -> dict[str, str]:
    """Colour (#rrggbb) per node type."""
    data = json.loads(files("kennisgraaf.graph.data").joinpath("palette.json").read_text())
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _colour(node_type: str | None) -> str:
    colours = palette()
    return colours.get(node_type or "", colours["Thing"])


def simple_attrs(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values GraphML and GEXF can hold: lists joined with "; ",
    None dropped, anything else not a str, int, float or bool written as text."""

    def clean(data: dict) -> dict:
        out = {}
        for k, v in data.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple, set)):
                v = "; ".join(str(x) for x in v)
            elif not isinstance(v, (str, int, float, bool)):
                v = str(v)
            out[k] = v
        return out

    h = nx.MultiDiGraph(**clean(g.graph))
    h.add_nodes_from((n, clean(d)) for n, d in g.nodes(data=True))
    h.add_edges_from((u, v, k, clean(d)) for u, v, k, d in g.edges(keys=True, data=True))
    return h


def write_graphml(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    nx.write_graphml(simple_attrs(g), out)


def write_gexf(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    """GEXF 1.2 with each node coloured by type and sized by its number of facts."""
    h = simple_attrs(g)
    for _, d in h.nodes(data=True):
        rgb = _colour(d.get("type")).lstrip("#")
        r, gr, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
        d["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0},
                    "size": 6.0 + 4.0 * math.sqrt(d.get("degree", 0))}
    nx.write_gexf(h, out)


def cytoscape_json(g: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements JSON (also read by Cytoscape desktop); edges get ids e0, e1, ..."""
    nodes = [{"data": {**d, "id": n}, "classes": d.get("type", "")}
             for n, d in g.nodes(data=True)]
    edges = [{"data": {**d, "id": f"e{i}", "source": u, "target": v, "key": k}}
             for i, (u, v, k, d) in enumerate(g.edges(keys=True, data=True))]
    return {"format_version": "1.0", "generated_by": "kennisgraaf",
            "target_cytoscapejs_version": "~3", "data": {"name": g.graph.get("name", "")},
            "elements": {"nodes": nodes, "edges": edges}}


def write_cytoscape(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    out.write(json.dumps(cytoscape_json(g), ensure_ascii=False, indent=1).encode("utf-8"))


def write_nodelink(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    """networkx node-link JSON with "nodes" and "links", as D3's force layout wants."""
    data = nx.node_link_data(g, edges="links")
    out.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _dot_text(value: object) -> str:
    """A DOT double-quoted string body: backslash and quote escaped, newline as \\n,
    other control characters dropped (so no label can end or change the statement)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\n", "\\n")
    return "".join(c for c in text if c >= " " or c == "\t")


def write_dot(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    """Graphviz DOT; nodes are n0, n1, ... with the IRI as URL, so no IRI needs escaping."""
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    lines = [f'digraph "{_dot_text(g.graph.get("name", "kennisgraaf"))}" {{',
             '  graph [charset="UTF-8", rankdir=LR, overlap=false];',
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=8, color="#555555"];']
    for n, d in g.nodes(data=True):
        lines.append(f'  {ids[n]} [label="{_dot_text(d.get("label", n))}", '
                     f'fillcolor="{_colour(d.get("type"))}", URL="{_dot_text(n)}", '
                     f'tooltip="{_dot_text(d.get("type", ""))}: {_dot_text(n)}"];')
    for u, v, d in g.edges(data=True):
        articles = "; ".join(d.get("articles", ()))
        lines.append(f'  {ids[u]} -> {ids[v]} [label="{_dot_text(d.get("label", ""))}", '
                     f'penwidth={1 + math.log2(d.get("weight", 1) or 1):.2f}, '
                     f'tooltip="{_dot_text(articles)}"];')
    lines.append("}\n")
    out.write("\n".join(lines).encode("utf-8"))


def _script_json(data: object) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can end or open a tag."""
    text = json.dumps(data, ensure_ascii=False)
    for c, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                   ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(c, esc)
    return text


def write_html(g: nx.MultiDiGraph, out: BinaryIO) -> None:
    """One HTML file with Cytoscape.js and the view inlined: it works offline."""
    page = files("kennisgraaf.graph.data").joinpath("export.html").read_text(encoding="utf-8")
    library = files("kennisgraaf.graph.vendor").joinpath("cytoscape.min.js").read_text(
        encoding="utf-8")
    head, rest = page.split("/*CYTOSCAPE*/")
    middle, tail = rest.split("/*VIEW*/")
    view = {"elements": cytoscape_json(g)["elements"], "palette": palette()}
    head = head.replace("{{title}}", escape(str(g.graph.get("name", "kennisgraaf"))))
    out.write("".join((head, library, middle, _script_json(view), tail)).encode("utf-8"))


FORMATS = {f.name: f for f in (
    ExportFormat("graphml", "application/graphml+xml", ".graphml",
                 "yEd, Gephi, Cytoscape desktop, networkx", write_graphml),
    ExportFormat("gexf", "application/gexf+xml", ".gexf",
                 "Gephi (colours by type), networkx", write_gexf),
    ExportFormat("cytoscape", "application/json", ".cyjs",
                 "Cytoscape.js, Cytoscape desktop", write_cytoscape),
    ExportFormat("nodelink", "application/json", ".json",
                 "D3 (d3-force), networkx.node_link_graph", write_nodelink),
    ExportFormat("dot", "text/vnd.graphviz", ".dot", "Graphviz (dot, neato, sfdp)", write_dot),
    ExportFormat("html", "text/html", ".html", "any web browser, offline", write_html),
    ExportFormat("turtle", "text/turtle", ".ttl", "any RDF tool (all triples, no graphs)"),
    ExportFormat("trig", "application/trig", ".trig", "any RDF tool (one graph per article)"),
    ExportFormat("nquads", "application/n-quads", ".nq", "any RDF tool (one graph per article)"),
    ExportFormat("jsonld", "application/ld+json", ".jsonld", "JSON-LD tools (graphs per article)"),
)}


def export_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise UsageError(f"unknown export format {name!r}; use one of {', '.join(FORMATS)}") \
            from None


def export(store: GraphStore, fmt: str, *, out: BinaryIO, filters: Filters | None = None,
           articles_as_nodes: bool = False) -> dict:
    """Write the store in ``fmt`` to ``out``; return what was written (counts)."""
    f = export_format(fmt)
    filters = filters or Filters()
    if f.write is None:
        return write_rdf(store, f.name, out, filters, articles_as_nodes)
    g = analyse(filtered_view(store, filters, articles_as_nodes=articles_as_nodes))
    f.write(g, out)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def write_rdf(store: GraphStore, fmt: str, out: BinaryIO, filters: Filters,
              articles_as_nodes: bool = False) -> dict:
    """The stored RDF: every graph, or only the articles the filters choose."""
    if (filters.types or filters.predicates or filters.around or filters.largest_component
            or articles_as_nodes):
        raise UsageError(f"{fmt} exports the stored graphs: only --article, --since and "
                         "--until apply to it; the other options shape the entity view "
                         "(graphml, gexf, cytoscape, nodelink, dot, html)")
    # oxrdflib's serialisers: Oxigraph's native dump for the embedded store, its
    # streaming writers for any other; rdflib's own TriG writer is far slower.
    ox_format = "ox-" + rdf_format(fmt).rdflib
    if not filters.selects_articles():
        if fmt == "turtle":
            data, _ = store.query_serialized("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", fmt)
            out.write(data)
        else:
            store.dump(out, fmt)
        return {"articles": len(read_articles(store))}
    chosen = [a.iri for a in read_articles(store).values() if filters.accepts(a)]
    ds = Dataset()
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        ds.bind(prefix, iri)
    for iri in chosen:
        part = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                           bindings={"g": URIRef(iri)}).graph
        target = ds.graph(URIRef(iri))
        for t in part:
            target.add(t)
    if fmt == "turtle":
        union = Graph(bind_namespaces="none")
        for prefix, iri in PREFIXES.items():
            union.bind(prefix, iri)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        union.serialize(destination=out, format=ox_format)
    else:
        ds.serialize(destination=out, format=ox_format)
    return {"articles": len(chosen)}
