"""Embeddings: the ``Embedder`` protocol, the default multilingual backend and an on-disk cache."""

from .base import Embedder, Matrix, covers, embed_article, mean_unit, normalise_rows
from .cache import CachedEmbedder, EmbeddingCache
from .use import USE_LANGUAGES, USEEmbedder

__all__ = [
    "USE_LANGUAGES",
    "CachedEmbedder",
    "Embedder",
    "EmbeddingCache",
    "Matrix",
    "USEEmbedder",
    "covers",
    "embed_article",
    "mean_unit",
    "normalise_rows",
]
