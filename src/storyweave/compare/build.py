"""The story brief: claims aligned across sources, their conflicts, entities, quotes and a cited summary."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import numpy as np

from ..types import Article
from .align import Alignment, ClaimGroup, align
from .brief import (
    BriefEntity,
    BriefQuote,
    Claim,
    ClaimStatus,
    Conflict,
    Evidence,
    StoryBrief,
    brief_article,
)
from .conflicts import caption_conflicts, cross_claim_conflicts, group_conflicts, resolve_dates
from .material import StoryMaterial
from .options import CompareOptions
from .summary import build_summary, centrality
from .updates import separate_updates

Embed = Callable[[list[str]], np.ndarray]
_LATEST = datetime.max.replace(tzinfo=UTC)


def _published_key(article: Article) -> datetime:
    if article.published is None:
        return _LATEST
    return article.published if article.published.tzinfo else article.published.replace(tzinfo=UTC)


def _original(article_id: str, copies: dict[str, str]) -> str:
    """The article a syndicated copy ultimately copies (chains resolved, loops cut)."""
    seen = {article_id}
    while article_id in copies and copies[article_id] not in seen:
        article_id = copies[article_id]
        seen.add(article_id)
    return article_id


def _claim_id(story_id: str, support: list[Evidence]) -> str:
    key = story_id + "|" + "|".join(sorted(f"{e.article_id}:{e.sentence_index}" for e in support))
    return "c-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _evidence(article: Article, index: int) -> Evidence:
    sentence = article.sentences[index]
    return Evidence(article.id, index, sentence.char_start, sentence.char_end, sentence.text)


def _claim(
    group: ClaimGroup,
    alignment: Alignment,
    material: StoryMaterial,
    options: CompareOptions,
    order: dict[str, int],
    weight: dict[int, float],
) -> Claim:
    infos = [alignment.sentences[r] for r in group.rows]

    def preference(row: int) -> tuple[bool, bool, datetime, int, float]:
        info = alignment.sentences[row]
        wanted = options.language is None or info.article.language == options.language
        return (
            not wanted,
            info.article.id in material.copies,
            _published_key(info.article),
            order[info.article.id],
            -weight.get(row, 0.0),
        )

    own = [r for r in group.rows if r not in group.partial]
    best = alignment.sentences[min(own, key=preference)]
    support = [_evidence(i.article, i.index) for i in sorted(infos, key=lambda i: (order[i.article.id], i.index))]
    sources = len({_original(i.article.id, material.copies) for i in infos})
    conflicts = group_conflicts(group, alignment, material, options)
    status: ClaimStatus = "conflicting" if conflicts else ("corroborated" if sources >= 2 else "single_source")
    return Claim(
        claim_id=_claim_id(material.story_id, support),
        text=best.text,
        status=status,
        sources=sources,
        support=support,
        conflicts=conflicts,
    )


def _add_conflict(claim: Claim, conflict: Conflict) -> None:
    """Attach a conflict found across claims; one about a slot the claim already disputes extends that one."""
    same = next((k for k in claim.conflicts if k.slot == conflict.slot and k.note == conflict.note), None)
    if same is None:
        claim.conflicts.append(conflict)
    else:
        seen = {(v.article_id, v.sentence_index, v.value) for v in same.values}
        same.values += [v for v in conflict.values if (v.article_id, v.sentence_index, v.value) not in seen]
    claim.status = "conflicting"


def _entities(material: StoryMaterial) -> list[BriefEntity]:
    types: dict[str, Counter[str]] = {}
    surfaces: dict[str, set[str]] = {}
    articles: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    for article in material.articles:
        for m in material.mentions.get(article.id, []):
            types.setdefault(m.canonical, Counter())[m.type] += 1
            surfaces.setdefault(m.canonical, set()).add(m.text)
            listed = articles.setdefault(m.canonical, [])
            if article.id not in listed:
                listed.append(article.id)
            counts[m.canonical] += 1
    names = sorted(counts, key=lambda n: (-len(articles[n]), -counts[n], n))
    return [
        BriefEntity(name=n, type=types[n].most_common(1)[0][0], aliases=sorted(surfaces[n] - {n}), articles=articles[n])
        for n in names
    ]


def _default_embed() -> Embed:
    """The project's default embedder's ``embed``, loaded on the first call: a story with no quotes and no span to test
    never loads a model."""
    loaded: list[Embed] = []

    def embed(texts: list[str]) -> np.ndarray:
        if not loaded:
            from ..embed.factory import make_embedder

            loaded.append(make_embedder().embed)
        return loaded[0](texts)

    return embed


def _quotes(material: StoryMaterial, ordered: list[Article], embed: Embed) -> list[BriefQuote]:
    from .quotes import merge_quotes

    by_article = {a.id: _quotes_within_sentences(a, material) for a in ordered}
    return merge_quotes(by_article, embed, material.copies)


def _quotes_within_sentences(article: Article, material: StoryMaterial) -> list[BriefQuote]:
    """The article's quotes that start within the sentences comparison sees: a very long article's sentences are cut
    (pipeline.MAX_COMPARE_SENTENCES), and its quotes with them, because merging quotes compares every pair across a
    story's articles (a 300 KB article's ~1,200 quotes took 45 s to merge; its first 400 sentences' quotes 1 s)."""
    from .quotes import find_quotes

    end = article.sentences[-1].char_end if article.sentences else 0
    return [
        q for q in find_quotes(article, material.mentions.get(article.id, []), article.language) if q.char_start < end
    ]


def build_brief(
    material: StoryMaterial, options: CompareOptions | None = None, embed: Embed | None = None
) -> StoryBrief:
    """Compare what every source of a story says. ``embed`` (texts -> unit rows) matches quotes across languages and
    tests spans of sentences in claim alignment (spans.py); by default the project's default embedder is loaded for
    it when first needed, so pass the run's embedder to load models once."""
    options = options or CompareOptions()
    embed = embed or _default_embed()
    ordered = sorted(material.articles, key=lambda a: (_published_key(a), a.id in material.copies))
    order = {a.id: i for i, a in enumerate(ordered)}
    dates = resolve_dates(material)
    alignment = align(material, options, {aid: info.sentences for aid, info in dates.items()}, embed)
    vectors = (
        np.vstack([material.sentence_vectors[s.article.id][s.index] for s in alignment.sentences])
        if alignment.sentences
        else np.zeros((0, 1), dtype=np.float32)
    )
    central = centrality(vectors, [s.index for s in alignment.sentences])
    weight = {s.row: float(central[s.row]) for s in alignment.sentences}
    claims = [_claim(g, alignment, material, options, order, weight) for g in alignment.groups]
    events = Counter(d.isoformat() for d in material.event_dates.values() if d is not None)
    if not events:
        events = Counter(info.event for info in dates.values() if info.event)
    event_date = events.most_common(1)[0][0] if events else None
    for index, conflict in cross_claim_conflicts(alignment, material, options, event_date[:4] if event_date else None):
        _add_conflict(claims[index], conflict)
    by_id = {a.id: a for a in material.articles}
    for claim in claims:
        separate_updates(claim, by_id)
    claim_weight = {c.claim_id: max(weight[r] for r in g.rows) for c, g in zip(claims, alignment.groups, strict=True)}
    partial = frozenset(c.claim_id for c, g in zip(claims, alignment.groups, strict=True) if g.partial)
    for found in caption_conflicts(material, dates):
        support = [Evidence(found.article_id, -1, -1, -1, found.caption)]
        claims.append(
            Claim(
                claim_id=_claim_id(material.story_id, support),
                text=found.caption,
                status="conflicting",
                sources=1,
                support=support,
                conflicts=[found.conflict],
            )
        )
    claims.sort(key=lambda c: (-c.sources, min((order[e.article_id], e.sentence_index) for e in c.support)))
    title_article = next(
        (a for a in ordered if a.id not in material.copies and a.title), ordered[0] if ordered else None
    )
    return StoryBrief(
        story_id=material.story_id,
        title=title_article.title if title_article else "",
        event_date=event_date,
        languages=sorted({a.language for a in material.articles if a.language}),
        articles=[brief_article(a, material.copies) for a in ordered],
        independent_sources=len({_original(a.id, material.copies) for a in material.articles}),
        entities=_entities(material),
        quotes=_quotes(material, ordered, embed),
        claims=claims,
        summary=build_summary(claims, claim_weight, options.summary_sentences, partial),
    )
