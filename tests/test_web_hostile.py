"""Hostile requests to the web server get clean 4xx answers, never a 500 (issue 12): uploads nothing can be read
from, malformed URLs, control characters in searches, over-long ids, and right-to-left overrides in article text."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the web UI needs the [web] extra (fastapi, uvicorn, jinja2)")
from fastapi.testclient import TestClient

from browser.webdata import WebData, build_store
from storyweave.ingest import MAX_GZIP_LAYERS
from storyweave.web import WebOptions, create_app

TOKEN = "an-invented-token-for-hostile-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> WebData:
    return build_store(tmp_path_factory.mktemp("webhostile") / "web.db")


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
