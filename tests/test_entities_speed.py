"""What makes entity extraction cheaper must not change what it finds: the pipeline without the shared tok2vec, and
spaCy skipped on sentences the gazetteer already explains."""

from __future__ import annotations

import importlib

import pytest

from storyweave.annotate.entities import (
    _SPACY_EXCLUDE,
    SPACY_MODELS,
    EntityExtractor,
    _rule_spans,
    _Unexplained,
)
from storyweave.annotate.gazetteer import load_gazetteer
from storyweave.annotate.sentences import split_sentences

TEXTS = {
    "en": (
        "Spokeswoman Marta Ellingsen told reporters in Santiago that the U.S. Coast Guard helped on Monday. "
        "The Kremlin denied it. He said the talks would resume. Acme Holdings said its trawler left Valparaíso."
    ),
    "fr": (
        "La porte-parole Marta Ellingsen a déclaré lundi à Santiago que la garde côtière américaine avait aidé. "
        "Le Kremlin a démenti. Il a dit que les discussions reprendraient. La société Acme a quitté Valparaíso."
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(SPACY_MODELS))
def test_ner_without_the_shared_tok2vec_finds_the_same_entities(language: str) -> None:
    module = importlib.import_module(SPACY_MODELS[language][0])
    with_shared = module.load(exclude=list(_SPACY_EXCLUDE))
    assert "tok2vec" in with_shared.pipe_names
    lean = EntityExtractor()._model(language)
    assert lean.pipe_names == ["ner"]
    text = TEXTS[language]
    sentences = [s.text for s in split_sentences("t", text, language)]
    assert [[(e.text, e.label_) for e in d.ents] for d in lean.pipe(sentences)] == [
        [(e.text, e.label_) for e in d.ents] for d in with_shared.pipe(sentences)
    ]


def _unexplained(text: str, language: str = "en") -> _Unexplained:
    sentences = split_sentences("t", text, language)
    return _Unexplained(text, language, _rule_spans(text, sentences, language, load_gazetteer()))


@pytest.mark.parametrize(
    "text",
    [
        "He said the talks would resume.",
        "It was not clear when they would meet again in November.",
        "The talks between France and Germany ended on Tuesday.",
        "Russian and Chinese officials met at the Kremlin.",
    ],
)
def test_sentences_the_rules_explain_skip_spacy(text: str) -> None:
    assert not _unexplained(text).any_in(0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        "Marta Ellingsen said the talks would resume.",  # a person only spaCy can type
        "The Betty Ford Center said it would not comment.",  # an organisation shaped like a name
        "The NTSB said the talks would resume.",  # an acronym the gazetteer does not know
        "Police said the mayor of Lyon was safe.",  # one-word cities are also surnames and words
        "He said the talks in Valdoria would resume.",  # an unknown place
    ],
)
def test_sentences_with_unexplained_capitals_go_to_spacy(text: str) -> None:
    assert _unexplained(text).any_in(0, len(text))


def test_unexplained_is_judged_per_sentence() -> None:
    text = "Marta Ellingsen spoke first. He said the talks would resume."
    second = text.index("He")
    unexplained = _unexplained(text)
    assert unexplained.any_in(0, second)
    assert not unexplained.any_in(second, len(text))


@pytest.mark.slow
def test_people_in_skipped_and_run_sentences_are_still_found() -> None:
    text = TEXTS["en"]
    mentions = EntityExtractor().extract("t", text, split_sentences("t", text, "en"), "en")
    found = {m.canonical: m.type for m in mentions}
    assert found["Marta Ellingsen"] == "PERSON"
    assert found["Russia"] in ("GPE", "ORG")  # the Kremlin, from the gazetteer
    assert "Chile" in found or "Santiago" in found
