"""Incremental story grouping: articles join stories in publication order; stories merge when evidence accumulates.

Each article is compared only with the candidates retrieval proposes (candidates.py), so cost per article does not grow
with the corpus. It joins a story at once when its mean same-event probability over the story's ``link_members``
best-matching members is near-certain (``join_threshold``); otherwise it starts its own. After the articles of a run are
placed, stories linked by a candidate pair merge, strongest first, while their average link (mean probability over
sampled member pairs, i.e. average-link clustering over the candidate graph) reaches ``merge_threshold``: evidence that
arrives late joins what early, thin evidence kept apart. Given the same input and ``existing`` state the result is
identical.

Story ids come from their oldest member (``"s-" + article id``) and never change; when two stories merge the older id
survives and the other is recorded as its alias.
"""

from __future__ import annotations

import heapq
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from ..errors import ConfigError
from .candidates import EmbeddingIndex, KeyIndex, embedding_matrix, nearest
from .features import GroupDoc, TermStats, Weighted, local_frequencies, minhash_of, prepare, weigh
from .helper import HELPER_CHUNK, HELPER_MIN_ARTICLES, HELPER_SHARE, PairScorer
from .options import GroupOptions
from .similarity import pair_probability, publication_gap, surname
from .stored import LazyDocs, LocalCounts, local_counts

K = TypeVar("K", int, tuple[int, int])
V = TypeVar("V")

log = logging.getLogger(__name__)

STORY_PREFIX = "s-"
#: Entries kept in the per-run caches of weighted vectors and pair probabilities before the older half (by position)
#: is dropped. Scoring touches recent articles (candidates come from the time window), so a bounded cache keeps nearly
#: all its hits while memory stays flat: ~5 KB per weighted article, ~150 bytes per cached pair. Results do not depend
#: on it. (Emptying it whole instead made a 100k-article run weigh each article six times: 604k weighings.)
CACHE_LIMIT = 50_000
#: Weighted vectors kept per run before the cache is pruned. Candidates come from the publication window behind the
#: article being placed, so pruning first drops the articles published more than a window before it (asked for again
#: only when two old stories merge), then, if that is not enough, the older half. With ``CACHE_LIMIT`` and older-half
#: eviction alone, a 100k-record run at 2,000 articles a day (60k in a 30-day window) weighed each article 2.7 times
#: (273k weighings, a sixth of the run); with this bound and window pruning, once. It bounds memory for feeds denser
#: than that (~5-20 KB per weighted article: 100k of them 0.5-2 GB).
WEIGHT_CACHE_LIMIT = 100_000
#: Index width used while no article has an embedding (all rows zero); replaced as soon as one arrives.
NO_EMBEDDING_DIM = 1
#: Members sampled from each side when two stories' average link is measured: 12 x 12 pairs bound the cost of one
#: merge test while averaging over enough reports that one odd article cannot decide it.
MERGE_SAMPLE = 12
#: A story's protagonists (people named in the title or lead of most of its reports) are only trusted once this many
#: of its reports name someone there; two stories with trusted, disjoint protagonists never merge. B3 F1 on ECB+
#: train / dev / all topics: no veto 0.924 / 0.943 / 0.922; 2 reports 0.918 / 0.928 / 0.918; 3 reports 0.924 / 0.943 /
#: 0.928; 4 the same as 3 (selected on train; all topics gain because two same-team arrests stay apart there too).
PROTAGONIST_MIN_REPORTS = 3
#: Oldest members a story's protagonists are read from: the reports that defined the story, and a bound on the
#: articles a restored state must load for the check (ECB+ stories have at most 30 members; unchanged there).
PROTAGONIST_SAMPLE = 2 * MERGE_SAMPLE


@dataclass(slots=True)
class GroupState:
    """Everything needed to continue grouping later: the articles so far, in processing order, and the stories.

    ``stories`` maps each live story id to its member ids (processing order); ``aliases`` maps a merged-away id to the
    id it merged into; ``duplicates`` maps a copy to the earlier article it copies. ``neighbours`` holds each article's
    nearest articles by embedding (positions in ``docs``), which define the neighbourhood its terms are weighted in.
    A state restored from storage holds its earlier articles as ``stored.LazyDocs`` (loaded when first touched).
    """

    docs: list[GroupDoc] | LazyDocs = field(default_factory=list)
    stories: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)
    neighbours: list[npt.NDArray[np.int32]] = field(default_factory=list)
    stats: TermStats = field(default_factory=TermStats)
    # Lookups kept between runs so that adding a few articles does not rebuild them from the whole corpus.
    positions: dict[str, int] = field(default_factory=dict)  # article id -> index in docs
    story_of: dict[str, str] = field(default_factory=dict)  # article id -> story id it joined (resolve for live)
    first_position: dict[str, int] = field(default_factory=dict)  # story id -> position of its oldest member
    index: EmbeddingIndex | None = None
    keys: KeyIndex | None = None
    record_keys: bool = False  # keep what storage saves of each placed article: index keys, neighbourhood counts
    local_counts: dict[int, LocalCounts | None] = field(default_factory=dict)  # position -> counts, when recording
    #: the saved neighbour lists (lengths, positions bytes) of a restored state: of its first len(docs) articles
    saved_neighbours: tuple[bytes, bytes] | None = None


@dataclass(slots=True)
class GroupResult:
    assignments: dict[str, str]  # article id -> live story id
    stories: dict[str, list[str]]  # live story id -> member article ids
    aliases: dict[str, str]  # merged-away story id -> the live story id it is now part of
    duplicates: dict[str, str]  # article id -> the earlier article it copies
    warnings: list[str]
    state: GroupState
    moved: dict[str, str] = field(default_factory=dict)  # earlier runs' articles whose story merged -> live story
    scored_elsewhere: int = 0  # candidate pairs a helper process scored (helper.py)

    def resolve(self, story_id: str) -> str:
        """The live id of a story id, following merges."""
        while story_id in self.aliases:
            story_id = self.aliases[story_id]
        return story_id

    def independent_sources(self, story_id: str) -> int:
        """Members that are not copies of another article."""
        return sum(1 for m in self.stories[self.resolve(story_id)] if m not in self.duplicates)


def _sort_key(doc: GroupDoc) -> tuple[int, datetime, str]:
    if doc.published is None:
        return (1, datetime.min, doc.id)
    ts = doc.published
    if ts.tzinfo is not None:
        ts = ts.astimezone(UTC).replace(tzinfo=None)
    return (0, ts, doc.id)


class _Grouper:
    def __init__(self, state: GroupState, options: GroupOptions, dim: int, workers: int = 1) -> None:
        self.state = state
        self.workers = workers
        self.options = options
        self.dim = dim
        if len(state.positions) != len(state.docs):  # a state restored from storage: rebuild its lookups once
            state.positions = {d.id: i for i, d in enumerate(state.docs)}
            state.story_of = {m: s for s, ms in state.stories.items() for m in ms}
            state.first_position = {s: min(state.positions[m] for m in ms) for s, ms in state.stories.items()}
        self.pos_of = state.positions
        self.story_of = state.story_of
        self.first_pos = state.first_position
        self._weights: dict[int, Weighted] = {}
        self._placing: int | None = None  # position of the article being placed (what the weight cache prunes by)
        self._probabilities: dict[tuple[int, int], float] = {}
        self.strong_links: list[tuple[int, int]] = []
        self._protagonists: dict[str, tuple[int, set[str] | None]] = {}  # story id -> (size when computed, result)
        self.earlier = len(state.docs)  # articles placed by earlier runs
        self._lazy = isinstance(state.docs, LazyDocs)  # asked once: an ABC instance check is slow on a hot path
        self._window = options.time_window_days
        self.moved: set[str] = set()  # of those, the ones whose story merged into another during this run
        self.warnings: list[str] = []
        self.scored_elsewhere = 0  # pairs the helper process scored

    def weighted(self, pos: int) -> Weighted:
        w = self._weights.get(pos)
        if w is None:
            if len(self._weights) >= WEIGHT_CACHE_LIMIT:
                self._prune_weights()
            w = self._weights[pos] = weigh(self.state.docs[pos], self.state.stats, self.neighbourhood(pos))
        return w

    def _prune_weights(self) -> None:
        """Drop the weighted vectors of articles published more than a window before the one being placed (later
        articles, placed in publication order, cannot have them as candidates), then the older half if still full."""
        cache, docs = self._weights, self.state.docs
        if self._placing is not None and docs[self._placing].published is not None:
            now = self._placing
            stale = [p for p in cache if p < now and not self.within_window(now, p)]
            for p in stale:
                del cache[p]
        if len(cache) >= WEIGHT_CACHE_LIMIT // 2:
            _forget_older_half(cache)

    def neighbourhood(self, pos: int) -> tuple[Counter[str], int] | None:
        """Term document frequencies over the article's nearest articles (earlier runs' read without loading them;
        an earlier run's article's own counts come saved: its neighbours and their terms never change)."""
        docs = self.state.docs
        if isinstance(docs, LazyDocs) and docs.saved(pos):
            return docs.saved_local(pos)
        neighbours = self.state.neighbours[pos]
        result: tuple[Counter[str], int] | None = None
        if len(neighbours):
            own = docs[pos].terms.keys()
            positions = neighbours.tolist()
            if isinstance(docs, LazyDocs):
                result = docs.local_frequencies(positions, own)
            else:
                result = local_frequencies([docs[n] for n in positions], own)
        if self.state.record_keys:
            self.state.local_counts[pos] = local_counts(docs[pos].terms, result)
        return result

    def published(self, pos: int) -> datetime | None:
        """Publication time of an article, without loading an earlier run's article for it."""
        if self._lazy:
            return self.state.docs.published_at(pos)  # type: ignore[union-attr]
        return self.state.docs[pos].published

    def within_window(self, a: int, b: int) -> bool:
        gap = publication_gap(self.published(a), self.published(b))
        return gap is None or gap <= self._window

    def probability(self, a: int, b: int) -> float:
        key = (a, b) if a < b else (b, a)
        p = self._probabilities.get(key)
        if p is None:
            docs = self.state.docs
            p = pair_probability(docs[a], docs[b], self.weighted(a), self.weighted(b))
            self.remember(key, p)
        return p

    def remember(self, key: tuple[int, int], p: float) -> None:
        if len(self._probabilities) >= CACHE_LIMIT:
            _forget_older_half(self._probabilities)
        self._probabilities[key] = p

    def resolve(self, sid: str) -> str:
        aliases = self.state.aliases
        root = sid
        while root in aliases:
            root = aliases[root]
        while sid in aliases and aliases[sid] != root:  # path compression keeps later lookups O(1)
            aliases[sid], sid = root, aliases[sid]
        return root

    def add(self, new_docs: list[GroupDoc]) -> None:
        """Place the new articles batch by batch, each batch's nearest neighbours found among the articles up to its
        end. The next batch's embeddings go into the index and are searched on a second thread while this batch is
        placed (faiss releases the GIL; placing is Python), so the index costs little wall time at any size; the
        index sees the same vectors in the same order either way, so the neighbours do not depend on the timing.
        With ``workers`` > 1 and enough new articles, a helper process scores part of each batch's candidate pairs
        (helper.py); the stories are the same."""
        offset = len(self.state.docs)
        self.index(new_docs)
        bs = self.options.batch_size
        batches = [range(s, min(s + bs, len(self.state.docs))) for s in range(offset, len(self.state.docs), bs)]
        if not batches:
            return
        # forked before the search thread below starts
        scorer = self.start_helper(offset) if self.workers > 1 and len(new_docs) >= HELPER_MIN_ARTICLES else None
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="storyweave-ann") as ann:
                pending = ann.submit(self.neighbours_of, batches[0])
                for i, batch in enumerate(batches):
                    self.state.neighbours.extend(pending.result())
                    if i + 1 < len(batches):
                        pending = ann.submit(self.neighbours_of, batches[i + 1])
                    self.prefetch(batch, offset)
                    if scorer is None:
                        for pos in batch:
                            self.assign(pos, self.candidates(pos))
                    else:
                        for pos, cands in zip(batch, self.score_ahead(batch, scorer), strict=True):
                            self.assign(pos, cands)
                    # Merge after every batch, while the pairs the merge tests read are still in the probability
                    # cache: one pass at the end re-scored most of them (100k synthetic records: 21.5x the 10k time).
                    self.merge_pass()
        finally:
            if scorer is not None:
                scorer.close()
                self.scored_elsewhere = scorer.scored
                if scorer.failure:
                    self.warnings.append(scorer.failure)

    def start_helper(self, offset: int) -> PairScorer:
        """The helper process, holding the articles in memory (an earlier run's, loaded lazily, are sent as needed)."""
        docs = self.state.docs
        if isinstance(docs, LazyDocs):
            return PairScorer({p: docs[p] for p in range(offset, len(docs))})
        return PairScorer(dict(enumerate(docs)))

    def score_ahead(self, batch: range, scorer: PairScorer) -> list[list[int]]:
        """Each article's candidates (as ``assign`` reads them), and their probabilities in the cache: the pairs of
        the batch's first ``HELPER_SHARE`` articles scored by the helper, chunk by chunk as they are found, the rest
        here meanwhile. Candidates come from the indexes alone, so finding them all first changes nothing."""
        split = batch.start + math.ceil(len(batch) * HELPER_SHARE)
        candidates: list[list[int]] = []
        handed: list[tuple[int, int]] = []
        own: list[tuple[int, int]] = []
        for pos in batch:
            self._placing = pos
            cands = self.candidates(pos)
            candidates.append(cands)
            for c in cands:
                key = (pos, c) if pos < c else (c, pos)
                if key not in self._probabilities and self.within_window(pos, c):
                    (handed if pos < split else own).append(key)
            if pos < split and (len(candidates) % HELPER_CHUNK == 0 or pos + 1 == split):
                scorer.submit(handed, self.weighted, self.state.docs.__getitem__)
                handed = []
        # the copy check makes nearly every article's MinHash (~0.17 ms each): the helper makes the batch's last
        docs = self.state.docs
        scorer.submit_minhashes([pos for pos in batch if docs[pos].minhash is None])
        for a, b in own:
            self.probability(a, b)
        for key, p in scorer.collect():
            self.remember(key, p)
        for pos, minhash in scorer.collect_minhashes():
            if docs[pos].minhash is None:
                docs[pos].minhash = minhash
        return candidates

    def index(self, new_docs: list[GroupDoc]) -> None:
        """Take in the new articles; make the indexes of a state that lacks them (from the earlier articles)."""
        state = self.state
        offset = len(state.docs)
        state.docs.extend(new_docs)
        for i, doc in enumerate(new_docs):
            self.pos_of[doc.id] = offset + i
        bs = self.options.batch_size
        del state.neighbours[offset:]  # only earlier articles' neighbourhoods are kept; new ones come batch by batch
        if state.index is None or state.index.dim != self.dim:  # first run, a state restored without it, new width
            state.index = EmbeddingIndex(self.dim, self.options)
            for start in range(0, offset, bs):
                state.index.add(embedding_matrix(state.docs[start : min(start + bs, offset)], self.dim))
        if state.keys is None:
            state.keys = KeyIndex(self.options, record=state.record_keys)
            for pos in range(offset):
                state.keys.add(pos, KeyIndex.keys(self.weighted(pos)))

    def neighbours_of(self, batch: range) -> list[npt.NDArray[np.int32]]:
        """Add a batch of (new, in-memory) articles to the embedding index and find their nearest neighbours.
        Touches only the index and the batch, so it may run beside ``assign`` (which reads neither)."""
        assert self.state.index is not None
        vectors = embedding_matrix([self.state.docs[p] for p in batch], self.dim)
        self.state.index.add(vectors)
        return nearest(self.state.index, vectors, batch, self.options.ann_neighbours)

    def prefetch(self, batch: range, offset: int) -> None:
        """Load in bulk the earlier runs' articles this batch will likely score (a restored state only)."""
        state = self.state
        if not isinstance(state.docs, LazyDocs) or state.keys is None:
            return
        likely: set[int] = set()
        for pos in batch:
            near = [int(n) for n in state.neighbours[pos] if n < offset]
            near += state.keys.search(KeyIndex.keys(self.weighted(pos)), self.options.index_neighbours)
            likely.update(c for c in near if c < offset and self.within_window(pos, c))  # the others are not scored
        state.docs.prefetch(likely)

    def candidates(self, pos: int) -> list[int]:
        """The earlier articles ``pos`` is compared with: its nearest by embedding, then the best by shared keys; its
        own keys then go into the key index (so articles are taken in position order)."""
        state = self.state
        assert state.keys is not None
        self._placing = pos
        keys = KeyIndex.keys(self.weighted(pos))
        cands = dict.fromkeys(int(n) for n in state.neighbours[pos] if n < pos)
        cands.update(dict.fromkeys(state.keys.search(keys, self.options.index_neighbours)))
        state.keys.add(pos, keys)
        return list(cands)

    def assign(self, pos: int, cands: list[int]) -> None:
        state = self.state
        doc = state.docs[pos]
        self._placing = pos
        scored: list[tuple[int, float]] = []
        for c in cands:
            if self.within_window(pos, c):
                p = self.probability(pos, c)
                scored.append((c, p))
                if p >= self.options.merge_threshold:  # weaker pairs cannot lift an average to it
                    self.strong_links.append((pos, c))
        self.mark_duplicate(doc, sorted(c for c, p in scored if p >= self.options.merge_threshold))
        by_story: defaultdict[str, list[float]] = defaultdict(list)
        for c, p in scored:
            by_story[self.resolve(self.story_of[state.docs[c].id])].append(p)
        best: tuple[float, int, str] | None = None
        for sid, probs in by_story.items():
            link = (self.link(probs, sid), -self.first_pos[sid], sid)
            if best is None or link > best:
                best = link
        if best is not None and best[0] >= self.options.join_threshold:
            target = best[2]
            state.stories[target].append(doc.id)
        else:
            target = STORY_PREFIX + doc.id
            if target in state.stories or target in state.aliases:  # one id seen twice: keep story ids unique
                target = f"{target}-{pos}"
            state.stories[target] = [doc.id]
            self.first_pos[target] = pos
        self.story_of[doc.id] = target

    def story_link(self, a: str, b: str) -> float:
        """Average same-event probability over sampled member pairs of two stories (oldest members first)."""
        ma = [self.pos_of[m] for m in self.state.stories[a][:MERGE_SAMPLE]]
        mb = [self.pos_of[m] for m in self.state.stories[b][:MERGE_SAMPLE]]
        total = 0.0
        for x in ma:
            for y in mb:
                if self.within_window(x, y):
                    total += self.probability(x, y)
        return total / (len(ma) * len(mb))

    def merge_pass(self) -> None:
        """Greedy average-link merging of the stories the strong pairs found since the last pass connect, strongest
        first."""
        version: defaultdict[str, int] = defaultdict(int)
        adjacent: defaultdict[str, set[str]] = defaultdict(set)
        links, self.strong_links = self.strong_links, []
        for x, y in links:
            sx = self.resolve(self.story_of[self.state.docs[x].id])
            sy = self.resolve(self.story_of[self.state.docs[y].id])
            if sx != sy:
                adjacent[sx].add(sy)
                adjacent[sy].add(sx)
        heap: list[tuple[float, str, str, int, int]] = []

        def push(a: str, b: str) -> None:
            a, b = sorted((a, b))
            if self.protagonists_differ(a, b):
                return
            score = self.story_link(a, b)
            if score >= self.options.merge_threshold:
                heapq.heappush(heap, (-score, a, b, version[a], version[b]))

        for a in sorted(adjacent):
            for b in sorted(adjacent[a]):
                if a < b:
                    push(a, b)
        while heap:
            _, a, b, va, vb = heapq.heappop(heap)
            if a not in self.state.stories or b not in self.state.stories:
                continue
            if va != version[a] or vb != version[b]:
                push(a, b)  # one side grew since it was scored: score again
                continue
            keep = self.merge(a, b)
            version[keep] += 1
            drop = b if keep == a else a
            neighbours = (adjacent.pop(a, set()) | adjacent.pop(b, set())) - {a, b}
            adjacent[keep] = {self.resolve(n) for n in neighbours} - {keep}
            for other in sorted(adjacent[keep]):
                adjacent[other].discard(drop)
                adjacent[other].add(keep)
                push(keep, other)
        if self.options.attach_singletons:
            self.attach_singletons(links)

    def attach_singletons(self, links: list[tuple[int, int]]) -> None:
        """Each story of one report that a strong pair of this pass connects to another story joins the connected
        story with the best link, when that link reaches the merge threshold: the mean of the report's
        ``link_members`` best probabilities with the story's members, as when an article joins a story, at the
        decision cut (``GroupOptions.attach_singletons``). Strongest pairs first, ties by story id, so the result does
        not depend on the order the pairs were found in."""
        docs, stories = self.state.docs, self.state.stories
        partners: defaultdict[str, set[int]] = defaultdict(set)
        strongest: dict[str, float] = {}
        for x, y in links:
            for a, b in ((x, y), (y, x)):
                alone = self.resolve(self.story_of[docs[a].id])
                if len(stories[alone]) == 1 and self.resolve(self.story_of[docs[b].id]) != alone:
                    partners[alone].add(b)
                    strongest[alone] = max(strongest.get(alone, 0.0), self.probability(a, b))
        for alone in sorted(partners, key=lambda sid: (-strongest[sid], sid)):
            if alone not in stories or len(stories[alone]) != 1:
                continue  # another report attached to it first: it is a story of two now
            pos = self.pos_of[stories[alone][0]]
            best: tuple[float, str] | None = None
            for target in sorted({self.resolve(self.story_of[docs[b].id]) for b in partners[alone]} - {alone}):
                link = self.attach_link(pos, target, partners[alone])
                if link >= self.options.merge_threshold and (best is None or link > best[0]):
                    best = (link, target)
            if best is not None:
                self.merge(alone, best[1])

    def attach_link(self, pos: int, sid: str, partners: set[int]) -> float:
        """Mean of the ``link_members`` best same-event probabilities of the article at ``pos`` with the story's
        members (its sampled oldest members and its strong partners there)."""
        members = self.state.stories[sid]
        sampled = {self.pos_of[m] for m in members[:MERGE_SAMPLE]}
        sampled.update(b for b in partners if self.resolve(self.story_of[self.state.docs[b].id]) == sid)
        return self.link([self.probability(pos, m) for m in sampled if self.within_window(pos, m)], sid)

    def link(self, probabilities: list[float], sid: str) -> float:
        """An article's link to a story: the mean of its ``link_members`` best probabilities with the story's members
        (of all of them when the story is smaller; a member not scored counts 0)."""
        n = min(self.options.link_members, len(self.state.stories[sid]))
        return sum(sorted(probabilities, reverse=True)[:n]) / n

    def protagonists(self, sid: str) -> set[str] | None:
        """Surnames of the people most of a story's reports name in their title or lead; None when fewer than
        ``PROTAGONIST_MIN_REPORTS`` of its reports name anyone there. Cached until the story changes size (stories
        only grow: members join or stories merge).

        Only merges are checked, not an article joining a story: checking joins too cost B3 F1 0.002 on ECB+ train
        and 0.005 on all topics (a report whose lead names a different participant of the same event is common; a
        whole story led by different people is not)."""
        members = self.state.stories[sid]
        cached = self._protagonists.get(sid)
        if cached is not None and cached[0] == len(members):
            return cached[1]
        counts: Counter[str] = Counter()
        named = 0
        for m in members[:PROTAGONIST_SAMPLE]:
            people = self.state.docs[self.pos_of[m]].lead_people
            if people:
                named += 1
                counts.update({surname(p) for p in people})
        result = {p for p, c in counts.items() if c * 2 > named} if named >= PROTAGONIST_MIN_REPORTS else None
        self._protagonists[sid] = (len(members), result)
        return result

    def protagonists_differ(self, a: str, b: str) -> bool:
        """True when both stories have protagonists and none in common: then they are two events of one kind, however
        alike their words (two players of one team arrested for the same offence), and must not merge."""
        pa, pb = self.protagonists(a), self.protagonists(b)
        return pa is not None and pb is not None and bool(pa) and bool(pb) and not pa & pb

    def merge(self, a: str, b: str) -> str:
        keep, drop = (a, b) if (self.first_pos[a], a) <= (self.first_pos[b], b) else (b, a)
        members = self.state.stories.pop(drop)
        self.state.stories[keep] = list(heapq.merge(self.state.stories[keep], members, key=self.pos_of.__getitem__))
        self.state.aliases[drop] = keep  # older aliases of ``drop`` reach ``keep`` through it (see resolve)
        for m in members:
            self.story_of[m] = keep
            if self.pos_of[m] < self.earlier:
                self.moved.add(m)
        return keep

    def mark_duplicate(self, doc: GroupDoc, candidates: list[int]) -> None:
        """Record ``doc`` as a copy of the first candidate (by position) whose shingles it shares; ``candidates``
        are those scored at or above the merge threshold: a copy shares nearly all its words, so it always does, and
        no other pair needs a MinHash (making them for every candidate was a tenth of an incremental run)."""
        own = minhash_of(doc) if candidates else None
        if own is None:
            return
        for c in candidates:
            other = self.state.docs[c]
            theirs = minhash_of(other)
            if theirs is not None and own.jaccard(theirs) >= self.options.duplicate_jaccard:
                self.state.duplicates[doc.id] = self.state.duplicates.get(other.id, other.id)
                return


def _forget_older_half(cache: dict[K, V]) -> None:
    """Empty half a cache, keeping its most recent positions: candidates come from a time window behind the article
    being placed, so recent articles are the ones asked for again (clearing it all made a 100k-article run weigh
    every article six times over)."""
    for key in sorted(cache)[: len(cache) // 2]:
        del cache[key]


def neighbourhood_weights(
    docs: Sequence[GroupDoc], options: GroupOptions
) -> tuple[list[Weighted], list[npt.NDArray[np.int32]]]:
    """The weighted vectors ``group`` would score ``docs`` with, and each one's nearest neighbours (for fitting)."""
    state = GroupState()
    prepared = [prepare(d) for d in docs]
    state.stats.add(prepared)
    dims = {d.embedding.shape[0] for d in prepared if d.embedding is not None}
    grouper = _Grouper(state, options, dims.pop() if dims else NO_EMBEDDING_DIM)
    grouper.index(prepared)
    for start in range(0, len(prepared), options.batch_size):
        state.neighbours.extend(grouper.neighbours_of(range(start, min(start + options.batch_size, len(prepared)))))
    return [grouper.weighted(i) for i in range(len(prepared))], state.neighbours


def group(
    docs: Sequence[GroupDoc], options: GroupOptions, existing: GroupState | None = None, workers: int = 1
) -> GroupResult:
    """Group ``docs`` into stories, continuing from ``existing`` (which is updated in place) when given. With
    ``workers`` > 1 a helper process scores candidate pairs beside this one (helper.py): only where this process may
    fork, i.e. no other thread of the caller's runs; the result is the same.

    Articles already in ``existing`` are skipped. Term statistics take in the whole batch before any article is placed,
    so idf reflects the corpus being grouped.
    """
    state = existing if existing is not None else GroupState()
    seen = state.positions if len(state.positions) == len(state.docs) else {d.id for d in state.docs}
    new_ids: set[str] = set()
    new_docs: list[GroupDoc] = []
    for doc in sorted(docs, key=_sort_key):
        if doc.id not in seen and doc.id not in new_ids:
            new_ids.add(doc.id)
            new_docs.append(prepare(doc))
    warnings = [
        f"{d.id}: embedder does not cover language {d.language!r}; grouped on lexical and entity evidence only"
        for d in new_docs
        if not d.embedding_trusted
    ]
    for message in warnings:
        log.warning(message)
    dims = {d.embedding.shape[0] for d in new_docs if d.embedding is not None}
    if state.index is not None and state.index.size and state.index.dim != NO_EMBEDDING_DIM:
        dims.add(state.index.dim)
    if len(dims) > 1:
        raise ConfigError(f"articles carry embeddings of different sizes {sorted(dims)}: re-embed with one embedder")
    dim = dims.pop() if dims else (state.index.dim if state.index is not None else NO_EMBEDDING_DIM)
    state.stats.add(new_docs)
    grouper = _Grouper(state, options, dim, workers)
    grouper.add(new_docs)
    warnings.extend(grouper.warnings)
    return GroupResult(
        assignments=dict(state.story_of),  # kept live by merge: one C-level copy instead of a walk over all stories
        stories={k: list(v) for k, v in state.stories.items()},
        aliases={alias: grouper.resolve(alias) for alias in state.aliases},
        duplicates=dict(state.duplicates),
        warnings=warnings,
        state=state,
        moved={m: state.story_of[m] for m in sorted(grouper.moved)},
        scored_elsewhere=grouper.scored_elsewhere,
    )
