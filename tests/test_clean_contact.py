"""Contact blocks: a press office's or a reporter's contact details at the foot of a text (clean/contact.py).

Every text here is invented for the test (names, numbers and addresses included). The blocks follow the shape of
real press releases; the reports that end with a telephone number in a sentence must keep it.
"""

from __future__ import annotations

from storyweave.clean import clean_article
from storyweave.clean.contact import read_line
from storyweave.config import CleanOptions

DE_RELEASE = """Kreis Wendholm (ots) - Unbekannte haben in der Nacht zu Mittwoch einen Kiosk an der Lindenallee \
aufgebrochen und Zigaretten gestohlen.

Zeugen, die Hinweise geben können, melden sich bitte bei der Kriminalpolizei unter der Rufnummer 04411 3870.

Rückfragen bitte an:

Polizei Kreis Wendholm

Pressestelle

Tilda Marquardt

Telefon: 04411 387-1020

E-Mail: pressestelle.wendholm@polizei.example

https://wendholm.polizei.example

Original-Content von: Polizei Kreis Wendholm, übermittelt durch Beispiel-Verteiler"""

EN_RELEASE = """Calderport Water said on Tuesday it would replace 40 kilometres of mains by 2028.

The utility will spend 120 million euros on the work, its chief executive, Oren Blythe, said.

Media contact:
Priya Naldo
+44 20 7946 0321
press@calderportwater.example"""

EN_REPORT = """A second baby was born 40 seconds after midnight at Harbour View Hospital, a spokeswoman said.

The family said they could not wait to take her home.

Contact Mara Quill at mquill@tribune.example or 555-201-4417. Follow her on social media."""

APPEAL = """Police in Marbeck are looking for witnesses to a crash on the ring road on Friday evening.

Anyone who saw the crash is asked to call the police on 0800 555 0134."""

TABLE = """Turnout by district was published by the electoral board on Sunday.

North 1 204 331
South 998 102"""


def _removed(text: str) -> list[str]:
    cleaned = clean_article("A headline for the test", text, CleanOptions())
    return [r.text for r in cleaned.removed if r.reason == "contact_block"]


def test_a_press_office_block_is_removed_and_the_report_with_its_appeal_stays() -> None:
    cleaned = clean_article("Kiosk aufgebrochen", DE_RELEASE, CleanOptions())
    removed = [r.text for r in cleaned.removed if r.reason == "contact_block"]
    assert removed[0] == "Rückfragen bitte an:"
    assert removed[-1].startswith("Original-Content von:")
    assert len(removed) == 8
    assert "Rufnummer 04411 3870" in cleaned.text  # the witness appeal is the report's own sentence
    assert "Tilda Marquardt" not in cleaned.text


def test_an_english_media_contact_is_removed() -> None:
    assert _removed(EN_RELEASE) == [
        "Media contact:",
        "Priya Naldo",
        "+44 20 7946 0321",
        "press@calderportwater.example",
    ]


def test_a_reporters_contact_line_is_removed() -> None:
    assert _removed(EN_REPORT) == [EN_REPORT.splitlines()[-1]]


def test_a_closing_sentence_with_a_number_stays() -> None:
    assert _removed(APPEAL) == []


def test_figures_at_the_end_of_a_report_stay() -> None:
    assert _removed(TABLE) == []


def test_a_contact_block_in_the_middle_of_a_text_stays() -> None:
    text = EN_RELEASE + "\n\nThe work starts in the spring, the utility said, and will close two roads for a month."
    assert _removed(text) == []


def test_a_line_is_read_for_its_details() -> None:
    line = read_line("Telefon: 04411 387-1020 / Fax: 04411 387-1099")
    assert line.reachable == 2 and line.links == 0
    assert read_line("North 1,204,331").reachable == 0  # thousands marks: a count, not a number to call
    assert read_line("Kontakt: presse@beispiel.example").heading
    assert not read_line("Kontakt zu den Behörden hatte er keinen.").heading
