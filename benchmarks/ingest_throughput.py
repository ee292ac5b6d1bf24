"""Reader throughput: articles per second for the HTML reader and the JSONL reader.

HTML: the 181 pages of ../shared/bench/article-extraction (or synthetic pages when that folder is absent).
JSONL: a temporary file of synthetic ~400-word news-please records.

    python benchmarks/ingest_throughput.py [--records 5000] [--html-pages 181]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from storyweave.config import IngestOptions, Settings
from storyweave.ingest import read_bytes, read_sources
from storyweave.pipeline import ingest
from storyweave.store import open_store
from storyweave.types import RawDocument

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "article-extraction" / "html"
WORDS_PER_RECORD = 400
# A small invented vocabulary: throughput depends on length and structure, not on which words appear.
VOCABULARY = (
    "council", "harbour", "ferry", "strike", "minister", "bridge", "report", "storm", "election", "budget", "river",
    "police", "court", "school", "vote", "city", "said", "on", "Monday", "after", "before", "during", "while", "the",
    "a", "of", "to", "in", "for", "with", "by", "from", "and", "but", "which", "who", "that", "this",
)  # fmt: skip


def synthetic_text(rng: random.Random, words: int) -> str:
    sentences = []
    while words > 0:
        length = min(words, rng.randint(8, 25))
        sentence = " ".join(rng.choice(VOCABULARY) for _ in range(length))
        sentences.append(sentence.capitalize() + ".")
        words -= length
    return "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def synthetic_pages(count: int, rng: random.Random) -> Iterator[bytes]:
    for index in range(count):
        paragraphs = "".join(f"<p>{line}</p>" for line in synthetic_text(rng, WORDS_PER_RECORD).split("\n"))
        yield (
            f"<!DOCTYPE html><html lang='en'><head><title>Story {index}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>Story {index}</h1>{paragraphs}</article></body></html>"
        ).encode()


def html_pages(limit: int) -> tuple[list[bytes], str]:
    if BENCH.is_dir():
        files = sorted(BENCH.glob("*.html.gz"))[:limit]
        return [gzip.decompress(f.read_bytes()) for f in files], f"{len(files)} benchmark pages"
    return list(synthetic_pages(limit, random.Random(7))), f"{limit} synthetic pages (benchmark folder absent)"


def time_html(pages: list[bytes], options: IngestOptions) -> tuple[int, float]:
    start = time.perf_counter()
    found = 0
    for index, page in enumerate(pages):
        found += sum(isinstance(d, RawDocument) for d in read_bytes(page, f"page{index}", options, filename="p.html"))
    return found, time.perf_counter() - start


def write_dump(path: Path, records: int) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as out:
        for index in range(records):
            record = {
                "title": f"Story {index}",
                "maintext": synthetic_text(rng, WORDS_PER_RECORD),
                "date_publish": f"2030-03-{1 + index % 28:02d} 12:00:00",
                "url": f"https://news.example/{index}",
                "source_domain": "news.example",
                "language": "en",
                "authors": ["A. Writer"],
            }
            out.write(json.dumps(record) + "\n")


def time_jsonl(path: Path, options: IngestOptions) -> tuple[int, float]:
    start = time.perf_counter()
    found = sum(isinstance(d, RawDocument) for d in read_sources([str(path)], options))
    return found, time.perf_counter() - start


def time_pipeline(sources: list[str], db: Path) -> tuple[int, float]:
    """The whole `storyweave ingest`: read, clean, detect language/credits/dates, split sentences, store."""
    settings = Settings(db=db)
    start = time.perf_counter()
    with open_store(db) as store:
        report = ingest(sources, settings, store)
    return report.inserted, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--html-pages", type=int, default=181)
    args = parser.parse_args(argv)
    options = IngestOptions()
    pages, what = html_pages(args.html_pages)
    html_found, html_seconds = time_html(pages, options)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "dump.jsonl"
        write_dump(dump, args.records)
        jsonl_size = dump.stat().st_size
        jsonl_found, jsonl_seconds = time_jsonl(dump, options)
        page_dir = Path(folder) / "pages"
        page_dir.mkdir()
        for index, page in enumerate(pages):
            (page_dir / f"{index:04d}.html").write_bytes(page)
        e2e_jsonl, e2e_jsonl_seconds = time_pipeline([str(dump)], Path(folder) / "jsonl.db")
        e2e_html, e2e_html_seconds = time_pipeline([str(page_dir)], Path(folder) / "html.db")
    results = {
        "html": {
            "input": what,
            "articles": html_found,
            "seconds": round(html_seconds, 2),
            "articles_per_s": round(html_found / html_seconds, 1),
        },
        "jsonl": {
            "input": f"{args.records} records of ~{WORDS_PER_RECORD} words ({jsonl_size / 1e6:.1f} MB)",
            "articles": jsonl_found,
            "seconds": round(jsonl_seconds, 2),
            "articles_per_s": round(jsonl_found / jsonl_seconds, 1),
        },
        "ingest html (end to end)": {
            "input": what,
            "articles": e2e_html,
            "seconds": round(e2e_html_seconds, 2),
            "articles_per_s": round(e2e_html / e2e_html_seconds, 1),
        },
        "ingest jsonl (end to end)": {
            "input": f"{args.records} records into SQLite",
            "articles": e2e_jsonl,
            "seconds": round(e2e_jsonl_seconds, 2),
            "articles_per_s": round(e2e_jsonl / e2e_jsonl_seconds, 1),
        },
    }
    print(f"{'stage':<26} {'articles':>8} {'seconds':>8} {'articles/s':>11}  input")
    for name, r in results.items():
        print(f"{name:<26} {r['articles']:>8} {r['seconds']:>8} {r['articles_per_s']:>11}  {r['input']}")
    print(json.dumps({"benchmark": "ingest_throughput", "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
