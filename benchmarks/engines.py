"""The Ray engine against the local process pool: wall time of `run`'s work on the same input, and the same stories.

Input: the 772 ECB+ news documents (../shared/bench/ecbplus) as a news-please JSONL dump, as in run_throughput.py;
skipped with a message when that folder is absent. Each round runs, in turn (so drift on a shared machine spreads over
all three):

- local: ingest + cluster with the local pool (``--workers`` processes);
- ray, cold: the same on ``--engine ray`` with a local Ray started inside the timing (what `storyweave run --engine
  ray` pays on a laptop);
- ray, warm: the same against the Ray the cold run left running (what a run against an existing cluster pays).

Every run starts from an empty SQLite file; the stories (article -> story id) of every run must be identical. The
fastest of ``--repeat`` rounds is reported per engine (the machine is shared; slower rounds are other work). From the
warm runs it derives the per-actor rates and the driver's CPU per article that the 10-node projection uses.

    python benchmarks/engines.py [--limit 772] [--workers 2] [--repeat 3] [--chunk 8]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from storyweave.config import EngineOptions, Settings
from storyweave.engines import load_ray
from storyweave.group import GroupOptions
from storyweave.pipeline import Models, annotate_and_embed_pending, cluster, ingest
from storyweave.store import open_store
from storyweave.types import Article

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_throughput import write_dump  # a sibling script: the same dump as the throughput benchmark


@dataclass
class Run:
    engine: str
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    driver_cpu: float = 0.0  # this process's CPU seconds (reading, store writes, grouping, and Ray's driver threads)
    all_cpu: float = 0.0  # every process's: the driver, pool workers, Ray's actors and daemons
    assignments: dict[str, str] = field(default_factory=dict)


def _driver_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def _all_cpu() -> float:
    """CPU seconds of this process, its finished children (the local pool's workers, a shut-down Ray), and its live
    descendants (a running Ray's daemons and actors, read from /proc). On a shared machine this, not wall time, says
    what each engine costs: the kernel shares the cores per process, so an engine with more processes gets more."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            ticks[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime + stime
    me = os.getpid()
    for pid in ticks:
        ancestor = parents.get(pid, 0)
        while ancestor > 1 and ancestor != me:
            ancestor = parents.get(ancestor, 0)
        if ancestor == me:
            total += ticks[pid] / os.sysconf("SC_CLK_TCK")
    return total


def one_run(label: str, dump: Path, folder: Path, workers: int, engine: EngineOptions, cold: bool) -> Run:
    run = Run(label)
    if cold:
        import ray

        ray.shutdown()  # the next engine starts a fresh local Ray, inside the timing
    db = folder / f"{label}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    settings = Settings(db=db, workers=workers, engine=engine)
    models = Models()
    cpu, all_cpu, start = _driver_cpu(), _all_cpu(), time.perf_counter()
    with open_store(db) as store:
        ingest([str(dump)], settings, store)
        lap = time.perf_counter()
        run.stages["ingest (read; clean, language, sentences on the engine; store)"] = lap - start
        annotate_and_embed_pending(store, models, workers=workers, engine=engine)
        run.stages["annotate + embed (on the engine; store)"] = time.perf_counter() - lap
        lap = time.perf_counter()
        cluster(store, models, GroupOptions(), workers=workers, engine=engine)  # nothing left to annotate: groups
        run.stages["group (this process)"] = time.perf_counter() - lap
        grouped = store.grouped_ids()
        run.assignments = dict(zip(grouped.article_ids, grouped.story_ids, strict=True))
    run.seconds = time.perf_counter() - start
    run.driver_cpu = _driver_cpu() - cpu
    run.all_cpu = _all_cpu() - all_cpu
    return run


def actor_memory(dump: Path, workers: int) -> float:
    """Resident MiB of one annotate + embed actor with its models loaded (spaCy en/fr, USE): the memory a cluster
    node needs per CPU it offers."""
    from storyweave.ingest import read_sources
    from storyweave.pipeline import _annotate_embed_task, prepare_all

    settings = Settings()
    articles = [a for a in prepare_all(read_sources([str(dump)], settings.ingest), settings.clean)][:32]
    jobs = [(a, True, True) for a in articles if isinstance(a, Article)]
    ray_engine = load_ray(local=True)
    with ray_engine.RayEngine(Models(), workers=workers, address=None) as engine:
        list(engine.map_batches(_annotate_embed_task, [jobs]))
        sizes = []
        for pid in engine.actor_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))))
    return max(sizes) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=772)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=None, help="articles per Ray task (default: RAY_CHUNK)")
    args = parser.parse_args(argv)
    ray_engine = load_ray(local=True)
    if args.chunk:
        ray_engine.RAY_CHUNK = args.chunk
    local, on_ray = EngineOptions(kind="local"), EngineOptions(kind="ray", ray_address=None)
    runs: dict[str, list[Run]] = {"local": [], "ray, cold": [], "ray, warm": []}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        dump = folder / "dump.jsonl"
        what = write_dump(dump, args.limit)
        for round_number in range(args.repeat):
            print(f"round {round_number + 1}, load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
            runs["local"].append(one_run("local", dump, folder, args.workers, local, cold=False))
            runs["ray, cold"].append(one_run("ray-cold", dump, folder, args.workers, on_ray, cold=True))
            runs["ray, warm"].append(one_run("ray-warm", dump, folder, args.workers, on_ray, cold=False))
            for label, done in runs.items():
                print(f"  {label:<10} {done[-1].seconds:6.1f} s, CPU {done[-1].all_cpu:6.1f} s", file=sys.stderr)
        memory_mib = actor_memory(dump, args.workers)
    reference = runs["local"][0].assignments
    same = all(r.assignments == reference for done in runs.values() for r in done)
    best = {label: min(done, key=lambda r: r.seconds) for label, done in runs.items()}
    n = len(reference)
    print(f"{what}, {args.workers} workers / actors, fastest of {args.repeat}; identical stories in every run: {same}")
    for label, run in best.items():
        ratio = run.seconds / best["local"].seconds
        cpu_ratio = run.all_cpu / best["local"].all_cpu
        print(
            f"  {label:<10} {run.seconds:6.1f} s = {n / run.seconds:5.1f} articles/s   {ratio:.2f}x local;"
            f" CPU {run.all_cpu:6.1f} s ({cpu_ratio:.2f}x local), of it driver {run.driver_cpu:5.1f} s"
        )
        for stage, seconds in run.stages.items():
            print(f"      {stage:<66} {seconds:6.1f} s")
    warm = best["ray, warm"]
    prepare_s = warm.stages["ingest (read; clean, language, sentences on the engine; store)"]
    model_s = warm.stages["annotate + embed (on the engine; store)"]
    per_actor = {
        # wall time of the stage with every actor busy, model loading included: a floor on what an actor does
        "prepare_articles_per_s": round(n / prepare_s / args.workers, 1),
        "annotate_embed_articles_per_s": round(n / model_s / args.workers, 1),
    }
    driver_ms = 1000 * warm.driver_cpu / n
    print(f"  per actor (warm run): {per_actor}; driver CPU {driver_ms:.1f} ms/article; actor RSS {memory_mib:.0f} MiB")
    result = {
        "benchmark": "engines",
        "input": what,
        "workers": args.workers,
        "chunk": ray_engine.RAY_CHUNK,
        "repeat": args.repeat,
        "articles": n,
        "stories": len(set(reference.values())),
        "identical_stories": same,
        "seconds": {label: round(run.seconds, 1) for label, run in best.items()},
        "all_seconds": {label: [round(r.seconds, 1) for r in done] for label, done in runs.items()},
        "ratio_to_local": {label: round(run.seconds / best["local"].seconds, 2) for label, run in best.items()},
        "cpu_seconds": {label: round(run.all_cpu, 1) for label, run in best.items()},
        "driver_cpu_seconds": {label: round(run.driver_cpu, 1) for label, run in best.items()},
        "all_cpu_seconds": {label: [round(r.all_cpu, 1) for r in done] for label, done in runs.items()},
        "stages": {label: {k: round(v, 1) for k, v in run.stages.items()} for label, run in best.items()},
        "per_actor": per_actor,
        "driver_cpu_ms_per_article": round(driver_ms, 1),
        "actor_rss_mib": round(memory_mib),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
