"""Publication dates stated in the text: datelines, publication lines, credit dates; and refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.annotate.pubdate import date_from_text

SEEDS = Path(__file__).parents[2] / "shared" / "seeds"


def day(text: str, language: str | None) -> str | None:
    found = date_from_text(text, language)
    return found.date().isoformat() if found else None


POSITIVES = [
    ("MADRID, 3 de noviembre de 2022 (EFE).- El puerto de Valdemora reabrió.", "es", "2022-11-03"),
    ("Berlin, 3. November 2022 (dpa) - Der Nordkai ist wieder offen.", "de", "2022-11-03"),
    ("PARIS, 14 juillet 2021 (AFP) - Le quai de Saint-Brévin a rouvert.", "fr", "2021-07-14"),
    ("LISBOA, 5 de março de 2020 (Lusa) - O cais reabriu.", "pt", "2020-03-05"),
    ("ROMA, 9 maggio 2019 (ANSA) - Il molo è stato riaperto.", "it", "2019-05-09"),
    ("WASHINGTON, March 4, 2021 (Reuters) - The pier reopened.", "en", "2021-03-04"),
    ("Ankara, 3 Kasım 2022 (AA) - İskele yeniden açıldı.", "tr", "2022-11-03"),
    ("Headline\n\nPublished: 5 March 2021 | Updated 6 March 2021\n\nThe pier reopened.", "en", "2021-03-05"),
    ("Título\nPublicado em 03/11/2022 às 14h05\nO cais reabriu.", "pt", "2022-11-03"),
    ("Titel\nVeröffentlicht am 03.11.2022, 14:05 Uhr\nDer Kai ist offen.", "de", "2022-11-03"),
    ("Publié le 3 novembre 2022 à 14h05\nLe quai a rouvert.", "fr", "2022-11-03"),
    ("Le quai a rouvert.\n\n03/11/2022 14:05", "fr", "2022-11-03"),
    ("The pier reopened.\n\n03/11/2022 14:05", "en", "2022-03-11"),  # month first in English
    ("The pier reopened.\n\n2022-11-03T09:30", None, "2022-11-03"),
    ("Fecha: 07/05/2021\nEl muelle reabrió el viernes tras meses de obras en el puerto.", "es", "2021-05-07"),
    # unknown language: hint every default language
    ("PARIS, 3 novembre 2022 (AFP) - Le quai a rouvert.", None, "2022-11-03"),
]


@pytest.mark.parametrize(("text", "language", "expected"), POSITIVES)
def test_finds_the_stated_date(text: str, language: str | None, expected: str) -> None:
    assert day(text, language) == expected


def test_time_and_timezone() -> None:
    found = date_from_text("Titel\nVeröffentlicht am 03.11.2022, 14:05 Uhr\nText.", "de")
    assert found == datetime(2022, 11, 3, 14, 5, tzinfo=UTC)
    textual = date_from_text("Published: 3 November 2022 14:05 CET\nThe pier reopened.", "en")
    assert textual == datetime(2022, 11, 3, 13, 5, tzinfo=UTC)


def test_yearless_dateline_takes_the_year_of_another_dated_line() -> None:
    text = "MADRID, 3 de noviembre (EFE).- El puerto reabrió.\n\nOtro párrafo.\n\n04/11/2019"
    assert day(text, "es") == "2019-11-03"


def test_yearless_dateline_alone_is_the_latest_past_occurrence() -> None:
    found = date_from_text("WASHINGTON, Nov. 3 (Reuters) - The pier reopened.", "en")
    assert found is not None
    now = datetime.now(UTC)
    assert (found.month, found.day) == (11, 3)
    assert now - timedelta(days=366) < found <= now


def test_yearless_dateline_of_an_older_text_is_left_unknown() -> None:
    # Read years later without metadata, the dateline's day has no year, and the text's own years say the most recent
    # past occurrence would be wrong: no date rather than a date years away from the event.
    now = datetime.now(UTC)
    old = now.year - 6
    text = f"Velden, Jan. 02, NWA - The mayor opened the new bridge as the town entered {old}.\nIn {old} more follow."
    assert date_from_text(text, "en") is None
    # A text citing this year (or the one just ended, or the next) keeps the guess; so does one citing no year.
    for year in (now.year - 1, now.year, now.year + 1):
        found = date_from_text(f"WASHINGTON, Nov. 3 (Reuters) - The {year} budget passed.", "en")
        assert found is not None and (found.month, found.day) == (11, 3)
    assert date_from_text("WASHINGTON, Nov. 3 (Reuters) - The budget passed.", "en") is not None


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # an archive read years later: the dated report beside it sets the year, nearest its date either way
        (
            "VALDEMORA, March 2 (Xinhua) -- The pier reopened on Monday.",
            datetime(2019, 3, 10, tzinfo=UTC),
            "2019-03-02",
        ),
        ("VALDEMORA, Dec. 30 (Xinhua) -- The pier reopened.", datetime(2019, 1, 10, tzinfo=UTC), "2018-12-30"),
        ("VALDEMORA, Jan. 3 (Xinhua) -- The pier reopened.", datetime(2018, 12, 28), "2019-01-03"),  # naive context
        # a date the text states with its year needs no context
        ("WASHINGTON, March 4, 2021 (Reuters) - The pier reopened.", datetime(2019, 3, 10, tzinfo=UTC), "2021-03-04"),
    ],
)
def test_yearless_dateline_takes_the_year_nearest_its_context(text: str, context: datetime, expected: str) -> None:
    found = date_from_text(text, "en", context=context)
    assert found is not None and found.date().isoformat() == expected


def test_context_year_still_refused_when_the_text_cites_other_years() -> None:
    text = "VELDEN, Jan. 02, NWA - The town entered 2019.\nIn 2019 more follow."
    assert date_from_text(text, "en", context=datetime(2015, 1, 10, tzinfo=UTC)) is None
    assert date_from_text(text, "en", context=datetime(2019, 1, 10, tzinfo=UTC)) == datetime(2019, 1, 2, tzinfo=UTC)


def test_dateline_outranks_a_credit_date() -> None:
    text = "PARIS, 3 novembre 2022 (AFP) - Le quai a rouvert.\nPhoto: Jean Dupont/ AFP 01.10.2022"
    assert day(text, "fr") == "2022-11-03"


def test_published_line_outranks_a_footer_date() -> None:
    text = "Publicado el 5 de mayo de 2021\nEl muelle reabrió.\n\n07/05/2021"
    assert day(text, "es") == "2021-05-05"


NEGATIVES = [
    ("", None),
    ("The pier reopened.\nThe mayor was there.\nPhoto: Jane Doe/ AFP 26.11.2022", "en"),
    ("Der Kai ist offen.\nAnwohner feiern am Hafen. Foto: Max Muster/dpa 06.02.2025", "de"),
    ("The pier reopened.", "en"),
    ("The mayor said on April 2 that talks in early September had failed.\nHe left today.", "en"),
    ("The vote was held on 12.10.2021 in the town hall after a long debate among all councillors.", "en"),
    ("Meanwhile, the spokesman said 3 things - first, the pier is open.", "en"),
    ("Publicado hoy\nEl muelle reabrió.", "es"),
    (
        "Data from 12.03.2021 show the pier was busy.\nThe port grew.",
        "en",
    ),  # "Data" needs a colon to be a label  # relative word, never today's date
    ("The pier reopened.\n31.02.2022", None),  # impossible date
    ("The pier reopened.\n03.11.2999", None),  # future
    ("El muelle reabrió el miércoles, dijo el alcalde, y el 3 de noviembre habrá elecciones.", "es"),
]


@pytest.mark.parametrize(("text", "language"), NEGATIVES)
def test_refuses_dates_that_are_not_publication_dates(text: str, language: str | None) -> None:
    assert date_from_text(text, language) is None


def test_unknown_language_code_falls_back() -> None:
    assert day("Berlin, 3. November 2022 (dpa) - Der Kai ist offen.", "xx") == "2022-11-03"


def test_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    undated = sorted(SEEDS.glob("000_*.txt"))
    captioned = sorted(SEEDS.glob("001_*.txt"))
    if not undated or not captioned:
        pytest.skip("seeds 000 and 001 not present")
    # Seed 000 states no date of its own ("on Wednesday", "in early September" are event dates).
    assert date_from_text(undated[0].read_text(encoding="utf-8"), "en") is None
    # Seed 001's only date of its own kind is in a photo credit, which dates the photo, not the report.
    assert date_from_text(captioned[0].read_text(encoding="utf-8"), "en") is None


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789./-: ,()\nPublishedMADRIDNov")) | st.characters(), max_size=120)
)
def test_never_raises_and_never_future(text: str) -> None:
    found = date_from_text(text)
    if found is not None:
        assert found.tzinfo is not None
        assert found <= datetime.now(UTC) + timedelta(days=1)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["Jan. 3", "Dec. 30", "29 February", "March 2", "31 de diciembre", "1. Januar"]),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)),
    st.booleans(),
)
def test_context_never_raises_and_never_future(day_text: str, context: datetime, aware: bool) -> None:
    # Any neighbouring date, naive or aware, past or future: the answer is aware, not in the future, and within a
    # year of it (two for 29 February).
    when = context.replace(tzinfo=UTC) if aware else context
    found = date_from_text(f"VALDEMORA, {day_text} (Xinhua) -- The pier reopened.", None, context=when)
    if found is not None:
        assert found.tzinfo is not None
        assert found <= datetime.now(UTC) + timedelta(days=1)
        # the nearest leap year may be two years away, or four around a century year that is not one (1900, 2100:
        # from 1 January 1902 the nearest 29 February is in 1904)
        leap_day = day_text == "29 February"
        assert abs(found - context.replace(tzinfo=UTC)) <= timedelta(days=4 * 366 if leap_day else 366)
