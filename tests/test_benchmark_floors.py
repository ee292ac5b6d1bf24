"""Pinned quality floors: a regression below the recorded figure fails CI loudly.

The floors sit a little under the figures in benchmarks/RESULTS.md so run-to-run noise cannot fail them, while a
real regression (a changed extraction setting, a cleaning rule that eats news) does.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from benchmark_modules import load_benchmark

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"

#: Measured 0.9670 (reader) and 0.9666 (reader + cleaning) on 2026-11-22; plain trafilatura 0.9527 in the same run.
EXTRACTION_F1_FLOOR = 0.96
#: ECB+ B-cubed F1, the lower of dev and all topics: measured dev 0.943, all 0.928 on 2026-11-22 (product entities,
#: lead-people features and the protagonist check); 0.946 and 0.930 after the index-neighbours change.
#: From 2026-12-07 the model is fitted on all 35 topics and judged by leave-topics-out folds (held-out mean 0.899, see
#: benchmarks/semeval_pairs.py --fit); with it dev 0.919 and all 0.923. The earlier 0.946 on dev came from a model
#: whose design was chosen on those dev topics over many sessions, and gave 0.902 on held-back topics. With the lead
#: meaning feature (2026-12-07): dev 0.936, all 0.934 in-sample, leave-topics-out 0.917; with the weekday feature
#: (same day): dev 0.944, all 0.931, leave-topics-out 0.925; with the lead numbers (same day): dev 0.945, all 0.943,
#: leave-topics-out 0.934; with single reports attached after each merge pass (same day): dev 0.965, all 0.962,
#: leave-topics-out 0.955.
ECBPLUS_B3_FLOOR = 0.955
#: Sample corpus (examples/, whole pipeline): measured B3 F1 1.0, 11 of 11 gold stories exact and 3 of 3 same-kind
#: pairs apart on 2026-11-22.
SAMPLE_B3_FLOOR = 0.98
#: Comparison on the 11 real same-story pairs of semeval-dev claims_gold (benchmarks/claims_real.py, shipped
#: options): measured corroborated recall 0.412, single-source accuracy 0.841, 0 false conflicts (1 of 1 gold conflict
#: found) on 2026-12-07; 0.487 / 0.825 / 0 with clause units (same day); 0.537 / 0.825 / 0 with the document-order
#: bonus (same day); 0.600 / 0.825 / 0 with span support (same day). Issue 11's bars are 0.85 / 0.85 / <= 1 per 10
#: stories; these floors pin what is reached (about one fact under each: 1/80 and 1/63).
CLAIMS_RECALL_FLOOR = 0.58
CLAIMS_SINGLE_SOURCE_FLOOR = 0.81
CLAIMS_MAX_FALSE_CONFLICTS = 1
#: Planted stories of 10k synthetic records (benchmarks/grouping_scale.py): measured B3 F1 0.977 on 2026-11-22 with
#: per-batch neighbours (0.922 before); guards candidate recall in multi-batch runs, which ECB+ (one batch) cannot.
#: 2026-12-07: 0.941 with the publication gap as same-event evidence (weight fitted on real news pairs): the planted
#: reports of one story are spread over 36 hours, which the model now counts against them a little (0.972 with that
#: weight at 0, same code). The floor still catches a loss of candidate recall, which costs far more (0.922 before
#: per-batch neighbours).
PLANTED_B3_FLOOR = 0.93
#: Real multilingual pairs (../shared/bench/semeval-dev, benchmarks/semeval_pairs.py), measured on 2026-12-07: see
#: benchmarks/RESULTS.md. Pearson r of ``similarity``'s overall with the human rating over the 201 pairs (fitted on
#: them: the held-out figure is lower and is the one reported), and grouping all 400 articles in one store. With the
#: e5 passage vectors and the cross-language terms: 0.817 (de-en 0.861) in-sample, 0.805 (de-en 0.835) held-out. With
#: consent walls read as title-only articles (same day, later): 0.825 (de-en 0.862) in-sample, 0.815 (0.842)
#: held-out; different pairs apart 0.812 in-sample (0.798 held-out). With the passage rating fitted without the
#: monolingual same-event probability (2026-12-07, 23:10 UTC): 0.831 (de-en 0.869) in-sample, 0.821 (0.847) held-out,
#: and every language pair with 20+ pairs above its USE mean-sentence baseline both ways (pl 0.858 / 0.840 vs 0.831).
SEMEVAL_PEARSON_FLOOR = 0.82
SEMEVAL_DE_EN_PEARSON_FLOOR = 0.85
#: Language pairs with at least this many pairs must rate above the USE mean-sentence cosine (issue 11's bar).
SEMEVAL_BASELINE_MIN_PAIRS = 20
SEMEVAL_SAME_TOGETHER_FLOOR = 0.93
SEMEVAL_DIFFERENT_APART_FLOOR = 0.79
#: The four dimensions against the human ratings of each: in-sample 0.514 / 0.665 / 0.559 / 0.752 (held-out 0.489 /
#: 0.623 / 0.485 / 0.733; the fixed scales before: 0.149 / 0.360 / 0.409 / 0.588).
SEMEVAL_DIMENSION_FLOORS = {"geography": 0.50, "entities": 0.65, "time": 0.54, "narrative": 0.74}


@pytest.mark.slow
@pytest.mark.skipif(not (BENCH / "article-extraction").is_dir(), reason="../shared/bench/article-extraction absent")
def test_html_extraction_f1_floor(capsys: pytest.CaptureFixture[str]) -> None:
    extraction = load_benchmark("extraction")
    code = extraction.main(["--min-f1", str(EXTRACTION_F1_FLOOR)])
    assert code == 0, capsys.readouterr().err


def test_extraction_metric_matches_its_definition() -> None:
    extraction = load_benchmark("extraction")
    gold = "one two three four five"
    assert extraction.document_scores(gold, gold) == (1.0, 0.0, 0.0)
    tp, fp, fn = extraction.document_scores(gold, "one two three four six")
    assert (tp, fp, fn) == (1 / 3, 1 / 3, 1 / 3)  # shingles: {1234, 2345} vs {1234, 2346}
    assert extraction.prf([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)]) == (1.0, 0.5, 2 / 3)


@pytest.mark.slow
@pytest.mark.skipif(not (BENCH / "ecbplus").is_dir(), reason="../shared/bench/ecbplus absent")
def test_ecbplus_grouping_floor(capsys: pytest.CaptureFixture[str]) -> None:
    ecbplus = load_benchmark("ecbplus")
    code = ecbplus.main(["--min-b3", str(ECBPLUS_B3_FLOOR)])
    assert code == 0, capsys.readouterr().err


@pytest.mark.slow
def test_sample_corpus_grouping_floor() -> None:
    result = load_benchmark("sample_corpus").run()
    assert result["bcubed"][2] >= SAMPLE_B3_FLOOR, result
    assert result["different_events_separated"] == "3/3", result
    assert result["not_recovered"] == [], result


def test_planted_stories_grouping_floor() -> None:
    from storyweave.group import GroupOptions, group

    scale = load_benchmark("grouping_scale")
    docs, gold = scale.synthetic(10_000, scale.DEFAULT_DIM, seed=10_000)
    result = group(docs, GroupOptions())
    assert scale.bcubed_f1([result.assignments[d.id] for d in docs], gold) >= PLANTED_B3_FLOOR


@pytest.mark.slow
@pytest.mark.skipif(
    not (BENCH / "semeval-dev" / "claims_gold.jsonl").is_file(), reason="../shared/bench/semeval-dev absent"
)
def test_real_claims_comparison_floor() -> None:
    result = load_benchmark("claims_real").run(fit=False)["product_default"]
    assert result["stories"] == 11, result
    assert result["corroborated_recall"] >= CLAIMS_RECALL_FLOOR, result
    assert result["single_source_accuracy"] >= CLAIMS_SINGLE_SOURCE_FLOOR, result
    assert result["false_conflicts"] <= CLAIMS_MAX_FALSE_CONFLICTS, result
    assert result["gold_conflicts_found"] == "1/1", result


def test_claims_scoring_follows_the_readme() -> None:
    """A corroborated fact needs one corroborated claim with keyword sentences in both articles; a single-source fact
    needs a single-source claim and no corroborated one; a conflicting claim not covering a gold conflict is false."""
    from storyweave.compare import StoryMaterial
    from storyweave.config import CleanOptions
    from storyweave.pipeline import prepare_article
    from storyweave.types import Article, RawDocument

    claims = load_benchmark("claims_real")

    def article(url: str, text: str) -> Article:
        made = prepare_article(RawDocument(origin=url, text=text, url=url, language="en"), CleanOptions())
        assert isinstance(made, Article)
        return made

    a1 = article("https://one.example/a", "The bridge closed on Monday. Ten lorries were stuck. The mayor spoke.")
    a2 = article("https://two.example/b", "The bridge was shut on Monday. Police came. Twelve lorries were stuck.")
    material = StoryMaterial(story_id="s", articles=[a1, a2])
    gold = {
        "corroborated": [{"desc": "bridge", "a1": ["bridge closed"], "a2": ["bridge was shut"]}],
        "single_source": [
            {"desc": "mayor", "article": 1, "keywords": ["mayor"]},
            {"desc": "police", "article": 2, "keywords": ["Police"]},
        ],
        "conflicts": [{"desc": "lorries", "slot": "number", "a1": ["Ten lorries"], "a2": ["Twelve lorries"]}],
    }
    outcome = claims.Outcome(
        [
            ("corroborated", {a1.id: {0}, a2.id: {0}}),
            ("single_source", {a1.id: {2}}),
            ("corroborated", {a2.id: {1}, a1.id: {2}}),  # wrongly joins the police sentence to the mayor's
            ("conflicting", {a1.id: {1}, a2.id: {2}}),
            ("conflicting", {a1.id: {2}, a2.id: {1}}),
        ]
    )
    row = claims.score(outcome, material, gold)
    assert (row["found"], row["single_right"], row["conflicts_found"], row["false_conflicts"]) == (1, 0, 1, 1)
    assert claims.sentence_shared(material, gold) == 0
    # a detail of the bridge sentence, annotated single-source: right only while the bridge fact is not found
    gold["single_source"].append({"desc": "Monday", "article": 1, "keywords": ["on Monday"]})
    assert claims.sentence_shared(material, gold) == 1
    for a in (a1, a2):  # every sentence the same unit vector: each pairs with the first of the other article
        material.sentence_vectors[a.id] = np.ones((len(a.sentences), 4), dtype=np.float32) / 2
    assert {status for status, _ in claims.baseline(material, 2.0).claims} == {"single_source"}
    paired = claims.baseline(material, 0.5).claims
    assert ("corroborated", {a1.id: {0}, a2.id: {0}}) in paired and all(s == "corroborated" for s, _ in paired)


@pytest.mark.skipif(not (BENCH / "semeval-dev").is_dir(), reason="../shared/bench/semeval-dev absent")
def test_semeval_similarity_and_grouping_floors() -> None:
    semeval = load_benchmark("semeval_pairs")
    pairs = semeval.load_pairs()
    result = semeval.evaluate(pairs, semeval.build_docs(pairs))
    assert result["pearson"]["all"]["product"] >= SEMEVAL_PEARSON_FLOOR, result["pearson"]
    assert result["pearson"]["de-en"]["product"] >= SEMEVAL_DE_EN_PEARSON_FLOOR, result["pearson"]
    counts = Counter(semeval.language_pair(p) for p in pairs)
    below = {
        lp: row
        for lp, row in result["pearson"].items()
        if counts.get(lp, 0) >= SEMEVAL_BASELINE_MIN_PAIRS and row["product"] < row["use_mean_sentences"]
    }
    assert not below, below
    for dim, floor in SEMEVAL_DIMENSION_FLOORS.items():
        assert result["dimensions"][dim] >= floor, result["dimensions"]
    assert result["grouping"]["same_together"] >= SEMEVAL_SAME_TOGETHER_FLOOR, result["grouping"]
    assert result["grouping"]["different_apart"] >= SEMEVAL_DIFFERENT_APART_FLOOR, result["grouping"]
    # one decision everywhere: similarity's same_event >= 0.5 exactly when grouping the two articles makes one story
    assert result["disagreed"] == [], result["disagreed"]
