"""A multi-source extractive summary: what most sources agree on first, then the most central distinctive details.

Every summary sentence is a claim's text, cited with all of the claim's support. Claims stated by several independent
sources come first (by source count, then centrality); the remaining places go to single-source claims by
centrality, where centrality is a sentence's cosine to the story centroid plus a bonus for the lede, since news puts
the most important facts first.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .brief import Claim, SummarySentence

#: Single-source details kept in the summary: at least this many places stay open for them (when there are any), so
#: the summary shows what only one source adds, not just the agreed core.
SINGLE_SOURCE_PLACES = 1
#: Bonus to centrality for a sentence in the first ``LEDE_SENTENCES`` of its article (inverted pyramid). 0.1 is about
#: the spread of centroid cosines among a story's body sentences, so a lede sentence outranks an equally central one.
LEDE_BONUS = 0.1
LEDE_SENTENCES = 3


def centrality(vectors: npt.NDArray[np.float32], positions: list[int]) -> npt.NDArray[np.float32]:
    """Cosine of each sentence to the story centroid, plus ``LEDE_BONUS`` for lede sentences."""
    if len(vectors) == 0:
        return np.zeros(0, dtype=np.float32)
    centroid = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    base = vectors @ (centroid / norm)
    lede = np.asarray([LEDE_BONUS if p < LEDE_SENTENCES else 0.0 for p in positions], dtype=np.float32)
    out: npt.NDArray[np.float32] = (base + lede).astype(np.float32)
    return out


def build_summary(
    claims: list[Claim], weight: dict[str, float], length: int, partial: frozenset[str] = frozenset()
) -> list[SummarySentence]:
    """Pick up to ``length`` claims (``weight``: claim_id -> centrality) and cite each with its support. Claims
    corroborated only through partial support (``partial``: their ids) come after fully aligned ones."""
    multi = sorted(
        (c for c in claims if c.sources >= 2),
        key=lambda c: (-c.sources, c.claim_id in partial, -weight.get(c.claim_id, 0.0)),
    )
    single = sorted(
        (c for c in claims if c.sources < 2 and c.support and c.support[0].sentence_index >= 0),
        key=lambda c: -weight.get(c.claim_id, 0.0),
    )
    reserved = min(SINGLE_SOURCE_PLACES, len(single))
    chosen: list[Claim] = []
    for pool, limit in ((multi, length - reserved), (single, length)):
        for claim in pool:
            # A sentence backing two claims (partial support) must not appear twice.
            if len(chosen) < limit and claim.text not in {c.text for c in chosen}:
                chosen.append(claim)
    return [SummarySentence(text=c.text, support=list(c.support)) for c in chosen]
