"""Choose an embedding backend from one setting: ``use`` (default), ``e5``, or ``st:<model name or folder>``."""

from __future__ import annotations

from ..errors import ConfigError
from .base import Embedder

DEFAULT_EMBEDDER = "use"


def make_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder:
    if spec == "use":
        from .use import USEEmbedder

        return USEEmbedder()
    if spec == "e5":
        from .e5 import E5Embedder

        return E5Embedder()
    if spec.startswith("st:") and len(spec) > 3:
        from .sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(spec[3:])
    raise ConfigError(f"unknown embedder {spec!r}: use 'use', 'e5', or 'st:<model name or folder>'")
