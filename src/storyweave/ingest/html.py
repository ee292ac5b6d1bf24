"""HTML pages to article text and metadata (trafilatura), and HTML fragments to plain text (lxml).

Whole pages go through trafilatura, which finds the main text and drops navigation, scripts and comments. Fragments
(a feed entry's ``content:encoded``, a JSON body that turns out to be markup) are already the article, so they are only
converted to text, keeping paragraph breaks; ``<script>``/``<style>`` content is deleted, never kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.utils import load_html

from ..errors import EmptyInputError
from ..types import Problem, RawDocument
from .metadata import normalise_language, parse_date, split_authors, str_or_none
from .signatures import HTML_BLOCK_ELEMENTS, HTML_DROPPED_ELEMENTS, HTML_TAG_NAMES, HTML_UNCLOSED_TAG_NAMES


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractionSettings:
    """The trafilatura switches we choose between (see benchmarks/extraction.py)."""

    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = True
    include_comments: bool = False
    deduplicate: bool = False


#: Chosen on benchmarks/extraction.py (181 pages, 4-gram shingle F1): favor_precision 0.967 beat the balanced
#: default 0.960, favor_recall 0.959, no tables 0.958, with comments 0.959 and deduplicate 0.951 (plain
#: ``trafilatura.extract`` 0.953). Comments stay out (reader comments are not the article); no deduplication, as
#: trafilatura's dedup cache is process-wide and results would depend on which pages were read before.
DEFAULT_EXTRACTION = ExtractionSettings(favor_precision=True)

# Markup is a closing tag of a real element, or an element that is never closed; an opening tag alone is not enough,
# because prose like "(a <b and c> d)" parses as one.
#: Extracted text shorter than this is what trafilatura's fallback scrapes from pages with no article (menus, "Home
#: About", a cookie notice line), not news. The shortest gold body in the 181-page extraction benchmark is 369
#: characters and a one-sentence wire brief is ~100-200, so 100 rejects chrome without dropping real briefs.
MIN_ARTICLE_CHARS = 100

_TAG = re.compile(
    rf"</\s*(?:{HTML_TAG_NAMES})\s*>|<\s*(?:{HTML_UNCLOSED_TAG_NAMES})\b[^<>]*>|<!--",
    re.IGNORECASE,
)
_INLINE_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def looks_like_markup(text: str) -> bool:
    return _TAG.search(text) is not None


def fragment_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, one line per block element; scripts and styles removed."""
    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(*HTML_DROPPED_ELEMENTS)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    for element in root.iter(lxml.etree.Element):
        if isinstance(element.tag, str) and element.tag.lower() in HTML_BLOCK_ELEMENTS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    text = root.text_content()
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def strip_markup(body: str) -> str:
    """``body`` as text: unchanged if it has no HTML tags, else converted; raises if only markup/script remains."""
    if not looks_like_markup(body):
        return body
    text = fragment_to_text(body)
    if not text.strip():
        raise EmptyInputError("no article text (only markup/script)")
    return text


def page_language(tree: Any) -> str | None:
    """The language the page declares: ``<html lang>``, ``xml:lang``, Content-Language or og:locale."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += tree.xpath(
        "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')='content-language']/@content"
    )
    candidates += tree.xpath("//meta[@property='og:locale' or @name='language' or @name='dc.language']/@content")
    for candidate in candidates:
        language = normalise_language(candidate)
        if language:
            return language
    return None


def load_page(data: bytes | str) -> Any:
    """The parsed page (trafilatura's loader: it decodes bytes using the page's declared or detected charset)."""
    try:
        return load_html(data)
    except (ValueError, TypeError, LookupError, lxml.etree.LxmlError) as exc:
        raise EmptyInputError(f"HTML could not be parsed ({type(exc).__name__})") from exc


def extract(data: Any, *, url: str | None = None, settings: ExtractionSettings = DEFAULT_EXTRACTION) -> Any:
    """trafilatura's Document for a page or parsed tree (main text + metadata), or None when it finds no main text."""
    try:
        return trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            favor_precision=settings.favor_precision,
            favor_recall=settings.favor_recall,
            include_tables=settings.include_tables,
            include_comments=settings.include_comments,
            deduplicate=settings.deduplicate,
        )
    except (ValueError, TypeError, LookupError, lxml.etree.LxmlError) as exc:
        # Hostile or garbled markup can trip the parser; that is bad input, not a bug in the caller.
        raise EmptyInputError(f"HTML could not be parsed ({type(exc).__name__})") from exc


#: Where pages state their publication time in full (trafilatura's date search keeps the day only): Open Graph,
#: schema.org microdata and the HTML5 ``<time>`` element, in that order of trust.
_TIMESTAMP_XPATH = (
    "//meta[@property='article:published_time' or @itemprop='datePublished' or @name='pubdate']/@content"
    " | //*[@itemprop='datePublished']/@datetime | //time/@datetime"
)


def published_time(tree: Any, day: str | None) -> datetime | None:
    """The page's publication timestamp with its time of day, when one of its stated timestamps falls on the day
    the extractor found: updates to a figure are ordered by publication time, so the hour matters."""
    if not day:
        return None
    for value in tree.xpath(_TIMESTAMP_XPATH):
        text = str(value).strip()
        if "T" not in text and ":" not in text:
            continue  # a date without a time adds nothing to the day
        stamp = parse_date(text)
        if stamp is not None and stamp.date().isoformat() == day[:10]:  # the page's own local day
            return stamp
    return None


def read_html(
    data: bytes | str,
    origin: str,
    *,
    url: str | None = None,
    doc_format: str = "html",
    settings: ExtractionSettings = DEFAULT_EXTRACTION,
) -> Iterator[RawDocument | Problem]:
    tree = load_page(data)
    if tree is None:
        yield Problem(origin, "no article text found in the HTML")
        return
    language = page_language(tree)
    page = extract(tree, url=url, settings=settings)
    text = (getattr(page, "text", None) or "").strip() if page is not None else ""
    if len(text) < MIN_ARTICLE_CHARS:
        yield Problem(origin, "no article text found in the HTML")
        return
    yield RawDocument(
        origin=origin,
        text=text,
        title=str_or_none(page.title) or "",
        url=str_or_none(page.url) or url,
        source=str_or_none(page.sitename) or str_or_none(page.hostname),
        published=published_time(tree, page.date) or parse_date(page.date),
        language=normalise_language(page.language) or language,
        authors=split_authors(page.author),
        format=doc_format,
    )
