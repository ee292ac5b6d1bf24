"""Cleaning: drop page chrome from an article's lines, repair its unicode, and settle its title.

Cleaning works on lines (paragraphs) and never edits inside one: every kept line is a line of the input, so offsets
into the clean text can be traced back to the raw text through ``RemovedLine.line_index``. A line is removed only on a
positive cue; a doubtful line is kept, because a false removal hides news from the user.

Three passes, from local to contextual:

1. each line on its own (``boilerplate.line_reason``): ad markers, photo credits and captions, reader prompts,
   navigation, "By ..." bylines; then a privacy or cookie notice at either end of the text (``consent.py``) and a
   press office's or author's contact block at its end (``contact.py``), which take a block of lines to recognise;
2. repetition: a line seen ``repeat_threshold`` times is kept once if it reads as prose, dropped entirely otherwise;
3. context: the title and its repeats in the body, then the short lines before the first and after the last news
   sentence (bare bylines, section names next to other chrome). Place names there are datelines and are kept.

The title: site-name suffixes are cut ("Headline | Site"). When the given title is itself chrome (a text reader took a
photo caption on the first line as the title), the first headline-shaped line before the body's first sentence becomes
the title; if there is none, the title is left empty and the pipeline derives one from the text. A truncated title
("... sending weapons to") is replaced by the complete headline when the body repeats it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..config import CleanOptions
from ..errors import InputError
from ..types import RemovalReason, RemovedLine
from . import patterns
from .boilerplate import (
    alnum_key,
    ends_like_prose,
    has_final_punctuation,
    is_agency_name,
    is_name_like,
    is_place_line,
    is_sentence_like,
    is_timestamp,
    line_reason,
    normalise_line,
    split_glued_crumb,
    words,
)
from .consent import consent_lines
from .contact import contact_lines
from .unicode import MAX_REPAIR_PASSES, repair_unicode

__all__ = ["CleanResult", "clean_article", "repair_unicode"]

#: A truncated title still identifies its headline when it keeps this share of the characters: scraped <title>s we
#: saw cut at 80-95 %, while two different headlines sharing an opening rarely share more than half of the longer one.
TITLE_PREFIX_MIN_RATIO = 0.6

#: Fewer words than this and a prefix match with the title is too weak to call the line a repeat ("The US").
TITLE_MATCH_MIN_WORDS = 3

#: Headlines in the sample corpus run 5-20 words; 30 leaves room for long wire headlines yet excludes paragraphs.
HEADLINE_MAX_WORDS = 30

#: A site name after " | " or " - " is one to four words ("Site", "The Daily Example", "example.com").
SITE_NAME_MAX_WORDS = 4

#: After a dash the suffix must be shorter and capitalised throughout ("BBC News", "example.com"): calibrated on
#: ECB+ titles, where dash tails of four words were subtitles ("Where She Knows Everyone") and site names were 1-3.
SITE_NAME_MAX_WORDS_AFTER_DASH = 3

#: Only cut a suffix when what remains still reads as a headline (at least this many words).
HEADLINE_MIN_WORDS = 3

#: Repeated lines up to this long are labels (captions without credit, "Buy now", section heads) and go entirely;
#: longer repeated lines are list or table rows and are kept once. Calibrated on the article-extraction bench gold
#: bodies: repeated chrome there is 1-9 words, repeated content rows 10+.
REPEATED_LABEL_MAX_WORDS = 9

#: An unknown capitalised label counts as navigation beside other chrome only up to this length: menu entries and
#: crumbs are one to three words ("Politics", "News Line", "Latest news"), while four to six capitalised words are
#: usually a kicker or a related headline ("Team Execs Meet With Agent", seen in ECB+ texts), which we keep.
NAV_LABEL_MAX_WORDS = 3

# Starts only where a word starts: otherwise, searched in a long token, every position began a scan to its end.
_DOMAIN = re.compile(r"(?<![\w-])(?:www\.)?[^\W_][\w-]*(?:\.[^\W\d_]{2,})+", re.IGNORECASE)

#: Reasons that mark a line as page chrome, whose neighbours at the edge of the body are then suspect too. A title
#: repeat is not among them: kickers, bylines and datelines sit next to the headline and carry information.
_CHROME: frozenset[RemovalReason] = frozenset(
    {"caption", "photo_credit", "ad_marker", "social_prompt", "navigation", "empty_markup"}
)


@dataclass(slots=True)
class CleanResult:
    title: str  # title after unicode repair, cut of site-name suffixes; "" when only chrome was given
    text: str  # clean body: kept lines joined with "\n" (paragraphs), unicode-repaired
    removed: list[RemovedLine]  # what was dropped and why; line_index counts ``str.splitlines()`` of the input


def clean_article(title: str, text: str, options: CleanOptions) -> CleanResult:
    """Clean one article. Never raises on odd text: anything unrecognised is kept as it is.

    Raises ``InputError`` only when ``title`` or ``text`` is not a string at all (a reader bug or a malformed record).
    """
    for name, value in (("title", title), ("text", text)):
        if not isinstance(value, str):
            raise InputError(f"cannot clean article: {name} must be text, got {type(value).__name__}")
    lines = [repair_unicode(line).strip() for line in text.splitlines()]
    reasons: dict[int, RemovalReason] = {}
    for index, line in enumerate(lines):
        if line:
            reason = line_reason(line, options.short_line_words)
            if reason is not None:
                reasons[index] = reason
    for index in consent_lines(lines):
        reasons[index] = "consent_notice"
    for index in contact_lines(lines):
        reasons.setdefault(index, "contact_block")
    _mark_repeats(lines, reasons, options)
    clean_title = _settle_title(_title_text(title), lines, reasons, options)
    _mark_edges(lines, reasons, options)
    removed = [RemovedLine(text=lines[i], reason=reasons[i], line_index=i) for i in sorted(reasons)]
    kept = [line for i, line in enumerate(lines) if line and i not in reasons]
    return CleanResult(title=clean_title, text="\n".join(kept), removed=removed)


def _title_text(title: str) -> str:
    # Joining lines can bring mojibake pieces together ("Â" + newline + ...), so repair until nothing changes.
    text = " ".join(title.split())
    for _ in range(MAX_REPAIR_PASSES):
        again = " ".join(repair_unicode(text).split())
        if again == text:
            break
        text = again
    return text


def strip_site_suffix(title: str) -> str:
    """``"Headline | Site"`` -> ``"Headline"``; repeated so that "Headline | Section | Site" loses both."""
    while True:
        position, separator = max((title.rfind(sep), sep) for sep in patterns.TITLE_SITE_SEPARATORS)
        dash_position, dash = max((title.rfind(sep), sep) for sep in patterns.TITLE_SITE_DASHES)
        is_dash = dash_position > position
        if is_dash:
            position, separator = dash_position, dash
        if position < 0:
            return title
        head, tail = title[:position].strip(), title[position + len(separator) :].strip()
        tail_words = words(tail)
        site_like = _DOMAIN.fullmatch(tail) is not None or (
            1 <= len(tail_words) <= (SITE_NAME_MAX_WORDS_AFTER_DASH if is_dash else SITE_NAME_MAX_WORDS)
            and not tail[:1].islower()
            and (not is_dash or (all(w[:1].isupper() or "." in w for w in tail_words) and "," not in tail))
        )
        if not site_like or len(words(head)) < HEADLINE_MIN_WORDS:
            return title
        title = head


def _mark_repeats(lines: list[str], reasons: dict[int, RemovalReason], options: CleanOptions) -> None:
    counts = Counter(normalise_line(line) for line in lines if line)
    seen: set[str] = set()
    for index, line in enumerate(lines):
        key = normalise_line(line)
        if not line or not key or counts[key] < options.repeat_threshold or index in reasons:
            continue
        # A repeated news sentence (pull quote, lead reused as a caption) or a long repeated row (a table, a list)
        # is kept once; a repeated short label never.
        keep_once = ends_like_prose(line) or len(words(line)) > REPEATED_LABEL_MAX_WORDS
        if keep_once and key not in seen:
            seen.add(key)
            continue
        reasons[index] = "repeated_line"


def _survivors(lines: list[str], reasons: dict[int, RemovalReason]) -> list[int]:
    return [i for i, line in enumerate(lines) if line and i not in reasons]


def _leading_block(lines: list[str], reasons: dict[int, RemovalReason]) -> list[int]:
    """Surviving lines before the first news sentence: where headlines, kickers and bylines sit."""
    block: list[int] = []
    for i in _survivors(lines, reasons):
        if is_sentence_like(lines[i]):
            break
        block.append(i)
    return block


def _is_headline_like(line: str) -> bool:
    n_words = len(words(line))
    return (
        HEADLINE_MIN_WORDS <= n_words <= HEADLINE_MAX_WORDS
        and any(ch.islower() for ch in line)
        and not line.rstrip().endswith((".", ":", ";", ","))
        and not is_name_like(line)
        and not is_timestamp(line)
    )


def _matches_title(line: str, title: str) -> bool:
    a, b = alnum_key(line), alnum_key(title)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    shorter_text = line if len(a) < len(b) else title
    return (
        longer.startswith(shorter)
        and len(shorter) >= TITLE_PREFIX_MIN_RATIO * len(longer)
        and len(words(shorter_text)) >= TITLE_MATCH_MIN_WORDS
    )


def _settle_title(title: str, lines: list[str], reasons: dict[int, RemovalReason], options: CleanOptions) -> str:
    glued = split_glued_crumb(title)
    if glued is not None:
        title = glued[1]
    elif title and any(
        line_reason(t, options.short_line_words) is not None or is_timestamp(t)
        for t in (title, strip_site_suffix(title))
    ):
        # A reader took a caption, prompt or timestamp on the first line for the title: look for the real one.
        title = _pick_headline(lines, reasons)
    title = strip_site_suffix(title)
    if not title:
        return ""
    leading = set(_leading_block(lines, reasons))
    for index, line in enumerate(lines):
        if not line:
            continue
        reason = reasons.get(index)
        if reason == "navigation":
            crumb = split_glued_crumb(line)
            if crumb is not None and _matches_title(crumb[1], title):
                reasons[index] = "title_repeat"
            continue
        if reason is not None:
            continue
        # A line that reads as a sentence stays even when it equals the title: when a reader took the lead
        # sentence as the title, dropping it from the body would hide news.
        if is_sentence_like(line):
            continue
        if (index in leading and _matches_title(line, title)) or alnum_key(line) == alnum_key(title):
            reasons[index] = "title_repeat"
            # The body kept the whole headline where the given title was cut short: prefer the whole one.
            if len(alnum_key(line)) > len(alnum_key(title)) and _is_headline_like(line):
                title = line
    if not _survivors(lines, reasons):
        # A one-line item (an alert, a headline-only feed entry) is its own body: keep it rather than leave nothing.
        for index in [i for i, reason in reasons.items() if reason == "title_repeat"]:
            del reasons[index]
    # A headline taken from the body may carry the site name too.
    return strip_site_suffix(" ".join(title.split()))


def _pick_headline(lines: list[str], reasons: dict[int, RemovalReason]) -> str:
    for index in _leading_block(lines, reasons):
        line = lines[index]
        if _is_headline_like(line) and not is_place_line(line):
            reasons[index] = "title_repeat"
            return line
    return ""


def _mark_edges(lines: list[str], reasons: dict[int, RemovalReason], options: CleanOptions) -> None:
    survivors = _survivors(lines, reasons)
    sentences = [i for i in survivors if is_sentence_like(lines[i])]
    if not sentences:
        return  # nothing reads as prose: no way to tell chrome from content, so keep everything
    edge = [i for i in survivors if i < sentences[0] or i > sentences[-1]]
    candidates = [
        i
        for i in edge
        if _is_label_shaped(lines[i], options) and not is_place_line(lines[i]) and not is_agency_name(lines[i])
    ]
    # Words of the lines that stay whatever this pass decides: the evidence against a bare name being a byline.
    context = [lines[i] for i in survivors if i not in set(candidates)]
    lower_words = {w for line in context for w in words(line) if w.islower()}
    capital_words = {w for line in context for w in words(line) if w[:1].isupper()}
    for index in candidates:
        if is_name_like(lines[index]) and _is_unmentioned_name(lines[index], lower_words, capital_words):
            reasons[index] = "byline"
    # Unknown capitalised labels count as navigation only beside other chrome; repeat until no neighbour changes.
    changed = True
    while changed:
        changed = False
        for index in candidates:
            line = lines[index]
            if (
                index not in reasons
                and len(words(line)) <= NAV_LABEL_MAX_WORDS
                and not is_name_like(line)
                and _next_to_chrome(index, lines, reasons)
            ):
                reasons[index] = "navigation"
                changed = True


def _is_unmentioned_name(line: str, lower_words: set[str], capital_words: set[str]) -> bool:
    """A bare byline names someone the story does not mention, in words that are not common nouns.

    "Story Timeline" fails the first test (the text says "story" in lower case); a line naming the subject of the
    story ("Michael Example" when the text quotes "Example") fails the second: neither is the author.
    """
    tokens = [t for t in words(line) if t.casefold() not in patterns.NAME_PARTICLES]
    return not any(t.casefold() in lower_words for t in tokens) and not any(
        t in capital_words for t in tokens if len(t.rstrip(".")) > 2
    )


def _is_label_shaped(line: str, options: CleanOptions) -> bool:
    """Short, unpunctuated, digit-free, every word capitalised: a label, a name or a place, not prose."""
    tokens = line.split()
    return (
        0 < len(words(line)) <= options.short_line_words
        and not has_final_punctuation(line)
        and not any(ch.isdigit() for ch in line)
        and all(t[:1].isupper() or t.casefold() in patterns.NAME_PARTICLES for t in tokens)
    )


def _next_to_chrome(index: int, lines: list[str], reasons: dict[int, RemovalReason]) -> bool:
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(lines) and not lines[j]:
            j += step
        if 0 <= j < len(lines) and reasons.get(j) in _CHROME:
            return True
    return False
