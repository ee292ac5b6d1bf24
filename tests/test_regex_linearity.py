"""Every regular expression that runs on article text stays linear on hostile input (docs/robustness.md).

The audit is mechanical, so a new pattern is checked without anyone remembering to: every compiled pattern in a
module-level name of the package (and in the per-language pattern builders) is searched over long runs of the shapes
that make backtracking engines blow up (one letter repeated, spaces, punctuation, letter-punctuation pairs), at two
sizes four times apart. A linear scan takes about 4x as long on the larger; a quadratic one 16x.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Iterator

import pytest

import storyweave
from storyweave.clean.credits import find_credits

#: Shapes repeated to build the hostile texts: runs of one class, and pairs that let a pattern restart at every step.
UNITS = ["a", "A", " ", ".", "0", "-", "Aa", "A.", "a ", "1,", "A ", "a-", "1 ", "é.", "aA"]
SMALL, LARGE = 500, 2000
#: Larger/smaller time ratio above which a pattern is flagged: linear gives ~4 (LARGE / SMALL), quadratic ~16. Ten
#: leaves room for timer noise on a shared machine; a flagged pattern must also take long enough to matter (0.1 s on
#: 2,000 characters: the quadratic patterns found took 0.2-9 s, a starved linear one at most 0.05 s).
MAX_RATIO = 10.0
MIN_FLAGGED_SECONDS = 0.1


def _patterns_in(value: object, name: str, depth: int = 0) -> Iterator[tuple[str, re.Pattern[str]]]:
    if isinstance(value, re.Pattern):
        yield name, value
    elif depth < 2 and isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _patterns_in(item, f"{name}[{i}]", depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns_in(item, f"{name}[{key!r}]", depth + 1)


def all_patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(storyweave.__path__, "storyweave."):
        if info.name.endswith("__main__"):
            continue  # runs the CLI when imported
        module = importlib.import_module(info.name)
        for key, value in vars(module).items():
            found.update(_patterns_in(value, f"{info.name}.{key}"))
    # Patterns built per language on first use.
    from storyweave.annotate.dates import _candidate_pattern
    from storyweave.clean.boilerplate import _compiled
    from storyweave.compare.quotes import _lexicon

    for language in ("en", "de", "es", "fr", "pt", "it", "nl", "tr", "ru"):
        found[f"dates._candidate_pattern({language})"] = _candidate_pattern(language)
        lexicon = _lexicon(language)
        for field in lexicon.__slots__:
            found.update(_patterns_in(getattr(lexicon, field), f"quotes._lexicon({language}).{field}"))
    found.update(_patterns_in(_compiled(), "boilerplate._compiled()"))
    return found


def _scan_seconds(pattern: re.Pattern[str], text: str, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        pattern.search(text)
        for _match in pattern.finditer(text):
            pass
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.slow
def test_every_pattern_scans_hostile_text_in_linear_time() -> None:
    patterns = all_patterns()
    assert len(patterns) > 100  # the collection itself works (module globals, builders)
    flagged = []
    for name, pattern in patterns.items():
        for unit in UNITS:
            small = _scan_seconds(pattern, (unit * SMALL)[:SMALL])
            large = _scan_seconds(pattern, (unit * LARGE)[:LARGE])
            if large > MIN_FLAGGED_SECONDS and large / max(small, 1e-6) > MAX_RATIO:
                # Timer noise on a shared machine can flag a linear pattern once; a real blow-up repeats, and at twice
                # the sizes too.
                small = _scan_seconds(pattern, (unit * SMALL * 2)[: SMALL * 2], repeat=3)
                large = _scan_seconds(pattern, (unit * LARGE * 2)[: LARGE * 2], repeat=3)
                if large > MIN_FLAGGED_SECONDS and large / max(small, 1e-6) > MAX_RATIO:
                    flagged.append(f"{name} on {unit!r}: {small:.3f} s -> {large:.3f} s")
    assert not flagged, "super-linear patterns:\n" + "\n".join(flagged)


def test_the_audit_catches_a_quadratic_pattern() -> None:
    # The shape the audit looks for (the former domain pattern): searched in a long token, every position starts a
    # scan to its end. If this stops being flagged, the audit above has lost its teeth.
    quadratic = re.compile(r"[^\W_][\w-]*(?:\.[^\W\d_]{2,})+")
    small, large = _scan_seconds(quadratic, "a" * SMALL), _scan_seconds(quadratic, "a" * LARGE)
    assert large / max(small, 1e-6) > MAX_RATIO


def test_long_runs_through_credits_stay_fast() -> None:
    for unit in ("A", "Aa", "A.", " ", "a-"):
        started = time.perf_counter()
        find_credits((unit * 100_000)[:100_000])
        assert time.perf_counter() - started < 5.0, unit
