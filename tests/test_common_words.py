"""Capitalised common words are not names when the article also writes them in lower case."""

from __future__ import annotations

from storyweave.annotate.common_words import drop_capitalised_common_words
from storyweave.annotate.entities import EntityExtractor, EntityOptions
from storyweave.types import Mention


def _m(text: str, type_: str, canonical: str | None = None) -> Mention:
    return Mention("a", 0, 0, len(text), text, type_, canonical or text)  # type: ignore[arg-type]


def test_lone_common_words_go_names_stay() -> None:
    text = "Police say the climber fell. The police chief, Mara Lind, said May would be hard. You may go."
    mentions = [
        _m("Police", "ORG"),  # also written "police": a common word at the start of a sentence
        _m("Mara Lind", "PERSON"),  # two words: a name
        _m("May", "PERSON", "Theresa May"),  # resolved to a full name: kept though "may" appears
        _m("Lind", "PERSON"),  # never written in lower case
        _m("Paris", "GPE"),  # places are not checked here
    ]
    kept = [m.text for m in drop_capitalised_common_words(mentions, text)]
    assert kept == ["Mara Lind", "May", "Lind", "Paris"]


def test_extractor_drops_them() -> None:
    text = "Police said the ferry Nordlys Star was towed to Bergen. The police gave no names."
    mentions = EntityExtractor(EntityOptions(use_spacy=False)).extract("b", text, [], "en")
    assert "Police" not in {m.text for m in mentions}
