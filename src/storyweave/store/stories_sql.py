"""Storage of annotations, embeddings and stories, written once for both stores (mixed into ``SQLiteStore`` and
``PostgresStore``).

The queries are the same on SQLite and PostgreSQL but for their dialect, which each backend's mixin supplies in a few
hooks: its parameter mark, how a list of ids is matched, how a row is inserted or replaced, how rows are read, the
order in which rows are written. The statements that really differ (writing annotations, listing stories, resolving a
story id) live in sqlite_stories.py and postgres_stories.py.

Every write is one transaction, so an interrupted ``cluster`` leaves each article either fully annotated, embedded,
grouped, or not at all, and the next run picks up exactly what is missing.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any, ClassVar, Protocol, TypeVar

import numpy as np

from ..types import Mention, TimeExpr
from .base import GroupedIds, GroupedRow, StateValue, StorySummary
from .state_parts import SeenState, plan_state_write

_F32 = np.dtype("<f4")
_T = TypeVar("_T")

#: Articles still to annotate, embed or group are handed out oldest first (undated last), then by id.
PENDING_ORDER = "ORDER BY a.published IS NULL, a.published, a.id"
_MENTION_COLUMNS = "article_id, sentence_index, char_start, char_end, text, type, canonical"

Vectors = np.ndarray[Any, np.dtype[np.float32]]


class Executor(Protocol):
    """What a statement runs on: a connection for reads, the backend's writer (``_writer``) for writes."""

    def execute(self, query: str, params: Any = ..., /) -> Any: ...


class WriteCursor(Executor, Protocol):
    def executemany(self, query: str, params: Any, /) -> Any: ...


def blob(matrix: np.ndarray[Any, Any]) -> bytes:
    return np.ascontiguousarray(matrix, dtype=_F32).tobytes()


def matrix(data: bytes, dim: int) -> Vectors:
    flat = np.frombuffer(data, dtype=_F32).astype(np.float32)
    return flat.reshape(-1, dim) if dim else flat.reshape(0, 0)


def _first(pair: tuple[str, str]) -> str:
    return pair[0]


def story_summaries(rows: Iterable[Sequence[Any]], as_list: Callable[[Any], Iterable[str]]) -> list[StorySummary]:
    """Rows of the backend's story-list query (id, title, size, independent members, languages, sources, first and last
    published); ``as_list`` reads its two list columns (a JSON array in SQLite, an array in PostgreSQL)."""
    return [
        StorySummary(
            id=r[0],
            title=r[1],
            size=int(r[2]),
            independent_sources=int(r[3]),
            languages=sorted(x for x in as_list(r[4]) if x),
            sources=sorted(x for x in as_list(r[5]) if x),
            first_seen=r[6],
            last_seen=r[7],
        )
        for r in rows
    ]


class StoriesSQLMixin(ABC):
    _db: Executor
    #: the grouping state as this store last read it, until it writes it
    _state_seen: SeenState = SeenState()
    #: The backend's parameter mark; the shared statements below are written with ``?`` and contain no other ``?``
    #: and no ``%`` (a literal percent sign would need doubling for PostgreSQL's ``%s``).
    PARAM: ClassVar[str] = "?"

    # -- the dialect: supplied by each backend -----------------------------------------------------------------------

    @abstractmethod
    def _writer(self) -> AbstractContextManager[WriteCursor]:
        """One transaction, and what its statements run on."""

    @abstractmethod
    def _match_ids(self, column: str, ids: Sequence[str]) -> Iterator[tuple[str, list[Any]]]:
        """``(condition, params)`` per query that together select ``column`` in ``ids`` (no query for no ids)."""

    @abstractmethod
    def _upsert(self, table: str, keys: tuple[str, ...], values: tuple[str, ...], blobs: tuple[str, ...] = ()) -> str:
        """An INSERT of ``keys + values`` that replaces the row with the same ``keys``; ``blobs``: binary columns."""

    @abstractmethod
    def _write_order(self, rows: Iterable[_T], key: Callable[[_T], str]) -> list[_T]:
        """``rows`` in the order the backend writes them (PostgreSQL: by key, so concurrent writers lock alike)."""

    @abstractmethod
    def _rows(self, query: str) -> Iterable[Sequence[Any]]:
        """The rows of a parameterless query that may be long (read lazily where the driver allows it)."""

    @abstractmethod
    def _binary_rows(self, query: str, params: Sequence[Any] = ()) -> Iterator[Sequence[Any]]:
        """The rows of a query reading binary columns, as ``bytes``-like values."""

    @abstractmethod
    def _stored_fingerprint(self, cur: WriteCursor) -> bytes | None:
        """The saved state's fingerprint, read inside ``_writer``'s transaction (and held there)."""

    def _sql(self, query: str) -> str:
        return query if self.PARAM == "?" else query.replace("?", self.PARAM)

    def _ids(self, query: str, params: Sequence[Any] = ()) -> list[str]:
        return [r[0] for r in self._db.execute(self._sql(query), params)]

    # -- annotations -------------------------------------------------------------------------------------------------

    def unannotated_ids(self) -> list[str]:
        return self._ids(
            "SELECT a.id FROM articles a LEFT JOIN annotations n ON n.article_id = a.id "
            f"WHERE n.article_id IS NULL {PENDING_ORDER}"
        )

    def mentions(self, article_id: str) -> list[Mention]:
        return self.mentions_of([article_id])[article_id]

    def mentions_of(self, ids: Sequence[str]) -> dict[str, list[Mention]]:
        found: dict[str, list[Mention]] = {i: [] for i in ids}
        for condition, params in self._match_ids("article_id", ids):
            rows = self._db.execute(
                f"SELECT {_MENTION_COLUMNS} FROM mentions WHERE {condition} ORDER BY article_id, char_start", params
            )
            for r in rows:
                found[r[0]].append(Mention(*r))
        return found

    def time_exprs(self, article_id: str) -> list[TimeExpr]:
        rows = self._db.execute(
            self._sql(
                "SELECT article_id, sentence_index, char_start, char_end, text, value, relative FROM time_exprs "
                "WHERE article_id = ? ORDER BY char_start"
            ),
            (article_id,),
        )
        return [TimeExpr(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]

    def event_date(self, article_id: str) -> date | None:
        return self.event_dates([article_id])[article_id]

    def event_dates(self, ids: Sequence[str]) -> dict[str, date | None]:
        found: dict[str, date | None] = {i: None for i in ids}
        for condition, params in self._match_ids("article_id", ids):
            rows = self._db.execute(f"SELECT article_id, event_date FROM annotations WHERE {condition}", params)
            found.update({r[0]: date.fromisoformat(r[1]) if r[1] else None for r in rows})
        return found

    # -- embeddings --------------------------------------------------------------------------------------------------

    def unembedded_ids(self, model: str) -> list[str]:
        return self._ids(
            "SELECT a.id FROM articles a LEFT JOIN embeddings e ON e.article_id = a.id AND e.model = ? "
            f"WHERE e.article_id IS NULL {PENDING_ORDER}",
            (model,),
        )

    def write_embeddings(
        self, model: str, items: Sequence[tuple[str, np.ndarray[Any, Any], np.ndarray[Any, Any]]]
    ) -> None:
        statement = self._upsert("embeddings", ("article_id", "model"), ("dim", "vector", "sentence_vectors"))
        with self._writer() as cur:
            cur.executemany(
                statement,
                [
                    (aid, model, int(vec.shape[0]), blob(vec), blob(sents))
                    for aid, vec, sents in self._write_order(items, key=lambda item: item[0])
                ],
            )

    def embedding(self, article_id: str, model: str) -> tuple[Vectors, Vectors] | None:
        return self.embeddings([article_id], model).get(article_id)

    def embeddings(self, ids: Sequence[str], model: str) -> dict[str, tuple[Vectors, Vectors]]:
        found = {}
        for condition, params in self._match_ids("article_id", ids):
            for r in self._binary_rows(
                self._sql("SELECT article_id, dim, vector, sentence_vectors FROM embeddings WHERE model = ? AND ")
                + condition,
                [model, *params],
            ):
                dim = int(r[1])
                found[r[0]] = (matrix(r[2], dim)[0], matrix(r[3], dim))
        return found

    # -- grouping ----------------------------------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self._db.execute(self._sql("SELECT value FROM settings WHERE key = ?"), (key,)).fetchone()
        return None if row is None else str(row[0])

    def ungrouped_ids(self) -> list[str]:
        return self._ids(
            f"SELECT a.id FROM articles a LEFT JOIN grouped g ON g.article_id = a.id WHERE g.article_id IS NULL "
            f"{PENDING_ORDER}"
        )

    def grouped_rows(self) -> Iterator[GroupedRow]:
        for r in self._rows(f"SELECT {GroupedRow.COLUMNS} FROM grouped ORDER BY position"):
            yield GroupedRow.from_row(r)

    def grouped_ids(self) -> GroupedIds:
        rows = self._db.execute(f"SELECT {GroupedIds.COLUMNS} FROM grouped ORDER BY position").fetchall()
        return GroupedIds.from_rows(rows)

    def group_state(self) -> dict[str, bytes]:
        parts: dict[str, list[bytes]] = {}
        for name, _, value in self._binary_rows("SELECT name, part, value FROM group_state ORDER BY name, part"):
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
        with self._writer() as cur:
            cur.executemany(
                self._sql(
                    "INSERT INTO grouped (article_id, position, neighbours, story_id, copy_of, keys) "
                    "VALUES (?, ?, ?, ?, ?, ?)"
                ),
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
                self._sql("UPDATE grouped SET story_id = ? WHERE article_id = ?"),
                [(s, a) for a, s in self._write_order(moved.items(), key=_first)],
            )
            cur.executemany(
                self._upsert("story_aliases", ("alias",), ("story_id",)), self._write_order(aliases.items(), key=_first)
            )
            cur.executemany(
                self._upsert("settings", ("key",), ("value",)), self._write_order(settings.items(), key=_first)
            )

    def _write_state(self, cur: WriteCursor, state: Mapping[str, StateValue]) -> None:
        """Replace the saved grouping state, writing only the parts that differ from what ``group_state`` read."""
        seen, self._state_seen = self._state_seen, SeenState()  # read again before the next write: bytes freed here
        plan = plan_state_write(seen, self._stored_fingerprint(cur), state)
        if plan.clear:
            cur.execute("DELETE FROM group_state")
        cur.executemany(self._sql("DELETE FROM group_state WHERE name = ? AND part = ?"), plan.stale)
        cur.executemany(
            self._upsert("group_state", ("name", "part"), ("value",), blobs=("value",)),
            # one part copied at a time: a whole rewrite of a large state is never held twice in memory
            ((name, part, bytes(value)) for name, part, value in plan.changed),
        )

    def story_member_ids(self, story_id: str) -> list[str]:
        return self._ids("SELECT article_id FROM grouped WHERE story_id = ? ORDER BY position", (story_id,))

    def copies(self, article_ids: Sequence[str]) -> dict[str, str]:
        found = {}
        for condition, params in self._match_ids("article_id", article_ids):
            rows = self._db.execute(
                f"SELECT article_id, copy_of FROM grouped WHERE copy_of IS NOT NULL AND {condition}", params
            )
            found.update({r[0]: r[1] for r in rows})
        return found

    def assignments(self) -> Iterator[tuple[str, str]]:
        yield from ((r[0], r[1]) for r in self._rows("SELECT article_id, story_id FROM grouped ORDER BY position"))
