"""One same-event decision everywhere: ``similarity`` (same_event >= 0.5) and grouping the same two articles agree.

The invented ferry reports (tests/test_group_languages.py) cover the cross-language and same-kind cases with the real
models; ../shared/bench/semeval-dev's real pairs are checked in tests/test_benchmark_floors.py.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import combinations

import numpy as np
import pytest

from storyweave.group import GroupDoc, GroupOptions, TermStats, group, similarity
from storyweave.group.features import LOCAL_MIN_NEIGHBOURS, prepare, weigh
from test_group_languages import docs  # noqa: F401  (a module-scoped fixture: the real models, loaded once)


def _copy(doc: GroupDoc) -> GroupDoc:
    return GroupDoc(**{f: getattr(doc, f) for f in GroupDoc.__slots__})


@pytest.mark.slow
def test_similarity_and_grouping_take_the_same_decision(docs: list[GroupDoc]) -> None:  # noqa: F811
    decisions = Counter()
    for a, b in combinations(docs, 2):
        same = similarity(_copy(a), _copy(b), GroupOptions()).same_event >= 0.5
        stories = group([_copy(a), _copy(b)], GroupOptions()).stories
        assert (len(stories) == 1) == same, (a.id, b.id)
        decisions[same] += 1
    assert decisions[True] and decisions[False]  # both outcomes occur: the check is not vacuous


def _doc(doc_id: str, published: datetime) -> GroupDoc:
    vector = np.ones(4, dtype=np.float32) / 2.0
    return GroupDoc(
        id=doc_id,
        title="Dam breach floods Velmora valley",
        text="The Velmora dam breached on Sunday, flooding 14 villages; 2,300 residents were evacuated by boat.",
        language="en",
        published=published,
        entities={"Velmora": 2.0},
        places={"Velmora"},
        embedding=vector,
        sentence_embeddings=vector[None, :],
    )


def test_articles_published_beyond_the_window_are_never_the_same_event() -> None:
    start = datetime(2031, 5, 4, tzinfo=UTC)
    options = GroupOptions()
    near = similarity(_doc("a", start), _doc("b", start + timedelta(days=1)), options)
    far = similarity(_doc("a", start), _doc("b", start + timedelta(days=options.time_window_days + 5)), options)
    assert near.same_event >= 0.5
    assert far.same_event == 0.0
    assert any("window" in line for line in far.explanation)
    later = group([_doc("a", start), _doc("b", start + timedelta(days=options.time_window_days + 5))], options)
    assert len(later.stories) == 2


def test_a_tiny_neighbourhood_leaves_term_weights_alone() -> None:
    a = prepare(_doc("a", datetime(2031, 5, 4, tzinfo=UTC)))
    b = prepare(_doc("b", datetime(2031, 5, 4, tzinfo=UTC)))
    stats = TermStats()
    stats.add([a, b])
    alone = weigh(a, stats)
    small = weigh(a, stats, (Counter(b.terms.keys()), LOCAL_MIN_NEIGHBOURS - 1))
    large = weigh(a, stats, (Counter(b.terms.keys()), LOCAL_MIN_NEIGHBOURS))
    assert small.local_terms == alone.local_terms
    assert large.local_terms != alone.local_terms  # from that size on the neighbourhood re-weights
