"""WARC archives (warcio), e.g. Common Crawl's CC-NEWS: each HTML response record is one page.

Dates: a WARC-Date or HTTP Last-Modified header says when the page was *crawled or served*, not when the article was
published, and a crawl can be years after publication. Using it would put old articles in the wrong time window when
grouping, so ``published`` stays None unless the page itself states a date (found by the HTML reader).

A truncated archive yields every complete record before the damage, then one Problem naming the record that broke.
Gzip is undone by the caller (``decode.gunzip_partial``), which tells us whether the compressed stream was cut short.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..types import Problem, RawDocument
from .html import read_html

HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})

# warcio reports damaged input through several exception types, including AttributeError on a header block cut off
# mid-line; all of them mean "this record is unreadable".
_READ_ERRORS = (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError, IndexError, KeyError, AttributeError)


def _media_type(record: Any) -> str:
    headers = record.http_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";")[0].strip().lower()


def _status(record: Any) -> str:
    headers = record.http_headers
    return str(headers.get_statuscode()) if headers is not None else ""


def _record_origin(origin: str, number: int, target: str) -> str:
    return f"{origin}#record {number} <{target}>" if target else f"{origin}#record {number}"


def read_warc(
    data: bytes, origin: str, *, damage: str | None = None, doc_format: str = "warc"
) -> Iterator[RawDocument | Problem]:
    """Documents from the HTML responses in ``data``; ``damage`` says the (decompressed) bytes end early."""
    number = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), check_digests=False):
            number += 1
            target = record.rec_headers.get_header("WARC-Target-URI") or ""
            record_origin = _record_origin(origin, number, target)
            if record.rec_headers.get_header("WARC-Type") is None or record.length is None:
                yield Problem(record_origin, "truncated WARC record: its header block is incomplete")
                return
            payload = record.content_stream().read()
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield Problem(record_origin, f"truncated WARC record: {record.raw_stream.limit} bytes missing")
                return
            if record.rec_type != "response" or _status(record) != "200" or _media_type(record) not in HTML_MEDIA_TYPES:
                continue
            try:
                yield from read_html(payload, record_origin, url=target or None, doc_format=doc_format)
            except InputError as exc:  # one bad page must not end the archive
                yield Problem(record_origin, str(exc))
    except _READ_ERRORS as exc:
        yield Problem(_record_origin(origin, number + 1, ""), f"truncated or corrupt WARC record ({exc})")
        return
    if damage is not None:
        yield Problem(_record_origin(origin, number + 1, ""), damage)
    elif number == 0:
        yield Problem(origin, "no WARC records found")
