"""HTML main-text extraction F1 on the article-extraction benchmark (../shared/bench/article-extraction).

Metric as the benchmark's README defines it: tokens are regex ``\\w+``; 4-gram shingles of the gold body and of the
extracted body; per document, TP/FP/FN are normalised to sum to 1; precision, recall and F1 are computed from their
averages over documents. Compares plain ``trafilatura.extract(html)`` (default settings) with our HTML reader in the
same run.

    python benchmarks/extraction.py [--bench DIR] [--min-f1 0.95] [--variants]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from storyweave.clean import clean_article
from storyweave.config import CleanOptions, IngestOptions
from storyweave.ingest import read_bytes
from storyweave.ingest.html import ExtractionSettings, extract
from storyweave.types import RawDocument

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "article-extraction"
SHINGLE = 4
_TOKEN = re.compile(r"\w+")

#: Alternative trafilatura settings tried with --variants, to justify DEFAULT_EXTRACTION in ingest/html.py.
VARIANTS: dict[str, ExtractionSettings] = {
    "balanced": ExtractionSettings(),
    "recall": ExtractionSettings(favor_recall=True),
    "precision, no tables": ExtractionSettings(favor_precision=True, include_tables=False),
    "precision, with comments": ExtractionSettings(favor_precision=True, include_comments=True),
    "precision, deduplicate": ExtractionSettings(favor_precision=True, deduplicate=True),
}

Extractor = Callable[[bytes, str], str]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """4-token shingles; a text shorter than 4 tokens is one shorter shingle, an empty text none."""
    tokens = _TOKEN.findall(text)
    grams = (tuple(tokens[i : i + SHINGLE]) for i in range(max(len(tokens) - SHINGLE + 1, 1)))
    return Counter(gram for gram in grams if gram)


def document_scores(gold: str, extracted: str) -> tuple[float, float, float]:
    """TP, FP, FN of one document normalised to sum to 1 (all zero when both are empty, as in the original)."""
    gold_sh, pred_sh = shingles(gold), shingles(extracted)
    tp = sum((gold_sh & pred_sh).values())
    fp = sum((pred_sh - gold_sh).values())
    fn = sum((gold_sh - pred_sh).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def prf(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    n = len(scores)
    tp = sum(s[0] for s in scores) / n
    fp = sum(s[1] for s in scores) / n
    fn = sum(s[2] for s in scores) / n
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def plain_trafilatura(html: bytes, url: str) -> str:
    return trafilatura.extract(html.decode("utf-8", errors="replace")) or ""


def our_reader(html: bytes, url: str) -> str:
    options = IngestOptions()
    docs = [d for d in read_bytes(html, url, options, filename="page.html") if isinstance(d, RawDocument)]
    return "\n".join(d.text for d in docs)


def our_reader_and_cleaning(html: bytes, url: str) -> str:
    """What storyweave stores: the reader's text after the cleaning stage (chrome lines removed)."""
    options = CleanOptions()
    docs = [d for d in read_bytes(html, url, IngestOptions(), filename="page.html") if isinstance(d, RawDocument)]
    return "\n".join(clean_article(d.title, d.text, options).text for d in docs)


def variant(settings: ExtractionSettings) -> Extractor:
    def run(html: bytes, url: str) -> str:
        page = extract(html, settings=settings)
        return (getattr(page, "text", None) or "") if page is not None else ""

    return run


def evaluate(bench: Path, extractors: dict[str, Extractor]) -> dict[str, dict[str, float]]:
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    scores: dict[str, list[tuple[float, float, float]]] = {name: [] for name in extractors}
    seconds: dict[str, float] = dict.fromkeys(extractors, 0.0)
    for doc_id, gold in sorted(truth.items()):
        html = gzip.decompress((bench / "html" / f"{doc_id}.html.gz").read_bytes())
        for name, run in extractors.items():
            start = time.perf_counter()
            text = run(html, gold.get("url") or doc_id)
            seconds[name] += time.perf_counter() - start
            scores[name].append(document_scores(gold["articleBody"], text))
    results = {}
    for name, values in scores.items():
        precision, recall, f1 = prf(values)
        results[name] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "docs": len(values),
            "seconds": round(seconds[name], 1),
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--min-f1", type=float, default=None, help="exit 1 if our reader's F1 is below this")
    parser.add_argument("--variants", action="store_true", help="also score alternative trafilatura settings")
    args = parser.parse_args(argv)
    if not (args.bench / "ground-truth.json").is_file():
        print(f"skipped: benchmark folder {args.bench} not found (it lives in ../shared/bench)")
        return 0
    extractors: dict[str, Extractor] = {
        "trafilatura default": plain_trafilatura,
        "storyweave": our_reader,
        "storyweave + cleaning": our_reader_and_cleaning,
    }
    if args.variants:
        extractors.update({f"variant: {name}": variant(s) for name, s in VARIANTS.items()})
    results = evaluate(args.bench, extractors)
    print(f"{'extractor':<34} {'precision':>9} {'recall':>7} {'F1':>7} {'docs':>5} {'seconds':>8}")
    for name, r in results.items():
        print(
            f"{name:<34} {r['precision']:>9.4f} {r['recall']:>7.4f} {r['f1']:>7.4f} {r['docs']:>5} {r['seconds']:>8.1f}"
        )
    print(json.dumps({"benchmark": "article-extraction", "results": results}))
    plain = results["trafilatura default"]["f1"]
    for name in ("storyweave", "storyweave + cleaning"):
        ours = results[name]["f1"]
        if ours < plain:
            print(f"FAIL: {name} F1 {ours} is below plain trafilatura {plain}", file=sys.stderr)
            return 1
        if args.min_f1 is not None and ours < args.min_f1:
            print(f"FAIL: {name} F1 {ours} is below the floor {args.min_f1}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
