"""What networkx tells about the entity view: centrality, communities, the best connected.

Measures are taken on the undirected graph of distinct neighbours (parallel
facts add up in ``weight``), written onto the nodes as attributes so that
every export carries them. Betweenness is exact up to ``samples`` nodes and
estimated from ``samples`` random sources above that, so that it stays
fast on a big graph.
"""

import networkx as nx

from kennisgraaf.graph.store import GraphStore
from kennisgraaf.graph.view import ARTICLE, build_view

SAMPLES = 300  # betweenness sources sampled on bigger graphs
SEED = 0  # fixed, so that the same graph gives the same figures


def undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """One edge per pair of distinct neighbours, ``weight`` summed over the facts between them."""
    out = nx.Graph()
    out.add_nodes_from(g)
    for u, v, w in g.edges(data="weight", default=1):
        if u != v:
            out.add_edge(u, v, weight=out.get_edge_data(u, v, {"weight": 0})["weight"] + w)
    return out


def analyse(g: nx.MultiDiGraph, *, samples: int = SAMPLES) -> nx.MultiDiGraph:
    """Add ``degree``, ``degree_centrality``, ``betweenness`` and ``community`` to every node.

    Communities (Louvain, on the summed weights) are numbered from 0 by size,
    largest first. Returns ``g`` itself.
    """
    u = undirected(g)
    n = u.number_of_nodes()
    centrality = nx.degree_centrality(u) if n > 1 else dict.fromkeys(u, 0.0)
    between = nx.betweenness_centrality(u, k=samples if n > samples else None, seed=SEED)
    parts = nx.community.louvain_communities(u, weight="weight", seed=SEED) if n else []
    ranked = sorted(parts, key=lambda part: (-len(part), min(part)))
    community = {node: i for i, part in enumerate(ranked) for node in part}
    for node, data in g.nodes(data=True):
        data["degree"] = g.degree(node)
        data["degree_centrality"] = round(centrality[node], 6)
        data["betweenness"] = round(between[node], 6)
        data["community"] = community[node]
    return g


def top_entities(g: nx.MultiDiGraph, n: int = 10) -> list[dict]:
    """The ``n`` best connected entities (most facts, then betweenness, then label).

    Needs :func:`analyse` to have run. Article nodes are never listed.
    """
    rows = [{"iri": node, "label": d.get("label", ""), "type": d.get("type", ""),
             "degree": d["degree"], "betweenness": d["betweenness"],
             "community": d["community"], "mentions": d.get("mentions", 0)}
            for node, d in g.nodes(data=True) if d.get("type") != ARTICLE]
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], r["label"].casefold()))
    return rows[:n]


def summary(g: nx.MultiDiGraph) -> dict:
    """Node, edge, component and community counts of an analysed view."""
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "components": nx.number_weakly_connected_components(g) if len(g) else 0,
        "communities": len({c for _, c in g.nodes(data="community") if c is not None}),
    }


def graph_report(store: GraphStore, top: int = 10) -> str:
    """The entity graph's size and its ``top`` best connected entities, as text lines."""
    g = analyse(build_view(store))
    s = summary(g)
    lines = [(f"entity graph  {s['nodes']} entities, {s['edges']} facts, "
              f"{s['components']} connected parts, {s['communities']} communities"),
             f"  {'degree':>6}  {'betweenness':>11}  {'community':>9}  {'type':14} label"]
    for row in top_entities(g, top):
        lines.append(f"  {row['degree']:>6}  {row['betweenness']:>11.4f}  {row['community']:>9}  "
                     f"{row['type']:14} {row['label']}")
    return "\n".join(lines)
