"""Data of the graph views and exports: SPARQL queries, the type palette, the HTML page."""
