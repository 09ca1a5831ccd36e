"""The web app: SPARQL endpoint, Graph Store, JSON API and pages (``create_app`` in app.py)."""
