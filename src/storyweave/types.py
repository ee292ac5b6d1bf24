"""The records that flow between stages.

Every record is a slotted dataclass with ``to_dict``/``from_dict`` so it can cross a process boundary, be written to
JSONL, or be stored, without a hand-written serialiser per format. Provenance is always an
``(article_id, sentence_index, char_start, char_end)`` into the article's *clean* text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeVar

T = TypeVar("T")

#: How an article's body was obtained: the whole text, or only a feed summary.
#: "full": the page's text; "summary": a feed entry's summary; "title": only the headline could be read (the page body
#: was a consent notice), so grouping and comparison see the title alone.
BodyKind = Literal["full", "summary", "title"]

#: Machine-readable reasons a line was removed by cleaning (kept for display).
RemovalReason = Literal[
    "repeated_line",
    "caption",
    "photo_credit",
    "ad_marker",
    "social_prompt",
    "navigation",
    "title_repeat",
    "byline",
    "empty_markup",
    "consent_notice",
    "contact_block",
]


def _asdict(record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, list):
            value = [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


@dataclass(slots=True)
class RemovedLine:
    """A line cleaning dropped, with why, so the user can see what was not read."""

    text: str
    reason: RemovalReason
    line_index: int  # index of the line in the raw text (0-based)

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RemovedLine:
        return cls(text=data["text"], reason=data["reason"], line_index=int(data["line_index"]))


@dataclass(slots=True)
class Sentence:
    """One sentence of an article's clean text; offsets index ``Article.text``."""

    article_id: str
    index: int
    char_start: int
    char_end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls)})


EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "MISC"]


@dataclass(slots=True)
class Mention:
    """A named-entity mention; ``canonical`` unifies aliases and languages (Pyongyang / DPRK -> North Korea)."""

    article_id: str
    sentence_index: int
    char_start: int
    char_end: int
    text: str
    type: EntityType
    canonical: str

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls)})


@dataclass(slots=True)
class TimeExpr:
    """A date expression in the text, resolved against the publication date when relative ("on Wednesday")."""

    article_id: str
    sentence_index: int
    char_start: int
    char_end: int
    text: str
    value: str | None  # ISO date (YYYY-MM-DD) it resolves to, or None when it cannot be resolved
    relative: bool  # True when resolution needed the publication date

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeExpr:
        return cls(**{f.name: data[f.name] for f in dataclasses.fields(cls)})


@dataclass(slots=True)
class RawDocument:
    """What a reader produces: one item found in a source, before cleaning.

    ``origin`` names where it came from precisely enough for an error message or a gold file
    (``path``, ``path:line 7``, ``path#record 3``, a URL).
    """

    origin: str
    text: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    published: datetime | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    body_kind: BodyKind = "full"
    format: str = "text"
    #: The publication date of the nearest earlier dated item of the same input (file, folder, stdin, URL): the time
    #: frame a yearless date in this item's text is read in (an archive of 2020 reports read in 2026). Set by
    #: ``ingest.read_sources`` for items without a ``published`` date.
    context_date: datetime | None = None


@dataclass(slots=True)
class Article:
    """An article after cleaning, as stored. See ARCHITECTURE.md "Records and identity"."""

    id: str
    title: str
    text: str  # clean text; all offsets point here
    raw_text: str
    url: str | None = None
    source: str | None = None
    source_inferred: bool = False  # True when the source came from a credit line, not metadata
    published: datetime | None = None
    published_inferred: bool = False  # True when the date came from the text (dateline, caption), not metadata
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)  # wire agencies credited: "AP", "Reuters", "AFP", "dpa"
    removed: list[RemovedLine] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    body_kind: BodyKind = "full"
    format: str = "text"
    origin: str = ""
    content_hash: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        kwargs = {f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data}
        if kwargs.get("published"):
            kwargs["published"] = datetime.fromisoformat(kwargs["published"])
        kwargs["removed"] = [RemovedLine.from_dict(r) for r in data.get("removed", [])]
        kwargs["sentences"] = [Sentence.from_dict(s) for s in data.get("sentences", [])]
        return cls(**kwargs)


@dataclass(slots=True)
class Problem:
    """One item of a batch that could not be read; the rest of the batch goes on."""

    origin: str
    message: str
    #: Set when a stage raised on this item ("clean", ...): a failure to look into, not merely unreadable input.
    stage: str | None = None

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


_SPACE_RUN = re.compile(r"\s+")


def normalise_for_identity(text: str) -> str:
    """Text reduced to what identifies an article: case, accents' composition and whitespace don't count."""
    return _SPACE_RUN.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_identity(text).encode("utf-8")).hexdigest()


def article_id(url: str | None, clean_text: str) -> str:
    """Content-derived id: the URL when known (same page, same article), else the normalised text.

    16 hex characters (64 bits) keep ids short for humans while a collision stays unlikely below ~10^9 articles.
    """
    key = ("url:" + url.strip()) if url else ("text:" + normalise_for_identity(clean_text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
