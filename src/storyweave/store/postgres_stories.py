"""PostgreSQL storage of annotations, embeddings and stories (mixed into ``PostgresStore``); the SQLite twin is
sqlite_stories.py, and both keep the same rows.

Every write is one transaction. Rows are written in article-id order, and an article's annotation row is locked before
its mentions are replaced, so two processes annotating the same article one after the other leave one set of mentions,
never both.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import numpy as np
import psycopg

from ..types import Mention, TimeExpr
from .base import MAX_ID_CHARS, GroupedIds, GroupedRow, StateValue, StorySummary
from .sqlite_stories import _blob, _matrix
from .state_parts import SeenState, plan_state_write

_PENDING_ORDER = "ORDER BY a.published IS NULL, a.published, a.id"


class PostgresStoriesMixin:
    _db: psycopg.Connection
    #: the grouping state as this store last read it, until it writes it
    _state_seen: SeenState = SeenState()

    def _transaction(self) -> AbstractContextManager[psycopg.Connection]:
        raise TypeError("mixed into PostgresStore, which provides _transaction")

    # -- annotations -------------------------------------------------------------------------------------------------

    def unannotated_ids(self) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN annotations n ON n.article_id = a.id "
            f"WHERE n.article_id IS NULL {_PENDING_ORDER}"
        )
        return [r[0] for r in rows]

    def write_annotations(self, items: Sequence[tuple[str, list[Mention], list[TimeExpr], date | None]]) -> None:
        ordered = sorted(items, key=lambda item: item[0])
        ids = [item[0] for item in ordered]
        with self._transaction() as db, db.cursor() as cur:
            # the annotation rows first: their row locks make a second writer of these articles wait until this
            # transaction commits, and its DELETE below then sees (and removes) the mentions written here
            cur.executemany(
                "INSERT INTO annotations (article_id, event_date) VALUES (%s, %s) "
                "ON CONFLICT (article_id) DO UPDATE SET event_date = EXCLUDED.event_date",
                [(i, d.isoformat() if d else None) for i, _, _, d in ordered],
            )
            cur.execute("DELETE FROM mentions WHERE article_id = ANY(%s)", (ids,))
            cur.execute("DELETE FROM time_exprs WHERE article_id = ANY(%s)", (ids,))
            with cur.copy("COPY mentions FROM STDIN") as copy:
                for _, mentions, _, _ in ordered:
                    for m in mentions:
                        copy.write_row((m.article_id, m.sentence_index, m.char_start, m.char_end, m.text, m.type,
                                        m.canonical))  # fmt: skip
            with cur.copy("COPY time_exprs FROM STDIN") as copy:
                for _, _, times, _ in ordered:
                    for t in times:
                        copy.write_row((t.article_id, t.sentence_index, t.char_start, t.char_end, t.text, t.value,
                                        int(t.relative)))  # fmt: skip

    def mentions(self, article_id: str) -> list[Mention]:
        return self.mentions_of([article_id])[article_id]

    def mentions_of(self, ids: Sequence[str]) -> dict[str, list[Mention]]:
        found: dict[str, list[Mention]] = {i: [] for i in ids}
        rows = self._db.execute(
            "SELECT article_id, sentence_index, char_start, char_end, text, type, canonical FROM mentions "
            "WHERE article_id = ANY(%s) ORDER BY article_id, char_start",
            (list(ids),),
        )
        for r in rows:
            found[r[0]].append(Mention(*r))
        return found

    def time_exprs(self, article_id: str) -> list[TimeExpr]:
        rows = self._db.execute(
            "SELECT article_id, sentence_index, char_start, char_end, text, value, relative FROM time_exprs "
            "WHERE article_id = %s ORDER BY char_start",
            (article_id,),
        )
        return [TimeExpr(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]

    def event_date(self, article_id: str) -> date | None:
        return self.event_dates([article_id])[article_id]

    def event_dates(self, ids: Sequence[str]) -> dict[str, date | None]:
        found: dict[str, date | None] = {i: None for i in ids}
        rows = self._db.execute(
            "SELECT article_id, event_date FROM annotations WHERE article_id = ANY(%s)", (list(ids),)
        )
        found.update({r[0]: date.fromisoformat(r[1]) if r[1] else None for r in rows})
        return found

    # -- embeddings --------------------------------------------------------------------------------------------------

    def unembedded_ids(self, model: str) -> list[str]:
        rows = self._db.execute(
            "SELECT a.id FROM articles a LEFT JOIN embeddings e ON e.article_id = a.id AND e.model = %s "
            f"WHERE e.article_id IS NULL {_PENDING_ORDER}",
            (model,),
        )
        return [r[0] for r in rows]

    def write_embeddings(
        self, model: str, items: Sequence[tuple[str, np.ndarray[Any, Any], np.ndarray[Any, Any]]]
    ) -> None:
        with self._transaction() as db, db.cursor() as cur:
            cur.executemany(
                "INSERT INTO embeddings (article_id, model, dim, vector, sentence_vectors) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (article_id, model) DO UPDATE SET dim = EXCLUDED.dim, vector = EXCLUDED.vector, "
                "sentence_vectors = EXCLUDED.sentence_vectors",
                [
                    (aid, model, int(vec.shape[0]), _blob(vec), _blob(sents))
                    for aid, vec, sents in sorted(items, key=lambda item: item[0])
                ],
            )

    def embedding(
        self, article_id: str, model: str
    ) -> tuple[np.ndarray[Any, np.dtype[np.float32]], np.ndarray[Any, np.dtype[np.float32]]] | None:
        return self.embeddings([article_id], model).get(article_id)

    def embeddings(
        self, ids: Sequence[str], model: str
    ) -> dict[str, tuple[np.ndarray[Any, np.dtype[np.float32]], np.ndarray[Any, np.dtype[np.float32]]]]:
        found = {}
        with self._db.cursor(binary=True) as cur:  # bytea as it is stored, not as hex text twice its size
            cur.execute(
                "SELECT article_id, dim, vector, sentence_vectors FROM embeddings "
                "WHERE model = %s AND article_id = ANY(%s)",
                (model, list(ids)),
            )
            for r in cur:
                dim = int(r[1])
                found[r[0]] = (_matrix(r[2], dim)[0], _matrix(r[3], dim))
        return found

    # -- grouping ----------------------------------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = %s", (key,)).fetchone()
        return None if row is None else str(row[0])

    def ungrouped_ids(self) -> list[str]:
        rows = self._db.execute(
            f"SELECT a.id FROM articles a LEFT JOIN grouped g ON g.article_id = a.id WHERE g.article_id IS NULL "
            f"{_PENDING_ORDER}"
        )
        return [r[0] for r in rows]

    def grouped_rows(self) -> Iterator[GroupedRow]:
        rows = self._db.execute(f"SELECT {GroupedRow.COLUMNS} FROM grouped ORDER BY position").fetchall()
        for r in rows:
            yield GroupedRow.from_row(r)

    def grouped_ids(self) -> GroupedIds:
        rows = self._db.execute(f"SELECT {GroupedIds.COLUMNS} FROM grouped ORDER BY position").fetchall()
        return GroupedIds.from_rows(rows)

    def group_state(self) -> dict[str, bytes]:
        parts: dict[str, list[bytes]] = {}
        with self._db.cursor(binary=True) as cur:
            for name, _, value in cur.execute("SELECT name, part, value FROM group_state ORDER BY name, part"):
                parts.setdefault(name, []).append(bytes(value))
        # what is stored now, so that the next write_grouping rewrites only the parts that changed
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
        with self._transaction() as db, db.cursor() as cur:
            cur.executemany(
                "INSERT INTO grouped (article_id, position, neighbours, story_id, copy_of, keys) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
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
            self._write_state(cur, state or {})
            cur.executemany(
                "UPDATE grouped SET story_id = %s WHERE article_id = %s", [(s, a) for a, s in sorted(moved.items())]
            )
            cur.executemany(
                "INSERT INTO story_aliases (alias, story_id) VALUES (%s, %s) "
                "ON CONFLICT (alias) DO UPDATE SET story_id = EXCLUDED.story_id",
                sorted(aliases.items()),
            )
            cur.executemany(
                "INSERT INTO settings (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                sorted(settings.items()),
            )

    def _write_state(self, cur: psycopg.Cursor[Any], state: Mapping[str, StateValue]) -> None:
        """Replace the saved grouping state, writing only the parts that differ from what ``group_state`` read."""
        seen, self._state_seen = self._state_seen, SeenState()  # read again before the next write: bytes freed here
        # FOR UPDATE: the comparison with what was read holds until this transaction commits
        row = cur.execute(
            "SELECT value FROM group_state WHERE name = 'fingerprint' AND part = 0 FOR UPDATE", binary=True
        ).fetchone()
        plan = plan_state_write(seen, None if row is None else bytes(row[0]), state)
        if plan.clear:
            cur.execute("DELETE FROM group_state")
        cur.executemany("DELETE FROM group_state WHERE name = %s AND part = %s", plan.stale)
        cur.executemany(
            "INSERT INTO group_state (name, part, value) VALUES (%s, %s, %b) "
            "ON CONFLICT (name, part) DO UPDATE SET value = EXCLUDED.value",
            [(name, part, bytes(value)) for name, part, value in plan.changed],
        )

    def resolve_story(self, story_id: str) -> str | None:
        """The live id for a story id, an alias of a merged story, or a unique prefix; None when unknown."""
        if len(story_id) > MAX_ID_CHARS:
            return None
        seen: set[str] = set()
        while True:
            # one round trip per step (the web server asks this on every story page): its alias and whether it is live
            row = self._db.execute(
                "SELECT (SELECT story_id FROM story_aliases WHERE alias = %s), "
                "EXISTS (SELECT 1 FROM grouped WHERE story_id = %s)",
                (story_id, story_id),
            ).fetchone()
            assert row is not None
            seen.add(story_id)
            if row[0] is None or row[0] in seen:
                if row[1]:
                    return story_id
                break
            story_id = row[0]
        pattern = story_id.replace("\\", "").replace("%", "").replace("_", "") + "%"
        rows = self._db.execute(
            "SELECT DISTINCT story_id FROM grouped WHERE length(%s) >= 6 AND story_id LIKE %s LIMIT 2",
            (story_id, pattern),
        ).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def story_member_ids(self, story_id: str) -> list[str]:
        rows = self._db.execute("SELECT article_id FROM grouped WHERE story_id = %s ORDER BY position", (story_id,))
        return [r[0] for r in rows]

    def copies(self, article_ids: Sequence[str]) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT article_id, copy_of FROM grouped WHERE copy_of IS NOT NULL AND article_id = ANY(%s)",
            (list(article_ids),),
        )
        return {r[0]: r[1] for r in rows}

    def list_stories(self, *, min_size: int = 1, limit: int | None = None) -> list[StorySummary]:
        rows = self._db.execute(
            """
            SELECT g.story_id,
                   (array_agg(a.title ORDER BY g.position))[1],
                   COUNT(*),
                   COUNT(*) FILTER (WHERE g.copy_of IS NULL),
                   array_agg(DISTINCT a.language),
                   array_agg(DISTINCT coalesce(a.source, '')),
                   MIN(a.published), MAX(a.published), MIN(g.position)
            FROM grouped g JOIN articles a ON a.id = g.article_id
            GROUP BY g.story_id HAVING COUNT(*) >= %s
            ORDER BY COUNT(*) DESC, MIN(g.position)
            LIMIT %s
            """,
            (min_size, limit),
        )
        return [
            StorySummary(
                id=r[0],
                title=r[1],
                size=int(r[2]),
                independent_sources=int(r[3]),
                languages=sorted(x for x in r[4] if x),
                sources=sorted(x for x in r[5] if x),
                first_seen=r[6],
                last_seen=r[7],
            )
            for r in rows
        ]

    def assignments(self) -> Iterator[tuple[str, str]]:
        rows = self._db.execute("SELECT article_id, story_id FROM grouped ORDER BY position").fetchall()
        yield from ((r[0], r[1]) for r in rows)
