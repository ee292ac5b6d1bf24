"""The story brief as Markdown, plus the views of a brief that every renderer shares.

The shared part (source groups, article labels, claim order, safe links) lives here because Markdown is the plainest
rendering: the HTML and terminal renderers import it rather than re-deriving who copies whom.

All article-derived text is untrusted: it is escaped for Markdown *and* for the HTML a Markdown viewer passes through,
and a URL becomes a link only when it is http(s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ..compare.brief import BriefArticle, Claim, Conflict, Evidence, StoryBrief, Update

#: Reading order of the claims: contradictions first (what a reader must not miss), then figures that changed as
#: the story developed, then agreement, then details only one source gives.
STATUS_ORDER: tuple[str, ...] = ("conflicting", "updated", "corroborated", "single_source")
STATUS_LABEL: dict[str, str] = {
    "corroborated": "Corroborated",
    "single_source": "Single source",
    "conflicting": "Conflicting",
    "updated": "Updated",
}
SLOT_LABEL: dict[str, str] = {
    "date": "Date",
    "number": "Number",
    "entity": "Who",
    "polarity": "Polarity",
}
#: sentence_index of evidence that is not in the clean text (e.g. a photo caption cleaning removed).
REMOVED_LINE_INDEX = -1


# --- views shared by all renderers -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceGroup:
    """One independent source: an original article and the syndicated copies of it."""

    original: BriefArticle
    copies: tuple[BriefArticle, ...]


def source_groups(brief: StoryBrief) -> list[SourceGroup]:
    """Group the articles by independent source, in brief order; a copy of a copy joins the first original."""
    by_id = {a.article_id: a for a in brief.articles}

    def root(article: BriefArticle) -> BriefArticle:
        seen = {article.article_id}
        while article.copy_of is not None and article.copy_of in by_id and article.copy_of not in seen:
            article = by_id[article.copy_of]
            seen.add(article.article_id)
        return article

    copies: dict[str, list[BriefArticle]] = {}
    originals: list[BriefArticle] = []
    for article in brief.articles:
        origin = root(article)
        if origin is article:
            originals.append(article)
        else:
            copies.setdefault(origin.article_id, []).append(article)
    return [SourceGroup(a, tuple(copies.get(a.article_id, ()))) for a in originals]


def article_labels(brief: StoryBrief) -> dict[str, str]:
    """A short, unique, human label per article: its source, numbered when one source has several articles."""
    base: dict[str, str] = {}
    for article in brief.articles:
        name = (article.source or "").strip() or _host(article.url) or (article.title or "").strip()[:40]
        base[article.article_id] = name or article.article_id[:10]
    counts: dict[str, int] = {}
    for name in base.values():
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    labels: dict[str, str] = {}
    for article_id, name in base.items():
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name} #{seen[name]}"
        labels[article_id] = name
    return labels


def label_of(labels: dict[str, str], article_id: str) -> str:
    """The label of an article, or a visible marker when evidence points at an article the brief does not list."""
    return labels.get(article_id, f"unlisted article {article_id[:10]}")


def claims_in_order(brief: StoryBrief) -> list[Claim]:
    """Claims grouped by status (STATUS_ORDER; unknown statuses last), keeping the builder's order within a status."""
    rank = {status: i for i, status in enumerate(STATUS_ORDER)}
    return sorted(brief.claims, key=lambda c: rank.get(c.status, len(STATUS_ORDER)))


def status_label(status: str) -> str:
    return STATUS_LABEL.get(status, status.replace("_", " ").capitalize())


def slot_label(slot: str) -> str:
    return SLOT_LABEL.get(slot, slot.capitalize())


def where_label(sentence_index: int) -> str:
    """Where in the article a piece of evidence is, for a reader (sentences counted from 1)."""
    if sentence_index < 0:
        return "removed line (e.g. photo caption)"
    return f"sentence {sentence_index + 1}"


def cited_articles(support: Iterable[Evidence]) -> list[str]:
    """The distinct article ids of some evidence, first-seen order."""
    return list(dict.fromkeys(e.article_id for e in support))


def is_web_url(url: str | None) -> bool:
    """Whether a URL may be shown as a link: http(s) with a host, no whitespace or control characters."""
    if not url:
        return False
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _host(url: str | None) -> str:
    if not is_web_url(url):
        return ""
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


# --- Markdown ----------------------------------------------------------------------------------------------------

# Inside a line (every untrusted cell or item is preceded by our own markup) only these characters can start
# emphasis, code, links or table cells; escaping more would clutter the raw text for nothing.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITY_START = re.compile(r"&(?=#?\w+;)")
_SPACE_RUN = re.compile(r"\s+")


def md_escape(text: str | None) -> str:
    """Untrusted text as inert Markdown on one line: HTML neutralised, Markdown syntax backslash-escaped."""
    if not text:
        return ""
    flat = _SPACE_RUN.sub(" ", text).strip()
    flat = _ENTITY_START.sub("&amp;", flat).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _md_link(label: str, url: str | None) -> str:
    if not is_web_url(url):
        return md_escape(label)
    # Percent-encode everything that could end the link target early or smuggle markup into it.
    target = quote(url or "", safe=":/?#@!$&'*+,;=%~-._")
    return f"[{md_escape(label)}]({target})"


def _cite(labels: dict[str, str], support: Iterable[Evidence]) -> str:
    names = [md_escape(label_of(labels, a)) for a in cited_articles(support)]
    return f"[{'; '.join(names)}]" if names else "[uncited]"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def _header(brief: StoryBrief) -> list[str]:
    facts = [
        f"**Event date:** {md_escape(brief.event_date) or 'unknown'}",
        f"**Languages:** {md_escape(', '.join(brief.languages)) or 'unknown'}",
        f"**Articles:** {len(brief.articles)}",
        f"**Independent sources:** {brief.independent_sources}",
    ]
    counts = ", ".join(f"{sum(c.status == s for c in brief.claims)} {status_label(s).lower()}" for s in STATUS_ORDER)
    return [
        f"# {md_escape(brief.title) or 'Untitled story'}",
        "",
        " · ".join(facts),
        "",
        f"Story {md_escape(brief.story_id)} · {len(brief.claims)} claims ({counts}) · brief schema "
        f"v{brief.schema_version}",
    ]


def _summary(brief: StoryBrief, labels: dict[str, str]) -> list[str]:
    lines = ["## Summary", ""]
    if not brief.summary:
        return [*lines, "- No summary."]
    for i, sentence in enumerate(brief.summary, 1):
        lines.append(f"{i}. {md_escape(sentence.text)} {_cite(labels, sentence.support)}")
    return lines


def _sources(brief: StoryBrief, labels: dict[str, str]) -> list[str]:
    rows: list[list[str]] = []
    for n, group in enumerate(source_groups(brief), 1):
        for article in (group.original, *group.copies):
            copy_note = f"copy of {md_escape(label_of(labels, group.original.article_id))}" if article.copy_of else ""
            rows.append(
                [
                    str(n),
                    md_escape(labels[article.article_id]),
                    _md_link(article.title or "(untitled)", article.url),
                    md_escape(article.language) or "?",
                    md_escape(article.published) or "unknown",
                    md_escape(", ".join(article.credits)),
                    copy_note,
                ]
            )
    header = ["Source #", "Outlet", "Title", "Language", "Published", "Credits", "Syndication"]
    return ["## Sources", "", *_table(header, rows)]


def _evidence_line(labels: dict[str, str], e: Evidence) -> str:
    return f"  - {md_escape(label_of(labels, e.article_id))}, {where_label(e.sentence_index)}: “{md_escape(e.text)}”"


def _conflict_lines(labels: dict[str, str], conflict: Conflict) -> list[str]:
    note = f" — {md_escape(conflict.note)}" if conflict.note else ""
    lines = [f"  - **{md_escape(slot_label(conflict.slot))} conflict**{note}", ""]
    rows = [
        [
            f"**{md_escape(v.value)}**",
            md_escape(label_of(labels, v.article_id)),
            where_label(v.sentence_index),
            f"“{md_escape(v.text)}”",
        ]
        for v in conflict.values
    ]
    lines += ["    " + line for line in _table(["Value", "Source", "Where", "Sentence"], rows)]
    return [*lines, ""]


def update_path(update: Update) -> str:
    """The figure's values in publication order: "12 → 15" (a value repeated by several reports shown once)."""
    return " → ".join(dict.fromkeys(v.value for v in update.values))


def _update_lines(labels: dict[str, str], update: Update) -> list[str]:
    note = f" — {md_escape(update.note)}" if update.note else ""
    lines = [f"  - **{md_escape(slot_label(update.slot))} updated: {md_escape(update_path(update))}**{note}", ""]
    rows = [
        [
            md_escape(v.published),
            f"**{md_escape(v.value)}**",
            md_escape(label_of(labels, v.article_id)),
            where_label(v.sentence_index),
            f"“{md_escape(v.text)}”",
        ]
        for v in update.values
    ]
    lines += ["    " + line for line in _table(["Published", "Value", "Source", "Where", "Sentence"], rows)]
    return [*lines, ""]


def _claims(brief: StoryBrief, labels: dict[str, str]) -> list[str]:
    lines = ["## Claims"]
    ordered = claims_in_order(brief)
    if not ordered:
        return [*lines, "", "- No claims."]
    statuses = list(dict.fromkeys(c.status for c in ordered))
    for status in statuses:
        group = [c for c in ordered if c.status == status]
        lines += ["", f"### {md_escape(status_label(status))} ({len(group)})", ""]
        for claim in group:
            plural = "source" if claim.sources == 1 else "sources"
            shown = md_escape(status_label(claim.status))
            lines.append(
                f"- **{md_escape(claim.claim_id)}** · *{shown}* · {claim.sources} independent {plural}: "
                f"{md_escape(claim.text)}"
            )
            lines += [_evidence_line(labels, e) for e in claim.support]
            for conflict in claim.conflicts:
                lines += _conflict_lines(labels, conflict)
            for update in claim.updates:
                lines += _update_lines(labels, update)
    return lines


def _quotes(brief: StoryBrief, labels: dict[str, str]) -> list[str]:
    lines = ["## Quotes", ""]
    if not brief.quotes:
        return [*lines, "- No quotes."]
    rows = []
    for q in brief.quotes:
        speaker = q.speaker_entity or q.speaker or "unattributed"
        if q.speaker and q.speaker_entity and q.speaker != q.speaker_entity:
            speaker = f"{q.speaker_entity} (“{q.speaker}”)"
        also = ", ".join(label_of(labels, a) for a in q.also_in)
        rows.append(
            [
                md_escape(speaker),
                f"“{md_escape(q.text)}”",
                f"{md_escape(label_of(labels, q.article_id))}, {where_label(q.sentence_index)}",
                md_escape(also),
            ]
        )
    return [*lines, *_table(["Speaker", "Quote", "Source", "Also reported by"], rows)]


def _entities(brief: StoryBrief) -> list[str]:
    lines = ["## Entities", ""]
    if not brief.entities:
        return [*lines, "- No entities."]
    rows = [
        [md_escape(e.name), md_escape(e.type), md_escape(", ".join(e.aliases)), str(len(e.articles))]
        for e in brief.entities
    ]
    return [*lines, *_table(["Entity", "Type", "Also written as", "Articles"], rows)]


def render_markdown(brief: StoryBrief) -> str:
    """The brief as a Markdown document: header, cited summary, sources, claims by status, quotes, entities."""
    labels = article_labels(brief)
    sections = [
        _header(brief),
        _summary(brief, labels),
        _sources(brief, labels),
        _claims(brief, labels),
        _quotes(brief, labels),
        _entities(brief),
    ]
    return "\n\n".join("\n".join(section).rstrip() for section in sections) + "\n"
