"""Claim alignment: sentences of different articles that state the same thing become one claim.

Pair score = cosine of the multilingual sentence vectors, plus a bonus for shared canonical entities, for a shared
figure (same value, same kind), for shared word stems (of the whole sentences, or of their best-matching clauses when
one clause of a long sentence states the other's fact), across languages for a shared rare name or figure, and for
lying in document order between two confidently aligned pairs (see order.py).
Sentences are joined by constrained agglomeration: pairs are taken best first, and two groups merge only when every
cross pair still scores ``link_floor`` and no article would contribute two sentences (unless they are
near-identical); a sentence left alone may then be supported in part by a sentence already in a claim (a best
partner scoring ``partial_threshold``, or one stating it together with its neighbour: spans.py). Greedy best-first
merging is deterministic and O(pairs log pairs); a 20-article story has ~400 sentences, i.e. ~80k pairs, well inside
the time budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

from ..annotate.gazetteer import fold
from ..annotate.unspaced import UNSPACED_GRAM, has_unspaced, unspaced_grams, word_count
from ..errors import ConfigError
from ..types import Article
from .clauses import best_unit_scores, split_clauses
from .material import StoryMaterial
from .options import CompareOptions
from .order import order_bonus
from .quantities import Quantity, find_quantities

Embed = Callable[[list[str]], npt.NDArray[np.float32]]

#: Word stems for lexical overlap are the first five letters: long enough to tell words apart, short enough to join
#: inflections ("shipments"/"shipment", "Erdbeben"/"Erdbebens") and many cognates across languages.
STEM_CHARS = 5
_WORD = re.compile(r"[^\W\d_]{4,}|\d+(?:[.,]\d+)?")


@dataclass(slots=True)
class SentenceInfo:
    """One candidate claim sentence with what alignment and conflict checks read of it."""

    row: int  # position in the story-wide sentence matrix
    article: Article
    index: int  # sentence index in the article
    text: str
    entities: frozenset[str]
    quantities: list[Quantity]
    times: list[tuple[str, str]]  # (resolved ISO date, surface) of reliable day-precise dates


@dataclass(slots=True)
class ClaimGroup:
    """Aligned sentences (rows of ``Alignment.sentences``) with their pair scores; ``partial`` rows support the claim
    in part (they state it among other things and also back another claim), so the claim's text is never theirs."""

    rows: list[int]
    scores: dict[tuple[int, int], float] = field(default_factory=dict)  # paraphrase scores of member pairs
    partial: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Alignment:
    sentences: list[SentenceInfo]
    score: npt.NDArray[np.float32]  # pairwise paraphrase scores (what conflict checks read), -inf within one article
    groups: list[ClaimGroup]


def collect_sentences(
    material: StoryMaterial, options: CompareOptions, dates: dict[str, dict[int, list[tuple[str, str]]]]
) -> tuple[list[SentenceInfo], npt.NDArray[np.float32]]:
    """Claim-sized sentences of every article, with their vectors stacked in one matrix."""
    infos: list[SentenceInfo] = []
    rows: list[npt.NDArray[np.float32]] = []
    for article in material.articles:
        vectors = material.sentence_vectors.get(article.id)
        if vectors is None or len(vectors) != len(article.sentences):
            continue  # not embedded (or stale): the article still appears in the brief, without claims
        by_sentence: dict[int, set[str]] = {}
        for mention in material.mentions.get(article.id, []):
            by_sentence.setdefault(mention.sentence_index, set()).add(mention.canonical)
        spans: dict[int, list[tuple[int, int]]] = {}
        for expr in material.times.get(article.id, []):
            sentence = article.sentences[expr.sentence_index] if expr.sentence_index < len(article.sentences) else None
            if sentence is not None:
                spans.setdefault(expr.sentence_index, []).append(
                    (expr.char_start - sentence.char_start, expr.char_end - sentence.char_start)
                )
        for sentence in article.sentences:
            if word_count(sentence.text) < options.min_claim_words:
                continue
            infos.append(
                SentenceInfo(
                    row=len(infos),
                    article=article,
                    index=sentence.index,
                    text=sentence.text,
                    entities=frozenset(by_sentence.get(sentence.index, set())),
                    quantities=find_quantities(sentence.text, article.language, spans.get(sentence.index)),
                    times=dates.get(article.id, {}).get(sentence.index, []),
                )
            )
            rows.append(vectors[sentence.index])
    widths = {row.shape[-1] for row in rows}
    if len(widths) > 1:
        raise ConfigError(
            f"story {material.story_id} mixes sentence vectors of different sizes {sorted(widths)}: "
            "its articles were embedded by different embedders; re-embed them with one embedder"
        )
    matrix = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 1), dtype=np.float32)
    return infos, matrix


def _entity_overlap(infos: list[SentenceInfo]) -> npt.NDArray[np.float32]:
    """IDF-weighted Jaccard of the sentences' canonical entities: the story's protagonist, named in most sentences,
    says little about whether two sentences state the same thing; a name in two sentences only says a lot."""
    n = len(infos)
    names = sorted({e for info in infos for e in info.entities})
    if not names:
        return np.zeros((n, n), dtype=np.float32)
    column = {name: i for i, name in enumerate(names)}
    incidence = np.zeros((n, len(names)), dtype=np.float32)
    for info in infos:
        for name in info.entities:
            incidence[info.row, column[name]] = 1.0
    # Sum of the shared names' IDF (0..1 each), capped at 1: one rare shared name counts nearly fully.
    return np.minimum(1.0, (incidence * _idf(incidence)[None, :]) @ incidence.T).astype(np.float32)


def _idf(incidence: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Inverse document frequency over the story's sentences, scaled to 0..1 (1 = in one sentence only)."""
    return _idf_of(incidence.sum(axis=0), incidence.shape[0])


def _idf_of(frequency: npt.NDArray[np.float32], n: int) -> npt.NDArray[np.float32]:
    """``_idf`` from each term's sentence count ``frequency`` among ``n`` sentences."""
    idf: npt.NDArray[np.float32] = (np.log((n + 1) / (frequency + 1)) / np.log(n + 1)).astype(np.float32)
    return idf


def _stem(word: str) -> str:
    """A word's first letters; a number's digits, whatever its separators ("1.000" = "1,000" = "1000", "5.30" =
    "5,30"), so figures written in the conventions of two languages share a stem."""
    if word[0].isdigit():
        return "".join(c for c in word if c.isdigit())
    return fold(word)[:STEM_CHARS]


def _stems(text: str) -> set[str]:
    if not has_unspaced(text):
        return {_stem(w) for w in _WORD.findall(text)}
    # a clause of Chinese or Thai is one "word" to the pattern (or none, under four characters): its character pairs
    # are the words
    spaced, grams = unspaced_grams(text)
    return {_stem(w) for w in _WORD.findall(spaced)} | {fold(g) for g in grams if len(g) == UNSPACED_GRAM}


def _anchors(text: str) -> set[str]:
    """Tokens that mean the same in every language: figures of two or more digits and capitalised words after the
    first (names: "Cardona", "Liberta", "Hoekstra")."""
    words = _WORD.findall(text)
    return {_stem(w) for i, w in enumerate(words) if (w[0].isdigit() and len(_stem(w)) >= 2) or (i and w[0].isupper())}


def _anchor_overlap(infos: list[SentenceInfo]) -> npt.NDArray[np.float32]:
    """The rarest anchor two sentences share, as its IDF over the story (0..1): one figure or name that only these
    two sentences state is strong evidence they state the same fact, however differently the rest is worded."""
    n = len(infos)
    anchors = [_anchors(info.text) for info in infos]
    vocabulary = {s: i for i, s in enumerate(sorted(set().union(*anchors)))} if anchors else {}
    if not vocabulary:
        return np.zeros((n, n), dtype=np.float32)
    incidence = np.zeros((n, len(vocabulary)), dtype=np.float32)
    for row, words in enumerate(anchors):
        for word in words:
            incidence[row, vocabulary[word]] = 1.0
    idf = _idf(incidence)
    out = np.zeros((n, n), dtype=np.float32)
    for column in range(len(vocabulary)):
        rows = np.flatnonzero(incidence[:, column])
        if len(rows) > 1:
            block = out[np.ix_(rows, rows)]
            out[np.ix_(rows, rows)] = np.maximum(block, idf[column])
    return out


def _lexical_overlap(infos: list[SentenceInfo]) -> npt.NDArray[np.float32]:
    """IDF-weighted Dice overlap of word stems (Dice, not overlap-to-the-smaller, so a long sentence naming
    everything does not match every short one); cognates and names make it work across languages too
    ("artillery"/"artillería"/"Artillerie" share a stem), and IDF silences function words without a stop list."""
    n = len(infos)
    stems = [_stems(info.text) for info in infos]
    vocabulary = {s: i for i, s in enumerate(sorted(set().union(*stems)))} if stems else {}
    incidence = np.zeros((n, max(1, len(vocabulary))), dtype=np.float32)
    for row, words in enumerate(stems):
        for word in words:
            incidence[row, vocabulary[word]] = 1.0
    weighted = incidence * _idf(incidence)[None, :]
    shared = weighted @ incidence.T
    mass = weighted.sum(axis=1)
    total = (mass[:, None] + mass[None, :]) / 2
    dice: npt.NDArray[np.float32] = np.divide(shared, total, out=np.zeros_like(shared), where=total > 0)
    return dice


def _clause_overlap(infos: list[SentenceInfo], min_words: int) -> npt.NDArray[np.float32] | None:
    """``_lexical_overlap`` of the best-matching units of every two sentences (a unit is the whole sentence or one of
    its clauses, see clauses.py), with the stems' IDF taken over the story's sentences as there; ``None`` when no
    sentence splits into clauses."""
    n = len(infos)
    units: list[set[str]] = []
    owners: list[int] = []
    for info in infos:
        units.append(_stems(info.text))
        owners.append(info.row)
        for clause in split_clauses(info.text, min_words):
            units.append(_stems(clause))
            owners.append(info.row)
    if len(units) == n:
        return None
    vocabulary = {s: i for i, s in enumerate(sorted(set().union(*units)))}
    # Sparse: a story's units use a few dozen of its thousands of stems each, and the dense product costs seconds.
    columns = [vocabulary[word] for words in units for word in words]
    indptr = np.cumsum([0] + [len(words) for words in units])
    ones = np.ones(len(columns), dtype=np.float32)
    incidence = sparse.csr_matrix((ones, columns, indptr), shape=(len(units), max(1, len(vocabulary))))
    sentence_rows = np.flatnonzero(np.diff(np.asarray(owners), prepend=-1))  # each sentence's first unit: itself
    idf = _idf_of(np.asarray(incidence[sentence_rows].sum(axis=0)).ravel(), len(sentence_rows))
    weighted = sparse.csr_matrix(incidence.multiply(idf[None, :]))
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    transposed = incidence.T.tocsr()

    def dice(rows: slice) -> npt.NDArray[np.float32]:
        shared = np.asarray((weighted[rows] @ transposed).todense(), dtype=np.float32)
        total = (mass[rows, None] + mass[None, :]) / 2
        out: npt.NDArray[np.float32] = np.divide(shared, total, out=np.zeros_like(shared), where=total > 0)
        return out

    return best_unit_scores(np.asarray(owners, dtype=np.int64), n, dice)


def _shared_figure(infos: list[SentenceInfo]) -> npt.NDArray[np.float32]:
    n = len(infos)
    keys: dict[tuple[str, float], list[int]] = {}
    for info in infos:
        for q in info.quantities:
            if q.kind is not None and q.exact:
                keys.setdefault((q.kind, q.low), []).append(info.row)
    out = np.zeros((n, n), dtype=np.float32)
    for rows in keys.values():
        if len(rows) > 1:
            index = np.asarray(sorted(set(rows)))
            out[np.ix_(index, index)] = 1.0
    return out


#: Two sentences of one article opening with the same this-many words are one passage repeated (a photo caption
#: repeating the lede with a credit glued on, a pull quote): their vectors can differ more than ``near_identical``
#: allows because of the glued text, yet they state one claim. Ten words is a full clause; news sentences sharing
#: their first ten words by chance were not seen in the sample corpus or the semeval-dev pairs.
REPEATED_OPENING_WORDS = 10
_OPENING_WORD = re.compile(r"[^\W_]+")


def _repeated_openings(infos: list[SentenceInfo]) -> npt.NDArray[np.bool_]:
    """Pairs of sentences of one article that open with the same ``REPEATED_OPENING_WORDS`` words."""
    n = len(infos)
    out = np.zeros((n, n), dtype=bool)
    rows: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for info in infos:
        words = tuple(w.casefold() for w in _OPENING_WORD.findall(info.text)[:REPEATED_OPENING_WORDS])
        if len(words) == REPEATED_OPENING_WORDS:
            rows.setdefault((info.article.id, words), []).append(info.row)
    for same in rows.values():
        if len(same) > 1:
            index = np.asarray(same)
            out[np.ix_(index, index)] = True
    return out


def _across_languages(infos: list[SentenceInfo]) -> npt.NDArray[np.float32]:
    """1 for sentence pairs of two languages: within one language the stem overlap already counts shared names and
    figures, across languages they are the only words the two sentences share."""
    languages = np.asarray([info.article.language or "" for info in infos])
    across: npt.NDArray[np.float32] = (languages[:, None] != languages[None, :]).astype(np.float32)
    return across


def pair_scores(
    infos: list[SentenceInfo], vectors: npt.NDArray[np.float32], options: CompareOptions
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """(alignment score, paraphrase score) of every sentence pair; pairs within one article get -inf (they never
    align, see ``near_identical``). The paraphrase score leaves out the cross-language anchor bonus, the clause
    overlap and the document-order bonus: a shared name or figure, a clause worded alike or a place in the same order
    says two sentences report one fact, not that they word it alike, and the conflict checks' thresholds (negations,
    actors, figures) ask how alike two sentences are."""
    if not infos:
        empty = np.zeros((0, 0), dtype=np.float32)
        return empty, empty
    cosine = vectors @ vectors.T
    lexical = _lexical_overlap(infos)
    paraphrase = (
        cosine
        + options.entity_weight * _entity_overlap(infos)
        + options.number_weight * _shared_figure(infos)
        + options.lexical_weight * lexical
    )
    owner = np.asarray([id(info.article) for info in infos])
    same_article = owner[:, None] == owner[None, :]
    # Repeated paragraphs of one article may share a claim; every other same-article pair is ruled out.
    repeated = (cosine >= options.near_identical) | _repeated_openings(infos)
    paraphrase = np.where(same_article & ~repeated, -np.inf, paraphrase).astype(np.float32)
    np.fill_diagonal(paraphrase, -np.inf)
    score = paraphrase + options.anchor_weight * _anchor_overlap(infos) * _across_languages(infos)
    clauses = _clause_overlap(infos, options.min_clause_words) if options.clause_weight > 0 else None
    if clauses is not None:
        # The best units' overlap stands in for the whole sentences' where it is higher.
        score = score + options.clause_weight * np.maximum(0.0, clauses - lexical)
    if options.order_weight > 0:
        score = score + order_bonus(score, [id(info.article) for info in infos], options)
    return score.astype(np.float32), paraphrase


def _partial_support(
    row: int, score: npt.NDArray[np.float32], infos: list[SentenceInfo], options: CompareOptions
) -> list[int]:
    """A sentence left alone by the one-sentence-per-article rule may still be supported by a sentence that already
    backs another claim: a sentence stating two facts supports both. Its best partner in every other article joins
    it as partial support when the pair scores ``partial_threshold``."""
    best: dict[int, int] = {}
    for other in np.argsort(-score[row]).tolist():
        if score[row, other] < options.partial_threshold:
            break
        best.setdefault(id(infos[other].article), other)
    return list(best.values())


def align(
    material: StoryMaterial,
    options: CompareOptions,
    dates: dict[str, dict[int, list[tuple[str, str]]]],
    embed: Embed | None = None,
) -> Alignment:
    """Group the story's sentences into claims (every sentence ends in exactly one group, maybe alone, and maybe
    supporting other claims in part). ``embed`` (texts -> unit rows) lets a sentence left alone find its fact within a
    longer span of another report (spans.py); without it that step is skipped."""
    infos, vectors = collect_sentences(material, options, dates)
    score, paraphrase = pair_scores(infos, vectors, options)
    n = len(infos)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    root = list(range(n))
    upper = np.triu_indices(n, k=1)
    values = score[upper]
    keep = values >= options.align_threshold
    pairs = sorted(
        zip(values[keep].tolist(), upper[0][keep].tolist(), upper[1][keep].tolist(), strict=True),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    for _, a, b in pairs:
        ra, rb = root[a], root[b]
        if ra == rb:
            continue
        left, right = members[ra], members[rb]
        # -inf (two sentences of one article) is below any floor, so this also keeps one sentence per article.
        if float(score[np.ix_(left, right)].min()) < options.link_floor:
            continue
        members[ra] = left + right
        for row in right:
            root[row] = ra
        del members[rb]
    groups = []
    for rows in members.values():
        partial = _partial_support(rows[0], score, infos, options) if len(rows) == 1 else []
        ordered = sorted(rows + partial)
        group = ClaimGroup(rows=ordered, partial=partial)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                group.scores[(a, b)] = float(paraphrase[a, b])
        groups.append(group)
    groups.sort(key=lambda g: g.rows[0])
    alignment = Alignment(sentences=infos, score=paraphrase, groups=groups)
    if embed is not None:
        from .spans import add_span_support  # spans reads this module's types

        add_span_support(alignment, score, embed, options)
    return alignment
