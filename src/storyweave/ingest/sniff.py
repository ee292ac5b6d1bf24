"""Which reader a blob of bytes needs: decided from its content first, with the file name and media type as hints.

Content wins over the name because scraped files are often misnamed (``.txt`` pages, extension-less dumps), but a name
still decides between readers when the content is ambiguous (``.jsonl`` that fails to parse is reported as JSON).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Literal

from ..errors import UnsupportedFormatError
from .decode import binary_kind, bom_encoding
from .signatures import (
    FEED_EXTENSIONS,
    FEED_ROOT_ELEMENTS,
    GZIP_MAGIC,
    HTML_EXTENSIONS,
    HTML_MARKERS,
    JSON_EXTENSIONS,
    MEDIA_TYPE_FORMATS,
    TEXT_EXTENSIONS,
    WARC_EXTENSIONS,
    WARC_MAGIC,
)

Format = Literal["gzip", "warc", "html", "feed", "json", "text"]

#: Characters of the head of a document inspected for markup openings; feeds and pages declare their root element
#: within the first few hundred bytes, 4 KiB leaves room for long comments or doctype blocks before it.
HEAD_CHARS = 4096


KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS | FEED_EXTENSIONS | WARC_EXTENSIONS


def extension(filename: str | None) -> str:
    """The format extension, ignoring a trailing ``.gz`` (``a.warc.gz`` -> ``.warc``)."""
    if not filename:
        return ""
    path = PurePosixPath(filename.lower())
    if path.suffix == ".gz":
        path = path.with_suffix("")
    return path.suffix


def _head(data: bytes) -> str:
    encoding = bom_encoding(data) or "utf-8"
    return data[: HEAD_CHARS * 2].decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n").lower()


_FEED_ROOT = re.compile(rf"<(?:{'|'.join(FEED_ROOT_ELEMENTS)})[\s>]")


def _markup_format(head: str) -> Format | None:
    if not head.startswith("<"):
        return None
    # The root element may follow an XML declaration, comments or a doctype: search the head, not its start.
    if _FEED_ROOT.search(head) and "<html" not in head:
        return "feed"
    if any(marker in head for marker in HTML_MARKERS):
        return "html"
    return None


def _is_json(data: bytes, head: str) -> bool:
    if not head.startswith(("{", "[")):
        return False
    try:
        json.loads(data)
    except (ValueError, UnicodeDecodeError):
        first_line = head.split("\n", 1)[0].strip()
        try:
            return isinstance(json.loads(first_line), dict)
        except ValueError:
            return False
    return True


def sniff(data: bytes, *, filename: str | None = None, content_type: str | None = None) -> Format:
    """The reader for ``data``; raises UnsupportedFormatError for binary content."""
    if data.startswith(GZIP_MAGIC):
        return "gzip"
    if data.startswith(WARC_MAGIC):
        return "warc"
    kind = binary_kind(data)
    if kind is not None:
        detail = "" if kind == "binary data" else f" ({kind})"
        ext = extension(filename)
        if ext and ext not in KNOWN_EXTENSIONS:
            raise UnsupportedFormatError(f"unsupported format: {ext} file with binary content{detail}")
        raise UnsupportedFormatError(f"binary file, not text{detail}")
    head = _head(data)
    by_content = _markup_format(head)
    if by_content is not None:
        return by_content
    if _is_json(data, head):
        return "json"
    ext = extension(filename)
    media_type = (content_type or "").split(";")[0].strip().lower()
    hinted = MEDIA_TYPE_FORMATS.get(media_type)
    if ext in JSON_EXTENSIONS or hinted == "json":
        return "json"  # malformed JSON is reported as such, not read as prose
    if ext in WARC_EXTENSIONS or hinted == "warc":
        return "warc"
    if ext in FEED_EXTENSIONS or hinted == "feed":
        return "feed"
    if ext in HTML_EXTENSIONS or hinted == "html":
        return "html" if head.startswith("<") else "text"
    return "text"
