"""Storage: a small interface (``Store``) and a factory keyed on one setting."""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .base import ArticleSummary, SearchHit, Store, WriteResult
from .sqlite import SQLiteStore

__all__ = ["ArticleSummary", "SQLiteStore", "SearchHit", "Store", "WriteResult", "open_store"]


def open_store(location: str | Path) -> Store:
    """A path opens (or creates) a SQLite file; a ``postgresql://`` URL will select the PostgreSQL backend."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL backend is not available in this version; use a SQLite path for --db")
    return SQLiteStore(Path(text))
