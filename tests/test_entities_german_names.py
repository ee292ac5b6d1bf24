"""German capitalises every noun: a role before a name, a genitive phrase and a sentence opening with an adjective
and a noun all look like names to capitalisation rules. Invented sentences, people and places."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.annotate import first_names
from storyweave.annotate.entities import EntityExtractor
from storyweave.annotate.first_names import is_given_name
from storyweave.annotate.sentences import split_sentences
from storyweave.types import Mention

#: The given-name dictionary is the optional extra storyweave[names] (``make`` installs it).
needs_names = pytest.mark.skipif(
    importlib.util.find_spec("gender_guesser") is None, reason="needs the optional extra storyweave[names]"
)


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def names(extractor: EntityExtractor, text: str) -> dict[str, str]:
    """canonical name -> type"""
    mentions: list[Mention] = extractor.extract("t", text, split_sentences("t", text, "de"), "de")
    return {m.canonical: m.type for m in mentions}


@needs_names
def test_given_names_are_known() -> None:
    for name in ("Lars", "michelle", "Thorsten", "Margaret", "Jonas"):
        assert is_given_name(name), name
    for word in ("Generalsekretär", "Mutter", "Analyst", "Angaben", "Verbote", ""):
        assert not is_given_name(word), word


@needs_names
@pytest.mark.parametrize(
    ("sentence", "person", "descriptor"),
    [
        ("Generalsekretärin Frieda Lautenbach kündigte am Montag eine Sondersitzung an.", "Frieda Lautenbach", None),
        ("Am Abend sagte Mutter Helga Brinkhorst vor Gericht aus.", "Helga Brinkhorst", None),
        ("Der Bericht zitiert Analyst Jonas Wendeberg mit einer düsteren Prognose.", "Jonas Wendeberg", None),
        ("In Deutschland Markus Oberwieser zu treffen, war nicht geplant.", "Markus Oberwieser", "Germany"),
    ],
)
def test_a_role_before_a_name_is_cut_off(
    extractor: EntityExtractor, sentence: str, person: str, descriptor: str | None
) -> None:
    found = names(extractor, sentence)
    assert found.get(person) == "PERSON", found
    assert not any(name.endswith(person) and name != person for name in found), found
    if descriptor is not None:
        assert descriptor in found, found


@needs_names
def test_a_genitive_phrase_is_not_a_name(extractor: EntityExtractor) -> None:
    found = names(extractor, "Nach Angaben der Feuerwehr Talbrück wurde niemand verletzt.")
    assert not any(name.startswith("Angaben") for name in found), found
    found = names(extractor, "Die Aktien der Nordwerft AG fielen am Dienstag deutlich.")
    assert not any(name.startswith("Aktien") for name in found), found
    assert any("Nordwerft" in name for name in found), found


@needs_names
def test_names_with_organisation_words_stay_whole(extractor: EntityExtractor) -> None:
    found = names(extractor, "Der Verband der Automobilindustrie warnte vor neuen Zöllen.")
    assert any(name.startswith("Verband der Automobilindustrie") for name in found), found
    found = names(extractor, "Das berichtete die New York Times am Sonntag.")
    assert not any(name == "York Times" for name in found), found


@needs_names
def test_an_adjective_and_a_noun_opening_a_sentence_are_not_a_person(extractor: EntityExtractor) -> None:
    found = names(extractor, "Umgestürzte Bäume blockierten die Landstraße. Generelle Verbote lehnt der Rat ab.")
    assert not any(kind == "PERSON" for kind in found.values()), found
    # a person opening a sentence with a given name is still one
    found = names(extractor, "Frieda Lautenbach lehnte den Vorschlag ab.")
    assert found.get("Frieda Lautenbach") == "PERSON", found


WORDS = ["Generalsekretär", "Frieda", "Lautenbach", "der", "des", "von", "Angaben", "Polizei", "Umgestürzte", "Bäume"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, ".", ",", "sagte", "am", "Montag"]), max_size=25))
def test_any_german_word_sequence_reads(words: list[str]) -> None:
    text = " ".join(words)
    extractor = _EXTRACTOR
    for mention in extractor.extract("t", text, split_sentences("t", text, "de"), "de"):
        assert text[mention.char_start : mention.char_end] == mention.text


_EXTRACTOR = EntityExtractor()


def test_without_the_dictionary_no_name_is_known_and_runs_stay_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """An install without storyweave[names]: the rules that need a given name are off, nothing fails."""
    first_names._given_names.cache_clear()
    monkeypatch.setitem(sys.modules, "gender_guesser.detector", None)  # import fails as if not installed
    try:
        assert not is_given_name("Lars")
        found = names(EntityExtractor(), "Am Montag sagte Generalsekretär Lars Klingbeil, die Sitzung falle aus.")
        assert "Lars Klingbeil" not in found, found
    finally:
        first_names._given_names.cache_clear()


def test_a_run_of_thousands_of_genitives_reads_in_linear_time() -> None:
    """A run can be as long as a text: cutting it at its articles must neither recurse per article nor rescan."""
    text = "Laut " + " der ".join(f"Xa{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(6000)) + " endet es."
    mentions = _EXTRACTOR.extract("t", text, split_sentences("t", text, "de"), "de")
    assert all(text[m.char_start : m.char_end] == m.text for m in mentions)
