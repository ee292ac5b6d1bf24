"""The small form of benchmarks/reliability.py: kill -9 during ingest, the bad-input matrix (CLI and web), and the
concurrency cases that need no models (two ingests at once, a read-only store, a store from a newer version). The
kill loops of run/cluster and two clusters at once load the models; they run in the CI and nightly forms
(``--trials 3`` / default) and in tests/test_store_safety.py."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from benchmark_modules import load_benchmark

reliability = load_benchmark("reliability")


@pytest.mark.slow
def test_small_reliability_suite_has_no_failures(tmp_path: Path) -> None:
    outcomes = reliability.run_suite(1, quick=True, work=tmp_path)
    cases = {o.case for o in outcomes}
    assert "kill -9 during ingest" in cases and "bad input: gzip nested 1,000 deep" in cases
    assert "bad input: web GET /api/articles?q=%00" in cases or any("web extra" in c for c in cases)
    assert "read commands on a read-only store" in cases and "a store written by a newer version" in cases
    failed = [(o.case, o.notes) for o in outcomes if o.failures]
    assert failed == []
    assert all(o.trials >= 1 for o in outcomes if "web extra" not in o.case)


def test_the_store_checks_find_half_written_and_duplicated_rows(tmp_path: Path) -> None:
    source = reliability.write_corpus(tmp_path / "c.jsonl", 5)
    db = tmp_path / "s.db"
    assert reliability.run_cli(["ingest", str(source), "--db", str(db)]).returncode == 0
    assert reliability.violations(db) == []
    con = sqlite3.connect(db)
    with con:
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("INSERT INTO sentences (article_id, idx, char_start, char_end, text) VALUES ('gone', 0, 0, 1, 'x')")
        row = con.execute("SELECT id FROM articles LIMIT 1").fetchone()
        con.execute("INSERT INTO grouped (article_id, position, neighbours, story_id) VALUES (?, 3, '[]', 's-1')", row)
        con.execute("DELETE FROM sentences WHERE article_id = ?", row)
    con.close()
    assert reliability.violations(db) == [
        "1 sentences without their article",
        "1 articles without sentences",
        "grouping positions have gaps or repeats",
    ]


def test_the_table_lists_case_trials_and_failures() -> None:
    outcome = reliability.Outcome("kill -9 during run", trials=20)
    outcome.fail("lost 1 article")
    assert reliability.table([outcome]).splitlines() == [
        "| case | trials | failures |",
        "| --- | ---: | ---: |",
        "| kill -9 during run | 20 | 1 |",
    ]
