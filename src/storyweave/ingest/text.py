"""Plain text: the first non-empty line is the title, the rest the body (the shape of scraped article dumps)."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import EmptyInputError
from ..types import Problem, RawDocument
from .decode import decode_text, ensure_text
from .html import fragment_to_text, looks_like_markup


def split_title(text: str) -> tuple[str, str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, line in enumerate(lines):
        if line.strip():
            return line.strip(), "\n".join(lines[index + 1 :]).strip("\n")
    return "", ""


def text_document(text: str, origin: str, *, doc_format: str = "text") -> RawDocument:
    """A document from decoded text; markup in it is converted so script content never becomes article text."""
    if not text.strip():
        raise EmptyInputError("empty file")
    if looks_like_markup(text):
        text = fragment_to_text(text)
        if not text.strip():
            raise EmptyInputError("no article text (only markup/script)")
    title, body = split_title(text)
    # A one-line item (a headline, a short alert) is still news: its line is both title and body.
    return RawDocument(origin=origin, text=body if body.strip() else title, title=title, format=doc_format)


def read_text(
    data: bytes, origin: str, *, charset: str | None = None, doc_format: str = "text"
) -> Iterator[RawDocument | Problem]:
    ensure_text(data)
    yield text_document(decode_text(data, charset), origin, doc_format=doc_format)
