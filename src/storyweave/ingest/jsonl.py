"""JSON and JSON Lines dumps with the field names of news-please, trafilatura, newspaper3k and NewsAPI.

Accepted shapes: one object, an array of objects, or one object per line. Each object that cannot be used gives a
Problem naming it (``path:line 7`` for JSONL, ``path#item 3`` for an array) and the others are still read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..errors import CorruptInputError, EmptyInputError
from ..types import Problem, RawDocument
from .decode import decode_text
from .html import strip_markup
from .metadata import normalise_language, parse_date, split_authors, str_or_none

#: Field names in order of preference: news-please first, then trafilatura's JSON output, then common variants:
#: newspaper3k's ``publish_date`` (the scraper of many research news sets), NewsAPI's ``publishedAt``, RSS-style
#: ``pubDate``. The download date comes last: a crawl's date is a bound on the publication date, not the date itself.
TEXT_FIELDS = ("maintext", "text", "raw_text", "body", "content", "articleBody")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = (
    *("date_publish", "date", "published", "datePublished", "publish_date", "publishDate", "published_at"),
    *("publishedAt", "pubDate", "publication_date", "date_published", "date_download"),
)
URL_FIELDS = ("url", "source_url", "link")
SOURCE_FIELDS = ("source_domain", "sitename", "hostname", "source")
LANGUAGE_FIELDS = ("language", "lang")
AUTHOR_FIELDS = ("authors", "author")

#: Length of the snippet of a bad line quoted in a Problem: enough to recognise it, short enough for one line.
SNIPPET_CHARS = 40


def _first(record: dict[str, Any], fields: tuple[str, ...]) -> Any:
    for name in fields:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def record_to_document(record: Any, origin: str, *, doc_format: str = "json") -> RawDocument:
    if not isinstance(record, dict):
        raise CorruptInputError(f"expected a JSON object, found {type(record).__name__}")
    text = _first(record, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        raise EmptyInputError(f"no text field (one of {', '.join(TEXT_FIELDS)})")
    title = _first(record, TITLE_FIELDS)
    title = strip_markup(title) if isinstance(title, str) and title.strip() else ""
    url = str_or_none(_first(record, URL_FIELDS))
    return RawDocument(
        origin=origin,
        text=strip_markup(text.strip()),
        title=title.strip(),
        url=url,
        source=_source_name(_first(record, SOURCE_FIELDS)),
        published=parse_date(_first(record, DATE_FIELDS)),
        language=normalise_language(_first(record, LANGUAGE_FIELDS)),
        authors=split_authors(_first(record, AUTHOR_FIELDS)),
        format=doc_format,
    )


def _source_name(value: Any) -> str | None:
    """A source given as a name, or as an object with one (NewsAPI: ``{"id": "...", "name": "..."}``)."""
    if isinstance(value, dict):
        value = value.get("name")
    return str_or_none(value)


def _document_or_problem(record: Any, origin: str, doc_format: str) -> RawDocument | Problem:
    try:
        return record_to_document(record, origin, doc_format=doc_format)
    except (CorruptInputError, EmptyInputError) as exc:
        return Problem(origin, str(exc))


def _snippet(line: str) -> str:
    return line if len(line) <= SNIPPET_CHARS else line[:SNIPPET_CHARS] + "…"


def read_json(data: bytes, origin: str, *, doc_format: str = "json") -> Iterator[RawDocument | Problem]:
    text = decode_text(data)
    if not text.strip():
        raise EmptyInputError("empty file")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as whole_error:
        yield from _read_lines(text, origin, doc_format, whole_error)
        return
    if isinstance(parsed, list):
        for index, record in enumerate(parsed, start=1):
            yield _document_or_problem(record, f"{origin}#item {index}", doc_format)
    else:
        yield _document_or_problem(parsed, origin, doc_format)


def _parses_as_object(line: str) -> bool:
    stripped = line.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except json.JSONDecodeError:
        return False


def _read_lines(
    text: str, origin: str, doc_format: str, whole_error: json.JSONDecodeError
) -> Iterator[RawDocument | Problem]:
    lines = text.splitlines()
    if not any(_parses_as_object(line) for line in lines):
        # A single (or pretty-printed) document that does not parse: report where, not each line.
        raise CorruptInputError(f"not valid JSON: {whole_error.msg} at line {whole_error.lineno}")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        line_origin = f"{origin}:line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(line_origin, f"not valid JSON ({exc.msg} at column {exc.colno}): {_snippet(line.strip())!r}")
            continue
        yield _document_or_problem(record, line_origin, doc_format)
