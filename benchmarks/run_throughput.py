"""End-to-end `run` throughput: ingest -> clean -> annotate -> embed -> group, on real-sized news articles.

Input: the 772 ECB+ news documents (../shared/bench/ecbplus, mean 375 tokens: real-sized news), written as a
news-please JSONL dump; skipped with a message when that folder is absent. Reports articles/s overall and seconds per
stage, so it shows where the time goes. Annotation and embedding share one pool pass (as in ``cluster``); run
``--split`` to time them apart. Record ``uptime`` with the figures: the machine is shared.

    python benchmarks/run_throughput.py [--limit 772] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from storyweave.config import Settings
from storyweave.group import GroupOptions
from storyweave.pipeline import Models, annotate_and_embed_pending, annotate_pending, cluster, embed_pending, ingest
from storyweave.preload import BackgroundModelLoad, loads_early
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


class _Clock:
    """Wall and CPU seconds per stage. CPU counts this process and its finished workers (each stage shuts its pool
    down), so it is a fair measure of work on a machine shared with other jobs, where wall time is not."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), self._cpu()

    @staticmethod
    def _cpu() -> tuple[float, float]:
        """(this process, its finished workers) CPU seconds."""
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime

    def lap(self) -> tuple[float, float, float]:
        """(wall, CPU of all processes, CPU of this process alone) since the last lap."""
        wall, cpu = time.perf_counter(), self._cpu()
        own = cpu[0] - self.cpu[0]
        lap = (wall - self.wall, own + cpu[1] - self.cpu[1], own)
        self.wall, self.cpu = wall, cpu
        return lap


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=772)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--split", action="store_true", help="time annotation and embedding as separate passes")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "dump.jsonl"
        what = write_dump(dump, args.limit)
        settings = Settings(db=Path(folder) / "run.db", workers=args.workers)
        models = Models()
        timings: dict[str, tuple[float, float, float]] = {}
        clock = _Clock()
        with open_store(settings.db) as store:
            # as ``run`` does: the models load in a thread while ingest runs (storyweave.preload)
            with BackgroundModelLoad(models) as loading:
                early = loading.start if loads_early(settings) else None
                report = ingest([str(dump)], settings, store, on_article=early)
            timings["ingest (read, clean, language, sentences, store)"] = clock.lap()
            if args.split:
                annotate_pending(store, models, workers=args.workers)
                timings["annotate (entities, dates)"] = clock.lap()
                embed_pending(store, models, workers=args.workers)
                timings["embed (USE, title + sentences)"] = clock.lap()
            else:
                # what ``cluster`` runs first: one pool pass whose workers annotate and embed each article
                annotate_and_embed_pending(store, models, workers=args.workers)
                timings["annotate + embed (entities, dates; USE)"] = clock.lap()
            grouped = cluster(store, models, GroupOptions(), workers=args.workers)
            timings["group (retrieval, scoring, merging)"] = clock.lap()
    total = sum(wall for wall, _, _ in timings.values())
    cpu = sum(c for _, c, _ in timings.values())
    n = report.inserted
    print(f"{what}, {args.workers} workers: {n} articles in {total:.1f} s = {n / total:.1f} articles/s")
    print(f"  {'stage':<52} {'wall':>7}    {'share':>5}  {'CPU (all processes)':>19}  {'of it main process':>18}")
    for stage, (seconds, cpu_s, own_s) in timings.items():
        print(f"  {stage:<52} {seconds:7.1f} s  {100 * seconds / total:5.1f}%  {cpu_s:17.1f} s  {own_s:16.1f} s")
    idle = n * args.workers / cpu
    print(f"  CPU-bound rate: {n / cpu:.1f} articles per CPU-second ({idle:.1f}/s on {args.workers} idle cores)")
    result = {
        "benchmark": "run_throughput",
        "input": what,
        "workers": args.workers,
        "articles": n,
        "stories": grouped.stories_touched,
        "seconds": round(total, 1),
        "articles_per_s": round(n / total, 1),
        "cpu_seconds": round(cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "stages": {k: round(wall, 1) for k, (wall, _, _) in timings.items()},
        "stage_cpu_seconds": {k: round(c, 1) for k, (_, c, _) in timings.items()},
        "stage_main_process_cpu_seconds": {k: round(own, 1) for k, (_, _, own) in timings.items()},
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
