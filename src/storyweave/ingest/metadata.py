"""Normalising metadata values that arrive in many shapes: dates, language tags, author lists."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import dateparser

#: Epoch numbers above this are milliseconds, not seconds (1e11 s is the year 5138; 1e11 ms is 1973).
EPOCH_MILLIS_THRESHOLD = 1e11

_LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
# The pieces are stripped by the caller; surrounding \s* here made a long run of spaces quadratic to split.
_AUTHOR_SEPARATORS = re.compile(r"[;|\n]")

_DATEPARSER_SETTINGS: Any = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "UTC",
    "PREFER_DAY_OF_MONTH": "first",
    "STRICT_PARSING": False,
}


def as_aware(value: datetime) -> datetime:
    """Timestamps without a zone are taken as UTC, so every published date compares with every other."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def parse_date(value: Any) -> datetime | None:
    """A timezone-aware datetime from ISO 8601, RFC 2822, epoch numbers or free-form dates in many languages."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return as_aware(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float):
        seconds = value / 1000 if value > EPOCH_MILLIS_THRESHOLD else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return as_aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return as_aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    except (ValueError, TypeError, OverflowError, AttributeError):
        return None
    return as_aware(parsed) if parsed is not None else None


def normalise_language(tag: Any) -> str | None:
    """ISO 639-1/3 code from a language tag ("pt-BR" -> "pt", "en_US" -> "en"); None if it is not one."""
    if not isinstance(tag, str):
        return None
    match = _LANGUAGE_TAG.match(tag.strip())
    return match.group(1).lower() if match else None


def split_authors(value: Any) -> list[str]:
    """Author names from a list, a list of {"name": ...} objects, or one string joined with ; | or newlines."""
    if value is None:
        return []
    items: list[Any] = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        if not isinstance(item, str):
            continue
        for name in _AUTHOR_SEPARATORS.split(item):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    return names


def str_or_none(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
