"""The store (embedded Oxigraph, in-memory or a remote SPARQL server) and the exports."""
