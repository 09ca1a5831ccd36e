"""spaCy pipeline components of kennisgraaf; importing the package registers their factories."""

from kennisgraaf.ingest.components import values  # noqa: F401  (registers "kg_values")
