"""Candidate retrieval: which earlier articles a new one is compared with, in time independent of the corpus size.

Three sources, unioned: nearest neighbours over article embeddings (faiss: exact inner product for small corpora,
HNSW graph beyond ``exact_search_limit``), an inverted index of entities and rare terms (finds same-event reports the
embedding misses: an uncovered language, a very short text), and a time window that drops candidates too far apart.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .features import GroupDoc, Weighted
from .options import GroupOptions

#: Rarest terms of an article put in the inverted index: the names and numbers that identify its event.
INDEXED_TERMS = 12
#: HNSW graph degree and search breadth, in the range faiss recommends for 10^5-10^7 vectors. Measured on 100k
#: synthetic records of ``benchmarks/grouping_scale.py`` (64 dims): recall@30 against exact search 0.93, graph build
#: 13 s, 0.15 ms per query on one core; memory 32 x 2 x 4 bytes of links per vector.
HNSW_LINKS = 32
HNSW_EF_SEARCH = 64
HNSW_EF_CONSTRUCTION = 40


class EmbeddingIndex:
    """Inner-product search over unit vectors, positions numbered in insertion order."""

    def __init__(self, dim: int, expected: int, options: GroupOptions) -> None:
        import faiss

        faiss.omp_set_num_threads(1)  # determinism: HNSW insertion with several threads depends on scheduling
        self.dim = dim
        self._index: Any
        if expected <= options.exact_search_limit:
            self._index = faiss.IndexFlatIP(dim)
        else:
            hnsw = faiss.IndexHNSWFlat(dim, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efSearch = HNSW_EF_SEARCH
            hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            self._index = hnsw

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    def add(self, vectors: npt.NDArray[np.float32]) -> None:
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, queries: npt.NDArray[np.float32], k: int) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
        if self.size == 0 or len(queries) == 0:
            return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
        sims, ids = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), min(k, self.size))
        return sims, ids


class KeyIndex:
    """Inverted index from entity and rare-term keys to article positions."""

    def __init__(self, options: GroupOptions) -> None:
        self._postings: defaultdict[str, list[int]] = defaultdict(list)
        self._cap = options.posting_cap

    @staticmethod
    def keys(weighted: Weighted) -> dict[str, float]:
        """Keys with their idf weight: every entity, and the ``INDEXED_TERMS`` highest-weighted terms."""
        keys = {"e:" + k: v for k, v in weighted.entities.items()}
        top = sorted(weighted.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEXED_TERMS]
        keys.update(("t:" + k, v) for k, v in top)
        return keys

    def add(self, position: int, keys: dict[str, float]) -> None:
        for key in keys:
            self._postings[key].append(position)

    def search(self, keys: dict[str, float], k: int) -> list[int]:
        scores: defaultdict[int, float] = defaultdict(float)
        for key, weight in keys.items():
            posting = self._postings.get(key)
            if posting:
                for pos in posting[-self._cap :]:
                    scores[pos] += weight
        best = heapq.nsmallest(k, scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [pos for pos, _ in best]


def embedding_matrix(docs: Sequence[GroupDoc], dim: int) -> npt.NDArray[np.float32]:
    """Rows of article embeddings; missing or untrusted ones are zero, so they are nobody's neighbour."""
    out = np.zeros((len(docs), dim), dtype=np.float32)
    for i, doc in enumerate(docs):
        if doc.embedding is not None and doc.embedding_trusted and doc.embedding.shape == (dim,):
            out[i] = doc.embedding
    return out


def nearest(
    index: EmbeddingIndex, vectors: npt.NDArray[np.float32], positions: range, k: int
) -> list[npt.NDArray[np.int32]]:
    """For each vector (already in the index at ``positions``): its ``k`` nearest other positions, best first.

    Zero vectors (no trusted embedding) have no neighbours: inner product 0 says nothing.
    """
    sims, ids = index.search(vectors, k + 1)
    result: list[npt.NDArray[np.int32]] = []
    for row, pos in enumerate(positions):
        pairs = sorted(
            ((float(s), int(i)) for s, i in zip(sims[row], ids[row], strict=True) if i >= 0 and i != pos and s > 0),
            key=lambda p: (-p[0], p[1]),
        )
        # int32 arrays: a million articles' neighbour lists in ~250 MB instead of ~1.2 GB of Python ints
        result.append(np.array([i for _, i in pairs[:k]], dtype=np.int32))
    return result
