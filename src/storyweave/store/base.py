"""The storage interface every backend implements; stages never see SQL.

A backend is chosen by ``open_store`` from one setting (a path means SQLite, a ``postgresql://`` URL PostgreSQL), the
way datasketch picks a storage backend from a config key.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import Any, ClassVar

import numpy as np

from ..errors import StoreError
from ..types import Article, Mention, TimeExpr
from .problems import ItemProblem

Vector = np.ndarray[Any, Any]

#: Longest article or story id a store looks up. Ids are 16 hex digits (articles) or "s-" + 16 (stories), so 64 leaves
#: room for other schemes while a 50,000-character id from a URL or the command line is answered "not found" before
#: any query (SQLite refuses LIKE patterns over 50,000 bytes with an error, not an empty result).
MAX_ID_CHARS = 64
#: Characters of an unknown id echoed back in a "not found" message.
SHOWN_ID_CHARS = 40


#: How long a ``cluster``/``run`` waits for another one on the same store before giving up. Grouping 10k new articles
#: takes a few minutes on a laptop (benchmarks/RESULTS.md), so 10 minutes lets a second command queue behind a normal
#: run while a stuck one is still reported. ``STORYWEAVE_LOCK_TIMEOUT`` (seconds) overrides it.
DEFAULT_LOCK_TIMEOUT_S = 600.0
LOCK_TIMEOUT_ENV = "STORYWEAVE_LOCK_TIMEOUT"


def lock_timeout_s() -> float:
    """The grouping lock timeout: ``STORYWEAVE_LOCK_TIMEOUT`` when set, else ``DEFAULT_LOCK_TIMEOUT_S``."""
    text = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT_S
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses NaN
        raise StoreError(f"{LOCK_TIMEOUT_ENV} must be a number of seconds >= 0, not {text!r}")
    return value


def shown_id(value: str) -> str:
    """An id for a one-line message: quoted, and cut short when it is too long to be one."""
    if len(value) <= SHOWN_ID_CHARS:
        return repr(value)
    return f"{value[:SHOWN_ID_CHARS]!r}… ({len(value)} characters)"


@dataclass(slots=True)
class WriteResult:
    inserted: int
    already_present: int


@dataclass(slots=True)
class ArticleSummary:
    """One row of an article listing: what a table or ``--json`` listing shows, without the full text."""

    id: str
    title: str
    source: str | None
    language: str | None
    published: str | None
    url: str | None
    format: str
    origin: str
    n_sentences: int
    n_removed: int
    credits: list[str]
    problems: list[ItemProblem] = field(default_factory=list)  # stages that failed on it (store/problems.py)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {name: getattr(self, name) for name in self.__slots__}
        data["problems"] = [p.to_dict() for p in self.problems]
        return data


@dataclass(slots=True)
class GroupedRow:
    """How one article was grouped: its processing position, nearest neighbours, story, and what it copies."""

    article_id: str
    position: int
    neighbours: list[int]
    story_id: str
    copy_of: str | None
    keys: list[str] | None = None  # the key-index keys it was placed under; None when not recorded

    #: the columns ``from_row`` reads, in its order (both backends store neighbours and keys as JSON text)
    COLUMNS: ClassVar[str] = "article_id, position, neighbours, story_id, copy_of, keys"

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> GroupedRow:
        return cls(
            article_id=row[0],
            position=row[1],
            neighbours=json.loads(row[2]),
            story_id=row[3],
            copy_of=row[4],
            keys=None if row[5] is None else json.loads(row[5]),
        )


@dataclass(slots=True)
class GroupedIds:
    """How the grouped articles were grouped, without their neighbour lists, as columns in position order: what
    restoring a saved grouping state reads (one object per row cost twice the query on a 100k-article store)."""

    article_ids: list[str]
    story_ids: list[str]
    copies: dict[str, str]  # article id -> the earlier article it copies

    def __len__(self) -> int:
        return len(self.article_ids)

    #: the columns ``from_rows`` reads, in its order
    COLUMNS: ClassVar[str] = "article_id, story_id, copy_of"

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[Any]]) -> GroupedIds:
        return cls(
            article_ids=[r[0] for r in rows],
            story_ids=[r[1] for r in rows],
            copies={r[0]: r[2] for r in rows if r[2] is not None},
        )


@dataclass(frozen=True, slots=True)
class StateTail:
    """A saved grouping-state value given as the value this store last read under that name, cut to ``keep`` bytes,
    followed by ``tail``: how a run that only appended to a large value (the embedding index's vectors: ~200 MB at
    100k articles of 512 dimensions) saves it, without building, comparing and copying the whole value again."""

    keep: int
    tail: bytes


#: One saved grouping-state value: whole, or as an extension of what was read.
StateValue = bytes | StateTail


@dataclass(slots=True)
class StorySummary:
    id: str
    title: str
    size: int
    independent_sources: int  # members that are not copies of another member (syndicated wire copies count once)
    languages: list[str]
    sources: list[str]
    first_seen: str | None
    last_seen: str | None

    def to_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(slots=True)
class SearchHit:
    article: ArticleSummary
    snippet: str
    rank: float


class Store(ABC):
    """Articles and their sentences, written one transaction per batch."""

    @abstractmethod
    def write_articles(self, articles: Sequence[Article]) -> WriteResult:
        """Insert the articles not yet stored, all or nothing: one transaction for the batch."""

    @abstractmethod
    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """The subset of ``ids`` already stored."""

    @abstractmethod
    def get_article(self, id_or_prefix: str) -> Article | None:
        """The article with this id, or the only one whose id starts with this prefix (>= 4 characters)."""

    @abstractmethod
    def list_articles(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleSummary]:
        """Articles in publication order (undated last), then by id."""

    @abstractmethod
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over title and clean text, best first."""

    @abstractmethod
    def count_articles(self) -> int: ...

    # Annotations, embeddings and stories. Each write is one transaction.

    @abstractmethod
    def unannotated_ids(self) -> list[str]: ...

    @abstractmethod
    def write_annotations(self, items: Sequence[tuple[str, list[Mention], list[TimeExpr], date | None]]) -> None: ...

    @abstractmethod
    def mentions(self, article_id: str) -> list[Mention]: ...

    @abstractmethod
    def time_exprs(self, article_id: str) -> list[TimeExpr]: ...

    @abstractmethod
    def event_date(self, article_id: str) -> date | None: ...

    @abstractmethod
    def unembedded_ids(self, model: str) -> list[str]: ...

    @abstractmethod
    def write_embeddings(self, model: str, items: Sequence[tuple[str, Vector, Vector]]) -> None: ...

    @abstractmethod
    def embedding(self, article_id: str, model: str) -> tuple[Vector, Vector] | None:
        """(article vector, sentence matrix) stored for this model, or None."""

    # Bulk loaders: a run reads thousands of articles; one query per table per chunk instead of several per article.
    # The defaults loop over the one-article methods, so a backend only overrides them for speed.

    def get_articles(self, ids: Sequence[str], *, full: bool = True) -> list[Article]:
        """The stored articles with these exact ids, in the order given; unknown ids are left out. With ``full``
        False a backend may leave out what grouping does not read (sentences, raw text, removed lines)."""
        return [a for i in ids if (a := self.get_article(i)) is not None and a.id == i]

    def mentions_of(self, ids: Sequence[str]) -> dict[str, list[Mention]]:
        """Entity mentions per article id (an empty list for an article without any)."""
        return {i: self.mentions(i) for i in ids}

    def event_dates(self, ids: Sequence[str]) -> dict[str, date | None]:
        return {i: self.event_date(i) for i in ids}

    def embeddings(self, ids: Sequence[str], model: str) -> dict[str, tuple[Vector, Vector]]:
        """(article vector, sentence matrix) per article id that has vectors of this model."""
        found = {i: self.embedding(i, model) for i in ids}
        return {i: v for i, v in found.items() if v is not None}

    @abstractmethod
    def setting(self, key: str) -> str | None: ...

    @abstractmethod
    def ungrouped_ids(self) -> list[str]: ...

    @abstractmethod
    def grouped_rows(self) -> Iterator[GroupedRow]:
        """Every grouped article in processing order."""

    @abstractmethod
    def grouped_ids(self) -> GroupedIds:
        """Every grouped article in processing order, without neighbours and keys (cheap to read)."""

    @abstractmethod
    def story_aliases(self) -> dict[str, str]: ...

    @abstractmethod
    def write_grouping(
        self,
        new_rows: Sequence[GroupedRow],
        moved: dict[str, str],
        aliases: dict[str, str],
        settings: dict[str, str],
        state: Mapping[str, StateValue] | None = None,
    ) -> None:
        """Add grouped articles, move members of merged stories, record aliases and settings, and replace the saved
        grouping state with ``state`` (or drop it when None: it no longer describes the rows): one transaction. A
        ``StateTail`` value extends what ``group_state`` last read; when the saved state changed since (another run
        wrote it), the transaction fails with ``StoreError`` and nothing is written."""

    @abstractmethod
    def group_state(self) -> dict[str, bytes]:
        """The grouping state the last ``write_grouping`` saved (empty when none)."""

    @abstractmethod
    def resolve_story(self, story_id: str) -> str | None: ...

    @abstractmethod
    def story_member_ids(self, story_id: str) -> list[str]: ...

    @abstractmethod
    def copies(self, article_ids: Sequence[str]) -> dict[str, str]: ...

    @abstractmethod
    def list_stories(self, *, min_size: int = 1, limit: int | None = None) -> list[StorySummary]: ...

    @abstractmethod
    def assignments(self) -> Iterator[tuple[str, str]]: ...

    # -- problems: items that failed in a stage while their batch went on (store/problems.py) --------------------

    @abstractmethod
    def record_problems(self, problems: Sequence[ItemProblem]) -> None: ...

    @abstractmethod
    def clear_problems(self, item_ids: Sequence[str], stage: str) -> None: ...

    @abstractmethod
    def problems_of(self, item_ids: Sequence[str]) -> dict[str, list[ItemProblem]]: ...

    @abstractmethod
    def count_problems(self) -> int: ...

    @abstractmethod
    def applied_migrations(self) -> list[str]: ...

    def revision(self) -> object:
        """A value that changes whenever anyone writes articles or stories to the store (how the web server knows its
        cached story list is stale), or None where the caller must look elsewhere (a SQLite file's size and time)."""
        return None

    #: True when the store was opened for reading only (the file or its folder is not writable): reads work, and every
    #: write raises ``StoreError`` saying so.
    read_only: bool = False

    @abstractmethod
    def grouping_lock(self) -> AbstractContextManager[None]:
        """Held while a command groups (annotating and embedding are idempotent and run outside it), so two
        ``cluster``/``run`` commands on one store take turns instead of racing for the same story positions. Waits up
        to the lock timeout (``lock_timeout_s``) for another process to finish, then raises ``StoreError`` with one
        line saying so. Released when the holder exits or dies (``kill -9`` included). A backend implements it with
        its own primitive (SQLite: a lock file; PostgreSQL: an advisory lock)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
