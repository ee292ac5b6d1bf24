"""The storage interface every backend implements; stages never see SQL.

A backend is chosen by ``open_store`` from one setting (a path means SQLite, a ``postgresql://`` URL PostgreSQL), the
way datasketch picks a storage backend from a config key.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType

from ..types import Article


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

    @abstractmethod
    def applied_migrations(self) -> list[str]: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
