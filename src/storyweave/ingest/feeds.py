"""RSS and Atom feeds (feedparser): one document per entry.

An entry with full content (``content:encoded``, Atom ``<content>``) is an article; one with only a summary is kept but
marked ``body_kind="summary"`` so later stages can weigh it less. Markup in either is converted by the fragment path
in ``html.py``, so scripts in a feed never reach article text.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from ..errors import CorruptInputError
from ..types import BodyKind, Problem, RawDocument
from .html import fragment_to_text
from .metadata import normalise_language, split_authors, str_or_none


def _entry_time(entry: Any) -> datetime | None:
    # feedparser normalises every parsed date to a UTC struct_time.
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _markup_to_text(value: str) -> str:
    return fragment_to_text(value) if value else ""


def _entry_body(entry: Any) -> tuple[str, BodyKind]:
    for content in entry.get("content") or []:
        text = _markup_to_text(content.get("value") or "")
        if text:
            return text, "full"
    return _markup_to_text(entry.get("summary") or ""), "summary"


def _entry_authors(entry: Any) -> list[str]:
    detail = entry.get("author_detail") or {}
    if detail.get("name"):
        return split_authors(detail["name"])
    return split_authors(entry.get("authors") or entry.get("author"))


def read_feed(data: bytes, origin: str, *, doc_format: str = "feed") -> Iterator[RawDocument | Problem]:
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            raise CorruptInputError(f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
        raise CorruptInputError("feed has no entries")
    feed = parsed.get("feed") or {}
    source = str_or_none(feed.get("title"))
    language = normalise_language(feed.get("language"))
    for number, entry in enumerate(entries, start=1):
        entry_origin = f"{origin}#entry {number}"
        text, body_kind = _entry_body(entry)
        title = _markup_to_text(entry.get("title") or "")
        if not text:
            yield Problem(entry_origin, "feed entry has no content or summary text")
            continue
        yield RawDocument(
            origin=entry_origin,
            text=text,
            title=title,
            url=str_or_none(entry.get("link")),
            source=source,
            published=_entry_time(entry),
            language=normalise_language(entry.get("language")) or language,
            authors=_entry_authors(entry),
            body_kind=body_kind,
            format=doc_format,
        )
