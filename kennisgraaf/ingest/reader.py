"""Read articles from files, folders and stdin into `Article` records.

`Article.text` is decided here, once: metadata markers and boilerplate are
removed, everything else is kept as is. Every offset downstream refers to it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kennisgraaf.errors import ArticleError

MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    language: str = "nl"


def _error(message: str, source: str) -> ArticleError:
    err = ArticleError(message)
    err.source = source
    return err


def read_text(raw: bytes | str, *, name: str, suffix: str = ".txt") -> list[Article]:
    """The articles in one input; raises ArticleError when it cannot be read."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8-sig")
    if not raw.strip():
        raise _error(f"{name} is empty", name)
    if suffix == ".json":
        data = json.loads(raw)
        records = data if isinstance(data, list) else [data]
        return [Article(id=str(r.get("id") or name), text=r["text"], title=r.get("title"),
                        date=r.get("date"), source=r.get("url")) for r in records]
    return [Article(id=name, text=raw)]


def read_sources(sources: Sequence[str | Path]) -> Iterator[Article | ArticleError]:
    """Articles from files, folders and "-" (stdin); unreadable inputs yield an ArticleError."""
    for source in sources:
        if str(source) == "-":
            paths = [None]
        else:
            path = Path(source)
            paths = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES) if path.is_dir() else [path]
        for p in paths:
            try:
                if p is None:
                    yield from read_text(sys.stdin.buffer.read(), name="stdin")
                else:
                    yield from read_text(p.read_bytes(), name=p.stem, suffix=p.suffix.lower())
            except ArticleError as err:
                yield err
