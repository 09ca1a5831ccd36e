"""What the app holds while it runs: its settings, the store, and the query runner."""

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app

from kennisgraaf.config import SETTINGS, setting
from kennisgraaf.graph.oxigraph_backend import OxigraphStore
from kennisgraaf.graph.remote_backend import RemoteStore
from kennisgraaf.graph.store import GraphStore, open_store
from kennisgraaf.web.answer_cache import AnswerCache
from kennisgraaf.web.runner import InlineRunner, PoolRunner


def web_settings(overrides: Mapping[str, object] | None = None) -> dict:
    """Every setting of config.py (environment or default), then ``overrides`` (None = keep)."""
    values = {s.name: setting(s.name) for s in SETTINGS}
    unknown = set(overrides or {}) - set(values)
    if unknown:
        raise KeyError(f"unknown settings: {', '.join(sorted(unknown))}")
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return values


@dataclass
class Services:
    settings: dict
    store: GraphStore
    runner: PoolRunner | InlineRunner
    owns_store: bool
    cache: AnswerCache | None

    @classmethod
    def open(cls, settings: dict, store: GraphStore | None = None) -> "Services":
        owns = store is None
        if store is None:
            store = open_store(settings["store"], create=True)
        timeout, size = float(settings["query_timeout"]), int(settings["query_workers"])
        if isinstance(store, OxigraphStore) and store.location != "oxigraph-memory":
            runner = PoolRunner(store.location, size=size, timeout=timeout,
                                checkpoint=None if store.read_only else store.checkpoint)
        else:
            runner = InlineRunner(store, timeout=timeout, size=size)
        # Others may write to a remote store behind our back: no cache there.
        entries = int(settings["answer_cache"])
        cache = AnswerCache(entries) if entries > 0 and not isinstance(store, RemoteStore) else None
        return cls(settings, store, runner, owns, cache)

    def wrote(self) -> None:
        """Call after every write, so that query workers and the answer cache see it."""
        self.runner.wrote()
        if self.cache is not None:
            self.cache.clear()

    def close(self) -> None:
        self.runner.close()
        if self.owns_store:
            self.store.close()


def services() -> Services:
    return current_app.extensions["kennisgraaf"]
