"""The ``Embedder`` protocol every embedding backend implements.

Grouping needs two things of a backend: unit vectors for a batch of texts, and an honest statement of which languages it
was trained on, so an article outside them is flagged and grouped on lexical and entity evidence instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """A text embedding backend; ``name`` names model and version, so a cache keyed on it never mixes models."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    @property
    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes the model covers; an empty set means "any language"."""
        ...

    def embed(self, texts: Sequence[str]) -> Matrix:
        """Unit-length float32 rows, one per text, in input order. An empty text gives a zero row."""
        ...


def covers(embedder: Embedder, language: str | None) -> bool:
    """Whether ``embedder`` was trained on ``language``; unknown language counts as covered (nothing better to do)."""
    if language is None or not embedder.languages:
        return True
    return language.split("-")[0].lower() in embedder.languages


def normalise_rows(matrix: npt.NDArray[np.floating]) -> Matrix:
    """Rows scaled to unit length; all-zero rows stay zero instead of becoming NaN."""
    out = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    result: Matrix = (out / norms).astype(np.float32, copy=False)
    return result


def mean_unit(rows: Matrix, weights: npt.NDArray[np.floating] | None = None) -> Matrix:
    """Weighted mean of unit rows, itself scaled to unit length (a zero vector when there are no rows)."""
    if rows.shape[0] == 0:
        return np.zeros(rows.shape[1] if rows.ndim == 2 else 0, dtype=np.float32)
    w = np.ones(rows.shape[0], dtype=np.float32) if weights is None else np.asarray(weights, dtype=np.float32)
    vec = (w[:, None] * rows).sum(axis=0)
    norm = float(np.linalg.norm(vec))
    result: Matrix = (vec / norm if norm > 0 else vec).astype(np.float32)
    return result


#: Sentences at the start of an article that get extra weight in its vector: news puts the event (who, what, where,
#: when) in the headline and lead; the rest is background shared with other events of the kind.
LEAD_SENTENCES = 3
#: Weight of the title and lead sentences relative to the body (2 = the lead counts double; body still shapes topic).
LEAD_WEIGHT = 2.0


def embed_article(embedder: Embedder, title: str, sentences: Sequence[str]) -> tuple[Matrix, Matrix]:
    """(article vector, sentence matrix): the article vector is the lead-weighted unit mean of title and sentences."""
    texts = [title, *sentences] if title.strip() else list(sentences)
    if not texts:
        return np.zeros(embedder.dim, dtype=np.float32), np.zeros((0, embedder.dim), dtype=np.float32)
    rows = embedder.embed(texts)
    weights = np.ones(len(texts), dtype=np.float32)
    weights[: LEAD_SENTENCES + (1 if title.strip() else 0)] = LEAD_WEIGHT
    sentence_rows = rows[1:] if title.strip() else rows
    return mean_unit(rows, weights), sentence_rows
