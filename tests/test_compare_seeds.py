"""Acceptance of the compare stage on the two seed reports (../shared/seeds), through the real pipeline.

Skipped when the seeds are absent. The seeds are one English report (TURAN) and one rough machine translation of an
AP report via a Brazilian outlet, about North Korea supplying artillery shells to Russia.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyweave.compare import StoryBrief, build_brief
from storyweave.compare.brief import Claim
from storyweave.config import Settings
from storyweave.group import GroupOptions
from storyweave.pipeline import Models, cluster, ingest, load_story_material
from storyweave.store import open_store

SEEDS = Path(__file__).parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed reports (../shared/seeds) are not available")


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoryBrief]:
    settings = Settings(db=tmp_path_factory.mktemp("seeds") / "seeds.db")
    models = Models()
    with open_store(settings.db) as store:
        ingest([str(SEEDS)], settings, store)
        cluster(store, models, GroupOptions())
        stories = store.list_stories()
        assert len(stories) == 1, "the two seed reports must form one story"
        material = load_story_material(store, stories[0].id, models)
        assert material is not None
        yield build_brief(material, embed=models.embedder.embed)


def _article(brief: StoryBrief, source: str) -> str:
    return next(a.article_id for a in brief.articles if a.source == source)


def _claims(brief: StoryBrief, *words: str) -> list[Claim]:
    def says(claim: Claim) -> bool:
        texts = [claim.text.casefold()] + [e.text.casefold() for e in claim.support]
        return any(all(w in t for w in words) for t in texts)

    return [c for c in brief.claims if says(c)]


def test_one_story_two_independent_sources(brief: StoryBrief) -> None:
    assert len(brief.articles) == 2
    assert brief.independent_sources == 2
    assert {a.source for a in brief.articles} == {"TURAN", "AP"}


@pytest.mark.parametrize(
    "words",
    [
        ("artillery shells", "significant number"),  # covert artillery-shell supply
        ("middle east", "africa"),  # disguised as shipments to the Middle East or North Africa
        ("change the", "war"),  # won't change the course of the war
        ("monitoring",),  # the US monitoring whether the shipments arrive
    ],
)
def test_corroborated_claims(brief: StoryBrief, words: tuple[str, ...]) -> None:
    found = [c for c in _claims(brief, *words) if c.sources == 2]
    assert found, f"no two-source claim says {words}"
    assert all(c.status == "corroborated" for c in found), [c.conflicts for c in found]


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("TURAN", ("ned price",)),
        ("TURAN", ("enforce existing sanctions",)),
        ("AP", ("iranian",)),
        ("AP", ("labor migration",)),
        ("AP", ("donetsk", "luhansk")),
    ],
)
def test_single_source_details(brief: StoryBrief, source: str, words: tuple[str, ...]) -> None:
    found = _claims(brief, *words)
    assert found
    article = _article(brief, source)
    assert any(c.sources == 1 and c.status == "single_source" and c.support[0].article_id == article for c in found)


def test_date_conflict_in_the_second_report(brief: StoryBrief) -> None:
    ap = _article(brief, "AP")
    dated = [k for c in brief.claims for k in c.conflicts if k.slot == "date"]
    assert len(dated) == 1
    values = dated[0].values
    assert {v.article_id for v in values} == {ap}
    assert any(v.sentence_index == -1 and "April 2" in v.value for v in values)
    assert any(v.sentence_index >= 0 and v.value.startswith("2022-11-02") for v in values)
    assert brief.event_date == "2022-11-02"


def test_no_conflict_between_agreeing_sentences(brief: StoryBrief) -> None:
    sentence_conflicts = [c for c in brief.claims if c.conflicts and c.support[0].sentence_index >= 0]
    assert sentence_conflicts == []


def test_entities_and_quotes(brief: StoryBrief) -> None:
    entities = {e.name: e for e in brief.entities}
    for name in ("North Korea", "Russia", "Ukraine", "United States", "John Kirby", "Ned Price", "Iran"):
        assert name in entities
    assert {"Pyongyang", "DPRK", "North Korean"} <= set(entities["North Korea"].aliases)
    speakers = {(q.speaker_entity, q.article_id) for q in brief.quotes} | {
        (q.speaker_entity, other) for q in brief.quotes for other in q.also_in
    }
    assert ("John Kirby", _article(brief, "TURAN")) in speakers
    assert ("John Kirby", _article(brief, "AP")) in speakers
    assert ("Ned Price", _article(brief, "TURAN")) in speakers


def test_summary_is_cited_and_starts_with_corroborated_claims(brief: StoryBrief) -> None:
    assert 3 <= len(brief.summary) <= 6
    assert all(s.support for s in brief.summary)
    assert len({e.article_id for e in brief.summary[0].support}) == 2
