"""View models for the HTML pages: a story brief laid out as columns, aligned claim rows, a timeline, claim bars.

Everything here is plain data; the templates escape every string they print, so nothing in this module marks text as
safe. Highlighting a conflicting value is done by splitting text into segments, never by inserting markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from ..compare.brief import Claim, StoryBrief
from ..types import Article
from .briefs import ClaimCounts, StoryView
from .security import safe_link

#: Sentences of each source shown in its column on the story page: about a news lead and its nut graf, enough to
#: compare how outlets open the story without making the page a wall of text (the article page has the rest).
LEAD_SENTENCES = 5
#: Width of the timeline drawing in SVG user units; points are placed proportionally within it, with a margin so a
#: dot at either end is not cut in half.
TIMELINE_WIDTH = 1000
TIMELINE_MARGIN = 20


@dataclass(slots=True)
class Segment:
    text: str
    marked: bool = False


@dataclass(slots=True)
class SourceColumn:
    article_id: str
    title: str
    source: str
    language: str
    published: str
    url: str | None
    copy_of: str | None
    credits: list[str]
    lead: list[str]


@dataclass(slots=True)
class Cell:
    segments: list[Segment]
    translation: str | None = None  # the claim in the reader's language, next to an other-language original
    from_removed_line: bool = False  # evidence from a line cleaning removed (a photo caption), not the article text


@dataclass(slots=True)
class ClaimRow:
    claim_id: str
    status: str
    text: str
    sources: int
    cells: list[Cell | None]
    conflict_notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ConflictValueView:
    value: str
    source: str
    article_id: str
    segments: list[Segment]


@dataclass(slots=True)
class ConflictView:
    claim: str
    slot: str
    note: str
    values: list[ConflictValueView]


@dataclass(slots=True)
class UpdateStepView:
    value: str
    published: str
    source: str
    article_id: str
    segments: list[Segment]


@dataclass(slots=True)
class UpdateView:
    """A figure that changed as the story developed, its values in publication order."""

    claim: str
    slot: str
    note: str
    steps: list[UpdateStepView]


@dataclass(slots=True)
class QuoteView:
    text: str
    speaker: str
    source: str
    article_id: str
    also_in: list[str]


@dataclass(slots=True)
class EntityChip:
    name: str
    type: str
    articles: int
    aliases: str


@dataclass(slots=True)
class TimelinePoint:
    x: float
    date: str
    source: str
    article_id: str
    title: str


@dataclass(slots=True)
class BarPart:
    status: str
    label: str
    count: int
    x: float
    width: float


@dataclass(slots=True)
class StoryPageView:
    brief: StoryBrief
    compared: bool
    note: str
    columns: list[SourceColumn]
    claims: list[ClaimRow]
    conflicts: list[ConflictView]
    updates: list[UpdateView]
    quotes: list[QuoteView]
    entities: list[EntityChip]
    timeline: list[TimelinePoint]
    timeline_span: tuple[str, str]
    bar: list[BarPart]


def source_label(source: str | None, url: str | None) -> str:
    if source:
        return source
    host = urlsplit(url or "").hostname
    return host or "unknown source"


_PARENTHESISED = re.compile(r"^(?P<normal>.*?)\s*\((?P<surface>[^()]+)\)\s*$")


def surface_forms(value: str) -> list[str]:
    """Where to look for a conflict value in its sentence: the value itself, and for a normalised value with its
    wording in parentheses ("2022-11-02 (Wednesday the 2nd)", "300 (about three hundred)") the wording, then the
    normalised part."""
    forms = [value]
    match = _PARENTHESISED.match(value)
    if match:
        forms += [match["surface"].strip(), match["normal"].strip()]
    return [f for f in forms if f]


def segments(text: str, value: str | None) -> list[Segment]:
    """``text`` split so that the first occurrence of ``value`` (case-insensitive) is its own marked segment."""
    if not value or len(text.casefold()) != len(text):  # casefold changed lengths (ß -> ss): offsets would be wrong
        return [Segment(text)]
    folded = text.casefold()
    found = next(((folded.find(f.casefold()), f) for f in surface_forms(value) if f.casefold() in folded), None)
    if found is None:
        return [Segment(text)]
    at, form = found
    end = at + len(form)
    parts = [Segment(text[:at]), Segment(text[at:end], marked=True), Segment(text[end:])]
    return [p for p in parts if p.text]


def claim_bar(counts: ClaimCounts | None) -> list[BarPart]:
    """Widths (in percent) of the corroborated / single-source / conflicting / updated parts of a claim bar."""
    if counts is None or counts.total == 0:
        return []
    parts, x = [], 0.0
    for status, label, count in (
        ("corroborated", "corroborated", counts.corroborated),
        ("single_source", "single source", counts.single_source),
        ("conflicting", "conflicting", counts.conflicting),
        ("updated", "updated", counts.updated),
    ):
        if status == "updated" and not count:
            continue  # most stories have no updates: no "0 updated" in every legend
        width = 100.0 * count / counts.total
        parts.append(BarPart(status, label, count, round(x, 2), round(width, 2)))
        x += width
    return parts


def _claim_language(claim: Claim, languages: dict[str, str]) -> str:
    """The language the claim's text is written in: that of the supporting sentence it was taken from."""
    for evidence in claim.support:
        if evidence.text.strip() == claim.text.strip():
            return languages.get(evidence.article_id, "")
    return languages.get(claim.support[0].article_id, "") if claim.support else ""


def _claim_row(claim: Claim, order: dict[str, int], languages: dict[str, str], reader: str) -> ClaimRow:
    marked = {(v.article_id, v.sentence_index): v.value for c in claim.conflicts for v in c.values}
    marked |= {(v.article_id, v.sentence_index): v.value for u in claim.updates for v in u.values}
    claim_language = _claim_language(claim, languages)
    cells: list[Cell | None] = [None] * len(order)
    for evidence in claim.support:
        column = order.get(evidence.article_id)
        if column is None or cells[column] is not None:
            continue
        translation = None
        if languages.get(evidence.article_id, reader) != reader and claim_language == reader:
            translation = claim.text
        value = marked.get((evidence.article_id, evidence.sentence_index))
        cells[column] = Cell(segments(evidence.text, value), translation, evidence.sentence_index < 0)
    notes = [c.note for c in claim.conflicts if c.note] + [u.note for u in claim.updates if u.note]
    return ClaimRow(claim.claim_id, claim.status, claim.text, claim.sources, cells, notes)


def _timeline(articles: list[Article]) -> tuple[list[TimelinePoint], tuple[str, str]]:
    dated = sorted((a for a in articles if a.published is not None), key=lambda a: a.published or datetime.min)
    if not dated:
        return [], ("", "")
    first, last = dated[0].published, dated[-1].published
    assert first is not None and last is not None
    span = (last - first).total_seconds()
    inner = TIMELINE_WIDTH - 2 * TIMELINE_MARGIN
    points = []
    for article in dated:
        assert article.published is not None
        offset = (article.published - first).total_seconds() / span if span else 0.5
        points.append(
            TimelinePoint(
                x=round(TIMELINE_MARGIN + offset * inner, 1),
                date=article.published.isoformat(timespec="minutes"),
                source=source_label(article.source, article.url),
                article_id=article.id,
                title=article.title,
            )
        )
    return points, (first.isoformat(timespec="minutes"), last.isoformat(timespec="minutes"))


def story_page(view: StoryView, counts: ClaimCounts | None, reader_language: str) -> StoryPageView:
    brief = view.brief
    by_id = {a.id: a for a in view.articles}
    copies = {a.article_id: a.copy_of for a in brief.articles}
    columns = [
        SourceColumn(
            article_id=a.id,
            title=a.title,
            source=source_label(a.source, a.url),
            language=a.language or "?",
            published=a.published.isoformat(timespec="minutes") if a.published else "",
            url=safe_link(a.url),
            copy_of=copies.get(a.id),
            credits=list(a.credits),
            lead=[s.text for s in a.sentences[:LEAD_SENTENCES]],
        )
        for a in view.articles
    ]
    order = {c.article_id: i for i, c in enumerate(columns)}
    languages = {a.id: a.language or "" for a in view.articles}
    labels = {a.id: source_label(a.source, a.url) for a in view.articles}
    conflicts = [
        ConflictView(
            claim=claim.text,
            slot=conflict.slot,
            note=conflict.note,
            values=[
                ConflictValueView(
                    v.value, labels.get(v.article_id, v.article_id), v.article_id, segments(v.text, v.value)
                )
                for v in conflict.values
            ],
        )
        for claim in brief.claims
        for conflict in claim.conflicts
    ]
    updates = [
        UpdateView(
            claim=claim.text,
            slot=update.slot,
            note=update.note,
            steps=[
                UpdateStepView(
                    v.value,
                    v.published,
                    labels.get(v.article_id, v.article_id),
                    v.article_id,
                    segments(v.text, v.value),
                )
                for v in update.values
            ],
        )
        for claim in brief.claims
        for update in claim.updates
    ]
    quotes = [
        QuoteView(
            text=q.text,
            speaker=q.speaker or q.speaker_entity or "unattributed",
            source=labels.get(q.article_id, q.article_id),
            article_id=q.article_id,
            also_in=[labels.get(a, a) for a in q.also_in],
        )
        for q in brief.quotes
    ]
    entities = [EntityChip(e.name, e.type, len(e.articles), ", ".join(e.aliases)) for e in brief.entities]
    points, span = _timeline([by_id[a] for a in order if a in by_id])
    return StoryPageView(
        brief=brief,
        compared=view.compared,
        note=view.note,
        columns=columns,
        claims=[_claim_row(c, order, languages, reader_language) for c in brief.claims],
        conflicts=conflicts,
        updates=updates,
        quotes=quotes,
        entities=entities,
        timeline=points,
        timeline_span=span,
        bar=claim_bar(counts),
    )


@dataclass(slots=True)
class ArticleLine:
    text: str
    removed_reason: str | None = None  # set for a line cleaning dropped


def article_lines(article: Article) -> tuple[list[ArticleLine], bool]:
    """The clean paragraphs with the removed lines struck in where they stood in the raw text.

    Cleaning keeps or drops whole raw lines, so when the kept lines correspond one-to-one with the clean paragraphs
    the removed lines can be put back in place. When they do not (a reader reflowed the text), removed lines are
    listed after the text instead; the second value says whether they were interleaved.
    """
    paragraphs = [p for p in article.text.split("\n") if p.strip()]
    raw_lines = article.raw_text.split("\n")
    removed = {r.line_index: r for r in article.removed}
    kept = [i for i, line in enumerate(raw_lines) if line.strip() and i not in removed]
    if len(kept) != len(paragraphs) or any(r.line_index >= len(raw_lines) for r in article.removed):
        return [ArticleLine(p) for p in paragraphs], False
    lines: list[ArticleLine] = []
    paragraph = iter(paragraphs)
    for i, line in enumerate(raw_lines):
        if i in removed:
            lines.append(ArticleLine(removed[i].text, removed[i].reason.replace("_", " ")))
        elif line.strip():
            lines.append(ArticleLine(next(paragraph)))
    return lines, True
