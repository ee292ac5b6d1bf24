"""The order of stages: the one place that knows it.

ingest (readers) -> clean (chrome, captions, unicode) -> annotate (language, credits, dates, sentences) -> store.
Later stages (entities, embeddings, grouping, comparison) plug in here in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC

from .annotate.language import detect_language
from .annotate.pubdate import date_from_text
from .annotate.sentences import split_sentences
from .clean import clean_article
from .clean.credits import find_credits
from .config import CleanOptions, Settings
from .ingest import read_sources
from .store import Store
from .types import Article, Problem, RawDocument, article_id, content_hash

#: A title derived from the first sentence is cut here: long enough to identify a story in a listing, short enough
#: to fit one terminal line.
DERIVED_TITLE_CHARS = 120

_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}")


@dataclass(slots=True)
class IngestReport:
    read: int = 0
    inserted: int = 0
    already_present: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Anything read successfully (new, or already in the store) counts as success."""
        return self.inserted + self.already_present > 0


def _language_code(value: str | None) -> str | None:
    """'en-US', 'pt_BR', 'EN' -> 'en', 'pt', 'en'; anything else -> None."""
    if not value:
        return None
    match = _LANGUAGE_CODE.match(value.strip())
    return match.group(0).lower()[:2] if match else None


def _derived_title(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    if len(first) <= DERIVED_TITLE_CHARS:
        return first
    return first[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def prepare_article(doc: RawDocument, options: CleanOptions) -> Article | Problem:
    """Clean and annotate one raw document into a stored Article, or say why it cannot be one."""
    cleaned = clean_article(doc.title, doc.text, options)
    if not cleaned.text.strip():
        return Problem(doc.origin, "no article text left after removing page chrome")
    text = cleaned.text
    title = cleaned.title or _derived_title(text)
    credits = find_credits(doc.text)
    published, published_inferred = doc.published, False
    if published is None:
        published = date_from_text(doc.text, _language_code(doc.language))
        published_inferred = published is not None
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    language = _language_code(doc.language) or detect_language(f"{title}\n{text}")
    source, source_inferred = doc.source, False
    if not source and credits.source:
        source, source_inferred = credits.source, True
    authors = list(doc.authors) or [r.text.strip() for r in cleaned.removed if r.reason == "byline"]
    ident = article_id(doc.url, text)
    return Article(
        id=ident,
        title=title,
        text=text,
        raw_text=doc.text,
        url=doc.url,
        source=source,
        source_inferred=source_inferred,
        published=published,
        published_inferred=published_inferred,
        language=language,
        authors=authors,
        credits=credits.credits,
        removed=cleaned.removed,
        sentences=split_sentences(ident, text, language),
        body_kind=doc.body_kind,
        format=doc.format,
        origin=doc.origin,
        content_hash=content_hash(text),
    )


def prepare_all(items: Iterable[RawDocument | Problem], options: CleanOptions) -> Iterator[Article | Problem]:
    for item in items:
        yield item if isinstance(item, Problem) else prepare_article(item, options)


def ingest(
    sources: Iterable[str],
    settings: Settings,
    store: Store,
    *,
    on_problem: Callable[[Problem], None] | None = None,
    on_article: Callable[[Article], None] | None = None,
) -> IngestReport:
    """Read, clean, annotate and store; one transaction per ``settings.batch_size`` articles.

    An interrupt (Ctrl-C, kill) loses at most the batch in flight, which was never committed; running again
    skips what was committed, because ids are content-derived and inserts ignore known ids.
    """
    report = IngestReport()
    batch: list[Article] = []

    def flush() -> None:
        if batch:
            result = store.write_articles(batch)
            report.inserted += result.inserted
            report.already_present += result.already_present
            batch.clear()

    for item in prepare_all(read_sources(sources, settings.ingest), settings.clean):
        if isinstance(item, Problem):
            report.problems.append(item)
            if on_problem:
                on_problem(item)
            continue
        report.read += 1
        batch.append(item)
        if on_article:
            on_article(item)
        if len(batch) >= settings.batch_size:
            flush()
    flush()
    return report
