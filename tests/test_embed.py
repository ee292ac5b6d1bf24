"""The default embedder and the embedding cache, on the real USE model (loaded once for the module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from storyweave.embed import CachedEmbedder, Embedder, EmbeddingCache, USEEmbedder, covers, embed_article
from storyweave.errors import StoreError


@pytest.fixture(scope="module")
def use() -> USEEmbedder:
    return USEEmbedder(threads=1)


@pytest.fixture()
def cache(tmp_path: Path) -> Iterator[EmbeddingCache]:
    c = EmbeddingCache(tmp_path / "emb.sqlite")
    yield c
    c.close()


def test_use_is_an_embedder_with_unit_rows(use: USEEmbedder) -> None:
    assert isinstance(use, Embedder)
    rows = use.embed(["Flooding closed the ring road in Utrecht.", "", "La crue a fermé le périphérique."])
    assert rows.shape == (3, use.dim)
    assert rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert not rows[1].any()  # empty text: a zero row, not noise


def test_use_is_cross_lingual(use: USEEmbedder) -> None:
    en, de, other = use.embed(
        [
            "The city council approved a new tram line to the airport.",
            "Der Stadtrat hat eine neue Straßenbahnlinie zum Flughafen genehmigt.",
            "The striker scored twice in the second half of the cup final.",
        ]
    )
    assert float(en @ de) > float(en @ other) + 0.2


def test_covers_languages(use: USEEmbedder) -> None:
    assert covers(use, "de") and covers(use, "pt-BR") and covers(use, None)
    assert not covers(use, "az")


def test_embed_article_weights_lead(use: USEEmbedder) -> None:
    vec, rows = embed_article(use, "Ferry runs aground", ["A ferry ran aground near Split.", "Nobody was hurt."])
    assert rows.shape == (2, use.dim)
    assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5


def test_cache_round_trip(use: USEEmbedder, cache: EmbeddingCache) -> None:
    cached = CachedEmbedder(use, cache)
    texts = ["Storm Elin cut power to 40,000 homes.", "El temporal Elin dejó sin luz a 40.000 hogares."]
    first = cached.embed(texts)
    assert cached.misses == 2
    again = cached.embed(list(reversed(texts)))
    assert cached.misses == 2  # served from the cache
    assert np.array_equal(again, first[::-1])
    assert np.array_equal(first, use.embed(texts))


def test_cache_refuses_other_dimension(cache: EmbeddingCache) -> None:
    cache.put("model-x", ["a text"], np.ones((1, 4), dtype=np.float32))
    with pytest.raises(StoreError, match="delete the cache"):
        cache.get("model-x", ["a text"], dim=8)


def test_cache_unopenable_path_is_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open embedding cache"):
        EmbeddingCache(tmp_path / "missing-dir" / "emb.sqlite")
