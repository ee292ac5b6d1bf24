"""Per-stage time against text size: does every stage stay linear from 1 KB to 1 MB, with and without long tokens?

Each stage runs on one article (grouping and comparison on a story of two, the article and a reworded copy) of
generated news-like prose (invented names and places, numbers, dates, quotes, wire credits; written here, not copied)
at 1 KB, 10 KB, 100 KB and 1 MB, in three forms: plain prose; half the text in runs of 10,000 characters without a
space (as an inline data URI or a minified blob that extraction let through); and half in runs of 100,000. It prints
microseconds per KB for every stage, which stays about flat while a stage is linear and grows with size where it is
not, and the ratio of the largest size's figure to the smallest's.

    python benchmarks/stage_linearity.py [--sizes 1000,10000,100000,1000000] [--repeat 1] [--forms prose,...]

Stages: clean (``clean_article``), prepare (all of ingest's work per document: cleaning, credits, publication date,
language, sentences),
annotate (entities and date expressions), embed, group (two-article story), compare (the brief of that story).
Record ``uptime`` with the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from storyweave.clean import clean_article
from storyweave.compare.build import build_brief
from storyweave.compare.material import StoryMaterial
from storyweave.config import CleanOptions
from storyweave.embed import Matrix, embed_article
from storyweave.group import GroupOptions, build_group_doc, group
from storyweave.pipeline import Models, add_to_material, annotate_article, prepare_article
from storyweave.types import Article, Mention, RawDocument, TimeExpr

NAMES = ["Ilse Brandt", "Tomas Okafor", "Marta Quispe", "Selim Kaya", "Aiko Varga", "Pavel Lindqvist"]
PLACES = ["Port Evander", "the Vale of Merrow", "Chivay", "New Harrow", "Lake Ostrava", "the Danver Hills"]
ORGS = ["the harbour authority", "the civil defence institute", "the Merrow Growers Association", "the coast guard"]
VERBS = ["said", "told reporters", "confirmed", "announced", "wrote in a statement"]
EVENTS = ["the ferry ran aground", "the bridge was closed", "a late frost hit the orchards", "the dam was inspected"]
DAYS = ["on Monday", "on Tuesday", "on 3 March", "last week", "on Friday evening"]


def prose(size: int, seed: int = 7) -> str:
    """News-like text of about ``size`` characters, deterministic for a seed."""
    rng = random.Random(seed)
    parts: list[str] = ["PORT EVANDER (Reuters) - "]
    length = len(parts[0])
    while length < size:
        who, where, org = rng.choice(NAMES), rng.choice(PLACES), rng.choice(ORGS)
        kind = rng.randrange(4)
        if kind == 0:
            sentence = f"{who} of {org} {rng.choice(VERBS)} that {rng.choice(EVENTS)} near {where} {rng.choice(DAYS)}."
        elif kind == 1:
            sentence = f'"We counted {rng.randrange(2, 900)} people in {where}," {who} {rng.choice(VERBS)}.'
        elif kind == 2:
            sentence = (
                f"About {rng.randrange(10, 99)} percent of the {rng.randrange(100, 5000)} homes in {where} lost power."
            )
        else:
            sentence = f"According to {org}, {rng.choice(EVENTS)} {rng.choice(DAYS)}, and {who} visited {where}."
        parts.append(sentence + ("\n\n" if rng.random() < 0.25 else " "))
        length += len(parts[-1])
    return "".join(parts)[:size]


def with_runs(size: int, run: int) -> str:
    """Half prose, half runs of ``run`` characters without a space (base64-like), interleaved."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    rng = random.Random(run)
    count = max(1, size // 2 // run)
    chunk = max(1, (size - count * run) // (count + 1))
    pieces = [prose(chunk, seed=i) for i in range(count + 1)]
    runs = ["data:image/png;base64," + "".join(rng.choice(alphabet) for _ in range(run)) for _ in range(count)]
    out = [pieces[0]]
    for r, p in zip(runs, pieces[1:], strict=True):
        out += [" ", r, " ", p]
    return "".join(out)


def timed(function: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def stage_times(text: str, models: Models, repeat: int) -> dict[str, float]:
    """Seconds per stage for one article of ``text``; grouping and comparison on a story of it and a copy of it
    (the copy is the same record under another id: every stage's work is done again, none of it twice here)."""
    options = CleanOptions()
    published = datetime(2026, 3, 4, tzinfo=UTC)
    doc = RawDocument(origin="bench", text=text, title="Ferry runs aground off Port Evander", published=published)
    times = {"clean": timed(lambda: clean_article(doc.title, doc.text, options), repeat)}
    prepared: list[Article] = []
    whole = timed(lambda: prepared.append(prepare_article(doc, options)), repeat)  # type: ignore[arg-type]
    times["prepare"] = whole  # all of ingest's per-document work, cleaning included
    article = prepared[-1]
    assert isinstance(article, Article), article
    copy = replace(article, id=article.id + "-copy", source="copy.example")
    annotations: list[tuple[list[Mention], list[TimeExpr], date | None]] = []
    times["annotate"] = timed(lambda: annotations.append(annotate_article(article, models.entities)), repeat)
    mentions, time_exprs, event_date = annotations[-1]
    vectors: list[tuple[Matrix, Matrix]] = []
    sentences = [s.text for s in article.sentences]
    times["embed"] = timed(lambda: vectors.append(embed_article(models.embedder, article.title, sentences)), repeat)
    vector, sentence_rows = vectors[-1]
    docs = [
        replace(
            build_group_doc(
                a.id,
                a.title,
                a.text,
                sentences,
                embedder=None,
                language=a.language,
                published=a.published,
                event_date=event_date,
                mentions=mentions,
            ),
            embedding=vector,
            sentence_embeddings=sentence_rows,
        )
        for a in (article, copy)
    ]
    times["group"] = timed(lambda: group(docs, GroupOptions()), repeat) / 2
    material = StoryMaterial(story_id="s-bench", articles=[], embedder_name=models.embedder.name)
    for a in (article, copy):
        add_to_material(material, a, mentions, time_exprs, event_date, (vector, sentence_rows))
    times["compare"] = timed(lambda: build_brief(material, embed=models.embedder.embed), repeat) / 2
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--forms", default="prose,runs of 10k,runs of 100k", help="comma-separated, of the three")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    models = Models()
    stage_times(prose(2000), models, 1)  # loads the models, so the first size is not charged for it
    forms: dict[str, Callable[[int], str]] = {
        "prose": prose,
        "runs of 10k": lambda n: with_runs(n, 10_000),
        "runs of 100k": lambda n: with_runs(n, 100_000),
    }
    for form, make in forms.items():
        if form not in args.forms.split(","):
            continue
        first: tuple[int, dict[str, float]] | None = None
        header = False
        for size in sizes:
            if form != "prose" and size < 2 * int(form.split()[-1][:-1]) * 1000:
                continue  # half the text in runs of this length needs at least two runs' worth of text
            text = make(size)
            times = stage_times(text, models, args.repeat)
            if not header:
                print(f"\n{form}: microseconds per KB of text, per stage (and total seconds)")
                print(f"{'size':>9} " + " ".join(f"{s:>9}" for s in times) + f" {'total s':>8}", flush=True)
                header = True
            per_kb = [t / (len(text) / 1000) * 1e6 for t in times.values()]
            print(
                f"{len(text):>9} " + " ".join(f"{v:>9.0f}" for v in per_kb) + f" {sum(times.values()):>8.2f}",
                flush=True,
            )
            if first is None:
                first = (len(text), times)
            else:
                ratios = [(times[s] / (len(text) / 1000)) / max(first[1][s] / (first[0] / 1000), 1e-9) for s in times]
                print(f"{'ratio':>9} " + " ".join(f"{r:>9.2f}" for r in ratios) + "   (this size / smallest, per KB)")


if __name__ == "__main__":
    main()
