"""Property tests: the readers never raise on arbitrary input, they yield documents or Problems."""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storyweave.config import IngestOptions
from storyweave.ingest import read_bytes
from storyweave.types import Problem, RawDocument

OPTIONS = IngestOptions(max_bytes=1 << 20)

# Prefixes that steer arbitrary bytes into each reader, so every parser sees garbage, not only the text path.
PREFIXES = [
    b"",
    b"\x1f\x8b",
    b"WARC/1.0\r\n",
    b"<!DOCTYPE html><html><body><p>",
    b'<?xml version="1.0"?><rss version="2.0"><channel><item><description>',
    b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='html'>",
    b'{"title": "x", "text": "',
    b'[{"maintext": ',
    b'{"text": "a"}\n{',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]
NAMES = [None, "a.txt", "a.html", "a.jsonl", "a.rss", "a.warc", "a.warc.gz", "a.bin", "a.txt.gz"]


def check(items: list[RawDocument | Problem]) -> None:
    for item in items:
        assert isinstance(item, RawDocument | Problem)
        if isinstance(item, Problem):
            assert item.message and "\n" not in item.message
        else:
            assert isinstance(item.text, str) and item.text.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=2048), name=st.sampled_from(NAMES))
def test_read_bytes_never_raises(prefix: bytes, body: bytes, name: str | None) -> None:
    check(list(read_bytes(prefix + body, "fuzz", OPTIONS, filename=name)))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=1000), name=st.sampled_from(NAMES))
@example(text="0\r ", name=None)  # a title, then a line of spaces after a lone CR: the body was " "
def test_read_bytes_never_raises_on_text(text: str, name: str | None) -> None:
    check(list(read_bytes(text.encode("utf-8"), "fuzz", OPTIONS, filename=name)))


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=1024), cut=st.integers(min_value=0, max_value=2000))
def test_cut_gzip_never_raises(body: bytes, cut: int) -> None:
    check(list(read_bytes(gzip.compress(body)[:cut], "fuzz.gz", OPTIONS, filename="fuzz.gz")))
