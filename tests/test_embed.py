"""The default embedder on the real USE model (loaded once for the module). Vectors are cached in the store
(embeddings table, per model); see tests/test_pipeline_bulk.py and tests/test_embed_backends.py."""

from __future__ import annotations

import numpy as np
import pytest

from storyweave.embed import Embedder, USEEmbedder, covers, embed_article


@pytest.fixture(scope="module")
def use() -> USEEmbedder:
    return USEEmbedder(threads=1)


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
