"""SQLite storage of annotations, embeddings and stories (mixed into ``SQLiteStore``): SQLite's dialect for the shared
statements of stories_sql.py, and the statements of its own.

Every write here is one transaction, so an interrupted ``cluster`` leaves each article either fully annotated,
embedded, grouped, or not at all, and the next run picks up exactly what is missing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any, TypeVar

from ..types import Mention, TimeExpr
from .base import MAX_ID_CHARS, StorySummary
from .stories_sql import StoriesSQLMixin, WriteCursor, story_summaries

_T = TypeVar("_T")

#: Ids per ``IN (...)`` query of a bulk load: SQLite allows 32766 bound parameters per statement; 500 stays far below
#: it while already making the per-query overhead negligible next to reading the rows.
BULK_CHUNK = 500


def chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), BULK_CHUNK):
        yield list(ids[start : start + BULK_CHUNK])


def _marks(chunk: Sequence[str]) -> str:
    return ",".join("?" * len(chunk))


class SQLiteStoriesMixin(StoriesSQLMixin):
    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise TypeError("mixed into SQLiteStore, which provides _transaction")

    # -- the dialect -------------------------------------------------------------------------------------------------

    def _writer(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._transaction()

    def _match_ids(self, column: str, ids: Sequence[str]) -> Iterator[tuple[str, list[Any]]]:
        for chunk in chunks(ids):
            yield f"{column} IN ({_marks(chunk)})", chunk

    def _upsert(self, table: str, keys: tuple[str, ...], values: tuple[str, ...], blobs: tuple[str, ...] = ()) -> str:
        columns = (*keys, *values)
        return f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def _write_order(self, rows: Iterable[_T], key: Callable[[_T], str]) -> list[_T]:
        return list(rows)  # one writer at a time (BEGIN IMMEDIATE): any order locks alike

    def _rows(self, query: str) -> Iterable[Sequence[Any]]:
        return self._db.execute(query)  # a cursor: rows are read as they are used

    def _binary_rows(self, query: str, params: Sequence[Any] = ()) -> Iterator[Sequence[Any]]:
        yield from self._db.execute(query, params)

    def _stored_fingerprint(self, cur: WriteCursor) -> bytes | None:
        row = cur.execute("SELECT value FROM group_state WHERE name = 'fingerprint' AND part = 0").fetchone()
        return None if row is None else bytes(row[0])

    # -- statements of its own ---------------------------------------------------------------------------------------

    def write_annotations(self, items: Sequence[tuple[str, list[Mention], list[TimeExpr], date | None]]) -> None:
        with self._transaction() as db:
            for article_id, mentions, times, event_date in items:
                db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
                db.execute("DELETE FROM time_exprs WHERE article_id = ?", (article_id,))
                db.executemany(
                    "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (m.article_id, m.sentence_index, m.char_start, m.char_end, m.text, m.type, m.canonical)
                        for m in mentions
                    ],
                )
                db.executemany(
                    "INSERT INTO time_exprs VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (t.article_id, t.sentence_index, t.char_start, t.char_end, t.text, t.value, int(t.relative))
                        for t in times
                    ],
                )
                db.execute(
                    "INSERT OR REPLACE INTO annotations (article_id, event_date) VALUES (?, ?)",
                    (article_id, event_date.isoformat() if event_date else None),
                )

    def resolve_story(self, story_id: str) -> str | None:
        """The live id for a story id, an alias of a merged story, or a unique prefix; None when unknown."""
        if len(story_id) > MAX_ID_CHARS:
            return None
        seen: set[str] = set()
        while story_id not in seen:
            seen.add(story_id)
            row = self._db.execute("SELECT story_id FROM story_aliases WHERE alias = ?", (story_id,)).fetchone()
            if row is None:
                break
            story_id = row[0]
        if self._db.execute("SELECT 1 FROM grouped WHERE story_id = ? LIMIT 1", (story_id,)).fetchone():
            return story_id
        rows = self._db.execute(
            "SELECT DISTINCT story_id FROM grouped WHERE length(?) >= 6 AND story_id LIKE ? || '%' LIMIT 2",
            (story_id, story_id.replace("%", "").replace("_", "")),
        ).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def list_stories(self, *, min_size: int = 1, limit: int | None = None) -> list[StorySummary]:
        rows = self._db.execute(
            """
            SELECT g.story_id,
                   (SELECT a2.title FROM grouped g2 JOIN articles a2 ON a2.id = g2.article_id
                     WHERE g2.story_id = g.story_id ORDER BY g2.position LIMIT 1),
                   COUNT(*),
                   SUM(g.copy_of IS NULL),
                   json_group_array(DISTINCT a.language),
                   json_group_array(DISTINCT coalesce(a.source, '')),
                   MIN(a.published), MAX(a.published), MIN(g.position)
            FROM grouped g JOIN articles a ON a.id = g.article_id
            GROUP BY g.story_id HAVING COUNT(*) >= ?
            ORDER BY COUNT(*) DESC, MIN(g.position)
            LIMIT ?
            """,
            (min_size, -1 if limit is None else limit),
        )
        return story_summaries(rows, json.loads)
