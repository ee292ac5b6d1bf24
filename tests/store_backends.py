"""Fixtures giving a fresh store location on each backend: a SQLite file, or a new database on the throwaway PostgreSQL
server `make test` starts (scripts/with-postgres.sh exports its URL as STORYWEAVE_TEST_PG).

Import the fixtures into a test module (``from store_backends import backend, location``); a test taking ``location``
runs once per backend. Without the server, the PostgreSQL half is skipped with the reason.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ENV = "STORYWEAVE_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]


def pg_server() -> str:
    """The test server's URL (a maintenance database on it), or skip."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: {PG_ENV} is unset (`make test` starts one with scripts/with-postgres.sh)")
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'storyweave[postgres]')")
    return url


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards."""
    import psycopg

    server = pg_server()
    name = f"sw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield _with_database(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where a fresh store opens: a file path for SQLite, a database URL for PostgreSQL."""
    if backend == "sqlite":
        return str(tmp_path / "s.db")
    return str(request.getfixturevalue("pg_url"))
