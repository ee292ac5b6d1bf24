"""Document order as evidence: two reports of one event tend to state its facts in the same order.

A rewrite, a translation or a wire copy keeps most of its source's order, and independent reports of one event often
follow the same arc too (what happened, the toll, who said what, background). Between two sentence pairs that align
confidently, a weaker pair that keeps that order is more likely one fact worded differently (a rough translation, a
paraphrase sharing no words) than a coincidence. Per pair of articles, the best monotone chain of sentence pairs is
found by dynamic programming over their score matrix (Needleman-Wunsch with free skips: each pair scoring above
``order_floor`` gains its score less the floor, a chain never goes back in either article and uses each sentence
once); the chain's pairs lying between its first and last pair that clear ``align_threshold`` get ``order_weight``
added to their alignment score. Pairs before the first or after the last confident pair get nothing: with nothing
on both sides, order says little. Cost: one row of numpy work per sentence of each article pair, no model.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from .options import CompareOptions

Matrix = npt.NDArray[np.float32]


def monotone_chain(gain: npt.NDArray[np.float64]) -> list[tuple[int, int]]:
    """The (row, column) cells of a chain maximising the summed ``gain`` of its cells, where a chain's cells increase
    strictly in both row and column and only positive-gain cells are taken (skipping a row or column is free)."""
    n, m = gain.shape
    best = np.zeros((n + 1, m + 1), dtype=np.float64)  # best[i, j]: best chain within the first i rows, j columns
    for i in range(1, n + 1):
        # Take cell (i-1, j-1) after the best chain above-left of it, or skip row i-1; then skip columns: a running max.
        take = np.maximum(best[i - 1, 1:], best[i - 1, :-1] + np.maximum(gain[i - 1], 0.0))
        best[i, 1:] = np.maximum.accumulate(take)
    chain: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:  # neither skip explains the value: cell (i-1, j-1) is taken
            chain.append((i - 1, j - 1))
            i -= 1
            j -= 1
    return chain[::-1]


def order_bonus(score: Matrix, owners: list[int], options: CompareOptions) -> Matrix:
    """``order_weight`` for every sentence pair (both ways round) on its two articles' best monotone chain between
    the chain's first and last pair scoring ``align_threshold``; 0 elsewhere. ``owners[row]`` identifies the article
    of the row's sentence; rows of one article are compared with every other article's rows."""
    bonus = np.zeros_like(score, dtype=np.float32)
    rows: dict[int, list[int]] = {}
    for row, owner in enumerate(owners):
        rows.setdefault(owner, []).append(row)
    articles = [np.asarray(r) for r in rows.values()]
    for a, left in enumerate(articles):
        for right in articles[a + 1 :]:
            block = score[np.ix_(left, right)].astype(np.float64)
            gain = np.where(np.isfinite(block), block - options.order_floor, -1.0)
            chain = monotone_chain(gain)
            confident = [k for k, (i, j) in enumerate(chain) if block[i, j] >= options.align_threshold]
            if len(confident) < 2:
                continue
            inside = set(range(confident[0] + 1, confident[-1]))
            if options.order_max_gap is not None:
                for before, after in itertools.pairwise(confident):
                    (i0, j0), (i1, j1) = chain[before], chain[after]
                    if max(i1 - i0, j1 - j0) - 1 > options.order_max_gap:
                        # Far apart: two confident pairs say little about the order of what lies between them.
                        inside -= set(range(before + 1, after))
            for k in inside:
                i, j = chain[k]
                bonus[left[i], right[j]] = bonus[right[j], left[i]] = options.order_weight
    return bonus
