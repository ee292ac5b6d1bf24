"""A report the merge pass leaves alone joins the story of its closest reports when its link reaches the decision cut.

The rule is tested on the grouper itself with the pair probabilities set by hand (the model's are tested elsewhere):
a report whose three best links to a story average above 0.5 joins it even when its mean over all of the story's
members is below 0.5 (the story's other reports tell the event from another angle); a report with one strong pair
and weak links to the rest stays alone (one similar sentence is not one event).
"""

from __future__ import annotations

import pytest

from storyweave.group import GroupDoc, GroupOptions, GroupState
from storyweave.group.cluster import _Grouper


def _grouper(stories: dict[str, list[str]], probabilities: dict[tuple[int, int], float], **options: bool) -> _Grouper:
    ids = [m for members in stories.values() for m in members]
    state = GroupState(
        docs=[GroupDoc(id=i, title=i, text=i) for i in ids], stories={k: list(v) for k, v in stories.items()}
    )
    grouper = _Grouper(state, GroupOptions(**options), dim=1)
    for (a, b), p in probabilities.items():
        grouper.remember((min(a, b), max(a, b)), p)
    return grouper


#: Story "s-a" holds six reports (positions 0-5); report 6 is alone in "s-g".
STORIES = {"s-a": ["a0", "a1", "a2", "a3", "a4", "a5"], "s-g": ["g"]}


def _probabilities(links_to_story: list[float]) -> dict[tuple[int, int], float]:
    inside = {(i, j): 0.9 for i in range(6) for j in range(i + 1, 6)}
    return {**inside, **{(6, i): p for i, p in enumerate(links_to_story)}}


def test_report_close_to_part_of_a_story_joins_it() -> None:
    # mean over the story 0.42 (below the merge cut), mean of its three best links 0.8 (above it)
    grouper = _grouper(STORIES, _probabilities([0.9, 0.8, 0.7, 0.05, 0.05, 0.05]))
    grouper.strong_links = [(6, 0)]
    grouper.merge_pass()
    assert grouper.state.stories == {"s-a": ["a0", "a1", "a2", "a3", "a4", "a5", "g"]}
    assert grouper.state.aliases == {"s-g": "s-a"}
    assert grouper.story_of["g"] == "s-a"


def test_report_with_one_strong_pair_stays_alone() -> None:
    # one pair at 0.9, the next two at 0.1: mean of the three best 0.37
    grouper = _grouper(STORIES, _probabilities([0.9, 0.1, 0.1, 0.0, 0.0, 0.0]))
    grouper.strong_links = [(6, 0)]
    grouper.merge_pass()
    assert set(grouper.state.stories) == {"s-a", "s-g"}


@pytest.mark.parametrize("attach", [True, False])
def test_attaching_can_be_switched_off(attach: bool) -> None:
    grouper = _grouper(STORIES, _probabilities([0.9, 0.8, 0.7, 0.05, 0.05, 0.05]), attach_singletons=attach)
    grouper.strong_links = [(0, 6)]  # either end of the pair may be the report left alone
    grouper.merge_pass()
    assert (grouper.story_of["g"] == "s-a") is attach


def test_report_joins_the_story_with_the_best_link() -> None:
    stories = {"s-a": [f"a{i}" for i in range(6)], "s-b": [f"b{i}" for i in range(6)], "s-g": ["g"]}
    a, b = range(6), range(6, 12)
    probabilities = {
        **{(i, j): 0.9 for group in (a, b) for i in group for j in group if i < j},
        **{(i, j): 0.0 for i in a for j in b},
        # to s-a: mean 0.35, three best 0.7; to s-b: mean 0.45, three best 0.9 (both below the merge pass's cut)
        **{(12, i): p for i, p in zip(a, [0.9, 0.6, 0.6, 0.0, 0.0, 0.0], strict=True)},
        **{(12, i): p for i, p in zip(b, [0.95, 0.9, 0.85, 0.0, 0.0, 0.0], strict=True)},
    }
    grouper = _grouper(stories, probabilities)
    grouper.strong_links = [(12, 0), (12, 6)]
    grouper.merge_pass()
    assert grouper.story_of["g"] == "s-b"
    assert grouper.state.stories["s-a"] == [f"a{i}" for i in range(6)]
