"""The article reader: formats, seed metadata, boilerplate, decoding and bad input."""

import io
import json
import sys
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kennisgraaf.errors import ArticleError
from kennisgraaf.ingest import reader
from kennisgraaf.ingest.reader import Article, read_sources, read_text
from tests.conftest import shared_path


def only(raw, name="a", suffix=".txt") -> Article:
    (article,) = read_text(raw, name=name, suffix=suffix)
    return article


def test_seed_metadata_and_boilerplate_stay_out_of_the_text():
    seeds = shared_path("corpus", "seeds")
    articles = {a.id: a for a in read_sources([seeds])}
    assert len(articles) == 5 and all(isinstance(a, Article) for a in articles.values())
    news = articles["001_2cd4202aafbeafbb"]
    assert news.date == "2025-01" and news.text.startswith("Na het nieuws dat")
    assert articles["004_4efe03ebf7f1683d"].date == "2024-12"
    forum = articles["003_9ee6aa757da60a9b"]
    assert forum.source == "https://www.duken.nl"
    assert forum.text.endswith("en ga ervoor!")
    for phrase in ("Terugkoppeling", "Aanbevolen reactie", "Doe je mee?", "moderator", "Bron:"):
        assert phrase not in forum.text
    assert (
        forum.title
        == "Nederland klopt aan bij Nvidia voor een eigen AI-fabriek – is het niet al te laat?"
    )
    assert articles["000_8f411ca1b4bbc9d4"].title is None  # a long opening sentence is no headline
    # the analysed text is the file's text, trimmed at the ends only
    raw = (seeds / "004_4efe03ebf7f1683d.txt").read_text(encoding="utf-8")
    assert articles["004_4efe03ebf7f1683d"].text in raw


def test_plain_text_title_rule():
    assert only("Korte kop\nDe tekst.").title == "Korte kop"
    assert only("Een zin met punt.\nDe tekst.").title is None
    assert only("Alleen één regel").title is None


def test_markdown_keeps_text_and_table_rows():
    md = (
        "# De kop\n\nEen **vette** zin met [een link](https://x.nl).\n\n"
        "| land | stad | budget |\n|---|---|---|\n| Finland | Kajaani | > 600 miljoen euro |\n"
    )
    article = only(md, suffix=".md")
    assert article.title == "De kop"
    assert article.text.split("\n") == [
        "De kop",
        "Een vette zin met een link.",
        "land | stad | budget |",
        "Finland | Kajaani | > 600 miljoen euro |",
    ]


def test_html_text_without_scripts_navigation_or_comments():
    html = """<html lang="nl"><head><title>Site | Kop</title>
    <meta property="article:published_time" content="2025-02-03T08:00:00Z">
    <link rel="canonical" href="https://nieuws.example/kop"><style>p{}</style></head>
    <body><nav>Menu</nav><header>Logo</header><h1>De kop</h1>
    <p>Eerste <b>alinea</b>
    over twee regels.</p><script>alert(1)</script>
    <section id="comments"><div><p>Reactie</p></div><p>Nog een</p></section>
    <aside>Lees ook</aside><p>Slot &amp; einde.</p><footer>Colofon</footer></body></html>"""
    article = only(html, name="pagina", suffix=".html")
    assert article.text == "De kop\nEerste alinea over twee regels.\nSlot & einde."
    assert (article.title, article.date, article.source) == (
        "De kop",
        "2025-02-03",
        "https://nieuws.example/kop",
    )


def test_deeply_nested_html_does_not_recurse():
    html = "<div>" * 100_000 + "diep" + "</div>" * 100_000
    assert only(html, suffix=".html").text == "diep"


def test_json_records_and_their_errors(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(
        json.dumps(
            [
                {
                    "id": "x1",
                    "title": "Kop",
                    "text": "Tekst één.",
                    "date": "2025-01-29",
                    "url": "https://a",
                },
                {"text": "Zonder id."},
                {"id": "x3", "text": 42},
                {"id": "x4", "text": "Slechte datum.", "date": "2025-13"},
                {"id": "x5"},
            ]
        ),
        encoding="utf-8",
    )
    results = list(read_sources([path]))
    first, second = results[:2]
    assert first == Article("x1", "Tekst één.", "Kop", "2025-01-29", "https://a", "nl")
    assert second.id == "batch-2"
    errors = results[2:]
    assert all(isinstance(e, ArticleError) and e.source == "batch.json" for e in errors)
    assert "'text' must be a string" in str(errors[0])
    assert "'date'" in str(errors[1]) and "2025-01" in str(errors[1])
    assert 'no "text"' in str(errors[2])
    with pytest.raises(ArticleError):
        read_text(path.read_bytes(), name="batch", suffix=".json")


def test_json_lines_and_single_record():
    lines = '{"id": "a", "text": "Een."}\n\n{kapot\n{"text": "Twee."}\n'
    results = list(reader._records(lines, "stroom", ".jsonl"))
    assert [getattr(r, "id", None) for r in results] == ["a", None, "stroom-3"]
    assert "record 3 is not valid JSON" in str(results[1])
    assert only('{"text": "Alleen."}', name="een", suffix=".json").id == "een"


@pytest.mark.parametrize(
    "raw",
    [
        "Café in Genève".encode("utf-8-sig"),
        "Café in Genève".encode("utf-16"),
        "Café in Genève".encode("cp1252"),
    ],
)
def test_decoding(raw):
    assert only(raw).text == "Café in Genève"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not text"),
        (bytes(range(1, 32)) * 10, "is not text"),
        (b"", "is empty"),
        (b"  \n\t ", "is empty"),
        (b"<html><script>x</script></html>", "is empty once markup"),
    ],
)
def test_unreadable_input_is_an_article_error(raw, message):
    with pytest.raises(ArticleError, match=message):
        read_text(raw, name="f", suffix=".html" if raw.startswith(b"<") else ".txt")


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_text("Goed artikel.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    with open(tmp_path / "c.txt", "wb") as f:
        f.truncate(reader.MAX_BYTES + 1)
    (tmp_path / "d.md").write_text("Ook goed.", encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    results = list(read_sources([tmp_path, tmp_path / "weg.txt"]))
    assert [type(r).__name__ for r in results] == [
        "Article",
        "ArticleError",
        "ArticleError",
        "Article",
        "ArticleError",
    ]
    assert [getattr(r, "source", None) for r in results[1:3]] == ["b.txt", "c.txt"]
    assert "larger than 10 MB" in str(results[2])
    assert "weg.txt" in str(results[4]) and results[4].source == "weg.txt"


def test_stdin(monkeypatch):
    data = b'[{"text": "Een."}, {"text": "Twee."}]'
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))
    assert [a.id for a in read_sources(["-"])] == ["stdin-1", "stdin-2"]
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(b"Gewoon tekst.")))
    assert [a.id for a in read_sources(["-"])] == ["stdin"]


def test_language_guess():
    english = (
        "The company said that it will invest in the new factory, and that the plan is ready. " * 3
    )
    assert only(english).language == "en"
    assert (
        only(
            "De Commissie zegt dat het plan voor de fabriek klaar is en dat er geld is. " * 3
        ).language
        == "nl"
    )


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
@pytest.mark.parametrize("suffix", reader.SUFFIXES)
def test_any_input_reads_or_fails_cleanly(suffix, raw):
    try:
        articles = read_text(raw, name="x", suffix=suffix)
    except ArticleError:
        return
    assert all(a.text.strip() and a.text == a.text.rstrip() for a in articles)


def test_markdown_front_matter_and_inline_html():
    md = (
        '---\ntitle: "Het plan"\ndate: 2025-03-04\nurl: https://nieuws.example/plan\n---\n'
        'Tekst met <span class="x">opmaak</span>.\n\n<script>weg()</script>\n'
    )
    article = only(md, suffix=".md")
    assert (article.title, article.date, article.source) == (
        "Het plan",
        "2025-03-04",
        "https://nieuws.example/plan",
    )
    assert article.text == "Tekst met opmaak."


def test_everything_after_the_source_line_is_left_out():
    raw = (
        "Kop van het stuk\nDe tekst.\n-\nBron: https://nieuws.example/stuk\n"
        "Onbekende widget (12)\nNog een regel van de site.\n"
    )
    article = only(raw)
    assert (article.text, article.source) == (
        "Kop van het stuk\nDe tekst.",
        "https://nieuws.example/stuk",
    )


def test_blocks_of_links_only_are_navigation():
    md = (
        "# [Kop met link](https://x.example)\n\nTekst met [een link](https://x.example) erin.\n\n"
        "---\n\n[Terug naar het overzicht](https://x.example) · [Reageer](https://x.example/r)\n"
    )
    assert only(md, suffix=".md").text == "Kop met link\nTekst met een link erin."
    html = (
        "<ul><li><a href='/a'>Eerder nieuws</a></li></ul>"
        "<p>Het artikel.</p><p><a href='/b'>Meer</a></p>"
    )
    assert only(html, suffix=".html").text == "Het artikel."


def test_the_header_of_an_article_is_content():
    html = (
        "<body><header><a href='/'>Site</a> Het nieuws van vandaag</header><main><article>"
        "<header><h1>De kop</h1><p>Door een verslaggever</p></header><p>Het stuk.</p>"
        "</article></main></body>"
    )
    article = only(html, suffix=".html")
    assert (article.title, article.text) == ("De kop", "De kop\nDoor een verslaggever\nHet stuk.")
