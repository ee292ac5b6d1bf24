"""Models loading in a thread while ingest runs (storyweave.preload): loaded before the annotate stage needs them, the
same annotations as loading on first use, and a model that cannot load still reported per article by the stage."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyweave.annotate import entities
from storyweave.cli import app
from storyweave.config import EngineOptions, Settings
from storyweave.embed.use import USEEmbedder
from storyweave.pipeline import Models, annotate_and_embed_pending, annotate_article, ingest
from storyweave.preload import BackgroundModelLoad, Loadable, load_models, loads_early
from storyweave.store import open_store

pytestmark = pytest.mark.slow  # loads the entity and embedding models

STORM = (
    "Storm Amelie floods the Loire valley as rivers burst their banks\n\n"
    "NANTES, France - Storm Amelie flooded hundreds of homes along the Loire on Sunday, the prefecture of "
    "Loire-Atlantique said, after three days of rain. Mayor Claire Duval asked residents of the old port to leave.\n\n"
    "Firefighters rescued 40 people by boat in Nantes and Saint-Nazaire, officials said."
)
FERRY = (
    "Ferry runs aground off Crete with 300 passengers aboard\n\n"
    "HERAKLION, Greece - A ferry carrying 300 passengers ran aground off the northern coast of Crete on Friday, the "
    "Greek coast guard said. Captain Nikos Petrakis said nobody was hurt and tugs were on their way from Heraklion."
)


def dump(folder: Path, records: list[dict[str, str]]) -> Path:
    path = folder / "dump.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def records() -> list[dict[str, str]]:
    return [
        {"title": STORM.split("\n")[0], "maintext": STORM.split("\n\n", 1)[1], "url": "https://a.example/storm"},
        {"title": "Nothing here", "maintext": "   ", "url": "https://a.example/empty"},  # a bad article
        {"title": FERRY.split("\n")[0], "maintext": FERRY.split("\n\n", 1)[1], "url": "https://b.example/ferry"},
    ]


def test_loads_early_only_where_workers_fork_from_this_process() -> None:
    assert loads_early(Settings(workers=2))
    assert not loads_early(Settings(workers=1))
    assert not loads_early(Settings(workers=2, engine=EngineOptions(kind="ray")))


def test_models_load_during_ingest_and_annotate_the_same(tmp_path: Path) -> None:
    models = Models()
    settings = Settings(db=tmp_path / "a.db", workers=2)
    with open_store(settings.db) as store, BackgroundModelLoad(models) as loading:
        report = ingest([str(dump(tmp_path, records()))], settings, store, on_article=loading.start)
        thread = loading._thread
        assert thread is not None and thread.name == "storyweave-load-models"
    assert not thread.is_alive()  # leaving the block waited for it
    assert loading.error is None
    assert report.inserted == 2 and len(report.problems) == 1  # the bad article is skipped, the others go on
    assert "en" in models.entities._models
    assert isinstance(models.embedder, USEEmbedder) and isinstance(models.embedder, Loadable)
    assert models.embedder._model is not None

    with open_store(settings.db) as store:
        articles = store.get_articles(store.unannotated_ids())
        assert annotate_and_embed_pending(store, models) == (2, 2)
        for article in articles:
            # the same mentions and dates as an extractor that loads its model on first use
            assert annotate_article(article, models.entities) == annotate_article(article, Models().entities)


def test_only_the_first_article_starts_a_thread(tmp_path: Path) -> None:
    loading = BackgroundModelLoad(Models())
    with open_store(tmp_path / "b.db") as store, loading:
        ingest([str(dump(tmp_path, records()))], Settings(db=tmp_path / "b.db", workers=2), store)
        first = None
        for article in store.get_articles(store.unannotated_ids()):
            loading.start(article)
            first = first or loading._thread
            assert loading._thread is first


def test_a_model_that_cannot_load_is_reported_per_article_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(entities.SPACY_MODELS, "en", ("storyweave_no_such_model", "no-such-model"))
    models = Models()
    loading = BackgroundModelLoad(models)
    with pytest.raises(entities.ConfigError):
        load_models(models, "en")
    hooked: list[object] = []
    monkeypatch.setattr(threading, "excepthook", hooked.append)  # a thread's uncaught exception would land here
    store_path = tmp_path / "c.db"
    with open_store(store_path) as store, loading:
        ingest([str(dump(tmp_path, records()))], Settings(db=store_path, workers=2), store, on_article=loading.start)
    assert hooked == []
    assert loading.error is not None and "pip install no-such-model" in loading.error
    assert "\n" not in loading.error

    result = CliRunner().invoke(
        app, ["run", str(dump(tmp_path, records())), "--db", str(tmp_path / "d.db"), "--workers", "2"]
    )
    assert result.exit_code == 3, result.output  # EXIT_PROBLEMS: some articles failed a stage
    assert "Traceback" not in result.output
    problems = [line for line in result.output.splitlines() if line.startswith("problem")]
    assert len(problems) == 2 and all("annotate" in p and "pip install no-such-model" in p for p in problems)
    assert "embedded 2" in result.output  # the embed stage went on without the entity model
