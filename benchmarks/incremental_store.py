"""Incremental ``cluster`` through a store: a full run over N synthetic articles, then 1% more, timed.

    .venv/bin/python benchmarks/incremental_store.py                 # 100k articles + 1%
    .venv/bin/python benchmarks/incremental_store.py --n 10000 --rebuild

The records are grouping_scale.py's (planted stories, 64-d vectors, entities, dates), written through the Store API as
articles (their terms as text), annotations (entity mentions, event date) and embeddings (under the default
embedder's name, so nothing is annotated or embedded again). Then ``pipeline.cluster`` runs as ``storyweave cluster``
does: once over all N, once after adding N/100 new articles (new stories and reports of existing ones, published after
the first N). ``--rebuild`` also times the increment with the saved grouping state dropped (the path every run took
before the state was saved) and checks it gives the same stories. Target (issue 3): the increment costs about 1% of
the full run.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from storyweave.group import GroupDoc, GroupOptions
from storyweave.pipeline import Models, cluster
from storyweave.store import SQLiteStore, Store
from storyweave.types import Article, Mention, Sentence, content_hash

#: Articles per write transaction while the store is filled (the ingest default order of magnitude).
WRITE_BATCH = 2_000
#: Sentence rows stored per article: copies of its vector, so sentence alignment scores like the article cosine.
SENTENCE_ROWS = 3


def _scale_module() -> object:
    spec = importlib.util.spec_from_file_location("grouping_scale", Path(__file__).with_name("grouping_scale.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_stored(doc: GroupDoc) -> tuple[Article, list[Mention], np.ndarray, np.ndarray]:
    """The article, entity mentions and vectors that make ``load_group_doc`` give back ``doc``'s evidence."""
    text = " ".join(term for term, count in doc.terms.items() for _ in range(int(count)))
    article = Article(
        id=doc.id,
        title="",
        text=text,
        raw_text=text,
        published=doc.published,
        language=doc.language,
        sentences=[Sentence(article_id=doc.id, index=0, char_start=0, char_end=len(text), text=text)],
        origin="synthetic",
        content_hash=content_hash(text),
    )
    mentions = [
        Mention(doc.id, 0, 0, 0, name, "GPE" if name in doc.places else "PERSON", name)
        for name, weight in doc.entities.items()
        for _ in range(int(weight))
    ]
    assert doc.embedding is not None
    return article, mentions, doc.embedding, np.tile(doc.embedding, (SENTENCE_ROWS, 1))


def fill(store: Store, docs: Sequence[GroupDoc], model: str) -> None:
    for start in range(0, len(docs), WRITE_BATCH):
        stored = [as_stored(d) for d in docs[start : start + WRITE_BATCH]]
        store.write_articles([s[0] for s in stored])
        store.write_annotations([(s[0].id, s[1], [], d.event_date) for s, d in zip(stored, docs[start:], strict=False)])
        store.write_embeddings(model, [(s[0].id, s[2], s[3]) for s in stored])


def later(docs: list[GroupDoc], after: datetime) -> list[GroupDoc]:
    """``docs`` moved in time to start just after ``after`` (a new day of news arriving)."""
    first = min(d.published for d in docs if d.published is not None)
    for d in docs:
        if d.published is not None:
            d.published = after + (d.published - first)
        if d.event_date is not None and d.published is not None:
            d.event_date = d.published.date()
    return docs


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="full and incremental cluster runs over a synthetic store")
    parser.add_argument("--n", type=int, default=100_000, help="articles in the first run")
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--db", help="database path (default: a temporary file)")
    parser.add_argument("--rebuild", action="store_true", help="also time the increment without the saved state")
    args = parser.parse_args(argv)
    scale = _scale_module()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, command: {' '.join(sys.argv)}", flush=True)
    docs, _ = scale.synthetic(args.n, args.dim, seed=args.n)  # type: ignore[attr-defined]
    extra_new, _ = scale.synthetic(max(1, args.n // 200), args.dim, seed=args.n + 1, start_story=10 * args.n)  # type: ignore[attr-defined]
    last = max(d.published for d in docs if d.published is not None)
    # half of the increment reports stories already in the store (follow-ups), half starts new ones
    follow, _ = scale.synthetic(args.n, args.dim, seed=args.n)  # type: ignore[attr-defined]
    follow = [d for d in follow if d.published is not None and d.published > last - timedelta(days=1)]
    follow = follow[: max(1, args.n // 100 - len(extra_new))]
    for d in follow:
        d.id += "-follow"
    extra = later(extra_new, last) + follow
    models = Models()
    options = GroupOptions()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "store.db"
        with SQLiteStore(path) as store:
            t0 = time.perf_counter()
            fill(store, docs, models.embedder.name)
            print(f"store filled with {len(docs):,d} articles in {time.perf_counter() - t0:.1f}s", flush=True)
            t0, c0 = time.perf_counter(), time.process_time()
            cluster(store, models, options)
            full, full_cpu = time.perf_counter() - t0, time.process_time() - c0
            rate = len(docs) / full
            print(
                f"full cluster run: {full:.1f}s (CPU {full_cpu:.1f}s, {rate:.0f} articles/s), "
                f"peak RSS {peak_rss_gib():.2f} GiB",
                flush=True,
            )
            copy = Path(tmp) / "rebuild.db"
            if args.rebuild:  # the same store before the increment, to replay it without the saved state
                with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
                    source.backup(target)
            fill(store, extra, models.embedder.name)
            t0, c0 = time.perf_counter(), time.process_time()
            report = cluster(store, models, options)
            inc, inc_cpu = time.perf_counter() - t0, time.process_time() - c0
            print(
                f"+{len(extra):,d} articles ({100 * len(extra) / len(docs):.1f}%): {inc:.2f}s = "
                f"{100 * inc / full:.2f}% of the full run (CPU {inc_cpu:.2f}s = {100 * inc_cpu / full_cpu:.2f}%; "
                f"{report.stories_touched} stories touched, "
                f"{report.merges} merges), peak RSS {peak_rss_gib():.2f} GiB",
                flush=True,
            )
            stories = dict(store.assignments())
        if args.rebuild:
            with SQLiteStore(copy) as store:
                store.write_grouping([], {}, {}, {}, None)  # drop the saved state: the run rebuilds it
                fill(store, extra, models.embedder.name)
                t0, c0 = time.perf_counter(), time.process_time()
                cluster(store, models, options)
                rebuilt, rebuilt_cpu = time.perf_counter() - t0, time.process_time() - c0
                same = dict(store.assignments()) == stories
            print(
                f"same increment, state rebuilt from the store: {rebuilt:.1f}s = {100 * rebuilt / full:.1f}% of the "
                f"full run (CPU {rebuilt_cpu:.1f}s = {100 * rebuilt_cpu / full_cpu:.1f}%); "
                f"stories {'identical' if same else 'DIFFERENT'}",
                flush=True,
            )
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
