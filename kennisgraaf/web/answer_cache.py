"""Repeated queries and questions answered from memory until the next write, with ETags.

Scripts and dashboards send the same SPARQL and the same canned questions again and
again; between two writes the answer cannot change, so the serialised bytes are kept
(least recently used first out) and the query path is skipped. Every write through
this server clears the cache, so it is only switched on for stores that nothing else
writes to (the embedded and in-memory stores, which this server holds exclusively;
never for a remote SPARQL server). The ETag is a hash of the body: a client that sends
``If-None-Match`` gets 304 while the answer is unchanged, across writes too.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import Response, request


@dataclass(frozen=True)
class Cached:
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...]
    etag: str


class AnswerCache:
    """At most ``entries`` answers and ``max_bytes`` of bodies; thread-safe."""

    def __init__(self, entries: int, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.entries, self.max_bytes = entries, max_bytes
        self._items: OrderedDict[Hashable, Cached] = OrderedDict()
        self._bytes = 0
        self._generation = 0  # bumped by every write; an answer begun before one is not kept
        self._lock = threading.Lock()

    @property
    def generation(self) -> int:
        return self._generation

    def get(self, key: Hashable) -> Cached | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, key: Hashable, response: Response, generation: int) -> Cached | None:
        """Keep a 200 answer computed at ``generation``; None if it is not kept."""
        body = response.get_data()
        if response.status_code != 200 or len(body) > self.max_bytes // 4:
            return None
        headers = tuple((k, v) for k, v in response.headers.items()
                        if k.lower() not in ("content-type", "content-length", "etag"))
        hit = Cached(body, response.content_type, headers,
                     hashlib.blake2b(body, digest_size=12).hexdigest())
        with self._lock:
            if generation != self._generation:
                return None
            old = self._items.pop(key, None)
            self._bytes -= len(old.body) if old else 0
            self._items[key] = hit
            self._bytes += len(body)
            while len(self._items) > self.entries or self._bytes > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.body)
        return hit

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._items.clear()
            self._bytes = 0


def cached_answer(cache: AnswerCache | None, key: Hashable,
                  make: Callable[[], Response]) -> Response:
    """``make()``'s response, or the kept one for ``key``; conditional on If-None-Match."""
    if cache is None:
        return make()
    hit = cache.get(key)
    if hit is None:
        generation = cache.generation
        response = make()
        hit = cache.put(key, response, generation)
        if hit is None:
            return response
    response = Response(hit.body, content_type=hit.content_type, headers=list(hit.headers))
    response.set_etag(hit.etag)
    return response.make_conditional(request)
