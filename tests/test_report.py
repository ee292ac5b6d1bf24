"""Story brief renderers: Markdown, self-contained HTML, rich terminal, JSON against its documented schema.

The fixture is an invented story (a landslide on a fictional mountain railway) told by four articles in en/es/de, one
of them a syndicated copy, with claims of all three statuses and conflicts of every slot type.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from storyweave.compare.brief import (
    BRIEF_SCHEMA_VERSION,
    BriefArticle,
    BriefEntity,
    BriefQuote,
    Claim,
    Conflict,
    ConflictValue,
    Evidence,
    StoryBrief,
    SummarySentence,
    Update,
    UpdateValue,
)
from storyweave.report import brief_json, render_html, render_markdown, render_terminal
from storyweave.types import Problem

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "brief.schema.json").read_text(encoding="utf-8"))

TEXTS: dict[str, str] = {
    "en1": (
        "A landslide blocked the Alta Serra rail tunnel on Tuesday, March 4.\n\n"
        "Rescuers evacuated 120 passengers from two trains, the regional operator Serra Rail said.\n\n"
        "\u201cWe will reopen the line as soon as it is safe,\u201d said Marta Ilves, the company's spokeswoman.\n\n"
        "Officials said no one was injured."
    ),
    "en2": (
        "A landslide blocked the Alta Serra rail tunnel on Tuesday, March 4.\n\n"
        "Rescuers evacuated 120 passengers from two trains, the regional operator Serra Rail said."
    ),
    "es": (
        "Un deslizamiento de tierra bloqueó el martes el túnel ferroviario de Alta Serra.\n\n"
        "Los equipos de rescate evacuaron a 200 pasajeros, según el Ministerio de Transporte.\n\n"
        "\u00abReabriremos la línea en cuanto sea seguro\u00bb, afirmó la portavoz Marta Ilves.\n\n"
        "Un trabajador resultó herido, según la portavoz."
    ),
    "de": (
        "Ein Erdrutsch hat am Dienstag, 4. März, den Alta-Serra-Tunnel blockiert.\n\n"
        "Die Reparatur soll nach Angaben der Bahn drei Wochen dauern.\n\n"
        "Die Schließung ordnete das Verkehrsministerium an, nicht Serra Rail."
    ),
}
CAPTION = "Rescue teams at the tunnel entrance on March 5. Photo: invented agency"


def ev(article_id: str, index: int, sentence: str) -> Evidence:
    start = TEXTS[article_id].index(sentence)
    return Evidence(article_id, index, start, start + len(sentence), sentence)


def sentence(article_id: str, index: int) -> str:
    return TEXTS[article_id].split("\n\n")[index]


def make_brief() -> StoryBrief:
    articles = [
        BriefArticle("en1", "Landslide blocks Alta Serra tunnel", "northline.example", "en", "2031-03-04T18:00:00",
                     "https://northline.example/landslide", ["NWA"]),
        BriefArticle("en2", "Landslide blocks mountain tunnel", "harbourgazette.example", "en", "2031-03-04T19:30:00",
                     "https://harbourgazette.example/nwa/landslide", ["NWA"], copy_of="en1"),
        BriefArticle("es", "Un alud bloquea el túnel de Alta Serra", "diariodelvalle.example", "es",
                     "2031-03-04T20:00:00", "https://diariodelvalle.example/alud", []),
        BriefArticle("de", "Erdrutsch blockiert Bahntunnel", "tagesblick.example", "de", "2031-03-05T07:00:00",
                     None, ["dpa-invented"]),
    ]  # fmt: skip
    claims = [
        Claim(
            "c1", sentence("en1", 0), "corroborated", 3,
            [ev("en1", 0, sentence("en1", 0)), ev("en2", 0, sentence("en2", 0)), ev("es", 0, sentence("es", 0)),
             ev("de", 0, sentence("de", 0))],
            [Conflict("date", [
                ConflictValue("2031-03-04", "de", 0, sentence("de", 0)),
                ConflictValue("2031-03-05", "de", -1, CAPTION),
            ], note="photo caption dates the scene a day later")],
        ),
        Claim(
            "c2", sentence("en1", 1), "conflicting", 2,
            [ev("en1", 1, sentence("en1", 1)), ev("es", 1, sentence("es", 1))],
            [Conflict("number", [ConflictValue("120", "en1", 1, sentence("en1", 1)),
                                 ConflictValue("200", "es", 1, sentence("es", 1))]),
             Conflict("entity", [ConflictValue("Serra Rail", "en1", 1, sentence("en1", 1)),
                                 ConflictValue("Ministry of Transport", "es", 1, sentence("es", 1))])],
        ),
        Claim(
            "c3", sentence("en1", 3), "conflicting", 2,
            [ev("en1", 3, sentence("en1", 3)), ev("es", 3, sentence("es", 3))],
            [Conflict("polarity", [ConflictValue("no injuries", "en1", 3, sentence("en1", 3)),
                                   ConflictValue("one injured", "es", 3, sentence("es", 3))])],
        ),
        Claim("c4", sentence("de", 1), "single_source", 1, [ev("de", 1, sentence("de", 1))]),
        Claim("c5", sentence("de", 2), "single_source", 1, [ev("de", 2, sentence("de", 2))]),
    ]  # fmt: skip
    quote_en = "We will reopen the line as soon as it is safe,"
    quote_es = "Reabriremos la línea en cuanto sea seguro"
    qs_en, qs_es = TEXTS["en1"].index(quote_en), TEXTS["es"].index(quote_es)
    quotes = [
        BriefQuote(quote_en, "Marta Ilves", "Marta Ilves", "en1", 2, qs_en, qs_en + len(quote_en), ["en2", "es"]),
        BriefQuote(quote_es, "la portavoz", "Marta Ilves", "es", 2, qs_es, qs_es + len(quote_es), ["en1"]),
    ]
    entities = [
        BriefEntity("Marta Ilves", "PERSON", ["Ilves", "la portavoz"], ["en1", "en2", "es"]),
        BriefEntity("Serra Rail", "ORG", [], ["en1", "en2", "de"]),
        BriefEntity("Alta Serra", "LOC", ["Alta-Serra"], ["en1", "en2", "es", "de"]),
        BriefEntity("Ministry of Transport", "ORG", ["Ministerio de Transporte", "Verkehrsministerium"], ["es", "de"]),
    ]
    summary = [
        SummarySentence(sentence("en1", 0), [ev("en1", 0, sentence("en1", 0)), ev("es", 0, sentence("es", 0))]),
        SummarySentence(sentence("de", 1), [ev("de", 1, sentence("de", 1))]),
    ]
    return StoryBrief(
        story_id="s-0042",
        title="Landslide blocks the Alta Serra rail tunnel",
        event_date="2031-03-04",
        languages=["de", "en", "es"],
        articles=articles,
        independent_sources=3,
        entities=entities,
        quotes=quotes,
        claims=claims,
        summary=summary,
    )


EVIL = "<script>alert(1)</script>"
EVIL_URL = "javascript:alert(1)"


def make_hostile_brief() -> tuple[StoryBrief, dict[str, str]]:
    """Markup and script URLs everywhere article-derived text can reach."""
    text = f"Intro {EVIL} and <img src=x onerror=alert(2)> then [click](javascript:alert(3)) end."
    e = Evidence("x1", 0, 0, len(text), text)
    brief = StoryBrief(
        story_id=f"id-{EVIL}",
        title=f"Title {EVIL}",
        event_date=EVIL,
        languages=[EVIL],
        articles=[
            BriefArticle("x1", f"Headline {EVIL}", f"src {EVIL}", "en", EVIL, EVIL_URL, [EVIL]),
            BriefArticle("x2", "Second", '" onmouseover="alert(4)', "en", None, " JavaScript:alert(5)", []),
            BriefArticle("x3", "Third", "third.example", "en", None, "https://third.example/a?b=<script>", []),
        ],
        independent_sources=3,
        entities=[BriefEntity(f"Ent {EVIL}", EVIL, [EVIL], ["x1"])],
        quotes=[BriefQuote(f"quote {EVIL}", f"speaker {EVIL}", f"entity {EVIL}", "x1", 0, 0, 5, [EVIL])],
        claims=[
            Claim(
                f"c-{EVIL}",
                text,
                "conflicting",
                1,
                [e],
                [
                    Conflict(
                        "number",
                        [ConflictValue(EVIL, "x1", 0, text), ConflictValue(EVIL_URL, "x2", 0, EVIL)],
                        note=EVIL,
                    )
                ],
            ),
            Claim("c2", "single", f"bogus-status-{EVIL}", 1, [e]),  # type: ignore[arg-type]
        ],
        summary=[SummarySentence(text, [e])],
    )
    return brief, {"x1": text, "x2": f"{EVIL} <style>@import url(http://evil.example/x.css)</style>"}


# --- a tiny JSON Schema validator for the subset docs/brief.schema.json uses (jsonschema is not a dependency) -------

_TYPES: dict[str, Any] = {"object": dict, "array": list, "string": str, "null": type(None), "boolean": bool}


def _type_ok(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    known = {"$schema", "$id", "$defs", "title", "description", "$ref", "type", "required", "properties", "items",
             "enum", "const", "minimum", "minLength"}  # fmt: skip
    assert set(schema) <= known, f"validator does not implement {set(schema) - known}"
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/$defs/"), ref
        return validate(value, root["$defs"][ref.removeprefix("#/$defs/")], root, path)
    errors: list[str] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, n) for n in names):
            return [f"{path}: {value!r} is not of type {names}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "minimum" in schema and isinstance(value, int) and value < schema["minimum"]:
        errors.append(f"{path}: {value} < {schema['minimum']}")
    if "minLength" in schema and isinstance(value, str) and len(value) < schema["minLength"]:
        errors.append(f"{path}: too short")
    if isinstance(value, dict):
        errors += [f"{path}: missing {key}" for key in schema.get("required", []) if key not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += validate(value[key], sub, root, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += validate(item, schema["items"], root, f"{path}[{i}]")
    return errors


# --- JSON, schema and docs ----------------------------------------------------------------------------------------


def test_brief_json_validates_against_the_schema_and_round_trips() -> None:
    brief = make_brief()
    text = brief_json(brief)
    data = json.loads(text)
    assert validate(data, SCHEMA, SCHEMA) == []
    assert data == brief.to_dict()
    assert "túnel" in text and "Schließung" in text  # ensure_ascii=False keeps the text readable
    assert StoryBrief.from_dict(data) == brief
    assert data["schema_version"] == BRIEF_SCHEMA_VERSION


def test_schema_rejects_broken_briefs() -> None:
    data = make_brief().to_dict()
    data["claims"][0]["status"] = "probably"
    del data["articles"][1]["copy_of"]
    data["quotes"][0]["sentence_index"] = -7
    data["independent_sources"] = "three"
    errors = validate(data, SCHEMA, SCHEMA)
    assert any(".claims[0].status" in e for e in errors)
    assert any(".articles[1]: missing copy_of" in e for e in errors)
    assert any(".quotes[0].sentence_index" in e for e in errors)
    assert any(".independent_sources" in e for e in errors)


SCHEMA_DEFS = {
    BriefArticle: "article",
    BriefEntity: "entity",
    BriefQuote: "quote",
    Claim: "claim",
    Conflict: "conflict",
    ConflictValue: "conflict_value",
    Evidence: "evidence",
    SummarySentence: "summary_sentence",
    Update: "update",
    UpdateValue: "update_value",
}


@pytest.mark.parametrize("record", [StoryBrief, *SCHEMA_DEFS], ids=lambda r: r.__name__)
def test_schema_and_doc_list_exactly_the_record_fields(record: type) -> None:
    fields = {f.name for f in dataclasses.fields(record)}
    schema = SCHEMA if record is StoryBrief else SCHEMA["$defs"][SCHEMA_DEFS[record]]
    assert set(schema["properties"]) == fields
    assert set(schema["required"]) == fields
    doc = (ROOT / "docs" / "brief.md").read_text(encoding="utf-8")
    section = doc.split(f"## `{record.__name__}`", 1)[1].split("\n## ", 1)[0]
    for name in fields:
        assert f"`{name}`" in section, f"docs/brief.md does not document {record.__name__}.{name}"
    assert (
        f"schema version {BRIEF_SCHEMA_VERSION}" in doc
        and SCHEMA["properties"]["schema_version"]["const"] == BRIEF_SCHEMA_VERSION
    )


# --- Markdown -----------------------------------------------------------------------------------------------------


def test_markdown_shows_every_section_claim_quote_and_conflict() -> None:
    brief = make_brief()
    md = render_markdown(brief)
    for heading in ("# Landslide", "## Summary", "## Sources", "## Claims", "## Quotes", "## Entities"):
        assert heading in md
    for status, n in (("Conflicting", 2), ("Corroborated", 1), ("Single source", 2)):
        assert f"### {status} ({n})" in md
    # Conflicting claims come first: a reader must not miss a contradiction.
    assert md.index("### Conflicting") < md.index("### Corroborated") < md.index("### Single source")
    for claim in brief.claims:
        assert f"**{claim.claim_id}**" in md
        for conflict in claim.conflicts:
            for value in conflict.values:
                assert f"**{value.value}**" in md
    assert "removed line (e.g. photo caption)" in md and CAPTION in md
    for quote in brief.quotes:
        assert quote.text in md
    assert "Marta Ilves (“la portavoz”)" in md
    # Sources table: one row per article, the copy marked, links only to http(s) URLs.
    assert "| 1 | harbourgazette.example |" in md and "copy of northline.example" in md
    assert "[Landslide blocks Alta Serra tunnel](https://northline.example/landslide)" in md
    # Every summary sentence cites its sources.
    assert "[northline.example; diariodelvalle.example]" in md
    assert "| Entity | Type | Also written as | Articles |" in md
    assert "| Ministry of Transport | ORG | Ministerio de Transporte, Verkehrsministerium | 2 |" in md


def test_markdown_neutralises_markup_and_script_links() -> None:
    brief, _ = make_hostile_brief()
    md = render_markdown(brief)
    assert "<script>" not in md and "<img" not in md and "<style" not in md
    assert "&lt;script&gt;alert\\(1\\)" not in md  # parentheses stay readable: they are inert without a `]`
    # No live link or autolink to a script URL: a `](` must be escaped, and `<` never survives.
    assert not re.search(r"(?<!\\)\]\(\s*javascript:", md, re.IGNORECASE)
    assert "| Second |" in md  # a title whose URL is not http(s) stays plain text
    assert "\\[click\\]" in md  # link syntax from article text is escaped, not live
    assert "](https://third.example/a?b=%3Cscript%3E)" in md
    # Table cells cannot be broken by a pipe in article text.
    piped = make_brief()
    piped.claims[0].support[0] = dataclasses.replace(piped.claims[0].support[0], text="a | b")
    assert "a \\| b" in render_markdown(piped)


# --- HTML ---------------------------------------------------------------------------------------------------------


def _parse(page: str) -> Any:
    return lxml.html.document_fromstring(page)


def test_html_has_header_sources_side_by_side_and_every_claim() -> None:
    brief = make_brief()
    page = render_html(brief, articles_text=TEXTS)
    doc = _parse(page)
    assert doc.find(".//h1").text_content() == brief.title
    facts = {dt.text_content(): dd.text_content() for dt, dd in zip(doc.iter("dt"), doc.iter("dd"), strict=True)}
    assert facts["Articles"] == "4" and facts["Independent sources"] == "3"
    assert facts["Event date"] == "2031-03-04" and facts["Languages"] == "de, en, es"
    # One column per independent source; the syndicated copy sits under its original.
    columns = doc.find_class("column")
    assert len(columns) == 3
    first = columns[0]
    assert len(first.find_class("copy")) == 1 and "harbourgazette.example" in first.text_content()
    assert "Syndicated copy of" in first.text_content() and "NWA" in first.text_content()
    claims = doc.find_class("claim")
    assert [c.get("class") for c in claims] == [
        "claim st-conflicting",
        "claim st-conflicting",
        "claim st-corroborated",
        "claim st-single_source",
        "claim st-single_source",
    ]
    text = doc.text_content()
    for claim in brief.claims:
        assert claim.text in text
        for e in claim.support:
            assert e.text in text
    for quote in brief.quotes:
        assert quote.text in text
    for entity in brief.entities:
        assert entity.name in [c.find("bdi").text for c in doc.find_class("chip")]
    assert "Legend" in text and "Summary" in text


def test_html_conflicts_show_values_side_by_side_with_their_sentences() -> None:
    doc = _parse(render_html(make_brief()))
    conflicts = doc.find_class("conflict")
    assert [c.findtext("h4").split(" conflict")[0] for c in conflicts] == ["Number", "Who", "Polarity", "Date"]
    values = [[v.find("strong").text_content() for v in c.find_class("value")] for c in conflicts]
    assert values == [["120", "200"], ["Serra Rail", "Ministry of Transport"], ["no injuries", "one injured"],
                      ["2031-03-04", "2031-03-05"]]  # fmt: skip
    caption_value = conflicts[3].find_class("value")[1]
    assert "removed line" in caption_value.text_content() and CAPTION in caption_value.text_content()


def test_html_highlights_supporting_sentences_in_the_claim_colour() -> None:
    brief = make_brief()
    doc = _parse(render_html(brief, articles_text=TEXTS))
    marks = {(m.get("class"), m.text_content()) for m in doc.iter("mark")}
    assert ("st-corroborated", sentence("en1", 0)) in marks
    assert ("st-conflicting", sentence("es", 1)) in marks
    assert ("st-single_source", sentence("de", 1)) in marks
    # The unsupported quote sentence is shown but not highlighted; each highlight links to its claim.
    article = doc.get_element_by_id("article-1")
    assert sentence("en1", 2) in article.text_content()
    assert all(sentence("en1", 2) not in m.text_content() for m in article.iter("mark"))
    refs = [a.get("href") for a in article.xpath(".//sup[@class='ref']/a")]
    assert refs == ["#claim-1", "#claim-2", "#claim-3"]
    assert {f"claim-{i}" for i in range(1, 6)} <= {e.get("id") for e in doc.find_class("claim")}
    # Without texts there is nothing to highlight, and the page still renders.
    assert not list(_parse(render_html(brief)).iter("mark"))


def test_html_highlight_prefers_conflict_and_survives_bad_offsets() -> None:
    brief = make_brief()
    shared = ev("en1", 1, sentence("en1", 1))
    brief.claims[3].support.append(shared)  # a single-source claim on the same sentence as a conflicting one
    brief.claims[4].support.append(Evidence("en1", 9, 5000, 5010, "not in the text"))
    brief.claims[4].support.append(Evidence("ghost", 0, 0, 4, "nope"))
    shifted = Evidence("es", 0, 3, 20, sentence("es", 0))  # wrong offsets, text still findable
    brief.claims[0].support.append(shifted)
    doc = _parse(render_html(brief, articles_text=TEXTS))
    marks = [(m.get("class"), m.text_content(), m.get("title")) for m in doc.iter("mark")]
    assert ("st-conflicting", sentence("en1", 1), "c2: Conflicting; c4: Single source") in marks
    assert any(text == sentence("es", 0) for _, text, _ in marks)
    assert "unlisted article ghost" in doc.text_content()


def test_html_is_self_contained_and_printable() -> None:
    page = render_html(make_brief(), articles_text=TEXTS)
    low = page.lower()
    assert "<script" not in low and "<link" not in low and "@import" not in low and "url(" not in low
    assert "<iframe" not in low and "<img" not in low and "src=" not in low
    assert "content-security-policy" in low and "default-src 'none'" in low
    assert "@media print" in page and "print-color-adjust:exact" in page
    hrefs = [a.get("href") for a in _parse(page).iter("a")]
    assert all(h.startswith("#") or h.startswith("https://") for h in hrefs)


def test_html_escapes_all_article_derived_text() -> None:
    brief, texts = make_hostile_brief()
    page = render_html(brief, articles_text=texts)
    doc = _parse(page)
    assert not list(doc.iter("script", "img", "iframe", "object", "embed", "link"))
    assert len(list(doc.iter("style"))) == 1  # ours, in <head>
    for element in doc.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name} on <{element.tag}>"
            assert "javascript:" not in value.lower() or name == "title", (element.tag, name, value)
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert "https://third.example/a?b=<script>" in hrefs  # escaped in the source, intact once parsed
    assert not any("javascript" in h.lower() for h in hrefs)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    text = doc.text_content()
    assert f"Title {EVIL}" in text and EVIL_URL in text and "[click](javascript:alert(3))" in text
    assert "http://evil.example" not in "".join(doc.xpath("//style/text()"))
    assert "Bogus-status-" in text  # an unknown status is shown, not dropped


_ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(title=_ANY_TEXT, body=_ANY_TEXT, url=_ANY_TEXT, quote=_ANY_TEXT)
def test_html_never_lets_markup_through(title: str, body: str, url: str, quote: str) -> None:
    brief = make_brief()
    brief.title = title + "<b onclick=x>"
    brief.articles[0] = dataclasses.replace(brief.articles[0], title=title, url=url)
    brief.quotes[0] = dataclasses.replace(brief.quotes[0], text=quote + "</blockquote><script>")
    page = render_html(brief, articles_text={"en1": body + "<i>", "de": body})
    doc = _parse(page)
    assert not list(doc.iter("script", "b", "i"))
    assert all(not name.startswith("on") for e in doc.iter() for name in e.attrib)
    assert all(h.startswith(("#", "http://", "https://")) for h in (a.get("href") for a in doc.iter("a")))


def test_renderers_cope_with_an_empty_brief() -> None:
    empty = StoryBrief("s-empty", "", None, [], [], 0, [], [], [], [])
    assert "No claims." in render_markdown(empty)
    page = render_html(empty, articles_text={})
    assert "No articles." in _parse(page).text_content()
    console = Console(file=io.StringIO(), width=100)
    render_terminal(empty, console)


# --- terminal -----------------------------------------------------------------------------------------------------


def _terminal(brief: StoryBrief, *, colour: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=140, force_terminal=colour, color_system="standard" if colour else None)
    render_terminal(brief, console)
    return out.getvalue()


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_terminal_shows_everything_coloured_by_status() -> None:
    brief = make_brief()
    plain = _terminal(brief, colour=False)
    flat = re.sub(r"[\s│┃|]+", " ", plain)
    for heading in ("Conflicting claims (2)", "Corroborated claims (1)", "Single source claims (2)", "Quotes"):
        assert heading in plain
    for claim in brief.claims:
        assert claim.claim_id in plain
        for conflict in claim.conflicts:
            assert all(v.value in flat for v in conflict.values)
    assert "Marta Ilves" in plain and "la portavoz" in plain and "↳ copy" in plain
    assert "Independent sources 3" in plain and "removed line" in plain
    coloured = _terminal(brief, colour=True)
    assert "\x1b[1;32m" in coloured and "\x1b[1;31m" in coloured  # bold green, bold red
    assert _ANSI.sub("", coloured).count("Conflicting claims (2)") == 1


def updated_brief() -> StoryBrief:
    """make_brief with the evacuees figure (120 in English at 18:00, 200 in Spanish at 20:00) as an update."""
    brief = make_brief()
    claim = brief.claims[1]
    claim.updates = [
        Update(
            "number",
            [
                UpdateValue("120", "en1", 1, sentence("en1", 1), "2031-03-04T18:00:00"),
                UpdateValue("200", "es", 1, sentence("es", 1), "2031-03-04T20:00:00"),
            ],
            note="passengers evacuated: figure changed between reports",
        )
    ]
    claim.conflicts = [k for k in claim.conflicts if k.slot != "number"]
    brief.claims.append(Claim("c6", sentence("es", 1), "updated", 2, list(claim.support), [], list(claim.updates)))
    return brief


def test_every_renderer_shows_updates_in_publication_order() -> None:
    brief = updated_brief()
    data = json.loads(brief_json(brief))
    assert validate(data, SCHEMA, SCHEMA) == [] and StoryBrief.from_dict(data) == brief
    markdown = render_markdown(brief)
    assert "### Updated (1)" in markdown and "Number updated: 120 → 200" in markdown
    assert markdown.index("2031-03-04T18:00:00") < markdown.index("2031-03-04T20:00:00")
    doc = lxml.html.fromstring(render_html(brief))
    assert len(doc.find_class("claim st-updated")) == 1
    steps = [li.find("strong").text_content() for u in doc.find_class("update") for li in u.iter("li")]
    assert steps[:2] == ["120", "200"]
    plain = _terminal(brief, colour=False)
    assert "Updated claims (1)" in plain and "Number updated: 120 → 200" in plain
    assert "published" in plain and plain.index("2031-03-04T18:00:00") < plain.index("2031-03-04T20:00:00")


def test_terminal_does_not_interpret_markup_in_article_text() -> None:
    brief = make_brief()
    brief.title = "[bold red]Not markup[/] and [link=https://x.example]x[/link]"
    out = _terminal(brief, colour=False)
    assert "[bold red]Not markup[/]" in out and "[link=https://x.example]" in out


# --- the reference seeds through the real cleaning pipeline (skipped when ../shared is absent) ---------------------

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
REMOVED_LINE = -1


def _seed_brief() -> tuple[StoryBrief, dict[str, str]]:
    from storyweave.config import CleanOptions, IngestOptions
    from storyweave.ingest import read_sources
    from storyweave.pipeline import prepare_article
    from storyweave.types import Article

    articles = [
        a
        for raw in read_sources([str(SEEDS)], IngestOptions())
        if not isinstance(raw, Problem) and isinstance(a := prepare_article(raw, CleanOptions()), Article)
    ]
    assert len(articles) == 2
    claims = []
    for n, article in enumerate(articles):
        for s in article.sentences[:3]:
            evidence = Evidence(article.id, s.index, s.char_start, s.char_end, s.text)
            status = ("corroborated", "single_source", "conflicting")[(s.index + n) % 3]
            claims.append(Claim(f"c{n}-{s.index}", s.text, status, 1, [evidence]))  # type: ignore[arg-type]
    caption = next((r for a in articles for r in a.removed if r.reason == "caption"), None)
    if caption is not None:
        claims[-1].conflicts.append(
            Conflict("date", [ConflictValue("caption date", articles[-1].id, REMOVED_LINE, caption.text)])
        )
    brief = StoryBrief(
        story_id="seeds",
        title=articles[0].title,
        event_date=None,
        languages=sorted({a.language or "?" for a in articles}),
        articles=[BriefArticle(a.id, a.title, a.source, a.language, None, a.url, list(a.credits)) for a in articles],
        independent_sources=2,
        entities=[],
        quotes=[],
        claims=claims,
        summary=[],
    )
    return brief, {a.id: a.text for a in articles}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="reference seeds not present at ../shared/seeds")
def test_seed_articles_render_with_their_real_sentence_offsets() -> None:
    brief, texts = _seed_brief()
    doc = _parse(render_html(brief, articles_text=texts))
    marked = [m.text_content() for m in doc.iter("mark")]
    for claim in brief.claims:
        assert claim.support[0].text in marked  # offsets from the real sentence splitter land on the sentence
    assert len(doc.find_class("column")) == 2 and len(doc.find_class("article-text")) == 2
    if any(c.conflicts for c in brief.claims):  # the photo caption cleaning removed is shown as such
        assert "removed line (e.g. photo caption)" in doc.text_content()
    md = render_markdown(brief)
    assert all(f"**{c.claim_id}**" in md for c in brief.claims)
    out = _terminal(brief, colour=False)
    assert all(c.claim_id in out for c in brief.claims)


def test_html_collection_keeps_each_story_s_anchors_apart() -> None:
    from storyweave.report import render_html_collection

    first, (second, texts) = make_brief(), make_hostile_brief()
    page = render_html_collection([first, second], articles_text=texts, title="Two stories")
    root = _parse(page)
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))  # no anchor appears twice
    for href in root.xpath("//a/@href"):
        if href.startswith("#"):
            assert href[1:] in ids  # every in-page link lands on its own story's anchor
    assert "<script" not in page.lower()
    assert render_html_collection([first]) == render_html(first)


def test_html_isolates_a_right_to_left_override_in_article_text() -> None:
    rlo = "\u202e"
    brief = make_brief()
    brief.title = f"Landslide {rlo}blocks"
    brief.articles[0] = dataclasses.replace(brief.articles[0], title=f"Tunnel {rlo}shut", source=f"north{rlo}line")
    brief.quotes[0] = dataclasses.replace(brief.quotes[0], text=f"We {rlo}are clearing")
    page = render_html(brief, articles_text=TEXTS)
    for text in (brief.title, f"Tunnel {rlo}shut", f"We {rlo}are clearing"):
        assert f"<bdi>{text}</bdi>" in page
    assert f"<title>\u2068{brief.title}\u2069 · storyweave</title>" in page
    # Every override in the page is closed by the element or isolate marks around it.
    outside = re.sub(r"<bdi>.*?</bdi>|\u2068.*?\u2069", "", page, flags=re.DOTALL)
    assert rlo not in outside
