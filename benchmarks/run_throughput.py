"""End-to-end `run` throughput: ingest -> clean -> annotate -> embed -> group, on real-sized news articles.

Input: the 772 ECB+ news documents (../shared/bench/ecbplus, mean 375 tokens: real-sized news), written as a
news-please JSONL dump; skipped with a message when that folder is absent. Reports articles/s overall and seconds per
stage, so it shows where the time goes.

    python benchmarks/run_throughput.py [--limit 772] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from storyweave.config import Settings
from storyweave.group import GroupOptions
from storyweave.pipeline import Models, annotate_pending, cluster, embed_pending, ingest
from storyweave.store import open_store

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ecbplus" / "docs.jsonl"


def write_dump(path: Path, limit: int) -> str:
    if not ECBPLUS.is_file():
        raise SystemExit(f"skipped: {ECBPLUS} not found (it lives in ../shared/bench)")
    docs = [json.loads(line) for line in ECBPLUS.read_text(encoding="utf-8").splitlines()][:limit]
    with path.open("w", encoding="utf-8") as out:
        for d in docs:
            body = d["text"].split("\n", 1)[1] if "\n" in d["text"] else d["text"]
            record = {"title": d["title"], "maintext": body, "url": f"https://ecb.example/{d['doc_id']}"}
            out.write(json.dumps(record) + "\n")
    return f"{len(docs)} ECB+ documents"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=772)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "dump.jsonl"
        what = write_dump(dump, args.limit)
        settings = Settings(db=Path(folder) / "run.db", workers=args.workers)
        models = Models()
        timings: dict[str, float] = {}
        with open_store(settings.db) as store:
            start = time.perf_counter()
            report = ingest([str(dump)], settings, store)
            timings["ingest (read, clean, language, sentences, store)"] = time.perf_counter() - start
            t = time.perf_counter()
            annotate_pending(store, models, workers=args.workers)
            timings["annotate (entities, dates)"] = time.perf_counter() - t
            t = time.perf_counter()
            embed_pending(store, models, workers=args.workers)
            timings["embed (USE, title + sentences)"] = time.perf_counter() - t
            t = time.perf_counter()
            grouped = cluster(store, models, GroupOptions(), workers=args.workers)
            timings["group (retrieval, scoring, merging)"] = time.perf_counter() - t
            total = time.perf_counter() - start
    n = report.inserted
    print(f"{what}, {args.workers} workers: {n} articles in {total:.1f} s = {n / total:.1f} articles/s")
    for stage, seconds in timings.items():
        print(f"  {stage:<52} {seconds:7.1f} s  {100 * seconds / total:5.1f}%")
    result = {
        "benchmark": "run_throughput",
        "input": what,
        "workers": args.workers,
        "articles": n,
        "stories": grouped.stories_touched,
        "seconds": round(total, 1),
        "articles_per_s": round(n / total, 1),
        "stages": {k: round(v, 1) for k, v in timings.items()},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
