"""Articles -> the ``extract --json`` objects of domain.md.

A long text is cut at paragraph ends into pieces the pipeline takes comfortably; the
pieces' results are merged with their offsets shifted, so offsets always refer to
the article text as read.
"""

from __future__ import annotations

import multiprocessing
import re
from collections import deque
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kennisgraaf.errors import ArticleError
from kennisgraaf.ingest.components.sentences import keep_text
from kennisgraaf.ingest.pipeline import load_nlp
from kennisgraaf.ingest.reader import Article

CHUNK_CHARS = 100_000
CONTROL_SHARE = 0.05  # more control characters than this: a binary file, not text
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def extract(article: Article, nlp: Language | None = None) -> dict:
    """One article's entities and facts; raises ArticleError for one that cannot be analysed."""
    result = next(iter(extract_many([article], nlp=nlp)))
    if isinstance(result, ArticleError):
        raise result
    return result


def extract_many(articles: Iterable[Article | ArticleError], *, n_process: int = 1,
                 nlp: Language | None = None) -> Iterator[dict | ArticleError]:
    """Results in input order; an unreadable or unusable article comes out as its ArticleError.

    With ``n_process`` > 1 whole articles go to worker processes that share the loaded
    pipeline (forked), and only their small result dicts come back.
    """
    nlp = nlp or load_nlp()
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        yield from _in_processes(articles, n_process, nlp)
        return
    pending: deque[tuple[Article | ArticleError, list[tuple[int, int]]]] = deque()

    def docs() -> Iterator[Doc]:
        for item in articles:
            problem = item if isinstance(item, ArticleError) else _problem(item)
            if problem is not None:
                pending.append((problem, []))
                continue
            pieces = _pieces(item.text)
            pending.append((item, pieces))
            for start, end in pieces:
                text = item.text[start:end]
                doc = nlp.make_doc(text)
                keep_text(doc, text)
                doc._.article_date = item.date
                yield doc

    done: list[dict] = []
    for doc in nlp.pipe(docs(), n_process=n_process, batch_size=8):
        while isinstance(pending[0][0], ArticleError):
            yield pending.popleft()[0]
        done.append(doc._.kg_result)
        article, pieces = pending[0]
        if len(done) == len(pieces):
            pending.popleft()
            yield _output(article, _merge(done, pieces))
            done = []
    while pending:
        yield pending.popleft()[0]


_WORKER_NLP: Language | None = None  # the pipeline a forked worker inherits


def _in_processes(articles: Iterable[Article | ArticleError], n_process: int,
                  nlp: Language) -> Iterator[dict | ArticleError]:
    global _WORKER_NLP
    _WORKER_NLP = nlp
    with multiprocessing.get_context("fork").Pool(n_process) as pool:
        yield from pool.imap(_work, articles, chunksize=4)


def _work(item: Article | ArticleError) -> dict | ArticleError:
    if isinstance(item, ArticleError):
        return item
    return next(iter(extract_many([item], nlp=_WORKER_NLP)))


def _problem(article: Article) -> ArticleError | None:
    text = article.text
    if not text or not text.strip():
        return _error(article, "is empty: give an article with text")
    head = text[:20000]
    if "\x00" in head or len(CONTROL.findall(head)) > CONTROL_SHARE * len(head):
        return _error(article, "looks like a binary file, not text: give plain text, Markdown, "
                               "HTML or JSON")
    return None


def _error(article: Article, message: str) -> ArticleError:
    err = ArticleError(f"{article.id}: {message}")
    err.source = article.id
    return err


def _pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) pieces of at most CHUNK_CHARS, cut after a line break where there is one."""
    pieces, start = [], 0
    while len(text) - start > CHUNK_CHARS:
        limit = start + CHUNK_CHARS
        cut = text.rfind("\n", start + CHUNK_CHARS // 2, limit)
        if cut < 0:
            cut = text.rfind(" ", start + CHUNK_CHARS // 2, limit)
        end = cut + 1 if cut >= 0 else limit
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def _merge(results: list[dict], pieces: list[tuple[int, int]]) -> dict:
    if len(results) == 1:
        return results[0]
    entities: dict[str, dict] = {}
    unnamed: dict[str, dict] = {}
    facts, seen, sentences = [], set(), 0
    for result, (offset, _) in zip(results, pieces):
        top = 0
        for ent in result["entities"]:
            into = entities.setdefault(ent["key"], {**ent, "aliases": [], "mentions": []})
            into["aliases"] += [a for a in ent["aliases"] if a not in into["aliases"]]
            for m in ent["mentions"]:
                into["mentions"].append({"start": m["start"] + offset, "end": m["end"] + offset,
                                         "sentence": m["sentence"] + sentences})
                top = max(top, m["sentence"] + 1)
        for fact in result["facts"]:
            marker = repr((fact["s"], fact["p"], fact["o"]))
            if marker not in seen:
                seen.add(marker)
                facts.append({**fact, "evidence": _shift(fact["evidence"], offset)})
        for u in result.get("unnamed", ()):
            into = unnamed.setdefault(u["key"], {**u, "evidence": _shift(u["evidence"], offset),
                                                 "facts": []})
            into["facts"] += [{**f, "evidence": _shift(f["evidence"], offset)} for f in u["facts"]
                              if all((f["p"], f["o"]) != (g["p"], g["o"]) for g in into["facts"])]
        sentences += top
    return {"entities": list(entities.values()), "facts": facts, "unnamed": list(unnamed.values())}


def _shift(evidence: dict, offset: int) -> dict:
    return {"start": evidence["start"] + offset, "end": evidence["end"] + offset}


def _output(article: Article, result: dict) -> dict:
    ids = {ent["key"]: f"e{n}" for n, ent in enumerate(result["entities"], 1)}
    entities = []
    for ent in result["entities"]:
        entities.append({k: v for k, v in {**ent, "id": ids[ent["key"]]}.items() if k != "key"})
    facts = []
    for fact in result["facts"]:
        out = {"s": ids[fact["s"]], "p": fact["p"],
               "o": ids[fact["o"]] if isinstance(fact["o"], str) else fact["o"]}
        if fact["p"] == "invests":
            out["target"] = ids.get(fact.get("target"))
        out["evidence"] = fact["evidence"]
        facts.append(out)
    # facilities described but not named: no entities of the domain, so kept apart
    unnamed = [{"id": f"u{n}", "type": u["type"], "label": u["label"], "place": ids[u["place"]],
                "evidence": u["evidence"], "facts": u["facts"]}
               for n, u in enumerate(result.get("unnamed", ()), 1)]
    meta = {"id": article.id, "title": article.title, "date": article.date,
            "source": article.source, "language": article.language}
    out = {"article": meta, "entities": entities, "facts": facts}
    return out | {"unnamed": unnamed} if unnamed else out
