"""PostgreSQL backend: a server many processes read and write at once; the SQLite schema, tsvector + GIN search.

Selected by a ``postgresql://user@host:port/database`` URL (``--db`` or STORYWEAVE_DB); a password is best kept out of
the URL (PGPASSWORD or ~/.pgpass, which libpq reads), and is never shown in a message. Writers are made safe by the
database rather than by us: articles are inserted ``ON CONFLICT DO NOTHING`` in id order (two ``ingest`` processes
with overlapping input wait for each other's rows instead of deadlocking or duplicating), and grouping, the one
single-writer stage, holds an advisory lock for the whole run (``grouping_lock``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row

from ..errors import StoreError
from ..types import Article, Sentence
from . import describe_location
from .base import LOCK_TIMEOUT_ENV, MAX_ID_CHARS, ArticleSummary, SearchHit, Store, WriteResult, lock_timeout_s
from .postgres_schema import apply_migrations
from .postgres_stories import PostgresStoriesMixin
from .problems import ProblemsMixin
from .sqlite import _GROUPING_COLUMNS, _SUMMARY_COLUMNS, LOCK_POLL_S, _article, _summary

#: How long opening a connection may take before it is reported: a server across a network answers in well under a
#: second; an address that drops packets would otherwise hang the CLI for libpq's default of forever.
CONNECT_TIMEOUT_S = 10

#: Held by the process that groups (``grouping_lock``); per database. The number spells "sw-group".
GROUPING_LOCK = 0x73772D67726F7570

#: Snippets like SQLite's ``snippet()``: matched words in brackets, a couple of short fragments.
HEADLINE_OPTIONS = 'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "'

_ARTICLE_COLUMNS = (
    "id, url, source, source_inferred, title, text, raw_text, published, published_inferred, language, authors, "
    "credits, removed, body_kind, format, origin, content_hash"
)


def _reason(exc: BaseException, secret: str | None = None) -> str:
    """libpq's message as one line, without its "connection to server ... failed:" preamble (the caller names the
    server) and without the password, should a server ever echo it."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[0] if lines else type(exc).__name__
    text = text.rsplit(" failed: ", 1)[-1].removeprefix("FATAL:").strip()
    return text.replace(secret, "***") if secret else text


class PostgresStore(ProblemsMixin, PostgresStoriesMixin, Store):
    _mark = "%s"
    _driver_error = psycopg.Error

    def __init__(self, url: str) -> None:
        self.where = describe_location(url)
        try:
            params = conninfo_to_dict(url)
        except psycopg.ProgrammingError as exc:
            raise StoreError(f"cannot read the PostgreSQL URL {self.where}: {_reason(exc)}") from None
        secret = str(params.get("password") or "") or None
        extra: dict[str, Any] = {} if "connect_timeout" in params else {"connect_timeout": CONNECT_TIMEOUT_S}
        try:
            self._db = psycopg.connect(url, autocommit=True, **extra)
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to PostgreSQL database {params.get('dbname') or '(default)'} on "
                f"{params.get('host') or 'localhost'}:{params.get('port') or 5432}: {_reason(exc, secret)}"
            ) from None
        try:
            apply_migrations(self._db, self.where)
            # the search configurations this database has (one per language PostgreSQL stems, and 'simple')
            self._configs = [
                str(row[0])
                for row in self._db.execute(
                    "SELECT c.oid::regconfig::text FROM pg_ts_config c "
                    "WHERE c.cfgname LIKE 'storyweave\\_%%' AND c.cfgnamespace = current_schema()::regnamespace "
                    "ORDER BY c.cfgname"
                )
            ]
        except psycopg.Error as exc:
            self._db.close()
            raise StoreError(f"cannot open database {self.where}: {_reason(exc, secret)}") from None
        except StoreError:
            self._db.close()
            raise

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection]:
        try:
            # psycopg rolls back on any exception leaving the block, Ctrl-C included: nothing is half-written
            with self._db.transaction():
                yield self._db
        except psycopg.Error as exc:
            raise StoreError(f"could not write to {self.where}: {_reason(exc)}") from exc

    def write_articles(self, articles: Sequence[Article]) -> WriteResult:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        first: dict[str, Article] = {}
        for article in articles:
            first.setdefault(article.id, article)  # a repeat within the batch is "already present", as in SQLite
            if "\x00" in article.text or "\x00" in article.title or "\x00" in article.raw_text:
                raise StoreError(f"article {article.id}: its text holds a NUL character, which PostgreSQL cannot store")
        # one lock order for every writer: two batches sharing articles wait for each other instead of deadlocking
        batch = [first[i] for i in sorted(first)]
        with self._transaction() as db, db.cursor() as cur:
            cur.executemany(
                f"INSERT INTO articles ({_ARTICLE_COLUMNS}, ingested_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (id) DO NOTHING RETURNING id",
                [(*_article_row(a), now) for a in batch],
                returning=True,
            )
            inserted: set[str] = set()
            while True:
                inserted.update(row[0] for row in cur.fetchall())
                if not cur.nextset():
                    break
            with cur.copy("COPY sentences (article_id, idx, char_start, char_end, text) FROM STDIN") as copy:
                for article in batch:
                    if article.id in inserted:
                        for s in article.sentences:
                            copy.write_row((article.id, s.index, s.char_start, s.char_end, s.text))
        return WriteResult(inserted=len(inserted), already_present=len(articles) - len(inserted))

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT id FROM articles WHERE id = ANY(%s)", (list(ids),))}

    def get_article(self, id_or_prefix: str) -> Article | None:
        if len(id_or_prefix) > MAX_ID_CHARS:
            return None
        pattern = id_or_prefix.replace("\\", "").replace("%", "").replace("_", "") + "%"
        with self._db.cursor(row_factory=dict_row) as cur:
            rows = cur.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s OR (length(%s) >= 4 AND id LIKE %s) LIMIT 2",
                (id_or_prefix, id_or_prefix, pattern),
            ).fetchall()
        exact = [r for r in rows if r["id"] == id_or_prefix]
        rows = exact or rows
        if len(rows) != 1:
            return None
        return self.get_articles([rows[0]["id"]])[0]

    def get_articles(self, ids: Sequence[str], *, full: bool = True) -> list[Article]:
        wanted = list(ids)
        with self._db.cursor(row_factory=dict_row) as cur:
            columns = _ARTICLE_COLUMNS if full else _GROUPING_COLUMNS
            rows = cur.execute(f"SELECT {columns} FROM articles WHERE id = ANY(%s)", (wanted,)).fetchall()
        sentences: dict[str, list[Sentence]] = {}
        if full:
            for r in self._db.execute(
                "SELECT article_id, idx, char_start, char_end, text FROM sentences WHERE article_id = ANY(%s) "
                "ORDER BY article_id, idx",
                (wanted,),
            ):
                sentences.setdefault(r[0], []).append(
                    Sentence(article_id=r[0], index=r[1], char_start=r[2], char_end=r[3], text=r[4])
                )
        found = {r["id"]: _article(r, sentences.get(r["id"], [])) for r in rows}
        return [found[i] for i in wanted if i in found]

    def list_articles(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleSummary]:
        rows = self._db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a "
            "ORDER BY a.published IS NULL, a.published, a.id LIMIT %s OFFSET %s",
            (limit, offset),
        )
        summaries = [_summary(r) for r in rows]
        problems = self.problems_of([s.id for s in summaries])
        for summary in summaries:
            summary.problems = problems.get(summary.id, [])
        return summaries

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Every word must appear, stemmed as in some language PostgreSQL knows: the query is read once per
        configuration and the readings are or-ed, so one GIN lookup serves articles of every language. Words are
        read with ``plainto_tsquery``, so operators a user types are plain words."""
        readings = " || ".join("plainto_tsquery(%s::regconfig, %s)" for _ in self._configs)
        params: list[Any] = [v for config in self._configs for v in (config, query)]
        # ranked first, then the listing columns and the snippet (the costly parts) for the best ``limit`` only
        rows = self._db.execute(
            f"WITH q AS (SELECT {readings} AS query), "
            "best AS (SELECT a.id, ts_rank(a.search, q.query) AS rank FROM articles a, q WHERE a.search @@ q.query "
            "ORDER BY rank DESC, a.id LIMIT %s) "
            f"SELECT {_SUMMARY_COLUMNS}, ts_headline(storyweave_ts_config(a.language), a.text, q.query, %s), best.rank "
            "FROM best JOIN articles a ON a.id = best.id, q ORDER BY best.rank DESC, a.id",
            [*params, limit, HEADLINE_OPTIONS],
        )
        # negated: lower is better, as SQLite's bm25
        return [SearchHit(article=_summary(r), snippet=str(r[11]), rank=-float(r[12])) for r in rows]

    def count_articles(self) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self._db.execute('SELECT name FROM _migrations ORDER BY name COLLATE "C"')]

    def revision(self) -> object:
        # what every write of articles or stories changes: the article count, the last grouping position and the
        # merges, in one round trip. Not the server's WAL position, which autovacuum and page pruning move too (every
        # move made the web server rebuild its story list: p99 6.5 s in benchmarks/web_load.py).
        row = self._db.execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT MAX(position) FROM grouped), "
            "(SELECT COUNT(*) FROM story_aliases)"
        ).fetchone()
        return tuple(row) if row else None

    @contextmanager
    def grouping_lock(self) -> Iterator[None]:
        """The database's grouping advisory lock, polled (not a blocking wait) so that a second run gives up after the
        lock timeout with one line, as on SQLite; the server releases it when the holder's session ends or dies."""
        timeout = lock_timeout_s()
        deadline = time.monotonic() + timeout
        while True:
            row = self._db.execute("SELECT pg_try_advisory_lock(%s)", (GROUPING_LOCK,)).fetchone()
            if row and row[0]:
                break
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"another storyweave command is grouping {self.where}; gave up waiting after {timeout:g} s "
                    f"({LOCK_TIMEOUT_ENV}); run this again when it has finished"
                )
            time.sleep(LOCK_POLL_S)
        try:
            yield
        finally:
            if not self._db.closed:
                self._db.execute("SELECT pg_advisory_unlock(%s)", (GROUPING_LOCK,))

    def close(self) -> None:
        self._db.close()


def _article_row(article: Article) -> tuple[object, ...]:
    return (
        article.id,
        article.url,
        article.source,
        int(article.source_inferred),
        article.title,
        article.text,
        article.raw_text,
        article.published.isoformat() if article.published else None,
        int(article.published_inferred),
        article.language,
        json.dumps(article.authors, ensure_ascii=False),
        json.dumps(article.credits, ensure_ascii=False),
        json.dumps([r.to_dict() for r in article.removed], ensure_ascii=False),
        article.body_kind,
        article.format,
        article.origin,
        article.content_hash,
    )
