"""The pattern and data modules stages read, checked directly: complete per language, and used as intended.

Each stage module is also tested through its behaviour elsewhere; these tests pin the data tables and the small
building blocks, so a broken table fails here with a clear name instead of somewhere downstream.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from storyweave.annotate import date_words
from storyweave.clean import boilerplate
from storyweave.compare import speech_verbs
from storyweave.group.candidates import EmbeddingIndex
from storyweave.group.options import GroupOptions
from storyweave.ingest import signatures
from storyweave.ingest.sniff import sniff

CORE_LANGUAGES = ("en", "es", "pt", "fr", "de")


def test_date_words_cover_the_core_languages() -> None:
    for lang in CORE_LANGUAGES:
        assert len(date_words.WEEKDAYS[lang]) >= 7, lang
        assert len(date_words.MONTHS[lang]) >= 12, lang
        assert date_words.RELATIVE[lang], lang


def test_speech_verbs_cover_the_core_languages() -> None:
    for lang in CORE_LANGUAGES:
        assert speech_verbs.SPEECH_VERBS[lang], lang
        assert speech_verbs.ACCORDING_TO[lang], lang
    assert "said" in speech_verbs.SPEECH_VERBS["en"] and "sagte" in speech_verbs.SPEECH_VERBS["de"]


def test_boilerplate_building_blocks() -> None:
    assert boilerplate.is_sentence_like("The council approved the budget on Tuesday evening.")
    assert not boilerplate.is_sentence_like("Politics")
    assert boilerplate.has_final_punctuation("It is over.”") and not boilerplate.has_final_punctuation("Home")
    assert boilerplate.normalise_line("  Leave   a review ") == boilerplate.normalise_line("Leave a review")


def test_signatures_drive_sniffing() -> None:
    for magic, _name in signatures.BINARY_SIGNATURES[:5]:
        try:
            kind = sniff(magic + b"\x00" * 64, filename="x.txt")
        except Exception as exc:  # binary content is refused with the format error, never read as text
            assert "binary" in str(exc) or "unsupported" in str(exc).lower()
        else:
            raise AssertionError(f"{_name} sniffed as {kind}")
    assert sniff(signatures.GZIP_MAGIC + b"\x08\x00", filename="a.gz") == "gzip"
    assert ".jsonl" in signatures.JSON_EXTENSIONS and ".warc" in signatures.WARC_EXTENSIONS


def test_candidate_index_finds_nearest_with_exact_and_hnsw_search() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for limit in (1_000, 10):  # exact search below the limit, an HNSW graph above it
        index = EmbeddingIndex(16, GroupOptions(exact_search_limit=limit, batch_size=64))
        index.add(vectors)
        sims, ids = index.search(vectors[:20], 3)
        assert index.size == 300 and ids.shape == (20, 3)
        assert (ids[:, 0] == np.arange(20)).mean() >= 0.95  # each vector's nearest neighbour is itself
        assert np.all(sims[:, 0] >= sims[:, 1] - 1e-6)


def test_python_dash_m_runs_the_main_module() -> None:
    """``python -m storyweave`` goes through storyweave/__main__.py to the same CLI as the console script."""
    result = subprocess.run([sys.executable, "-m", "storyweave", "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "ingest" in result.stdout and "story" in result.stdout
