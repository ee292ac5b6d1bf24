"""The story brief: what every source of a story says, as a stable, versioned record (schema in docs/brief.md).

Every statement carries its evidence as ``(article_id, sentence_index, char_start, char_end, text)`` into the
article's clean text, so a reader can always check a claim against the sentence that makes it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..types import Article

#: Bump when a field is renamed or removed, or a field gains a value old readers do not know (adding a field is
#: compatible and does not bump it). 2: claim status "updated" and the claim's ``updates``.
BRIEF_SCHEMA_VERSION = 2

ClaimStatus = Literal["corroborated", "single_source", "conflicting", "updated"]
ConflictSlot = Literal["date", "number", "entity", "polarity"]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(slots=True)
class Evidence:
    article_id: str
    sentence_index: int
    char_start: int
    char_end: int
    text: str


@dataclass(slots=True)
class BriefArticle:
    article_id: str
    title: str
    source: str | None
    language: str | None
    published: str | None
    url: str | None
    credits: list[str] = field(default_factory=list)
    copy_of: str | None = None  # set when this article is a syndicated copy of another member


def brief_article(article: Article, copies: Mapping[str, str]) -> BriefArticle:
    """The brief's view of a stored article; ``copies`` maps a syndicated copy to the member it copies."""
    return BriefArticle(
        article_id=article.id,
        title=article.title,
        source=article.source,
        language=article.language,
        published=article.published.isoformat() if article.published else None,
        url=article.url,
        credits=list(article.credits),
        copy_of=copies.get(article.id),
    )


@dataclass(slots=True)
class BriefEntity:
    name: str
    type: str
    aliases: list[str]
    articles: list[str]


@dataclass(slots=True)
class BriefQuote:
    text: str
    speaker: str | None  # the speaker as written or resolved ("the spokesman" -> "John Kirby")
    speaker_entity: str | None  # canonical entity name of the speaker, when resolved
    article_id: str
    sentence_index: int
    char_start: int
    char_end: int
    also_in: list[str] = field(default_factory=list)  # other articles reporting the same quote (even translated)


@dataclass(slots=True)
class ConflictValue:
    value: str
    article_id: str
    sentence_index: int
    text: str


@dataclass(slots=True)
class Conflict:
    slot: ConflictSlot
    values: list[ConflictValue]
    note: str = ""


@dataclass(slots=True)
class UpdateValue:
    value: str
    article_id: str
    sentence_index: int
    text: str
    published: str  # ISO 8601 publication time of the report stating the value


@dataclass(slots=True)
class Update:
    """A figure that changed between reports published at different times (a toll 12 -> 15): not a contradiction.
    ``values`` are in publication order, the latest last."""

    slot: ConflictSlot
    values: list[UpdateValue]
    note: str = ""


@dataclass(slots=True)
class Claim:
    claim_id: str
    text: str
    status: ClaimStatus
    sources: int  # independent sources supporting it (syndicated copies count once)
    support: list[Evidence]
    conflicts: list[Conflict] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)


def claim_dict(claim: Claim) -> dict[str, Any]:
    """One claim as a plain dict (the shape it has inside ``StoryBrief.to_dict()``), for exports."""
    data: dict[str, Any] = _plain(claim)
    return data


@dataclass(slots=True)
class SummarySentence:
    text: str
    support: list[Evidence]


@dataclass(slots=True)
class StoryBrief:
    story_id: str
    title: str
    event_date: str | None
    languages: list[str]
    articles: list[BriefArticle]
    independent_sources: int
    entities: list[BriefEntity]
    quotes: list[BriefQuote]
    claims: list[Claim]
    summary: list[SummarySentence]
    schema_version: int = BRIEF_SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _plain(self)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryBrief:
        def ev(items: list[dict[str, Any]]) -> list[Evidence]:
            return [Evidence(**e) for e in items]

        return cls(
            story_id=data["story_id"],
            title=data["title"],
            event_date=data.get("event_date"),
            languages=list(data["languages"]),
            articles=[BriefArticle(**a) for a in data["articles"]],
            independent_sources=int(data["independent_sources"]),
            entities=[BriefEntity(**e) for e in data["entities"]],
            quotes=[BriefQuote(**q) for q in data["quotes"]],
            claims=[
                Claim(
                    claim_id=c["claim_id"],
                    text=c["text"],
                    status=c["status"],
                    sources=int(c["sources"]),
                    support=ev(c["support"]),
                    conflicts=[
                        Conflict(
                            slot=k["slot"], values=[ConflictValue(**v) for v in k["values"]], note=k.get("note", "")
                        )
                        for k in c.get("conflicts", [])
                    ],
                    updates=[
                        Update(slot=u["slot"], values=[UpdateValue(**v) for v in u["values"]], note=u.get("note", ""))
                        for u in c.get("updates", [])
                    ],
                )
                for c in data["claims"]
            ],
            summary=[SummarySentence(text=s["text"], support=ev(s["support"])) for s in data["summary"]],
            schema_version=int(data.get("schema_version", BRIEF_SCHEMA_VERSION)),
        )
