"""An on-disk embedding cache, so a re-run does not re-embed text it has seen.

Keyed by (embedder name, sha256 of the text): a different model never reads another model's vectors, and the cache
refuses a different dimension under the same name instead of returning garbage.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import StoreError
from .base import Embedder, Matrix

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
)
"""


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """SQLite file (or ``":memory:"``) of float32 vectors."""

    def __init__(self, path: Path | str) -> None:
        try:
            self._db = sqlite3.connect(str(path))
            self._db.execute(_SCHEMA)
            self._db.commit()
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open embedding cache ({exc}); delete the file or choose another") from exc

    def close(self) -> None:
        self._db.close()

    def get(self, model: str, texts: Sequence[str], dim: int) -> dict[int, Matrix]:
        """Cached vectors by position in ``texts``."""
        found: dict[int, Matrix] = {}
        for i, text in enumerate(texts):
            row = self._db.execute(
                "SELECT dim, vector FROM embeddings WHERE model = ? AND text_hash = ?", (model, _text_key(text))
            ).fetchone()
            if row is None:
                continue
            if int(row[0]) != dim:
                raise StoreError(
                    f"embedding cache holds {row[0]}-dim vectors for model {model!r}, expected {dim}; "
                    "delete the cache file to re-embed"
                )
            found[i] = np.frombuffer(row[1], dtype=np.float32).copy()
        return found

    def put(self, model: str, texts: Sequence[str], vectors: Matrix) -> None:
        rows = [
            (model, _text_key(t), int(vectors.shape[1]), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)", rows)


class CachedEmbedder:
    """Wraps any ``Embedder``: only texts missing from the cache reach the model."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache) -> None:
        self._inner = inner
        self._cache = cache
        self.misses = 0  # texts that had to be embedded; lets callers and tests see the cache working

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def dim(self) -> int:
        return self._inner.dim

    @property
    def languages(self) -> frozenset[str]:
        return self._inner.languages

    def embed(self, texts: Sequence[str]) -> Matrix:
        found = self._cache.get(self.name, texts, self.dim)
        missing = [i for i in range(len(texts)) if i not in found]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, vec in found.items():
            out[i] = vec
        if missing:
            fresh = self._inner.embed([texts[i] for i in missing])
            self._cache.put(self.name, [texts[i] for i in missing], fresh)
            out[missing] = fresh
            self.misses += len(missing)
        return out
