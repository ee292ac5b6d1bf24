"""Optional backend: any sentence-transformers model the user has on disk (or can download where they have internet).

storyweave never downloads by itself: ``HF_HUB_OFFLINE`` is honoured as set by the user, and a model that cannot be
loaded gives a clear error naming what to install. Install with ``pip install 'storyweave[st]'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ConfigError
from .base import Matrix, normalise_rows


class SentenceTransformerEmbedder:
    def __init__(self, model: str) -> None:
        try:
            import sentence_transformers  # noqa: F401
        except ImportError as exc:
            raise ConfigError("the st: embedder needs sentence-transformers: pip install 'storyweave[st]'") from exc
        self._model_name = model
        self._model: Any = None
        self._dim: int | None = None

    def _load(self) -> Any:
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(self._model_name, device="cpu")
            except Exception as exc:  # the library raises many kinds (OSError, HTTP errors, ValueError)
                raise ConfigError(
                    f"cannot load sentence-transformers model {self._model_name!r}: {exc} "
                    "(give a folder holding the model, or a name you have cached)"
                ) from exc
        return self._model

    @property
    def name(self) -> str:
        return f"sentence-transformers/{self._model_name}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self._load().get_sentence_embedding_dimension())
        return self._dim

    @property
    def languages(self) -> frozenset[str]:
        return frozenset()  # unknown: the user chose the model for their languages

    def embed(self, texts: Sequence[str]) -> Matrix:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if todo:
            vectors = self._load().encode([texts[i] for i in todo], convert_to_numpy=True, show_progress_bar=False)
            out[todo] = normalise_rows(np.asarray(vectors, dtype=np.float32))
        return out

    def __getstate__(self) -> dict[str, Any]:
        return {"_model_name": self._model_name, "_model": None, "_dim": self._dim}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._model_name, self._model, self._dim = state["_model_name"], None, state["_dim"]
