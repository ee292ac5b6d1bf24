"""The story page from a story brief: aligned claims, colour-coded statuses, highlighted conflict values, quotes,
translations next to other-language originals, claim bars in the list; and the article page's struck-out lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the web UI needs the [web] extra (fastapi, uvicorn, jinja2)")
from fastapi.testclient import TestClient

from browser.webdata import WebData, build_store
from storyweave.compare.brief import (
    BriefQuote,
    Claim,
    Conflict,
    ConflictValue,
    Evidence,
    StoryBrief,
    Update,
    UpdateValue,
)
from storyweave.compare.material import StoryMaterial
from storyweave.types import Article, RemovedLine
from storyweave.web import WebOptions, create_app
from storyweave.web.briefs import BriefService, ClaimCounts, store_brief
from storyweave.web.views import article_lines, claim_bar, segments

NUMBER = re.compile(r"\b\d{2,}\b")


def _evidence(article: Article, needle: str) -> Evidence:
    sentence = next(s for s in article.sentences if needle in s.text)
    return Evidence(article.id, sentence.index, sentence.char_start, sentence.char_end, sentence.text)


def numbers_brief(material: StoryMaterial) -> StoryBrief:
    """A brief built from the material itself: the first sentence of each article is one claim, and the sentences
    about people moved disagree on a number (the invented flood reports 300 in en/es and 500 in de)."""
    articles = material.articles
    english = next(a for a in articles if a.language == "en")
    lead = Claim(
        claim_id="c1",
        text=english.sentences[0].text,
        status="corroborated",
        sources=len(articles),
        support=[
            Evidence(a.id, 0, a.sentences[0].char_start, a.sentences[0].char_end, a.sentences[0].text) for a in articles
        ],
    )
    moved = [(a, _evidence(a, "Kessling")) for a in articles if any("Kessling" in s.text for s in a.sentences[1:])]
    values = [ConflictValue(NUMBER.findall(ev.text)[0], a.id, ev.sentence_index, ev.text) for a, ev in moved]
    conflict = Claim(
        claim_id="c2",
        text=next(ev.text for a, ev in moved if a.language == "en"),
        status="conflicting",
        sources=len(moved),
        support=[ev for _, ev in moved],
        conflicts=[Conflict(slot="number", values=values, note="how many residents were moved")],
    )
    quote_evidence = _evidence(english, "never seen")
    base = store_brief(material.story_id, articles, _NoStore())  # type: ignore[arg-type]
    base.claims = [lead, conflict]
    base.quotes = [
        BriefQuote(
            text="We have never seen the water climb this fast in March",
            speaker="Ilse Brandauer",
            speaker_entity="Ilse Brandauer",
            article_id=english.id,
            sentence_index=quote_evidence.sentence_index,
            char_start=quote_evidence.char_start,
            char_end=quote_evidence.char_end,
        )
    ]
    return base


class _NoStore:
    """Just enough of a store for ``store_brief`` on articles without annotations."""

    def copies(self, ids: list[str]) -> dict[str, str]:
        return {}

    def mentions(self, article_id: str) -> list[object]:
        return []

    def event_date(self, article_id: str) -> None:
        return None


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> WebData:
    return build_store(tmp_path_factory.mktemp("webviews") / "web.db")


@pytest.fixture(scope="module")
def client(data: WebData) -> Iterator[TestClient]:
    app = create_app(WebOptions(db=data.db, warm_briefs=0))
    context = app.state.storyweave
    context.briefs = BriefService(context.access, builder=numbers_brief)
    with TestClient(app) as test_client:
        yield test_client


def test_story_page_aligns_claims_and_highlights_the_conflict(client: TestClient, data: WebData) -> None:
    html = client.get(f"/stories/{data.flood_story}").text
    assert html.count('class="claim status-corroborated"') == 1
    assert html.count('class="claim status-conflicting"') == 1
    marks = re.findall(r'<mark class="conflict-mark">(\d+)</mark>', html)
    assert sorted(marks) == ["300", "300", "500"]
    assert 'id="conflicts"' in html and "how many residents were moved" in html
    assert '<strong class="conflict-value"><bdi>500</bdi></strong>' in html


def test_other_language_cells_show_the_claim_in_the_readers_language(client: TestClient, data: WebData) -> None:
    html = client.get(f"/stories/{data.flood_story}").text
    rows = re.findall(r'<tr class="claim status-corroborated".*?</tr>', html, re.DOTALL)
    assert len(rows) == 1
    # The claim is English (the reader's language): the de and es cells carry it next to their own sentence.
    assert rows[0].count('class="translation"') == 2


def test_story_page_shows_quotes_entities_timeline_and_sources(client: TestClient, data: WebData) -> None:
    html = client.get(f"/stories/{data.flood_story}").text
    assert '<span class="speaker"><bdi>Ilse Brandauer</bdi></span>' in html
    assert html.count('class="column"') == 3
    assert html.count('<circle cx="') == 3
    assert "Kesslinger Anzeiger" in html and "Diario del Norte" in html


def test_list_shows_the_claim_bar_once_a_story_is_compared(client: TestClient, data: WebData) -> None:
    client.get(f"/stories/{data.flood_story}")
    item = next(i for i in client.get("/api/stories").json()["items"] if i["id"] == data.flood_story)
    assert item["claims"] == {"corroborated": 1, "single_source": 0, "conflicting": 1, "updated": 0}
    html = client.get("/").text
    assert 'class="bar-conflicting"' in html and "not compared yet" in html  # the other stories are not compared


def test_api_brief_carries_claims_and_conflicts(client: TestClient, data: WebData) -> None:
    response = client.get(f"/api/stories/{data.flood_story}")
    assert response.headers["x-storyweave-compared"] == "true"
    claims = response.json()["claims"]
    assert [c["status"] for c in claims] == ["corroborated", "conflicting"]
    assert sorted(v["value"] for v in claims[1]["conflicts"][0]["values"]) == ["300", "300", "500"]


def test_a_failing_comparison_degrades_to_the_sources(data: WebData) -> None:
    def broken(material: StoryMaterial) -> StoryBrief:
        raise ValueError("compare stage bug")

    app = create_app(WebOptions(db=data.db, warm_briefs=0))
    app.state.storyweave.briefs = BriefService(app.state.storyweave.access, builder=broken)
    with TestClient(app) as client:
        page = client.get(f"/stories/{data.orchard_story}")
        assert page.status_code == 200
        assert 'id="not-compared"' in page.text and "compare stage bug" in page.text
        assert client.get(f"/api/stories/{data.orchard_story}").headers["x-storyweave-compared"] == "false"


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("About 300 residents", "300", [("About ", False), ("300", True), (" residents", False)]),
        ("Rund 500 Anwohner", "500", [("Rund ", False), ("500", True), (" Anwohner", False)]),
        ("On Monday", "monday", [("On ", False), ("Monday", True)]),
        ("no value here", "42", [("no value here", False)]),
        ("Die Straße", "strasse", [("Die Straße", False)]),
        ("anything", None, [("anything", False)]),
        (
            "Kirby said on Wednesday the 2nd that",
            "2022-11-02 (Wednesday the 2nd)",
            [("Kirby said on ", False), ("Wednesday the 2nd", True), (" that", False)],
        ),
        (
            "Am 2022-11-02 gemeldet",
            "2022-11-02 (Mittwoch)",
            [("Am ", False), ("2022-11-02", True), (" gemeldet", False)],
        ),
    ],
)
def test_segments_mark_the_value(text: str, value: str | None, expected: list[tuple[str, bool]]) -> None:
    assert [(s.text, s.marked) for s in segments(text, value)] == expected


def updates_brief(material: StoryMaterial) -> StoryBrief:
    """``numbers_brief`` with the residents-moved figure shown as an update in publication order instead."""
    brief = numbers_brief(material)
    claim = brief.claims[1]
    published = {a.id: a.published.isoformat() if a.published else "" for a in material.articles}
    values = sorted(claim.conflicts[0].values, key=lambda v: published[v.article_id])
    claim.updates = [
        Update(
            "number",
            [UpdateValue(v.value, v.article_id, v.sentence_index, v.text, published[v.article_id]) for v in values],
            note="residents moved: figure changed between reports",
        )
    ]
    claim.conflicts, claim.status = [], "updated"
    return brief


def test_story_page_api_and_list_show_an_update_in_publication_order(data: WebData) -> None:
    app = create_app(WebOptions(db=data.db, warm_briefs=0))
    app.state.storyweave.briefs = BriefService(app.state.storyweave.access, builder=updates_brief)
    with TestClient(app) as client:
        html = client.get(f"/stories/{data.flood_story}").text
        assert 'class="claim status-updated"' in html and 'id="updates"' in html and 'id="conflicts"' not in html
        section = html.split('id="updates"', 1)[1].split("</section>", 1)[0]
        times = re.findall(r"<time>([^<]+)</time>", section)
        assert len(times) == 3 and times == sorted(times)
        assert "figure changed between reports" in section
        claims = client.get(f"/api/stories/{data.flood_story}").json()["claims"]
        assert [c["status"] for c in claims] == ["corroborated", "updated"]
        assert [v["published"] for v in claims[1]["updates"][0]["values"]] == times
        item = next(i for i in client.get("/api/stories").json()["items"] if i["id"] == data.flood_story)
        assert item["claims"]["updated"] == 1 and item["claims"]["conflicting"] == 0
        assert 'class="bar-updated"' in client.get("/").text


def test_claim_bar_widths_add_up() -> None:
    parts = claim_bar(ClaimCounts(corroborated=2, single_source=1, conflicting=1))
    assert [p.width for p in parts] == [50.0, 25.0, 25.0]
    assert [p.x for p in parts] == [0.0, 50.0, 75.0]
    assert claim_bar(None) == [] and claim_bar(ClaimCounts(0, 0, 0)) == []
    with_update = claim_bar(ClaimCounts(corroborated=1, single_source=1, conflicting=1, updated=1))
    assert [(p.status, p.width) for p in with_update][-1] == ("updated", 25.0)


def test_removed_lines_are_put_back_where_they_stood() -> None:
    article = Article(
        id="a",
        title="t",
        text="First paragraph.\nSecond paragraph.",
        raw_text="Menu\nFirst paragraph.\n\nPhoto: someone\nSecond paragraph.",
        removed=[RemovedLine("Menu", "navigation", 0), RemovedLine("Photo: someone", "photo_credit", 3)],
    )
    lines, interleaved = article_lines(article)
    assert interleaved
    assert [(line.text, line.removed_reason) for line in lines] == [
        ("Menu", "navigation"),
        ("First paragraph.", None),
        ("Photo: someone", "photo credit"),
        ("Second paragraph.", None),
    ]


def test_removed_lines_are_listed_apart_when_text_was_reflowed() -> None:
    article = Article(
        id="a",
        title="t",
        text="One paragraph joined from two lines.",
        raw_text="Menu\nOne paragraph\njoined from two lines.",
        removed=[RemovedLine("Menu", "navigation", 0)],
    )
    lines, interleaved = article_lines(article)
    assert not interleaved and [line.text for line in lines] == ["One paragraph joined from two lines."]


def test_article_page_strikes_removed_lines_with_the_reason(client: TestClient, data: WebData) -> None:
    html = client.get(f"/articles/{data.flood_ids[0]}").text
    assert re.search(r"<del><bdi>Share this article</bdi></del> <span class=\"reason\">removed: [a-z ]+</span>", html)
    assert f'href="/stories/{data.flood_story}"' in html
