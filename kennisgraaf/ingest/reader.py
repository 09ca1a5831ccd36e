"""Read articles from files, folders and stdin into `Article` records.

`Article.text` is decided here, once: the seed files' metadata (a leading
``date 2025-01`` marker, a trailing ``Bron: URL`` line) and forum or cookie
boilerplate are taken out, markup is reduced to its text, and everything else
is kept as it is. Every offset downstream refers to that text.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from kennisgraaf.errors import ArticleError, UsageError
from kennisgraaf.ingest.data.values import lines, rows
from kennisgraaf.ingest.dates import parse_iso_partial
from kennisgraaf.ingest.html_text import html_to_text

MAX_BYTES = 10 * 1024 * 1024  # larger inputs are refused, not truncated
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")
TITLE_MAX_CHARS = 150
SOURCE_LINE_WINDOW = 15  # how many last lines may hold the "Bron: URL" line
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]"
)  # control characters but tab, newline, form feed


@dataclass(frozen=True)
class Article:
    """One article; all character offsets downstream refer to ``text``."""

    id: str  # file name without suffix unless the record gives one
    text: str  # the text that is analysed
    title: str | None = None  # first short line / <h1> or <title> / record title
    date: str | None = None  # reduced ISO: "2025", "2025-01", "2025-01-29"
    source: str | None = None  # URL
    language: str = "nl"


def read_sources(sources: Sequence[str | Path]) -> Iterator[Article | ArticleError]:
    """Articles from files, folders (recursively, sorted) and "-" (stdin).

    An input or record that cannot be read yields an ArticleError (with
    ``.source``) in its place, so that the caller reports it and goes on.
    """
    stdin_used = False
    for source in sources:
        if str(source) == "-":
            if stdin_used:
                continue
            stdin_used = True
            raw = sys.stdin.buffer.read()
            yield from _guarded(lambda raw=raw: _records(raw, "stdin", _sniff(raw)), "stdin")
            continue
        path = Path(source)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                yield _error(f"{path} holds no articles ({', '.join(SUFFIXES)})", str(path))
            for p in found:
                yield from _guarded(lambda p=p: _read_file(p), p.name)
        else:
            yield from _guarded(lambda path=path: _read_file(path), path.name)


def read_text(raw: bytes | str, *, name: str, suffix: str = ".txt") -> list[Article]:
    """The articles in one input named ``name``; raises ArticleError if any cannot be read."""
    found = list(_records(raw, name, suffix.lower()))
    for item in found:
        if isinstance(item, ArticleError):
            raise item
    return found


def _guarded(make, source: str) -> Iterator[Article | ArticleError]:
    """Run a reader; its errors, raised or yielded, name the input (``.source``)."""
    try:
        for item in make():
            if isinstance(item, ArticleError):
                item.source = source
            yield item
    except ArticleError as err:
        err.source = source
        yield err


def _error(message: str, source: str) -> ArticleError:
    err = ArticleError(message)
    err.source = source
    return err


def _read_file(path: Path) -> Iterator[Article | ArticleError]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _error(_too_big(path.name), path.name)
        raw = path.read_bytes()
    except OSError as exc:
        raise _error(f"{path} cannot be read ({exc.strerror}); check the path", path.name) from exc
    suffix = path.suffix.lower()
    yield from _records(raw, path.stem, suffix if suffix in SUFFIXES else _sniff(raw))


def _too_big(name: str) -> str:
    return (
        f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB, the limit for one input; "
        "split it into separate articles"
    )


def _sniff(raw: bytes | str) -> str:
    """The format of unnamed input (stdin) from its first character."""
    head = (raw[:200].decode("utf-8", "ignore") if isinstance(raw, bytes) else raw[:200]).lstrip(
        "\ufeff \t\r\n"
    )
    if head.startswith(("{", "[")):
        return ".json"
    return ".html" if head.startswith("<") else ".txt"


def decode(raw: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (BOM optional), UTF-16 with BOM, else cp1252 / Latin-1."""
    if len(raw) > MAX_BYTES:
        raise _error(_too_big(name), name)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _error(f"{name} is not text (broken UTF-16)", name) from exc
    if b"\x00" in raw:
        raise _error(
            f"{name} is not text (it holds binary data); give a text, Markdown, HTML or JSON file",
            name,
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _as_text(raw: bytes | str, name: str) -> str:
    text = decode(raw, name) if isinstance(raw, bytes) else raw
    if len(text) > MAX_BYTES:
        raise _error(_too_big(name), name)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _error(f"{name} is empty; there is no text to analyse", name)
    if len(_CONTROL.findall(text)) > 0.05 * len(text):
        raise _error(f"{name} is not text (mostly control characters); give a text file", name)
    return text


def _records(raw: bytes | str, name: str, suffix: str) -> Iterator[Article | ArticleError]:
    text = _as_text(raw, name)
    if suffix in (".json", ".jsonl"):
        yield from _json_records(text, name, suffix)
    elif suffix in (".html", ".htm"):
        page = html_to_text(text)
        yield _article(
            name,
            page.text,
            name=name,
            title=page.title,
            date=_valid_date(page.date),
            source=page.source,
            language=page.language,
        )
    elif suffix in (".md", ".markdown"):
        meta, text = _front_matter(text)
        page = html_to_text(_MARKDOWN.render(text))
        yield _article(
            name,
            page.text,
            name=name,
            title=meta.get("title") or page.title,
            date=_valid_date(meta.get("date")),
            source=meta.get("url") or meta.get("source"),
            language=meta.get("lang") or meta.get("language"),
        )
    else:
        yield _article(name, text, name=name)


# Raw HTML inside Markdown is passed on, so that html_to_text drops its tags too.
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_META_LINE = re.compile(r"(\w+)\s*:\s*[\"']?(.*?)[\"']?\s*")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """The flat "key: value" lines of a leading YAML block, and the text after it."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    pairs = (_META_LINE.fullmatch(line) for line in m.group(1).split("\n"))
    return {p.group(1).lower(): p.group(2) for p in pairs if p and p.group(2)}, text[m.end() :]


def _valid_date(value: str | None) -> str | None:
    try:
        return parse_iso_partial(value) if value else None
    except UsageError:
        return None


def _json_records(text: str, name: str, suffix: str) -> Iterator[Article | ArticleError]:
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg != "Extra data":
                raise _error(
                    f"{name} is not valid JSON ({exc.msg}, line {exc.lineno}); "
                    "give one record or a list of records",
                    name,
                ) from exc
            data = None  # several documents: read it as JSON Lines
        if data is not None:
            items = data if isinstance(data, list) else [data]
            if not items:
                raise _error(f"{name} holds an empty list; there is no article in it", name)
            numbered = [(i, i, item) for i, item in enumerate(items, 1)]
            yield from _from_items(numbered, name, single=len(items) == 1)
            return
    numbered = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            numbered.append((len(numbered) + 1, lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            numbered.append((len(numbered) + 1, lineno, exc))
    yield from _from_items(numbered, name, single=len(numbered) == 1)


def _from_items(numbered, name: str, *, single: bool) -> Iterator[Article | ArticleError]:
    for index, where, item in numbered:
        label = f"{name} record {where}"
        try:
            yield _from_record(item, label, name if single else f"{name}-{index}")
        except ArticleError as err:
            err.source = name
            yield err


_FIELDS = ("id", "title", "text", "date", "url", "language")


def _from_record(item: object, label: str, default_id: str) -> Article:
    if isinstance(item, json.JSONDecodeError):
        raise ArticleError(f"{label} is not valid JSON ({item.msg})")
    if not isinstance(item, dict):
        raise ArticleError(
            f'{label} is not a JSON object; give {{"id", "title", "text", "date", "url"}}'
        )
    for key in _FIELDS:
        value = item.get(key)
        if (
            value is not None
            and not isinstance(value, str)
            and not (key == "id" and isinstance(value, int))
        ):
            raise ArticleError(
                f"{label}: field {key!r} must be a string, not {type(value).__name__}"
            )
    if not (item.get("text") or "").strip():
        raise ArticleError(f'{label} has no "text"; every record needs the article text')
    date = item.get("date")
    if date:
        try:
            date = parse_iso_partial(date)
        except UsageError as exc:
            raise ArticleError(f"{label}: field 'date' {exc}") from exc
    text = item["text"].replace("\r\n", "\n").replace("\r", "\n")
    return _article(
        str(item.get("id") or default_id),
        text,
        name=label,
        title=item.get("title"),
        date=date or None,
        source=item.get("url"),
        language=item.get("language"),
    )


# --- metadata and boilerplate ------------------------------------------------

_DATE_MARKER = re.compile(r"\A\s*date:?\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b[ \t]*\n?\s*")
_SOURCE_LINE = re.compile(r"(?:bron|source|bronnen)\s*:\s*(\S+)", re.IGNORECASE)
_SEPARATOR = re.compile(r"[-–—_*=~•·\s]+")
_WORDS = re.compile(r"[^\W\d_]+")


def _load_boilerplate() -> tuple[frozenset[str], tuple[str, ...]]:
    whole = {p.casefold() for p in lines("boilerplate.txt") if not p.endswith("*")}
    prefixes = tuple(p[:-1].casefold() for p in lines("boilerplate.txt") if p.endswith("*"))
    return frozenset(whole), prefixes


_BOILER_WHOLE, _BOILER_PREFIX = _load_boilerplate()
_LANGUAGE_WORDS = {lang: frozenset(words.split()) for lang, words in rows("languages.tsv")}


def _is_boilerplate(line: str) -> bool:
    key = " ".join(line.split()).casefold()
    return key in _BOILER_WHOLE or key.startswith(_BOILER_PREFIX)


def _clean(text: str) -> tuple[str, str | None, str | None]:
    """The analysed text, with the marker date and the source URL it carried."""
    date = None
    m = _DATE_MARKER.match(text)
    if m:
        try:
            date = parse_iso_partial(m.group(1))
            text = text[m.end() :]
        except UsageError:
            pass
    body = text.split("\n")
    source = None
    while body and (not body[0].strip() or _is_boilerplate(body[0])):
        body.pop(0)
    # A "Bron: URL" line near the end closes the article: what follows is page furniture.
    for i in range(len(body) - 1, max(-1, len(body) - 1 - SOURCE_LINE_WINDOW), -1):
        link = _SOURCE_LINE.fullmatch(body[i].strip())
        if link:
            source, body = link.group(1), body[:i]
            break
    while body and (
        not body[-1].strip() or _is_boilerplate(body[-1]) or _SEPARATOR.fullmatch(body[-1])
    ):
        body.pop()
    return "\n".join(body).rstrip(), date, source


def _title(text: str) -> str | None:
    """The first line when it reads as a headline: short, and no final period."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if rest.strip() and first and len(first) <= TITLE_MAX_CHARS and not first.endswith((".", ":")):
        return first
    return None


def guess_language(text: str) -> str:
    """The language whose function words are most frequent in the text ("nl" if unsure)."""
    counts = dict.fromkeys(_LANGUAGE_WORDS, 0)
    for word in _WORDS.findall(text[:5000].lower()):
        for lang, words in _LANGUAGE_WORDS.items():
            counts[lang] += word in words
    best = max(counts, key=counts.get)
    return best if counts[best] >= 10 and counts[best] > 1.5 * counts.get("nl", 0) else "nl"


def _article(
    article_id: str,
    raw_text: str,
    *,
    name: str,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    language: str | None = None,
) -> Article:
    text, marker_date, marker_source = _clean(raw_text)
    if not text.strip():
        raise _error(f"{name} is empty once markup and boilerplate are removed", name)
    return Article(
        id=article_id,
        text=text,
        title=title or _title(text),
        date=date or marker_date,
        source=source or marker_source,
        language=language or guess_language(text),
    )
