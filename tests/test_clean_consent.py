"""Consent walls: a privacy or cookie notice saved in place of, or around, an article (clean/consent.py).

Every text here is invented for the test. The notices follow the shape of real ones (the site speaks, the reader is
addressed, consent terms are dense); the news reports talk *about* data protection and must be left alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storyweave.clean import clean_article
from storyweave.clean.consent import consent_lines, outside_quotes
from storyweave.cli import app
from storyweave.config import CleanOptions
from storyweave.pipeline import prepare_article
from storyweave.types import Article, Problem, RawDocument

PL_WALL = """Drogi Czytelniku!

Chcemy rozwijać nasz portal, dlatego prosimy o Twoje zgody na dopasowanie reklam do Twoich zainteresowań.

Od 25 maja 2018 roku obowiązuje RODO, czyli rozporządzenie o ochronie danych osobowych.

Administratorem Twoich danych osobowych jest spółka Przykładowe Media z siedzibą w Lesznowoli.

Twoje dane będą przetwarzane w celach marketingowych, także w plikach cookies naszych partnerów.

Możesz wycofać zgodę w każdej chwili na stronie polityki prywatności.

Zgadzam się"""

FR_WALL = """Pour améliorer notre site et vous proposer des publicités adaptées, nous utilisons des cookies \
et des outils de nos partenaires. Le traitement de vos données personnelles est décrit dans notre Politique de \
confidentialité.

En cliquant sur « Accepter », vous donnez votre consentement à ce traitement.

Vous pouvez retirer votre consentement à tout moment depuis la page Confidentialité."""

DE_REPORT = """Die Datenschutzbehörde in Marbeck hat einen Versandhändler zu einer Strafe von 2,1 Millionen Euro \
verurteilt.

Der Händler habe personenbezogene Daten von Kunden ohne deren Einwilligung an Werbepartner weitergegeben, teilte \
die Behörde am Dienstag mit.

Auch Cookies seien ohne Zustimmung der Nutzer gesetzt worden, hieß es weiter.

Ein Sprecher des Unternehmens kündigte an, gegen den Bescheid Einspruch einzulegen."""

EN_REPORT = """Regulators in Calderport fined a ticket seller 3 million euros on Monday for sharing personal data.

"If you bought a ticket, your data was sold without consent," the privacy commissioner, Ana Ruell, told reporters.

The company said cookies on its site had been misconfigured and that it would appeal.

The fine is the largest under the region's data protection law since it came into force."""

EN_STORY = """A ferry ran aground off the coast of Tarnholm on Sunday morning, the coastguard said.

All 212 passengers were taken ashore by lifeboats; four were treated for minor injuries.

The operator said the ship had lost steering in strong winds."""

EN_BANNER = """We use cookies to improve your experience and to show you personalised advertising.

By clicking "Accept all" you consent to the use of cookies and the processing of your personal data as described \
in our privacy policy.

You can change your privacy settings at any time."""


def _raw(text: str, title: str = "", language: str = "pl") -> RawDocument:
    return RawDocument(origin="page.html", format="html", text=text, title=title, language=language)


def test_a_whole_consent_wall_leaves_the_headline_as_a_title_only_article() -> None:
    article = prepare_article(_raw(PL_WALL, title="Pożar magazynu w Lesznowoli"), CleanOptions())
    assert isinstance(article, Article)
    assert article.body_kind == "title"
    assert article.text == "Pożar magazynu w Lesznowoli"
    removed = [r.reason for r in article.removed]
    assert removed and set(removed) == {"consent_notice"}
    assert len(removed) == len([line for line in PL_WALL.splitlines() if line.strip()])


def test_a_french_cookie_wall_is_recognised_too() -> None:
    cleaned = clean_article("Reprise de deux villes", FR_WALL, CleanOptions())
    assert cleaned.text == ""
    assert {r.reason for r in cleaned.removed} == {"consent_notice"}


def test_a_consent_wall_without_a_title_is_a_problem_not_an_article() -> None:
    result = prepare_article(_raw(PL_WALL), CleanOptions())
    assert isinstance(result, Problem)
    assert "no article text" in result.message


def test_a_banner_before_the_story_goes_and_the_story_stays() -> None:
    cleaned = clean_article("Ferry aground", f"{EN_BANNER}\n\n{EN_STORY}", CleanOptions())
    assert cleaned.text.splitlines() == [line for line in EN_STORY.splitlines() if line]
    assert {r.reason for r in cleaned.removed} == {"consent_notice"}


def test_a_banner_after_the_story_goes_too() -> None:
    cleaned = clean_article("Ferry aground", f"{EN_STORY}\n\n{EN_BANNER}", CleanOptions())
    assert cleaned.text.splitlines() == [line for line in EN_STORY.splitlines() if line]


def test_news_about_data_protection_is_kept() -> None:
    # Consent terms and even a quoted "your data" are there; the density and the voice of a notice are not.
    for text in (DE_REPORT, EN_REPORT):
        assert consent_lines(text.splitlines()) == set()
        cleaned = clean_article("Fine", text, CleanOptions())
        assert not any(r.reason == "consent_notice" for r in cleaned.removed)


def test_a_notice_quoted_in_the_middle_of_a_report_is_kept() -> None:
    lines = f"{EN_STORY}\n\n{EN_BANNER}\n\n{EN_STORY}".splitlines()
    assert consent_lines(lines) == set()


def test_the_cli_says_an_article_was_read_from_its_title_only(tmp_path: Path) -> None:
    page = tmp_path / "wall.txt"
    page.write_text(f"Pożar magazynu w Lesznowoli\n\n{PL_WALL}\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    ingested = CliRunner().invoke(app, ["ingest", str(page), "--db", db])
    assert ingested.exit_code == 0
    assert "1 read from the headline only: the page was a consent notice" in ingested.output
    listed = CliRunner().invoke(app, ["articles", "--json", "--db", db])
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    shown = json.loads(CliRunner().invoke(app, ["article", row["id"], "--db", db, "--json"]).stdout)
    assert shown["body_kind"] == "title" and shown["text"] == "Pożar magazynu w Lesznowoli"
    view = CliRunner().invoke(app, ["article", row["id"], "--db", db], terminal_width=200)
    assert "title only: the page was a consent notice" in view.output
    assert "consent_notice" in view.output


def test_words_inside_quotation_marks_are_not_the_sites_voice() -> None:
    # The quote finder's scan pairs the marks of each language; an apostrophe is not a quotation mark.
    assert outside_quotes("Er sagte: „Wir schützen Ihre Daten“, dann ging er.") == "Er sagte: , dann ging er."
    assert outside_quotes("« Vos données » sont protégées, l'avocat l'a dit.") == " sont protégées, l'avocat l'a dit."
    assert outside_quotes('We said "your data" twice') == "We said  twice"
    assert outside_quotes("No quotes here, isn't it") == "No quotes here, isn't it"
