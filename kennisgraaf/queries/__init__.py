"""Questions over the graph: canned SPARQL queries and Dutch/English questions."""
