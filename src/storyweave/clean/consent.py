"""Consent walls: the privacy or cookie notice a scraper saved in place of (or around) the article.

A notice is recognised as a *block* of lines, never one line on its own: news about data protection uses the same
words. A block qualifies when it is dense in consent terms ("cookies", "personal data", "RODO"), addresses the reader
("your data", "vous acceptez") in the site's own voice ("we", "nous"), outside quotation marks, and sits at an edge
of the text (the notice is shown before or after the page, not in the middle of a report). Matching is by word starts
and word pairs: linear in the text; no regular expression runs here but the word splitter the other recognisers use.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..quotation import scan_quotes
from . import patterns
from .boilerplate import words

#: Fewest consent terms in a block: the shortest notice in the real pages we have seen (a three-paragraph cookie
#: notice) names cookies, the privacy policy twice and consent; a news paragraph that mentions "cookies" once or
#: "privacy" twice does not reach it.
MIN_CONSENT_TERMS = 4

#: Fewest words addressing the reader in a block ("your", "vous", "Ihre", "Twoich").
MIN_READER_WORDS = 2

#: Fewest words in which the site speaks of itself ("we", "our", "nous", "naszych"): a notice is the site talking to
#: the reader; a report is a third party talking about others. Words inside quotation marks do not count for this or
#: for the reader words (a report quoting an official's "your data" is still a report).
MIN_SITE_WORDS = 1

#: Consent terms per word of the block, at least. Whole consent notices in scraped pages run at 0.04-0.07; a news
#: report about a data-protection ruling has them in a few sentences and falls below this over its length. Set
#: between the two, with a test on an invented report about a fine (tests/test_clean_consent.py).
MIN_TERM_DENSITY = 0.03

#: Lines without a consent term that may sit inside a block or at its outer edge ("Who is the controller of your
#: data?" is followed by the company's address; a greeting opens the notice, an "OK" button closes it): a notice is
#: several paragraphs, only some of which name the terms.
MAX_GAP_LINES = 3

#: Before the first term and after the last one, such a line must address the reader or be this short (a greeting, a
#: question, a button): a longer line in the third person there is the article the notice sits next to.
GAP_LINE_MAX_WORDS = 8

_STARTS = tuple(s.casefold() for s in patterns.CONSENT_TERM_STARTS)
_PHRASES = frozenset(p.casefold() for p in patterns.CONSENT_TERM_PHRASES)
_READER = frozenset(w.casefold() for w in patterns.READER_WORDS)
_FORMAL = frozenset(patterns.FORMAL_READER_WORDS)
_SITE = frozenset(w.casefold() for w in patterns.SITE_VOICE_WORDS)


@dataclass(slots=True, frozen=True)
class LineSignals:
    words: int
    terms: int
    reader: int
    site: int


def line_signals(line: str) -> LineSignals:
    tokens = words(line)
    folded = [t.casefold().rstrip(".") for t in tokens]
    terms = sum(1 for t in folded if t.startswith(_STARTS))
    terms += sum(1 for a, b in itertools.pairwise(folded) if f"{a} {b}" in _PHRASES)
    voiced = words(outside_quotes(line))
    reader = sum(1 for t in voiced if t.casefold() in _READER)
    reader += sum(1 for t in voiced[1:] if t in _FORMAL)
    site = sum(1 for t in voiced if t.casefold() in _SITE)
    return LineSignals(words=len(tokens), terms=terms, reader=reader, site=site)


def outside_quotes(line: str) -> str:
    """The line without what its quotation marks enclose (the quote finder's own scan, so „…“, «…» and "…" pair as
    they do there)."""
    parts: list[str] = []
    position = 0
    for span in scan_quotes(line):
        parts.append(line[position : span.open])
        position = span.close_end
    parts.append(line[position:])
    return "".join(parts)


def consent_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines of a consent notice at the start or the end of ``lines`` (empty set when there is none)."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        return set()
    signals = {i: line_signals(lines[i]) for i in content}
    found: set[int] = set()
    for block in _blocks(content, signals):
        if block[0] != content[0] and block[-1] != content[-1]:
            continue  # in the middle of the text: a report quoting a notice, not a notice around the page
        n_words = sum(signals[i].words for i in block)
        terms = sum(signals[i].terms for i in block)
        reader = sum(signals[i].reader for i in block)
        site = sum(signals[i].site for i in block)
        if (
            terms >= MIN_CONSENT_TERMS
            and reader >= MIN_READER_WORDS
            and site >= MIN_SITE_WORDS
            and terms >= MIN_TERM_DENSITY * n_words
        ):
            found.update(block)
    return found


def _blocks(content: list[int], signals: dict[int, LineSignals]) -> list[list[int]]:
    """Runs of content lines joined by consent terms, up to ``MAX_GAP_LINES`` lines apart, with the notice-shaped
    lines before them (at the top of the text) and after them."""
    blocks: list[list[int]] = []
    current: list[int] = []
    gap: list[int] = []
    lead: list[int] = []  # notice-shaped lines at the top of the text before any term
    at_top = True
    for i in content:
        s = signals[i]
        if s.terms:
            if at_top:
                current = lead
            current.extend(gap)
            current.append(i)
            gap, at_top = [], False
            continue
        if at_top:
            if (s.reader > 0 or s.words <= GAP_LINE_MAX_WORDS) and len(lead) < MAX_GAP_LINES:
                lead.append(i)
            else:
                at_top = False
        elif current:
            # Between two term lines any line may sit (a notice's own paragraphs: "We appointed a data officer,
            # reachable at ..."); the gap is cut back to its notice-shaped lines only if no term line follows.
            if len(gap) < MAX_GAP_LINES:
                gap.append(i)
            else:
                blocks.append(current + _notice_shaped_start(gap, signals))
                current, gap = [], []
    if current:
        blocks.append(current + _notice_shaped_start(gap, signals))  # a tail reaching the bottom edge, if shaped so
    return blocks


def _notice_shaped_start(gap: list[int], signals: dict[int, LineSignals]) -> list[int]:
    """The lines after a block's last term that still read as the notice: up to the first one that does not."""
    out: list[int] = []
    for i in gap:
        if not (signals[i].reader > 0 or signals[i].words <= GAP_LINE_MAX_WORDS):
            break
        out.append(i)
    return out
