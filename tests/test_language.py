"""Language identification on invented news lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.annotate.language import MIN_LETTERS, NEWS_LANGUAGES, detect_language

SEEDS = Path(__file__).parents[2] / "shared" / "seeds"

# Invented sentences about invented events, one or two per language.
SAMPLES = [
    ("en", "The harbour authority of Port Evander closed the northern pier after a cargo crane collapsed on Tuesday."),
    ("es", "Las autoridades del puerto de Valdemora cerraron el muelle norte tras el derrumbe de una grúa el martes."),
    (
        "pt",
        "As autoridades do porto de Vila Serena fecharam o cais norte depois que um guindaste desabou na terça-feira.",
    ),
    ("fr", "Les autorités du port de Saint-Brévin ont fermé la jetée nord après l'effondrement d'une grue mardi."),
    ("de", "Die Hafenbehörde von Neustrand hat den Nordkai gesperrt, nachdem am Dienstag ein Kran eingestürzt war."),
    ("it", "Le autorità del porto di Castelmare hanno chiuso il molo nord dopo il crollo di una gru martedì."),
    ("nl", "De havenautoriteit van Oostwijk heeft de noordpier gesloten nadat dinsdag een kraan was ingestort."),
    ("tr", "Yeşilköy liman idaresi, salı günü bir vinç çöktükten sonra kuzey iskelesini kapattı."),
    ("az", "Yaşıl liman idarəsi çərşənbə axşamı kran uçduqdan sonra şimal körpüsünü bağladı."),
    ("ru", "Администрация порта Северный закрыла северный причал после того, как во вторник рухнул кран."),
]


@pytest.mark.parametrize(("expected", "text"), SAMPLES)
def test_detects_news_languages(expected: str, text: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "Hola amigos", "Guten Tag", "12 34 56", "https://example.org/a/b"])
def test_too_short_or_non_linguistic_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_minimum_length_is_letters_not_characters() -> None:
    # Digits and punctuation do not count towards the minimum.
    text = "Sturm " + "1234567890 " * 10
    assert sum(ch.isalpha() for ch in text) < MIN_LETTERS
    assert detect_language(text) is None


def test_letters_count_anywhere_in_the_sample() -> None:
    # the count stops at MIN_LETTERS letters, not after MIN_LETTERS characters: digits first do not hide the prose
    prose = "The harbour authority reopened the northern pier on Friday after the storm had passed."
    assert detect_language("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15: " + prose) == "en"
    assert detect_language("7" * 4000 + " Sturm" * 3) is None  # 15 letters in all


def test_list_of_names_is_unclear() -> None:
    assert detect_language("John Smith, Maria Lopez, Hans Müller, Pierre Dubois") is None


def test_result_is_always_a_news_language() -> None:
    for _, text in SAMPLES:
        assert detect_language(text) in NEWS_LANGUAGES


def test_seeds_are_english() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    for path in sorted(SEEDS.glob("*.txt")):
        assert detect_language(path.read_text(encoding="utf-8")) == "en", path.name
