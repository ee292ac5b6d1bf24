"""Storage: a small interface (``Store``) and a factory keyed on one setting."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..errors import StoreError
from .base import ArticleSummary, SearchHit, Store, WriteResult
from .problems import ItemProblem
from .sqlite import SQLiteStore

__all__ = [
    "ArticleSummary",
    "ItemProblem",
    "SQLiteStore",
    "SearchHit",
    "Store",
    "WriteResult",
    "describe_location",
    "is_database_url",
    "open_store",
]

_URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(location: str | Path) -> bool:
    """Whether ``location`` names a database server (PostgreSQL) rather than a SQLite file."""
    return str(location).startswith(_URL_SCHEMES)


def open_store(location: str | Path) -> Store:
    """A path opens (or creates) a SQLite file; a ``postgresql://`` URL opens a PostgreSQL database (which must
    exist; its tables are created on first use)."""
    text = str(location)
    if is_database_url(text):
        try:
            from .postgres import PostgresStore
        except ImportError:
            raise StoreError("PostgreSQL needs the psycopg package: pip install 'storyweave[postgres]'") from None
        return PostgresStore(text)
    return SQLiteStore(Path(text))


def describe_location(location: str | Path) -> str:
    """The store's location as messages may show it: a path as given, a URL without its password."""
    text = str(location)
    if not is_database_url(text):
        return text
    try:
        url = urlsplit(text)
        host, port, user = url.hostname or "localhost", url.port, url.username
    except ValueError:  # a port that is not a number, brackets that do not close: show nothing of it
        return "postgresql://(unreadable URL)"
    # the path is the database; the query (which may carry password=...) is left out
    return f"postgresql://{f'{user}@' if user else ''}{host}{f':{port}' if port else ''}{url.path}"
