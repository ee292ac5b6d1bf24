"""Span support: one sentence of a report that states what two sentences of another report state.

Reports split facts into sentences differently: "Two rail workers were killed and about 30 people injured ..." is one
sentence in one report and two in another ("... two workers were killed." / "31 people were injured ..."). Alignment
keeps one sentence per article in a claim, so the long sentence joins the claim of one of the two, and the other is
left single-source although its fact is stated. Sentence aligners for translated text handle this by scoring merged
sentences (a "1-2" alignment: the two sentences joined against the one). Here: for a sentence S left alone, and a
sentence B of another article already in a claim with a sentence M of S's article, M and S joined (in document order)
are embedded; when that span is closer to B than M alone is by ``span_gain``, B states S's fact too and supports S's
claim in part (``ClaimGroup.partial``, as ``align._partial_support`` does), so S's claim is corroborated. A sentence
stating something else dilutes the span instead: the test reads what the sentence adds, not how topical it is, which
the pair score alone cannot tell (single-source sentences' best partners score like true pairs).

Cost: one embedding per candidate span, at most ``SPAN_CANDIDATES`` per sentence left alone, only where its pair
score with B clears ``link_floor``; no candidates, no model call.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .align import Alignment, Embed, SentenceInfo, _stems
from .options import CompareOptions

#: At most this many partner sentences B (best pair score first) are tested for one sentence left alone: bounds the
#: model calls to three spans per sentence (a 400-sentence story: at most 1,200 short texts, ~1.5 s of USE on one
#: core; a two-article story of real news embeds 0-30). Not tuned: 1, 2, 3, 5 and 10 gave the same figures on
#: claims_gold.
SPAN_CANDIDATES = 3


def _joined(first: SentenceInfo, second: SentenceInfo) -> str:
    """Two sentences of one article as one span, in document order."""
    a, b = (first, second) if first.index < second.index else (second, first)
    return f"{a.text} {b.text}"


def _names_met(alone: SentenceInfo, other: SentenceInfo) -> bool:
    """Whether ``other`` mentions one of the names ``alone`` states (by word stem, in its text or its entities'
    canonical names, so "Generalsekretär Karl Nehammer" meets "Karl Nehammer" and "Mailand" meets "Milan"); true when
    ``alone`` names no one. A span that reads like B for its topic but is about a person B never names (another
    witness's quote, another official's statement) is not what B states."""
    named = set().union(*(_stems(name) for name in alone.entities)) if alone.entities else set()
    if not named:
        return True
    met = _stems(other.text).union(*(_stems(name) for name in other.entities))
    return bool(named & met)


def add_span_support(
    alignment: Alignment, score: npt.NDArray[np.float32], embed: Embed, options: CompareOptions
) -> int:
    """Give claims of one sentence partial support from sentences that state them within a longer span (see the module
    doc); ``score`` is the alignment score matrix the groups were formed from. Returns how many supports were added."""
    if options.span_gain is None or not alignment.groups:
        return 0
    infos = alignment.sentences
    mates: dict[int, list[int]] = {}  # a sentence in a multi-source claim -> its claim's sentences of other articles
    alone: list[tuple[int, int]] = []  # (group index, row) of claims stated by one sentence
    for number, group in enumerate(alignment.groups):
        own = [r for r in group.rows if r not in group.partial]
        if len(own) == 1:
            alone.append((number, own[0]))
            continue
        for row in own:
            mates[row] = [o for o in own if infos[o].article.id != infos[row].article.id]
    candidates: list[tuple[int, int, int, int]] = []  # (group index, S, B, M)
    for number, s in alone:
        found: list[tuple[float, int, int]] = []
        for b, others in mates.items():
            if infos[b].article.id == infos[s].article.id or not score[s, b] >= options.span_floor:
                continue
            if not _names_met(infos[s], infos[b]):
                continue
            for m in others:
                if infos[m].article.id == infos[s].article.id and abs(infos[m].index - infos[s].index) <= (
                    options.span_max_gap
                ):
                    found.append((float(score[s, b]), b, m))
        found.sort(key=lambda f: (-f[0], f[1], f[2]))
        candidates += [(number, s, b, m) for _, b, m in found[:SPAN_CANDIDATES]]
    if not candidates:
        return 0
    # Every text embedded afresh by one model, so the span, M and B are comparable whatever embedder the store used.
    texts = list(
        dict.fromkeys(
            t for _, s, b, m in candidates for t in (_joined(infos[s], infos[m]), infos[m].text, infos[b].text)
        )
    )
    vectors = dict(zip(texts, embed(texts), strict=True))
    added = 0
    for number, s, b, m in candidates:
        group = alignment.groups[number]
        span, alone_vector, other = vectors[_joined(infos[s], infos[m])], vectors[infos[m].text], vectors[infos[b].text]
        if float(span @ other) - float(alone_vector @ other) < options.span_gain:
            continue
        if any(infos[p].article.id == infos[b].article.id for p in group.partial):
            continue  # one supporting sentence per article, the best-scoring one tested first
        group.partial.append(b)
        group.rows = sorted([*group.rows, b])
        for i, a in enumerate(group.rows):
            for c in group.rows[i + 1 :]:
                group.scores[(a, c)] = float(alignment.score[a, c])
        added += 1
    return added
