"""Cleaning on invented noisy articles in five languages, plus property tests over open-ended input."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.clean import CleanResult, clean_article, repair_unicode
from storyweave.config import CleanOptions
from storyweave.errors import InputError
from storyweave.types import RemovalReason

OPTIONS = CleanOptions()


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    lines: tuple[str, ...]
    removed: dict[int, RemovalReason]  # line index -> reason; every other non-empty line is news and must survive
    clean_title: str


CASES = (
    Case(
        name="en",
        title="Flood barrier fails in Lowmoor as river rises | The Example Gazette",
        lines=(
            "Home > World > Europe",
            "Flood barrier fails in Lowmoor as river rises",
            "By Mara Ellison",
            "Advertisement",
            "The river Calder rose two metres overnight and breached a temporary barrier in Lowmoor, officials said.",
            "Rescue crews evacuated about 300 residents from low-lying streets before dawn.",
            "Residents wade through flooded streets in Lowmoor on Tuesday. Photo: Jan Peters/ Reuters 14.03.2031",
            "“We had less than an hour,” said shopkeeper Tom Hale.",
            "Share this article",
            "The council said repairs would take at least three weeks.",
            "Getty Images",
            "Read more: Storm warnings issued for the north coast",
            "Rescue crews evacuated about 300 residents from low-lying streets before dawn.",
            "Lowmoor floods live",
            "Lowmoor floods live",
            "Politics",
        ),
        removed={
            0: "navigation",
            1: "title_repeat",
            2: "byline",
            3: "ad_marker",
            6: "caption",
            8: "social_prompt",
            10: "photo_credit",
            11: "social_prompt",
            12: "repeated_line",
            13: "repeated_line",
            14: "repeated_line",
            15: "navigation",
        },
        clean_title="Flood barrier fails in Lowmoor as river rises",
    ),
    Case(
        name="es",
        title="Incendio forestal obliga a evacuar tres aldeas en Sierra Alta - Diario Ejemplo",
        lines=(
            "Inicio » España » Sociedad",
            "Publicidad",
            "Un incendio forestal declarado el sÃ¡bado obligÃ³ a evacuar a unos 900 vecinos de tres aldeas, informaron"
            " los bomberos.",
            "Foto: Lucía Ramos / EFE",
            "Las llamas avanzaron durante la noche empujadas por vientos de hasta 70 kilómetros por hora.",
            "Continúa después de la publicidad",
            "El alcalde, Julio Sanz, asegurÃ³ que no hay heridos y que los vecinos dormirán en el polideportivo.",
            "Síguenos en Facebook y Twitter",
            "Lea también: Las sequías de este verano baten récords",
            "Por Ana Belén Ortiz",
        ),
        removed={
            0: "navigation",
            1: "ad_marker",
            3: "photo_credit",
            5: "ad_marker",
            7: "social_prompt",
            8: "social_prompt",
            9: "byline",
        },
        clean_title="Incendio forestal obliga a evacuar tres aldeas en Sierra Alta",
    ),
    Case(
        name="pt, title is a photo credit",
        title="Foto: Arquivo pessoal",
        lines=(
            "Foto: Arquivo pessoal",
            "Chuva forte deixa bairros sem energia em Porto Claro",
            "Leia também: Prefeitura anuncia novo plano de drenagem",
            "Uma chuva forte na madrugada de quinta-feira deixou cerca de 12 mil casas sem energia em SÃ£o Bento,"
            " segundo a distribuidora.",
            "Continua depois da publicidade",
            "Técnicos trabalham para religar a rede até o fim do dia, informou a empresa em nota.",
            "Siga-nos nas redes sociais",
            "Notícias",
        ),
        removed={
            0: "photo_credit",
            1: "title_repeat",
            2: "social_prompt",
            4: "ad_marker",
            6: "social_prompt",
            7: "navigation",
        },
        clean_title="Chuva forte deixa bairros sem energia em Porto Claro",
    ),
    Case(
        name="fr",
        title="Grève des contrôleurs aériens : des centaines de vols annulés à Valmont | Le Journal Exemple",
        lines=(
            "Accueil > Actualités > Économie",
            "Grève des contrôleurs aériens : des centaines de vols annulés à Valmont",
            "Publicité",
            "Plus de 400 vols ont été annulés mardi à l'aéroport de Valmont à cause d'une grève, a dit la direction.",
            "(Photo d'illustration)",
            "« Nous demandons des effectifs supplémentaires », a déclaré un porte-parole du syndicat.",
            "Lire aussi : Les syndicats appellent à une nouvelle journée de mobilisation",
            "Suivez-nous sur les réseaux sociaux",
            "Par Claire Dubois",
        ),
        removed={
            0: "navigation",
            1: "title_repeat",
            2: "ad_marker",
            4: "photo_credit",
            6: "social_prompt",
            7: "social_prompt",
            8: "byline",
        },
        clean_title="Grève des contrôleurs aériens : des centaines de vols annulés à Valmont",
    ),
    Case(
        name="de",
        title="Brücke in Altstadt gesperrt: Risse im Beton entdeckt",
        lines=(
            "Startseite > Nachrichten > Regional",
            "Anzeige",
            "Die Stadt hat am Montag die Lindenbrücke gesperrt, nachdem Prüfer Risse im Beton entdeckt hatten.",
            "",
            "Bild: dpa",
            "Nach Angaben der Behörde sollen Gutachter bis Freitag entscheiden, ob die Brücke abgerissen werden muss.",
            "Werbung",
            "Pendler müssen mit Umwegen von bis zu 20 Minuten rechnen.",
            "Mehr zum Thema",
            "Folgen Sie uns auf Instagram",
            "Werbung",
            "Berlin",
        ),
        removed={
            0: "navigation",
            1: "ad_marker",
            4: "photo_credit",
            6: "ad_marker",
            8: "social_prompt",
            9: "social_prompt",
            10: "ad_marker",
        },
        clean_title="Brücke in Altstadt gesperrt: Risse im Beton entdeckt",
    ),
)


def _clean(case: Case) -> CleanResult:
    return clean_article(case.title, "\n".join(case.lines), OPTIONS)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_removes_exactly_the_chrome(case: Case) -> None:
    result = _clean(case)
    assert {r.line_index: r.reason for r in result.removed} == case.removed
    for removed in result.removed:
        assert removed.text == repair_unicode(case.lines[removed.line_index]).strip()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_news_line_survives_repaired_and_in_order(case: Case) -> None:
    expected = [repair_unicode(line) for i, line in enumerate(case.lines) if line and i not in case.removed]
    assert _clean(case).text.split("\n") == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_title_is_cleaned(case: Case) -> None:
    assert _clean(case).title == case.clean_title


def test_mojibake_is_repaired_in_the_body() -> None:
    text = _clean(CASES[1]).text
    assert "sábado obligó" in text and "aseguró" in text and "Ã" not in text


def test_title_that_is_only_chrome_without_a_headline_is_left_empty() -> None:
    body = "Foto: Archivo\nEl puente de Río Claro fue reabierto el lunes tras dos meses de obras, informó el municipio."
    result = clean_article("Foto: Archivo", body, OPTIONS)
    assert result.title == ""
    assert result.text == body.split("\n")[1]


def test_crumb_glued_to_the_title_is_a_title_repeat() -> None:
    body = (
        "Ministers in Eastbridge agreed a new budget on Friday after a week of talks, the finance office said.\n"
        "Latest newsEastbridge ministers agree budget after week of talks"
    )
    result = clean_article("Eastbridge ministers agree budget after week of talks", body, OPTIONS)
    assert [(r.line_index, r.reason) for r in result.removed] == [(1, "title_repeat")]


def test_truncated_title_is_completed_from_the_body() -> None:
    body = "Harbour strike halts exports from Port Mina\nDock workers at Port Mina walked out on Monday over pay."
    result = clean_article("Harbour strike halts exports from", body, OPTIONS)
    assert result.title == "Harbour strike halts exports from Port Mina"
    assert result.text == "Dock workers at Port Mina walked out on Monday over pay."


@pytest.mark.parametrize(
    "line",
    [
        "The photo, published on Monday, shows the minister shaking hands with the suspect.",
        "Reuters reported that the talks between the two delegations had stalled.",
        "By Monday, the army had withdrawn from the town, witnesses said.",
        "Advertising revenue fell 4% in the quarter, the company said.",
        "Por que o governo adiou a votação? A oposição exige explicações.",
        "Share prices in Lisbon fell sharply after the announcement.",
        "Leia o comunicado completo da empresa, que foi divulgado na segunda-feira, no site oficial.",
        "The floods destroyed 40 homes in the valley, local officials said./AP",
        "Die Polizei veröffentlichte ein Foto des Verdächtigen und bat um Hinweise.",
    ],
)
def test_news_sentences_with_chrome_words_are_kept(line: str) -> None:
    body = f"Officials in Northvale confirmed the figures on Tuesday evening.\n{line}\nMore details are expected soon."
    result = clean_article("Northvale update", body, OPTIONS)
    assert result.removed == []
    assert line in result.text.split("\n")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Foto: Ansa", "photo_credit"),
        ("Fotoğraf: AA", "photo_credit"),
        ("Фото: пресс-служба администрации", "photo_credit"),
        ("Фото из открытых источников", "photo_credit"),
        ("(Photo by Sam Lee/AP)", "photo_credit"),
        ("Reuters/Max Beispiel", "photo_credit"),
        ("Crews repair power lines in Eastmere on Sunday. (Photo by Sam Lee/AP)", "caption"),
        ("Os bombeiros combatem as chamas em Vila Nova. Foto: Rui Matos/Lusa 03.05.2031", "caption"),
        ("Story continues below advertisement", "ad_marker"),
        ("- Pubblicità -", "ad_marker"),
        ("Реклама", "ad_marker"),
        ("Leggi anche: Nuovo orario estivo per i treni regionali", "social_prompt"),
        ("Lees ook: Storm zorgt voor schade in hele provincie", "social_prompt"),
        ("Читайте также: В городе начали ремонт набережной", "social_prompt"),
        ("Bizi sosial şəbəkələrdə izləyin", "social_prompt"),
        ("Facebook Twitter WhatsApp", "social_prompt"),
        ("Home > Cronaca > Italia", "navigation"),
        ("Главная > Новости > Общество", "navigation"),
        ("Ana Sayfa > Gündem", "navigation"),
        ("Schlagwörter: Brücke, Verkehr", "navigation"),
        ("di Giulia Ferrante", "byline"),
        ("Door Pieter de Vries", "byline"),
        ("Reporting by Jane Doe; Editing by John Roe", "byline"),
        ("* * *", "empty_markup"),
    ],
)
def test_chrome_lines_in_more_languages(line: str, reason: RemovalReason) -> None:
    body = f"Officials in Northvale confirmed the figures on Tuesday evening.\n{line}\nMore details are expected soon."
    result = clean_article("Northvale update", body, OPTIONS)
    assert [(r.text, r.reason) for r in result.removed] == [(line, reason)]


def test_agency_line_at_the_foot_is_kept_for_credits() -> None:
    body = "Lawmakers in Eastbridge approved the new port law on Friday by 61 votes to 40.\nAP\nShare this article"
    result = clean_article("Eastbridge approves port law", body, OPTIONS)
    assert result.text.split("\n")[-1] == "AP"


def test_dateline_kept_and_bare_byline_reported() -> None:
    body = "\n".join(
        [
            "The parliament of Eastbridge voted on Thursday to extend the emergency measures by a month.",
            "Jonas Verhoeven",
            "Brussels",
            "Leave a review",
            "Politics",
        ]
    )
    result = clean_article("Eastbridge extends emergency measures", body, OPTIONS)
    assert {(r.text, r.reason) for r in result.removed} == {
        ("Jonas Verhoeven", "byline"),
        ("Leave a review", "social_prompt"),
        ("Politics", "navigation"),
    }
    assert result.text.endswith("\nBrussels")


def test_unknown_label_next_to_chrome_at_the_edge_is_navigation() -> None:
    body = "The museum in Oldport reopened on Saturday after a two-year renovation.\nSubscribe\nWeekend"
    result = clean_article("", body, OPTIONS)
    assert {(r.text, r.reason) for r in result.removed} == {("Subscribe", "social_prompt"), ("Weekend", "navigation")}


def test_repair_unicode_keeps_quotes_and_normalises_spaces() -> None:
    assert repair_unicode("CafÃ© “citação” it’s\u00a0ok\u200b.\r\nnext") == "Café “citação” it’s ok.\nnext"
    assert repair_unicode("e\u0301") == "é"


def test_text_without_any_sentence_is_kept() -> None:
    body = "Weekly agenda\nCouncil meeting Tuesday\nBudget hearing Thursday"
    assert clean_article("Agenda", body, OPTIONS).text == body


# --- properties -----------------------------------------------------------------------------------------------------

_SAMPLE_LINES = [line for case in CASES for line in case.lines] + [case.title for case in CASES]
_lines = st.one_of(
    st.sampled_from(_SAMPLE_LINES),
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from("Aab .:|/>»©Ã©\u00a0\u200b“”!?-"), max_size=40),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.one_of(st.sampled_from(_SAMPLE_LINES), st.text(max_size=40)), lines=st.lists(_lines, max_size=14))
def test_clean_never_raises_is_idempotent_and_keeps_input_lines(title: str, lines: list[str]) -> None:
    text = "\n".join(lines)
    first = clean_article(title, text, OPTIONS)
    second = clean_article(first.title, first.text, OPTIONS)
    assert second.removed == []
    assert second.text == first.text
    assert second.title == first.title
    # Kept lines are a subsequence of the (repaired) input lines: cleaning never edits or invents a line.
    repaired = iter(repair_unicode(line).strip() for line in text.splitlines())
    assert all(any(kept == candidate for candidate in repaired) for kept in first.text.split("\n") if kept)


def test_timestamp_title_is_replaced_by_the_headline_and_kept_in_the_body() -> None:
    body = "\n".join(
        [
            "March 3, 2031, 9:12 AM",
            "Ferry service to Isla Verde suspended after engine fire",
            "The ferry operator suspended all crossings to Isla Verde on Monday after a fire in an engine room.",
        ]
    )
    result = clean_article("March 3, 2031, 9:12 AM", body, OPTIONS)
    assert result.title == "Ferry service to Isla Verde suspended after engine fire"
    assert [(r.line_index, r.reason) for r in result.removed] == [(1, "title_repeat")]
    assert result.text.startswith("March 3, 2031, 9:12 AM\n")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Ferry service suspended after engine fire | Example Post", "Ferry service suspended after engine fire"),
        (
            "Ferry service suspended after engine fire | Travel | Example Post",
            "Ferry service suspended after engine fire",
        ),
        ("Ferry service suspended after engine fire - Example News", "Ferry service suspended after engine fire"),
        ("Fähre nach Grünwerder fällt aus – example.de", "Fähre nach Grünwerder fällt aus"),
        (
            "Ferry service suspended - what travellers need to know",
            "Ferry service suspended - what travellers need to know",
        ),
        ("Ferry halted – Where Crews Still Wait For Parts", "Ferry halted – Where Crews Still Wait For Parts"),
        ("Ferry - Site", "Ferry - Site"),
    ],
)
def test_site_suffix_is_cut_only_when_it_looks_like_a_site_name(title: str, expected: str) -> None:
    assert clean_article(title, "", OPTIONS).title == expected


def test_name_mentioned_in_the_story_is_not_taken_for_a_byline() -> None:
    body = "\n".join(
        [
            "Architect Jonas Verhoeven unveiled the design for the new Eastbridge library on Monday.",
            "Verhoeven said construction would start next spring.",
            "Jonas Verhoeven",
        ]
    )
    assert clean_article("Eastbridge library design unveiled", body, OPTIONS).removed == []


def test_kicker_beside_the_title_is_kept() -> None:
    body = "\n".join(
        [
            "Fallout Continues After Harbour Fire",
            "Harbour fire destroys three warehouses in Port Mina",
            "Three warehouses burned down in Port Mina overnight, the fire service said on Sunday.",
        ]
    )
    result = clean_article("Harbour fire destroys three warehouses in Port Mina", body, OPTIONS)
    assert [(r.line_index, r.reason) for r in result.removed] == [(1, "title_repeat")]


def test_long_repeated_row_is_kept_once_and_short_repeated_label_dropped() -> None:
    row = "Bus 14: Central Station, Market Square, Old Town, Harbour, University Campus, Airport"
    body = "\n".join(
        [
            "The city changed three bus routes on Monday to avoid the closed bridge, the transport office said.",
            row,
            "Route map",
            row,
            "Route map",
        ]
    )
    result = clean_article("City changes bus routes", body, OPTIONS)
    assert [(r.line_index, r.reason) for r in result.removed] == [
        (2, "repeated_line"),
        (3, "repeated_line"),
        (4, "repeated_line"),
    ]
    assert result.text.split("\n")[1] == row


def test_non_text_input_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match="text must be text, got NoneType"):
        clean_article("Title", None, OPTIONS)  # type: ignore[arg-type]


def test_one_line_item_keeps_its_line_as_body() -> None:
    alert = "Earthquake of magnitude 5.1 shakes Northvale"
    result = clean_article(alert, alert, OPTIONS)
    assert result.title == alert and result.text == alert and result.removed == []


# The caption-credit search runs behind a lookahead for the characters a credit can start with (a speed-up): it must
# find exactly what the pattern alone finds, including under case-insensitive matching of letters whose case forms
# are irregular (dotted and dotless i, long s, the Kelvin sign, sigma, sharp s).
_CREDIT_PIECES = [
    "Photo",
    "PHOTO",
    "photo:",
    "Foto de",
    "Fotos",
    "(Foto de",
    "[Photo by",
    "©",
    "(c)",
    "(C)",
    "Getty Images",
    "getty  images",
    "by",
    "AFP",
    "Reuters",
    "dpa",
    "26.11.2022",
    "2022-11-26",
    "Jane Roe",
    "/",
    ".",
    "!",
    ":",
    "İmage",
    "ımage",
    "ſ",
    "K",
    "Σ",
    "ß",
    "Illustration",
    "Archivbild",
    "снимок",
    "Фото",
    "x",
    " ",
    "\t",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CREDIT_PIECES), max_size=14), st.text(max_size=20))
def test_credit_tail_lookahead_finds_what_the_pattern_finds(pieces: list[str], noise: str) -> None:
    import re

    from storyweave.clean.boilerplate import _compiled, _credit_tail

    plain = re.compile(_credit_tail(), re.I)
    for line in (" ".join(pieces), "".join(pieces), noise + " ".join(pieces), " ".join(pieces) + noise):
        fast, slow = _compiled()["credit_tail"].search(line), plain.search(line)
        assert (fast and fast.span()) == (slow and slow.span()), line


def test_credit_tail_still_marks_captions() -> None:
    from storyweave.clean.boilerplate import photo_reason

    assert photo_reason("Rescuers search the rubble in Chivay. Photo: Jane Roe/ AFP 26.11.2022", 8) == "caption"
    assert photo_reason("The ferry was towed back to port on Monday evening by two tugs.", 8) is None
