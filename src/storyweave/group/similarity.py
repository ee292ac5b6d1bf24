"""Pairwise similarity of two articles: a calibrated same-event probability, four dimensions and an explanation.

The probability is a logistic model over a handful of evidence features (``FEATURES``), fitted in two stages by
``benchmarks/semeval_pairs.py --fit`` and pinned below (refit and paste when the features change): every weight but
the publication gap's on ECB+ candidate pairs (English event-coreference topics 1-35; held-out figures by
leave-topics-out folds), then the publication gap's weight on the rated real multilingual pairs of
../shared/bench/semeval-dev (folds by pair), with the first stage as a fixed offset. The overall 1-4 rating is a
regression fitted on those ratings.

Every feature is a symmetric function of the pair, so ``similarity(a, b) == similarity(b, a)`` exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from .dimensions import dimension_ratings
from .features import GroupDoc, TermStats, Weighted, entity_key, prepare, weigh
from .options import GroupOptions

FEATURES = (
    "embedding_missing",  # no trusted embedding on one side: text meaning unknown
    "lexical_local",  # idf-weighted cosine of content words, names and numbers, each article's terms also weighted
    # by their rarity in its own neighbourhood (features.Weighted)
    "lead",  # idf-weighted cosine of title + lead words: where news states its event
    "entities",  # idf-weighted cosine of canonical entities
    "entities_missing",
    "lead_people_shared",  # both leads name people and share one (by full name or surname): the same protagonists
    "lead_people_disjoint",  # both leads name people, none in common: usually two events of one kind
    "places",  # overlap coefficient of place sets
    "places_missing",
    "time_apart",  # 1 - exp(-gap / DATE_SCALE_DAYS) between event dates; 0 when unknown (see below)
    "alignment",  # mean cosine of the best aligned sentence pairs (article cosine when sentences are missing)
    "years_shared",  # both cite a year and share one
    "years_disjoint",  # both cite years, none in common: usually two events of one kind, years apart
    "published_apart",  # 1 - exp(-gap / PUBLISHED_SCALE_DAYS) between publication times; 0 when either is unknown
    "lead_meaning",  # cosine of the mean vectors of each text's first LEAD_MEANING_SENTENCES sentences (see below)
    "weekdays_disjoint",  # both leads name weekdays, none in common ("on Thursday" / "on Monday"): lead_weekdays
    "numbers_shared",  # both leads cite numbers (not years) and share one: the same ages, amounts, tolls
    "numbers_disjoint",  # both leads cite numbers, none in common: features.lead_numbers
)
#: Sentences whose mean vector is a text's lead meaning: news states its happening (who, what, where, when) in the
#: lead, and same-topic reports of different happenings share background, not leads. Three, as the lead the article
#: vector weights (embed.LEAD_SENTENCES); not tuned. With this feature the ECB+ leave-topics-out B3 F1 went from 0.899
#: to 0.917 (every fold up) and SemEval different pairs apart from 0.754 to 0.786 (held-out, 2026-12-07).
LEAD_MEANING_SENTENCES = 3
#: The lead meaning of a pair without a trusted embedding (a language the embedder was not trained on): missing
#: evidence is not evidence against, so it takes the mean over the ECB+ candidate pairs the model is fitted on
#: (printed by ``benchmarks/semeval_pairs.py --fit``), which moves the probability neither way on average.
LEAD_MEANING_UNKNOWN = 0.452

#: Fitted by ``benchmarks/semeval_pairs.py --fit`` (scikit-learn LogisticRegression, C=1.0, standard scaling folded back
#: into the raw-feature weights) on the candidate pairs of all ECB+ topics, the publication-gap weight on SemEval pairs;
#: order as ``FEATURES``. Held-out (2026-12-07, with the lead numbers ``numbers_shared`` / ``numbers_disjoint``): ECB+
#: leave-topics-out B3 F1 0.934 (5 folds; 0.925 without them, 0.917 without ``weekdays_disjoint`` too), SemEval
#: same-story pairs together 0.970 (cross-lingual 1.0), different pairs apart 0.804 (0.816 without; 5 folds by pair).
COEFFICIENTS = (
    *(0.0, 24.285, 4.361, 3.646, -0.76, 0.606, -0.941, 1.285, 0.868),
    *(-0.031, 0.473, 2.08, -0.556, -4.065, 5.885, -1.053, 0.453, -1.021),
)
INTERCEPT = -6.891

#: Features that compare words, so only mean something between texts in one language: across languages their
#: overlap is near zero (only names and numbers survive translation), which a model fitted on monolingual pairs reads
#: as strong evidence of *different* events.
LEXICAL_FEATURES = frozenset({"lexical_local", "lead"})
#: Features the cross-language model leaves out: the word features, and the lead meaning: sentence cosines across
#: languages are lower for the same content, and its weight, fitted on English ECB+ pairs, read translated leads as
#: different events (SemEval cross-lingual same-story pairs together 1.0 -> 0.62 held-out when it was included).
MONOLINGUAL_FEATURES = LEXICAL_FEATURES | {"lead_meaning"}
#: The model for pairs in different languages: the same logistic regression on the same ECB+ train pairs, fitted
#: *without* ``MONOLINGUAL_FEATURES`` (their weights are 0 here), so it rests on what carries across languages — the
#: multilingual embedding (sentence alignment), canonical entities, places, dates and years. Fitted by
#: ``benchmarks/semeval_pairs.py --fit`` next to ``COEFFICIENTS``; it is the calibrated answer to "how likely is the
#: same event, knowing everything but the words".
CROSS_LANGUAGE_COEFFICIENTS = (
    *(0.0, 0.0, 0.0, 8.296, -0.495, 0.859, -0.955, 1.263, 0.809),
    *(-0.332, 5.534, 1.842, -0.829, -4.065, 0.0, -1.129, 1.145, -0.76),
)
CROSS_LANGUAGE_INTERCEPT = -5.768

#: Features read from the names entity extraction finds. In a script without capital letters nothing finds names
#: (``features.names_readable``).
NAME_FEATURES = frozenset(
    {"entities", "entities_missing", "lead_people_shared", "lead_people_disjoint", "places", "places_missing"}
)
#: The model for a pair across languages where one side's names cannot be read (a Chinese, Arabic, Japanese ...
#: report against one in another language): the cross-language regression on the same ECB+ pairs fitted *without*
#: ``NAME_FEATURES`` (weights 0), so it says how likely the same event is from everything else — missing evidence is
#: not evidence against. With names, the model shares the credit between the sentence alignment and the shared
#: names (alignment weight 5.5, entities 8.3); where no name can be found it gave an invented Chinese report and an
#: English report of the same bridge collapse 0.18 with their sentences aligned at 0.71, and this model 0.80 (two
#: reports of other events 0.03 -> 0.09). Within one language both sides lack names alike and the monolingual model
#: is kept: a no-names model there moved the Arabic pairs of semeval-dev both ways (RESULTS.md) and, through them,
#: the publication-gap weight every pair shares. Fitted by ``benchmarks/semeval_pairs.py --fit``.
CROSS_LANGUAGE_NO_NAMES_COEFFICIENTS = (
    *(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    *(-0.918, 10.736, 1.303, -1.473, -4.065, 0.0, -1.341, 0.868, -1.372),
)
CROSS_LANGUAGE_NO_NAMES_INTERCEPT = -6.216

#: The overall 1-4 rating (SemEval-2022 Task 8's scale) is a linear function of these, fitted (ridge) to the human
#: ratings of the 201 real pairs of ../shared/bench/semeval-dev by ``benchmarks/semeval_pairs.py --fit``, which also
#: reports its held-out Pearson r by language pair (folds by pair). Same-story ratings follow how much of the two
#: texts is about the same thing, which the embeddings measure, more than the same-event evidence alone.
OVERALL_FEATURES = (
    "article_cosine",  # cosine of the article vectors (title and lead weighted)
    "sentence_mean_cosine",  # cosine of the plain means of the sentence vectors (the whole text)
    "coverage",  # mean over both texts of each sentence's best cosine in the other: how much of each the other tells
    "same_event",  # the calibrated same-event probability
    # The two texts are in different languages: translation lowers every embedding cosine for the same rating, and
    # the probability comes from the cross-language model, calibrated apart; so the rating gets its own offset and
    # same-event slope there (as the same-event decision has its own model).
    "cross_language",
    "cross_language_same_event",  # cross_language x same_event
)
#: Held-out Pearson r with the human rating 0.756 over the 201 pairs (USE mean-sentence cosine 0.659 in the same run;
#: de-en 0.762 vs 0.607), 5 folds by pair, 2026-12-07: the rating of an install without the passage vectors below.
#: The least-squares fit is stretched to the ratings' spread (linear: r unchanged), so clear same-story pairs read
#: near 1 rather than near the mean rating.
OVERALL_COEFFICIENTS = (-5.025, 2.768, -1.622, -0.824, 0.467, -1.295)
OVERALL_INTERCEPT = 4.719
#: With both sides' passage vectors (``GroupDoc.passage_embedding``, multilingual-e5-small over title and text: a
#: second embedding, trained otherwise than USE, whose errors differ), the rating adds their cosine; fitted the same
#: way, by the same script. Held-out Pearson r 0.821 (without the passage vectors 0.780; e5 cosine alone 0.744, USE
#: mean-sentence cosine 0.703), every language pair above the USE baseline: de-en 0.847 (0.667), ar 0.800 (0.755), es
#: 0.840 (0.789), pl 0.840 (0.831), de 0.606 (0.594), 5 folds by pair, 2026-12-07 (23:10 UTC). The feature set was
#: chosen among about 35 variants on the same folds, so the figures are a little optimistic. (e5 cosines crowd into
#: 0.75-0.95, hence the large weight.)
#: Text-vector features of a pair without trusted vectors on both sides (a language the embedder was not trained on,
#: or no embedder), for the rating and its dimensions: their mean over the 201 rated pairs (printed by ``--fit``), so
#: missing vectors move the rating neither way on average. (Read as 0 they meant "unrelated", whatever the
#: same-event evidence.)
UNKNOWN_TEXT_VALUES = {"article_cosine": 0.575, "sentence_mean_cosine": 0.559, "coverage": 0.374, "alignment": 0.572}
PASSAGE_OVERALL_FEATURES = (*OVERALL_FEATURES, "passage_cosine")
#: Features the passage model is fitted without (weight 0): the same-event probability of a pair in one language.
#: With two embeddings measuring how much of the two texts tells the same thing, it added nothing held-out (Pearson
#: 0.813 with it, 0.814 without, scratch run on the same folds) and carried the pair model's same-topic errors into
#: the rating: three Polish pairs rated 3-4 (two explainers of one epidemic, two angles on one election) have
#: same-event 0.97-1.0, and pl-pl fell below the USE baseline (0.805 vs 0.831; without it 0.837). Across languages
#: it stays (``cross_language_same_event``): translation lowers the cosines, and the cross-language model's
#: probability is what says the story is one there. Chosen among about 25 feature subsets of the rating scored on
#: the same folds, so the held-out figures are a little optimistic. Without the passage vectors the probability
#: stays in (dropping it there costs 0.007: 0.772 -> 0.765).
PASSAGE_RATING_LEAVES_OUT = frozenset({"same_event"})
PASSAGE_OVERALL_COEFFICIENTS = (-3.065, 3.227, -2.169, 0.0, 0.104, -1.709, -16.923)
PASSAGE_OVERALL_INTERCEPT = 18.416

#: Dates only count *against* a pair ("time_apart"), never for it: many different events happen on one day, so a
#: shared date says little in a news stream, while reports weeks apart rarely describe one happening. (ECB+ pairs
#: the model is fitted on come from events years apart, which would otherwise teach it that a close date is strong
#: positive evidence.)
#: Date gap scale: reports of one event cite dates within a day or two of each other; a week apart is weak evidence.
DATE_SCALE_DAYS = 3.0
#: Publication gap scale: reports of one happening come out within a day or two of each other; same-topic reports of
#: different happenings (one politician, one epidemic) are spread over weeks. ECB+ has no publication dates, so this
#: feature's weight comes from the SemEval pairs alone (``benchmarks/semeval_pairs.py --fit``).
PUBLISHED_SCALE_DAYS = 3.0
#: Sentence pairs averaged for alignment: the few sentences two reports share (the lead, a quote), not the whole text.
ALIGNED_PAIRS = 3
#: Sentences of each text compared for alignment and coverage: 4x the longest ECB+ article (95 sentences), as the
#: comparison stage's cap (pipeline.MAX_COMPARE_SENTENCES); only very long texts are cut.
ALIGNED_SENTENCES = 400
#: Weekday numbers (features.lead_weekdays: 0 = Monday) as an explanation names them.
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Shared entities and aligned sentences listed in an explanation.
EXPLAIN_ITEMS = 5


@dataclass(slots=True)
class Similarity:
    same_event: float  # calibrated probability that the two report the same event
    overall: float  # SemEval-2022 Task 8 scale: 1 = same story ... 4 = unrelated
    geography: float
    entities: float
    time: float
    narrative: float
    explanation: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "same_event": self.same_event,
            "overall": self.overall,
            "geography": self.geography,
            "entities": self.entities,
            "time": self.time,
            "narrative": self.narrative,
            "explanation": list(self.explanation),
        }


def _sparse_cosine(a: dict[str, float], na: float, b: dict[str, float], nb: float) -> float:
    if na == 0.0 or nb == 0.0:
        return 0.0
    # The shared keys by one C-level set intersection (two ~80-term articles share a few): 4.7 -> 3.2 us a pair.
    # Summed in sorted key order, so the float result does not depend on either dict's order (nor on hash seeds).
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0
    return min(1.0, sum([a[k] * b[k] for k in sorted(shared)]) / (na * nb))


def date_gap_days(a: GroupDoc, b: GroupDoc) -> float | None:
    """Days between the articles' event dates; None unless both are known.

    Publication dates are not used here: two reports of different events published the same day are common, and the
    model was fitted on event dates (ECB+ has no publication dates). They bound the candidate window instead.
    """
    if a.event_date is not None and b.event_date is not None:
        return float(abs((a.event_date - b.event_date).days))
    return None


def publication_gap_days(a: GroupDoc, b: GroupDoc) -> float | None:
    """Days between publication times; None when either is unknown."""
    return publication_gap(a.published, b.published)


def publication_gap(pa: datetime | None, pb: datetime | None) -> float | None:
    """Days between two publication times; None when either is unknown."""
    if pa is not None and pb is not None:
        if (pa.tzinfo is None) != (pb.tzinfo is None):
            pa, pb = pa.replace(tzinfo=None), pb.replace(tzinfo=None)
        return abs((pa - pb).total_seconds()) / 86400.0
    return None


def _people_overlap(a: set[str], b: set[str]) -> bool | None:
    """Whether two sets of people share someone; None when either is empty. A surname alone matches the full name
    ("Jackson" / "Vincent Jackson"): titles and second references use surnames."""
    if not a or not b:
        return None
    if a & b:
        return True
    return bool({surname(p) for p in a} & {surname(p) for p in b})


def surname(name: str) -> str:
    """The last word of a name, case-folded: what a second reference or a headline keeps."""
    return name.casefold().split()[-1] if name.split() else ""


def _alignment(a: GroupDoc, b: GroupDoc, *, coverage: bool = True) -> tuple[float, list[tuple[int, int, float]], float]:
    """(mean cosine of the best ``ALIGNED_PAIRS`` one-to-one sentence pairs, those pairs, coverage): coverage is the
    mean over both texts of each sentence's best cosine in the other, so a few shared boilerplate lines (a press
    office's contact block, a market-report template) cannot make two texts look aligned the way a shared lead does.
    With ``coverage`` False it is left at 0.0: the same-event model, which scores every candidate pair, does not read
    it, and its two row and column maxima and means were ~12% of grouping's time."""
    sa, sb = a.sentence_embeddings, b.sentence_embeddings
    if sa is None or sb is None or len(sa) == 0 or len(sb) == 0 or not (a.embedding_trusted and b.embedding_trusted):
        return 0.0, [], 0.0
    # Every sentence pair is compared, so only the first ALIGNED_SENTENCES of each text count: the lead and body
    # where news states its event, and a bound on the square (two 1 MB texts: 10,000 x 10,000 sentence cosines).
    sims = sa[:ALIGNED_SENTENCES] @ sb[:ALIGNED_SENTENCES].T
    covered = max(0.0, (float(sims.max(axis=1).mean()) + float(sims.max(axis=0).mean())) / 2.0) if coverage else 0.0
    pairs = _greedy_pairs(sims, ALIGNED_PAIRS, max(64, ALIGNED_PAIRS * 8))
    # Averaged over the pairs there can be: an article of one or two sentences (a brief, a wire flash) is judged on
    # what it has, not penalised as if its missing sentences matched nothing.
    score = sum(p[2] for p in pairs) / len(pairs) if pairs else 0.0
    return max(0.0, score), pairs, covered


def _greedy_pairs(sims: npt.NDArray[np.float32], count: int, window: int) -> list[tuple[int, int, float]]:
    """Up to ``count`` one-to-one (row, column, value) pairs, greedily from the best entry down, ties by position,
    taken from the ``window`` best entries only: walking the first ``window`` entries of a stable sort of ``-sims``
    and skipping those whose row or column is used picks exactly these. Each pick is the best entry left once the
    rows and columns already used are masked out (the walk's next pick is the first entry in sort order whose row
    and column are both free, and ``argmax`` returns the first of equal maxima), so no sort is needed: a few argmax
    calls instead of a partial sort of every sentence pair (~45% of the alignment's time, which ran for every
    scored pair). Rows are unit sentence vectors, so the entries are finite."""
    rows, cols = sims.shape
    flat = sims.ravel()
    # the smallest value inside the window: a pick below it lies outside, one equal to it by its rank among ties
    threshold = float(np.partition(flat, flat.size - window)[flat.size - window]) if flat.size > window else -math.inf
    free = sims.copy()
    pairs: list[tuple[int, int, float]] = []
    for _ in range(min(count, rows, cols)):
        position = int(free.argmax())
        value = float(flat[position])
        if value < threshold or (value == threshold and not _within_window(flat, position, window)):
            break  # picks only get worse: the walk over the window ends here
        i, j = divmod(position, cols)
        pairs.append((i, j, value))
        free[i, :] = -np.inf
        free[:, j] = -np.inf
    return pairs


def _within_window(flat: npt.NDArray[np.float32], position: int, window: int) -> bool:
    """Whether entry ``position`` is among the ``window`` first of a stable sort of ``-flat`` (ties by position)."""
    value = flat[position]
    rank = int(np.count_nonzero(flat > value)) + int(np.count_nonzero(flat[:position] == value))
    return rank < window


def _canonical_order(a: GroupDoc, b: GroupDoc) -> bool:
    """True when (a, b) must be swapped so that every sum runs in one order: floating point then gives bit-identical
    results whichever way round the caller passes the pair."""
    return (a.id, a.title, a.text) > (b.id, b.title, b.text)


def pair_features(a: GroupDoc, b: GroupDoc, wa: Weighted, wb: Weighted) -> npt.NDArray[np.float64]:
    """The evidence vector of ``FEATURES`` for one pair."""
    return np.array(_feature_values(a, b, wa, wb), dtype=np.float64)


def cross_language(a: GroupDoc, b: GroupDoc) -> bool:
    """True when both languages are known and differ (regional variants such as pt-BR / pt-PT count as one)."""
    la, lb = _base_language(a.language), _base_language(b.language)
    return bool(la) and bool(lb) and la != lb


def _base_language(language: str | None) -> str:
    return (language or "").casefold().replace("_", "-").split("-")[0]


def model_for(a: GroupDoc, b: GroupDoc, *, names: bool = True) -> tuple[tuple[float, ...], float]:
    """(coefficients, intercept) of the same-event model that applies to the pair: monolingual, cross-language, or
    cross-language without the name features (``names`` False: one side's names cannot be read)."""
    return model_of(cross_language=cross_language(a, b), names=names)


def model_of(*, cross_language: bool, names: bool = True) -> tuple[tuple[float, ...], float]:
    if not cross_language:
        return COEFFICIENTS, INTERCEPT  # both sides in one script: see CROSS_LANGUAGE_NO_NAMES_COEFFICIENTS
    if names:
        return CROSS_LANGUAGE_COEFFICIENTS, CROSS_LANGUAGE_INTERCEPT
    return CROSS_LANGUAGE_NO_NAMES_COEFFICIENTS, CROSS_LANGUAGE_NO_NAMES_INTERCEPT


def pair_probability(a: GroupDoc, b: GroupDoc, wa: Weighted, wb: Weighted) -> float:
    """Same-event probability of one pair (plain Python: for a dozen numbers numpy's call overhead dominates)."""
    coefficients, intercept = model_for(a, b, names=wa.names_readable and wb.names_readable)
    z = intercept + sum(w * x for w, x in zip(coefficients, _feature_values(a, b, wa, wb), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def _feature_values(a: GroupDoc, b: GroupDoc, wa: Weighted, wb: Weighted) -> tuple[float, ...]:
    if _canonical_order(a, b):
        a, b, wa, wb = b, a, wb, wa
    has_emb = a.embedding is not None and b.embedding is not None and a.embedding_trusted and b.embedding_trusted
    emb = float(np.dot(a.embedding, b.embedding)) if has_emb else 0.0  # type: ignore[arg-type]
    has_ent = bool(wa.entities) and bool(wb.entities)
    people = _people_overlap(a.lead_people, b.lead_people)
    has_places = bool(a.places) and bool(b.places)
    places = len(a.places & b.places) / min(len(a.places), len(b.places)) if has_places else 0.0
    gap = date_gap_days(a, b)
    published = publication_gap(a.published, b.published)
    has_sentences = a.sentence_embeddings is not None and b.sentence_embeddings is not None
    align = _alignment(a, b, coverage=False)[0] if has_sentences else emb
    return (
        0.0 if has_emb else 1.0,
        _sparse_cosine(wa.local_terms, wa.local_norm, wb.local_terms, wb.local_norm),
        _sparse_cosine(wa.lead, wa.lead_norm, wb.lead, wb.lead_norm),
        _sparse_cosine(wa.entities, wa.entity_norm, wb.entities, wb.entity_norm),
        0.0 if has_ent else 1.0,
        1.0 if people is True else 0.0,
        1.0 if people is False else 0.0,
        places,
        0.0 if has_places else 1.0,
        1.0 - math.exp(-gap / DATE_SCALE_DAYS) if gap is not None else 0.0,
        max(0.0, align),
        1.0 if wa.years & wb.years else 0.0,
        1.0 if wa.years and wb.years and not wa.years & wb.years else 0.0,
        1.0 - math.exp(-published / PUBLISHED_SCALE_DAYS) if published is not None else 0.0,
        _lead_meaning(a, b, wa, wb, emb if has_emb else None),
        1.0 if wa.weekdays and wb.weekdays and not wa.weekdays & wb.weekdays else 0.0,
        1.0 if wa.numbers & wb.numbers else 0.0,
        1.0 if wa.numbers and wb.numbers and not wa.numbers & wb.numbers else 0.0,
    )


def _lead_meaning(a: GroupDoc, b: GroupDoc, wa: Weighted, wb: Weighted, article_cosine: float | None) -> float:
    """Cosine of the two leads' mean sentence vectors; the article cosine when sentence vectors are missing (as
    alignment falls back), ``LEAD_MEANING_UNKNOWN`` when there is no trusted embedding (``article_cosine`` None)."""
    if article_cosine is None:
        return LEAD_MEANING_UNKNOWN
    sa, sb = a.sentence_embeddings, b.sentence_embeddings
    if sa is None or sb is None or len(sa) == 0 or len(sb) == 0:
        return max(0.0, article_cosine)
    (ma, na), (mb, nb) = lead_mean(wa, sa), lead_mean(wb, sb)
    norms = float(na * nb)
    return max(0.0, float(ma @ mb) / norms) if norms > 0 else 0.0


def lead_mean(
    weighted: Weighted, sentences: npt.NDArray[np.float32]
) -> tuple[npt.NDArray[np.float32], np.floating[Any]]:
    """(mean of the first ``LEAD_MEANING_SENTENCES`` rows of ``sentences``, its norm), kept on the article's
    ``weighted`` record of this grouping run: computed once per article instead of once per scored pair (~14 us a
    pair); the same numpy operations, so the same floats."""
    if weighted.lead_mean is None:
        mean = sentences[:LEAD_MEANING_SENTENCES].mean(axis=0)
        weighted.lead_mean = (mean, np.linalg.norm(mean))
    return weighted.lead_mean


def overall_features(
    a: GroupDoc, b: GroupDoc, wa: Weighted, wb: Weighted, same_event: float | None = None
) -> tuple[float, ...]:
    """The values of ``OVERALL_FEATURES`` for one pair, or of ``PASSAGE_OVERALL_FEATURES`` when both sides have
    passage vectors (symmetric); ``same_event`` is computed when not given."""
    if _canonical_order(a, b):
        a, b, wa, wb = b, a, wb, wa
    sa, sb = a.sentence_embeddings, b.sentence_embeddings
    if a.embedding_trusted and b.embedding_trusted and a.embedding is not None and b.embedding is not None:
        article = float(np.dot(a.embedding, b.embedding))
        mean = 0.0
        if sa is not None and sb is not None and len(sa) and len(sb):
            ma, mb = sa.mean(axis=0), sb.mean(axis=0)
            norms = float(np.linalg.norm(ma) * np.linalg.norm(mb))
            mean = float(ma @ mb) / norms if norms > 0 else 0.0
        coverage = _alignment(a, b)[2]
    else:
        article, mean, coverage = (
            UNKNOWN_TEXT_VALUES[k] for k in ("article_cosine", "sentence_mean_cosine", "coverage")
        )
    p = pair_probability(a, b, wa, wb) if same_event is None else same_event
    crossed = 1.0 if cross_language(a, b) else 0.0
    values = (article, mean, coverage, p, crossed, crossed * p)
    if a.passage_embedding is not None and b.passage_embedding is not None:
        return (*values, float(np.dot(a.passage_embedding, b.passage_embedding)))
    return values


def overall_rating(values: Sequence[float]) -> float:
    """The 1 (same story) .. 4 (unrelated) rating from ``overall_features`` (``OVERALL_FEATURES``, or
    ``PASSAGE_OVERALL_FEATURES`` when both sides have passage vectors)."""
    coefficients: tuple[float, ...] = OVERALL_COEFFICIENTS
    intercept = OVERALL_INTERCEPT
    if len(values) == len(PASSAGE_OVERALL_FEATURES):
        coefficients, intercept = PASSAGE_OVERALL_COEFFICIENTS, PASSAGE_OVERALL_INTERCEPT
    z = intercept + sum(w * x for w, x in zip(coefficients, values, strict=True))
    return round(min(4.0, max(1.0, z)), 3)


def probability(
    features: npt.NDArray[np.float64], *, cross_language: bool = False, names: bool = True
) -> npt.NDArray[np.float64]:
    """Same-event probability for one feature row or a matrix of rows (all monolingual, or all cross-language; all
    with names read on both sides, or all without: ``model_of``)."""
    coefficients, intercept = model_of(cross_language=cross_language, names=names)
    z = features @ np.array(coefficients, dtype=np.float64) + intercept
    result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
    return result


def similarity(a: GroupDoc, b: GroupDoc, options: GroupOptions, stats: TermStats | None = None) -> Similarity:
    """How likely ``a`` and ``b`` report the same event, on four dimensions, with the evidence listed.

    ``stats`` are document frequencies of the corpus the pair comes from; without them only the pair itself is the
    corpus, so shared words weigh by how specific they are to these two texts.
    """
    prepare(a)
    prepare(b)
    if stats is None:
        stats = TermStats()
        stats.add([a, b])
    wa, wb = weigh(a, stats), weigh(b, stats)
    f = pair_features(a, b, wa, wb)
    crossed = cross_language(a, b)
    names_read = wa.names_readable and wb.names_readable
    p = float(probability(f, cross_language=crossed, names=names_read))
    published_gap = publication_gap_days(a, b)
    # Grouping never compares articles published further apart than its window, so neither does this: the same
    # decision for the same two articles, wherever it is asked for.
    beyond_window = published_gap is not None and published_gap > options.time_window_days
    if beyond_window:
        p = 0.0
    values = dict(zip(FEATURES, f.tolist(), strict=True))
    gap = date_gap_days(a, b)
    explanation: list[str] = []
    shared = sorted(set(wa.entities) & set(wb.entities), key=lambda k: (-(wa.entities[k] + wb.entities[k]), k))
    if shared:
        # the weights are keyed by the folded name ("νίκοσ σταματόπουλοσ"): shown as the articles write it
        names = {entity_key(name): name for doc in (b, a) for name in doc.entities}
        explanation.append("shared entities: " + ", ".join(names.get(k, k) for k in shared[:EXPLAIN_ITEMS]))
    if a.places and b.places:
        common = sorted(a.places & b.places)
        explanation.append("shared places: " + (", ".join(common[:EXPLAIN_ITEMS]) if common else "none"))
    if a.lead_people and b.lead_people:
        # Sides in a fixed order, so the explanation reads the same whichever way round the pair was given.
        first_people, second_people = sorted([sorted(a.lead_people), sorted(b.lead_people)])
        if values["lead_people_shared"]:
            shared_people = sorted(a.lead_people & b.lead_people) or first_people
            explanation.append("same people in the leads: " + ", ".join(shared_people[:EXPLAIN_ITEMS]))
        else:
            explanation.append(
                f"different people in the leads: {', '.join(first_people[:EXPLAIN_ITEMS])} / "
                f"{', '.join(second_people[:EXPLAIN_ITEMS])}"
            )
    if wa.weekdays and wb.weekdays:
        days = sorted([sorted(wa.weekdays), sorted(wb.weekdays)])
        named = [", ".join(WEEKDAY_NAMES[d] for d in side) for side in days]
        explanation.append(
            "same weekday in the leads: " + ", ".join(WEEKDAY_NAMES[d] for d in sorted(wa.weekdays & wb.weekdays))
            if wa.weekdays & wb.weekdays
            else f"different weekdays in the leads: {named[0]} / {named[1]}"
        )
    if wa.numbers and wb.numbers:
        common_numbers = sorted(wa.numbers & wb.numbers)
        explanation.append(
            "same figures in the leads: " + ", ".join(common_numbers[:EXPLAIN_ITEMS])
            if common_numbers
            else "different figures in the leads"
        )
    if gap is not None:
        explanation.append(f"event dates {gap:.0f} days apart")
    if published_gap is not None:
        explanation.append(
            f"published {published_gap:.1f} days apart"
            + (f": beyond the {options.time_window_days:g}-day window, never grouped" if beyond_window else "")
        )
    if gap is None and published_gap is None:
        explanation.append("dates unknown")
    first, second = (b, a) if _canonical_order(a, b) else (a, b)
    _, pairs, _ = _alignment(first, second)
    for i, j, score in pairs:
        explanation.append(f"aligned sentences {first.id}#{i} ~ {second.id}#{j}: {score:.2f}")
    lexical = _sparse_cosine(wa.terms, wa.term_norm, wb.terms, wb.term_norm)
    explanation.append(f"lexical {lexical:.2f}, text meaning {values['alignment']:.2f}, same-event p={p:.2f}")
    if crossed:
        languages = ", ".join(sorted({str(a.language), str(b.language)}))
        explanation.append(f"languages differ ({languages}): word overlap not counted")
    if crossed and not names_read:
        explanation.append("a text in a script without capitals: names not read, entities and places not counted")
    if values["embedding_missing"]:
        values["alignment"] = UNKNOWN_TEXT_VALUES["alignment"]  # for the narrative dimension: unknown, not "none"
    rating_values = overall_features(a, b, wa, wb, p)
    dimensions = dimension_ratings({**values, **dict(zip(OVERALL_FEATURES, rating_values, strict=False))})
    return Similarity(
        same_event=round(p, 4),
        overall=overall_rating(rating_values),
        geography=dimensions["geography"],
        entities=dimensions["entities"],
        time=dimensions["time"],
        narrative=dimensions["narrative"],
        explanation=explanation,
    )
