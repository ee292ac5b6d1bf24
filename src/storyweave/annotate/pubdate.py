"""The publication date an article states in its own text, for when the metadata has none.

Only places where a news text states *its own* date are read, ranked by how reliably they mean "published":

1. a dateline opening the story: "WASHINGTON, Nov. 3 (Reuters) -", "MADRID, 3 de noviembre (EFE).-",
   "Berlin, 3. November 2022 (dpa) -";
2. an explicit publication line: "Published: 3 November 2022", "Publicado em 03/11/2022", "Veröffentlicht am ...";
3. a bare numeric date on a short line of its own at the top or the end of the text ("03/11/2022 14:05").

A date in a photo caption or credit ("Photo: Jane Doe/ AFP 26.11.2022") is *not* read: it dates the photo (often an
archive or stock picture, or the day the caption was written), and scraped reports show it contradicting the story
(a caption dated weeks after the event it illustrates). Taking it as the publication date would then mis-resolve every
relative date in the article ("on Wednesday"), so no date is better than that one.

Dates inside news sentences ("in early September", "on April 2") are about the events, not the article, and are never
read. Relative words ("today", "yesterday") are refused, so the answer is never simply today's date. A yearless
dateline takes its year from another dated line of the same text when there is one, else from the dated items read
just before it from the same input (``context``: the year that puts it nearest their date), else the most recent past
occurrence (dateparser's ``PREFER_DATES_FROM="past"``), the usual case for a freshly fetched wire story, unless the
text cites years and none within a year of that guess: then it is an older text (an archive dump without metadata:
"Wa, Jan. 01, GNA - ... as they enter into 2020", read in 2026) and its date is left unknown, since guessing the year
would put the report years away from its event and from other reports of it. A date more than a day in the future is
rejected as a misreading.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import dateparser

from ..clean.agencies import PHOTO_CUES

#: Languages we hint to dateparser when the article's language is unknown (it then tries each).
DEFAULT_DATE_LANGUAGES: tuple[str, ...] = ("en", "es", "pt", "fr", "de", "it", "nl", "tr", "az", "ru")

#: Words that open an explicit publication-date line, in the languages we read.
PUBLISHED_CUES: tuple[str, ...] = (
    "Published", "Posted", "Publicado", "Publicada", "Publié", "Publiée", "Mis en ligne", "Veröffentlicht",
    "Pubblicato", "Pubblicata", "Gepubliceerd", "Yayınlanma tarihi", "Yayınlanma", "Yayımlanma", "Dərc olunub",
    "Опубликовано",
)  # fmt: skip
#: Bare "date" labels count only with a colon: "Data: 03/11/2022", but not "Data from 12.03.2021 show ...".
DATE_LABELS: tuple[str, ...] = ("Date", "Fecha", "Data", "Datum", "Tarih", "Дата")

#: Datelines sit in the first lines: a title and at most a byline or a repeated title come before them in scraped text.
DATELINE_LINES = 3
#: A dateline's place is a city or a "CITY, Country" pair: a few words. Longer means a sentence that has a comma.
DATELINE_MAX_PLACE_WORDS = 4
#: How many non-empty lines at the top and the end may hold a date on its own line (scraped headers and footers).
EDGE_LINES = 3
#: A "date line" is short: "03/11/2022 14:05", "Washington, 26.11.2022 | 14:05 Uhr". Six words, like the cleaner's
#: short-line cut-off (config.CleanOptions.short_line_words), separates them from sentences that mention a date.
SHORT_LINE_WORDS = 6
#: Clock skew and time zones can put a real publication date up to a day ahead of the machine's UTC clock.
FUTURE_TOLERANCE = timedelta(days=1)

_RANK_DATELINE, _RANK_PUBLISHED, _RANK_EDGE = 3, 2, 1

_DATELINE = re.compile(
    r"^\s*(?P<place>[^\W\d_][^\n,()\d]{0,40}(?:,\s*[^\W\d_][^\n,()\d]{0,30})?),\s*"
    r"(?P<date>[^\n()]{3,40}?)\s*(?:\([^()\n]{1,30}\)\s*)?(?:\.?\s*[-–—:/]|\.-)"
)
_PUBLISHED = re.compile(
    rf"^\s*(?:(?i:{'|'.join(re.escape(c) for c in PUBLISHED_CUES)})\b\s*:?"
    rf"|(?i:{'|'.join(re.escape(c) for c in DATE_LABELS)})\s*:)\s*"
    r"(?i:(?:on|am|em|el|le|il|op|at|às|в)\s+)?(?P<date>[^|·•\n]{4,60})"
)
_NUMERIC = re.compile(
    r"(?<![\d.,/-])(?:(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y2>\d{4}))"
    r"(?:(?:,?\s+(?:\w{1,3}\s+)?|T)(?P<hh>\d{1,2})[:h](?P<mm>\d{2}))?(?![\d])"
)
_PHOTO = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in PHOTO_CUES)})(?!\w)|©")
_HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)")


def _settings(require_year: bool) -> dict[str, Any]:
    return {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": "UTC",
        "TO_TIMEZONE": "UTC",
        "REQUIRE_PARTS": ["day", "month", "year"] if require_year else ["day", "month"],
        # No "relative-time" parser: "today" or "2 hours ago" must never become a publication date.
        "PARSERS": ["custom-formats", "absolute-time"],
    }


def _languages(language: str | None) -> list[str]:
    return [language] if language else list(DEFAULT_DATE_LANGUAGES)


def _parse_words(chunk: str, language: str | None, *, require_year: bool) -> datetime | None:
    """A textual date with dateparser, shortening ``chunk`` from the right until it parses (drops "| Updated ...")."""
    words = chunk.split()
    for end in range(len(words), 1, -1):
        candidate = " ".join(words[:end]).strip(" ,;.-–—")
        if not any(ch.isdigit() for ch in candidate):
            continue
        try:
            parsed: datetime | None = dateparser.parse(
                candidate, languages=_languages(language), settings=_settings(require_year)
            )
        except ValueError:  # a language code dateparser does not know: try the default set
            return _parse_words(chunk, None, require_year=require_year) if language else None
        except OverflowError:  # absurd numbers ("99999999 May")
            return None
        if parsed is not None:
            return parsed
    return None


def _parse_numeric(m: re.Match[str], language: str | None) -> datetime | None:
    """A numeric date. Dots and dashes are day-first everywhere; slashes are month-first only in English."""
    if m.group("y1"):
        year, month, day = int(m.group("y1")), int(m.group("m1")), int(m.group("d1"))
    else:
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y2"))
        month_first = m.group("sep") == "/" and language == "en" and a <= 12
        day, month = (b, a) if month_first else (a, b)
    hour = int(m.group("hh")) if m.group("hh") else 0
    minute = int(m.group("mm")) if m.group("mm") else 0
    try:
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:  # 31.02.2022, 25:61
        return None


def _dateline(lines: list[str], language: str | None) -> tuple[datetime, bool] | None:
    for line in lines[:DATELINE_LINES]:
        m = _DATELINE.match(line)
        if m is None or len(m.group("place").split()) > DATELINE_MAX_PLACE_WORDS:
            continue
        chunk = m.group("date")
        if not any(ch.isdigit() for ch in chunk):
            continue
        has_year = _HAS_YEAR.search(chunk) is not None
        parsed = _parse_words(chunk, language, require_year=has_year)
        if parsed is not None:
            return parsed, has_year
    return None


def _published(lines: list[str], language: str | None) -> datetime | None:
    for line in lines:
        m = _PUBLISHED.match(line)
        if m is None:
            continue
        numeric = _NUMERIC.search(m.group("date"))
        parsed = (
            _parse_numeric(numeric, language) if numeric else _parse_words(m.group("date"), language, require_year=True)
        )
        if parsed is not None:
            return parsed
    return None


def _edge_or_credit(lines: list[str], language: str | None) -> datetime | None:
    edges = set(range(min(EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - EDGE_LINES), len(lines)))
    for i, line in enumerate(lines):
        if _PHOTO.search(line):
            continue  # a caption's date dates the photo, not the article (see the module docstring)
        for m in _NUMERIC.finditer(line):
            if i in edges and len(line.split()) <= SHORT_LINE_WORDS:
                parsed = _parse_numeric(m, language)
                if parsed is not None:
                    return parsed
    return None


def date_from_text(text: str, language: str | None = None, *, context: datetime | None = None) -> datetime | None:
    """The publication date ``text`` states for itself (UTC-aware), or None when it states none reliably. ``context``
    is the publication date of a neighbouring item of the same input (``RawDocument.context_date``): a yearless
    dateline takes the year that puts it nearest that date, instead of the most recent past occurrence."""
    lines = [line for line in text.split("\n") if line.strip()]
    now = datetime.now(UTC)
    dateline = _dateline(lines, language)
    others = [d for d in (_published(lines, language), _edge_or_credit(lines, language)) if d is not None]
    others = [d for d in others if d <= now + FUTURE_TOLERANCE]
    if dateline is not None:
        date, has_year = dateline
        if not has_year and others:
            with contextlib.suppress(ValueError):  # 29 February in a year without one keeps its parsed year
                date = date.replace(year=others[0].year)
        elif not has_year and context is not None:
            date = _nearest(date, context)
        if not has_year and not others and _years_contradict(text, date.year):
            return None
        if date <= now + FUTURE_TOLERANCE:
            return date
    return others[0] if others else None


def _nearest(date: datetime, context: datetime) -> datetime:
    """``date`` (month and day read without a year) in the year that puts it nearest ``context``: "Dec. 30" beside a
    report of 10 January 2020 is 30 December 2019, "March 2" beside one of 26 March 2020 is 2 March 2020."""
    if context.tzinfo is None:
        context = context.replace(tzinfo=UTC)
    candidates = []
    # One year either side holds the nearest for any day but 29 February, which needs a leap year: four either side.
    for year in range(context.year - 4, context.year + 5):
        with contextlib.suppress(ValueError):  # 29 February outside a leap year; years outside 1..9999
            candidates.append(date.replace(year=year))
    return min(candidates, key=lambda d: abs(d - context), default=date)


#: How many years from a yearless dateline's guessed year a year the text cites may lie and still agree with it: a
#: report from early January cites the year just ended, one from December the next ("the 2027 budget").
YEAR_AGREEMENT = 1


def _years_contradict(text: str, guessed: int) -> bool:
    """Whether ``text`` cites years and none within ``YEAR_AGREEMENT`` of ``guessed``."""
    cited = {int(m.group()) for m in _HAS_YEAR.finditer(text)}
    return bool(cited) and all(abs(year - guessed) > YEAR_AGREEMENT for year in cited)
