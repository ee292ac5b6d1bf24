"""Property tests over every stage: arbitrary text goes clean -> annotate -> embed -> group -> compare -> render without
an exception, and what each stage hands on still points into the text.

Texts: any unicode (controls, combining marks, right-to-left scripts, emoji, zero-width characters, lone surrogates,
which Python strings allow), one character, only punctuation or digits, and text ending in every connector and
article word the code's own word lists know. Invariants: every offset lies inside the clean text and spells what it
claims to; every article is in exactly one story; every claim's and summary sentence's evidence is a real sentence.
Models load once per module; examples are few and small, and the large-text case is marked slow.
"""

from __future__ import annotations

import io
import json
import string
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from storyweave.annotate.cues import ARTICLES, CONNECTORS
from storyweave.clean import agencies
from storyweave.compare.brief import Evidence, StoryBrief
from storyweave.compare.build import build_brief
from storyweave.compare.material import StoryMaterial
from storyweave.config import CleanOptions
from storyweave.embed import embed_article
from storyweave.group import GroupOptions, build_group_doc, group
from storyweave.pipeline import Models, add_to_material, annotate_article, prepare_guarded
from storyweave.report import render_html, render_markdown, render_terminal
from storyweave.types import Article, RawDocument

pytestmark = pytest.mark.slow  # loads the entity and embedding models (once for the module)

PUBLISHED = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)

#: Characters that break naive text handling, mixed into otherwise arbitrary text.
ODD = (
    "\x00\x07\x1b\x7f\u0085"  # controls, NEL
    "\u0301\u0308\u20dd"  # combining marks
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202e\u202d\u2066\u2069"  # Hebrew, Arabic, bidi controls
    "\U0001f600\U0001f1fa\U0001f1f8\u2764\ufe0f"  # emoji, flags, variation selector
    "\u200b\u200c\u200d\ufeff\u00ad"  # zero-width, BOM, soft hyphen
    "\ud800\udfff"  # lone surrogates
    "\u2028\u2029\r\n\t "  # line and paragraph separators
)
odd_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(ODD)), max_size=300)
punctuation_or_digits = st.text(alphabet=string.punctuation + string.digits + " \n", min_size=1, max_size=200)

#: A well-formed article every generated one is grouped and compared with.
ANCHOR = RawDocument(
    origin="anchor",
    title="Ferry runs aground off Port Evander",
    text=(
        "PORT EVANDER (Reuters) - The ferry Santa Lucia ran aground off Port Evander on Thursday, and all 212 "
        'passengers were brought ashore, harbour master Ilse Brandt said.\n\n"Nobody was hurt," Brandt said.'
    ),
    published=PUBLISHED,
    language="en",
)


@pytest.fixture(scope="module")
def models() -> Models:
    return Models()


def _check_offsets(article: Article) -> None:
    text = article.text
    for i, sentence in enumerate(article.sentences):
        assert sentence.index == i
        assert 0 <= sentence.char_start < sentence.char_end <= len(text)
        assert text[sentence.char_start : sentence.char_end] == sentence.text


def _check_evidence(evidence: list[Evidence], articles: dict[str, Article]) -> None:
    for e in evidence:
        article = articles[e.article_id]
        if e.sentence_index < 0:
            continue  # a removed line (a photo caption), not the text: see compare/material.py
        sentence = article.sentences[e.sentence_index]
        assert sentence.char_start <= e.char_start <= e.char_end <= sentence.char_end
        assert 0 <= e.char_start <= e.char_end <= len(article.text)


def run_all_stages(doc: RawDocument, models: Models) -> StoryBrief | None:
    """Every stage on ``doc`` (with the anchor article), checking what each hands on; None when ingest rejects it."""
    prepared = prepare_guarded(doc, CleanOptions())
    if not isinstance(prepared, Article):
        assert prepared.stage is None, prepared  # rejected as no article (empty after cleaning), not a stage failure
        return None
    anchor = prepare_guarded(ANCHOR, CleanOptions())
    assert isinstance(anchor, Article)
    articles = {a.id: a for a in (prepared, anchor)}
    _check_offsets(prepared)
    material = StoryMaterial(story_id="s-prop", articles=[], embedder_name=models.embedder.name)
    docs = []
    for article in articles.values():
        mentions, times, event_date = annotate_article(article, models.entities)
        for m in [*mentions, *times]:
            assert 0 <= m.char_start <= m.char_end <= len(article.text)
            assert article.text[m.char_start : m.char_end] == m.text
            assert -1 <= m.sentence_index < len(article.sentences)
        vector, sentence_rows = embed_article(models.embedder, article.title, [s.text for s in article.sentences])
        assert vector.shape == (models.embedder.dim,) and sentence_rows.shape[0] == len(article.sentences)
        docs.append(
            build_group_doc(
                article.id,
                article.title,
                article.text,
                [s.text for s in article.sentences],
                embedder=models.embedder,
                language=article.language,
                published=article.published,
                event_date=event_date,
                mentions=mentions,
            )
        )
        add_to_material(material, article, mentions, times, event_date, (vector, sentence_rows))
    result = group(docs, GroupOptions())
    members = [a for story in result.stories.values() for a in story]
    assert sorted(members) == sorted(articles)  # every article in exactly one story
    assert set(result.assignments) == set(articles)
    brief = build_brief(material, embed=models.embedder.embed)
    for claim in brief.claims:
        _check_evidence(claim.support, articles)
    for sentence in brief.summary:
        _check_evidence(sentence.support, articles)
    json.dumps(brief.to_dict(), ensure_ascii=False)
    render_markdown(brief)
    render_html(brief, articles_text={a.id: a.text for a in articles.values()})
    render_terminal(brief, Console(file=io.StringIO(), width=100))
    return brief


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=odd_text, title=st.text(max_size=40), language=st.sampled_from([None, "en", "fr", "de", "es", "ar", "zz"]))
@example(text="x", title="", language=None)
@example(text="\ud800", title="\udfff", language="en")
@example(text="\u202eevil\u202c", title="\u200b", language=None)
def test_any_unicode_through_every_stage(models: Models, text: str, title: str, language: str | None) -> None:
    doc = RawDocument(origin="prop", text=text, title=title, language=language, published=PUBLISHED)
    run_all_stages(doc, models)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=punctuation_or_digits)
@example(text=".")
@example(text="0")
def test_only_punctuation_or_digits(models: Models, text: str) -> None:
    run_all_stages(RawDocument(origin="prop", text=text, title="", published=PUBLISHED), models)


#: Every word the entity rules and the credit finder treat as a connector or article, in every language they know.
ENDING_WORDS = sorted(CONNECTORS | ARTICLES | {w.strip() for w in (*agencies.ARTICLES, *agencies.CONJUNCTIONS)} - {""})


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "tr", None])
def test_texts_ending_in_every_connector_and_article(models: Models, language: str | None) -> None:
    for word in ENDING_WORDS:
        for text in (
            f"Officials of the Bank of Port Evander met the Governor of the Bank {word}",
            f"La Banque de Port Evander {word}",
            f"{word}",
            f"Port Evander {word}\n",
        ):
            doc = RawDocument(origin="prop", text=text, title="", language=language, published=PUBLISHED)
            article = prepare_guarded(doc, CleanOptions())
            if not isinstance(article, Article):
                assert article.stage is None, (word, article)  # "&" alone is no article, but nothing may fail
                continue
            _check_offsets(article)
            for m in annotate_article(article, models.entities)[0]:
                assert article.text[m.char_start : m.char_end] == m.text
    # and the whole chain for one of them per language, to the rendered brief
    run_all_stages(RawDocument(origin="prop", text=f"The Bank {ENDING_WORDS[0]}", language=language), models)


def test_one_large_text_through_every_stage(models: Models) -> None:
    # 100 KB of arbitrary-but-wordy text with odd characters and a 20,000-character token; the 1 MB figures are in
    # benchmarks/stage_linearity.py (this keeps the suite's time down).
    words = [
        "Port",
        "Evander",
        "ferry",
        "\u05e9\u05dc\u05d5\u05dd",
        "\U0001f600",
        "de",
        "la",
        "12,5",
        "\u200b",
        "said.",
    ]
    body = " ".join(words[(i * 7) % len(words)] for i in range(14_000))
    text = body[:40_000] + " " + "A" * 20_000 + " " + body[40_000:80_000] + " de la"
    brief = run_all_stages(RawDocument(origin="big", text=text, title="Big", published=PUBLISHED), models)
    assert brief is not None


def test_stage_linearity_benchmark_runs_every_stage(models: Models) -> None:
    from benchmark_modules import load_benchmark

    bench = load_benchmark("stage_linearity")
    text = bench.with_runs(25_000, 10_000)
    assert max(len(token) for token in text.split()) >= 10_000 and abs(len(text) - 25_000) < 2_000
    times = bench.stage_times(text, models, 1)
    assert list(times) == ["clean", "prepare", "annotate", "embed", "group", "compare"]
    assert all(t >= 0 for t in times.values())
