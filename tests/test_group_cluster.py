"""Story grouping on invented multilingual articles with the real USE model (loaded once for the module).

Two earthquakes of the same kind in the same week (southern Peru, eastern Turkey), each reported in several languages,
plus an unrelated port strike: the reports of each event must form one story, and the two earthquakes must not merge.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from storyweave.embed import USEEmbedder
from storyweave.errors import ConfigError
from storyweave.group import GroupDoc, GroupOptions, GroupState, build_group_doc, group
from storyweave.types import Mention

# (id, language, published, title, body, entities (canonical, type))
ARTICLES = [
    (
        "peru-en",
        "en",
        "2031-03-14T09:00",
        "Magnitude 6.8 earthquake kills 12 in southern Peru",
        "A magnitude 6.8 earthquake struck near the town of Chuquibamba in Arequipa, southern Peru, on Tuesday, "
        "killing 12 people and destroying at least 300 adobe homes. Civil defence chief Rosa Quispe said rescue "
        "teams were still searching the collapsed church in Chuquibamba. The quake was felt as far away as Lima.",
        [("Peru", "GPE"), ("Chuquibamba", "GPE"), ("Arequipa", "GPE"), ("Rosa Quispe", "PERSON"), ("Lima", "GPE")],
    ),
    (
        "peru-es",
        "es",
        "2031-03-14T11:30",
        "Sismo de magnitud 6,8 deja 12 muertos en el sur de Perú",
        "Un sismo de magnitud 6,8 sacudió el martes la localidad de Chuquibamba, en Arequipa, al sur de Perú, y dejó "
        "12 muertos y al menos 300 viviendas de adobe destruidas. La jefa de defensa civil, Rosa Quispe, dijo que los "
        "rescatistas siguen buscando en la iglesia derrumbada de Chuquibamba. El temblor se sintió hasta en Lima.",
        [("Peru", "GPE"), ("Chuquibamba", "GPE"), ("Arequipa", "GPE"), ("Rosa Quispe", "PERSON"), ("Lima", "GPE")],
    ),
    (
        "peru-de",
        "de",
        "2031-03-15T07:15",
        "Erdbeben der Stärke 6,8 tötet zwölf Menschen in Peru",
        "Ein Erdbeben der Stärke 6,8 hat am Dienstag die Kleinstadt Chuquibamba in der Region Arequipa im Süden Perus "
        "erschüttert. Mindestens 12 Menschen kamen ums Leben, rund 300 Lehmhäuser wurden zerstört. Zivilschutzchefin "
        "Rosa Quispe sagte, Retter suchten weiter in der eingestürzten Kirche von Chuquibamba.",
        [("Peru", "GPE"), ("Chuquibamba", "GPE"), ("Arequipa", "GPE"), ("Rosa Quispe", "PERSON")],
    ),
    (
        "turkey-en",
        "en",
        "2031-03-16T06:40",
        "Earthquake of magnitude 5.9 injures 40 in eastern Turkey",
        "An earthquake of magnitude 5.9 hit the district of Pütürge in Malatya province, eastern Turkey, on Thursday, "
        "injuring 40 people and damaging a bridge on the Euphrates, the disaster agency AFAD said. Governor Selim "
        "Aydoğan said schools in Pütürge would stay closed while engineers inspect buildings.",
        [("Turkey", "GPE"), ("Pütürge", "GPE"), ("Malatya", "GPE"), ("AFAD", "ORG"), ("Selim Aydoğan", "PERSON")],
    ),
    (
        "turkey-es",
        "es",
        "2031-03-16T10:05",
        "Un terremoto de magnitud 5,9 deja 40 heridos en el este de Turquía",
        "Un terremoto de magnitud 5,9 sacudió el jueves el distrito de Pütürge, en la provincia de Malatya, en el este "
        "de Turquía, y dejó 40 heridos y un puente dañado sobre el Éufrates, según la agencia AFAD. El gobernador "
        "Selim Aydoğan dijo que las escuelas de Pütürge seguirán cerradas mientras los ingenieros revisan los "
        "edificios.",
        [("Turkey", "GPE"), ("Pütürge", "GPE"), ("Malatya", "GPE"), ("AFAD", "ORG"), ("Selim Aydoğan", "PERSON")],
    ),
    (
        "turkey-pt",
        "pt",
        "2031-03-16T13:20",
        "Terremoto de magnitude 5,9 fere 40 pessoas no leste da Turquia",
        "Um terremoto de magnitude 5,9 atingiu na quinta-feira o distrito de Pütürge, na província de Malatya, no "
        "leste da Turquia, ferindo 40 pessoas e danificando uma ponte sobre o Eufrates, segundo a agência AFAD. O "
        "governador Selim Aydoğan disse que as escolas de Pütürge continuarão fechadas.",
        [("Turkey", "GPE"), ("Pütürge", "GPE"), ("Malatya", "GPE"), ("AFAD", "ORG"), ("Selim Aydoğan", "PERSON")],
    ),
    (
        "strike-fr",
        "fr",
        "2031-03-15T16:00",
        "Les dockers du port de Brest en grève pour les salaires",
        "Les dockers du port de Brest ont entamé mardi une grève de 48 heures pour réclamer une hausse des salaires de "
        "8 %. Le syndicat des ports, mené par Yannick Le Goff, dénonce des horaires de nuit non payés. Une dizaine de "
        "cargos attendent au large.",
        [("Brest", "GPE"), ("Yannick Le Goff", "PERSON")],
    ),
]

# A report of the Peru quake in Azerbaijani, a language USE was not trained on: it must still join by names and numbers.
UNCOVERED = (
    "peru-az",
    "az",
    "2031-03-14T15:00",
    "Peruda 6,8 bal gücündə zəlzələ 12 nəfərin ölümünə səbəb olub",
    "Perunun cənubunda, Arequipa bölgəsindəki Chuquibamba qəsəbəsində 6,8 bal gücündə zəlzələ baş verib, 12 nəfər "
    "ölüb, 300 ev dağılıb. Mülki müdafiə rəhbəri Rosa Quispe bildirib ki, Chuquibamba kilsəsində axtarışlar "
    "davam edir.",
    [("Peru", "GPE"), ("Chuquibamba", "GPE"), ("Arequipa", "GPE"), ("Rosa Quispe", "PERSON")],
)


def _mentions(doc_id: str, text: str, entities: list[tuple[str, str]]) -> list[Mention]:
    return [
        Mention(doc_id, 0, 0, len(name), name, kind, name)  # type: ignore[arg-type]
        for name, kind in entities
    ]


def _sentences(text: str) -> list[str]:
    return [s.strip() + "." for s in text.split(". ") if s.strip()]


@pytest.fixture(scope="module")
def embedder() -> USEEmbedder:
    return USEEmbedder(threads=1)


def _build(embedder: USEEmbedder, spec: tuple[str, str, str, str, str, list[tuple[str, str]]]) -> GroupDoc:
    doc_id, lang, published, title, body, entities = spec
    return build_group_doc(
        doc_id,
        title,
        body,
        _sentences(body),
        embedder=embedder,
        language=lang,
        published=datetime.fromisoformat(published).replace(tzinfo=UTC),
        mentions=_mentions(doc_id, body, entities),
    )


@pytest.fixture(scope="module")
def docs(embedder: USEEmbedder) -> list[GroupDoc]:
    return [_build(embedder, spec) for spec in ARTICLES]


def _copies(docs: list[GroupDoc]) -> list[GroupDoc]:
    return [dataclasses.replace(d) for d in docs]


def _story_sets(stories: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(m) for m in stories.values()}


def test_same_event_across_languages_groups_and_same_kind_separates(docs: list[GroupDoc]) -> None:
    result = group(_copies(docs), GroupOptions())
    assert _story_sets(result.stories) == {
        frozenset({"peru-en", "peru-es", "peru-de"}),
        frozenset({"turkey-en", "turkey-es", "turkey-pt"}),
        frozenset({"strike-fr"}),
    }
    # ids come from the oldest member
    assert result.assignments["peru-de"] == "s-peru-en"
    assert result.assignments["turkey-pt"] == "s-turkey-en"
    assert result.warnings == []


def test_deterministic_and_input_order_free(docs: list[GroupDoc]) -> None:
    first = group(_copies(docs), GroupOptions())
    second = group(list(reversed(_copies(docs))), GroupOptions())
    assert first.assignments == second.assignments
    assert first.stories == second.stories


def test_incremental_keeps_story_ids(docs: list[GroupDoc]) -> None:
    early = [d for d in _copies(docs) if d.id in {"peru-en", "turkey-en", "strike-fr"}]
    late = [d for d in _copies(docs) if d.id not in {"peru-en", "turkey-en", "strike-fr"}]
    state = GroupState()
    before = group(early, GroupOptions(), existing=state)
    after = group(late, GroupOptions(), existing=state)
    for article, story in before.assignments.items():
        assert after.resolve(story) == after.assignments[article] == story
    full = group(_copies(docs), GroupOptions())
    assert _story_sets(after.stories) == _story_sets(full.stories)
    again = group(_copies(docs), GroupOptions(), existing=state)  # already grouped articles are a no-op
    assert again.stories == after.stories


def test_merge_keeps_older_id_and_records_alias(embedder: USEEmbedder) -> None:
    # Two short reports in different languages share too little to join; fuller reports that arrive later link to
    # both sides, a story they started merges into an older one, and the older id survives.
    thin_en = build_group_doc(
        "a-thin",
        "Chuquibamba church collapses after quake",
        "The colonial church of Chuquibamba in Arequipa collapsed in the magnitude 6.8 earthquake, Rosa Quispe said.",
        ["The colonial church of Chuquibamba in Arequipa collapsed in the magnitude 6.8 earthquake, Rosa Quispe said."],
        embedder=embedder,
        language="en",
        published=datetime(2031, 3, 14, 9, tzinfo=UTC),
    )
    thin_es = build_group_doc(
        "b-thin",
        "Sismo de 6,8 en Arequipa",
        "Un sismo de magnitud 6,8 dejó 12 muertos y 300 casas destruidas en Arequipa, Perú.",
        ["Un sismo de magnitud 6,8 dejó 12 muertos y 300 casas destruidas en Arequipa, Perú."],
        embedder=embedder,
        language="es",
        published=datetime(2031, 3, 14, 10, tzinfo=UTC),
    )
    state = GroupState()
    first = group([thin_en, thin_es], GroupOptions(), existing=state)
    assert set(first.stories) == {"s-a-thin", "s-b-thin"}
    second = group([_build(embedder, spec) for spec in ARTICLES[:3]], GroupOptions(), existing=state)
    assert second.aliases  # at least one story merged away
    published = {d.id: d.published or datetime.min.replace(tzinfo=UTC) for d in state.docs}
    for dropped, kept in second.aliases.items():
        assert kept in second.stories and dropped not in second.stories
        assert second.resolve(dropped) == kept
        # the surviving id is the older story's: its first article is no younger than the one that founded the other
        assert published[second.stories[kept][0]] <= published[dropped.removeprefix("s-")]
    # ids handed out by the first run are still live or resolve to where their articles are now
    for article, story in first.assignments.items():
        assert second.resolve(story) == second.assignments[article]
    assert {"s-a-thin", "s-b-thin"} <= set(second.stories)


def test_uncovered_language_groups_on_lexical_and_entity_evidence(embedder: USEEmbedder, docs: list[GroupDoc]) -> None:
    az = _build(embedder, UNCOVERED)
    assert not az.embedding_trusted
    result = group([*_copies(docs), az], GroupOptions())
    assert result.assignments["peru-az"] == "s-peru-en"
    assert len(result.warnings) == 1 and "peru-az" in result.warnings[0] and "'az'" in result.warnings[0]


def test_wire_copy_is_marked_and_not_an_independent_source(docs: list[GroupDoc]) -> None:
    original = docs[0]
    copy = dataclasses.replace(
        original,
        id="peru-en-reprint",
        text=original.text + " Reporting by the wire desk.",
        published=datetime(2031, 3, 14, 12, tzinfo=UTC),
        terms={},
        minhash=None,
    )
    result = group([*_copies(docs), copy], GroupOptions())
    assert result.duplicates == {"peru-en-reprint": "peru-en"}
    story = result.assignments["peru-en-reprint"]
    assert len(result.stories[story]) == 4
    assert result.independent_sources(story) == 3


def test_documents_without_embeddings_entities_or_dates_still_group() -> None:
    bare = [
        GroupDoc(id=f"d{i}", title=title, text=text)
        for i, (title, text) in enumerate(
            [
                ("Ferry Astrid aground", "The ferry Astrid ran aground off Vlieland with 212 passengers aboard."),
                ("Veerboot Astrid vastgelopen", "De veerboot Astrid liep vast bij Vlieland met 212 passagiers."),
                ("Zoo welcomes panda cub", "A panda cub named Mei was born at the Ouwehands zoo."),
                ("x", "x"),
            ]
        )
    ]
    result = group(bare, GroupOptions())
    assert result.assignments["d0"] == result.assignments["d1"]
    assert result.assignments["d2"] != result.assignments["d0"]
    assert set(result.assignments) == {"d0", "d1", "d2", "d3"}


def test_mixed_embedding_sizes_are_a_clear_error(docs: list[GroupDoc]) -> None:
    import numpy as np

    odd = dataclasses.replace(docs[0], id="odd", embedding=np.ones(3, dtype=np.float32) / np.sqrt(3))
    with pytest.raises(ConfigError, match="re-embed"):
        group([*_copies(docs), odd], GroupOptions())


@pytest.mark.parametrize(
    "kwargs",
    [{"join_threshold": 0.0}, {"merge_threshold": 1.5}, {"link_members": 0}, {"time_window_days": -1.0}],
)
def test_options_are_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        GroupOptions(**kwargs)  # type: ignore[arg-type]
