"""Grouping alone at scale: synthetic article records with planted stories, timed, with peak memory.

    .venv/bin/python benchmarks/grouping_scale.py            # 10k and 100k records
    .venv/bin/python benchmarks/grouping_scale.py --max 1000000

Records mimic what the pipeline feeds ``group``: a unit embedding near its story's centre, a few of the story's
entities plus a stray one, story-specific and topic-wide terms over a Zipf background vocabulary, and publication
times spread over days (about 2,000 articles a day, a large news feed). Reports B-cubed against the planted stories as
a sanity check, time per size, the ratio between sizes (target: 10x records at most ~12x time), peak RSS, and the cost
of adding 1% new records to the largest run (target: about 1% of the full run).
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from sys import intern

import numpy as np

from storyweave.group import GroupDoc, GroupOptions, GroupState, group

#: Mean planted story size: most news events get a handful of reports, a few get dozens (geometric sizes).
MEAN_STORY_SIZE = 5
#: Articles per day in the synthetic feed (sets how many stories overlap in the time window).
ARTICLES_PER_DAY = 2_000
#: Stories per topic: several different events of one kind share topic terms and similar embeddings (the hard case).
STORIES_PER_TOPIC = 4
BACKGROUND_VOCABULARY = 5_000
DEFAULT_DIM = 64
EVENT_DATE_SHARE = 0.5


def synthetic(n: int, dim: int, seed: int, start_story: int = 0) -> tuple[list[GroupDoc], list[int]]:
    rng = np.random.default_rng(seed)
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(int(rng.geometric(1.0 / MEAN_STORY_SIZE)))
    sizes[-1] -= sum(sizes) - n
    n_stories = len(sizes)
    topic_centres = rng.standard_normal((n_stories // STORIES_PER_TOPIC + 1, dim)).astype(np.float32)
    topic_centres /= np.linalg.norm(topic_centres, axis=1, keepdims=True)
    # Noise scaled by 1/sqrt(dim) so cosines do not depend on dim: stories of one topic ~0.5 apart, reports of one
    # story ~0.8 (what USE gives same-kind and same-event news pairs), unrelated ~0.
    centres = topic_centres[np.arange(n_stories) // STORIES_PER_TOPIC] + rng.standard_normal((n_stories, dim)).astype(
        np.float32
    ) / np.sqrt(dim)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    zipf = 1.0 / np.arange(1, BACKGROUND_VOCABULARY + 1)
    zipf /= zipf.sum()
    origin = datetime(2031, 1, 1, tzinfo=UTC)
    span_days = max(1.0, n / ARTICLES_PER_DAY)
    docs: list[GroupDoc] = []
    gold: list[int] = []
    for story, size in enumerate(sizes):
        sid = start_story + story
        topic = sid // STORIES_PER_TOPIC
        # organisations recur across stories (a ministry, a club): one per ~5 stories at every corpus size
        story_entities = [f"person{sid}", f"place{sid}", f"org{int(rng.integers(0, max(1, n_stories // 5)))}"]
        start = origin + timedelta(days=float(rng.uniform(0, span_days)))
        for k in range(size):
            vec = centres[story] + 0.5 * rng.standard_normal(dim).astype(np.float32) / np.sqrt(dim)
            vec /= np.linalg.norm(vec)
            picked = rng.choice(3, size=2, replace=False)
            entities = {story_entities[int(i)]: 1.0 + float(rng.integers(0, 3)) for i in picked}
            entities[f"stray{int(rng.integers(0, n))}"] = 1.0
            # words interned as content_terms does for real text (one string object per vocabulary entry)
            terms = {intern(f"w{int(w)}"): 1.0 for w in rng.choice(BACKGROUND_VOCABULARY, size=20, p=zipf)}
            terms.update({intern(f"topic{topic}a"): 2.0, intern(f"topic{topic}b"): 1.0})
            # names and numbers of the story: each report carries 5 of its 8
            terms.update({intern(f"story{sid}x{int(i)}"): 1.0 for i in rng.choice(8, size=5, replace=False)})
            docs.append(
                GroupDoc(
                    id=f"{seed}-{sid}-{k}",
                    title="",
                    text="",
                    language="en",
                    published=start + timedelta(hours=float(rng.uniform(0, 36))),
                    # the annotate stage finds a date in the text of about half the articles
                    event_date=start.date() if rng.random() < EVENT_DATE_SHARE else None,
                    entities=entities,
                    places={story_entities[1]} if 1 in picked else set(),
                    embedding=vec,
                    terms=terms,
                )
            )
            gold.append(sid)
    return docs, gold


def bcubed_f1(pred: list[str], gold: list[int]) -> float:
    from collections import Counter

    pair = Counter(zip(pred, gold, strict=True))
    size_p = Counter(pred)
    size_g = Counter(gold)
    precision = sum(c * c / size_p[p] for (p, _), c in pair.items()) / len(pred)
    recall = sum(c * c / size_g[g] for (_, g), c in pair.items()) / len(pred)
    return 2 * precision * recall / (precision + recall)


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024  # Linux reports KiB


def run(n: int, dim: int, incremental: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of grouping ``n`` records. CPU time is the steadier figure on a shared machine:
    other jobs on the cores stretch wall time, not the work done."""
    docs, gold = synthetic(n, dim, seed=n)
    gc.collect()
    rss_before = peak_rss_gib()
    t0, c0 = time.perf_counter(), time.process_time()
    state = GroupState()
    result = group(docs, GroupOptions(), existing=state)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    b3 = bcubed_f1([result.assignments[d.id] for d in docs], gold)
    print(
        f"n={n:>9,d} time {elapsed:8.1f}s (CPU {cpu:.1f}s, {n / elapsed:7.0f} records/s)  "
        f"stories {len(result.stories):>8,d} (planted {len(set(gold)):,d})  B3 F1 {b3:.3f}  "
        f"peak RSS {peak_rss_gib():.2f} GiB (before grouping {rss_before:.2f})",
        flush=True,
    )
    if incremental:
        extra, _ = synthetic(max(1, n // 100), dim, seed=n + 1, start_story=10 * n)
        t1, c1 = time.perf_counter(), time.process_time()
        group(extra, GroupOptions(), existing=state)
        inc, inc_cpu = time.perf_counter() - t1, time.process_time() - c1
        print(
            f"  +1% ({len(extra):,d} records) to the {n:,d}-record state: {inc:.2f}s = {100 * inc / elapsed:.1f}% "
            f"of full (CPU {inc_cpu:.2f}s = {100 * inc_cpu / cpu:.1f}%)"
        )
    return elapsed, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time and memory of story grouping on synthetic records")
    parser.add_argument("--max", type=int, default=100_000, help="largest size (10k, 100k, 1M ... up to this)")
    parser.add_argument("--min", type=int, default=10_000)
    parser.add_argument("--dim", type=int, default=DEFAULT_DIM, help="embedding size of the synthetic records")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per size, sizes in turn; the fastest counts (timings vary ~10-30%%)"
    )
    args = parser.parse_args(argv)
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, dim={args.dim}, command: {' '.join(sys.argv)}")
    sizes = []
    n = args.min
    while n <= args.max:
        sizes.append(n)
        n *= 10
    # Sizes take turns (10k, 100k, 10k, 100k, ...) rather than all runs of one size and then the next: this machine's
    # speed drifts by up to ~30% over tens of minutes, and back-to-back blocks put the drift into the ratio.
    runs: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
    for r in range(args.repeat):
        for n in sizes:
            runs[n].append(run(n, args.dim, incremental=(n == sizes[-1] and r == 0)))
    times = [(min(w for w, _ in runs[n]), min(c for _, c in runs[n])) for n in sizes]
    for i in range(1, len(sizes)):
        wall = times[i][0] / times[i - 1][0]
        cpu = times[i][1] / times[i - 1][1]
        print(f"{sizes[i]:,d} vs {sizes[i - 1]:,d} records: {wall:.1f}x time ({cpu:.1f}x CPU time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
