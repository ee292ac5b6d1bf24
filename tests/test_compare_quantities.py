"""Figures, quantity words and polarity cues across languages (no models needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyweave.compare.conflicts import NEGATED_STEM_CHARS, negated_stems, polarity
from storyweave.compare.quantities import Quantity, agree, find_quantities, parse_number


def _kinds(text: str, language: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.kind) for q in find_quantities(text, language)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("At least 12 people died and about 140 were injured.", "en", [("12", "dead"), ("140", "injured")]),
        ("La cifra de muertos subió a 15 y hay 152 heridos.", "es", [("15", "dead"), ("152", "injured")]),
        ("O sismo de magnitude 6,8 matou pelo menos 12 pessoas.", "pt", [("6,8", "magnitude"), ("12", "dead")]),
        ("Un séisme a fait douze morts et quelque 140 blessés.", "fr", [("douze", "dead"), ("140", "injured")]),
        ("Bei dem Beben der Stärke 5,9 kamen drei Menschen ums Leben.", "de", [("5,9", "magnitude"), ("drei", "dead")]),
        ("Sono state evacuate 3.000 persone.", "it", [("3.000", "evacuated")]),
        ("Nove mineiros ficaram presos.", "pt", [("Nove", "trapped")]),
        ("The strike cancelled about 430 trains.", "en", [("430", "trains")]),
        ("The package is worth 1.2 billion euros.", "en", [("1.2 billion", "money")]),
        ("312 passengers and 41 crew were taken off the ship.", "en", [("312", "passengers"), ("41", None)]),
    ],
)
def test_kinds_across_languages(text: str, language: str, expected: list[tuple[str, str | None]]) -> None:
    assert _kinds(text, language) == expected


def test_dates_times_years_and_ordinals_are_not_figures() -> None:
    text = "The quake struck at 23:14 on the 2nd, as in 2010, and again at 11 p.m."
    assert find_quantities(text, "en") == []


@pytest.mark.parametrize(
    ("surface", "language", "value"),
    [
        ("3,000", "en", 3000.0),
        ("3.000", "es", 3000.0),
        ("3 000", "fr", 3000.0),
        ("6.8", "en", 6.8),
        ("6,8", "de", 6.8),
        ("1,2", "nl", 1.2),
        ("1.200", "pt", 1200.0),
    ],
)
def test_number_formats(surface: str, language: str, value: float) -> None:
    assert parse_number(surface, language) == value


@pytest.mark.parametrize(
    ("word", "language"),
    [("dozens", "en"), ("docenas", "es"), ("dezenas", "pt"), ("Dutzende", "de"), ("dizaines", "fr")],
)
def test_quantity_words_are_ranges(word: str, language: str) -> None:
    (q,) = find_quantities(f"{word} of houses collapsed", language)
    assert q.low < q.high and not q.exact


def test_english_once_and_miles_are_not_numbers() -> None:
    assert find_quantities("He once walked three miles.", "en") == [
        q for q in find_quantities("He once walked three miles.", "en") if q.text == "three"
    ]


def _q(low: float, high: float | None = None, approximate: bool = False) -> Quantity:
    return Quantity(low, low if high is None else high, "dead", approximate, str(low), 0, 1)


def test_agreement_rules() -> None:
    assert agree(_q(40), _q(40, approximate=True))
    assert not agree(_q(430, approximate=True), _q(500, approximate=True))  # 14% apart
    assert not agree(_q(12), _q(15))
    assert not agree(_q(6.8), _q(6.9))
    assert agree(_q(24, 99), _q(40))  # "dozens" and 40
    assert not agree(_q(24, 99), _q(200, 999))  # "dozens" vs "hundreds"


@pytest.mark.parametrize(
    ("text", "language", "affirmative", "denial"),
    [
        ("Police confirmed the president was detained.", "en", True, False),
        ("The club denied that its president was detained.", "en", False, True),
        ("The club did not deny that he was detained.", "en", True, True),
        ("El club negó que su presidente fuera detenido.", "es", False, True),
        ("O clube negou que o presidente tenha sido detido no Porto.", "pt", False, True),
        ("Le ministère a démenti toute fuite de gaz.", "fr", False, True),
        ("Die Feuerwehr dementierte einen Gasaustritt.", "de", False, True),
        ("Ihr Mandant weist alle Vorwürfe zurück.", "de", False, True),
        ("Kirby said the shells are not going to change the course of the war.", "en", False, False),
        ("It is a sign of not only support but of shortages.", "en", True, False),
        ("Il governo non ha confermato.", "it", False, False),
        ("De politie heeft geen aanwijzingen voor sabotage.", "nl", False, False),
    ],
)
def test_polarity(text: str, language: str, affirmative: bool, denial: bool) -> None:
    assert polarity(text, language) == (affirmative, denial)


@given(st.text(max_size=300), st.sampled_from(["en", "es", "pt", "fr", "de", "it", "nl", "tr", "ru", None]))
def test_never_raises(text: str, language: str | None) -> None:
    for q in find_quantities(text, language):
        assert q.low <= q.high
        assert text[q.char_start : q.char_end] == q.text
    polarity(text, language)
    assert all(len(stem) <= NEGATED_STEM_CHARS for stem in negated_stems(text, language))


def test_english_cues_are_not_read_in_other_languages() -> None:
    # Polish "ten" is "this" and "no" is "well": a real pair ("na ten cel" / "2 mld euro") was a 10-vs-2 conflict
    found = find_quantities("Do Polski trafią dwa miliardy z siedmiu miliardów euro na ten cel.", "pl")
    assert "ten" not in [q.text for q in found]
    assert polarity("No, to jest prawda, powiedział burmistrz.", "pl") == (True, False)
    assert negated_stems("No, to jest prawda, powiedział burmistrz.", "pl") == set()
    # a text whose language is unknown is read with the English words, as before
    assert [q.low for q in find_quantities("ten people died", None)] == [10.0]
    assert polarity("No one was hurt.", None) == polarity("No one was hurt.", "") == (False, False)


@pytest.mark.parametrize(
    ("text", "language", "values"),
    [
        ("Pięć osób zginęło, a dwunastu zostało rannych.", "pl", [5.0, 12.0]),
        ("Под завалами оказались шесть человек, троих спасли.", "ru", [6.0]),
        ("Kazada iki kişi öldü, on kişi yaralandı.", "tr", [2.0, 10.0]),
    ],
)
def test_inflected_number_words(text: str, language: str, values: list[float]) -> None:
    assert [q.low for q in find_quantities(text, language)][: len(values)] == values
