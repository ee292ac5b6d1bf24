"""Write endpoints end to end with the real models: ingest uploads (then group them), similarity by id and by text."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the web UI needs the [web] extra (fastapi, uvicorn, jinja2)")
from fastapi.testclient import TestClient
from pytest_httpserver import HTTPServer

from browser.webdata import WebData, build_store
from storyweave.config import IngestOptions
from storyweave.web import WebOptions, create_app

pytestmark = pytest.mark.slow  # loads the entity and embedding models

TOKEN = "an-invented-write-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

DAM_EN = b"""Dam spillway fails above Lorvao, 1,200 residents evacuated

The spillway of the Lorvao dam failed on Thursday night, forcing the evacuation of 1,200 residents of the valley
below, the civil protection service said on Friday.

Engineers from the water company were inspecting the damaged gates, said spokeswoman Teresa Alvim.
"""

DAM_PT = b"""Falha no descarregador da barragem de Lorvao obriga a retirar 1.200 moradores

O descarregador da barragem de Lorvao falhou na noite de quinta-feira e obrigou a retirar 1.200 moradores do vale,
informou a proteccao civil na sexta-feira.

Os engenheiros da empresa das aguas inspecionam as comportas danificadas, disse a porta-voz Teresa Alvim.
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> WebData:
    return build_store(tmp_path_factory.mktemp("webingest") / "web.db")


@pytest.fixture(scope="module")
def client(data: WebData) -> Iterator[TestClient]:
    with TestClient(create_app(WebOptions(db=data.db, token=TOKEN, warm_briefs=0))) as test_client:
        yield test_client


def _upload() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", ("dam-en.txt", DAM_EN, "text/plain")), ("files", ("dam-pt.txt", DAM_PT, "text/plain"))]


def test_ingest_uploads_then_groups_them(client: TestClient) -> None:
    response = client.post("/api/ingest", files=_upload(), headers=AUTH)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["read"], report["inserted"], report["already_present"]) == (2, 2, 0)
    assert report["problems"] == [] and report["grouped"] == 2
    hits = client.get("/api/articles?q=Lorvao").json()["items"]
    assert len(hits) == 2 and all(h["story_id"] for h in hits)
    stories = client.get("/api/stories?q=Lorvao").json()
    assert stories["total"] >= 1


def test_ingest_again_is_a_no_op(client: TestClient) -> None:
    client.post("/api/ingest", files=_upload(), headers=AUTH)
    report = client.post("/api/ingest", files=_upload(), headers=AUTH).json()
    assert (report["inserted"], report["already_present"], report["grouped"]) == (0, 2, 0)


def test_bad_upload_is_a_problem_and_the_batch_goes_on(client: TestClient) -> None:
    files = [("files", ("empty.txt", b"   \n", "text/plain")), ("files", ("dam-en.txt", DAM_EN, "text/plain"))]
    report = client.post("/api/ingest", files=files, headers=AUTH).json()
    assert [p["origin"] for p in report["problems"]] == ["upload empty.txt"]
    assert report["read"] == 1


def test_similarity_by_id_and_by_text(client: TestClient, data: WebData) -> None:
    client.post("/api/ingest", files=_upload(), headers=AUTH)
    dam = [h["id"] for h in client.get("/api/articles?q=Lorvao").json()["items"]]
    same = client.post("/api/similarity", json={"a": {"id": dam[0]}, "b": {"id": dam[1]}})
    assert same.status_code == 200, same.text
    other = client.post(
        "/api/similarity",
        json={"a": {"id": dam[0]}, "b": {"text": DAM_EN.decode().replace("Lorvao", "Ostrel"), "title": "Dam"}},
    )
    unrelated = client.post("/api/similarity", json={"a": {"id": dam[0]}, "b": {"id": data.flood_ids[0]}})
    assert other.status_code == unrelated.status_code == 200
    assert same.json()["same_event"] > unrelated.json()["same_event"]
    assert 1.0 <= same.json()["overall"] <= 4.0 and same.json()["explanation"]
    assert client.post("/api/similarity", json={"a": {"id": "0000dead"}, "b": {"id": dam[0]}}).status_code == 404


@pytest.mark.network_local
def test_ingest_refuses_urls_on_the_servers_own_network(client: TestClient, httpserver: HTTPServer) -> None:
    # The test server listens on 127.0.0.1: by default a posted URL must not reach it.
    httpserver.expect_request("/secret").respond_with_data("internal", content_type="text/plain")
    response = client.post("/api/ingest", data={"urls": [httpserver.url_for("/secret")]}, headers=AUTH)
    assert response.status_code == 422, response.text  # nothing in the request could be read
    assert "non-public address" in response.json()["detail"]
    assert not httpserver.log  # nothing was fetched


@pytest.fixture()
def intranet_client(data: WebData) -> Iterator[TestClient]:
    options = WebOptions(db=data.db, token=TOKEN, warm_briefs=0, ingest=IngestOptions(private_hosts=True))
    with TestClient(create_app(options)) as test_client:
        yield test_client


def test_ingest_fetches_urls(intranet_client: TestClient, httpserver: HTTPServer) -> None:
    client = intranet_client  # the operator allowed private addresses (serve --allow-private-urls)
    page = (
        "<html><head><title>Tram line 4 reopens in Dalsund</title></head><body><article>"
        "<h1>Tram line 4 reopens in Dalsund</h1>"
        "<p>Tram line 4 reopened on Saturday after eight weeks of track works between the harbour and the"
        " university, the Dalsund transport company said.</p>"
        "<p>Trams will run every six minutes at peak times, a spokesman for the company said.</p>"
        "</article></body></html>"
    )
    httpserver.expect_request("/tram").respond_with_data(page, content_type="text/html; charset=utf-8")
    response = client.post("/api/ingest", data={"urls": [httpserver.url_for("/tram")]}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["inserted"] == 1
    hits = client.get("/api/articles?q=Dalsund").json()["items"]
    assert len(hits) == 1 and hits[0]["url"] == httpserver.url_for("/tram") and hits[0]["story_id"]


def test_deep_gzip_upload_is_a_problem_and_the_good_files_are_kept(client: TestClient) -> None:
    deep = DAM_EN
    for _ in range(1000):
        deep = gzip.compress(deep)
    files = [("files", ("deep.txt.gz", deep, "application/gzip")), ("files", ("dam-pt.txt", DAM_PT, "text/plain"))]
    response = client.post("/api/ingest", files=files, headers=AUTH)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["read"] == 1
    assert [p["origin"] for p in report["problems"]] == ["upload deep.txt.gz"]
