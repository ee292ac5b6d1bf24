"""Direct quotes, speakers and merging the same quote across sources (invented articles; seeds when present)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.annotate.sentences import split_sentences
from storyweave.compare.brief import BriefQuote
from storyweave.compare.quotes import MERGE_COSINE, MIN_QUOTE_WORDS, find_quotes, merge_quotes
from storyweave.types import Article, EntityType, Mention, article_id

SEEDS = Path(__file__).parents[2] / "shared" / "seeds"


def make_article(text: str, language: str | None) -> Article:
    aid = article_id(None, text)
    return Article(
        id=aid, title="", text=text, raw_text=text, language=language, sentences=split_sentences(aid, text, language)
    )


def mentions_for(article: Article, names: Mapping[str, tuple[EntityType, str]]) -> list[Mention]:
    """Every occurrence of each surface form, as the entity stage would tag it (surface -> type, canonical)."""
    found: list[Mention] = []
    for surface, (type_, canonical) in names.items():
        for hit in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", article.text):
            index = next(
                (s.index for s in article.sentences if s.char_start <= hit.start() < s.char_end),
                -1,
            )
            found.append(Mention(article.id, index, hit.start(), hit.end(), surface, type_, canonical))
    return sorted(found, key=lambda m: m.char_start)


def quotes_of(text: str, language: str | None, names: Mapping[str, tuple[EntityType, str]]) -> list[BriefQuote]:
    article = make_article(text, language)
    quotes = find_quotes(article, mentions_for(article, names), language)
    for q in quotes:
        assert article.text[q.char_start : q.char_end] == q.text
    return quotes


def speaker_of(quotes: list[BriefQuote], start: str) -> str | None:
    matching = [q for q in quotes if q.text.startswith(start)]
    assert len(matching) == 1, (start, [q.text for q in quotes])
    return matching[0].speaker_entity


def P(name: str) -> tuple[EntityType, str]:
    return ("PERSON", name)


# --------------------------------------------------------------------------------------------- one pattern at a time

CASES: list[tuple[str, str, dict[str, tuple[EntityType, str]], list[tuple[str, str]]]] = [
    (
        "en",
        'Harbour master Ilse Varga inspected the quay. "We lost two cranes, but nobody was hurt," Varga told '
        "reporters.\n\nThe spokesman of the port, Tomas Brell, added: “The ferries will run again by the weekend.” "
        "‘We will rebuild the old quay before winter,’ said Varga. According to Brell, the company "
        '"has already hired forty extra workers".',
        {
            "Ilse Varga": P("Ilse Varga"),
            "Varga": P("Ilse Varga"),
            "Tomas Brell": P("Tomas Brell"),
            "Brell": P("Tomas Brell"),
        },
        [
            ("We lost two cranes", "Ilse Varga"),
            ("The ferries will run", "Tomas Brell"),
            ("We will rebuild", "Ilse Varga"),
            ("has already hired", "Tomas Brell"),
        ],
    ),
    (
        "es",
        "La alcaldesa de Valdoria, Marta Quiroga, visitó el barrio. «No vamos a dejar a nadie sin casa», afirmó "
        "Quiroga.\n\nEl portavoz municipal, Andrés Peral, dijo que las obras “empezarán la próxima semana en todo el "
        'barrio". “Tenemos el dinero y tenemos los planos”, señaló el portavoz. Según Quiroga, "la ayuda llegará a '
        'todas las familias afectadas".',
        {"Marta Quiroga": P("Marta Quiroga"), "Quiroga": P("Marta Quiroga"), "Andrés Peral": P("Andrés Peral")},
        [
            ("No vamos a dejar", "Marta Quiroga"),
            ("empezarán la próxima semana", "Andrés Peral"),  # mixed marks “…" as scraped text has them
            ("Tenemos el dinero", "Andrés Peral"),
            ("la ayuda llegará", "Marta Quiroga"),
        ],
    ),
    (
        "pt",
        'O ministro da Saúde, Rui Carvalhal, anunciou a campanha. "A vacina será gratuita para todas as crianças", '
        "disse Carvalhal.\n\n“Começamos em março e terminamos em junho”, afirmou o ministro. Segundo o porta-voz "
        "Vasco Leitão, “os postos vão abrir também aos sábados”.",
        {"Rui Carvalhal": P("Rui Carvalhal"), "Carvalhal": P("Rui Carvalhal"), "Vasco Leitão": P("Vasco Leitão")},
        [
            ("A vacina será", "Rui Carvalhal"),
            ("Começamos em março", "Rui Carvalhal"),
            ("os postos vão", "Vasco Leitão"),
        ],
    ),
    (
        "fr",
        "Le porte-parole du gouvernement, Julien Marchetti, a défendu la réforme. « Nous ne reculerons pas sur "
        "l'essentiel », a déclaré Marchetti.\n\nSelon lui, « l’homme de la rue comprendra vite cette loi ». Le "
        "porte-parole a dit : « Le texte sera voté avant l'été. »",
        {"Julien Marchetti": P("Julien Marchetti"), "Marchetti": P("Julien Marchetti")},
        [
            ("Nous ne reculerons", "Julien Marchetti"),
            ("l’homme de la rue", "Julien Marchetti"),
            ("Le texte sera voté", "Julien Marchetti"),
        ],
    ),
    (
        "de",
        "Die Bürgermeisterin von Lindenau, Greta Hollweg, zeigte sich zufrieden. „Die neue Brücke wird vor dem "
        "Winter fertig sein“, sagte Hollweg.\n\n„Wir haben keinen Euro zu viel ausgegeben“, so Hollweg. Der "
        "Sprecher der Stadt, Jonas Pferdner, erklärte: »Der Verkehr fließt ab Freitag wieder normal.« Laut "
        "Pferdner ist ‚die Umleitung nur noch drei Tage nötig‘.",
        {
            "Greta Hollweg": P("Greta Hollweg"),
            "Hollweg": P("Greta Hollweg"),
            "Jonas Pferdner": P("Jonas Pferdner"),
            "Pferdner": P("Jonas Pferdner"),
        },
        [
            ("Die neue Brücke", "Greta Hollweg"),
            ("Wir haben keinen Euro", "Greta Hollweg"),
            ("Der Verkehr fließt", "Jonas Pferdner"),
            ("die Umleitung nur", "Jonas Pferdner"),
        ],
    ),
    (
        "it",
        'Il sindaco di Montereale, Paolo Fenzi, ha parlato ai cittadini. "Il ponte sarà riaperto entro la fine del '
        'mese", ha detto Fenzi. Secondo il sindaco, «i lavori costeranno meno del previsto».',
        {"Paolo Fenzi": P("Paolo Fenzi"), "Fenzi": P("Paolo Fenzi")},
        [("Il ponte sarà", "Paolo Fenzi"), ("i lavori costeranno", "Paolo Fenzi")],
    ),
    (
        "nl",
        'Burgemeester Annelies Vroom was duidelijk. "De dijk wordt dit jaar nog met een meter verhoogd", zei Vroom. '
        "“Niemand hoeft zijn huis te verlaten”, aldus de burgemeester.",
        {"Annelies Vroom": P("Annelies Vroom"), "Vroom": P("Annelies Vroom")},
        [("De dijk wordt", "Annelies Vroom"), ("Niemand hoeft", "Annelies Vroom")],
    ),
    (
        "ru",
        "«Мы восстановим мост до наступления зимы», — сказал мэр Иван Белов. По словам Белова, «работы уже "
        "начались на обоих берегах».",
        {"Иван Белов": P("Иван Белов"), "Белова": P("Иван Белов")},
        [("Мы восстановим мост", "Иван Белов"), ("работы уже", "Иван Белов")],
    ),
    (
        "tr",
        '"Köprüyü kışa kadar yeniden yapacağız" dedi Belediye Başkanı Ahmet Yıldırım. Yıldırım, "Kimse evini '
        'terk etmek zorunda kalmayacak" diye ekledi.',
        {"Ahmet Yıldırım": P("Ahmet Yıldırım"), "Yıldırım": P("Ahmet Yıldırım")},
        [("Köprüyü kışa kadar", "Ahmet Yıldırım"), ("Kimse evini", "Ahmet Yıldırım")],
    ),
]


@pytest.mark.parametrize(("language", "text", "names", "expected"), CASES, ids=[c[0] for c in CASES])
def test_quote_patterns_and_speakers_per_language(
    language: str, text: str, names: dict[str, tuple[EntityType, str]], expected: list[tuple[str, str]]
) -> None:
    quotes = quotes_of(text, language, names)
    for start, speaker in expected:
        assert speaker_of(quotes, start) == speaker, start
    assert len(quotes) == len(expected), [q.text for q in quotes]


def test_unknown_language_uses_every_language_lexicon() -> None:
    text = "«Nous ne reculerons pas sur le fond», a déclaré Julien Marchetti."
    quotes = quotes_of(text, None, {"Julien Marchetti": P("Julien Marchetti")})
    assert [q.speaker_entity for q in quotes] == ["Julien Marchetti"]


# ------------------------------------------------------------------------------------------ marks and scare quotes


def test_scare_quotes_count_only_when_attributed() -> None:
    text = (
        "The council called the damage “significant” and the repairs 'urgent' on Monday. "
        'Mayor Rosa Delgado said the town would get "every penny" it needs.'
    )
    quotes = quotes_of(text, "en", {"Rosa Delgado": P("Rosa Delgado")})
    assert [(q.text, q.speaker_entity) for q in quotes] == [("every penny", "Rosa Delgado")]
    assert MIN_QUOTE_WORDS > 2


def test_apostrophes_are_not_quote_marks() -> None:
    text = (
        "Olga Brandt's team didn't stop. 'We don't give up and we won't start now,' Brandt said. "
        "L'homme qu'on attendait n'est pas venu, a dit l’adjoint. We’re sure it’s the players' day."
    )
    quotes = quotes_of(text, "en", {"Olga Brandt": P("Olga Brandt"), "Brandt": P("Olga Brandt")})
    assert [q.text for q in quotes] == ["We don't give up and we won't start now"]
    assert quotes[0].speaker_entity == "Olga Brandt"


def test_nested_quote_stays_inside_the_outer_one() -> None:
    text = "“She told me ‘never again’ and walked out of the hall,” said Karl Emmerich, the organiser."
    quotes = quotes_of(text, "en", {"Karl Emmerich": P("Karl Emmerich")})
    assert [q.text for q in quotes] == ["She told me ‘never again’ and walked out of the hall"]
    assert quotes[0].speaker_entity == "Karl Emmerich"


def test_quote_over_two_sentences_starts_in_the_first() -> None:
    text = (
        "The river rose overnight. “We are not talking about a few streets here. Half the town is under water,” "
        "rescue chief Nadia Okafor told reporters."
    )
    article = make_article(text, "en")
    quotes = find_quotes(article, mentions_for(article, {"Nadia Okafor": P("Nadia Okafor")}), "en")
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text.startswith("We are not talking") and q.text.endswith("under water")
    first = next(s for s in article.sentences if s.char_start <= q.char_start < s.char_end)
    assert q.sentence_index == first.index == 1
    assert q.speaker_entity == "Nadia Okafor"


def test_multi_paragraph_quote_and_interrupted_quote_keep_the_speaker() -> None:
    text = (
        "“The bridge will close on Friday,” engineer Paula Renn said. “It will stay shut for a whole month.”\n\n"
        "“We checked every cable and every bolt twice.\n\n“Nothing will be left to chance this time,” she added."
    )
    quotes = quotes_of(text, "en", {"Paula Renn": P("Paula Renn")})
    assert [q.speaker_entity for q in quotes] == ["Paula Renn"] * 4
    assert quotes[2].text == "We checked every cable and every bolt twice."


# --------------------------------------------------------------------------------------- pronouns and role nouns


def test_role_noun_resolves_to_the_person_introduced_with_that_role() -> None:
    text = (
        "Ministry spokesperson Lena Ortiz opened the briefing. Finance minister Paul Grant then spoke about the "
        "budget and left. “The talks will resume next week in the capital,” the spokesperson said."
    )
    names = {"Lena Ortiz": P("Lena Ortiz"), "Paul Grant": P("Paul Grant")}
    assert speaker_of(quotes_of(text, "en", names), "The talks") == "Lena Ortiz"


def test_a_resolved_role_noun_keeps_its_person() -> None:
    text = (
        "Ruth Amsel declined to comment on the cost. The harbour was closed for the night.\n\n"
        "“The divers found nothing unusual under the hull,” the spokeswoman said. "
        "The spokeswoman added that the port would reopen “well before the weekend”."
    )
    quotes = quotes_of(text, "en", {"Ruth Amsel": P("Ruth Amsel")})
    assert [q.speaker_entity for q in quotes] == [None, None]
    text = text.replace("The harbour was closed for the night.", "Amsel spoke after the dive.")
    quotes = quotes_of(text, "en", {"Ruth Amsel": P("Ruth Amsel"), "Amsel": P("Ruth Amsel")})
    assert [q.speaker_entity for q in quotes] == ["Ruth Amsel", "Ruth Amsel"]


def test_role_noun_without_binding_and_pronoun_use_the_last_person() -> None:
    text = (
        "Irene Sahl, who leads the rescue service, toured the valley. “The road is open again for every "
        "truck,” der Sprecher said.\n\nShe said: “We will need another week to clear the smaller roads.”"
    )
    quotes = quotes_of(text, "en", {"Irene Sahl": P("Irene Sahl")})
    assert [q.speaker_entity for q in quotes] == ["Irene Sahl", "Irene Sahl"]


def test_surname_expands_and_glued_verb_is_split() -> None:
    text = (
        "Envoy Mara Lindqvistsaid on Monday that the talks had failed. "
        "“We will not sign anything this month,” said Lindqvist. The Biden administration said nothing."
    )
    names = {"Mara Lindqvistsaid": P("Mara Lindqvistsaid"), "Lindqvist": P("Lindqvist"), "Biden": P("Biden")}
    quotes = quotes_of(text, "en", names)
    assert [(q.speaker, q.speaker_entity) for q in quotes] == [("Lindqvist", "Mara Lindqvist")]


def test_organisation_speaks_when_no_person_is_near() -> None:
    text = "“Prices will fall by the end of the year,” the Northland Grain Board said in a statement."
    quotes = quotes_of(text, "en", {"Northland Grain Board": ("ORG", "Northland Grain Board")})
    assert quotes[0].speaker_entity == "Northland Grain Board"


def test_unattributed_long_quote_has_no_speaker() -> None:
    text = "Posters across the city read “the water belongs to everyone who lives here” in large letters."
    quotes = quotes_of(text, "en", {})
    assert [(q.text, q.speaker) for q in quotes] == [("the water belongs to everyone who lives here", None)]


def test_bad_mentions_and_sentences_do_not_break_it() -> None:
    text = "“We will open the school again on Monday,” said Omar Haddad."
    article = make_article(text, "en")
    article.sentences.append(article.sentences[0].__class__(article.id, 9, 500, 400, "x"))
    bogus = [Mention(article.id, 0, 900, 950, "Ghost", "PERSON", "Ghost"), Mention(article.id, 0, 5, 2, "", "ORG", "")]
    quotes = find_quotes(article, bogus + mentions_for(article, {"Omar Haddad": P("Omar Haddad")}), "xx")
    assert [q.speaker_entity for q in quotes] == ["Omar Haddad"]


def test_words_inside_another_quote_attribute_nothing() -> None:
    text = "“Nobody told us that the water was coming,” Lina Haas said, “and nobody said sorry afterwards.”"
    quotes = quotes_of(text, "en", {"Lina Haas": P("Lina Haas")})
    assert [q.speaker_entity for q in quotes] == ["Lina Haas", "Lina Haas"]


def test_addressee_after_the_verb_is_not_the_speaker() -> None:
    text = (
        "“La fábrica cerrará en junio”, explicó a Radio Norte Inés Calvo, delegada sindical.\n\n"
        "“Nadie nos ha llamado todavía para negociar”, comentó a Radio Norte un trabajador."
    )
    names = {"Radio Norte": ("ORG", "Radio Norte"), "Inés Calvo": P("Inés Calvo")}
    quotes = quotes_of(text, "es", names)
    assert [q.speaker_entity for q in quotes] == ["Inés Calvo", None]


def test_role_followed_by_the_name_and_pronoun_or_pro_drop_after_a_role() -> None:
    pt = "“Os moradores passaram a noite na rua, com medo”, disse a governadora regional Carla Montoya à rádio."
    assert quotes_of(pt, "pt", {"Carla Montoya": P("Carla Montoya")})[0].speaker_entity == "Carla Montoya"
    nl = "De minister van Landbouw was kritisch. “We moeten voorkomen dat dit een gewoonte wordt”, zei hij."
    assert [(q.speaker, q.speaker_entity) for q in quotes_of(nl, "nl", {})] == [("De minister", None)]
    it = "Lo ha spiegato il ministro al termine della riunione. “È un risultato importante, ma non basta”, ha detto."
    assert [q.speaker for q in quotes_of(it, "it", {})] == ["il ministro"]
    de = "„Die Arbeitgeber bewegen sich seit Wochen nicht“, sagte der GDL-Vorsitzende am Montag."
    assert [q.speaker for q in quotes_of(de, "de", {})] == ["der GDL-Vorsitzende"]


def test_names_inside_quotes_are_never_speakers_and_tagging_debris_is_trimmed() -> None:
    en = "“Thank God most of the houses were empty that night,” the governor told reporters."
    assert [(q.speaker, q.speaker_entity) for q in quotes_of(en, "en", {"Thank God": P("Thank God")})] == [
        ("the governor", None)
    ]
    fr = "« Le dossier est vide et nous le prouverons », a déclaré Me Hélène Corbière."
    names = {"Me Hélène Corbière": P("Me Hélène Corbière")}
    assert [q.speaker_entity for q in quotes_of(fr, "fr", names)] == ["Hélène Corbière"]
    de = "„Die meisten Opfer wurden im Schlaf überrascht“, sagte Regionalgouverneurin Carla Montoya."
    names = {"Regionalgouverneurin Carla Montoya": P("Regionalgouverneurin Carla Montoya")}
    assert [q.speaker_entity for q in quotes_of(de, "de", names)] == ["Carla Montoya"]
    glued = "“We heard knocking on the rock all night long,” rescue chief Víctor Vargassaid at the site."
    names = {"Víctor Vargassaid": P("Víctor Vargassaid")}
    assert [(q.speaker, q.speaker_entity) for q in quotes_of(glued, "en", names)] == [
        ("Víctor Vargas", "Víctor Vargas")
    ]


def test_long_text_without_sentences_stays_fast() -> None:
    # Regression: with no sentence offsets the search window once grew to the whole text (quadratic: ~100 s here).
    text = 'Ana Lopes spoke. “We will rebuild the bridge before the winter,” she said. It\'s "fine". ' * 800
    article = Article(id="long", title="", text=text, raw_text=text, language="en")
    started = time.perf_counter()
    quotes = find_quotes(article, [], "en")
    assert len(quotes) == 800 and time.perf_counter() - started < 5.0


MARKS = "“”‘’„‚«»\"' \n.,:"
LETTERS = "abcXYZéß"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from([*MARKS, *LETTERS, "said ", "he ", "Ana Lopes ", "\n\n"]), max_size=120).map("".join),
    ),
    spans=st.lists(st.tuples(st.integers(-5, 320), st.integers(-5, 320)), max_size=6),
    language=st.sampled_from(["en", "es", "pt", "fr", "de", "it", "nl", "ru", None]),
)
def test_find_quotes_never_raises_and_offsets_hold(
    text: str, spans: list[tuple[int, int]], language: str | None
) -> None:
    article = make_article(text, language)
    mentions = [Mention(article.id, 0, a, b, text[a:b] if 0 <= a < b else "", "PERSON", "X") for a, b in spans]
    for q in find_quotes(article, mentions, language):
        assert 0 <= q.char_start < q.char_end <= len(text)
        assert article.text[q.char_start : q.char_end] == q.text
        assert q.text.strip() == q.text


# ---------------------------------------------------------------------------------------------------------- merging


Embed = Callable[[list[str]], np.ndarray]


@pytest.fixture(scope="module")
def embed() -> Iterator[Embed]:
    from storyweave.embed.use import USEEmbedder

    embedder = USEEmbedder()
    yield lambda texts: embedder.embed(texts)


def q(text: str, article: str, speaker: str | None, start: int = 0) -> BriefQuote:
    return BriefQuote(text, speaker, speaker, article, 0, start, start + len(text))


@pytest.mark.slow
def test_translated_quote_is_merged_across_languages(embed: Embed) -> None:
    by_article = {
        "en1": [q("Our farmers cannot wait another year for this water.", "en1", "Lucia Ferro")],
        "es1": [
            q("Nuestros agricultores no pueden esperar otro año por esta agua.", "es1", None),
            q("El embalse se llenará antes del verano.", "es1", "Lucia Ferro", 80),
        ],
        "de1": [q("Unsere Bauern können nicht noch ein Jahr auf dieses Wasser warten.", "de1", "Lucia Ferro")],
        "pt1": [q("Os nossos agricultores não podem esperar mais um ano por esta água.", "pt1", "Lucia Ferro")],
    }
    merged = merge_quotes(by_article, embed, {})
    first = next(m for m in merged if m.article_id == "en1")
    assert sorted(first.also_in) == ["de1", "es1", "pt1"]
    assert any(m.text.startswith("El embalse") and not m.also_in for m in merged)
    assert len(merged) == 2


@pytest.mark.slow
def test_merge_respects_speakers_and_copies(embed: Embed) -> None:
    same = "The vaccine will be free for every child in the province."
    by_article = {
        "a": [q(same, "a", "Rui Carvalhal")],  # a syndicated copy of "d"
        "b": [q(same, "b", "Marta Quiroga")],  # same words, another speaker: another quote
        "d": [q(same, "d", "Rui Carvalhal")],
    }
    merged = merge_quotes(by_article, embed, {"a": "d"})
    assert [(m.article_id, m.speaker_entity, m.also_in) for m in merged] == [
        ("b", "Marta Quiroga", []),
        ("d", "Rui Carvalhal", ["a"]),
    ]


@pytest.mark.slow
def test_an_article_gives_one_quote_to_each_merged_quote(embed: Embed) -> None:
    by_article = {
        "c": [
            q("Vaccines will be free for every child in the province!", "c", None),
            q("The vaccine will be free for every child in the province.", "c", None, 90),
        ],
        "e": [q("The vaccine will be free for every child in the province.", "e", "Rui Carvalhal")],
    }
    merged = merge_quotes(by_article, embed, {})
    assert len(merged) == 2
    joined = next(m for m in merged if m.also_in)
    assert joined.char_start == 90 and joined.also_in == ["e"] and joined.speaker_entity == "Rui Carvalhal"


@pytest.mark.slow
def test_different_quotes_on_one_topic_stay_apart(embed: Embed) -> None:
    by_article = {
        "x": [q("The vaccine will be free for every child in the province.", "x", None)],
        "y": [q("Die Impfung ist für Erwachsene nicht kostenlos.", "y", None)],
        "z": [q("A campanha de vacinação começa em março.", "z", None)],
    }
    merged = merge_quotes(by_article, embed, {})
    assert all(not m.also_in for m in merged) and len(merged) == 3
    assert 0.5 < MERGE_COSINE < 0.8
    assert merge_quotes({}, embed, {}) == []


def test_merge_exact_text_without_a_model() -> None:
    def no_model(texts: list[str]) -> np.ndarray:
        return np.zeros((len(texts), 4), dtype=np.float32)

    by_article = {
        "a": [q("We will rebuild the bridge before the winter comes.", "a", "Ana Lopes")],
        "b": [q("we will rebuild the bridge before the winter comes", "b", None)],
        "c": [q("rebuild the bridge before the winter", "c", None)],
    }
    merged = merge_quotes(by_article, no_model, {})
    assert len(merged) == 1 and merged[0].also_in == ["b", "c"] and merged[0].speaker_entity == "Ana Lopes"


# ------------------------------------------------------------------------------------------------------------ seeds


@pytest.mark.slow
def test_seed_quotes_and_speakers(tmp_path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    db = tmp_path / "seeds.db"
    subprocess.run(
        [sys.executable, "-m", "storyweave", "run", str(SEEDS), "--db", str(db)], check=True, capture_output=True
    )
    from storyweave.pipeline import Models, load_story_material
    from storyweave.store import open_store

    with open_store(str(db)) as store:
        stories = store.list_stories()
        assert len(stories) == 1
        material = load_story_material(store, stories[0].id, Models())
    assert material is not None
    turan = next(a for a in material.articles if "Ned Price" in a.text)
    ap = next(a for a in material.articles if a is not turan)
    by_article = {a.id: find_quotes(a, material.mentions.get(a.id, []), a.language) for a in material.articles}
    for article in material.articles:
        for quote in by_article[article.id]:
            assert article.text[quote.char_start : quote.char_end] == quote.text

    first, second = by_article[turan.id], by_article[ap.id]
    assert speaker_of(first, "everything possible") == "Ned Price"
    assert speaker_of(first, "real destination of arms shipments") == "Ned Price"
    assert speaker_of(first, "We’re not talking dozens here") == "John Kirby"
    assert speaker_of(first, "not going to change the course of this war") == "John Kirby"
    assert speaker_of(second, "(North Korea) is secretly supplying") == "John Kirby"
    assert speaker_of(second, "We don’t think they (the guns)") == "John Kirby"
    # emphasis, not speech: nobody is quoted saying these
    texts = {x.text for x in first + second}
    assert not texts & {"significant number", "significant numbers", "covertly supplying", "severe"}
    assert next(x for x in first if x.text.startswith("We’re")).sentence_index == 1


def test_quotes_past_the_sentences_comparison_sees_are_left_out() -> None:
    # Bounded work: a very long article's sentences are cut for comparison, and its quotes with them (merging quotes
    # compares every pair of a story's quotes).
    from dataclasses import replace

    from storyweave.compare.build import _quotes_within_sentences
    from storyweave.compare.material import StoryMaterial
    from test_store import make_article

    first = '"The bridge will reopen on Monday," said the mayor.'
    later = ' "Nobody was hurt when the deck cracked in the night," said the fire chief.'
    whole = make_article(first + later)
    [sentence] = whole.sentences
    cut = replace(whole, sentences=[replace(sentence, char_end=len(first), text=first)])
    material = StoryMaterial(story_id="s", articles=[whole])
    assert len(_quotes_within_sentences(whole, material)) == 2
    assert [q.text for q in _quotes_within_sentences(cut, material)] == ["The bridge will reopen on Monday"]
