"""Cross-source comparison graded against examples/gold_claims.json (five multi-source stories of the sample corpus).

The sample corpus is ingested, annotated and embedded by the real pipeline into a temporary SQLite file. To measure
comparison independently of grouping, each gold story's ``StoryMaterial`` is formed from its gold members directly
(not from whatever story the grouping stage made of them); syndicated copies come from the store as grouping found
them. Reported:

- claim-status accuracy: each gold claim is matched to the brief claim sharing most support sentences (the sentences
  containing the gold quotes), and its status compared;
- conflict precision and recall: a brief conflict matches a gold conflict of the same slot (and, for figures, the
  same kind) when the articles it cites are among the gold conflict's articles (at least two of them, or the one
  article for a caption conflict);
- seconds per story, and for a synthetic 20-article story made of the members of all gold stories.

    python benchmarks/compare_sample.py [--check]    # --check exits 1 below the bars
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from storyweave.compare import CompareOptions, StoryBrief, StoryMaterial, build_brief
from storyweave.config import Settings
from storyweave.group import GroupOptions
from storyweave.pipeline import Models, add_to_material, cluster, ingest
from storyweave.store import Store, open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
#: Quality bars from issue 4.
MIN_ACCURACY = 0.85
MIN_PRECISION = 0.9
MIN_RECALL = 0.7
MAX_SECONDS_20 = 5.0
SYNTHETIC_SIZE = 20


def member_keys(store: Store, examples: Path) -> dict[str, str]:
    """Gold member key (relative file, or URL) -> article id, for every stored article."""
    keys: dict[str, str] = {}
    for article_id, _ in store.assignments():
        article = store.get_article(article_id)
        if article is None:
            continue
        origin = article.origin.split("#")[0].split(":line")[0]
        with contextlib.suppress(ValueError):  # not a file under examples/ (a URL-only record)
            keys[str(Path(origin).resolve().relative_to(examples.resolve()))] = article_id
        if article.url:
            keys[article.url] = article_id
    return keys


def material_for(store: Store, story_id: str, ids: list[str], embedder: str) -> StoryMaterial:
    material = StoryMaterial(story_id=story_id, articles=[], copies=store.copies(ids), embedder_name=embedder)
    for article_id in ids:
        article = store.get_article(article_id)
        if article is None:
            raise SystemExit(f"gold member {article_id} is not in the store")
        vectors = store.embedding(article_id, embedder)
        add_to_material(
            material,
            article,
            store.mentions(article_id),
            store.time_exprs(article_id),
            store.event_date(article_id),
            vectors,
        )
    return material


def gold_sentences(material: StoryMaterial, claim: dict[str, Any], keys: dict[str, str]) -> set[tuple[str, int]]:
    by_id = {a.id: a for a in material.articles}
    found: set[tuple[str, int]] = set()
    for member in claim["members"]:
        article = by_id[keys[member["member"]]]
        quote = member["quote"].casefold()
        hits = [s.index for s in article.sentences if quote in s.text.casefold()]
        if not hits:
            raise SystemExit(f"gold quote {member['quote']!r} not found in {member['member']}")
        found.add((article.id, hits[0]))
    return found


def grade_claims(
    brief: StoryBrief, material: StoryMaterial, gold: dict[str, Any], keys: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for claim in gold["claims"]:
        wanted = gold_sentences(material, claim, keys)

        def overlap(c: Any, wanted: set[tuple[str, int]] = wanted) -> tuple[int, float]:
            support = {(e.article_id, e.sentence_index) for e in c.support}
            shared = len(support & wanted)
            return shared, shared / len(support | wanted)

        best = max(brief.claims, key=overlap, default=None)
        status = best.status if best is not None and overlap(best)[0] > 0 else "missing"
        rows.append({"text": claim["text"], "gold": claim["status"], "brief": status, "ok": status == claim["status"]})
    return rows


def grade_conflicts(brief: StoryBrief, gold: dict[str, Any], keys: dict[str, str]) -> tuple[int, int, int, int]:
    """(predicted, predicted that match gold, gold, gold that were found). Updates (a figure that changed between
    reports of different times) are graded like conflicts, and match only gold conflicts marked ``update``."""
    golds = [
        (c["slot"], c.get("kind"), {keys[m] for m in c["members"]}, bool(c.get("update"))) for c in gold["conflicts"]
    ]
    predicted = [(k.slot, k.note, {v.article_id for v in k.values}, False) for c in brief.claims for k in c.conflicts]
    predicted += [(u.slot, u.note, {v.article_id for v in u.values}, True) for c in brief.claims for u in c.updates]

    def matches(pred: tuple[str, str, set[str], bool], want: tuple[str, str | None, set[str], bool]) -> bool:
        needed = 1 if len(want[2]) == 1 else 2
        # A figure conflict must be about the same kind of figure (the brief's note names it: "kind 'dead'").
        same_kind = want[1] is None or f"'{want[1]}'" in pred[1]
        return pred[0] == want[0] and same_kind and pred[2] <= want[2] and len(pred[2]) >= needed and pred[3] == want[3]

    right = sum(any(matches(p, g) for g in golds) for p in predicted)
    found = sum(any(matches(p, g) for p in predicted) for g in golds)
    return len(predicted), right, len(golds), found


def run(examples: Path = EXAMPLES) -> dict[str, Any]:
    gold = json.loads((examples / "gold_claims.json").read_text(encoding="utf-8"))
    models = Models()
    options = CompareOptions()
    stories: dict[str, Any] = {}
    totals = [0, 0, 0, 0]
    correct = claims = 0
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db=Path(folder) / "sample.db")
        with open_store(settings.db) as store:
            ingest([str(examples / "articles")], settings, store)
            cluster(store, models, GroupOptions())
            keys = member_keys(store, examples)
            everything: list[str] = []
            for story in gold["stories"]:
                ids = list(dict.fromkeys(keys[m["member"]] for c in story["claims"] for m in c["members"]))
                everything += ids
                material = material_for(store, f"gold-{story['story']}", ids, models.embedder.name)
                start = time.perf_counter()
                brief = build_brief(material, options, models.embedder.embed)
                seconds = time.perf_counter() - start
                rows = grade_claims(brief, material, story, keys)
                counts = grade_conflicts(brief, story, keys)
                totals = [t + c for t, c in zip(totals, counts, strict=True)]
                correct += sum(r["ok"] for r in rows)
                claims += len(rows)
                stories[story["story"]] = {
                    "articles": len(ids),
                    "claim_accuracy": round(sum(r["ok"] for r in rows) / len(rows), 3),
                    "conflicts": {"predicted": counts[0], "correct": counts[1], "gold": counts[2], "found": counts[3]},
                    "wrong": [f"{r['text']}: gold {r['gold']}, brief {r['brief']}" for r in rows if not r["ok"]],
                    "seconds": round(seconds, 2),
                }
            synthetic = material_for(store, "synthetic-20", everything[:SYNTHETIC_SIZE], models.embedder.name)
            start = time.perf_counter()
            big = build_brief(synthetic, options, models.embedder.embed)
            seconds_20 = time.perf_counter() - start
    predicted, right, golds, found = totals
    return {
        "material": "formed from gold members directly (comparison measured independently of grouping)",
        "stories": stories,
        "claims": claims,
        "claim_status_accuracy": round(correct / claims, 3) if claims else 0.0,
        "conflict_precision": round(right / predicted, 3) if predicted else 1.0,
        "conflict_recall": round(found / golds, 3) if golds else 1.0,
        "synthetic_story": {
            "articles": len(synthetic.articles),
            "claims": len(big.claims),
            "seconds": round(seconds_20, 2),
        },
    }


def failures(result: dict[str, Any]) -> list[str]:
    out = []
    if result["claim_status_accuracy"] < MIN_ACCURACY:
        out.append(f"claim-status accuracy {result['claim_status_accuracy']} < {MIN_ACCURACY}")
    if result["conflict_precision"] < MIN_PRECISION:
        out.append(f"conflict precision {result['conflict_precision']} < {MIN_PRECISION}")
    if result["conflict_recall"] < MIN_RECALL:
        out.append(f"conflict recall {result['conflict_recall']} < {MIN_RECALL}")
    if result["synthetic_story"]["seconds"] >= MAX_SECONDS_20:
        out.append(f"20-article story took {result['synthetic_story']['seconds']} s (limit {MAX_SECONDS_20})")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when a quality bar is not met")
    args = parser.parse_args(argv)
    result = run()
    print(json.dumps({"benchmark": "compare_sample", **result}, indent=1, ensure_ascii=False))
    problems = failures(result)
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
