"""Hostile but fair input: deeply nested gzip, malformed URLs. Each gives one problem line for its item, the rest of
the batch is kept, and nothing raises (issue 12)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyweave.cli import app
from storyweave.config import IngestOptions
from storyweave.errors import FetchError
from storyweave.ingest import MAX_GZIP_LAYERS, read_bytes, read_sources
from storyweave.ingest.url import check_url
from storyweave.store import open_store
from storyweave.store.base import MAX_ID_CHARS
from storyweave.types import Problem, RawDocument

OPTIONS = IngestOptions()
GOOD = b"Ferry timetable changes on Monday\n\nThe island ferry will leave the harbour twenty minutes earlier.\n"

#: The URLs of the issue: octal and out-of-range IPv4, an unclosed IPv6 bracket, a host longer than DNS allows.
MALFORMED_URLS = [
    "http://0177.0.0.1/",
    "http://256.0.0.1/",
    "http://[::1",
    "http://" + "a" * 300 + ".example/",
    "http://" + "b." * 130 + "example/",
    "http://example.org:99999/",
]


def nested_gzip(data: bytes, depth: int) -> bytes:
    for _ in range(depth):
        data = gzip.compress(data)
    return data


def test_gzip_nested_a_thousand_deep_is_one_problem() -> None:
    blob = nested_gzip(GOOD, 1000)
    assert len(blob) < 30_000  # the issue's ~23 KB file
    items = list(read_bytes(blob, "deep.txt.gz", OPTIONS, filename="deep.txt.gz"))
    assert len(items) == 1 and isinstance(items[0], Problem)
    assert items[0].message == f"gzip nested more than {MAX_GZIP_LAYERS} layers deep; not read"


@pytest.mark.parametrize("depth", range(1, MAX_GZIP_LAYERS + 1))
def test_gzip_within_the_layer_bound_is_read(depth: int) -> None:
    [doc] = list(read_bytes(nested_gzip(GOOD, depth), "note.txt.gz", OPTIONS, filename="note.txt.gz"))
    assert isinstance(doc, RawDocument) and doc.title == "Ferry timetable changes on Monday"


def test_gzip_one_layer_past_the_bound_is_refused() -> None:
    [item] = list(read_bytes(nested_gzip(GOOD, MAX_GZIP_LAYERS + 1), "x.gz", OPTIONS, filename="x.gz"))
    assert isinstance(item, Problem) and "nested" in item.message


def test_cli_batch_keeps_the_good_files_next_to_a_deep_gzip(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "deep.txt.gz").write_bytes(nested_gzip(GOOD, 1000))
    (batch / "good.txt").write_bytes(GOOD)
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["ingest", str(batch), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None
    skipped = [line for line in result.output.splitlines() if "deep.txt.gz" in line]
    reason = f"gzip nested more than {MAX_GZIP_LAYERS} layers deep; not read"
    assert skipped == [f"skipped {batch / 'deep.txt.gz'}: {reason}"]
    with open_store(db) as store:
        assert store.count_articles() == 1


@pytest.mark.parametrize("url", MALFORMED_URLS)
def test_malformed_url_is_a_one_line_problem(url: str) -> None:
    with pytest.raises(FetchError, match=r"^malformed URL: "):
        check_url(url)
    [problem] = list(read_sources([url], OPTIONS))  # refused before any lookup: no network is touched
    assert isinstance(problem, Problem) and problem.message.startswith("malformed URL: ")
    assert "\n" not in str(problem)


def test_cli_batch_goes_on_after_malformed_urls(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(GOOD)
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["ingest", *MALFORMED_URLS, str(good), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    assert sum(line.startswith("skipped http") for line in result.output.splitlines()) == len(MALFORMED_URLS)
    with open_store(db) as store:
        assert store.count_articles() == 1


def _store_with_one_article(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_bytes(GOOD)
    db = tmp_path / "s.db"
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "good.txt"), "--db", str(db)]).exit_code == 0
    return db


def test_cli_article_with_an_id_of_50000_characters_is_one_line(tmp_path: Path) -> None:
    db = _store_with_one_article(tmp_path)
    result = CliRunner().invoke(app, ["article", "a" * 50_000, "--db", str(db)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "(50000 characters)" in lines[0] and len(lines[0]) < 200


def test_store_lookups_refuse_over_long_ids_before_querying(tmp_path: Path) -> None:
    db = _store_with_one_article(tmp_path)
    with open_store(db) as store:
        [summary] = store.list_articles()
        assert store.get_article(summary.id) is not None
        assert store.get_article(summary.id + "x" * (MAX_ID_CHARS - len(summary.id) + 1)) is None
        assert store.get_article("%" * 50_000) is None  # was "LIKE or GLOB pattern too complex"
        assert store.resolve_story("s" * 50_000) is None


@pytest.mark.parametrize("query", ["\x00", "ferry\x00", "\x00ferry\x1b", "fer\x7fry"])
def test_search_treats_control_characters_as_separators(tmp_path: Path, query: str) -> None:
    db = _store_with_one_article(tmp_path)
    with open_store(db) as store:
        hits = store.search(query)
    assert len(hits) == ("ferry" in query)
