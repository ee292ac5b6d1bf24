"""HTML pages through trafilatura, and HTML fragments to text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from storyweave.config import IngestOptions
from storyweave.ingest import read_bytes, read_sources
from storyweave.ingest.html import fragment_to_text, load_page, looks_like_markup, published_time
from storyweave.types import Problem, RawDocument

OPTIONS = IngestOptions()

# An invented article, in several languages, with enough prose for a main-text extractor to accept it.
PARAGRAPHS = {
    "en": [
        "The ferry between Kestrel Bay and Lark Island resumed service on Tuesday after a two-week strike by crews.",
        "The operator said the first crossing left at 6 a.m. with about 200 passengers and a dozen delivery vans.",
        "Union leaders said the agreement raises wages by four percent and limits night shifts to three per week.",
        "Island shopkeepers, who had run short of fresh produce, welcomed the news and expect a busy weekend.",
    ],
    "pt": [
        "A balsa entre a Baía do Francelho e a Ilha da Cotovia voltou a operar na terça-feira após a greve.",
        "A operadora informou que a primeira travessia partiu às 6h com cerca de 200 passageiros e uma dúzia de vans.",
        "Os sindicalistas disseram que o acordo aumenta os salários em quatro por cento e limita os turnos noturnos.",
        "Os comerciantes da ilha, que estavam sem produtos frescos, comemoraram a notícia.",
    ],
    "de": [
        "Die Fähre zwischen der Turmfalkenbucht und der Lercheninsel fährt seit Dienstag wieder.",
        "Die erste Überfahrt startete laut Betreiber um 6 Uhr mit rund 200 Fahrgästen und einem Dutzend Lieferwagen.",
        "Die Gewerkschaft sagte, die Einigung erhöhe die Löhne um vier Prozent und begrenze die Nachtschichten.",
        "Die Ladenbesitzer der Insel, denen frisches Gemüse ausgegangen war, erwarten ein volles Wochenende.",
    ],
}


def page(language: str, *, script: bool = True) -> str:
    body = "\n".join(f"<p>{text}</p>" for text in PARAGRAPHS[language])
    tracker = "<script>window.stolen = document.cookie; console.log('tracking pixel');</script>" if script else ""
    return f"""<!DOCTYPE html>
<html lang="{language}-XX"><head><meta charset="utf-8">
<title>Ferry resumes | Kestrel Gazette</title>
<meta property="og:title" content="Ferry resumes after strike">
<meta property="og:site_name" content="Kestrel Gazette">
<meta name="author" content="Ana Ribeiro">
<meta property="article:published_time" content="2024-05-06T08:30:00+02:00">
<link rel="canonical" href="https://kestrel-gazette.example/2031/05/ferry-resumes">
{tracker}<style>p {{ color: red; }}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Ferry resumes after strike</h1>
<p class="byline">By Ana Ribeiro</p>
{body}
{tracker}
</article>
<footer><p>© 2031 Kestrel Gazette. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def only_doc(items: list[RawDocument | Problem]) -> RawDocument:
    assert len(items) == 1, items
    assert isinstance(items[0], RawDocument), items[0]
    return items[0]


@pytest.mark.parametrize("language", sorted(PARAGRAPHS))
def test_html_page_text_and_metadata(tmp_path: Path, language: str) -> None:
    path = tmp_path / f"ferry-{language}.html"
    path.write_text(page(language), encoding="utf-8")
    doc = only_doc(list(read_sources([str(path)], OPTIONS)))
    assert doc.format == "html"
    assert doc.origin == str(path)
    assert doc.title == "Ferry resumes after strike"
    assert doc.source == "Kestrel Gazette"
    assert doc.authors == ["Ana Ribeiro"]
    assert doc.url == "https://kestrel-gazette.example/2031/05/ferry-resumes"
    assert doc.language == language
    # The time of day is kept from the page's own timestamp (updates are ordered by publication time).
    assert doc.published == datetime(2024, 5, 6, 6, 30, tzinfo=UTC)
    for paragraph in PARAGRAPHS[language]:
        assert paragraph in doc.text.split("\n")  # paragraph breaks kept as newlines
    assert "cookie" not in doc.text and "tracking" not in doc.text and "color" not in doc.text
    assert "Privacy" not in doc.text


def test_html_sniffed_without_extension() -> None:
    doc = only_doc(list(read_bytes(page("en").encode(), "dump/0001", OPTIONS)))
    assert doc.format == "html"


def test_html_in_legacy_encoding_declared_in_meta() -> None:
    html = page("de").replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    doc = only_doc(list(read_bytes(html, "de.html", OPTIONS, filename="de.html")))
    assert PARAGRAPHS["de"][1] in doc.text


def test_html_with_no_main_text(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text(
        "<html><head><title>Menu</title><script>var a = 1;</script></head>"
        "<body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
        encoding="utf-8",
    )
    [problem] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(problem, Problem)
    assert str(problem) == f"{path}: no article text found in the HTML"


def test_html_page_that_is_only_a_script() -> None:
    html = b"<html><body><script>" + b"document.write('x');" * 200 + b"</script></body></html>"
    [problem] = list(read_bytes(html, "script.html", OPTIONS, filename="script.html"))
    assert isinstance(problem, Problem)
    assert problem.message == "no article text found in the HTML"


def test_fragment_to_text_keeps_paragraphs_drops_scripts() -> None:
    markup = (
        "<p>Primer párrafo con <b>énfasis</b>.</p><script>alert(1)</script><style>.x{}</style>"
        "<p>Segundo<br>renglón</p><ul><li>uno</li><li>dos</li></ul>"
    )
    assert fragment_to_text(markup) == "Primer párrafo con énfasis.\nSegundo\nrenglón\nuno\ndos"


def test_fragment_to_text_of_nothing() -> None:
    assert fragment_to_text("") == ""
    assert fragment_to_text("<script>alert(1)</script>") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Hallo</p>", True),
        ("Zeile<br>zwei", True),
        ("<script src='x.js'>", True),
        ("x < y and y > z", False),
        ("(a <b and c> d)", False),
        ("Use <angle> brackets", False),
    ],
)
def test_looks_like_markup(text: str, expected: bool) -> None:
    assert looks_like_markup(text) is expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="article:published_time" content="2024-05-06T21:15:00-05:00">', "2024-05-06T21:15:00-05:00"),
        ('<meta itemprop="datePublished" content="2024-05-06">', None),  # no time of day to add
        ('<meta property="article:published_time" content="2024-05-09T10:00:00Z">', None),  # another day
        ("<time datetime='not a date'>yesterday</time>", None),
    ],
)
def test_published_time_keeps_the_hour_of_the_extracted_day(head: str, expected: str | None) -> None:
    tree = load_page(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
    found = published_time(tree, "2024-05-06")
    assert (found.isoformat() if found else None) == expected
    assert published_time(tree, None) is None
