"""Story grouping on the project's own sample corpus (examples/), graded against examples/gold.json.

Runs the real pipeline (ingest -> annotate -> embed -> group) into a temporary SQLite file and reports B-cubed and
pairwise F1, which gold stories were recovered exactly, whether cross-language members joined, and whether each pair
of different events of the same kind stayed apart.

    python benchmarks/sample_corpus.py [--min-b3 0.9]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecbplus import bcubed, pairwise
from storyweave.config import Settings
from storyweave.group import GroupOptions
from storyweave.pipeline import Models, cluster, ingest
from storyweave.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def gold_labels(examples: Path) -> tuple[dict[str, str], dict[str, str], list[list[str]]]:
    """(url -> story, relative file -> story, different-event pairs) from gold.json."""
    gold = json.loads((examples / "gold.json").read_text(encoding="utf-8"))
    by_url: dict[str, str] = {}
    by_file: dict[str, str] = {}
    for story in gold["stories"]:
        for member in story["members"]:
            if "url" in member:
                by_url[member["url"]] = story["story"]
            if "file" in member:
                by_file[member["file"]] = story["story"]
    return by_url, by_file, gold["different_event_pairs"]


def run(examples: Path = EXAMPLES) -> dict[str, Any]:
    by_url, by_file, different = gold_labels(examples)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db=Path(folder) / "sample.db")
        start = time.perf_counter()
        with open_store(settings.db) as store:
            ingest([str(examples / "articles")], settings, store)
            cluster(store, Models(), GroupOptions())
            elapsed = time.perf_counter() - start
            pred: list[str] = []
            gold: list[str] = []
            languages: dict[str, str] = {}
            for article_id, story_id in store.assignments():
                article = store.get_article(article_id)
                assert article is not None
                origin = article.origin.split("#")[0].split(":line")[0]
                relative = str(Path(origin).resolve().relative_to(examples.resolve()))
                label = by_url.get(article.url or "") or by_file.get(relative)
                if label is None:
                    raise SystemExit(f"article {article.origin} is not in gold.json")
                pred.append(story_id)
                gold.append(label)
                languages[article_id] = article.language or "?"
    b3 = bcubed(pred, gold)
    pw = pairwise(pred, gold)
    members: defaultdict[str, set[int]] = defaultdict(set)
    predicted: defaultdict[str, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        members[g].add(i)
        predicted[p].add(i)
    exact = sorted(g for g, m in members.items() if m in predicted.values())
    story_of = {g: {pred[i] for i in m} for g, m in members.items()}
    separated = [a_b for a_b in different if not (story_of[a_b[0]] & story_of[a_b[1]])]
    return {
        "articles": len(pred),
        "gold_stories": len(members),
        "predicted_stories": len(predicted),
        "bcubed": [round(x, 4) for x in b3],
        "pairwise": [round(x, 4) for x in pw],
        "exactly_recovered": exact,
        "not_recovered": sorted(set(members) - set(exact)),
        "different_events_separated": f"{len(separated)}/{len(different)}",
        "seconds": round(elapsed, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-b3", type=float, default=None)
    args = parser.parse_args(argv)
    result = run()
    print(json.dumps({"benchmark": "sample_corpus", **result}, indent=1))
    if args.min_b3 is not None and result["bcubed"][2] < args.min_b3:
        print(f"FAIL: B-cubed F1 {result['bcubed'][2]} is below the floor {args.min_b3}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
