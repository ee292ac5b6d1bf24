"""SQLite backend: one file, WAL mode, FTS5 search, one transaction per batch."""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import StoreError
from ..types import Article, RemovedLine, Sentence
from .base import LOCK_TIMEOUT_ENV, MAX_ID_CHARS, ArticleSummary, SearchHit, Store, WriteResult, lock_timeout_s
from .migrations import apply_migrations, check_migrations, recorded_state
from .problems import ProblemsMixin
from .sqlite_stories import SQLiteStoriesMixin, chunks

#: How often a command waiting for the grouping lock tries again: a tenth of a second is invisible next to a grouping
#: run (seconds to minutes) and costs nothing while waiting.
LOCK_POLL_S = 0.1

#: Writers wait this long for a lock held by another process before failing: long enough for a concurrent batch
#: commit (tens of ms) to finish, short enough that a stuck process is reported instead of hanging the CLI.
BUSY_TIMEOUT_MS = 30_000

_SUMMARY_COLUMNS = (
    "a.id, a.title, a.source, a.language, a.published, a.url, a.format, a.origin, "
    "(SELECT COUNT(*) FROM sentences s WHERE s.article_id = a.id), a.removed, a.credits"
)


def _summary(row: sqlite3.Row | tuple[object, ...]) -> ArticleSummary:
    return ArticleSummary(
        id=str(row[0]),
        title=str(row[1]),
        source=_opt_str(row[2]),
        language=_opt_str(row[3]),
        published=_opt_str(row[4]),
        url=_opt_str(row[5]),
        format=str(row[6]),
        origin=str(row[7]),
        n_sentences=int(str(row[8])),
        n_removed=len(json.loads(str(row[9]))),
        credits=list(json.loads(str(row[10]))),
    )


def _writable(path: Path) -> bool:
    """Whether this process may write the store: the file and its folder (SQLite creates its WAL and lock files next
    to the database). As root, ``access`` says yes to everything, so there a store whose file or folder has no write
    permission bit at all counts as read-only too: ``chmod a-w`` is how an operator says "do not write this"."""
    return _may_write(path) and _may_write(path.resolve().parent)


def _may_write(item: Path) -> bool:
    if not os.access(item, os.W_OK):
        return False
    return not (os.geteuid() == 0 and not item.stat().st_mode & 0o222)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write. ``mode=ro`` still needs the WAL index (``-shm``), which SQLite creates next to
    the file; when the folder is not writable and no writer has a WAL open (no ``-wal`` file), the file cannot change
    under us and ``immutable=1`` reads it without that index."""
    if not path.is_file():
        raise StoreError(f"no database at {path}")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    if not _may_write(path.resolve().parent) and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


class SQLiteStore(ProblemsMixin, SQLiteStoriesMixin, Store):
    def __init__(self, path: str | Path, *, read_only: bool | None = None, lock_timeout: float | None = None) -> None:
        """Open (or create) the store at ``path``. ``read_only=None`` decides from the file system: a store whose
        file or folder is not writable is opened read-only (reads work, writes raise ``StoreError``)."""
        self.path = Path(path)
        self.lock_timeout = lock_timeout_s() if lock_timeout is None else lock_timeout
        self.read_only = (self.path.exists() and not _writable(self.path)) if read_only is None else read_only
        try:
            if self.read_only:
                self._db = _connect_read_only(self.path)
                done, written_by = recorded_state(self._db)
                if check_migrations(done, written_by, str(self.path)):
                    raise StoreError(
                        f"{self.path} was written by an older storyweave and must be upgraded, but it is read-only; "
                        "open it once with write access"
                    )
                return
            if self.path.parent and not self.path.parent.exists():
                raise StoreError(f"cannot create database {self.path}: folder {self.path.parent} does not exist")
            # isolation_level=None: we issue BEGIN/COMMIT ourselves so one batch is exactly one transaction.
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses no committed transaction
            self._db.execute("PRAGMA foreign_keys=ON")
            apply_migrations(self._db, str(self.path))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc} (is it a storyweave database?)") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreError(
                f"{self.path} is opened read-only (the file or its folder is not writable); nothing was written"
            )
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            # BaseException: a Ctrl-C in the middle of a batch must roll back, not leave half an article behind.
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    @contextmanager
    def grouping_lock(self) -> Iterator[None]:
        """An exclusive ``flock`` on ``<db>.lock``: the kernel releases it when the holder exits or is killed, so a
        crashed run never leaves the store locked. The holder writes its pid and start time there for the message."""
        if self.read_only:
            raise StoreError(f"{self.path} is opened read-only (the file or its folder is not writable); cannot group")
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block below
        except OSError as exc:
            raise StoreError(f"cannot create the lock file {lock_path}: {exc.strerror or exc}") from exc
        with handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        handle.seek(0)
                        holder = handle.read(200).strip() or "another process"
                        raise StoreError(
                            f"another storyweave command is grouping {self.path} ({holder}); gave up waiting after "
                            f"{self.lock_timeout:g} s ({LOCK_TIMEOUT_ENV}); run this again when it has finished"
                        ) from None
                    time.sleep(LOCK_POLL_S)
            handle.seek(0)
            handle.truncate()
            since = datetime.now(UTC).isoformat(timespec="seconds")
            handle.write(f"pid {os.getpid()}, since {since}")
            handle.flush()
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def write_articles(self, articles: Sequence[Article]) -> WriteResult:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        inserted = 0
        try:
            with self._transaction() as db:
                for article in articles:
                    cursor = db.execute(
                        """
                        INSERT OR IGNORE INTO articles (id, url, source, source_inferred, title, text, raw_text,
                            published, published_inferred, language, authors, credits, removed, body_kind, format,
                            origin, content_hash, ingested_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                        (
                            article.id,
                            article.url,
                            article.source,
                            int(article.source_inferred),
                            article.title,
                            article.text,
                            article.raw_text,
                            article.published.isoformat() if article.published else None,
                            int(article.published_inferred),
                            article.language,
                            json.dumps(article.authors, ensure_ascii=False),
                            json.dumps(article.credits, ensure_ascii=False),
                            json.dumps([r.to_dict() for r in article.removed], ensure_ascii=False),
                            article.body_kind,
                            article.format,
                            article.origin,
                            article.content_hash,
                            now,
                        ),
                    )
                    if cursor.rowcount == 0:
                        continue  # same id already stored (or earlier in this batch): re-ingesting is a no-op
                    inserted += 1
                    db.executemany(
                        "INSERT INTO sentences (article_id, idx, char_start, char_end, text) VALUES (?, ?, ?, ?, ?)",
                        [(article.id, s.index, s.char_start, s.char_end, s.text) for s in article.sentences],
                    )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"could not write to {self.path}: {exc}") from exc
        return WriteResult(inserted=inserted, already_present=len(articles) - inserted)

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        known: set[str] = set()
        # SQLite limits bound parameters per statement (32766 by default); chunk well below it.
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            known.update(row[0] for row in self._db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return known

    def get_article(self, id_or_prefix: str) -> Article | None:
        if len(id_or_prefix) > MAX_ID_CHARS:
            return None
        rows = self._db.execute(
            "SELECT * FROM articles WHERE id = ? OR (length(?) >= 4 AND id LIKE ? || '%') LIMIT 2",
            (id_or_prefix, id_or_prefix, id_or_prefix.replace("%", "").replace("_", "")),
        ).fetchall()
        exact = [r for r in rows if r[0] == id_or_prefix]
        if exact:
            rows = exact
        if len(rows) != 1:
            return None
        names = [d[0] for d in self._db.execute("SELECT * FROM articles LIMIT 0").description]
        data = dict(zip(names, rows[0], strict=True))
        sentences = [
            Sentence(article_id=data["id"], index=r[0], char_start=r[1], char_end=r[2], text=r[3])
            for r in self._db.execute(
                "SELECT idx, char_start, char_end, text FROM sentences WHERE article_id = ? ORDER BY idx",
                (data["id"],),
            )
        ]
        return _article(data, sentences)

    def get_articles(self, ids: Sequence[str], *, full: bool = True) -> list[Article]:
        found: dict[str, Article] = {}
        columns = "*" if full else _GROUPING_COLUMNS
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            cursor = self._db.execute(f"SELECT {columns} FROM articles WHERE id IN ({marks})", chunk)
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor]
            sentences: dict[str, list[Sentence]] = {}
            for r in (
                self._db.execute(
                    "SELECT article_id, idx, char_start, char_end, text FROM sentences "
                    f"WHERE article_id IN ({marks}) ORDER BY article_id, idx",
                    chunk,
                )
                if full
                else ()
            ):
                sentences.setdefault(r[0], []).append(
                    Sentence(article_id=r[0], index=r[1], char_start=r[2], char_end=r[3], text=r[4])
                )
            for data in rows:
                found[data["id"]] = _article(data, sentences.get(data["id"], []))
        return [found[i] for i in ids if i in found]

    def list_articles(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleSummary]:
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a "
            "ORDER BY a.published IS NULL, a.published, a.id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
        summaries = [_summary(r) for r in rows]
        problems = self.problems_of([s.id for s in summaries])
        for summary in summaries:
            summary.problems = problems.get(summary.id, [])
        return summaries

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS}, snippet(articles_fts, 1, '[', ']', ' … ', 12), bm25(articles_fts) "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?",
            (_fts_query(query), limit),
        )
        return [SearchHit(article=_summary(r), snippet=str(r[11]), rank=float(r[12])) for r in rows]

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM _migrations ORDER BY name")]

    def close(self) -> None:
        self._db.close()


#: What ``get_articles(full=False)`` reads: grouping needs neither the raw text nor the removed lines (the largest
#: columns next to the text), nor the sentence rows (a few dozen per article).
_GROUPING_COLUMNS = (
    "id, title, text, '' AS raw_text, url, source, source_inferred, published, published_inferred, language, "
    "authors, credits, '[]' AS removed, body_kind, format, origin, content_hash"
)


def _article(data: dict[str, Any], sentences: list[Sentence]) -> Article:
    return Article(
        id=data["id"],
        title=data["title"],
        text=data["text"],
        raw_text=data["raw_text"],
        url=data["url"],
        source=data["source"],
        source_inferred=bool(data["source_inferred"]),
        published=datetime.fromisoformat(data["published"]) if data["published"] else None,
        published_inferred=bool(data["published_inferred"]),
        language=data["language"],
        authors=json.loads(data["authors"]),
        credits=json.loads(data["credits"]),
        removed=[RemovedLine.from_dict(r) for r in json.loads(data["removed"])],
        sentences=sentences,
        body_kind=data["body_kind"],
        format=data["format"],
        origin=data["origin"],
        content_hash=data["content_hash"],
    )


def _fts_query(query: str) -> str:
    """Turn what a user types into a safe FTS5 query: every word must appear (any order), no syntax errors.

    Each term is quoted so characters like ``-``, ``:`` or ``"`` in a user's query cannot be read as FTS operators.
    """
    # Control characters (a NUL ends the query string inside SQLite and breaks its quoting) separate words.
    query = "".join(" " if unicodedata.category(c) == "Cc" else c for c in query)
    terms = [t.replace('"', "") for t in query.split()]
    return " ".join(f'"{t}"' for t in terms if t) or '""'
