"""Rules from real news (semeval-dev claims_gold): what is not a conflict, and what aligns across languages.

Invented sentences, real cleaning and sentence splitting; no models (entities are given by hand).
"""

from __future__ import annotations

import numpy as np

from storyweave.compare import CompareOptions, StoryMaterial
from storyweave.compare.align import (
    Alignment,
    ClaimGroup,
    SentenceInfo,
    _across_languages,
    _anchor_overlap,
    _repeated_openings,
    _stems,
)
from storyweave.compare.conflicts import _close_dates, _date_conflicts, group_conflicts, negated_stems
from storyweave.config import CleanOptions
from storyweave.pipeline import prepare_article
from storyweave.types import Article, RawDocument


def _article(url: str, text: str, language: str = "en") -> Article:
    made = prepare_article(RawDocument(origin=url, text=text, url=url, language=language), CleanOptions())
    assert isinstance(made, Article)
    return made


def _info(
    article: Article,
    index: int,
    row: int,
    entities: set[str] | None = None,
    times: list[tuple[str, str]] | None = None,
    text: str | None = None,
) -> SentenceInfo:
    sentence = text if text is not None else article.sentences[index].text
    return SentenceInfo(row, article, index, sentence, frozenset(entities or ()), [], list(times or []))


def test_dates_years_apart_are_background_not_a_conflict() -> None:
    assert _close_dates({"2020-03-30"}, {"2020-03-31"})
    assert not _close_dates({"2020-03-30"}, {"2001-09-11"})
    a = _article("https://a.example/1", "The hospital ship arrived in the port on Monday this week.")
    b = _article("https://b.example/1", "The ship was also sent to the city after the attacks of 11 September 2001.")
    monday = _info(a, 0, 0, times=[("2020-03-30", "Monday")])
    background = _info(b, 0, 1, times=[("2001-09-11", "11 September 2001")])
    assert _date_conflicts([(monday, background)]) == []
    tuesday = _info(b, 0, 1, times=[("2020-03-31", "Tuesday")])
    assert [k.slot for k in _date_conflicts([(monday, tuesday)])] == ["date"]


def _polar_alignment(denier_entities: set[str]) -> tuple[Alignment, StoryMaterial]:
    a = _article("https://a.example/2", "Cambodia agreed to let the cruise ship dock at its main port on Thursday.")
    b = _article(
        "https://b.example/2", "The ports had refused to let the cruise ship dock, officials said on Thursday."
    )
    infos = [_info(a, 0, 0, {"Cambodia"}), _info(b, 0, 1, denier_entities)]
    group = ClaimGroup(rows=[0, 1], scores={(0, 1): 0.8})
    score = np.asarray([[-np.inf, 0.8], [0.8, -np.inf]], dtype=np.float32)
    return Alignment(infos, score, [group]), StoryMaterial(story_id="s", articles=[a, b])


def test_refusal_by_an_actor_the_other_sentence_does_not_name_is_not_a_denial() -> None:
    alignment, material = _polar_alignment({"Cambodia", "Thailand"})
    slots = [k.slot for k in group_conflicts(alignment.groups[0], alignment, material, CompareOptions())]
    assert "polarity" not in slots
    alignment, material = _polar_alignment({"Cambodia"})  # the same actor refused: a real denial stays flagged
    slots = [k.slot for k in group_conflicts(alignment.groups[0], alignment, material, CompareOptions())]
    assert "polarity" in slots


def test_a_passage_repeated_in_one_article_is_one_claim() -> None:
    article = _article("https://a.example/3", "The city reported a new count on Monday evening.")
    texts = [
        "The city, the centre of the epidemic in the country with 33,000 cases and 776 deaths. | Photo: AFP",
        "The city, the centre of the epidemic in the country with 33,000 cases and 776 deaths, says a count.",
        "The city, the centre of the outbreak, reported a new count on Monday evening.",
    ]
    infos = [_info(article, i, i, text=t) for i, t in enumerate(texts)]
    repeated = _repeated_openings(infos)
    assert repeated[0, 1] and repeated[1, 0]
    assert not repeated[0, 2] and not repeated[1, 2]


def test_figures_share_a_stem_whatever_their_separators() -> None:
    assert _stems("1.000 Betten") & _stems("1,000 beds") == {"1000"}
    assert "530" in _stems("gegen 5.30 Uhr") & _stems("just after 5.30am")


def test_rare_names_and_figures_count_across_languages_only() -> None:
    de = _article(
        "https://de.example/4", "Der Zug fuhr laut Liberta mit 300 Stundenkilometern. Es regnete stark.", "de"
    )
    en = _article("https://en.example/4", "The train went at 300 kph, Liberta reported. Rain fell all day long.")
    en2 = _article("https://en2.example/4", "Liberta said the train was fast. Rain fell on the whole region.")
    infos = [_info(de, 0, 0), _info(de, 1, 1), _info(en, 0, 2), _info(en, 1, 3), _info(en2, 0, 4)]
    anchors = _anchor_overlap(infos) * _across_languages(infos)
    assert anchors[0, 2] > 0.3  # "300" is in these two sentences only, "Liberta" in one more
    assert anchors[1, 3] == 0  # no shared name or figure
    assert anchors[2, 4] == 0  # same language: stem overlap already counts "Liberta"


def _bare_negation_slots(negative: str, other: str, language: str = "en") -> list[str]:
    """Conflict slots of two sentences aligned as near-paraphrases (score 0.95), one with a bare negation."""
    a = _article(f"https://a.example/neg-{language}", negative, language)
    b = _article(f"https://b.example/neg-{language}", other, language)
    infos = [_info(a, 0, 0), _info(b, 0, 1)]
    group = ClaimGroup(rows=[0, 1], scores={(0, 1): 0.95})
    score = np.asarray([[-np.inf, 0.95], [0.95, -np.inf]], dtype=np.float32)
    alignment = Alignment(infos, score, [group])
    material = StoryMaterial(story_id="s", articles=[a, b])
    return [k.slot for k in group_conflicts(group, alignment, material, CompareOptions())]


def test_a_negation_of_what_the_other_report_does_not_say_is_no_conflict() -> None:
    assert negated_stems("The roof, not withstanding the snow, fell.", "en") == {"withs", "snow"}
    assert negated_stems("Nobody was hurt in the fire.", "en") == {"hurt", "fire"}
    # the roof fell "not withstanding the weight of the snow" / "under the snow": a detail, not a contradiction
    assert "polarity" not in _bare_negation_slots(
        "On Tuesday evening the roof of the mall collapsed, not withstanding the weight of the snow.",
        "The roof of the mall collapsed on Tuesday evening under the heavy snow, officials said.",
    )
    assert "polarity" not in _bare_negation_slots(
        "Во вторник вечером в Северогорске рухнула кровля торгового центра, не выдержав веса снега.",
        "Крыша торгового центра в Северогорске обрушилась во вторник вечером под тяжестью снега.",
        "ru",
    )


def test_a_negation_of_what_the_other_report_says_stays_a_conflict() -> None:
    assert "polarity" in _bare_negation_slots(
        "The cruise ship was not allowed to dock at the main port on Thursday.",
        "The cruise ship was allowed to dock at the main port on Thursday.",
    )
    assert "polarity" in _bare_negation_slots(
        "Nobody was hurt when the roof of the sports hall collapsed on Friday.",
        "Three people were hurt when the roof of the sports hall collapsed on Friday.",
    )
    assert "polarity" in _bare_negation_slots(
        "Die Fähre durfte am Donnerstag nicht im Hafen anlegen.",
        "Die Fähre durfte am Donnerstag im Hafen anlegen.",
        "de",
    )
