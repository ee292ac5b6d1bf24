"""Safety: article text is escaped everywhere, writes need the token, bodies are capped, no server paths are read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web UI needs the [web] extra (fastapi, uvicorn, jinja2)")
from fastapi.testclient import TestClient

from browser.webdata import (
    HOSTILE_REMOVED,
    HOSTILE_SOURCE,
    HOSTILE_TITLE,
    WebData,
    build_store,
)
from storyweave.errors import ConfigError, StoreError
from storyweave.web import DEFAULT_HOST, WebOptions, create_app, serve
from storyweave.web.security import given_token, safe_link, token_matches

TOKEN = "correct-horse-battery-staple-42"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> WebData:
    return build_store(tmp_path_factory.mktemp("websec") / "web.db")


@pytest.fixture(scope="module")
def client(data: WebData) -> Iterator[TestClient]:
    options = WebOptions(db=data.db, token=TOKEN, warm_briefs=0, max_request_bytes=64 * 1024)
    with TestClient(create_app(options)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def read_only(data: WebData) -> Iterator[TestClient]:
    with TestClient(create_app(WebOptions(db=data.db, warm_briefs=0))) as test_client:
        yield test_client


def _assert_inert(html: str) -> None:
    """No markup from the article survives as markup: no script element, handler or javascript: link."""
    assert "<script>window.__pwned" not in html
    assert re.search(r"<script(?![^>]*src=\"/static/app\.js\")", html) is None
    assert re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE) is None
    assert re.search(r"<(img|svg|b)\b[^>]*\son\w+\s*=", html, re.IGNORECASE) is None


@pytest.mark.parametrize("page", ["article", "story", "list", "search"])
def test_article_text_is_escaped_on_every_page(client: TestClient, data: WebData, page: str) -> None:
    path = {
        "article": f"/articles/{data.hostile_id}",
        "story": f"/stories/{data.hostile_story}",
        "list": "/",
        "search": "/?q=crane",
    }[page]
    response = client.get(path)
    assert response.status_code == 200
    _assert_inert(response.text)
    assert "&lt;script&gt;window.__pwned = &#39;title&#39;&lt;/script&gt;" in response.text  # shown, as text


def test_article_page_shows_hostile_fields_as_text(client: TestClient, data: WebData) -> None:
    html = client.get(f"/articles/{data.hostile_id}").text
    assert "javascript:window.__pwned=&#39;url&#39;" in html  # printed as text, never used as a link
    assert "(not a web link)" in html
    assert "&lt;svg onload=" in html  # the removed line, struck through, escaped
    assert HOSTILE_REMOVED not in html and HOSTILE_SOURCE not in html and HOSTILE_TITLE not in html


def test_pages_forbid_inline_script_by_policy(client: TestClient) -> None:
    headers = client.get("/").headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org/a?b=1", "http://example.org/a?b=1"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org/a", None),
        ("file:///etc/passwd", None),
        (None, None),
    ],
)
def test_only_http_links_are_links(url: str | None, link: str | None) -> None:
    assert safe_link(url) == link


def test_ingest_is_disabled_without_a_token(read_only: TestClient) -> None:
    response = read_only.post("/api/ingest", files={"files": ("a.txt", b"Some text.")})
    assert response.status_code == 403
    assert "writing is disabled" in response.json()["detail"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token-wrong-token"},
        {"X-Storyweave-Token": TOKEN[:-1]},
        {"Authorization": TOKEN},
    ],
)
def test_ingest_needs_the_right_token(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/api/ingest", files={"files": ("a.txt", b"Some text.")}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_token_compare_and_parsing() -> None:
    assert token_matches(TOKEN, TOKEN)
    assert not token_matches(TOKEN, TOKEN + "x")
    assert not token_matches(TOKEN, None)
    assert given_token("Bearer  abc ", None) == "abc"
    assert given_token("Basic abc", None) is None
    assert given_token(None, "xyz") == "xyz"


def test_oversized_body_is_refused_with_413(client: TestClient) -> None:
    big = b"word " * 20_000  # 100 kB against the 64 kB limit of this app
    response = client.post(
        "/api/ingest", files={"files": ("big.txt", big)}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 413
    assert "larger than the server's limit" in response.json()["detail"]


def test_streamed_oversized_body_is_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 4096  # 160 kB with no Content-Length header: counted as it arrives

    response = client.post("/api/similarity", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize("target", ["/etc/passwd", "file:///etc/passwd", "../web.db", "ftp://example.org/a.txt"])
def test_ingest_never_reads_server_paths(client: TestClient, target: str) -> None:
    response = client.post("/api/ingest", data={"urls": [target]}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422, response.text  # nothing in the request could be read
    detail = response.json()["detail"]
    assert detail.count("not an http(s) URL") == 1 and "\n" not in detail


def test_upload_names_cannot_point_at_paths(client: TestClient) -> None:
    response = client.post(
        "/api/ingest",
        files={"files": ("../../etc/passwd", b"\x00\x01\x02 binary \xff\xfe")},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("nothing could be read: upload passwd: binary file")


def test_serves_on_loopback_by_default_and_checks_its_options(tmp_path: Path) -> None:
    assert DEFAULT_HOST == "127.0.0.1"
    with pytest.raises(StoreError, match="no database at"):
        serve(tmp_path / "missing.db")
    with pytest.raises(ConfigError, match="at least 16 characters"):
        WebOptions(db=tmp_path / "x.db", token="short")
