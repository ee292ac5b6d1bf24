"""``GroupOptions``: every tuned number of story grouping, named, with how it was calibrated."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError

#: Same-event probability at which a new article joins a story straight away (its mean link to the story's
#: ``LINK_MEMBERS`` best-matching members). Set high so that the first pass builds only near-certain cores and the
#: average-link merge pass does the rest: a sweep on the ECB+ train topics (``benchmarks/ecbplus.py --sweep``) over
#: 0.4-1.0 gave B-cubed F1 0.904-0.932, best at 0.95.
JOIN_THRESHOLD = 0.95
#: Two stories merge when the mean same-event probability over their sampled member pairs reaches this: 0.5, the
#: probability at which ``similarity`` calls a pair the same event, so that two articles are one story after ``run``
#: exactly when ``similarity`` says they report the same event. (An ECB+ train sweep over 0.2-0.5 had found 0.45 best
#: by 0.002 B3 F1 with the earlier model; the model is now fitted with this cut fixed, ``benchmarks/semeval_pairs.py
#: --fit``.)
MERGE_THRESHOLD = 0.5
#: After each merge pass, a report still alone that a strong pair (>= ``MERGE_THRESHOLD``) connects to a story joins
#: it when its link there reaches ``MERGE_THRESHOLD``: the mean of its ``LINK_MEMBERS`` best probabilities with the
#: story's members, the join step's rule at the decision cut. The average-link merge pass leaves such reports out when
#: the rest of the story tells the event from another angle (a follow-up, a report led by a reaction): their mean over
#: all sampled members falls below the cut while their closest members are well above it. Only single reports
#: attach, so no chain forms between stories. Measured 2026-12-07 (``benchmarks/semeval_pairs.py --fit``, held-out):
#: ECB+ leave-topics-out B3 F1 0.934 -> 0.955 (folds 0.972, 0.949, 0.961, 0.961, 0.933; every fold up), SemEval
#: grouping unchanged (same-story pairs together 0.970, different apart 0.804). By the single best link instead of
#: the mean of three: 0.964 held-out, but a same-kind report (another ferry fire) joined in a four-article store
#: (tests/test_group_languages.py), where one pair's word weights are least reliable.
ATTACH_SINGLETONS = True
#: How many of a story's best-matching members an article's link averages: more than one so a single wire copy cannot
#: pull an article in, few enough that a large story is judged on its closest reports (ECB+ train sweep of 1, 3, 5, 8:
#: within 0.01 of each other, 3 best; with the lead-people model 3, 5 and 8 tie at 0.924).
LINK_MEMBERS = 3
#: Nearest neighbours fetched from the embedding index per article (among the articles up to the end of its batch: see
#: ``BATCH_SIZE``); they are also the neighbourhood its terms are weighted in. On ECB+ topics 1-35, 30 neighbours
#: contain 98.8% of same-event pairs (20: 96.5%, 50: 99.5%), and per-article cost stays constant as the corpus grows.
ANN_NEIGHBOURS = 30
#: Extra candidates from the entity and rare-term inverted indexes, per article: catches same-event articles whose
#: embedding is far (a language the model does not cover, a very short text). ECB+ B3 F1 train / dev / all: 20 ->
#: 0.924 / 0.946 / 0.928, 10 -> 0.927 / 0.946 / 0.930 (5 and 0 the same as 10 there, but an article in a language
#: the embedder does not cover has only these to find its story by); fewer pairs per article also keeps cost flat.
INDEX_NEIGHBOURS = 10
#: Posting lists are read from their most recent end and capped, so a frequent key cannot make retrieval linear.
POSTING_CAP = 200
#: Articles *published* further apart than this are not compared: news about one event clusters within days; a month
#: still admits follow-ups and slow outlets. Event dates estimated from the text are too noisy to exclude on; they are
#: evidence in the similarity model instead.
TIME_WINDOW_DAYS = 30.0
#: Jaccard similarity of word 5-shingles above which an article copies an earlier one (syndicated wire copy, reprint).
#: Rewrites of one wire story by different outlets share 0.3-0.6; verbatim reprints with different chrome exceed 0.8.
DUPLICATE_JACCARD = 0.8
#: MinHash permutations: 64 keep the Jaccard estimate within ~±0.06 (1/sqrt(64)/2) at 256 bytes per article.
MINHASH_PERMUTATIONS = 64
#: Up to this many articles, exact inner-product search is used: its all-pairs cost (20k x 20k x 512 multiply-adds,
#: ~2e11, seconds with BLAS) is still small next to pair scoring, and it is exact. Beyond it, an HNSW graph over whole
#: batches of ``BATCH_SIZE`` articles, with exact search over the last, unfilled batch (candidates.EmbeddingIndex).
EXACT_SEARCH_LIMIT = 20_000
#: Articles processed per retrieval batch: a batch is added to the embedding index and searched in one call (on a helper
#: thread while the previous batch is placed), so Python overhead per article stays flat. Also the unit the HNSW graph
#: grows by, so the graph depends on the article sequence only, not on how it was split into runs (at most this many
#: vectors are searched exactly beside it).
BATCH_SIZE = 1024


@dataclass(slots=True, kw_only=True)
class GroupOptions:
    join_threshold: float = JOIN_THRESHOLD
    merge_threshold: float = MERGE_THRESHOLD
    link_members: int = LINK_MEMBERS
    ann_neighbours: int = ANN_NEIGHBOURS
    index_neighbours: int = INDEX_NEIGHBOURS
    posting_cap: int = POSTING_CAP
    time_window_days: float = TIME_WINDOW_DAYS
    duplicate_jaccard: float = DUPLICATE_JACCARD
    exact_search_limit: int = EXACT_SEARCH_LIMIT
    batch_size: int = BATCH_SIZE
    attach_singletons: bool = ATTACH_SINGLETONS

    def __post_init__(self) -> None:
        for name in ("join_threshold", "merge_threshold", "duplicate_jaccard"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ConfigError(f"{name} must be in (0, 1], got {value}")
        for name in ("link_members", "ann_neighbours", "posting_cap", "exact_search_limit", "batch_size"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be >= 1, got {getattr(self, name)}")
        if self.index_neighbours < 0:
            raise ConfigError(f"index_neighbours must be >= 0, got {self.index_neighbours}")
        if self.time_window_days <= 0:
            raise ConfigError(f"time_window_days must be positive, got {self.time_window_days}")
