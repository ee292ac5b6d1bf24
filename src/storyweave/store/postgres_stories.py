"""PostgreSQL storage of annotations, embeddings and stories (mixed into ``PostgresStore``): PostgreSQL's dialect for
the shared statements of stories_sql.py, and the statements of its own; both backends keep the same rows.

Every write is one transaction. Rows are written in article-id order, and an article's annotation row is locked before
its mentions are replaced, so two processes annotating the same article one after the other leave one set of mentions,
never both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Any, ClassVar, TypeVar

import psycopg

from ..types import Mention, TimeExpr
from .base import MAX_ID_CHARS, StorySummary
from .stories_sql import StoriesSQLMixin, WriteCursor, story_summaries

_T = TypeVar("_T")


class PostgresStoriesMixin(StoriesSQLMixin):
    _db: psycopg.Connection
    PARAM: ClassVar[str] = "%s"

    def _transaction(self) -> AbstractContextManager[psycopg.Connection]:
        raise TypeError("mixed into PostgresStore, which provides _transaction")

    # -- the dialect -------------------------------------------------------------------------------------------------

    @contextmanager
    def _writer(self) -> Iterator[psycopg.Cursor[Any]]:
        with self._transaction() as db, db.cursor() as cur:
            yield cur

    def _match_ids(self, column: str, ids: Sequence[str]) -> Iterator[tuple[str, list[Any]]]:
        yield f"{column} = ANY(%s)", [list(ids)]  # one array parameter, whatever the number of ids

    def _upsert(self, table: str, keys: tuple[str, ...], values: tuple[str, ...], blobs: tuple[str, ...] = ()) -> str:
        # %b: bytea sent as it is, not as hex text twice its size
        marks = ", ".join("%b" if column in blobs else "%s" for column in (*keys, *values))
        updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in values)
        return (
            f"INSERT INTO {table} ({', '.join((*keys, *values))}) VALUES ({marks}) "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
        )

    def _write_order(self, rows: Iterable[_T], key: Callable[[_T], str]) -> list[_T]:
        # concurrent writers take their row locks in the same order, so they wait for each other instead of deadlocking
        return sorted(rows, key=key)

    def _rows(self, query: str) -> Iterable[Sequence[Any]]:
        return self._db.execute(query).fetchall()

    def _binary_rows(self, query: str, params: Sequence[Any] = ()) -> Iterator[Sequence[Any]]:
        with self._db.cursor(binary=True) as cur:  # bytea as it is stored, not as hex text twice its size
            yield from cur.execute(query, params)

    def _stored_fingerprint(self, cur: WriteCursor) -> bytes | None:
        # FOR UPDATE: the comparison with what was read holds until this transaction commits
        assert isinstance(cur, psycopg.Cursor)
        row = cur.execute(
            "SELECT value FROM group_state WHERE name = 'fingerprint' AND part = 0 FOR UPDATE", binary=True
        ).fetchone()
        return None if row is None else bytes(row[0])

    # -- statements of its own ---------------------------------------------------------------------------------------

    def write_annotations(self, items: Sequence[tuple[str, list[Mention], list[TimeExpr], date | None]]) -> None:
        ordered = sorted(items, key=lambda item: item[0])
        ids = [item[0] for item in ordered]
        with self._writer() as cur:
            # the annotation rows first: their row locks make a second writer of these articles wait until this
            # transaction commits, and its DELETE below then sees (and removes) the mentions written here
            cur.executemany(
                self._upsert("annotations", ("article_id",), ("event_date",)),
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
        return story_summaries(rows, list)
