"""Scoring candidate pairs in a second process while grouping goes on in this one.

Grouping places articles one by one in Python, on one core. Most of its time is the same-event probability of each
candidate pair, and the candidates come from the indexes (embedding neighbours, the entity and rare-term index), not
from the stories formed so far: a batch's pairs are known before any of its articles is placed. So the grouper finds
a batch's candidates first, hands the pairs of its first articles to a helper process, scores the rest itself, and
then places the articles reading the probabilities back from its cache.

The helper is one process forked when grouping starts, before the index search thread starts (no thread of ours runs
during the fork); it inherits the articles being grouped, and each task brings the weighted vectors (and any earlier
run's article) it lacks. It runs the same code on the same inputs with BLAS on one thread, as this process does, so
every probability is the same float whichever process computed it. It writes nothing and keeps no state beyond the
run. A pair it cannot score comes back as None and is scored here, where its exception arises as it always did (the
pipeline's per-article boundary then isolates the article); when the helper dies or a task fails, what it had not
returned is scored here and the failure is reported as a warning, never waited on forever.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from threadpoolctl import threadpool_limits

from ..engines.local import exit_with_parent
from ..store.problems import reason_of
from .features import GroupDoc, Weighted, minhash_of
from .similarity import pair_probability

log = logging.getLogger(__name__)

Pair = tuple[int, int]
K = TypeVar("K")
V = TypeVar("V")

#: New articles a grouping run needs before it starts a helper: forking the run's process (~1.5 GB with the annotate
#: and embed models loaded) and shipping each article's weighted vectors cost ~30 ms, about what 1,000 pairs (~60
#: articles' candidates) take to score, so small increments stay in one process. 772 ECB+ articles: 13,294 pairs.
HELPER_MIN_ARTICLES = 200
#: Share of a batch's articles whose candidate pairs the helper scores, the first ones. This process meanwhile finds
#: the candidates of the whole batch (weighing every article: ~0.45 s CPU on the 772 ECB+ articles), then scores the
#: pairs of the rest and places the articles; later articles have more candidates (more earlier ones to match), so
#: 80% of the articles give the helper two thirds of the pairs (8,596 of 12,866 on ECB+). Calibrated there by CPU up
#: to the point this process collects the helper's results (wall times were other jobs' that hour): at 0.9 the
#: helper's ~1.0 s (10,632 pairs, the MinHashes, reading the vectors it is sent) outlasted this process's ~0.7 s; at
#: 0.8, ~0.85 s against ~0.75 s; at 0.65 the helper idled. Grouping-process CPU of the stage 1.84-2.6 s alone ->
#: 1.43-1.67 s with the helper (load 2-6).
HELPER_SHARE = 0.8
#: Articles whose pairs go to the helper in one task: the helper starts on the first chunk while this process is
#: still finding the candidates of the next (one task per batch left the helper idle for that time).
HELPER_CHUNK = 128
#: BLAS threads in the helper: one, as grouping's (pipeline.GROUP_BLAS_THREADS), so products are computed alike.
HELPER_BLAS_THREADS = 1

# The helper's articles and weighted vectors by position: inherited at the fork, extended by each task.
_DOCS: dict[int, GroupDoc] = {}
_WEIGHTS: dict[int, Weighted] = {}


def _start(docs: Mapping[int, GroupDoc], parent: int) -> None:
    global _DOCS
    _DOCS = dict(docs)
    exit_with_parent(parent)
    threadpool_limits(limits=HELPER_BLAS_THREADS, user_api="blas")


def _score(pairs: list[Pair], weights: dict[int, Weighted], docs: dict[int, GroupDoc]) -> list[float | None]:
    """The probability of each pair; None for a pair that raised (the grouper scores it again, and fails there)."""
    _WEIGHTS.update(weights)
    _DOCS.update(docs)
    out: list[float | None] = []
    for a, b in pairs:
        try:
            out.append(pair_probability(_DOCS[a], _DOCS[b], _WEIGHTS[a], _WEIGHTS[b]))
        except Exception:  # the article's problem, reported where the grouper scores this pair itself
            out.append(None)
    return out


def _minhashes(positions: list[int]) -> list[Any]:
    """The ``GroupDoc.minhash`` value ``minhash_of`` leaves on each article (a MinHash, or ``NO_MINHASH``); None
    for an article it raised on (the grouper makes that one itself, and fails there)."""
    out: list[Any] = []
    for p in positions:
        try:
            minhash_of(_DOCS[p])
            out.append(_DOCS[p].minhash)
        except Exception:  # the article's problem, reported where the grouper makes this MinHash itself
            out.append(None)
    return out


class PairScorer:
    """A helper process that scores candidate pairs handed to it; ``collect`` gathers what it returned."""

    def __init__(self, docs: Mapping[int, GroupDoc]) -> None:
        """Fork the helper now (the caller makes sure no other thread of its own runs); it inherits ``docs``."""
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start,
            initargs=(docs, os.getpid()),
        )
        self._has_docs = set(docs)
        self._has_weights: set[int] = set()
        self._pending: list[tuple[list[Pair], Future[list[float | None]]]] = []
        self._minhash_tasks: list[tuple[list[int], Future[list[Any]]]] = []
        #: Why the helper stopped helping, once it has (a warning for the run's report).
        self.failure: str | None = None
        self.scored = 0  # pairs the helper scored
        self._ready: Future[int] | None = None
        try:
            self._ready = self._pool.submit(os.getpid)  # forks here, before the caller starts any thread
        except Exception as exc:  # the fork failed (out of memory, process limit): everything is scored here
            self._fail(exc)

    def submit(self, pairs: list[Pair], weighted: Callable[[int], Weighted], doc: Callable[[int], GroupDoc]) -> None:
        """Hand ``pairs`` to the helper with what it lacks of them; after a failure they stay for the caller."""
        if not pairs or self._pool is None:
            return
        positions = sorted({p for pair in pairs for p in pair})
        weights = {p: weighted(p) for p in positions if p not in self._has_weights}
        docs = {p: doc(p) for p in positions if p not in self._has_docs}
        self._has_weights.update(weights)
        self._has_docs.update(docs)
        try:
            self._pending.append((pairs, self._pool.submit(_score, pairs, weights, docs)))
        except Exception as exc:  # the pool broke (the helper died): these pairs stay for the caller
            self._fail(exc)

    def submit_minhashes(self, positions: list[int]) -> None:
        """Have the helper make the MinHashes of articles it holds (for the copy check, made on first use)."""
        if not positions or self._pool is None:
            return
        try:
            self._minhash_tasks.append((positions, self._pool.submit(_minhashes, positions)))
        except Exception as exc:  # the pool broke (the helper died): the caller makes them
            self._fail(exc)

    def collect_minhashes(self) -> list[tuple[int, Any]]:
        """Every (position, ``GroupDoc.minhash`` value) the helper returned; waits for it."""
        pending, self._minhash_tasks = self._minhash_tasks, []
        return self._gather(pending)

    def collect(self) -> list[tuple[Pair, float]]:
        """Every (pair, probability) the helper returned; waits for its tasks. Pairs missing here are the caller's."""
        pending, self._pending = self._pending, []
        results = self._gather(pending)
        self.scored += len(results)
        return results

    def _gather(self, pending: list[tuple[list[K], Future[list[V | None]]]]) -> list[tuple[K, V]]:
        """(key, value) for every answered task's keys whose value is not None; a task that failed (BrokenProcessPool
        when the helper died) stops the helper, and its keys are left to the caller."""
        results: list[tuple[K, V]] = []
        for keys, future in pending:
            try:
                values = future.result()
            except Exception as exc:
                self._fail(exc)
                continue
            results.extend((k, v) for k, v in zip(keys, values, strict=True) if v is not None)
        return results

    def _fail(self, exc: BaseException) -> None:
        if self.failure is None:
            self.failure = f"pair-scoring helper process failed ({reason_of(exc)}); the rest was scored in one process"
            log.warning(self.failure)
        self.close()

    def close(self) -> None:
        """Stop the helper (cancelling what it has not started); safe to call twice."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def pid(self) -> int | None:
        """The helper's process id (waits for it to start); None when it could not start."""
        return None if self._ready is None else self._ready.result()
