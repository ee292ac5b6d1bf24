"""The semeval_pairs benchmark's record cache: one file per code digest, rebuilt when unreadable, and a cleaning
change recomputes only the articles whose cleaned text moved. Run on three invented articles through the real
models (the cache holds their outputs), with the data file and cache folder in a temporary directory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmark_modules import load_benchmark

FERRY_EN = (
    "The ferry Nordlys ran aground off the island of Vessen on Tuesday morning with 212 passengers on board. "
    "Coastguard boats brought everyone ashore by noon, the harbour office said."
)
FERRY_DE = (
    "Die Fähre Nordlys ist am Dienstagmorgen vor der Insel Vessen mit 212 Passagieren auf Grund gelaufen. "
    "Boote der Küstenwache brachten bis Mittag alle an Land, teilte das Hafenamt mit."
)
MARKET_EN = (
    "Shares in the Tarnholm grain cooperative rose 4 percent on Monday after it reported a record harvest. "
    "Analysts said export demand had held up better than expected."
)


def _write(path: Path, market_text: str) -> list[dict[str, Any]]:
    def pair(pid: str, one: tuple[str, str, str], two: tuple[str, str, str], overall: float) -> dict[str, Any]:
        return {
            "pair_id": pid,
            **{f"{k}1": v for k, v in zip(("url", "lang", "text"), one, strict=True)},
            **{f"{k}2": v for k, v in zip(("url", "lang", "text"), two, strict=True)},
            "title1": "",
            "title2": "",
            "date1": None,
            "date2": "Tue Mar  3 09:00:00 2026",
            "overall": overall,
        }

    en = ("https://example.org/ferry-en", "en", FERRY_EN)
    pairs = [
        pair("p1", en, ("https://example.org/ferry-de", "de", FERRY_DE), 1.0),
        pair("p2", en, ("https://example.org/market", "en", market_text), 4.0),
    ]
    path.write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    return pairs


@pytest.mark.slow
def test_records_are_cached_per_code_digest_and_per_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sp = load_benchmark("semeval_pairs")
    monkeypatch.setattr(sp, "CACHE_DIR", tmp_path / "cache")
    built: list[str] = []
    real = sp.group_doc_for

    def counting(article: Any, models: Any) -> Any:
        built.append(article.text[:20])
        return real(article, models)

    monkeypatch.setattr(sp, "group_doc_for", counting)
    data = tmp_path / "pairs.jsonl"
    pairs = _write(data, MARKET_EN)

    docs = sp.build_docs(pairs, data)
    assert len(built) == 3 and len(docs) == 3
    files = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert files == [f"semeval-docs-{sp.CACHE_VERSION}-{sp._model_digest(data)}.pkl"]  # nothing left aside
    assert docs["https://example.org/ferry-de"].sentence_embeddings is not None

    # A second run reads every record from the cache: no model runs.
    built.clear()
    again = sp.build_docs(pairs, data)
    assert built == []
    assert again.keys() == docs.keys()

    # One article's text changes (the data file with it, so the digest and the file name change too): the new
    # digest starts empty, so all three are built; then a run that changes nothing builds none.
    built.clear()
    pairs = _write(data, MARKET_EN.replace("4 percent", "5 percent"))
    sp.build_docs(pairs, data)
    assert len(built) == 3
    assert len(list((tmp_path / "cache").iterdir())) == 2  # one file per digest: the old one is kept
    built.clear()
    sp.build_docs(pairs, data)
    assert built == []

    # An unreadable cache (an interrupted write, a disk error) is rebuilt, not an error.
    cache = tmp_path / "cache" / f"semeval-docs-{sp.CACHE_VERSION}-{sp._model_digest(data)}.pkl"
    cache.write_bytes(b"\x80\x04 not a pickle")
    built.clear()
    rebuilt = sp.build_docs(pairs, data)
    assert len(built) == 3 and rebuilt.keys() == docs.keys()
    sp.build_docs(pairs, data)
    assert len(built) == 3  # and the rewritten cache is whole


@pytest.mark.slow
def test_a_cleaning_change_recomputes_only_the_articles_it_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Records are kept per cleaned article: with the digest fixed (as when only cleaning code changed), an article
    # whose cleaned text differs is recomputed and the others are read back.
    sp = load_benchmark("semeval_pairs")
    monkeypatch.setattr(sp, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(sp, "_model_digest", lambda path: "fixeddigest0")
    built: list[str] = []
    real = sp.group_doc_for

    def counting(article: Any, models: Any) -> Any:
        built.append(article.text)
        return real(article, models)

    monkeypatch.setattr(sp, "group_doc_for", counting)
    data = tmp_path / "pairs.jsonl"
    sp.build_docs(_write(data, MARKET_EN), data)
    assert len(built) == 3
    built.clear()
    changed = MARKET_EN.replace("4 percent", "5 percent")
    sp.build_docs(_write(data, changed), data)
    assert built == [changed]
