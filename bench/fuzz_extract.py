"""Fuzz the article reader and the extractor with hypothesis-generated inputs.

Inputs are raw bytes, random text, and article-like Dutch text (money, dates, names,
lists, markup) cut and spliced at random, read as every supported format. An input
passes when the reader returns articles or raises ArticleError, and the extractor
returns a result whose offsets lie inside the text, or raises ArticleError. Anything
else (another exception, an offset outside the text, a hang) is a crash, recorded
with its input.

    python -m bench.fuzz_extract --examples 2000 [--seconds 600] [--no-extract]
"""

import argparse
import json
import time
import traceback
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kennisgraaf.errors import ArticleError
from kennisgraaf.ingest.reader import SUFFIXES, read_text

PIECES = [
    "De AI-fabriek ", "LUMI AI Factory", " in ", "Kajaani", " (Finland)", " krijgt ",
    "ruim 71 miljoen euro", "€200 miljoen", "tussen de 200 en 300 miljoen euro", "1,5 miljard",
    "honderden miljarden", " dollar", " vanaf eind dit jaar", " in 2027", "29 januari",
    "vorige maand", ". ", ", ", " en ", "Denemarken, Noorwegen, Estland, Polen en Tsjechië",
    "Het Franse bedrijf Mistral", " investeert ", " zegt Tom Heskes, hoogleraar aan de ",
    "Radboud Universiteit", "\n\n", "| Finland | Kajaani | LUMI AI Factory | > 600 miljoen euro |\n",
    " date 2025-01\n", "\nBron: https://example.org/x\n", "<p>", "</p>", "<div class=nav>",
    "</div>", "<script>x()</script>", "# kop\n", "* punt\n", "&amp;", "&#x1F600;", "\u200b",
    "\ufeff", "\r\n", "\t", "\x00", "\ud7ff", "ﬁ", "İ", "ß", "Ⅻ", "٣", "…", "“", "”", "'",
    "EuroHPC JU", " supercomputer ", "start-up ", "Zij ", " betalen mee.", "0", "9" * 30,
]


@st.composite
def article_inputs(draw) -> tuple[bytes | str, str]:
    suffix = draw(st.sampled_from(SUFFIXES))
    kind = draw(st.sampled_from(["pieces", "pieces", "text", "bytes", "json"]))
    if kind == "bytes":
        return draw(st.binary(max_size=3000)), suffix
    if kind == "text":
        return draw(st.text(max_size=2000)), suffix
    text = "".join(draw(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=80)))
    if kind == "json":
        record = {"text": text}
        for key in draw(st.lists(st.sampled_from(["id", "title", "date", "url", "language"]),
                                 max_size=5)):
            record[key] = draw(st.one_of(st.text(max_size=20), st.integers(), st.none(),
                                         st.sampled_from(["2025-01", "2025-13-40", "x"])))
        return json.dumps(record, ensure_ascii=draw(st.booleans())), ".json"
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "str"]))
    if encoding == "str":
        return text, suffix
    return text.encode(encoding, "replace"), suffix


@dataclass
class Report:
    tried: int = 0
    articles: int = 0
    refused: int = 0
    crashes: list[dict] = field(default_factory=list)


def check_one(raw: bytes | str, suffix: str, report: Report, nlp=None) -> None:
    """Read and (with ``nlp``) extract one input; record a crash, never raise."""
    from kennisgraaf.ingest.extract import extract

    report.tried += 1
    try:
        articles = read_text(raw, name="fuzz", suffix=suffix)
    except ArticleError:
        report.refused += 1
        return
    except Exception as exc:  # noqa: BLE001 (the finding this fuzzer looks for)
        report.crashes.append(_crash("read_text", raw, suffix, exc))
        return
    for article in articles:
        report.articles += 1
        if nlp is None:
            continue
        try:
            result = extract(article, nlp=nlp)
        except ArticleError:
            continue
        except Exception as exc:  # noqa: BLE001 (a crash is the finding)
            report.crashes.append(_crash("extract", article.text, suffix, exc))
            continue
        bad = _bad_offsets(result, len(article.text))
        if bad:
            report.crashes.append({"stage": "extract", "suffix": suffix, "input": article.text[:2000],
                                   "error": f"offsets outside the text: {bad[:3]}"})


def _bad_offsets(result: dict, length: int) -> list:
    spans = [m for e in result.get("entities", []) for m in e.get("mentions", [])]
    spans += [f["evidence"] for f in result.get("facts", []) if f.get("evidence")]
    return [s for s in spans if not 0 <= s["start"] <= s["end"] <= length]


def _crash(stage: str, raw: bytes | str, suffix: str, exc: Exception) -> dict:
    shown = raw[:2000].hex() if isinstance(raw, bytes) else raw[:2000]
    return {"stage": stage, "suffix": suffix, "input": shown,
            "error": "".join(traceback.format_exception_only(exc)).strip()[:500],
            "where": traceback.extract_tb(exc.__traceback__)[-1]._asdict().get("filename", "?")
            + f":{traceback.extract_tb(exc.__traceback__)[-1].lineno}"}


def run(examples: int, *, seconds: float | None = None, extract: bool = True,
        seed: int | None = None) -> Report:
    """Try ``examples`` inputs (or stop after ``seconds``) and report."""
    nlp = None
    if extract:
        from kennisgraaf.ingest.pipeline import load_nlp

        nlp = load_nlp()
    report = Report()
    deadline = time.monotonic() + seconds if seconds else None

    @settings(max_examples=examples, deadline=None, database=None, derandomize=seed is not None,
              suppress_health_check=list(HealthCheck), phases=[Phase.generate])
    @given(article_inputs())
    def fuzz(case: tuple[bytes | str, str]) -> None:
        if deadline is not None and time.monotonic() > deadline:
            raise _TimeUp
        check_one(case[0], case[1], report, nlp)

    try:
        fuzz()
    except _TimeUp:
        pass
    return report


class _TimeUp(Exception):
    """Ends a run at its time limit (the only way out of a hypothesis run)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=None, help="stop after this long")
    parser.add_argument("--no-extract", action="store_true", help="fuzz the reader only")
    parser.add_argument("--crashes", default=None, help="write the crashing inputs here (JSON)")
    args = parser.parse_args()
    started = time.monotonic()
    report = run(args.examples, seconds=args.seconds, extract=not args.no_extract)
    elapsed = time.monotonic() - started
    print(f"inputs tried: {report.tried}; articles read: {report.articles}; refused as "
          f"unreadable: {report.refused}; crashes: {len(report.crashes)}; {elapsed:.0f} s")
    for crash in report.crashes[:20]:
        print(f"  {crash['stage']} {crash['suffix']}: {crash['error']} at {crash.get('where', '?')}")
    if args.crashes:
        with open(args.crashes, "w", encoding="utf-8") as fh:
            json.dump(report.crashes, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
