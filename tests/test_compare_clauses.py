"""Clause units in claim alignment (compare/clauses.py, align._clause_overlap).

A fact one report states on its own is one clause of a long sentence in the other; the clause overlap lets the two
align where the whole long sentence's overlap is diluted by everything else it says. Invented texts, real pipeline.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from storyweave.compare import CompareOptions, StoryMaterial, build_brief
from storyweave.compare import clauses as clauses_module
from storyweave.compare.align import _clause_overlap, _lexical_overlap, collect_sentences
from storyweave.compare.clauses import best_unit_scores, split_clauses
from storyweave.config import CleanOptions
from storyweave.embed import embed_article
from storyweave.errors import ConfigError
from storyweave.pipeline import Models, add_to_material, annotate_article, prepare_article
from storyweave.types import Article, RawDocument

SHORT = """The ferry Aurora Belle ran aground on the Selmo reef late on Friday, the coastguard said.

Divers later found a long crack in the hull below the waterline.

Investigators will examine whether the captain ignored a storm warning.
"""

LONG = """A passenger ferry struck a reef off the coast on Friday night, according to the coastguard.

The shipping company, which has run the route to Castelmare for thirty years, suspended all sailings until further \
notice on Saturday; its spokeswoman said a long crack in the hull below the waterline had been found by divers, and \
that the passengers would receive a full refund.
"""

PUBLISHED = datetime(2026, 5, 13, 10, 0, tzinfo=UTC)


def test_split_clauses_at_clause_punctuation() -> None:
    text = "Divers, who had been called in on Saturday, found a crack in the hull; the firm (its owner) said nothing."
    assert split_clauses(text, 4) == [
        "Divers who had been called in on Saturday",  # "Divers" alone is too short: joined to the next piece
        "found a crack in the hull",
        "the firm its owner said nothing.",
    ]


def test_split_clauses_leaves_short_and_unsplittable_sentences_whole() -> None:
    assert split_clauses("Divers found a long crack in the hull below the waterline.", 4) == []
    assert split_clauses("Cardona warned, it said.", 4) == []  # one clause of four words or more at most
    assert split_clauses("", 4) == []
    # Decimal commas and thousands separators are not boundaries (no space after the comma).
    assert split_clauses("The toll rose to 1,455 people and 2,5 per cent of the town were hurt.", 4) == []


def test_best_unit_scores_matches_a_brute_force_maximum(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    owners = np.sort(rng.integers(0, 9, size=30))
    owners = np.sort(np.concatenate([np.arange(9), owners]))  # every sentence owns a unit
    vectors = rng.normal(size=(len(owners), 5)).astype(np.float32)

    def scores(rows: slice) -> np.ndarray:
        return (vectors[rows] @ vectors.T).astype(np.float32)

    full = vectors @ vectors.T
    expected = np.array([[full[np.ix_(owners == a, owners == b)].max() for b in range(9)] for a in range(9)])
    np.testing.assert_allclose(best_unit_scores(owners, 9, scores), expected, rtol=1e-6)
    # Chunks smaller than one sentence's units, and chunks over several sentences, give the same maxima.
    for chunk in (1, 4, 7):
        monkeypatch.setattr(clauses_module, "CHUNK_UNITS", chunk)
        np.testing.assert_allclose(best_unit_scores(owners, 9, scores), expected, rtol=1e-6)


@pytest.fixture(scope="module")
def models() -> Models:
    return Models()


@pytest.fixture(scope="module")
def material(models: Models) -> StoryMaterial:
    material = StoryMaterial(story_id="s-clauses", articles=[], embedder_name=models.embedder.name)
    for text, url in ((SHORT, "https://a.example/ferry"), (LONG, "https://b.example/ferry")):
        doc = RawDocument(origin=url, text=text, title="Ferry aground", url=url, published=PUBLISHED, language="en")
        article = prepare_article(doc, CleanOptions())
        assert isinstance(article, Article)
        vectors = embed_article(models.embedder, article.title, [s.text for s in article.sentences])
        add_to_material(material, article, *annotate_article(article, models.entities), vectors)
    return material


def test_clause_overlap_is_at_least_the_sentence_overlap(material: StoryMaterial) -> None:
    infos, _ = collect_sentences(material, CompareOptions(), {})
    whole = _lexical_overlap(infos)
    units = _clause_overlap(infos, CompareOptions().min_clause_words)
    assert units is not None
    assert bool(np.all(units >= whole - 1e-6))
    crack = next(i.row for i in infos if i.text.startswith("Divers"))
    company = next(i.row for i in infos if i.text.startswith("The shipping company"))
    assert units[crack, company] > whole[crack, company] + 0.2  # the clause about the crack, not the whole sentence


def _crack_status(material: StoryMaterial, models: Models, options: CompareOptions) -> str:
    brief = build_brief(material, options, models.embedder.embed)
    return next(c.status for c in brief.claims if any(e.text.startswith("Divers") for e in c.support))


def test_a_fact_stated_in_one_clause_of_a_long_sentence_is_corroborated(
    material: StoryMaterial, models: Models
) -> None:
    assert _crack_status(material, models, CompareOptions()) == "corroborated"
    # Without clause units the long sentence's overlap is diluted and the fact looks single-source.
    assert _crack_status(material, models, CompareOptions(clause_weight=0.0)) == "single_source"


def test_clause_options_are_validated() -> None:
    with pytest.raises(ConfigError, match="weights must be >= 0"):
        CompareOptions(clause_weight=-0.1)
    with pytest.raises(ConfigError, match="min_clause_words"):
        CompareOptions(min_clause_words=0)
