"""The sample corpus under ``examples/`` agrees with its gold file, and its generated files rebuild exactly.

Later benchmarks grade grouping and cross-source comparison against ``examples/gold.json``; a gold file that names
a missing article, or a corpus article that no story claims, would silently skew those scores.
"""

from __future__ import annotations

import difflib
import gzip
import importlib.util
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import feedparser
import lxml.html
import py3langid
import pytest
from warcio.archiveiterator import ArchiveIterator

EXAMPLES = Path(__file__).parents[1] / "examples"
ARTICLES = EXAMPLES / "articles"
GOLD_PATH = EXAMPLES / "gold.json"

MIN_ARTICLES = 44
MIN_EVENTS = 9
REQUIRED_LANGUAGES = {"en", "es", "de", "fr", "pt"}
# The brief asks for realistic article length; feed items that carry only a summary are exempt.
MIN_WORDS, MAX_WORDS = 150, 450
# Wire copies differ by a headline, a trimmed paragraph or one added sentence, so their bodies stay very similar;
# independent reports of one event in one language score well under 0.5 with difflib.
WIRE_COPY_MIN_SIMILARITY = 0.8
MAX_EXAMPLES_BYTES = 1_000_000
SLOTS = {"number", "date", "entity", "polarity"}

pytestmark = pytest.mark.skipif(not GOLD_PATH.exists(), reason="examples/gold.json is not present in this checkout")


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One article as found in the corpus files, keyed the way gold.json refers to it."""

    key: str  # file path relative to examples/ for .txt/.html, else the URL
    container: str  # the file it lives in, relative to examples/
    url: str | None
    language: str | None  # declared by the format's metadata, None for plain text
    text: str
    summary_only: bool = False


def _load_module(name: str) -> ModuleType:
    """Import an ``examples/`` script by path; it is not part of the package."""
    qualified = f"storyweave_examples_{name}"
    spec = importlib.util.spec_from_file_location(qualified, EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve string annotations through sys.modules, so the module must be registered first.
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


def _rel(path: Path) -> str:
    return path.relative_to(EXAMPLES).as_posix()


def _text_articles() -> Iterator[CorpusArticle]:
    for path in sorted((ARTICLES / "txt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield CorpusArticle(_rel(path), _rel(path), None, None, text)


def _html_articles() -> Iterator[CorpusArticle]:
    for path in sorted((ARTICLES / "html").glob("*.html")):
        tree = lxml.html.fromstring(path.read_bytes())
        canonical = tree.xpath("string(//link[@rel='canonical']/@href)")
        body = " ".join(tree.xpath("//div[contains(@class,'article-body')]/p//text()"))
        yield CorpusArticle(_rel(path), _rel(path), canonical or None, tree.get("lang"), body)


def _jsonl_articles() -> Iterator[CorpusArticle]:
    for path in sorted((ARTICLES / "dumps").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            text = row.get("maintext", row.get("text"))
            yield CorpusArticle(row["url"], _rel(path), row["url"], row["language"], text)


def _feed_articles() -> Iterator[CorpusArticle]:
    for path in sorted((ARTICLES / "feeds").glob("*.xml")):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, f"{path.name}: {feed.get('bozo_exception')}"
        for entry in feed.entries:
            has_content = bool(entry.get("content"))
            raw = entry.content[0].value if has_content else entry.summary
            text = lxml.html.fromstring(f"<div>{raw}</div>").text_content()
            language = entry.get("language") or entry.get("title_detail", {}).get("language")
            yield CorpusArticle(entry.link, _rel(path), entry.link, language, text, summary_only=not has_content)


def _warc_articles() -> Iterator[CorpusArticle]:
    for path in sorted((ARTICLES / "warc").glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                tree = lxml.html.fromstring(record.content_stream().read())
                body = " ".join(tree.xpath("//article/p[not(@class)]//text()"))
                yield CorpusArticle(url, _rel(path), url, tree.get("lang"), body)


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def corpus() -> dict[str, CorpusArticle]:
    found: dict[str, CorpusArticle] = {}
    readers = (_text_articles, _html_articles, _jsonl_articles, _feed_articles, _warc_articles)
    for article in itertools.chain.from_iterable(reader() for reader in readers):
        assert article.key not in found, (
            f"{article.key} occurs twice ({article.container}, {found[article.key].container})"
        )
        found[article.key] = article
    return found


def _member_key(member: dict[str, str]) -> str:
    return member["file"] if "file" in member else member["url"]


def test_gold_has_the_documented_shape(gold: dict[str, Any]) -> None:
    assert gold["version"] == 1
    slugs = [story["story"] for story in gold["stories"]]
    assert len(slugs) == len(set(slugs))
    for story in gold["stories"]:
        assert set(story) == {"story", "event", "date", "kind", "members", "wire_groups", "planted", "only_in"}
        assert date.fromisoformat(story["date"]).year == 2026, story["story"]
        for member in story["members"]:
            assert set(member) <= {"file", "url"} and member, story["story"]
            if member.get("file", "").endswith(".html"):
                assert "url" in member, f"{member['file']}: html members carry both file and url"
        for planted in story["planted"]:
            assert planted["slot"] in SLOTS
            assert len(planted["values"]) == len(planted["members"]) >= 2, story["story"]
            assert planted["note"]


def test_every_member_exists_and_every_article_is_claimed_once(
    gold: dict[str, Any], corpus: dict[str, CorpusArticle]
) -> None:
    claimed = Counter(_member_key(member) for story in gold["stories"] for member in story["members"])
    assert sorted(key for key in claimed if key not in corpus) == []
    assert sorted(key for key in corpus if key not in claimed) == []
    assert [key for key, count in claimed.items() if count > 1] == []


def test_html_members_name_their_canonical_url(gold: dict[str, Any], corpus: dict[str, CorpusArticle]) -> None:
    for story in gold["stories"]:
        for member in story["members"]:
            if "file" in member and "url" in member:
                assert corpus[member["file"]].url == member["url"]


def test_url_members_occur_in_their_container(gold: dict[str, Any], corpus: dict[str, CorpusArticle]) -> None:
    # ``corpus`` is read with json, feedparser and warcio, so a URL key found there really is in that container.
    urls = [member["url"] for story in gold["stories"] for member in story["members"] if "url" in member]
    assert len(urls) == len(set(urls))
    for url in urls:
        assert re.fullmatch(r"https://www\.[a-z0-9-]+\.example/\S+", url), url
    for story in gold["stories"]:
        for member in story["members"]:
            if "file" not in member:
                container = corpus[member["url"]].container
                assert container.endswith((".jsonl", ".xml", ".warc.gz")), (member["url"], container)


def test_story_references_point_at_own_members(gold: dict[str, Any]) -> None:
    for story in gold["stories"]:
        own = {_member_key(member) for member in story["members"]}
        references = [ref for group in story["wire_groups"] for ref in group]
        references += [ref for planted in story["planted"] for ref in planted["members"]]
        references += [only["member"] for only in story["only_in"]]
        assert sorted(set(references) - own) == [], story["story"]


def test_corpus_size_events_and_languages(gold: dict[str, Any], corpus: dict[str, CorpusArticle]) -> None:
    assert len(corpus) >= MIN_ARTICLES
    assert len(gold["stories"]) >= MIN_EVENTS
    multi_language = [s for s in gold["stories"] if len({_language(corpus[_member_key(m)]) for m in s["members"]}) > 1]
    assert len(multi_language) >= MIN_EVENTS
    languages = {_language(article) for article in corpus.values()}
    assert languages >= REQUIRED_LANGUAGES


def _language(article: CorpusArticle) -> str:
    detected, _ = py3langid.classify(article.text)
    assert article.language in (None, detected), f"{article.key}: declared {article.language}, reads as {detected}"
    return str(detected)


def test_articles_have_realistic_length(corpus: dict[str, CorpusArticle]) -> None:
    for article in corpus.values():
        words = len(article.text.split())
        if article.summary_only:
            assert 20 <= words < MIN_WORDS, article.key
        else:
            assert MIN_WORDS <= words <= MAX_WORDS, f"{article.key}: {words} words"


def test_wire_copies_are_near_copies(gold: dict[str, Any], corpus: dict[str, CorpusArticle]) -> None:
    groups = [group for story in gold["stories"] for group in story["wire_groups"]]
    assert groups, "the corpus must hold at least one syndicated wire story"
    for group in groups:
        assert len(group) >= 3
        for left, right in itertools.combinations(group, 2):
            ratio = difflib.SequenceMatcher(None, corpus[left].text, corpus[right].text, autojunk=False).ratio()
            assert ratio >= WIRE_COPY_MIN_SIMILARITY, (left, right, ratio)


def test_different_event_pairs_share_a_kind_but_not_a_date(gold: dict[str, Any]) -> None:
    by_slug = {story["story"]: story for story in gold["stories"]}
    assert len(gold["different_event_pairs"]) >= 2
    for left, right in gold["different_event_pairs"]:
        assert by_slug[left]["kind"] == by_slug[right]["kind"]
        assert by_slug[left]["date"] != by_slug[right]["date"]


def test_planted_differences_cover_enough_stories(gold: dict[str, Any]) -> None:
    multi_source = [story for story in gold["stories"] if len(story["members"]) >= 3]
    with_conflicts = [story for story in multi_source if story["planted"] and story["only_in"]]
    assert len(with_conflicts) >= 5


def test_warc_rebuilds_to_the_committed_file(tmp_path: Path) -> None:
    build_warc = _load_module("build_warc")
    rebuilt = build_warc.build_warc(tmp_path / "sample_crawl.warc.gz")
    # Compare the records, not the deflate stream, which may differ between zlib builds.
    committed = gzip.decompress((ARTICLES / "warc" / "sample_crawl.warc.gz").read_bytes())
    assert gzip.decompress(rebuilt.read_bytes()) == committed


def test_bad_inputs_rebuild_to_the_committed_files(tmp_path: Path) -> None:
    build_bad = _load_module("build_bad")
    for path in build_bad.build_bad(tmp_path):
        assert path.read_bytes() == (EXAMPLES / "bad" / path.name).read_bytes(), path.name


def test_examples_stay_small() -> None:
    total = sum(path.stat().st_size for path in EXAMPLES.rglob("*") if path.is_file())
    assert total < MAX_EXAMPLES_BYTES
