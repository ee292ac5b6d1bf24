"""Clause units: the parts of a long sentence that alignment may match on their own.

A fact one report states in a sentence of its own is often one clause of a longer sentence in another report ("...
said no cases have been confirmed among its 1,455 passengers and 802 crew members"); measured over the whole long
sentence, the words the two share are a small part of everything it says. Splitting long sentences at clause
punctuation and scoring two sentences by their best-matching units (the whole sentence or one of its clauses, on
either side) lets the clause find its partner; the claim still cites the whole sentence. Units are compared by word
stems only (no model runs at comparison time), see align._clause_overlap.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ..annotate.unspaced import word_count

Matrix = npt.NDArray[np.float32]

#: Clause boundaries: a comma, semicolon, colon or dash followed by a space, an opening bracket after a space, a
#: closing one before a space, a spaced hyphen. Fixed-width alternatives without quantifiers: linear on any text.
_BOUNDARY = re.compile(r"[,;:–—]\s|\s[(\[]|[)\]]\s|\s-\s")
#: Units whose scores against all others are computed at once: bounds the memory of a large story's comparison to
#: this many rows times the story's units (1,024 x 16,000 float32 = 64 MB for 20 articles at the 400-sentence cap;
#: a typical story has a few hundred units).
CHUNK_UNITS = 1024


def split_clauses(text: str, min_words: int) -> list[str]:
    """The clauses of a sentence that has at least two of ``min_words`` words or more, else ``[]``. A fragment shorter
    than ``min_words`` ("Cardona warnte," / "so hieß es,") is joined to the next one, the last to the one before."""
    clauses: list[str] = []
    carry = ""
    for piece in _BOUNDARY.split(text):
        piece = piece.strip()
        if not piece:
            continue
        piece = f"{carry} {piece}" if carry else piece
        if word_count(piece) < min_words:
            carry = piece
            continue
        carry = ""
        clauses.append(piece)
    if carry and clauses:
        clauses[-1] = f"{clauses[-1]} {carry}"
    return clauses if len(clauses) > 1 else []


def best_unit_scores(owners: npt.NDArray[np.int64], n: int, pair_scores: Callable[[slice], Matrix]) -> Matrix:
    """For every pair of ``n`` sentences, the highest score between a unit of one and a unit of the other.

    ``owners`` gives each unit's sentence, sorted, every sentence owning at least one unit (its whole text);
    ``pair_scores(rows)`` scores the units in ``rows`` against all units. Rows are taken in chunks that end on a
    sentence's last unit, so each chunk reduces to whole sentences."""
    starts = np.searchsorted(owners, np.arange(n))
    out = np.empty((n, n), dtype=np.float32)
    first = 0
    while first < n:
        top = int(starts[first])
        if len(owners) - top <= CHUNK_UNITS:
            last = n
        else:
            last = max(first + 1, int(np.searchsorted(starts, top + CHUNK_UNITS, side="right")) - 1)
        bottom = int(starts[last]) if last < n else len(owners)
        block = pair_scores(slice(top, bottom))
        by_column = np.maximum.reduceat(block, starts, axis=1)
        out[first:last] = np.maximum.reduceat(by_column, starts[first:last] - top, axis=0)
        first = last
    return out
