"""The pair-scoring helper process (storyweave.group.helper): same stories, same floats, failures reported."""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

import numpy as np
import pytest

from storyweave.config import Settings
from storyweave.embed import USEEmbedder
from storyweave.group import GroupDoc, GroupOptions, build_group_doc, group
from storyweave.group import cluster as cluster_module
from storyweave.group.features import TermStats, minhash_of, prepare, weigh
from storyweave.group.helper import PairScorer
from storyweave.group.similarity import pair_probability
from storyweave.ingest import read_sources
from storyweave.pipeline import prepare_article
from storyweave.types import Article, RawDocument

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


@pytest.fixture(scope="module")
def docs() -> list[GroupDoc]:
    """The sample corpus's articles as grouping records (USE vectors, no entity model: enough to group on)."""
    settings = Settings()
    embedder = USEEmbedder(threads=1)
    out: list[GroupDoc] = []
    for raw in read_sources([str(EXAMPLES)], settings.ingest):
        article = prepare_article(raw, settings.clean) if isinstance(raw, RawDocument) else None
        if isinstance(article, Article):
            out.append(
                build_group_doc(
                    article.id,
                    article.title,
                    article.text,
                    [s.text for s in article.sentences],
                    embedder=embedder,
                    language=article.language,
                    published=article.published,
                )
            )
    assert len(out) >= 30
    return out


def _copies(docs: list[GroupDoc]) -> list[GroupDoc]:
    return [dataclasses.replace(d) for d in docs]


def _helped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Have grouping use the helper on a corpus this small, in many small tasks."""
    monkeypatch.setattr(cluster_module, "HELPER_MIN_ARTICLES", 1)
    monkeypatch.setattr(cluster_module, "HELPER_CHUNK", 3)


def test_helper_gives_the_same_stories_and_probabilities(docs: list[GroupDoc], monkeypatch: pytest.MonkeyPatch) -> None:
    alone = group(_copies(docs), GroupOptions())
    _helped(monkeypatch)
    helped = group(_copies(docs), GroupOptions(), workers=2)
    assert helped.scored_elsewhere > 0  # the helper did score pairs
    assert alone.scored_elsewhere == 0
    assert helped.assignments == alone.assignments
    assert helped.stories == alone.stories
    assert helped.aliases == alone.aliases
    assert helped.duplicates == alone.duplicates
    assert not helped.warnings
    # and it continues a state the same way (the helper is started per run)
    half = len(docs) // 2
    first = group(_copies(docs[:half]), GroupOptions(), workers=2)
    rest = group(_copies(docs[half:]), GroupOptions(), existing=first.state, workers=2)
    first_alone = group(_copies(docs[:half]), GroupOptions())
    rest_alone = group(_copies(docs[half:]), GroupOptions(), existing=first_alone.state)
    assert rest.assignments == rest_alone.assignments


def test_helper_scores_exactly_as_this_process(docs: list[GroupDoc]) -> None:
    prepared = [prepare(d) for d in _copies(docs)]
    stats = TermStats()
    stats.add(prepared)
    weights = [weigh(d, stats) for d in prepared]
    pairs = [(a, b) for a in range(len(prepared)) for b in range(a + 1, min(a + 6, len(prepared)))]
    scorer = PairScorer(dict(enumerate(prepared)))
    try:
        scorer.submit(pairs, weights.__getitem__, prepared.__getitem__)
        scorer.submit_minhashes(list(range(len(prepared))))
        returned = dict(scorer.collect())
        minhashes = dict(scorer.collect_minhashes())
    finally:
        scorer.close()
    assert scorer.failure is None
    assert returned == {(a, b): pair_probability(prepared[a], prepared[b], weights[a], weights[b]) for a, b in pairs}
    # the copy check's MinHashes too: the same hash values as made here
    assert sorted(minhashes) == list(range(len(prepared)))
    for position, minhash in minhashes.items():
        assert minhash_of(prepared[position]) is not None
        assert np.array_equal(minhash.hashvalues, prepared[position].minhash.hashvalues)


def test_a_dead_helper_is_reported_and_its_pairs_left_to_the_caller(docs: list[GroupDoc]) -> None:
    prepared = [prepare(d) for d in _copies(docs)]
    stats = TermStats()
    stats.add(prepared)
    weights = [weigh(d, stats) for d in prepared]
    scorer = PairScorer(dict(enumerate(prepared)))
    try:
        pid = scorer.pid()
        assert pid is not None and pid != os.getpid()
        os.kill(pid, signal.SIGKILL)
        scorer.submit([(0, 1), (1, 2)], weights.__getitem__, prepared.__getitem__)
        assert scorer.collect() == []  # returns instead of waiting for a process that is gone
        assert scorer.failure is not None and "helper process failed" in scorer.failure
        scorer.submit([(2, 3)], weights.__getitem__, prepared.__getitem__)  # later work stays here, quietly
        assert scorer.collect() == []
    finally:
        scorer.close()


def test_an_odd_article_fails_grouping_as_it_does_without_the_helper(
    docs: list[GroupDoc], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An article whose sentence vectors have another width cannot be scored: the helper hands its pairs back, and the
    # error arises in the grouping process as it does without a helper (the pipeline then isolates the article; which
    # of its pairs raises first may differ, so the message may name the two sizes the other way round).
    odd = dataclasses.replace(docs[3], sentence_embeddings=np.ones((2, 7), dtype=np.float32))
    corpus = [*_copies(docs[:3]), odd, *_copies(docs[4:])]
    with pytest.raises(ValueError) as alone:
        group(_copies(corpus), GroupOptions())
    _helped(monkeypatch)
    with pytest.raises(ValueError) as helped:
        group(_copies(corpus), GroupOptions(), workers=2)
    for error in (alone.value, helped.value):
        assert "matmul" in str(error) and {"7", "512"} <= set(str(error).replace(")", " ").split())
