"""The measures of benchmarks/claims_sentence_auc.py (sentence-pair separation on real same-story pairs)."""

from __future__ import annotations

import numpy as np

from benchmark_modules import load_benchmark

bench = load_benchmark("claims_sentence_auc")


def test_auc_counts_pairs_won_and_ties_half() -> None:
    assert bench.auc([0.9, 0.8], [0.1, 0.2]) == 1.0
    assert bench.auc([0.1], [0.9]) == 0.0
    assert bench.auc([0.5, 0.9], [0.5, 0.1]) == 0.875  # (0.5 tie + 1 + 1 + 1) / 4
    assert np.isnan(bench.auc([], [0.3]))


def test_at_recall_counts_negatives_above_the_cut_keeping_that_share_of_positives() -> None:
    positives = [0.9, 0.8, 0.7, 0.6]
    negatives = [0.85, 0.65, 0.1, 0.0]
    # The cut is the positives' quantile taken downwards (at least that share kept): 0.7 keeps 3 of 4; one above.
    half = bench.at_recall(positives, negatives, 0.5)
    assert half == {"hard_negatives_above": 0.25, "precision": 0.75}
    every = bench.at_recall(positives, negatives, 1.0)  # cut 0.6: two negatives above
    assert every == {"hard_negatives_above": 0.5, "precision": round(4 / 6, 3)}


def test_e5_mix_keeps_the_use_scale_and_takes_e5_order_at_full_weight() -> None:
    rng = np.random.default_rng(5)
    use = rng.normal(size=(6, 8)).astype(np.float32)
    use /= np.linalg.norm(use, axis=1, keepdims=True)
    e5 = rng.normal(size=(6, 8)).astype(np.float32) + 4.0  # e5-like: every cosine high and close together
    e5 /= np.linalg.norm(e5, axis=1, keepdims=True)
    cosine, other = use @ use.T, e5 @ e5.T
    owner = np.asarray([0, 0, 0, 1, 1, 1])
    cross = owner[:, None] != owner[None, :]
    np.testing.assert_allclose(bench.e5_mix(cosine, other, cross, 0.0), cosine, atol=1e-5)
    for weight in (0.5, 1.0):
        mixed = bench.e5_mix(cosine, other, cross, weight)
        assert abs(float(mixed[cross].mean()) - float(cosine[cross].mean())) < 1e-5
        assert abs(float(mixed[cross].std()) - float(cosine[cross].std())) < 1e-5
    full = bench.e5_mix(cosine, other, cross, 1.0)
    assert list(np.argsort(full[cross])) == list(np.argsort(other[cross]))
