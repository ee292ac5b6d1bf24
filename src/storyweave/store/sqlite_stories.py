"""SQLite storage of annotations, embeddings and stories (mixed into ``SQLiteStore``).

Every write here is one transaction, so an interrupted ``cluster`` leaves each article either fully annotated,
embedded, grouped, or not at all, and the next run picks up exactly what is missing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import numpy as np

from ..types import Mention, TimeExpr
from .base import MAX_ID_CHARS, GroupedIds, GroupedRow, StateValue, StorySummary
from .state_parts import SeenState, plan_state_write

_F32 = np.dtype("<f4")

#: Ids per ``IN (...)`` query of a bulk load: SQLite allows 32766 bound parameters per statement; 500 stays far below
#: it while already making the per-query overhead negligible next to reading the rows.
BULK_CHUNK = 500


def chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), BULK_CHUNK):
        yield list(ids[start : start + BULK_CHUNK])


def _marks(chunk: Sequence[str]) -> str:
    return ",".join("?" * len(chunk))


def _blob(matrix: np.ndarray[Any, Any]) -> bytes:
    return np.ascontiguousarray(matrix, dtype=_F32).tobytes()


def _matrix(blob: bytes, dim: int) -> np.ndarray[Any, np.dtype[np.float32]]:
    flat = np.frombuffer(blob, dtype=_F32).astype(np.float32)
    return flat.reshape(-1, dim) if dim else flat.reshape(0, 0)


class SQLiteStoriesMixin:
    _db: sqlite3.Connection
    #: the grouping state as this store last read it, until it writes it
    _state_seen: SeenState = SeenState()

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise TypeError("mixed into SQLiteStore, which provides _transaction")

    # -- annotations -------------------------------------------------------------------------------------------------

    def unannotated_ids(self) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN annotations n ON n.article_id = a.id "
            "WHERE n.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.id"
        )
        return [r[0] for r in rows]

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

    def mentions(self, article_id: str) -> list[Mention]:
        rows = self._db.execute(
            "SELECT article_id, sentence_index, char_start, char_end, text, type, canonical FROM mentions "
            "WHERE article_id = ? ORDER BY char_start",
            (article_id,),
        )
        return [Mention(*r) for r in rows]

    def mentions_of(self, ids: Sequence[str]) -> dict[str, list[Mention]]:
        found: dict[str, list[Mention]] = {i: [] for i in ids}
        for chunk in chunks(ids):
            rows = self._db.execute(
                "SELECT article_id, sentence_index, char_start, char_end, text, type, canonical FROM mentions "
                f"WHERE article_id IN ({_marks(chunk)}) ORDER BY article_id, char_start",
                chunk,
            )
            for r in rows:
                found[r[0]].append(Mention(*r))
        return found

    def time_exprs(self, article_id: str) -> list[TimeExpr]:
        rows = self._db.execute(
            "SELECT article_id, sentence_index, char_start, char_end, text, value, relative FROM time_exprs "
            "WHERE article_id = ? ORDER BY char_start",
            (article_id,),
        )
        return [TimeExpr(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]

    def event_date(self, article_id: str) -> date | None:
        row = self._db.execute("SELECT event_date FROM annotations WHERE article_id = ?", (article_id,)).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def event_dates(self, ids: Sequence[str]) -> dict[str, date | None]:
        found: dict[str, date | None] = {i: None for i in ids}
        for chunk in chunks(ids):
            rows = self._db.execute(
                f"SELECT article_id, event_date FROM annotations WHERE article_id IN ({_marks(chunk)})", chunk
            )
            found.update({r[0]: date.fromisoformat(r[1]) if r[1] else None for r in rows})
        return found

    # -- embeddings --------------------------------------------------------------------------------------------------

    def unembedded_ids(self, model: str) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN embeddings e ON e.article_id = a.id AND e.model = ? "
            "WHERE e.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.id",
            (model,),
        )
        return [r[0] for r in rows]

    def write_embeddings(
        self, model: str, items: Sequence[tuple[str, np.ndarray[Any, Any], np.ndarray[Any, Any]]]
    ) -> None:
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO embeddings (article_id, model, dim, vector, sentence_vectors) "
                "VALUES (?, ?, ?, ?, ?)",
                [(aid, model, int(vec.shape[0]), _blob(vec), _blob(sents)) for aid, vec, sents in items],
            )

    def embedding(
        self, article_id: str, model: str
    ) -> tuple[np.ndarray[Any, np.dtype[np.float32]], np.ndarray[Any, np.dtype[np.float32]]] | None:
        row = self._db.execute(
            "SELECT dim, vector, sentence_vectors FROM embeddings WHERE article_id = ? AND model = ?",
            (article_id, model),
        ).fetchone()
        if row is None:
            return None
        dim = int(row[0])
        return _matrix(row[1], dim)[0], _matrix(row[2], dim)

    def embeddings(
        self, ids: Sequence[str], model: str
    ) -> dict[str, tuple[np.ndarray[Any, np.dtype[np.float32]], np.ndarray[Any, np.dtype[np.float32]]]]:
        found = {}
        for chunk in chunks(ids):
            rows = self._db.execute(
                "SELECT article_id, dim, vector, sentence_vectors FROM embeddings "
                f"WHERE model = ? AND article_id IN ({_marks(chunk)})",
                [model, *chunk],
            )
            for r in rows:
                dim = int(r[1])
                found[r[0]] = (_matrix(r[2], dim)[0], _matrix(r[3], dim))
        return found

    # -- grouping ----------------------------------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def ungrouped_ids(self) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN grouped g ON g.article_id = a.id WHERE g.article_id IS NULL "
            "ORDER BY a.published IS NULL, a.published, a.id"
        )
        return [r[0] for r in rows]

    def grouped_rows(self) -> Iterator[GroupedRow]:
        rows = self._db.execute(f"SELECT {GroupedRow.COLUMNS} FROM grouped ORDER BY position")
        for r in rows:
            yield GroupedRow.from_row(r)

    def grouped_ids(self) -> GroupedIds:
        rows = self._db.execute(f"SELECT {GroupedIds.COLUMNS} FROM grouped ORDER BY position").fetchall()
        return GroupedIds.from_rows(rows)

    def group_state(self) -> dict[str, bytes]:
        parts: dict[str, list[bytes]] = {}
        for name, _, value in self._db.execute("SELECT name, part, value FROM group_state ORDER BY name, part"):
            parts.setdefault(name, []).append(value)
        # what is on disk now, so that the next write_grouping rewrites only the parts that changed
        self._state_seen = SeenState.from_parts(parts)
        return dict(self._state_seen.values)

    def story_aliases(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._db.execute("SELECT alias, story_id FROM story_aliases")}

    def write_grouping(
        self,
        new_rows: Sequence[GroupedRow],
        moved: dict[str, str],
        aliases: dict[str, str],
        settings: dict[str, str],
        state: Mapping[str, StateValue] | None = None,
    ) -> None:
        """Add the newly grouped articles, move members of merged stories, record aliases, replace the saved
        grouping state: one transaction, so the saved state always describes the rows next to it."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO grouped (article_id, position, neighbours, story_id, copy_of, keys) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.article_id,
                        r.position,
                        json.dumps(r.neighbours),
                        r.story_id,
                        r.copy_of,
                        None if r.keys is None else json.dumps(r.keys, ensure_ascii=False),
                    )
                    for r in new_rows
                ],
            )
            self._write_state(db, state or {})
            db.executemany("UPDATE grouped SET story_id = ? WHERE article_id = ?", [(s, a) for a, s in moved.items()])
            db.executemany(
                "INSERT OR REPLACE INTO story_aliases (alias, story_id) VALUES (?, ?)", list(aliases.items())
            )
            db.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", list(settings.items()))

    def _write_state(self, db: sqlite3.Connection, state: Mapping[str, StateValue]) -> None:
        """Replace the saved grouping state, writing only the parts that differ from what ``group_state`` read."""
        seen, self._state_seen = self._state_seen, SeenState()  # read again before the next write: bytes freed here
        row = db.execute("SELECT value FROM group_state WHERE name = 'fingerprint' AND part = 0").fetchone()
        plan = plan_state_write(seen, None if row is None else bytes(row[0]), state)
        if plan.clear:
            db.execute("DELETE FROM group_state")
        db.executemany("DELETE FROM group_state WHERE name = ? AND part = ?", plan.stale)
        db.executemany("INSERT OR REPLACE INTO group_state (name, part, value) VALUES (?, ?, ?)", plan.changed)

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

    def story_member_ids(self, story_id: str) -> list[str]:
        rows = self._db.execute("SELECT article_id FROM grouped WHERE story_id = ? ORDER BY position", (story_id,))
        return [r[0] for r in rows]

    def copies(self, article_ids: Sequence[str]) -> dict[str, str]:
        marks = ",".join("?" * len(article_ids))
        rows = self._db.execute(
            f"SELECT article_id, copy_of FROM grouped WHERE copy_of IS NOT NULL AND article_id IN ({marks})",
            list(article_ids),
        )
        return {r[0]: r[1] for r in rows}

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
        return [
            StorySummary(
                id=r[0],
                title=r[1],
                size=int(r[2]),
                independent_sources=int(r[3]),
                languages=sorted(x for x in json.loads(r[4]) if x),
                sources=sorted(x for x in json.loads(r[5]) if x),
                first_seen=r[6],
                last_seen=r[7],
            )
            for r in rows
        ]

    def assignments(self) -> Iterator[tuple[str, str]]:
        yield from self._db.execute("SELECT article_id, story_id FROM grouped ORDER BY position")
