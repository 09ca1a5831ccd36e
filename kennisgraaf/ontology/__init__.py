"""The OWL ontology, the SHACL shapes and the namespaces of kennisgraaf."""
