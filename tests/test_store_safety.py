"""Stores shared by several commands (issue 12): grouping runs take turns on a lock, read-only stores can be read, and
a store written by a newer storyweave is refused with one line."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyweave import __version__
from storyweave.cli import app
from storyweave.errors import StoreError
from storyweave.store import SQLiteStore, open_store
from storyweave.store.migrations import MIGRATIONS, check_migrations

ARTICLE = b"""Night ferry resumes after the strike

The night ferry between the two island ports resumed on Friday after a four-day strike by deck crews, the operator
said. Tickets bought for cancelled crossings remain valid until the end of the month.
"""


def _ingest(folder: Path) -> Path:
    source = folder / "ferry.txt"
    source.write_bytes(ARTICLE)
    db = folder / "s.db"
    result = CliRunner().invoke(app, ["ingest", str(source), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def locked_down(tmp_path: Path) -> Iterator[Path]:
    """A store whose file and folder carry no write permission; permissions restored afterwards for cleanup."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = _ingest(folder)
    assert not Path(f"{db}-wal").exists()  # closed cleanly: the WAL was checkpointed into the file
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield db
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def test_a_store_without_write_permission_opens_read_only_and_reads(locked_down: Path) -> None:
    before = _digest(locked_down)
    with open_store(locked_down) as store:
        # Tests run as root in CI, where permission bits do not stop writes: the store must decide from them itself.
        assert store.read_only
        [row] = store.list_articles()
        assert store.get_article(row.id) is not None
        assert [h.article.id for h in store.search("ferry strike")] == [row.id]
        assert store.list_stories() == []
        with pytest.raises(StoreError, match="read-only"):
            store.write_articles([])
        with pytest.raises(StoreError, match="read-only"), store.grouping_lock():
            pass
    assert _digest(locked_down) == before
    assert sorted(p.name for p in locked_down.parent.iterdir()) == ["ferry.txt", "s.db"]  # no -wal, -shm or lock


def test_the_read_only_connection_refuses_writes_itself(locked_down: Path) -> None:
    store = SQLiteStore(locked_down)
    try:
        # Not only our own check: SQLite itself was opened with mode=ro, so a write that bypassed it fails too.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store._db.execute("DELETE FROM articles")
    finally:
        store.close()


@pytest.mark.parametrize("command", [["articles"], ["articles", "--json"], ["search", "ferry"], ["stories"]])
def test_read_commands_work_on_a_read_only_store(locked_down: Path, command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--db", str(locked_down)])
    assert result.exit_code in (0, 1), result.output  # 1: "no stories yet" is a normal answer
    assert "readonly" not in result.output and "error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_article_command_works_on_a_read_only_store(locked_down: Path) -> None:
    with open_store(locked_down) as store:
        [row] = store.list_articles()
    result = CliRunner().invoke(app, ["article", row.id, "--db", str(locked_down), "--json"])
    assert result.exit_code == 0, result.output
    assert "Night ferry resumes" in result.output


def test_ingest_into_a_read_only_store_is_one_line(locked_down: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_bytes(ARTICLE.replace(b"Friday", b"Saturday"))
    result = CliRunner().invoke(app, ["ingest", str(other), "--db", str(locked_down)])
    assert result.exit_code == 2
    assert [line for line in result.output.splitlines() if line.startswith("error:")] == [
        f"error: {locked_down} is opened read-only (the file or its folder is not writable); nothing was written"
    ]


def _from_the_future(db: Path, version: str | None) -> None:
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO _migrations (name, applied_at) VALUES ('999_from_the_future', datetime('now'))")
        if version is None:
            con.execute("DELETE FROM _written_by")  # a version that did not record itself
        else:
            con.execute("INSERT OR REPLACE INTO _written_by (key, value) VALUES ('version', ?)", (version,))


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    _from_the_future(db, "9.9")
    with pytest.raises(StoreError) as caught:
        open_store(db)
    assert str(caught.value) == (
        f"{db} was written by storyweave 9.9, this is {__version__}: upgrade storyweave to use it "
        "(it has migration '999_from_the_future', unknown to this version)"
    )
    result = CliRunner().invoke(app, ["articles", "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: {caught.value}"]


def test_a_newer_store_is_refused_read_only_too(locked_down: Path) -> None:
    locked_down.parent.chmod(0o755)
    locked_down.chmod(0o644)
    _from_the_future(locked_down, None)
    locked_down.chmod(0o444)
    with pytest.raises(StoreError, match=r"written by a newer storyweave, this is "):
        open_store(locked_down)


def test_the_version_check_is_backend_neutral() -> None:
    names = [name for name, _ in MIGRATIONS]
    assert check_migrations([], None, "db") == names
    assert check_migrations(names[:2], "0.1.0", "db") == names[2:]
    assert check_migrations(names, "0.1.0", "db") == []
    with pytest.raises(StoreError, match=r"^pg://x was written by storyweave 2\.0, this is "):
        check_migrations([*names, "005_later"], "2.0", "pg://x")


def test_migrating_records_the_version(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT value FROM _written_by WHERE key = 'version'").fetchone() == (__version__,)


# --- the grouping lock, across real processes ------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys, time
    from storyweave.store import open_store
    with open_store(sys.argv[1]) as store, store.grouping_lock():
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def _hold(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_grouping_waits_for_the_first(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    holder = _hold(db, 1.5)
    started = time.monotonic()
    with SQLiteStore(db, lock_timeout=30) as store, store.grouping_lock():
        waited = time.monotonic() - started
    assert holder.wait(timeout=30) == 0
    assert waited >= 0.8  # it waited for the holder (1.5 s from its start) instead of running beside it


def test_waiting_gives_up_after_the_timeout_with_one_line(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    holder = _hold(db, 30)
    try:
        with SQLiteStore(db, lock_timeout=0.3) as store, pytest.raises(StoreError) as caught, store.grouping_lock():
            pass
        message = str(caught.value)
        assert message.startswith(f"another storyweave command is grouping {db} (pid {holder.pid}, since ")
        assert "gave up waiting after 0.3 s (STORYWEAVE_LOCK_TIMEOUT)" in message and "\n" not in message
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    db = _ingest(tmp_path)
    holder = _hold(db, 60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    with SQLiteStore(db, lock_timeout=5) as store, store.grouping_lock():
        assert time.monotonic() - started < 1


def test_the_lock_timeout_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _ingest(tmp_path)
    monkeypatch.setenv("STORYWEAVE_LOCK_TIMEOUT", "2.5")
    with SQLiteStore(db) as store:
        assert store.lock_timeout == 2.5
    monkeypatch.setenv("STORYWEAVE_LOCK_TIMEOUT", "soon")
    with pytest.raises(StoreError, match="STORYWEAVE_LOCK_TIMEOUT must be a number of seconds"):
        SQLiteStore(db)


@pytest.mark.slow  # two processes load the entity and embedding models
def test_two_cluster_commands_on_one_store_take_turns(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    examples = Path(__file__).resolve().parents[1] / "examples" / "articles"
    result = CliRunner().invoke(app, ["ingest", str(examples), "--db", str(db)])
    assert result.exit_code == 0, result.output
    cmd = [sys.executable, "-m", "storyweave", "cluster", "--db", str(db), "--workers", "1"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [p.communicate(timeout=600) for p in procs]
    for proc, (_, stderr) in zip(procs, outcomes, strict=True):
        assert proc.returncode == 0, stderr  # was: IntegrityError: UNIQUE constraint failed: grouped.position
        assert "Traceback" not in stderr
    with sqlite3.connect(db) as con:
        articles = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        positions = [r[0] for r in con.execute("SELECT position FROM grouped ORDER BY position")]
    assert positions == list(range(articles))  # every article grouped once, by one of the two
    # The grouped store, locked down: `story` (which loads the models and compares) reads it without writing.
    with sqlite3.connect(db) as con:
        story = con.execute("SELECT story_id FROM grouped GROUP BY story_id ORDER BY COUNT(*) DESC").fetchone()[0]
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        result = CliRunner().invoke(app, ["story", story, "--db", str(db), "--format", "json"])
    finally:
        tmp_path.chmod(0o755)
        db.chmod(0o644)
    assert result.exit_code == 0, result.output
    assert f'"story_id": "{story}"' in result.output


OPENER = "import sys\nfrom storyweave.store import open_store\nopen_store(sys.argv[1]).close()\n"


@pytest.mark.parametrize("round_", range(3))
def test_processes_creating_one_new_store_at_once_all_succeed(tmp_path: Path, round_: int) -> None:
    # Found by the reliability suite: two `ingest`s into a new store both created the tables, and one failed with
    # "table articles already exists".
    db = tmp_path / f"new-{round_}.db"
    procs = [
        subprocess.Popen([sys.executable, "-c", OPENER, str(db)], stderr=subprocess.PIPE, text=True) for _ in range(6)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    with open_store(db) as store:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
