"""The visible text of an HTML page, and the metadata its head states.

Scripts, styles, navigation, page headers and footers, forms, comment sections
and cookie banners are dropped (html_skip.txt), as are blocks that hold
nothing but links. The standard library parser keeps no element tree, so
deeply nested pages cost no recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from kennisgraaf.ingest.data.values import lines


@dataclass
class Page:
    """The text of an HTML page and the metadata its head states."""

    text: str
    title: str | None = None
    date: str | None = None  # as the page states it; the reader checks it
    source: str | None = None
    language: str | None = None


_SKIP_RULES = [line.split() for line in lines("html_skip.txt")]
_SKIP_TAGS = frozenset(v for k, v in _SKIP_RULES if k == "tag")
_CHROME_TAGS = frozenset(v for k, v in _SKIP_RULES if k == "chrome")
_SKIP_HINT = re.compile("|".join(re.escape(v) for k, v in _SKIP_RULES if k == "hint"), re.IGNORECASE)
_BLOCKS = frozenset(
    ["p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "thead", "tbody", "blockquote", "pre", "br", "hr", "figcaption", "caption", "address", "center"]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
_DATE_META = frozenset(
    {
        "article:published_time",
        "date",
        "dcterms.date",
        "dc.date",
        "pubdate",
        "publish-date",
        "datepublished",
    }
)


class _TextParser(HTMLParser):
    """Collects visible text; keeps no element tree, so deep nesting costs nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_tag: str | None = None  # the element being dropped, and its open count
        self.skip_depth = 0
        self.in_title = self.in_h1 = False
        self.in_pre = self.in_link = self.in_heading = self.in_article = 0
        # The current block, and whether all its text so far sits in links.
        self.block_start = self.link_chars = self.plain_chars = 0
        self.title: list[str] = []
        self.h1: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.meta.setdefault("language", a["lang"].split("-")[0].lower())
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _DATE_META and a.get("content"):
                self.meta.setdefault("date", a["content"])
            elif key == "og:url" and a.get("content"):
                self.meta.setdefault("source", a["content"])
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.meta["source"] = a["href"]
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("date", a["datetime"])
        if tag == "title":
            self.in_title = True
        if self.skip_tag is not None:
            self.skip_depth += tag == self.skip_tag
            return
        if tag in _VOID and tag not in _BLOCKS:
            return
        chrome = tag in _CHROME_TAGS and not self.in_article
        if (
            chrome
            or tag in _SKIP_TAGS
            or _SKIP_HINT.search(f"{a.get('id', '')} {a.get('class', '')}")
        ):
            if tag not in _VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in _BLOCKS:
            self._block_boundary()
        if tag == "h1":
            self.in_h1 = True
        self.in_pre += tag == "pre"
        self.in_link += tag == "a"
        self.in_heading += tag in _HEADINGS
        self.in_article += tag in ("article", "main")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag in _BLOCKS:
            self._block_boundary()
        if tag == "h1":
            self.in_h1 = False
        self.in_pre -= tag == "pre" and self.in_pre > 0
        self.in_link -= tag == "a" and self.in_link > 0
        self.in_heading -= tag in _HEADINGS and self.in_heading > 0
        self.in_article -= tag in ("article", "main") and self.in_article > 0

    def _block_boundary(self) -> None:
        """End a block; one with nothing but link text ("Terug · Reageer") is dropped."""
        if self.link_chars and not self.plain_chars and not self.in_heading:
            del self.parts[self.block_start :]
        self.parts.append("\n")
        self.block_start, self.link_chars, self.plain_chars = len(self.parts), 0, 0

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip_tag is None:
            # Source line breaks are layout; blocks make the lines (<pre> keeps its own).
            self.parts.append(data if self.in_pre else data.replace("\n", " "))
            chars = sum(c.isalnum() for c in data)
            if self.in_link:
                self.link_chars += chars
            else:
                self.plain_chars += chars
            if self.in_h1:
                self.h1.append(data)


def html_to_text(html: str) -> Page:
    """The visible text of a page, one line per block, table rows as "a | b |"."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    out = []
    for line in "".join(parser.parts).split("\n"):
        line = " ".join(line.split())
        if line:
            out.append(line)
    date = parser.meta.get("date")
    title = " ".join("".join(parser.h1).split()) or " ".join("".join(parser.title).split())
    return Page(
        "\n".join(out), title or None, date, parser.meta.get("source"), parser.meta.get("language")
    )
