"""JSON API over a small invented store: listing, filters, search, pagination, briefs, articles, errors, OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web UI needs the [web] extra (fastapi, uvicorn, jinja2)")
from fastapi.testclient import TestClient

from browser.webdata import WebData, build_store
from storyweave.web import WebOptions, create_app


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> WebData:
    return build_store(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(data: WebData) -> Iterator[TestClient]:
    with TestClient(create_app(WebOptions(db=data.db, warm_briefs=0))) as test_client:
        yield test_client


def test_lists_stories_largest_first_with_summary_fields(client: TestClient, data: WebData) -> None:
    body = client.get("/api/stories").json()
    assert body["total"] == 3
    assert [s["id"] for s in body["items"]] == [data.flood_story, data.orchard_story, data.hostile_story]
    flood = body["items"][0]
    assert flood["size"] == 3 and flood["independent_sources"] == 3
    assert flood["languages"] == ["de", "en", "es"]
    assert flood["first_seen"].startswith("2026-03-09")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=pt", ["orchard"]),
        ("language=de", ["flood"]),
        ("source=diario%20del%20norte", ["flood"]),
        ("min_sources=2", ["flood", "orchard"]),
        ("min_sources=3", ["flood"]),
        ("date_from=2026-04-01", ["orchard", "hostile"]),
        ("date_to=2026-03-31", ["flood"]),
        ("date_from=2026-04-01&date_to=2026-04-30", ["orchard"]),
        ("q=Kessling", ["flood"]),
        ("q=cerejas", ["orchard"]),
        ("q=crane", ["hostile"]),
        ("q=Kessling&language=pt", []),
        ("q=nothing%20like%20this", []),
    ],
)
def test_filters_and_full_text_search(client: TestClient, data: WebData, query: str, expected: list[str]) -> None:
    ids = {"flood": data.flood_story, "orchard": data.orchard_story, "hostile": data.hostile_story}
    body = client.get(f"/api/stories?{query}").json()
    assert [s["id"] for s in body["items"]] == [ids[name] for name in expected]
    assert body["total"] == len(expected)


def test_search_hits_carry_a_snippet(client: TestClient) -> None:
    item = client.get("/api/stories?q=Kessling").json()["items"][0]
    assert "Kessling" in item["snippet"]


def test_pagination_is_stable_and_bounded(client: TestClient, data: WebData) -> None:
    first = client.get("/api/stories?limit=2").json()
    second = client.get("/api/stories?limit=2&offset=2").json()
    assert first["total"] == second["total"] == 3
    assert [s["id"] for s in first["items"] + second["items"]] == [
        data.flood_story,
        data.orchard_story,
        data.hostile_story,
    ]
    assert client.get("/api/stories?limit=1000").status_code == 422
    assert client.get("/api/stories?offset=-1").status_code == 422


def test_brief_without_comparison_still_gives_members_and_entities(client: TestClient, data: WebData) -> None:
    response = client.get(f"/api/stories/{data.flood_story}")
    assert response.status_code == 200
    brief = response.json()
    assert brief["story_id"] == data.flood_story
    assert [a["article_id"] for a in brief["articles"]] == data.flood_ids
    assert {e["name"] for e in brief["entities"]} == {"Vellmar", "Kessling"}
    assert brief["independent_sources"] == 3
    assert brief["schema_version"] >= 1
    assert response.headers["x-storyweave-compared"] in ("true", "false")


def test_alias_of_merged_story_resolves(client: TestClient, data: WebData) -> None:
    assert client.get("/api/stories/s-flood-old-alias").json()["story_id"] == data.flood_story
    page = client.get("/stories/s-flood-old-alias", follow_redirects=False)
    assert page.status_code == 307 and page.headers["location"] == f"/stories/{data.flood_story}"


def test_article_has_clean_text_removed_lines_and_story(client: TestClient, data: WebData) -> None:
    body = client.get(f"/api/articles/{data.flood_ids[0]}").json()
    assert body["story_id"] == data.flood_story
    assert "Share this article" not in body["text"]
    assert any(r["text"] == "Share this article" for r in body["removed"])
    sentence = body["sentences"][0]
    assert body["text"][sentence["char_start"] : sentence["char_end"]] == sentence["text"]
    assert "raw_text" not in body and "origin" not in body  # origin would name paths on the server


def test_article_listing_and_search(client: TestClient, data: WebData) -> None:
    listing = client.get("/api/articles?limit=2").json()
    assert listing["total"] == 6 and len(listing["items"]) == 2
    hits = client.get("/api/articles?q=cerises").json()["items"]
    assert len(hits) == 1 and hits[0]["story_id"] == data.orchard_story


@pytest.mark.parametrize("path", ["/api/stories/s-unknown", "/api/articles/ffffffffffffffff"])
def test_unknown_ids_are_one_line_404s(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert "no " in response.json()["detail"] and "\n" not in response.json()["detail"]


def test_bad_parameter_is_a_one_line_error_naming_it(client: TestClient) -> None:
    response = client.get("/api/stories?date_from=yesterday")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("query field date_from:")


def test_similarity_request_must_name_one_side_each(client: TestClient) -> None:
    response = client.post("/api/similarity", json={"a": {"id": "x", "text": "y"}, "b": {"id": "z"}})
    assert response.status_code == 422
    assert "exactly one of 'id'" in response.json()["detail"]


def test_openapi_is_published_with_stable_schemas(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/similarity"):
        assert path in paths
    assert "post" in paths["/api/ingest"]
    brief = spec["components"]["schemas"]["BriefOut"]["properties"]
    assert {"claims", "quotes", "entities", "articles", "schema_version"} <= set(brief)
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/similarity" in docs.text
    assert "cdn" not in docs.text.lower()


def test_brief_schema_matches_the_brief_record() -> None:
    """The API's brief model and the StoryBrief record name the same fields, so the JSON brief cannot drift."""
    import dataclasses

    from storyweave.compare.brief import Claim, StoryBrief
    from storyweave.web.schemas import BriefOut, ClaimOut

    assert set(BriefOut.model_fields) == {f.name for f in dataclasses.fields(StoryBrief)}
    assert set(ClaimOut.model_fields) == {f.name for f in dataclasses.fields(Claim)}


def test_store_changes_are_seen_without_restart(tmp_path: Path) -> None:
    data = build_store(tmp_path / "grow.db")
    with TestClient(create_app(WebOptions(db=data.db, warm_briefs=0))) as fresh:
        assert fresh.get("/api/stories").json()["total"] == 3
        from storyweave.store import open_store
        from storyweave.store.base import GroupedRow

        with open_store(data.db) as store:
            extra = store.get_article(data.flood_ids[0])
            assert extra is not None
            extra.id, extra.url = "0123456789abcdef", "https://example.org/extra"
            store.write_articles([extra])
            store.write_grouping([GroupedRow(extra.id, 99, [], "s-extra0000000001", None)], {}, {}, {})
        assert fresh.get("/api/stories").json()["total"] == 4
