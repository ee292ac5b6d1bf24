"""Embeddings: the ``Embedder`` protocol, the default multilingual backend (vectors are cached in the store)."""

from .base import Embedder, Matrix, covers, embed_article, mean_unit, normalise_rows
from .use import USE_LANGUAGES, USEEmbedder

__all__ = [
    "USE_LANGUAGES",
    "Embedder",
    "Matrix",
    "USEEmbedder",
    "covers",
    "embed_article",
    "mean_unit",
    "normalise_rows",
]
