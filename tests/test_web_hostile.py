"""Hostile requests to the web server get clean 4xx answers, never a 500 (issue 12): uploads nothing can be read
from, malformed URLs, control characters in searches, over-long ids, and right-to-left overrides in article text."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the web UI needs the [web] extra (fastapi, uvicorn, jinja2)")
from fastapi.testclient import TestClient

from browser.webdata import WebData, build_store
from storyweave.ingest import MAX_GZIP_LAYERS
from storyweave.store import open_store
from storyweave.store.base import GroupedRow
from storyweave.types import Article, Sentence, article_id
from storyweave.web import WebOptions, create_app

TOKEN = "an-invented-token-for-hostile-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


#: A right-to-left override (U+202E) left open in a title and a source name: without isolation it reverses the page
#: text that follows it ("Harbour reopens" would read "snepoer ruobraH" and so would the next source's name).
RLO = "\u202e"
SPOOF_TITLE = f"Harbour {RLO}reopens"
SPOOF_SOURCE = f"Gazette{RLO} of the Bay"
SPOOF_TEXT = "The harbour reopened on Tuesday after the storm, the port authority said."
SPOOF_STORY = "s-spoof0000000001"


def spoof_article() -> Article:
    ident = article_id(None, SPOOF_TEXT)
    return Article(
        id=ident,
        title=SPOOF_TITLE,
        text=SPOOF_TEXT,
        raw_text=SPOOF_TEXT,
        source=SPOOF_SOURCE,
        language="en",
        sentences=[Sentence(ident, 0, 0, len(SPOOF_TEXT), SPOOF_TEXT)],
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> WebData:
    built = build_store(tmp_path_factory.mktemp("webhostile") / "web.db")
    with open_store(built.db) as store:
        article = spoof_article()
        store.write_articles([article])
        position = len(list(store.grouped_rows()))
        store.write_grouping([GroupedRow(article.id, position, [], SPOOF_STORY, None)], {}, {}, {})
    return built


@pytest.fixture(scope="module")
def client(data: WebData) -> Iterator[TestClient]:
    # raise_server_exceptions=False: a bug must show as the 500 a user would get, not as a test-side exception.
    options = WebOptions(db=data.db, token=TOKEN, warm_briefs=0)
    with TestClient(create_app(options), raise_server_exceptions=False) as test_client:
        yield test_client


def test_deep_gzip_upload_alone_is_a_422(client: TestClient) -> None:
    deep = b"Title\n\nSome text about a harbour.\n"
    for _ in range(1000):
        deep = gzip.compress(deep)
    response = client.post("/api/ingest", files=[("files", ("deep.gz", deep, "application/gzip"))], headers=AUTH)
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == (
        f"nothing could be read: upload deep.gz: gzip nested more than {MAX_GZIP_LAYERS} layers deep; not read"
    )


@pytest.mark.parametrize(
    "url", ["http://0177.0.0.1/", "http://256.0.0.1/", "http://[::1", "http://" + "a" * 300 + ".example/"]
)
def test_malformed_url_is_a_422(client: TestClient, url: str) -> None:
    response = client.post("/api/ingest", data={"urls": [url]}, headers=AUTH)
    assert response.status_code == 422, response.text
    assert "malformed URL" in response.json()["detail"]


@pytest.mark.parametrize("path", ["/", "/api/stories", "/api/articles"])
@pytest.mark.parametrize("query", ["%00", "%00%01%1b", "%07%7f"])
def test_a_query_of_control_characters_is_a_422(client: TestClient, path: str, query: str) -> None:
    response = client.get(f"{path}?q={query}")
    assert response.status_code == 422, response.text
    if path.startswith("/api"):
        assert response.json() == {"detail": "query: only control characters, nothing to search for"}


@pytest.mark.parametrize("path", ["/api/stories?q=crane%00", "/api/articles?q=%00crane%1b", "/?q=cr%00ane%00crane"])
def test_control_characters_in_a_query_are_separators(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    if path.startswith("/api"):
        assert len(response.json()["items"]) == 1  # the hostile fixture article, about a harbour crane


@pytest.mark.parametrize("path", ["/articles/", "/api/articles/", "/stories/", "/api/stories/"])
def test_an_id_of_50000_characters_is_a_one_line_404(client: TestClient, path: str) -> None:
    response = client.get(path + "a" * 50_000)
    assert response.status_code == 404, response.text[:300]
    if path.startswith("/api"):
        detail = response.json()["detail"]
        assert "(50000 characters)" in detail and len(detail) < 200


def test_similarity_with_a_long_id_is_a_404(client: TestClient) -> None:
    # The schema caps the id (422); the store refuses longer ones itself, as the CLI relies on.
    response = client.post("/api/similarity", json={"a": {"id": "a" * 50_000}, "b": {"id": "b"}})
    assert response.status_code == 422


def _isolated_in_bdi(html: str, text: str) -> bool:
    return f"<bdi>{text}</bdi>" in html


@pytest.mark.parametrize("page", ["article", "story", "list"])
def test_a_right_to_left_override_stays_inside_its_text(client: TestClient, data: WebData, page: str) -> None:
    path = {"article": f"/articles/{spoof_article().id}", "story": f"/stories/{SPOOF_STORY}", "list": "/?q=harbour"}
    html = client.get(path[page]).text
    assert RLO in html  # the text is shown as written ...
    assert _isolated_in_bdi(html, SPOOF_TITLE)  # ... but isolated: the override ends with the <bdi>
    if page != "list":
        assert _isolated_in_bdi(html, SPOOF_SOURCE)
    # The page title cannot hold markup: the isolate marks (FSI ... PDI) do the same there.
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    if page == "article":
        assert title == f"\u2068{SPOOF_TITLE}\u2069 · storyweave"
    # No article text leaves an override open outside an isolating element or isolate marks (attribute values are
    # not laid out as text).
    outside = re.sub(r"<bdi>.*?</bdi>|\u2068.*?\u2069|value=\"[^\"]*\"", "", html, flags=re.DOTALL)
    assert RLO not in outside
