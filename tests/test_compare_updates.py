"""Updates are not contradictions: a figure that changes between reports of different times is an ``updated`` claim.

Three levels: the ordering rule on hand-made conflicts (no models), an invented English/German pair through the real
stages published hours apart (update) and at the same minute (conflict), and the sample corpus's Chile quake, where
the toll rose from 12 (morning reports) to 15 (a report at noon).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from benchmark_modules import load_benchmark
from storyweave.compare import CompareOptions, StoryBrief, StoryMaterial, build_brief
from storyweave.compare.brief import Conflict, ConflictValue
from storyweave.compare.updates import as_update, publication_span
from storyweave.config import CleanOptions, Settings
from storyweave.embed import embed_article
from storyweave.group import GroupOptions
from storyweave.pipeline import Models, add_to_material, annotate_article, cluster, ingest, prepare_article
from storyweave.report import brief_json, render_html, render_markdown
from storyweave.store import open_store
from storyweave.types import Article, RawDocument

MORNING = datetime(2031, 6, 2, 7, 30, tzinfo=UTC)


def _article(article_id: str, published: datetime | None, *, inferred: bool = False) -> Article:
    doc = RawDocument(origin=article_id, text=f"Report {article_id} about the flood.", title="", published=published)
    article = prepare_article(doc, CleanOptions())
    assert isinstance(article, Article)
    return replace(article, id=article_id, published_inferred=inferred)


def _toll(*values: tuple[str, str]) -> Conflict:
    return Conflict(
        "number", [ConflictValue(v, a, 0, f"{v} dead") for v, a in values], note="figures of kind 'dead' differ"
    )


def test_figures_of_reports_hours_apart_are_an_update_in_publication_order() -> None:
    chile = timezone(timedelta(hours=-3))  # 09:40 in Chile is 12:40 UTC, five hours and ten minutes later
    late = datetime(2031, 6, 2, 9, 40, tzinfo=chile)
    articles = {"late": _article("late", late), "early": _article("early", MORNING)}
    update = as_update(_toll(("15", "late"), ("12", "early")), articles)
    assert update is not None
    assert [(v.value, v.article_id) for v in update.values] == [("12", "early"), ("15", "late")]
    assert [v.published for v in update.values] == [MORNING.isoformat(), "2031-06-02T12:40:00+00:00"]
    assert "changed between reports" in update.note


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (MORNING, MORNING),  # the same minute: a disagreement
        (datetime(2031, 6, 2, tzinfo=UTC), MORNING),  # a date without a time covers its whole day
        (MORNING, None),  # one report of unknown date
    ],
    ids=["equal-times", "day-only-same-day", "undated"],
)
def test_figures_of_reports_of_the_same_or_unknown_time_stay_a_conflict(
    first: datetime, second: datetime | None
) -> None:
    articles = {"a": _article("a", first), "b": _article("b", second)}
    assert as_update(_toll(("12", "a"), ("15", "b")), articles) is None


def test_interleaved_reports_and_other_slots_stay_conflicts() -> None:
    articles = {n: _article(n, MORNING + timedelta(hours=h)) for n, h in (("a", 0), ("b", 2), ("c", 4))}
    assert as_update(_toll(("12", "a"), ("15", "b"), ("12", "c")), articles) is None
    date = Conflict("date", [ConflictValue("2031-06-01", "a", 0, "x"), ConflictValue("2031-06-02", "b", 0, "y")])
    assert as_update(date, articles) is None


def test_inferred_dates_count_as_day_only() -> None:
    span = publication_span(_article("a", MORNING, inferred=True))
    assert span is not None and span.start.hour == 0 and span.end - span.start > timedelta(hours=23)
    assert publication_span(_article("b", None)) is None


EN = """Floods in the river valley of Norrvik killed 12 people on Monday, the regional rescue service said.

Hundreds of homes were flooded after three days of heavy rain.

The regional governor Ilse Marten visited the shelters in the town hall.
"""

DE = """Am Montag sind bei Überschwemmungen im Flusstal von Norrvik 15 Menschen ums Leben gekommen, teilte der \
regionale Rettungsdienst mit.

Hunderte Häuser wurden nach drei Tagen Starkregen überflutet.

Die Feuerwehr pumpte am Abend noch Wasser aus den Kellern der Altstadt.
"""


@pytest.fixture(scope="module")
def models() -> Models:
    return Models()


def _pair(models: Models, en_published: datetime, de_published: datetime) -> tuple[StoryBrief, dict[str, str]]:
    material = StoryMaterial(story_id="s-flood", articles=[])
    for text, url, language, published in (
        (EN, "https://en.example/flood", "en", en_published),
        (DE, "https://de.example/flut", "de", de_published),
    ):
        doc = RawDocument(origin=url, text=text, title="", url=url, published=published, language=language)
        article = prepare_article(doc, CleanOptions())
        assert isinstance(article, Article)
        vectors = embed_article(models.embedder, article.title, [s.text for s in article.sentences])
        add_to_material(material, article, *annotate_article(article, models.entities), vectors)
    brief = build_brief(material, CompareOptions(), models.embedder.embed)
    return brief, {a.language or "": a.id for a in material.articles}


def test_toll_rising_between_reports_hours_apart_is_updated(models: Models) -> None:
    brief, ids = _pair(models, MORNING, MORNING + timedelta(hours=6))
    updated = [c for c in brief.claims if c.status == "updated"]
    assert len(updated) == 1, [(c.status, c.text) for c in brief.claims]
    (update,) = updated[0].updates
    assert [(v.article_id, v.value) for v in update.values] == [(ids["en"], "12"), (ids["de"], "15")]
    assert not any(k.slot == "number" for c in brief.claims for k in c.conflicts)
    assert StoryBrief.from_dict(json.loads(brief_json(brief))) == brief
    assert "Number updated: 12 → 15" in render_markdown(brief)
    assert 'class="update"' in render_html(brief)


def test_toll_differing_between_reports_of_the_same_time_stays_conflicting(models: Models) -> None:
    brief, ids = _pair(models, MORNING, MORNING)
    assert not any(c.status == "updated" or c.updates for c in brief.claims)
    numbers = [k for c in brief.claims if c.status == "conflicting" for k in c.conflicts if k.slot == "number"]
    assert {(v.article_id, v.value) for k in numbers for v in k.values} >= {(ids["en"], "12"), (ids["de"], "15")}


@pytest.mark.slow
def test_chile_quake_toll_is_an_update_from_12_to_15(models: Models) -> None:
    sample = load_benchmark("compare_sample")
    gold = json.loads((sample.EXAMPLES / "gold_claims.json").read_text(encoding="utf-8"))
    chile = next(s for s in gold["stories"] if s["story"] == "eq-chile")
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db=Path(folder) / "sample.db")
        with open_store(settings.db) as store:
            ingest([str(sample.EXAMPLES / "articles")], settings, store)
            cluster(store, models, GroupOptions())
            keys = sample.member_keys(store, sample.EXAMPLES)
            ids = list(dict.fromkeys(keys[m["member"]] for c in chile["claims"] for m in c["members"]))
            material = sample.material_for(store, "eq-chile", ids, models.embedder.name)
    brief = build_brief(material, CompareOptions(), models.embedder.embed)
    published = {a.article_id: a.published for a in brief.articles}
    tolls = [u for c in brief.claims for u in c.updates if "'dead'" in u.note]
    assert len(tolls) == 1, [u.note for c in brief.claims for u in c.updates]
    values = tolls[0].values
    assert [v.value for v in values][-1] == "15" and all(v.value != "15" for v in values[:-1])
    times = [datetime.fromisoformat(v.published) for v in values]
    assert times == sorted(times) and all(published[v.article_id] for v in values)
    assert not any("'dead'" in k.note for c in brief.claims for k in c.conflicts)
