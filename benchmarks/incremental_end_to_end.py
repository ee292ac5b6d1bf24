"""What a user pays to add 1% of articles to a 100k-article store, end to end, against a full run over the store.

    python benchmarks/incremental_end_to_end.py                # 100k-article store, 1,000 new articles
    python benchmarks/incremental_end_to_end.py --n 10000 --new 100

The increment is what issue 3 names: ``storyweave ingest new/ && storyweave cluster``, run as the two CLI commands
(separate processes: imports, model loading, reading, cleaning, annotating, embedding and grouping all counted) on
real-sized articles: the ECB+ news documents (../shared/bench/ecbplus, mean 375 tokens; skipped without it), then,
past its 772 documents, reposts of them (a credit line before the title, the last paragraph cut: what syndicated
copies look like), so the increment holds near-duplicates as real feeds do.

The store they join holds ``--n`` synthetic articles with planted stories (benchmarks/grouping_scale.py records at the
default embedder's width, written through the Store API with their annotations and vectors, so they are grouped but
never annotated or embedded here). A full run over such a store would cost what ``run`` costs per real article for
ingest, annotation and embedding (measured here on the same articles: the slope between a small and the full batch,
so model loading is not counted ``n`` times) times ``n``, plus grouping all ``n`` (measured here, on the store).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from storyweave.config import Settings
from storyweave.group import GroupOptions
from storyweave.pipeline import Models, annotate_and_embed_pending, cluster, ingest
from storyweave.store import SQLiteStore, open_store

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "bench" / "ecbplus" / "docs.jsonl"
#: Articles in the small batch whose time is subtracted to leave the per-article slope (it carries the fixed costs:
#: worker start-up and model loading, paid once by any run). At least ``pipeline.PARALLEL_MIN_ARTICLES``, so that
#: both batches run on the worker pool (a 50-article batch ran in one process and made the slope ~15% too low).
SMALL_BATCH = 250


def _module(name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_new_articles(path: Path, count: int) -> str:
    """``count`` real-sized articles as a news-please JSONL dump: ECB+ documents, then reposts of them."""
    if not ECBPLUS.is_file():
        raise SystemExit(f"skipped: {ECBPLUS} not found (it lives in ../shared/bench)")
    docs = [json.loads(line) for line in ECBPLUS.read_text(encoding="utf-8").splitlines()]
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            d = docs[i % len(docs)]
            body = d["text"].split("\n", 1)[1] if "\n" in d["text"] else d["text"]
            title, repost = d["title"], i // len(docs)
            if repost:
                paragraphs = body.split("\n")
                body = "\n".join(paragraphs[:-1] if len(paragraphs) > 2 else paragraphs)
                title = f"Wire {repost}: {title}"
            url = f"https://outlet{repost}.example/{d['doc_id']}"
            out.write(json.dumps({"title": title, "maintext": body, "url": url}) + "\n")
    reposts = max(0, count - len(docs))
    return f"{count - reposts} ECB+ documents and {reposts} reposts of them"


def per_article_seconds(dump: Path, folder: Path, workers: int) -> tuple[float, float]:
    """(ingest + annotate + embed seconds per article, as a slope; the small batch's time), in one process."""

    def timed(limit: int) -> tuple[int, float]:
        lines = dump.read_text(encoding="utf-8").splitlines()[:limit]
        part = folder / f"part{limit}.jsonl"
        part.write_text("\n".join(lines) + "\n", encoding="utf-8")
        db = folder / f"slope{limit}.db"
        settings = Settings(db=db, workers=workers)
        with open_store(db) as store:
            start = time.perf_counter()
            report = ingest([str(part)], settings, store)
            annotate_and_embed_pending(store, Models(), workers=workers)
            return report.inserted, time.perf_counter() - start

    small_n, small = timed(min(SMALL_BATCH, len(dump.read_text(encoding="utf-8").splitlines()) // 2))
    large_n, large = timed(10**9)
    return (large - small) / (large_n - small_n), small


def split(path: Path, dump: Path, workers: int) -> None:
    """The increment's stages timed apart, in this process (models already loaded, imports done)."""
    models = Models()
    with open_store(path) as store:
        start = time.perf_counter()
        ingest([str(dump)], Settings(db=path, workers=workers), store)
        read = time.perf_counter()
        annotate_and_embed_pending(store, models, workers=workers)
        annotated = time.perf_counter()
        cluster(store, models, GroupOptions(), workers=workers)
        done = time.perf_counter()
    print(
        f"increment in one process: ingest {read - start:.1f} s, annotate + embed {annotated - read:.1f} s, "
        f"grouping {done - annotated:.1f} s",
        flush=True,
    )


def cli(*args: str) -> float:
    """Wall seconds of one ``storyweave`` command (a new process, as a user runs it)."""
    command = [str(Path(sys.executable).with_name("storyweave")), *args]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="articles already in the store")
    parser.add_argument("--new", type=int, default=1_000, help="real-sized articles added")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--split", action="store_true", help="also time the increment's stages, in one process")
    parser.add_argument("--keep", type=Path, help="copy the store before the increment and the new articles here")
    args = parser.parse_args(argv)
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, command: {' '.join(sys.argv)}, load {os.getloadavg()[0]:.2f}")
    scale, stored = _module("grouping_scale"), _module("incremental_store")
    models = Models()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dump = folder / "new.jsonl"
        what = write_new_articles(dump, args.new)
        per_article, small = per_article_seconds(dump, folder, args.workers)
        print(
            f"ingest + annotate + embed: {1000 * per_article:.1f} ms per article (first {SMALL_BATCH}: {small:.1f} s)"
        )

        docs, _ = scale.synthetic(args.n, models.embedder.dim, seed=args.n)  # type: ignore[attr-defined]
        path = folder / "store.db"
        with SQLiteStore(path) as store:
            start = time.perf_counter()
            stored.fill(store, docs, models.embedder.name)  # type: ignore[attr-defined]
            print(
                f"store filled with {args.n:,d} synthetic articles in {time.perf_counter() - start:.0f} s", flush=True
            )
            start = time.perf_counter()
            cluster(store, models, GroupOptions())
            grouping = time.perf_counter() - start
        del docs
        full = grouping + args.n * per_article
        print(
            f"grouping all {args.n:,d}: {grouping:.1f} s; full run: {full:.0f} s (grouping + {args.n:,d} x per article)"
        )

        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, args.keep / "store.db")
            shutil.copy(dump, args.keep / "new.jsonl")
        if args.split:
            shutil.copy(path, folder / "split.db")
            split(folder / "split.db", dump, args.workers)
        ingest_s = cli("ingest", str(dump), "--db", str(path))
        cluster_s = cli("cluster", "--db", str(path), "--workers", str(args.workers))
        with SQLiteStore(path) as store:
            grouped = sum(1 for _ in store.assignments())
        increment = ingest_s + cluster_s
        share = 100 * increment / full
        print(
            f"+{args.new:,d} articles ({what}, {100 * args.new / args.n:.1f}%): storyweave ingest {ingest_s:.1f} s + "
            f"storyweave cluster {cluster_s:.1f} s = {increment:.1f} s = {share:.2f}% of the full run "
            f"({grouped:,d} articles grouped now)"
        )
        result = {
            "benchmark": "incremental_end_to_end",
            "store_articles": args.n,
            "new_articles": args.new,
            "per_article_ms": round(1000 * per_article, 1),
            "grouping_full_s": round(grouping, 1),
            "full_run_s": round(full),
            "ingest_s": round(ingest_s, 1),
            "cluster_s": round(cluster_s, 1),
            "share_percent": round(share, 2),
        }
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
