"""Quotation marks in text: the spans between an opening mark and the mark that closes it.

Shared by the quote finder (compare/quotes.py, which attributes each quote to its speaker) and cleaning's consent-notice
recogniser (clean/consent.py, which does not count words inside quotation marks as the site's own voice). One left to
right scan; each closing mark is searched for only within its paragraph and ``MAX_QUOTE_CHARS``, so the scan stays
linear on text full of stray marks.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

#: A quote whose closing mark is not found within this many characters is treated as a stray mark (a typo or a
#: mismatched pair); the longest real quote in the sample corpus is under 600 characters.
MAX_QUOTE_CHARS = 1500

# Opening mark -> the marks that may close it. “ closes in German („…“) and opens in English; » opens in German
# (»…«) and closes in French («…»): scanning left to right, the first mark seen decides. A straight mark may close a
# typographic one because scraped and hand-edited text mixes them (“…").
_CLOSERS: dict[str, str] = {
    "“": '”"',
    "„": '“”"',
    "«": "»",
    "»": "«",
    "‘": "’",
    "‚": "‘’",
    '"': '"',
    "'": "'",
}
_CLOSER_RE = {mark: re.compile(f"[{re.escape(closers)}]") for mark, closers in _CLOSERS.items()}
# Marks that double as apostrophes (don't, l'homme, We’re): only a mark not between two letters can open or close.
_APOSTROPHES = frozenset("'’")
_OPEN_AFTER = frozenset(" \t\n\r\u00a0\u202f([{—–-/:;,")
_WORD = re.compile(r"\w+")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(slots=True)
class QuoteSpan:
    """One quotation found in the text: marks at ``open``/``close_end - 1``, content ``start:end``."""

    open: int
    start: int
    end: int
    close_end: int
    continued: bool = False  # an unclosed paragraph of a multi-paragraph quote


def _is_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isalnum()


def _can_open(text: str, i: int) -> bool:
    mark = text[i]
    if i + 1 >= len(text):
        return False
    if mark in _APOSTROPHES or mark == '"':
        before_ok = i == 0 or text[i - 1] in _OPEN_AFTER or text[i - 1] in _CLOSERS
        return before_ok and not text[i + 1].isspace()
    if mark == "‘":
        return not _is_letter(text, i - 1) and not text[i + 1].isspace()
    return True


def _can_close(text: str, j: int) -> bool:
    mark = text[j]
    if mark in _APOSTROPHES or mark == '"':
        # An apostrophe sits between letters (don't, l’homme) or ends a word before one (students' union is rare
        # enough inside quotes to accept); a closing mark is never followed by a letter.
        return j > 0 and not text[j - 1].isspace() and not _is_letter(text, j + 1)
    return True


def paragraph_end(text: str, i: int, reach: int = MAX_QUOTE_CHARS + 2) -> int:
    """End of the paragraph holding ``i``, looking at most ``reach`` characters ahead (keeps scanning linear)."""
    stop = min(len(text), i + reach)
    found = _PARAGRAPH.search(text, i, stop)
    return found.start() if found else stop


def scan_quotes(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    i = 0
    while i < len(text):
        mark = text[i]
        if mark not in _CLOSERS or not _can_open(text, i):
            i += 1
            continue
        end_of_paragraph = paragraph_end(text, i)
        limit = min(end_of_paragraph, i + MAX_QUOTE_CHARS)
        j = limit
        for close in _CLOSER_RE[mark].finditer(text, i + 1, limit):
            if _can_close(text, close.start()):
                j = close.start()
                break
        if j < limit:
            spans.append(QuoteSpan(i, i + 1, j, j + 1))
            i = j + 1
            continue
        if limit == end_of_paragraph < len(text) and mark not in _APOSTROPHES and _reopens(text, limit, mark):
            # Multi-paragraph quote: the paragraph is left open and the next one opens again with the same mark.
            spans.append(QuoteSpan(i, i + 1, limit, limit, continued=True))
            i = limit
            continue
        i += 1
    return [s for s in (_trim(text, s) for s in spans) if s is not None]


def _reopens(text: str, paragraph_end: int, mark: str) -> bool:
    rest = text[paragraph_end : paragraph_end + 8].lstrip()
    return rest.startswith(mark)


def _trim(text: str, span: QuoteSpan) -> QuoteSpan | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if not _WORD.search(text, start, end) or start >= end:
        return None
    return dataclasses.replace(span, start=start, end=end)
