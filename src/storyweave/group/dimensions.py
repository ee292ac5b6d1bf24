"""The four dimensions of ``similarity`` (geography, entities, time, narrative), on SemEval-2022 Task 8's 1-4 scale.

Each is a linear function of that dimension's own evidence and three signals of the whole pair (the article vectors'
cosine, the same-event probability, whether the languages differ), fitted (ridge) to the human ratings of that
dimension on the 201 real pairs of ../shared/bench/semeval-dev by ``benchmarks/semeval_pairs.py --fit`` (folds by
pair; held-out figures in benchmarks/RESULTS.md). Annotators rate "same place" or "same people" with the whole story
in mind, so the pair-wide signals carry much of each rating; the dimension's own evidence moves it from there. Missing
evidence (no places found, no dates) enters as its indicator feature with a fitted weight, not as a fixed penalty.
"""

from __future__ import annotations

from collections.abc import Mapping

DIMENSIONS = ("geography", "entities", "time", "narrative")
#: Signals of the whole pair every dimension reads (names from ``similarity.OVERALL_FEATURES``).
PAIR_SIGNALS = ("article_cosine", "same_event", "cross_language")
#: Each dimension's own evidence (names from ``similarity.FEATURES`` and ``similarity.OVERALL_FEATURES``).
OWN_EVIDENCE: dict[str, tuple[str, ...]] = {
    "geography": ("places", "places_missing"),
    "entities": ("entities", "entities_missing", "lead_people_shared", "lead_people_disjoint"),
    "time": ("time_apart", "published_apart", "years_shared", "years_disjoint"),
    "narrative": ("alignment", "lead_meaning", "coverage", "sentence_mean_cosine"),
}
#: Features of each dimension's regression, in coefficient order.
DIMENSION_FEATURES: dict[str, tuple[str, ...]] = {d: (*OWN_EVIDENCE[d], *PAIR_SIGNALS) for d in DIMENSIONS}
#: (coefficients in ``DIMENSION_FEATURES`` order, intercept), fitted by ``benchmarks/semeval_pairs.py --fit`` and
#: stretched to each rating's spread (linear: Pearson r unchanged). Held-out Pearson r with the human ratings (5 folds
#: by pair, 2026-12-07): geography 0.445, entities 0.616, time 0.474, narrative 0.709 (the fixed scales they replace,
#: place overlap, entity cosine, event-date gap and ECB+-scaled alignment: 0.149, 0.360, 0.409, 0.588).
DIMENSION_COEFFICIENTS: dict[str, tuple[tuple[float, ...], float]] = {
    "geography": ((-0.495, -0.754, -2.063, -1.209, -0.605), 4.059),
    "entities": ((-1.534, -0.748, -0.505, -0.313, -2.961, -0.497, -0.063), 4.774),
    "time": ((1.059, 0.465, 0.198, 1.358, -2.709, -0.671, 0.217), 3.273),
    "narrative": ((0.385, 1.177, -1.434, 1.961, -5.234, -1.217, -0.258), 4.88),
}


def dimension_ratings(values: Mapping[str, float]) -> dict[str, float]:
    """Each dimension on the 1 (same) .. 4 (different) scale from the pair's named feature values."""
    out: dict[str, float] = {}
    for name in DIMENSIONS:
        coefficients, intercept = DIMENSION_COEFFICIENTS[name]
        z = intercept + sum(w * values[f] for w, f in zip(coefficients, DIMENSION_FEATURES[name], strict=True))
        out[name] = round(min(4.0, max(1.0, z)), 3)
    return out
