"""Document order in claim alignment (compare/order.py): a weak sentence pair lying in the same order between two
confidently aligned pairs of two reports gets a bonus. Unit tests on score matrices, and invented texts through the
real pipeline."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime

import numpy as np
import pytest

from story_material import story_material
from storyweave.compare import CompareOptions, StoryMaterial, build_brief
from storyweave.compare.order import monotone_chain, order_bonus
from storyweave.errors import ConfigError
from storyweave.pipeline import Models

ENGLISH = [
    "A landslide buried part of the mountain village of Torvalla early on Tuesday, the regional fire service said.",
    "Four houses were swept away and two residents are still missing.",
    "Rescue teams with sniffer dogs searched the debris throughout the night.",
    "The mayor asked people living below the slope to leave their homes until geologists have checked it.",
]
# The same four facts in German; the third shares no word or name with its English partner.
GERMAN = [
    "Ein Erdrutsch hat am frühen Dienstag einen Teil des Bergdorfs Torvalla verschüttet, teilte die regionale "
    "Feuerwehr mit.",
    "Vier Häuser wurden mitgerissen, zwei Bewohner werden noch vermisst.",
    "Helfer gruben die ganze Nacht mit Spürhunden im Schutt.",
    "Der Bürgermeister forderte die Bewohner unterhalb des Hangs auf, ihre Häuser zu verlassen, bis Geologen ihn "
    "geprüft haben.",
]
PUBLISHED = datetime(2026, 5, 13, 10, 0, tzinfo=UTC)


def _brute_force_best(gain: np.ndarray) -> float:
    """The best summed positive gain over all strictly increasing chains (small matrices only)."""
    n, m = gain.shape
    best = 0.0
    cells = [(i, j) for i in range(n) for j in range(m) if gain[i, j] > 0]
    for size in range(1, min(n, m) + 1):
        for chain in itertools.combinations(cells, size):
            if all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(chain)):
                best = max(best, sum(gain[c] for c in chain))
    return best


def test_monotone_chain_is_increasing_and_optimal() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        gain = rng.normal(0.0, 0.5, size=(rng.integers(1, 6), rng.integers(1, 6)))
        chain = monotone_chain(gain)
        assert all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(chain))
        assert all(gain[c] > 0 for c in chain)
        assert sum(gain[c] for c in chain) == pytest.approx(_brute_force_best(gain))


def test_monotone_chain_skips_a_crossing_pair_and_takes_nothing_from_negative_gains() -> None:
    gain = np.array([[0.5, -1.0, 0.3], [-1.0, 0.4, -1.0], [0.2, -1.0, 0.5]])
    assert monotone_chain(gain) == [(0, 0), (1, 1), (2, 2)]  # (0, 2) and (2, 0) cross the diagonal
    assert monotone_chain(np.full((3, 4), -0.2)) == []
    assert monotone_chain(np.zeros((0, 3))) == []


def _two_articles(block: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """A story score matrix of two articles with ``block`` as their cross scores (-inf within an article)."""
    n, m = block.shape
    score = np.full((n + m, n + m), -np.inf, dtype=np.float32)
    score[:n, n:] = block
    score[n:, :n] = block.T
    return score, [1] * n + [2] * m


def test_order_bonus_fills_between_confident_pairs_only() -> None:
    options = CompareOptions(order_weight=0.15, order_floor=0.3, align_threshold=0.6, order_max_gap=None)
    block = np.array(
        [
            [0.40, 0.10, 0.10, 0.10, 0.10],  # before the first confident pair: no bonus
            [0.10, 0.80, 0.10, 0.10, 0.10],  # confident
            [0.10, 0.10, 0.45, 0.10, 0.50],  # (2, 2) in order; (2, 4) would cross (3, 3)
            [0.10, 0.10, 0.10, 0.90, 0.10],  # confident
            [0.10, 0.10, 0.10, 0.10, 0.35],  # after the last confident pair: no bonus
        ],
        dtype=np.float32,
    )
    score, owners = _two_articles(block)
    bonus = order_bonus(score, owners, options)
    cross = bonus[:5, 5:]
    assert cross[2, 2] == pytest.approx(0.15)
    assert cross[2, 4] == 0.0 and cross[0, 0] == 0.0 and cross[4, 4] == 0.0
    np.testing.assert_array_equal(bonus[5:, :5], cross.T)  # symmetric
    assert float(bonus[:5, :5].max()) == 0.0  # nothing within one article
    # Below the floor a pair never joins the chain, however well placed.
    block[2, 2] = 0.25
    assert order_bonus(*_two_articles(block), options)[2, 5 + 2] == 0.0


def test_order_bonus_needs_two_confident_pairs_close_enough() -> None:
    block = np.full((8, 8), 0.1, dtype=np.float32)
    block[0, 0] = block[7, 7] = 0.9
    block[3, 3] = 0.5
    score, owners = _two_articles(block)
    unbounded = CompareOptions(order_max_gap=None)
    assert order_bonus(score, owners, unbounded)[3, 8 + 3] == pytest.approx(unbounded.order_weight)
    # Six sentences lie between the confident pairs: more than a gap of 4 allows.
    assert order_bonus(score, owners, CompareOptions(order_max_gap=4))[3, 8 + 3] == 0.0
    assert order_bonus(score, owners, CompareOptions(order_max_gap=6))[3, 8 + 3] > 0
    block[7, 7] = 0.2  # one confident pair only: order says nothing
    assert float(order_bonus(*_two_articles(block), unbounded).max()) == 0.0
    assert float(order_bonus(score, owners, dataclasses.replace(unbounded, order_weight=0.0)).max()) == 0.0


def test_order_options_are_validated() -> None:
    with pytest.raises(ConfigError, match="weights must be >= 0"):
        CompareOptions(order_weight=-0.1)
    with pytest.raises(ConfigError, match="order_max_gap"):
        CompareOptions(order_max_gap=-1)
    with pytest.raises(ConfigError, match="order_floor"):
        CompareOptions(order_floor=3.0)


@pytest.fixture(scope="module")
def models() -> Models:
    return Models()


def _material(models: Models, german: list[str]) -> StoryMaterial:
    reports = [(ENGLISH, "https://a.example/landslide", "en"), (german, "https://b.example/erdrutsch", "de")]
    return story_material(models, "s-order", "Torvalla", PUBLISHED, reports)


def _dogs_status(material: StoryMaterial, models: Models, options: CompareOptions) -> str:
    brief = build_brief(material, options, models.embedder.embed)
    return next(c.status for c in brief.claims if any("sniffer dogs" in e.text for e in c.support))


def test_a_weak_pair_in_document_order_is_corroborated(models: Models) -> None:
    material = _material(models, GERMAN)
    assert _dogs_status(material, models, CompareOptions()) == "corroborated"
    # Without the order bonus the rough translation scores below the threshold (cosine ~0.45, no shared stem).
    assert _dogs_status(material, models, CompareOptions(order_weight=0.0)) == "single_source"


def test_the_same_pair_out_of_order_gets_no_bonus(models: Models) -> None:
    # The German report states the search last, after the mayor's warning: the pair no longer lies between two
    # aligned pairs in the same order, so nothing vouches for it.
    swapped = [GERMAN[0], GERMAN[1], GERMAN[3], GERMAN[2]]
    assert _dogs_status(_material(models, swapped), models, CompareOptions()) == "single_source"
