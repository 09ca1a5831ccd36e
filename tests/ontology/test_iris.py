"""Readable, stable IRIs."""

import pytest

from kennisgraaf.ontology.iris import entity_iri, slug


@pytest.mark.parametrize("text, expected", [
    ("Tsjechië", "tsjechie"), ("Tromsø", "tromso"), ("Łódź", "lodz"), ("Straße", "strasse"),
    ("LUMI AI Factory", "lumi-ai-factory"), ("L-AI", "l-ai"), ("  ", "x"),
])
def test_slug(text, expected):
    assert slug(text) == expected


def test_entity_iri_is_type_and_name():
    assert str(entity_iri("AIFactory", "HammerHAI")).endswith("/id/aifactory/hammerhai")
