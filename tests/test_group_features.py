"""What grouping derives from an article: content terms, copy fingerprints, idf statistics, the record round trip."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from storyweave.group import GroupDoc, TermStats, content_terms, entities_from_mentions, make_minhash, prepare
from storyweave.group.features import _contains_words, weigh
from storyweave.types import Mention


def test_content_terms_drop_function_words_in_several_languages_and_keep_numbers() -> None:
    terms = content_terms(
        "Flut in Passau",
        "Die Donau stieg auf 12,8 Meter. Le fleuve est monté. El río subió y la ciudad cerró 3 puentes.",
    )
    for stop in ("die", "auf", "le", "est", "el", "la", "y"):
        assert stop not in terms
    assert terms["12,8"] == 1 and terms["3"] == 1
    assert terms["passau"] == 2  # title words count double


def test_minhash_spots_a_copy_not_a_rewrite() -> None:
    original = (
        "The ferry Astrid ran aground off Vlieland on Sunday with 212 passengers and 14 crew aboard, the coastguard "
        "said. Two lifeboats and a helicopter were sent from Terschelling, and the passengers were taken off in small "
        "groups during the afternoon. Nobody was hurt, according to the operator, which said the ship lost steering "
        "in strong wind shortly after leaving the harbour. Divers will inspect the hull on Monday before the ferry is "
        "towed back at high tide."
    )
    copy = original + " Reporting by the wire desk."
    rewrite = "With 212 passengers aboard, the Astrid ferry got stuck near Vlieland, according to the coastguard."
    a, b, c = make_minhash(original), make_minhash(copy), make_minhash(rewrite)
    assert a.jaccard(b) > 0.8
    assert a.jaccard(c) < 0.3
    assert make_minhash("too short") is None


def test_idf_weights_rare_terms_above_common_ones() -> None:
    docs = [prepare(GroupDoc(id=str(i), title="", text=f"storm damage report number{i}")) for i in range(5)]
    stats = TermStats()
    stats.add(docs)
    assert stats.term_idf("number0") > stats.term_idf("storm")
    weighted = weigh(docs[0], stats)
    assert weighted.terms["number0"] > weighted.terms["storm"]


def test_entities_from_mentions_counts_and_collects_places() -> None:
    mentions = [
        Mention("a", 0, 0, 4, "Lima", "GPE", "Lima"),
        Mention("a", 1, 0, 4, "Lima", "GPE", "Lima"),
        Mention("a", 1, 9, 20, "Rosa Quispe", "PERSON", "Rosa Quispe"),
    ]
    entities, places = entities_from_mentions(mentions)
    assert entities == {"Lima": 2.0, "Rosa Quispe": 1.0}
    assert places == {"Lima"}


def test_group_doc_round_trip() -> None:
    doc = prepare(
        GroupDoc(
            id="x",
            title="Quake in Malatya",
            text="A quake shook Malatya.",
            language="en",
            published=datetime(2031, 3, 16, 6, 40, tzinfo=UTC),
            event_date=date(2031, 3, 16),
            entities={"Malatya": 1.0},
            places={"Malatya"},
            embedding=np.array([0.6, 0.8], dtype=np.float32),
        )
    )
    back = GroupDoc.from_dict(doc.to_dict())
    assert back.to_dict() == doc.to_dict()
    assert back.published == doc.published and back.event_date == doc.event_date


def test_whole_word_search_finds_names_not_parts_of_words() -> None:
    assert _contains_words("vincent jackson's return", "jackson")
    assert _contains_words("jackson", "jackson")
    assert not _contains_words("jacksonville fans", "jackson")
    assert not _contains_words("the_jackson file", "jackson")  # the underscore is a word character
    assert not _contains_words("mr jackson2", "jackson")
    assert _contains_words("léa jackson-smith", "jackson")
    assert not _contains_words("ajackson jacksonb jackson_", "jackson")
    assert _contains_words("ajackson jacksonb (jackson)", "jackson")  # a later occurrence stands alone
    assert not _contains_words("anything", "  ")


@given(
    st.text(alphabet="ab _-é1²·\u0301", max_size=24),
    st.text(alphabet="ab _-é1²·\u0301", min_size=1, max_size=4),
)
def test_whole_word_search_matches_the_pattern_it_replaces(haystack: str, needle: str) -> None:
    import re

    pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    expected = bool(needle.strip()) and re.search(pattern, haystack) is not None
    assert _contains_words(haystack, needle) == expected
