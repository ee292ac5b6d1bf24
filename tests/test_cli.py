"""The command line as a user runs it: exit codes, one-line errors, listings, and interrupt safety."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyweave.cli import app

runner = CliRunner()

ARTICLE_ES = """Un sismo de magnitud 6,2 sacude el sur de Chile

SANTIAGO, 4 de marzo (EFE) - Un sismo de magnitud 6,2 sacudió este martes la región de Los Lagos, informó el servicio
sismológico nacional.

Publicidad

"No tenemos reportes de daños mayores", dijo la ministra del Interior en una rueda de prensa.

Las clases se suspendieron en tres comunas mientras los técnicos revisan los edificios públicos.

Síguenos en redes sociales
"""

ARTICLE_DE = """Streik legt Hafen von Hamburg lahm

Hamburg (dpa) - Ein Warnstreik der Hafenarbeiter hat am Montag den Containerumschlag in Hamburg fast vollständig
gestoppt. Die Gewerkschaft forderte acht Prozent mehr Lohn.

Anzeige

"Wir lassen uns nicht länger hinhalten", sagte der Verhandlungsführer vor dem Terminal.
"""


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sismo.txt").write_text(ARTICLE_ES, encoding="utf-8")
    (folder / "streik.txt").write_text(ARTICLE_DE, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def test_ingest_list_show_and_search(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingested 2 new articles" in result.output
    assert "empty.txt" in result.output and "Traceback" not in result.output

    listing = runner.invoke(app, ["articles", "--json", "--db", db])
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert {r["language"] for r in rows} == {"es", "de"}
    assert {r["title"] for r in rows} == {
        "Un sismo de magnitud 6,2 sacude el sur de Chile",
        "Streik legt Hafen von Hamburg lahm",
    }

    sismo = next(r for r in rows if r["language"] == "es")
    shown = runner.invoke(app, ["article", sismo["id"][:8], "--db", db, "--json"])
    data = json.loads(shown.stdout)
    assert "Publicidad" not in data["text"] and "Síguenos" not in data["text"]
    assert {r["reason"] for r in data["removed"]} >= {"ad_marker", "social_prompt"}
    assert "EFE" in data["credits"]
    assert "dijo la ministra" in data["text"]

    text_view = runner.invoke(app, ["article", sismo["id"], "--db", db])
    assert text_view.exit_code == 0 and "removed by cleaning" in text_view.output

    hits = runner.invoke(app, ["search", "Hafen Streik", "--db", db, "--json"])
    assert [json.loads(line)["language"] for line in hits.stdout.splitlines()] == ["de"]


def test_reingest_is_a_no_op(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in")
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(corpus), "--db", db])
    again = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert again.exit_code == 0
    assert "ingested 0 new articles (2 already stored" in again.output


def test_nothing_readable_exits_non_zero_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(empty), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert "no article could be read" in result.output
    assert "Traceback" not in result.output


def test_unknown_article_and_bad_option(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    missing = runner.invoke(app, ["article", "deadbeef", "--db", db])
    assert missing.exit_code == 1 and "no article with id" in missing.output
    bad = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--max-bytes", "0"])
    assert bad.exit_code == 2 and "max_bytes must be positive" in bad.output


def _big_jsonl(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            body = " ".join(
                f"Der Stadtrat von Musterstadt beriet am Dienstag über Vorlage {i} und Absatz {j}." for j in range(8)
            )
            f.write(json.dumps({"title": f"Ratssitzung Nummer {i}", "maintext": body, "url": f"https://n.example/{i}"}))
            f.write("\n")


@pytest.mark.slow
def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped has exited)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_killed_ingest_resumes_without_duplicates_or_loss(tmp_path: Path) -> None:
    n = 1500
    dump = tmp_path / "big.jsonl"
    _big_jsonl(dump, n)
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "storyweave", "ingest", str(dump), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                committed = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                committed = 0  # schema not created yet
            if committed > 0:
                break
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # the run's worker processes go with it instead of waiting forever on their task queue
    gone = time.monotonic() + 10
    while time.monotonic() < gone and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)]
    with sqlite3.connect(db) as con:
        after_kill = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        orphans = con.execute(
            "SELECT COUNT(*) FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        empty = con.execute(
            "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)"
        ).fetchone()[0]
    assert after_kill >= committed and orphans == 0 and empty == 0  # nothing half-written
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as con:
        total, distinct = con.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash) FROM articles").fetchone()
    assert total == distinct == n


@pytest.mark.slow
def test_ctrl_c_reports_what_was_kept(tmp_path: Path) -> None:
    dump = tmp_path / "big.jsonl"
    _big_jsonl(dump, 1500)
    db = tmp_path / "s.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyweave", "ingest", str(dump), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not db.exists():
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("ingest finished before the interrupt arrived; nothing to check on this machine")
    assert proc.returncode == 130
    assert "interrupted:" in stderr and "Traceback" not in stderr


def test_demo_on_a_folder_prints_what_it_read(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in")
    result = runner.invoke(app, ["demo", str(corpus), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 0, result.output
    assert "2 articles in" in result.output and "languages de, es" in result.output
