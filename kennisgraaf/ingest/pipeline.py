"""The extraction pipeline, assembled from ``data/config.cfg`` by spaCy's config system."""

from __future__ import annotations

import gc
from functools import cache
from importlib.resources import as_file, files

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex, registry

from kennisgraaf.ingest.components import (  # noqa: F401  (importing registers the factories)
    context_entities,
    entities,
    gazetteer,
    relations,
    sentences,
    tables,
    values,
)

CONFIG = files("kennisgraaf.ingest") / "data" / "config.cfg"
# Hyphens inside a word split it ("NVIDIA-oprichter", "Qwen-modellen"), so names and cues
# stand as tokens of their own; a possessive 's ("OpenAI's") comes off as a suffix.
HYPHEN_INFIX = r"(?<=[\w.+])-(?=\w)"
POSSESSIVE_SUFFIX = r"(?<=[A-Za-z])['’]s$"
# A full stop after a capital ends a sentence after "BV" or "ApS" as after any word.
CAPITAL_STOP_SUFFIX = r"(?<=[A-Za-z][A-Z])\.$"


@registry.callbacks("kennisgraaf.split_hyphens.v1")
def split_hyphens():
    def after_creation(nlp: Language) -> Language:
        infixes = [*nlp.Defaults.infixes, HYPHEN_INFIX]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        suffixes = [POSSESSIVE_SUFFIX, CAPITAL_STOP_SUFFIX, *nlp.Defaults.suffixes]
        nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        return nlp

    return after_creation


@cache
def load_nlp() -> Language:
    """The pipeline, built once per process."""
    with as_file(CONFIG) as path:
        config = spacy.util.load_config(path, interpolate=True)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    # The pipeline (vocabulary, matchers, lexicon) lives as long as the process: taken out of
    # the cyclic garbage collector's scans, it no longer costs time at every collection.
    gc.freeze()
    return nlp
