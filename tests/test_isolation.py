"""Failure isolation: a stage that raises on one article (or story) records a problem on it and the batch goes on.

The stages here are the real ones. To make one fail on a chosen article the way an unknown bug would, the real
entity extractor and embedder are wrapped so that they raise (or, for grouping, return a vector of another size)
when the article's text holds a marker word; every other article goes through the real models.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storyweave import cli_stories, pipeline
from storyweave.annotate.entities import EntityExtractor
from storyweave.cli import EXIT_PROBLEMS, app
from storyweave.config import Settings
from storyweave.embed import Matrix, USEEmbedder
from storyweave.group import GroupOptions
from storyweave.group import cluster as group_cluster
from storyweave.pipeline import Models, cluster, ingest, story_briefs
from storyweave.store import open_store
from storyweave.store.migrations import MIGRATIONS, apply_migrations
from storyweave.store.problems import MAX_REASON_CHARS, ItemProblem, reason_of
from storyweave.types import Mention, Sentence

pytestmark = pytest.mark.slow  # loads the entity and embedding models (once per module)

MARKER = "Zorblaxian"

FERRY_A = """Ferry runs aground off Port Evander, all 212 passengers rescued

PORT EVANDER (Reuters) - The passenger ferry Santa Lucia ran aground on a sandbank off Port Evander on Thursday, and
coast guard boats brought all 212 passengers ashore, harbour master Ilse Brandt said.

"Nobody was hurt, the tide lifted her off by evening," Brandt told reporters at the harbour.
"""

FERRY_B = """All 212 rescued after ferry Santa Lucia grounds near Port Evander

PORT EVANDER (AP) - Coast guard crews rescued all 212 passengers of the ferry Santa Lucia after it ran aground on a
sandbank near Port Evander on Thursday, the harbour authority said.

Harbour master Ilse Brandt said the ship was refloated with the evening tide and nobody was injured.
"""

ORCHARD = """Frost destroys a third of the apple harvest in the Vale of Merrow

MERROW (dpa) - A late frost on Monday night destroyed about a third of the apple blossom in the Vale of Merrow,
the growers' association said, and prices are expected to rise in the autumn.
"""

HARVEST = """Apple growers in the Vale of Merrow count frost losses

MERROW (dpa) - Growers in the Vale of Merrow said on Tuesday that Monday night's late frost destroyed about a third
of the apple blossom, and warned that apple prices would rise in the autumn.
"""

ODD = f"""{MARKER} council approves new bridge over the Merrow river

The {MARKER} district council voted on Wednesday to build a second bridge over the Merrow river, at a cost of 14
million, its chairwoman said. Work is to start next spring.
"""


class FaultyExtractor(EntityExtractor):
    """The real extractor, raising on texts with the marker (a bug that only one article triggers)."""

    def extract(self, article_id: str, text: str, sentences: Sequence[Sentence], language: str | None) -> list[Mention]:
        if MARKER in text:
            raise ValueError(f"cannot tokenise {MARKER!r}")
        return super().extract(article_id, text, sentences, language)


class FaultyEmbedder:
    """The real embedder, except for texts with the marker: ``mode`` 'raise' raises, 'shape' returns rows of another
    size (which grouping, over the whole batch, cannot use)."""

    def __init__(self, inner: USEEmbedder, mode: str) -> None:
        self.inner, self.mode = inner, mode

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def languages(self) -> frozenset[str]:
        return self.inner.languages

    def embed(self, texts: Sequence[str]) -> Matrix:
        if any(MARKER in t for t in texts):
            if self.mode == "raise":
                raise RuntimeError("backend returned no vectors")
            rows = np.ones((len(texts), 7), dtype=np.float32)
            return rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return self.inner.embed(texts)


@pytest.fixture(scope="module")
def real() -> Models:
    return Models()


def corpus(folder: Path, *texts: str) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    return [str(folder)]


def ingested_store(tmp_path: Path, *texts: str) -> Path:
    db = tmp_path / "iso.db"
    with open_store(db) as store:
        report = ingest(corpus(tmp_path / "in", *texts), Settings(db=db, workers=1), store)
    assert report.inserted == len(texts)
    return db


def odd_id(db: Path) -> str:
    with open_store(db) as store:
        return next(a.id for a in store.list_articles() if MARKER in a.title)


def test_annotate_failure_is_recorded_and_retried(tmp_path: Path, real: Models) -> None:
    db = ingested_store(tmp_path, FERRY_A, FERRY_B, ODD, ORCHARD)
    odd = odd_id(db)
    with open_store(db) as store:
        report = cluster(store, Models(entities=FaultyExtractor(), embedder=real.embedder), GroupOptions())
        assert [(p.item_id, p.stage) for p in report.problems] == [(odd, "annotate")]
        assert "ValueError: cannot tokenise" in report.problems[0].reason
        assert report.grouped == 3  # the batch went on without it
        assert odd in store.ungrouped_ids()
        assert store.problems_of([odd])[odd][0].stage == "annotate"
        # The next run (the bug fixed) gets it through and forgets the problem.
        again = cluster(store, real, GroupOptions())
        assert again.problems == [] and again.grouped == 1
        assert store.problems_of([odd]) == {} and store.count_problems() == 0
        assert odd not in store.ungrouped_ids()


def test_embed_failure_is_recorded(tmp_path: Path, real: Models) -> None:
    db = ingested_store(tmp_path, FERRY_A, ODD, FERRY_B)
    odd = odd_id(db)
    with open_store(db) as store:
        report = cluster(
            store, Models(entities=real.entities, embedder=FaultyEmbedder(real.embedder, "raise")), GroupOptions()
        )
        assert [(p.item_id, p.stage) for p in report.problems] == [(odd, "embed")]
        assert report.annotated == 3 and report.embedded == 2 and report.grouped == 2
        assert len({sid for _, sid in store.assignments()}) == 1  # the two ferry reports, one story


@pytest.mark.parametrize("workers", [1, 2])
def test_group_failure_is_pinned_on_its_article(
    tmp_path: Path, real: Models, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # with 2 workers grouping scores pairs in a helper process (forced here for so few articles): the same outcome
    monkeypatch.setattr(group_cluster, "HELPER_MIN_ARTICLES", 1)
    db = ingested_store(tmp_path, FERRY_A, ORCHARD)
    with open_store(db) as store:
        cluster(store, real, GroupOptions())
        # A batch of three new articles, one of which grouping cannot take (a vector of another size): the batch
        # fails as a whole, its halves are grouped alone, and the problem lands on that article only.
        ingest(corpus(tmp_path / "more", FERRY_B, ODD, HARVEST), Settings(db=db, workers=1), store)
        odd = odd_id(db)
        models = Models(entities=real.entities, embedder=FaultyEmbedder(real.embedder, "shape"))
        report = cluster(store, models, GroupOptions(), workers=workers)
        assert [(p.item_id, p.stage) for p in report.problems] == [(odd, "group")]
        assert "different sizes" in report.problems[0].reason
        assert report.grouped == 2 and store.ungrouped_ids() == [odd]
        stories: dict[str, list[str]] = {}
        for article_id, story_id in store.assignments():
            stories.setdefault(story_id, []).append(article_id)
        assert sorted(len(m) for m in stories.values()) == [2, 2]  # ferry and orchard stories, as without the odd one


def test_compare_failure_leaves_the_story_out(tmp_path: Path, real: Models) -> None:
    db = ingested_store(tmp_path, FERRY_A, FERRY_B, ORCHARD)
    with open_store(db) as store:
        cluster(store, real, GroupOptions())
        ids = [s.id for s in store.list_stories()]
        ferry = next(s.id for s in store.list_stories() if s.size == 2)

        class ComparingFails(FaultyEmbedder):
            def embed(self, texts: Sequence[str]) -> Matrix:
                raise RuntimeError("out of memory while comparing")

        problems: list[ItemProblem] = []
        broken = Models(entities=real.entities, embedder=ComparingFails(real.embedder, "raise"))
        briefs = list(story_briefs(store, ids, broken, problems=problems))
        assert [p.item_id for p in problems] == [ferry] and problems[0].stage == "compare"
        assert ferry not in {b.story_id for b in briefs}
        assert store.problems_of([ferry])[ferry][0].reason.startswith("RuntimeError")
        assert {b.story_id for b in story_briefs(store, ids, real)} == set(ids)
        assert store.problems_of([ferry]) == {}  # compared fine now: forgotten


def test_clean_failure_in_ingest_is_a_problem_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_clean = pipeline.clean_article

    def clean(title: str | None, text: str, options: object) -> object:
        if MARKER in text:
            raise UnicodeError("surrogates not allowed")
        return real_clean(title, text, options)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "clean_article", clean)
    db = tmp_path / "ingest.db"
    corpus(tmp_path / "in", FERRY_A, ODD)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db)])
    assert result.exit_code == EXIT_PROBLEMS, result.output
    assert "Traceback" not in result.output
    assert "1 new articles" in result.output and "1 problems" in result.output
    assert "a1.txt: failed while cleaning and annotating: UnicodeError: surrogates not allowed" in result.output


def test_cli_reports_problems_with_exit_code_and_shows_them(
    tmp_path: Path, real: Models, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ingested_store(tmp_path, FERRY_A, FERRY_B, ODD)
    odd = odd_id(db)
    runner = CliRunner()
    monkeypatch.setattr(
        cli_stories, "_models", lambda _name: Models(entities=FaultyExtractor(), embedder=real.embedder)
    )
    result = runner.invoke(app, ["cluster", "--db", str(db)])
    assert result.exit_code == EXIT_PROBLEMS, result.output
    assert "Traceback" not in result.output
    assert f"problem {odd}: annotate: ValueError" in result.output
    assert "grouped 2 new articles" in result.output and "1 problems" in result.output

    listed = [
        json.loads(line) for line in runner.invoke(app, ["articles", "--json", "--db", str(db)]).stdout.splitlines()
    ]
    by_id = {row["id"]: row["problems"] for row in listed}
    assert by_id[odd] == [{"stage": "annotate", "reason": f"ValueError: cannot tokenise '{MARKER}'"}]
    assert sum(1 for p in by_id.values() if p) == 1

    shown = runner.invoke(app, ["article", odd, "--db", str(db)])
    assert shown.exit_code == 0 and "problems (1" in shown.output and "cannot tokenise" in shown.output
    as_json = json.loads(runner.invoke(app, ["article", odd, "--json", "--db", str(db)]).stdout)
    assert as_json["problems"][0]["stage"] == "annotate"

    from storyweave.web.app import create_app
    from storyweave.web.context import WebOptions

    with TestClient(create_app(WebOptions(db=db, warm_briefs=0))) as client:
        page = client.get(f"/articles/{odd}")
        assert page.status_code == 200 and 'id="problems"' in page.text and "cannot tokenise" in page.text
        healthy = next(i for i, p in by_id.items() if not p)
        clean = client.get(f"/articles/{healthy}")
        assert clean.status_code == 200 and 'id="problems"' not in clean.text

    monkeypatch.setattr(cli_stories, "_models", lambda _name: real)
    healed = runner.invoke(app, ["cluster", "--db", str(db)])
    assert healed.exit_code == 0, healed.output
    assert "grouped 1 new articles" in healed.output and " problems)" not in healed.output
    assert "problems (" not in runner.invoke(app, ["article", odd, "--db", str(db)]).output


def test_reason_is_one_bounded_line() -> None:
    assert reason_of(ValueError("two\nlines   here")) == "ValueError: two lines here"
    assert reason_of(KeyError()) == "KeyError"
    assert len(reason_of(RuntimeError("x" * 5000))) == MAX_REASON_CHARS


def test_problems_migration_upgrades_an_older_store(tmp_path: Path) -> None:
    db_path = tmp_path / "old.db"
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, migration in MIGRATIONS[:4]:
        migration(db)
        db.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", (name,))
    assert apply_migrations(db) == ["005_problems"]
    db.close()
    with open_store(db_path) as store:
        store.record_problems([ItemProblem("a", "embed", "RuntimeError: x"), ItemProblem("a", "group", "y")])
        store.record_problems([ItemProblem("a", "embed", "RuntimeError: again")])  # replaced, not duplicated
        assert [str(p) for p in store.problems_of(["a", "b"])["a"]] == ["a: embed: RuntimeError: again", "a: group: y"]
        store.clear_problems(["a"], "embed")
        assert store.count_problems() == 1


def test_a_reader_that_raises_is_a_problem_of_the_read_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    ingest_package = importlib.import_module("storyweave.ingest")  # the package (storyweave.ingest is also a function)

    real_read_text = ingest_package.read_text

    def read_text(data: bytes, origin: str, **kwargs: object) -> object:
        if MARKER.encode() in data:
            raise RecursionError("maximum recursion depth exceeded")
        return real_read_text(data, origin, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_package, "read_text", read_text)
    corpus(tmp_path / "in", FERRY_A, ODD)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "r.db")])
    assert result.exit_code == EXIT_PROBLEMS, result.output
    assert "a1.txt: failed while reading: RecursionError" in result.output and "Traceback" not in result.output
    assert "1 new articles" in result.output


def test_compare_input_is_capped_per_article() -> None:
    from storyweave.compare.material import StoryMaterial
    from storyweave.pipeline import MAX_COMPARE_SENTENCES, add_to_material
    from storyweave.types import Article, TimeExpr

    n = MAX_COMPARE_SENTENCES + 50
    text = " ".join(f"Sentence {i}." for i in range(n))
    sentences, at = [], 0
    for i in range(n):
        piece = f"Sentence {i}."
        sentences.append(Sentence("a", i, at, at + len(piece), piece))
        at += len(piece) + 1
    article = Article(id="a", title="t", text=text, raw_text=text, sentences=sentences, format="text", origin="o")
    mentions = [
        Mention("a", i, s.char_start, s.char_start + 8, "Sentence", "ORG", "Sentence") for i, s in enumerate(sentences)
    ]
    times = [TimeExpr("a", n - 1, 0, 1, "S", None, False)]
    material = StoryMaterial(story_id="s", articles=[], embedder_name="e")
    rows = np.zeros((n, 4), dtype=np.float32)
    add_to_material(material, article, mentions, times, None, (rows[0], rows))
    kept = material.articles[0]
    assert len(kept.sentences) == MAX_COMPARE_SENTENCES and kept.text == text  # text whole, sentences capped
    assert material.sentence_vectors["a"].shape[0] == MAX_COMPARE_SENTENCES
    assert max(m.sentence_index for m in material.mentions["a"]) == MAX_COMPARE_SENTENCES - 1
    assert material.times["a"] == []
