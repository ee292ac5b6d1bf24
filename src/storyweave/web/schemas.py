"""The JSON API's schemas: stable, documented in the OpenAPI description, and field-for-field the records they show.

``BriefOut`` is the JSON story brief (``StoryBrief.to_dict()``); adding a field is compatible, renaming one bumps
``schema_version`` in ``compare/brief.py``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Longest article body accepted by the similarity endpoint, in characters: ten times a long feature article
#: (~20k characters), while a request stays well inside the request size limit.
MAX_TEXT_CHARS = 200_000


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClaimCountsOut(Out):
    corroborated: int
    single_source: int
    conflicting: int
    updated: int


class StoryOut(Out):
    id: str
    title: str
    size: int = Field(description="articles in the story")
    independent_sources: int = Field(description="members that are not syndicated copies of another member")
    languages: list[str]
    sources: list[str]
    first_seen: str | None
    last_seen: str | None
    snippet: str | None = Field(None, description="best full-text match, when the list was searched with q")
    claims: ClaimCountsOut | None = Field(None, description="claim statuses, once the story has been compared")


class StoryListOut(Out):
    total: int
    offset: int
    limit: int
    items: list[StoryOut]


class EvidenceOut(Out):
    article_id: str
    sentence_index: int
    char_start: int
    char_end: int
    text: str


class BriefArticleOut(Out):
    article_id: str
    title: str
    source: str | None
    language: str | None
    published: str | None
    url: str | None
    credits: list[str]
    copy_of: str | None


class BriefEntityOut(Out):
    name: str
    type: str
    aliases: list[str]
    articles: list[str]


class BriefQuoteOut(Out):
    text: str
    speaker: str | None
    speaker_entity: str | None
    article_id: str
    sentence_index: int
    char_start: int
    char_end: int
    also_in: list[str]


class ConflictValueOut(Out):
    value: str
    article_id: str
    sentence_index: int
    text: str


class ConflictOut(Out):
    slot: Literal["date", "number", "entity", "polarity"]
    values: list[ConflictValueOut]
    note: str


class UpdateValueOut(Out):
    value: str
    article_id: str
    sentence_index: int
    text: str
    published: str


class UpdateOut(Out):
    slot: Literal["date", "number", "entity", "polarity"]
    values: list[UpdateValueOut]
    note: str


class ClaimOut(Out):
    claim_id: str
    text: str
    status: Literal["corroborated", "single_source", "conflicting", "updated"]
    sources: int
    support: list[EvidenceOut]
    conflicts: list[ConflictOut]
    updates: list[UpdateOut]


class SummarySentenceOut(Out):
    text: str
    support: list[EvidenceOut]


class BriefOut(Out):
    story_id: str
    title: str
    event_date: str | None
    languages: list[str]
    articles: list[BriefArticleOut]
    independent_sources: int
    entities: list[BriefEntityOut]
    quotes: list[BriefQuoteOut]
    claims: list[ClaimOut]
    summary: list[SummarySentenceOut]
    schema_version: int


class RemovedLineOut(Out):
    text: str
    reason: str
    line_index: int


class SentenceOut(Out):
    index: int
    char_start: int
    char_end: int
    text: str


class ArticleOut(Out):
    id: str
    title: str
    text: str = Field(description="clean text; every offset in the API points into it")
    url: str | None
    source: str | None
    source_inferred: bool
    published: str | None
    published_inferred: bool
    language: str | None
    authors: list[str]
    credits: list[str]
    body_kind: str
    format: str
    removed: list[RemovedLineOut] = Field(description="lines cleaning dropped, with why")
    sentences: list[SentenceOut]
    story_id: str | None


class ArticleSummaryOut(Out):
    id: str
    title: str
    source: str | None
    language: str | None
    published: str | None
    url: str | None
    snippet: str | None = None
    story_id: str | None = None


class ArticleListOut(Out):
    total: int | None = Field(description="all articles when listing; None for a search (hits are ranked, not counted)")
    offset: int
    limit: int
    items: list[ArticleSummaryOut]


class ArticleRef(BaseModel):
    """One side of a similarity request: a stored article by id, or an article body sent as text."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, max_length=64, description="id (or unique prefix) of a stored article")
    text: str | None = Field(None, max_length=MAX_TEXT_CHARS, description="article body, plain text")
    title: str = Field("", max_length=1_000)
    language: str | None = Field(None, max_length=16, description="ISO 639-1 code; detected when omitted")

    @model_validator(mode="after")
    def one_of_id_or_text(self) -> ArticleRef:
        if (self.id is None) == (self.text is None):
            raise ValueError("give exactly one of 'id' (a stored article) or 'text' (an article body)")
        if self.text is not None and not self.text.strip():
            raise ValueError("'text' is empty")
        return self


class SimilarityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    a: ArticleRef
    b: ArticleRef


class SimilarityOut(Out):
    a: str = Field(description="article id of the first side (content-derived for a text body)")
    b: str
    same_event: float = Field(description="calibrated probability that both report the same event")
    overall: float = Field(description="SemEval-2022 Task 8 scale: 1 = same story ... 4 = unrelated")
    geography: float
    entities: float
    time: float
    narrative: float
    explanation: list[str]


class ProblemOut(Out):
    origin: str
    message: str


class IngestOut(Out):
    read: int
    inserted: int
    already_present: int
    problems: list[ProblemOut]
    grouped: int
    stories_touched: int
    warnings: list[str]


class ErrorOut(Out):
    detail: str
