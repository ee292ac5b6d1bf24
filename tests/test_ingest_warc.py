"""WARC and WARC.gz archives built with warcio's own writer: HTML responses, skipped records, truncation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyweave.config import IngestOptions
from storyweave.ingest import read_sources
from storyweave.types import Problem, RawDocument

OPTIONS = IngestOptions()

# Invented stories, one per page, in several languages.
STORIES = [
    ("en", "Lark Island ferry resumes", "The ferry to Lark Island resumed on Tuesday after a strike by crews."),
    ("es", "Vuelve el transbordador", "El transbordador a la isla Alondra volvió a operar el martes tras la huelga."),
    ("it", "Riprende il traghetto", "Il traghetto per l'isola Allodola ha ripreso martedì dopo lo sciopero."),
    ("nl", "Veerboot vaart weer", "De veerboot naar Leeuwerikeiland vaart sinds dinsdag weer na de staking."),
]


def page(language: str, title: str, sentence: str, *, dated: bool) -> bytes:
    meta = '<meta property="article:published_time" content="2024-02-14T07:00:00Z">' if dated else ""
    paragraphs = "".join(f"<p>{sentence} ({n})</p>" for n in range(1, 5))
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def response(writer: WARCWriter, uri: str, body: bytes, status: str = "200 OK", media: str = "text/html") -> None:
    headers = StatusAndHeaders(
        status,
        [("Content-Type", f"{media}; charset=utf-8"), ("Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT")],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2025-06-01T12:00:00Z"},
    )
    writer.write_record(record)


def build_warc(*, gzip: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
    for index, (language, title, sentence) in enumerate(STORIES):
        response(writer, f"https://news{index}.example/story", page(language, title, sentence, dated=index == 0))
        if index == 1:
            response(writer, "https://news1.example/missing", b"<html><body>gone</body></html>", status="404 Not Found")
            response(writer, "https://news1.example/logo.png", b"\x89PNG\r\n\x1a\n", media="image/png")
    return buffer.getvalue()


@pytest.mark.parametrize("compressed", [False, True])
def test_warc_html_responses_become_articles(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(build_warc(gzip=compressed))
    items = list(read_sources([str(path)], OPTIONS))
    assert all(isinstance(item, RawDocument) for item in items), items
    docs = [item for item in items if isinstance(item, RawDocument)]
    assert [doc.url for doc in docs] == [f"https://news{i}.example/story" for i in range(4)]
    # record 1 is warcinfo; the 404 and the image (records 4 and 5) are skipped.
    assert [doc.origin for doc in docs] == [
        f"{path}#record 2 <https://news0.example/story>",
        f"{path}#record 3 <https://news1.example/story>",
        f"{path}#record 6 <https://news2.example/story>",
        f"{path}#record 7 <https://news3.example/story>",
    ]
    assert [doc.language for doc in docs] == [language for language, _, _ in STORIES]
    assert all(doc.format == "warc" for doc in docs)
    for doc, (_, title, sentence) in zip(docs, STORIES, strict=True):
        assert doc.title == title
        assert f"{sentence} (1)" in doc.text


def test_crawl_date_is_not_a_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(build_warc(gzip=False))
    docs = [item for item in read_sources([str(path)], OPTIONS) if isinstance(item, RawDocument)]
    assert docs[0].published is not None and docs[0].published.year == 2024  # stated by the page
    assert all(doc.published is None for doc in docs[1:])  # only WARC-Date / Last-Modified: no date


def test_truncated_warc_record(tmp_path: Path) -> None:
    data = build_warc(gzip=False)
    cut = data.rindex(b"De veerboot") + 5  # inside the last record's payload
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:cut])
    items = list(read_sources([str(path)], OPTIONS))
    assert [type(item).__name__ for item in items] == ["RawDocument"] * 3 + ["Problem"]
    problem = items[-1]
    assert problem.origin == f"{path}#record 7 <https://news3.example/story>"
    assert isinstance(problem, Problem) and problem.message.startswith("truncated WARC record")


def test_truncated_warc_header_block(tmp_path: Path) -> None:
    data = build_warc(gzip=False)
    cut = data.rindex(b"WARC-Target-URI: https://news3") + 20
    path = tmp_path / "cut-header.warc"
    path.write_bytes(data[:cut])
    items = list(read_sources([str(path)], OPTIONS))
    assert [type(item).__name__ for item in items] == ["RawDocument"] * 3 + ["Problem"]
    assert items[-1].origin.startswith(f"{path}#record 7")


@pytest.mark.parametrize("fraction", [0.55, 0.8, 0.97])
def test_truncated_warc_gz_keeps_records_before_the_cut(tmp_path: Path, fraction: float) -> None:
    data = build_warc(gzip=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * fraction)])
    items = list(read_sources([str(path)], OPTIONS))
    assert isinstance(items[-1], Problem)
    assert "#record" in items[-1].origin
    assert "truncated" in items[-1].message
    assert all(isinstance(item, RawDocument) for item in items[:-1])
    assert len(items) - 1 >= {0.55: 1, 0.8: 2, 0.97: 3}[fraction]


def test_warc_without_records(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"WARC/1.0\r\n\r\n")
    [problem] = list(read_sources([str(path)], OPTIONS))
    assert isinstance(problem, Problem)
    assert "WARC" in problem.message


def test_page_without_text_is_a_problem_for_its_record_only(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    response(writer, "https://empty.example/", b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    language, title, sentence = STORIES[2]
    response(writer, "https://news2.example/story", page(language, title, sentence, dated=False))
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(buffer.getvalue())
    problem, doc = list(read_sources([str(path)], OPTIONS))
    assert str(problem) == f"{path}#record 1 <https://empty.example/>: no article text found in the HTML"
    assert isinstance(doc, RawDocument) and doc.title == title
