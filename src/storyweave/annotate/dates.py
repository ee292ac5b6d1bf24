"""Date expressions in article text, resolved against the publication date, and the article's event date.

``dateparser.search`` over a whole article is slow and matches ordinary words ("may", "now", "second"), so candidates
come from a regular expression per language built from ``date_words`` (weekdays, months in date context, numeric
dates, relative words, "N days ago"); only the candidate span goes to ``dateparser.parse``, with the publication date
as the base and dates preferred from the past ("on Wednesday" in a Thursday article is the day before).
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from ..types import Sentence, TimeExpr
from .date_words import (
    AGO_PATTERNS,
    MONTH_PREPOSITIONS,
    MONTHS,
    NOT_TOMORROW_BEFORE,
    PT_SHORT_WEEKDAYS,
    PT_WEEKDAY_DETERMINERS,
    RELATIVE,
    WEEKDAYS,
)

#: An article's event is what happened shortly before it was written: dates more than two weeks before publication
#: are background ("in July, North Korea recognised..."). 14 days covers weekly-magazine lag and late follow-ups.
EVENT_WINDOW_DAYS = 14
#: The lede (first sentences) states the event; later sentences give background. Five sentences cover the lede and
#: nut graf of wire copy.
LEDE_SENTENCES = 5
#: "Wednesday the 2nd" with no month: how many months back we look for a month where the 2nd is a Wednesday.
MAX_MONTHS_BACK = 12

#: Languages whose month and weekday names are capitalised; there a lower-case "may"/"march" is a verb.
_CAPITALISED_NAMES = frozenset({"en", "de"})
_ORDINAL = r"(?:st|nd|rd|th|er|º|ª|\.)?"
_YEAR = re.compile(r"\b\d{4}\b")
_DAY_NUMBER = re.compile(r"(?<![\d.])\d{1,2}(?!\d)")
_MONTH_WORDS = frozenset(m for words in MONTHS.values() for m in words)


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=32)
def _candidate_pattern(lang: str) -> re.Pattern[str]:
    weekdays = list(WEEKDAYS.get(lang, ())) + (list(PT_SHORT_WEEKDAYS) if lang == "pt" else [])
    wd = _alternation(weekdays)
    mo = _alternation(MONTHS.get(lang, ()))
    rel = _alternation(RELATIVE.get(lang, ()))
    preps = _alternation(MONTH_PREPOSITIONS.get(lang, ()))
    of = r"(?:\s+(?:de|del|of|di|van)\s+|\s+)"
    year = r"(?:,?\s*(?:de\s+|del\s+)?\d{4})?"
    parts = [
        r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})",
        r"(?P<numeric>\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2}))(?![\d]|[./]\d)",
    ]
    if wd and mo:
        parts += [
            # "Wednesday, April 2", "miércoles 2 de noviembre", "Mittwoch, 2. November", "mercredi 2 novembre"
            rf"(?P<wd_date>(?:{wd}),?\s+(?:(?:the\s+)?\d{{1,2}}{_ORDINAL}{of}(?:{mo})|(?:{mo})\.?\s+\d{{1,2}}{_ORDINAL}){year})",
        ]
    if wd:
        parts.append(rf"(?P<wd_day>(?:{wd}),?\s+(?:the\s+)?\d{{1,2}}{_ORDINAL})(?![\d.]*\s*(?:{mo or 'x^'}))")
    if mo:
        parts += [
            rf"(?P<day_month>\d{{1,2}}{_ORDINAL}{of}(?:{mo}){year})",
            rf"(?P<month_day>(?:{mo})\.?\s+\d{{1,2}}{_ORDINAL}(?!\d){year})",
        ]
        if preps:
            parts.append(rf"(?:\b(?:{preps})\s+)(?P<month>(?:{mo})(?:\s+(?:de\s+)?\d{{4}})?)")
    if wd:
        parts.append(rf"(?P<weekday>(?:{wd}))")
    if rel:
        parts.append(rf"(?P<relative>{rel})")
    if lang in AGO_PATTERNS:
        parts.append(rf"(?P<ago>{AGO_PATTERNS[lang]})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _settings(published: datetime | None) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if published is not None:
        settings["RELATIVE_BASE"] = published.replace(tzinfo=None)
    return settings


#: Resolved (expression, language, publication time) triples kept per process. Articles of one day repeat the same
#: expressions ("on Tuesday", "yesterday") and ``dateparser.parse`` costs ~0.3 ms each; 4096 entries (~1 MB) hold a
#: few days of a busy feed, measured on the ECB+ run benchmark.
PARSE_CACHE_SIZE = 4096


@lru_cache(maxsize=PARSE_CACHE_SIZE)
def _parse(text: str, lang: str, published: datetime | None) -> date | None:
    import dateparser

    languages = [lang] if lang in WEEKDAYS else None
    parsed = dateparser.parse(text, languages=languages, settings=_settings(published))
    return parsed.date() if parsed is not None else None


def _weekday_and_day(weekday_text: str, day: int, lang: str, published: date) -> date | None:
    """ "Wednesday the 2nd": the latest date not after publication on that day of the month that is that weekday."""
    target = _parse(weekday_text, lang, datetime.combine(published, datetime.min.time()))
    year, month = published.year, published.month
    fallback: date | None = None
    for _ in range(MAX_MONTHS_BACK):
        if day <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, day)
            if candidate <= published:
                fallback = fallback or candidate
                if target is None or candidate.weekday() == target.weekday():
                    return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return fallback


def _wanted(match: re.Match[str], text: str, lang: str) -> bool:
    kind = match.lastgroup
    word = match.group(kind or 0)
    if lang in _CAPITALISED_NAMES and kind in ("weekday", "month", "month_day", "wd_date", "wd_day"):
        return word[:1].isupper()
    if lang != "en" and kind == "weekday" and word[:1].isupper():
        # "Plácido Domingo", "Domingo Cavallo": capitalised mid-sentence, or before another capitalised word, in
        # es/pt/fr/it is a name, since these languages write weekdays in lower case.
        following = text[match.end() : match.end() + 2].strip()[:1]
        if not _sentence_start(text, match.start()) or following.isupper():
            return False
    before = text[max(0, match.start() - 12) : match.start()].casefold().rstrip()
    if lang == "pt" and kind == "weekday" and word.casefold() in PT_SHORT_WEEKDAYS:
        return before.endswith(PT_WEEKDAY_DETERMINERS)
    if kind == "relative" and word.casefold() in ("mañana", "morgen", "manhã"):
        return not before.endswith(NOT_TOMORROW_BEFORE)
    return True


def _sentence_start(text: str, start: int) -> bool:
    return start == 0 or text[max(0, start - 3) : start].rstrip()[-1:] in (".", "!", "?", "\n", "")


def find_dates(
    article_id: str, text: str, sentences: Sequence[Sentence], language: str | None, published: datetime | None
) -> list[TimeExpr]:
    """Every date expression in ``text``, resolved to an ISO date when possible (``value`` None otherwise)."""
    lang = (language or "en").lower()[:2]
    if lang not in WEEKDAYS:
        lang = "en"
    starts = [s.char_start for s in sentences]
    pub_day = published.date() if published is not None else None
    out: list[TimeExpr] = []
    for match in _candidate_pattern(lang).finditer(text):
        if not _wanted(match, text, lang):
            continue
        kind = match.lastgroup or ""
        span_start, span_end = match.span(kind)
        surface = text[span_start:span_end]
        has_year = (
            bool(_YEAR.search(surface))
            or kind == "iso"
            or (kind == "numeric" and surface.count(".") + surface.count("/") == 2)
        )
        relative = not has_year
        value: date | None = None
        if relative and pub_day is None:
            value = None
        elif kind == "wd_day" and pub_day is not None:
            day = int(_DAY_NUMBER.findall(surface)[-1])
            value = _weekday_and_day(surface.split()[0].rstrip(","), day, lang, pub_day)
        elif kind == "wd_date":
            value = _parse(re.sub(r"^\S+,?\s+(?:the\s+)?", "", surface), lang, published)
        else:
            value = _parse(surface, lang, published)
            if value is None and kind == "weekday" and " " in surface:
                value = _parse(surface.split(" ")[0], lang, published)  # "Pazar günü": the day word alone parses
            if kind == "weekday" and value is not None and pub_day is not None and pub_day - value == timedelta(7):
                value = pub_day  # news says "on Thursday" on the Thursday itself; dateparser goes back a week
        index = max(bisect.bisect_right(starts, span_start) - 1, 0) if starts else 0
        out.append(
            TimeExpr(article_id, index, span_start, span_end, surface, value.isoformat() if value else None, relative)
        )
    return out


def _day_precise(expr: TimeExpr) -> bool:
    """Month-only expressions ("in August") resolve to the 1st and must not vote for an event day."""
    text = expr.text.casefold()
    if not _DAY_NUMBER.search(text) and any(w in _MONTH_WORDS for w in re.findall(r"\w+", text)):
        return False
    return not (_YEAR.fullmatch(text.strip()))


def estimate_event_date(times: Sequence[TimeExpr], published: datetime | None) -> date | None:
    """The day the article's event happened.

    Rule: among day-precise resolved dates in the window [publication - EVENT_WINDOW_DAYS, publication + 1 day],
    take the most mentioned one in the lede (first LEDE_SENTENCES sentences), else in the whole article; ties go to
    the date mentioned first. With no such date, the publication date. Without a publication date, the most
    mentioned absolute (year-bearing) date, or None.
    """
    resolved = [t for t in times if t.value is not None and _day_precise(t)]
    if published is None:
        absolute = [t for t in resolved if not t.relative]
        return _most_mentioned(absolute)
    pub_day = published.date()
    window = [
        t
        for t in resolved
        if pub_day - timedelta(EVENT_WINDOW_DAYS) <= date.fromisoformat(str(t.value)) <= pub_day + timedelta(1)
    ]
    lede = [t for t in window if t.sentence_index < LEDE_SENTENCES]
    return _most_mentioned(lede) or _most_mentioned(window) or pub_day


def _most_mentioned(times: Sequence[TimeExpr]) -> date | None:
    if not times:
        return None
    ordered = sorted(times, key=lambda t: (t.sentence_index, t.char_start))
    counts = Counter(t.value for t in ordered)
    best = max(counts.values())
    first = next(t.value for t in ordered if counts[t.value] == best)
    return date.fromisoformat(str(first))
