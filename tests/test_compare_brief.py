"""Story brief on an invented event reported in English, Spanish and German, through the real pipeline stages.

Planted: a death-toll conflict (7 vs 9), a date conflict (Tuesday vs Monday), a denial (the fire service confirms a
gas leak in two reports and denies it in the third) and a photo caption dated a year before the event. Agreeing
paraphrases (23 injured, about 200 evacuated, no evidence of sabotage) must not conflict.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from storyweave.compare import CompareOptions, StoryBrief, StoryMaterial, build_brief
from storyweave.compare.brief import Claim
from storyweave.config import CleanOptions
from storyweave.embed import embed_article
from storyweave.errors import ConfigError
from storyweave.pipeline import Models, add_to_material, annotate_article, prepare_article
from storyweave.types import Article, RawDocument

EN = """An explosion at the Quimisur fertiliser plant near Valdemora killed seven workers on Tuesday, the regional \
government said.

Another 23 people were injured, four of them seriously.

About 200 residents were evacuated from homes near the plant as a precaution.

The regional fire service confirmed that toxic gas had leaked from the damaged storage tank.

Police said there was no evidence of sabotage.

Smoke rises over the Quimisur plant in Valdemora on March 3, 2025. Photo: Lucía Prado/ AFP

Quimisur chief executive Marta Ibarra said the company would cooperate fully with the investigation.
"""

ES = """Una explosión en la planta de fertilizantes de Quimisur, cerca de Valdemora, mató a nueve trabajadores el \
lunes, según el gobierno regional.

Otras 23 personas resultaron heridas, cuatro de ellas de gravedad.

Unos 200 vecinos fueron evacuados de sus casas cerca de la planta por precaución.

Los bomberos regionales confirmaron que se escapó gas tóxico del tanque de almacenamiento dañado.

La policía dijo que no había indicios de sabotaje.

Los sindicatos llevaban meses denunciando la falta de mantenimiento en la planta.
"""

DE = """Bei einer Explosion in der Düngemittelfabrik von Quimisur bei Valdemora sind am Dienstag sieben Arbeiter ums \
Leben gekommen, teilte die Regionalregierung mit.

Weitere 23 Menschen wurden verletzt, vier von ihnen schwer.

Rund 200 Anwohner wurden vorsorglich aus ihren Häusern in der Nähe der Fabrik evakuiert.

Die Feuerwehr dementierte, dass giftiges Gas aus dem beschädigten Lagertank ausgetreten sei.

Die Polizei sagte, es gebe keine Hinweise auf Sabotage.

Die Fabrik war erst im Februar von der Gewerbeaufsicht geprüft worden.
"""

PUBLISHED = datetime(2026, 5, 13, 10, 0, tzinfo=UTC)  # a Wednesday: "Tuesday" is the 12th, "lunes" the 11th


@pytest.fixture(scope="module")
def models() -> Models:
    return Models()


def _material(models: Models, docs: list[tuple[str, str, str, str]]) -> StoryMaterial:
    """Real cleaning, sentence splitting, entities, dates and multilingual vectors for invented articles."""
    material = StoryMaterial(story_id="s-fixture", articles=[])
    for text, title, url, language in docs:
        doc = RawDocument(origin=url, text=text, title=title, url=url, published=PUBLISHED, language=language)
        article = prepare_article(doc, CleanOptions())
        assert isinstance(article, Article)
        vectors = embed_article(models.embedder, article.title, [s.text for s in article.sentences])
        add_to_material(material, article, *annotate_article(article, models.entities), vectors)
    return material


DOCS = [
    (EN, "Seven workers killed in blast at fertiliser plant", "https://en.example/blast", "en"),
    (ES, "Nueve muertos en la explosión de una planta en Valdemora", "https://es.example/explosion", "es"),
    (DE, "Sieben Tote bei Explosion in Düngemittelfabrik", "https://de.example/explosion", "de"),
]


@pytest.fixture(scope="module")
def material(models: Models) -> StoryMaterial:
    return _material(models, DOCS)


@pytest.fixture(scope="module")
def brief(material: StoryMaterial, models: Models) -> StoryBrief:
    return build_brief(material, CompareOptions(), models.embedder.embed)


def _ids(material: StoryMaterial) -> dict[str, str]:
    return {a.language or "": a.id for a in material.articles}


def _claim_with(brief: StoryBrief, fragment: str) -> Claim:
    found = [c for c in brief.claims if any(fragment in e.text for e in c.support)]
    assert found, f"no claim supported by a sentence containing {fragment!r}"
    return found[0]


def test_death_toll_conflict_names_both_figures(brief: StoryBrief, material: StoryMaterial) -> None:
    ids = _ids(material)
    numbers = [k for c in brief.claims for k in c.conflicts if k.slot == "number"]
    assert numbers, "the 7 vs 9 death toll was not flagged"
    values = {(v.article_id, v.value) for k in numbers for v in k.values}
    assert (ids["es"], "nueve") in values
    assert (ids["en"], "seven") in values
    assert all(v.sentence_index == 0 for k in numbers for v in k.values)


def test_date_conflict_between_tuesday_and_monday(brief: StoryBrief) -> None:
    dates = [
        k
        for c in brief.claims
        for k in c.conflicts
        if k.slot == "date" and all(v.sentence_index >= 0 for v in k.values)
    ]
    assert dates
    resolved = {v.value.split(" ")[0] for k in dates for v in k.values}
    assert {"2026-05-12", "2026-05-11"} <= resolved


def test_denial_is_a_polarity_conflict(brief: StoryBrief, material: StoryMaterial) -> None:
    claim = _claim_with(brief, "toxic gas")
    polar = [k for k in claim.conflicts if k.slot == "polarity"]
    assert polar and claim.status == "conflicting"
    denied = {v.article_id for v in polar[0].values if v.value == "denies"}
    assert denied == {_ids(material)["de"]}


@pytest.mark.parametrize("fragment", ["23 people were injured", "About 200 residents", "no evidence of sabotage"])
def test_agreeing_paraphrases_are_corroborated_without_conflict(brief: StoryBrief, fragment: str) -> None:
    claim = _claim_with(brief, fragment)
    assert claim.status == "corroborated", claim
    assert claim.sources == 3
    assert claim.conflicts == []
    assert len({e.article_id for e in claim.support}) == 3


def test_caption_dated_a_year_earlier_is_flagged_in_its_article(brief: StoryBrief, material: StoryMaterial) -> None:
    captions = [c for c in brief.claims if c.support[0].sentence_index == -1]
    assert len(captions) == 1
    conflict = captions[0].conflicts[0]
    assert conflict.slot == "date"
    assert {v.article_id for v in conflict.values} == {_ids(material)["en"]}
    assert any(v.sentence_index == -1 and v.value.startswith("2025-03-03") for v in conflict.values)
    assert any(v.sentence_index >= 0 and v.value.startswith("2026-05-12") for v in conflict.values)


def test_single_source_details(brief: StoryBrief) -> None:
    for fragment in ("sindicatos", "Marta Ibarra"):
        claim = _claim_with(brief, fragment)
        assert claim.status == "single_source" and claim.sources == 1


def test_brief_fields(brief: StoryBrief, material: StoryMaterial) -> None:
    assert brief.languages == ["de", "en", "es"]
    assert brief.independent_sources == 3
    assert brief.event_date == "2026-05-12"  # two of three reports say Tuesday
    assert {a.article_id for a in brief.articles} == set(_ids(material).values())
    names = {e.name for e in brief.entities}
    assert "Quimisur" in names
    assert 3 <= len(brief.summary) <= CompareOptions().summary_sentences
    assert all(s.support for s in brief.summary)
    assert brief.summary[0].text in {c.text for c in brief.claims if c.sources == 3}


def test_round_trip_and_stable_ids(brief: StoryBrief, material: StoryMaterial, models: Models) -> None:
    again = build_brief(material, CompareOptions(), models.embedder.embed)
    assert [c.claim_id for c in again.claims] == [c.claim_id for c in brief.claims]
    assert StoryBrief.from_dict(brief.to_dict()) == brief


def test_syndicated_copy_counts_once(models: Models) -> None:
    copy = (EN, "Seven workers killed in blast at fertiliser plant", "https://mirror.example/blast", "en")
    base = _material(models, [*DOCS, copy])
    ids = [a.id for a in base.articles]
    base.copies = {ids[3]: ids[0]}
    brief = build_brief(base, CompareOptions(), models.embedder.embed)
    claim = _claim_with(brief, "23 people were injured")
    assert len({e.article_id for e in claim.support}) == 4
    assert claim.sources == 3
    assert brief.independent_sources == 3
    assert next(a for a in brief.articles if a.article_id == ids[3]).copy_of == ids[0]


def test_reader_language_preference(material: StoryMaterial, models: Models) -> None:
    brief = build_brief(material, CompareOptions(language="de"), models.embedder.embed)
    claim = _claim_with(brief, "23 people were injured")
    assert claim.text.startswith("Weitere 23 Menschen")


def test_article_without_vectors_still_listed(material: StoryMaterial, models: Models) -> None:
    partial = StoryMaterial(
        story_id=material.story_id,
        articles=material.articles,
        mentions=material.mentions,
        times=material.times,
        event_dates=material.event_dates,
        sentence_vectors={k: v for i, (k, v) in enumerate(material.sentence_vectors.items()) if i > 0},
    )
    brief = build_brief(partial, CompareOptions(), models.embedder.embed)
    assert len(brief.articles) == 3
    missing = material.articles[0].id
    assert all(e.article_id != missing for c in brief.claims for e in c.support if e.sentence_index >= 0)


def test_empty_story() -> None:
    brief = build_brief(
        StoryMaterial(story_id="s-empty", articles=[]), embed=lambda texts: __import__("numpy").zeros((len(texts), 4))
    )
    assert brief.claims == [] and brief.summary == [] and brief.independent_sources == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"align_threshold": 3.0},
        {"link_floor": 0.9, "align_threshold": 0.6},
        {"summary_sentences": 0},
        {"entity_weight": -1.0},
    ],
)
def test_options_are_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        CompareOptions(**kwargs)  # type: ignore[arg-type]


def test_mixed_embedders_are_refused(material: StoryMaterial, models: Models) -> None:
    first = material.articles[0].id
    vectors = dict(material.sentence_vectors)
    vectors[first] = np.ones((len(material.articles[0].sentences), 7), dtype=np.float32)
    mixed = StoryMaterial(story_id="s-mixed", articles=material.articles, sentence_vectors=vectors)
    with pytest.raises(ConfigError, match="s-mixed"):
        build_brief(mixed, embed=models.embedder.embed)
