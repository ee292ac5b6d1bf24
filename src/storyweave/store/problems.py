"""Problems recorded on items: an article or a story that failed in one stage while the rest of its batch went on.

A problem is kept until the stage succeeds for that item (the next ``cluster`` retries it) and is shown where the
item is shown: ``storyweave article ID``, ``articles --json`` and the web article page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..errors import StoreError

#: The stages a problem can be recorded in, in pipeline order.
STAGES = ("read", "clean", "annotate", "embed", "group", "compare")

#: A reason longer than this is cut: it is a one-line message for a listing, not a log.
MAX_REASON_CHARS = 300


@dataclass(slots=True, frozen=True)
class ItemProblem:
    """One item's failure in one stage: which item, which stage, and the one-line reason."""

    item_id: str
    stage: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"stage": self.stage, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.item_id}: {self.stage}: {self.reason}"


def reason_of(exc: BaseException) -> str:
    """One line naming the exception type and its message, cut to ``MAX_REASON_CHARS``."""
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


class ProblemsMixin:
    """The problem methods of ``Store`` in SQL both backends speak; a backend sets its placeholder and the error type
    its driver raises."""

    _db: Any
    #: the driver's parameter placeholder ("?" for sqlite3, "%s" for psycopg)
    _mark: str = "?"
    _driver_error: type[Exception] = sqlite3.DatabaseError

    def _transaction(self) -> AbstractContextManager[Any]:
        raise TypeError("mixed into a Store, which provides _transaction")

    def record_problems(self, problems: Sequence[ItemProblem]) -> None:
        if not problems:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        marks = ", ".join([self._mark] * 4)
        try:
            with self._transaction() as db:
                for p in problems:
                    db.execute(
                        f"INSERT INTO problems (item_id, stage, reason, recorded_at) VALUES ({marks}) "
                        "ON CONFLICT (item_id, stage) DO UPDATE SET reason = excluded.reason, "
                        "recorded_at = excluded.recorded_at",
                        (p.item_id, p.stage, p.reason, now),
                    )
        except self._driver_error as exc:
            raise StoreError(f"could not record problems: {exc}") from exc

    def clear_problems(self, item_ids: Sequence[str], stage: str) -> None:
        """Forget ``stage``'s problems of these items: the stage has now succeeded for them."""
        if not item_ids or not self.has_problems():
            return
        try:
            with self._transaction() as db:
                for chunk in _chunks(item_ids):
                    marks = ",".join([self._mark] * len(chunk))
                    db.execute(
                        f"DELETE FROM problems WHERE stage = {self._mark} AND item_id IN ({marks})", (stage, *chunk)
                    )
        except self._driver_error as exc:
            raise StoreError(f"could not clear problems: {exc}") from exc

    def has_problems(self) -> bool:
        return self._db.execute("SELECT 1 FROM problems LIMIT 1").fetchone() is not None

    def problems_of(self, item_ids: Sequence[str]) -> dict[str, list[ItemProblem]]:
        found: dict[str, list[ItemProblem]] = {}
        if not item_ids or not self.has_problems():
            return found
        for chunk in _chunks(item_ids):
            marks = ",".join([self._mark] * len(chunk))
            for item_id, stage, reason in self._db.execute(
                f"SELECT item_id, stage, reason FROM problems WHERE item_id IN ({marks})", chunk
            ).fetchall():
                found.setdefault(str(item_id), []).append(ItemProblem(str(item_id), str(stage), str(reason)))
        for problems in found.values():
            problems.sort(key=lambda p: STAGES.index(p.stage) if p.stage in STAGES else len(STAGES))
        return found

    def count_problems(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM problems").fetchone()[0])


#: Ids per statement: well below SQLite's bound-parameter limit.
_CHUNK = 500


def _chunks(ids: Sequence[str]) -> list[list[str]]:
    return [list(ids[i : i + _CHUNK]) for i in range(0, len(ids), _CHUNK)]
