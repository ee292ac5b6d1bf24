"""Span support in claim alignment (compare/spans.py): a sentence left alone is corroborated by a sentence of another
report that states it together with the sentence's neighbour. Invented texts through the real pipeline, and the
rules on bad or odd input."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from story_material import story_material
from storyweave.compare import CompareOptions, StoryBrief, StoryMaterial, build_brief
from storyweave.compare.align import Alignment, ClaimGroup, SentenceInfo
from storyweave.compare.spans import _names_met, add_span_support
from storyweave.config import CleanOptions
from storyweave.errors import ConfigError
from storyweave.pipeline import Models, prepare_article
from storyweave.types import Article, RawDocument

# One English sentence states two facts (the injured and the grain) ...
ENGLISH = [
    "A fire destroyed a grain warehouse in the port of Velmora on Sunday, the regional fire brigade said.",
    "Three dock workers were taken to hospital with smoke poisoning, and about 200 tonnes of wheat burned.",
    "Investigators do not yet know what caused the fire.",
]
# ... that the German report states in two sentences, one after the other.
GERMAN = [
    "Ein Feuer hat am Sonntag ein Getreidelager im Hafen von Velmora zerstört, teilte die regionale Feuerwehr mit.",
    "Drei Hafenarbeiter kamen mit Rauchvergiftungen ins Krankenhaus.",
    "Rund 200 Tonnen Weizen verbrannten.",
    "Die Ermittler wissen noch nicht, was das Feuer verursacht hat.",
]
PUBLISHED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def models() -> Models:
    return Models()


def _material(models: Models, german: list[str]) -> StoryMaterial:
    reports = [(ENGLISH, "https://a.example/fire", "en"), (german, "https://b.example/feuer", "de")]
    return story_material(models, "s-spans", "Velmora", PUBLISHED, reports)


def _german_claims(brief: StoryBrief, words: str) -> list[tuple[str, int]]:
    """(status, sources) of the claims a German sentence containing ``words`` supports."""
    return [(c.status, c.sources) for c in brief.claims if any(words in e.text for e in c.support)]


def test_both_german_sentences_are_corroborated_by_the_one_english_sentence(models: Models) -> None:
    material = _material(models, GERMAN)
    brief = build_brief(material, CompareOptions(), models.embedder.embed)
    assert _german_claims(brief, "Hafenarbeiter") == [("corroborated", 2)]
    assert _german_claims(brief, "Weizen") == [("corroborated", 2)]
    # The English sentence backs both claims: in one of them only in part, so the claim's text is the German one.
    english = [c for c in brief.claims if any("dock workers" in e.text for e in c.support)]
    assert len(english) == 2
    # Without span support one of the two German sentences is left single-source.
    off = build_brief(material, CompareOptions(span_gain=None), models.embedder.embed)
    statuses = _german_claims(off, "Hafenarbeiter") + _german_claims(off, "Weizen")
    assert ("single_source", 1) in statuses


def test_a_sentence_that_adds_something_else_gets_no_span_support(models: Models) -> None:
    # The second German sentence now reports another fact, placed where the grain was.
    other = [*GERMAN[:2], "Der Hafen soll am Mittwoch wieder für Containerschiffe öffnen.", GERMAN[3]]
    brief = build_brief(_material(models, other), CompareOptions(), models.embedder.embed)
    assert _german_claims(brief, "Containerschiffe") == [("single_source", 1)]


def _info(row: int, article: Article, text: str, entities: frozenset[str] = frozenset()) -> SentenceInfo:
    return SentenceInfo(row, article, row, text, entities, [], [])


def _article(url: str) -> Article:
    made = prepare_article(RawDocument(origin=url, text="One sentence here.", url=url, language="en"), CleanOptions())
    assert isinstance(made, Article)
    return made


def test_names_met_reads_names_by_stem_in_text_or_entities() -> None:
    a, b = _article("https://a.example/1"), _article("https://b.example/2")
    nehammer = frozenset({"Generalsekretär Karl Nehammer"})
    named = _info(0, a, "Innenminister wird Generalsekretär Karl Nehammer.", nehammer)
    assert _names_met(named, _info(1, b, "Nehammer and Tanner get the interior and defence ministries."))
    assert not _names_met(named, _info(1, b, "The Greens' Rudi Anschober becomes social affairs minister."))
    assert _names_met(_info(0, a, "Three workers were hurt."), _info(1, b, "Anything at all."))  # names no one
    mailand = _info(0, a, "Zwischen Mailand und Bologna.", frozenset({"Milan"}))
    assert _names_met(mailand, _info(1, b, "Near the city.", frozenset({"Milan"})))


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=4, max_size=20),
    filler=st.text(max_size=200),
)
def test_names_met_on_any_text(name: str, filler: str) -> None:
    """Any text: no exception, and a sentence naming someone is met by a sentence containing that name."""
    a, b = _article("https://a.example/1"), _article("https://b.example/2")
    alone = _info(0, a, f"{name} said so.", frozenset({name}))
    assert _names_met(alone, _info(1, b, f"{filler} {name} {filler}"))
    assert isinstance(_names_met(alone, _info(1, b, filler)), bool)
    assert _names_met(_info(0, a, filler), _info(1, b, filler))  # no names: nothing to meet


def _never(texts: list[str]) -> np.ndarray:
    raise AssertionError(f"no span to test, yet the model was called with {texts!r}")


def test_nothing_to_test_calls_no_model() -> None:
    empty = Alignment(sentences=[], score=np.zeros((0, 0), dtype=np.float32), groups=[])
    assert add_span_support(empty, np.zeros((0, 0), dtype=np.float32), _never, CompareOptions()) == 0
    # Two lone sentences of two articles: no claim of two sources to lend support, so no model call either.
    a, b = _article("https://a.example/1"), _article("https://b.example/2")
    infos = [_info(0, a, "First report's only sentence."), _info(1, b, "Second report's only sentence.")]
    score = np.array([[-np.inf, 0.9], [0.9, -np.inf]], dtype=np.float32)
    lone = Alignment(sentences=infos, score=score, groups=[ClaimGroup(rows=[0]), ClaimGroup(rows=[1])])
    assert add_span_support(lone, score, _never, CompareOptions()) == 0
    off = dataclasses.replace(CompareOptions(), span_gain=None)
    assert add_span_support(lone, score, _never, off) == 0


def test_odd_text_compares_without_error(models: Models) -> None:
    # Empty and symbol-only sentences, a German report of one line: nothing to join, nothing breaks.
    odd = ["!!! ??? ...", "Ein Feuer hat ein Getreidelager im Hafen von Velmora zerstört, teilte die Feuerwehr mit."]
    brief = build_brief(_material(models, odd), CompareOptions(), models.embedder.embed)
    assert brief.claims


def test_span_options_are_validated() -> None:
    with pytest.raises(ConfigError, match="span_gain"):
        CompareOptions(span_gain=5.0)
    with pytest.raises(ConfigError, match="span_max_gap"):
        CompareOptions(span_max_gap=0)
    with pytest.raises(ConfigError, match="span_floor"):
        CompareOptions(span_floor=-3.0)
    assert CompareOptions(span_gain=None).span_gain is None
