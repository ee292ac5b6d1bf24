"""Grouping across languages with the real models: one event reported in several languages is one story, while a
different event of the same kind, even in the same language, stays apart (invented events)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storyweave.annotate.entities import EntityExtractor
from storyweave.annotate.sentences import split_sentences
from storyweave.group import GroupDoc, GroupOptions, build_group_doc, group, similarity

#: (id, language, published day, title, text): two ferry fires, weeks and seas apart.
ARTICLES = [
    (
        "ferry-en",
        "en",
        4,
        "Fire on ferry Nordlys Star forces evacuation off Bornholm",
        "A fire broke out in the engine room of the ferry Nordlys Star off the Danish island of Bornholm on Tuesday, "
        "forcing the evacuation of 287 passengers into lifeboats. The Danish coast guard said nobody was hurt. "
        "Captain Henrik Vestergaard said the crew contained the fire within two hours. The ship was towed to Rønne.",
    ),
    (
        "ferry-de",
        "de",
        5,
        "Feuer auf Fähre Nordlys Star vor Bornholm – 287 Passagiere gerettet",
        "Im Maschinenraum der Fähre Nordlys Star ist am Dienstag vor der dänischen Insel Bornholm ein Feuer "
        "ausgebrochen. Die 287 Passagiere wurden in Rettungsboote gebracht, teilte die dänische Küstenwache mit. "
        "Verletzt wurde niemand. Kapitän Henrik Vestergaard sagte, die Besatzung habe das Feuer in zwei Stunden "
        "gelöscht. Das Schiff wurde nach Rønne geschleppt.",
    ),
    (
        "ferry-es",
        "es",
        5,
        "Evacuados 287 pasajeros del ferry Nordlys Star por un incendio cerca de Bornholm",
        "Un incendio en la sala de máquinas del ferry Nordlys Star obligó el martes a evacuar a sus 287 pasajeros "
        "frente a la isla danesa de Bornholm. La guardia costera de Dinamarca informó de que no hubo heridos. El "
        "capitán Henrik Vestergaard dijo que la tripulación controló el fuego en dos horas.",
    ),
    (
        "other-de",
        "de",
        6,
        "Brand auf Fähre Adriatica Sun vor Split – Passagiere evakuiert",
        "Auf der Fähre Adriatica Sun ist am Donnerstag vor der kroatischen Hafenstadt Split ein Brand ausgebrochen. "
        "Die 140 Passagiere wurden in Rettungsboote gebracht, teilte die kroatische Küstenwache mit. Zwei Menschen "
        "erlitten Rauchvergiftungen. Kapitänin Ivana Perković sagte, das Feuer sei im Maschinenraum entstanden. "
        "Das Schiff wurde nach Split geschleppt.",
    ),
]


@pytest.fixture(scope="module")
def docs() -> list[GroupDoc]:
    from storyweave.embed import USEEmbedder

    embedder = USEEmbedder(threads=1)
    extractor = EntityExtractor()
    out = []
    for doc_id, language, day, title, text in ARTICLES:
        sentences = split_sentences(doc_id, text, language)
        out.append(
            build_group_doc(
                doc_id,
                title,
                text,
                [s.text for s in sentences],
                embedder=embedder,
                language=language,
                published=datetime(2031, 3, day, 9, tzinfo=UTC),
                mentions=extractor.extract(doc_id, text, sentences, language),
            )
        )
    return out


@pytest.mark.slow
def test_reports_in_other_languages_join_and_same_kind_stays_apart(docs: list[GroupDoc]) -> None:
    result = group(docs, GroupOptions())
    story = result.assignments
    assert story["ferry-en"] == story["ferry-de"] == story["ferry-es"]
    assert story["other-de"] != story["ferry-de"]


@pytest.mark.slow
def test_same_event_across_languages_beats_same_kind(docs: list[GroupDoc]) -> None:
    by_id = {d.id: d for d in docs}
    options = GroupOptions()
    across = similarity(by_id["ferry-en"], by_id["ferry-de"], options)
    same_kind = similarity(by_id["ferry-de"], by_id["other-de"], options)
    other_kind_across = similarity(by_id["ferry-en"], by_id["other-de"], options)
    assert across.same_event > 0.9
    assert across.same_event > same_kind.same_event
    assert other_kind_across.same_event < 0.5
    assert across.overall <= 1.5 and other_kind_across.overall > 3.0
    assert "Henrik Vestergaard" in " ".join(across.explanation)  # the captain, named in both languages, as written
