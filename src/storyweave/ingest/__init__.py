"""Readers: files, directories, stdin and URLs to RawDocuments, one reader per format, chosen by content sniffing.

Every failure on one item becomes a ``Problem`` naming the item, and the batch goes on; only programming errors raise.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

from ..config import IngestOptions
from ..errors import InputError
from ..store.problems import reason_of
from ..types import Problem, RawDocument
from .decode import format_size, gunzip_partial
from .feeds import read_feed
from .html import read_html
from .jsonl import read_json
from .sniff import sniff
from .text import read_text
from .url import fetch, is_url
from .warc import read_warc

__all__ = ["read_bytes", "read_sources"]

STDIN_SOURCE = "-"

Item = RawDocument | Problem

#: Gzip layers unwrapped before an item is refused. Real inputs have one (page.html.gz, crawl.warc.gz), or two when
#: a server gzips an already gzipped file; anything deeper is made to exhaust a reader (a 23 KB file nested 1,000
#: deep), so a small bound costs no real input.
MAX_GZIP_LAYERS = 3


def read_sources(sources: Iterable[str], options: IngestOptions) -> Iterator[RawDocument | Problem]:
    """Each source is a file path, a directory (walked recursively, sorted, hidden files skipped), '-' for stdin, or an
    http(s) URL. Yields one RawDocument per article found, or one Problem per item that could not be read (and keeps
    going). Never raises for bad input; raises only for programming errors."""
    for source in sources:
        if source == STDIN_SOURCE:
            items = _read_stdin(options)
        elif is_url(source):
            items = _read_url(source, options)
        else:
            items = _read_path(Path(source), options)
        yield from with_context_dates(items)


def with_context_dates(items: Iterator[Item]) -> Iterator[Item]:
    """Give each undated document the publication date of the nearest earlier dated one (``RawDocument.context_date``):
    the items of one input share a time frame, which the clock does not know when the input is an archive."""
    last: datetime | None = None
    for item in items:
        if isinstance(item, RawDocument):
            if item.published is not None:
                last = item.published
            elif last is not None:
                item.context_date = last
        yield item


def read_bytes(
    data: bytes,
    origin: str,
    options: IngestOptions,
    *,
    filename: str | None = None,
    content_type: str | None = None,
) -> Iterator[RawDocument | Problem]:
    """Sniffs the format from content (and the filename / content type as hints) and dispatches to one reader."""
    yield from _guarded(origin, _dispatch(data, origin, options, filename, content_type, None))


def _guarded(origin: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn an InputError raised by a reader into a Problem for its item, and anything else a reader raises (a bug, or
    a parser library failing on odd input) into a problem of the read stage: the rest of the batch goes on."""
    try:
        yield from items
    except InputError as exc:
        yield Problem(origin, str(exc))
    except Exception as exc:
        yield Problem(origin, f"failed while reading: {reason_of(exc)}", stage="read")


def _dispatch(
    data: bytes,
    origin: str,
    options: IngestOptions,
    filename: str | None,
    content_type: str | None,
    forced_format: str | None,
) -> Iterator[Item]:
    if len(data) > options.max_bytes:
        yield Problem(origin, _over_cap("input", len(data), options.max_bytes))
        return
    if not data.strip():
        yield Problem(origin, "empty file")
        return
    charset = _charset(content_type)
    kind = sniff(data, filename=filename, content_type=content_type)
    # Gzip layers are unwrapped in a loop, not by recursion: a small file nested a thousand deep must give one
    # problem line, not a RecursionError that takes the batch down.
    layers = 0
    while kind == "gzip":
        layers += 1
        if layers > MAX_GZIP_LAYERS:
            yield Problem(origin, f"gzip nested more than {MAX_GZIP_LAYERS} layers deep; not read")
            return
        data, damage = gunzip_partial(data, options.max_bytes)
        if data.startswith(b"WARC/"):
            yield from read_warc(data, origin, damage=damage, doc_format=forced_format or "warc")
            return
        if damage is not None:
            yield Problem(origin, damage)
            return
        if not data.strip():
            yield Problem(origin, "empty file")
            return
        filename = filename[:-3] if filename and filename.lower().endswith(".gz") else None
        kind = sniff(data, filename=filename, content_type=None)
    if kind == "warc":
        yield from read_warc(data, origin, doc_format=forced_format or "warc")
    elif kind == "html":
        yield from read_html(data, origin, url=origin if is_url(origin) else None, doc_format=forced_format or "html")
    elif kind == "feed":
        yield from read_feed(data, origin, doc_format=forced_format or "feed")
    elif kind == "json":
        yield from read_json(data, origin, doc_format=forced_format or "json")
    else:
        yield from read_text(data, origin, charset=charset, doc_format=forced_format or "text")


def _charset(content_type: str | None) -> str | None:
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def _over_cap(what: str, size: int, cap: int) -> str:
    return f"{what} is {format_size(size)}, over the {format_size(cap)} cap (--max-bytes)"


def _read_stdin(options: IngestOptions) -> Iterator[Item]:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield Problem("<stdin>", f"input is over the {format_size(options.max_bytes)} cap (--max-bytes)")
        return
    yield from read_bytes(data, "<stdin>", options)


def _read_url(url: str, options: IngestOptions) -> Iterator[Item]:
    try:
        fetched = fetch(url, options)
    except InputError as exc:
        yield Problem(url, str(exc))
        return
    name = fetched.url.split("?", 1)[0].rsplit("/", 1)[-1] or None
    yield from _guarded(url, _dispatch(fetched.data, url, options, name, fetched.content_type, "url"))


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _read_path(path: Path, options: IngestOptions) -> Iterator[Item]:
    if path.is_dir():
        try:
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
        except OSError as exc:
            yield Problem(str(path), f"cannot list directory: {exc.strerror or exc}")
            return
        for file in files:
            yield from _read_file(file, options)
    else:
        yield from _read_file(path, options)


def _read_file(path: Path, options: IngestOptions) -> Iterator[Item]:
    origin = str(path)
    try:
        if path.exists() and not path.is_file():
            yield Problem(origin, "not a regular file (a device, socket or pipe)")
            return
        size = path.stat().st_size
        if size > options.max_bytes:
            yield Problem(origin, _over_cap("file", size, options.max_bytes))
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield Problem(origin, "no such file or directory")
        return
    except OSError as exc:
        yield Problem(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, origin, options, filename=path.name)
