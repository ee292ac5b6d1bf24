"""Lead people and the protagonist check: two events of one kind, told in the same words, stay two stories.

Invented case: two players of one club are arrested for drink-driving a week apart. Every report of the second
arrest recalls the first in its background paragraph, so word overlap, embeddings and entities all say "same story";
only who the title and lead are about tells them apart.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from storyweave.embed import USEEmbedder
from storyweave.group import GroupDoc, GroupOptions, build_group_doc, group, lead_people_from_mentions
from storyweave.group import cluster as cluster_module
from storyweave.group.similarity import pair_features
from storyweave.types import Mention

CLUB = "Harbourside Gulls"
#: Stories form by merging only (no article joins a story on its own), so the merge-time check decides; a low merge
#: threshold makes the near-identical wording merge everything the check does not stop.
MERGES_ONLY = GroupOptions(join_threshold=1.0, merge_threshold=0.2)


def _report(n: int, player: str, other: str | None, day: int) -> tuple[str, str, list[str], list[Mention]]:
    doc_id = f"{player.split()[-1].lower()}-{n}"
    surname = player.split()[-1]
    title = f"{CLUB} defender {surname} arrested on suspicion of drink-driving"
    sentences = [
        f"{player} of the {CLUB} was arrested early on day {day} on suspicion of drink-driving, police said.",
        "Officers stopped his car on the coast road near Marlow Quay after midnight, a police spokesman said.",
        f"The {CLUB} said they were aware of the arrest and would not comment further.",
    ]
    if other is not None:
        sentences.append(f"The arrest comes a week after team-mate {other} was detained on the same charge.")
    mentions = [Mention(doc_id, 0, 0, len(player), player, "PERSON", player)]
    if other is not None:
        mentions.append(Mention(doc_id, len(sentences) - 1, 0, len(other), other, "PERSON", other))
    mentions.append(Mention(doc_id, 0, 0, len(CLUB), CLUB, "ORG", CLUB))
    return doc_id, title, sentences, mentions


@pytest.fixture(scope="module")
def docs() -> list[GroupDoc]:
    embedder = USEEmbedder(threads=1)
    specs = [_report(n, "Tomas Varga", None, 3) for n in range(3)]
    specs += [_report(n, "Ilias Brandt", "Tomas Varga", 10) for n in range(3)]
    out = []
    for i, (doc_id, title, sentences, mentions) in enumerate(specs):
        day = 3 if i < 3 else 10
        out.append(
            build_group_doc(
                doc_id,
                title,
                " ".join(sentences) + f" Report number {i}.",
                sentences,
                embedder=embedder,
                language="en",
                published=datetime(2031, 5, day, 8 + i, tzinfo=UTC),
                mentions=mentions,
            )
        )
    return out


def test_lead_people_come_from_the_lead_and_the_title() -> None:
    mentions = [
        Mention("a", 0, 0, 5, "Varga", "PERSON", "Tomas Varga"),
        Mention("a", 1, 0, 6, "police", "ORG", "Police"),
        Mention("a", 4, 0, 6, "Brandt", "PERSON", "Ilias Brandt"),
        Mention("a", 5, 0, 4, "Okoro", "PERSON", "Ada Okoro"),
    ]
    # Lead sentences give Varga; the title names Okoro (mentioned only deep in the body); Brandt is background.
    assert lead_people_from_mentions(mentions, "Okoro leads tributes") == {"Tomas Varga", "Ada Okoro"}
    assert lead_people_from_mentions(mentions, "") == {"Tomas Varga"}
    # Whole words only: "Okoros" in a title is not "Okoro".
    assert lead_people_from_mentions(mentions, "The Okoros family") == {"Tomas Varga"}


def test_shared_and_disjoint_lead_people_are_features(docs: list[GroupDoc]) -> None:
    from storyweave.group.features import TermStats, weigh

    stats = TermStats()
    stats.add(docs)
    w = [weigh(d, stats) for d in docs]
    same = dict(zip(("shared", "disjoint"), pair_features(docs[0], docs[1], w[0], w[1])[5:7], strict=True))
    apart = dict(zip(("shared", "disjoint"), pair_features(docs[0], docs[3], w[0], w[3])[5:7], strict=True))
    assert same == {"shared": 1.0, "disjoint": 0.0}
    assert apart == {"shared": 0.0, "disjoint": 1.0}


def test_same_kind_events_with_different_protagonists_stay_apart(docs: list[GroupDoc]) -> None:
    result = group([dataclasses.replace(d) for d in docs], MERGES_ONLY)
    stories = {frozenset(m) for m in result.stories.values()}
    assert {frozenset(d.id for d in docs[:3]), frozenset(d.id for d in docs[3:])} == stories


def test_without_the_protagonist_check_they_would_merge(docs: list[GroupDoc], monkeypatch: pytest.MonkeyPatch) -> None:
    # Proves the previous test exercises the check: with it disabled the same input chains into one story.
    monkeypatch.setattr(cluster_module, "PROTAGONIST_MIN_REPORTS", 10**6)
    result = group([dataclasses.replace(d) for d in docs], MERGES_ONLY)
    assert len(result.stories) == 1
