"""Updates are not contradictions: a figure that changes between reports published at different times.

A death toll of 12 in the morning and 15 at noon is the story moving on, and a reader wants it shown as 12 -> 15 in
publication order, not as two sources disagreeing. A figure conflict becomes an update when every report stating one
of its values has a known publication time and the values follow one another in time: every report of an earlier
value was published before every report of a later one. Reports of the same time (equal timestamps, or dates known to
the day only on the same day) that disagree stay a conflict, and so does a figure whose reports interleave
(12, then 15, then 12 again) or come from a report of unknown date.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from ..types import Article
from .brief import Claim, Conflict, Update, UpdateValue

#: A timestamp exactly at midnight UTC is how a date without a time of day arrives (a feed or page giving the day
#: only): such a report could have been published at any hour of that day.
_DAY_ONLY = time(0, 0)


@dataclass(slots=True, frozen=True)
class _Span:
    """When a report was published, as an interval: a point for a full timestamp, the whole day for a bare date."""

    start: datetime
    end: datetime


def publication_span(article: Article) -> _Span | None:
    """The interval a report's publication time is known to lie in, or None when it is not known at all."""
    if article.published is None:
        return None
    stamp = article.published if article.published.tzinfo else article.published.replace(tzinfo=UTC)
    if article.published_inferred or (stamp.utcoffset() == timedelta(0) and stamp.time() == _DAY_ONLY):
        start = stamp.replace(hour=0, minute=0, second=0, microsecond=0)
        return _Span(start, start + timedelta(days=1) - timedelta(microseconds=1))
    return _Span(stamp, stamp)


def as_update(conflict: Conflict, articles: dict[str, Article]) -> Update | None:
    """The conflict as an update in publication order, or None when it is a disagreement (see the module doc)."""
    if conflict.slot != "number" or len({v.value for v in conflict.values}) < 2:
        return None
    spans: dict[str, list[_Span]] = {}
    of_article: dict[str, _Span] = {}
    for value in conflict.values:
        article = articles.get(value.article_id)
        span = publication_span(article) if article is not None else None
        if span is None:
            return None
        of_article[value.article_id] = span
        spans.setdefault(value.value, []).append(span)
    # Values in order of their first report; each must be over (all its reports published) before the next begins.
    ordered = sorted(spans, key=lambda v: (min(s.start for s in spans[v]), max(s.end for s in spans[v])))
    for earlier, later in itertools.pairwise(ordered):
        if max(s.end for s in spans[earlier]) >= min(s.start for s in spans[later]):
            return None
    rank = {value: n for n, value in enumerate(ordered)}
    values = sorted(conflict.values, key=lambda v: (rank[v.value], of_article[v.article_id].start))
    return Update(
        slot=conflict.slot,
        values=[
            UpdateValue(
                value=v.value,
                article_id=v.article_id,
                sentence_index=v.sentence_index,
                text=v.text,
                published=_iso(articles[v.article_id]),
            )
            for v in values
        ],
        note=conflict.note.replace(" differ", " changed between reports") if conflict.note else "",
    )


def _iso(article: Article) -> str:
    """Publication time in UTC: the values of one update are read side by side, so they share one clock."""
    if article.published is None:
        return ""
    stamp = article.published if article.published.tzinfo else article.published.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).isoformat()


def separate_updates(claim: Claim, articles: dict[str, Article]) -> None:
    """Move the claim's figure conflicts that are updates to ``claim.updates`` and set its status: still
    ``conflicting`` when a real disagreement remains, ``updated`` when only updates do."""
    kept: list[Conflict] = []
    for conflict in claim.conflicts:
        update = as_update(conflict, articles)
        if update is None:
            kept.append(conflict)
        else:
            claim.updates.append(update)
    claim.conflicts = kept
    if kept:
        claim.status = "conflicting"
    elif claim.updates:
        claim.status = "updated"
