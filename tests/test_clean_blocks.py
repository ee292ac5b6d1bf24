"""What every block recogniser of cleaning (consent walls, contact blocks) must do with any text: answer with indexes
of non-empty lines of it, never raise, and take time linear in the text."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.clean.consent import consent_lines
from storyweave.clean.contact import contact_lines

Recogniser = Callable[[Sequence[str]], set[int]]

# A block the recogniser reads to its end, repeated: the text each of them works hardest on.
HARD_TEXT: list[tuple[Recogniser, str]] = [
    (
        consent_lines,
        "We use cookies to improve your experience and to show you personalised advertising.\n"
        + "cookie your " * 50
        + "\n",
    ),
    (contact_lines, "Telefon: 0441 " + "1-" * 50 + "\nName Surname\n"),
]


@pytest.mark.parametrize(("recogniser", "unit"), HARD_TEXT, ids=["consent", "contact"])
def test_long_text_is_scanned_in_linear_time(recogniser: Recogniser, unit: str) -> None:
    def timed(n: int) -> float:
        lines = (unit * n).splitlines()
        start = time.perf_counter()
        recogniser(lines)
        return time.perf_counter() - start

    small, large = timed(200), timed(800)
    assert large < 10 * small + 0.05


@pytest.mark.parametrize("recogniser", [consent_lines, contact_lines], ids=["consent", "contact"])
@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=2000))
def test_any_text_gives_indexes_of_its_lines(recogniser: Recogniser, text: str) -> None:
    lines = text.splitlines()
    found = recogniser(lines)
    assert found <= set(range(len(lines)))
    assert all(lines[i].strip() for i in found)
