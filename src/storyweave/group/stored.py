"""Grouping state kept between runs: what the next run needs, saved whole, and earlier articles loaded on first use.

A ``cluster`` run over a store used to reload every grouped article and rebuild the embedding and key indexes before
placing the new ones: on a 100k-article store, most of the run. Instead each run saves its indexes, term statistics
and neighbour lists (``dump_state``) in the same transaction as its grouping rows, with a fingerprint of what they
describe; the next run restores them (``load_state``) when the fingerprint still matches the store, and loads only
the earlier articles grouping touches (``LazyDocs``: candidates and their neighbourhoods). Everything restored is
exactly what a rebuild computes (candidates.EmbeddingIndex is a function of the vector sequence; key postings and
term counts are appended in position order), so the stories are the same either way.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, overload

import numpy as np
import numpy.typing as npt

from ..errors import StoreError
from .candidates import HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH, HNSW_LINKS, INDEXED_TERMS, EmbeddingIndex, KeyIndex
from .features import GroupDoc, TermStats, local_frequencies
from .options import GroupOptions

if TYPE_CHECKING:
    from .cluster import GroupState

#: Version of the saved layout; a state saved in another layout is ignored (and rebuilt), never misread.
STATE_FORMAT = 1
#: Earlier articles per bulk load when a run fetches its likely candidates up front: the store's bulk loaders chunk
#: ``IN (...)`` queries at 500 ids, so one chunk is one query per table.
PREFETCH_CHUNK = 500


class LazyDocs(Sequence[GroupDoc]):
    """The articles of a grouping state by position: earlier runs' loaded from storage on first access; this run's
    held in memory.

    Grouping reads most earlier articles only for their term set (the neighbourhood an article's terms are weighted
    in), so those sets come from a compact saved table (``TermTable``) and ``local_frequencies`` answers from it:
    a full article is loaded only when it is a candidate of a new one or sampled in a merge.
    """

    def __init__(self, ids: Sequence[str], load: Callable[[list[str]], Iterable[GroupDoc]], terms: TermTable) -> None:
        self._ids = list(ids)
        self._load = load
        self._docs: list[GroupDoc | None] = [None] * len(self._ids)
        self.terms = terms
        self.loaded = 0  # earlier articles loaded so far (for benchmarks)

    def __len__(self) -> int:
        return len(self._docs)

    @overload
    def __getitem__(self, index: int) -> GroupDoc: ...

    @overload
    def __getitem__(self, index: slice) -> list[GroupDoc]: ...

    def __getitem__(self, index: int | slice) -> GroupDoc | list[GroupDoc]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        doc = self._docs[index]
        if doc is None:
            position = index if index >= 0 else index + len(self._docs)
            self.prefetch([position])
            doc = self._docs[position]
            if doc is None:
                raise StoreError(
                    f"article {self._ids[position]} is grouped but can no longer be loaded; regroup into a new database"
                )
        return doc

    def __iter__(self) -> Iterator[GroupDoc]:
        for i in range(len(self._docs)):
            yield self[i]

    def extend(self, docs: Iterable[GroupDoc]) -> None:
        self._docs.extend(docs)

    def prefetch(self, positions: Iterable[int]) -> None:
        """Load the earlier articles at ``positions`` not loaded yet, with bulk queries."""
        wanted = sorted({p for p in positions if p < len(self._ids) and self._docs[p] is None})
        for start in range(0, len(wanted), PREFETCH_CHUNK):
            chunk = wanted[start : start + PREFETCH_CHUNK]
            found = {d.id: d for d in self._load([self._ids[p] for p in chunk])}
            for p in chunk:
                self._docs[p] = found.get(self._ids[p])
            self.loaded += len(chunk)

    def local_frequencies(
        self, positions: Iterable[int], only: Collection[str] | None = None
    ) -> tuple[Counter[str], int]:
        """``features.local_frequencies`` of the articles at ``positions``, without loading them."""
        in_memory: list[GroupDoc] = []
        saved: list[int] = []
        for p in positions:
            doc = self._docs[p]
            if doc is None:
                saved.append(p)
            else:
                in_memory.append(doc)
        df, n = local_frequencies(in_memory, only)
        if saved:
            df.update(self.terms.frequencies(saved, only))
        return df, n + len(saved)


class TermTable:
    """The term set of each article by position, as ids into one vocabulary (what neighbourhood weighting reads)."""

    def __init__(
        self,
        vocabulary: list[str],
        offsets: npt.NDArray[np.int64] | None = None,
        ids: npt.NDArray[np.int32] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self._ids_of: dict[str, int] | None = None
        self.offsets = np.zeros(1, dtype=np.int64) if offsets is None else offsets
        self.ids = np.zeros(0, dtype=np.int32) if ids is None else ids

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def frequencies(self, positions: Sequence[int], only: Collection[str] | None = None) -> dict[str, int]:
        """How many of the articles at ``positions`` have each term (only the terms in ``only``, when given)."""
        rows = [self.ids[self.offsets[p] : self.offsets[p + 1]] for p in positions]
        merged = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
        values, counts = np.unique(merged, return_counts=True)
        vocabulary = self.vocabulary
        if only is None:
            return {vocabulary[v]: c for v, c in zip(values.tolist(), counts.tolist(), strict=True)}
        index = self._index()
        wanted = [(t, i) for t in only if (i := index.get(t)) is not None]
        if not wanted or not len(values):
            return {}
        ids = np.asarray([i for _, i in wanted], dtype=values.dtype)
        at = np.minimum(np.searchsorted(values, ids), len(values) - 1)
        found = values[at] == ids
        return {t: c for (t, _), c, hit in zip(wanted, counts[at].tolist(), found.tolist(), strict=True) if hit}

    def _index(self) -> dict[str, int]:
        """Term -> id, built on first use (the table is not changed in place: ``extended`` makes a new one)."""
        if self._ids_of is None:
            self._ids_of = {t: i for i, t in enumerate(self.vocabulary)}
        return self._ids_of

    def extended(self, docs: Iterable[GroupDoc]) -> TermTable:
        """This table with ``docs``' term sets appended (new terms join the vocabulary)."""
        vocabulary = list(self.vocabulary)
        index = {t: i for i, t in enumerate(vocabulary)}
        lengths: list[int] = []
        ids: list[int] = []
        for doc in docs:
            for term in doc.terms:
                i = index.get(term)
                if i is None:
                    i = index[term] = len(vocabulary)
                    vocabulary.append(term)
                ids.append(i)
            lengths.append(len(doc.terms))
        offsets = np.concatenate([self.offsets, self.offsets[-1] + np.cumsum(lengths, dtype=np.int64)])
        return TermTable(vocabulary, offsets, np.concatenate([self.ids, np.asarray(ids, dtype=np.int32)]))


def fingerprint(articles: int, last_id: str | None, embedder: str, options: GroupOptions) -> str:
    """What a saved state describes: how many articles (in processing order), the last one, the embedder, and every
    setting that shapes the saved indexes. A state whose fingerprint differs from the store's is stale: rebuilt."""
    shape = {
        "format": STATE_FORMAT,
        "articles": articles,
        "last": last_id,
        "embedder": embedder,
        "ann_neighbours": options.ann_neighbours,
        "posting_cap": options.posting_cap,
        "exact_search_limit": options.exact_search_limit,
        "batch_size": options.batch_size,
        "hnsw": [HNSW_LINKS, HNSW_EF_SEARCH, HNSW_EF_CONSTRUCTION],
        "indexed_terms": INDEXED_TERMS,
        "code": _code_digest(),
    }
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Digest of the code that derives what is saved (term sets and statistics, index keys, the indexes): after an
    upgrade that changes it, the first run rebuilds the state instead of mixing old and new derivations."""
    hasher = hashlib.sha256()
    for name in ("features.py", "candidates.py", "cluster.py"):
        hasher.update((Path(__file__).parent / name).read_bytes())
    return hasher.hexdigest()


def dump_state(state: GroupState, fingerprint: str) -> dict[str, bytes]:
    """The parts of ``state`` the next run restores, as named byte strings (JSON and little-endian arrays: nothing
    that runs code when read)."""
    if state.index is None or state.keys is None:
        raise ValueError("dump_state needs a state that has been grouped (its indexes are built by group)")
    graph, tail = state.index.dump()
    names, lengths, positions = state.keys.dump()
    neighbour_lengths = np.fromiter((len(n) for n in state.neighbours), dtype="<i4", count=len(state.neighbours))
    flat = np.concatenate([np.asarray(n, dtype="<i4") for n in state.neighbours]) if state.neighbours else None
    stats = {"n_docs": state.stats.n_docs, "terms": state.stats.term_df, "entities": state.stats.entity_df}
    docs = state.docs
    # earlier runs' term sets as saved, this run's appended; a state built in memory saves all of them
    terms = docs.terms.extended(docs[len(docs.terms) :]) if isinstance(docs, LazyDocs) else TermTable([]).extended(docs)
    return {
        "terms.vocabulary": json.dumps(terms.vocabulary, ensure_ascii=False).encode(),
        "terms.offsets": terms.offsets.astype("<i8").tobytes(),
        "terms.ids": terms.ids.astype("<i4").tobytes(),
        "fingerprint": fingerprint.encode(),
        "index.dim": str(state.index.dim).encode(),
        "index.graph": graph,
        "index.tail": tail,
        "keys.names": names,
        "keys.lengths": lengths,
        "keys.positions": positions,
        "neighbours.lengths": neighbour_lengths.tobytes(),
        "neighbours.positions": b"" if flat is None else np.ascontiguousarray(flat, dtype="<i4").tobytes(),
        "stats": json.dumps(stats, ensure_ascii=False).encode(),
    }


def saved_terms(saved: dict[str, bytes]) -> TermTable:
    """The term sets ``dump_state`` saved, for ``LazyDocs``."""
    return TermTable(
        json.loads(saved["terms.vocabulary"]),
        np.frombuffer(saved["terms.offsets"], dtype="<i8").astype(np.int64),
        np.frombuffer(saved["terms.ids"], dtype="<i4").astype(np.int32),
    )


def load_state(state: GroupState, saved: dict[str, bytes], options: GroupOptions) -> None:
    """Fill ``state``'s indexes, term statistics and neighbour lists from ``dump_state``'s output."""
    dim = int(saved["index.dim"])
    state.index = EmbeddingIndex.load(dim, options, saved["index.graph"], saved["index.tail"])
    state.keys = KeyIndex.load(
        options, saved["keys.names"], saved["keys.lengths"], saved["keys.positions"], record=state.record_keys
    )
    state.neighbours = _split(saved["neighbours.lengths"], saved["neighbours.positions"])
    stats = json.loads(saved["stats"])
    state.stats = TermStats(
        n_docs=int(stats["n_docs"]), term_df=Counter(stats["terms"]), entity_df=Counter(stats["entities"])
    )


def _split(lengths: bytes, flat: bytes) -> list[npt.NDArray[np.int32]]:
    sizes = np.frombuffer(lengths, dtype="<i4")
    positions = np.frombuffer(flat, dtype="<i4").astype(np.int32)
    ends = np.cumsum(sizes, dtype=np.int64)
    return [positions[end - size : end] for size, end in zip(sizes.tolist(), ends.tolist(), strict=True)]
