"""Schema migrations as named functions, applied in order, each in its own transaction, recorded in a table.

Never edit a migration that has shipped: add a new one. The names are recorded in ``_migrations`` so a database
created by an older version is brought up to date on open. The version that applied the latest migrations is
recorded in ``_written_by``; a store that records a migration this version does not know was written by a newer
storyweave and is refused (``check_migrations``, shared by every backend) rather than read or written wrongly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Sequence

from ..errors import StoreError

Migration = Callable[[sqlite3.Connection], None]


def m001_articles(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            url TEXT,
            source TEXT,
            source_inferred INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            published TEXT,
            published_inferred INTEGER NOT NULL DEFAULT 0,
            language TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            credits TEXT NOT NULL DEFAULT '[]',
            removed TEXT NOT NULL DEFAULT '[]',
            body_kind TEXT NOT NULL DEFAULT 'full',
            format TEXT NOT NULL,
            origin TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX articles_published ON articles (published)")
    db.execute("CREATE INDEX articles_content_hash ON articles (content_hash)")
    db.execute(
        """
        CREATE TABLE sentences (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (article_id, idx)
        )
        """
    )


def m002_articles_fts(db: sqlite3.Connection) -> None:
    # External-content FTS5 table: the text is stored once (in articles) and the index follows it through triggers.
    # unicode61 with remove_diacritics folds "Coréia" and "Coreia" together, which suits multilingual search.
    db.execute(
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid',
            tokenize = "unicode61 remove_diacritics 2"
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES
                ('delete', old.rowid, old.title, old.text);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES
                ('delete', old.rowid, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END
        """
    )


def m003_annotations_and_stories(db: sqlite3.Connection) -> None:
    # Annotations: entity mentions and date expressions, with provenance into the clean text.
    db.execute(
        """
        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            sentence_index INTEGER NOT NULL,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            canonical TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX mentions_article ON mentions (article_id)")
    db.execute("CREATE INDEX mentions_canonical ON mentions (canonical)")
    db.execute(
        """
        CREATE TABLE time_exprs (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            sentence_index INTEGER NOT NULL,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            value TEXT,
            relative INTEGER NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX time_exprs_article ON time_exprs (article_id)")
    # One row per annotated article: its presence means "annotated", so an interrupted run resumes where it stopped.
    db.execute(
        """
        CREATE TABLE annotations (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            event_date TEXT
        )
        """
    )
    # Embeddings keyed by model name: a store never mixes vectors of two models.
    db.execute(
        """
        CREATE TABLE embeddings (
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,
            sentence_vectors BLOB NOT NULL,
            PRIMARY KEY (article_id, model)
        )
        """
    )
    # Grouping: processing position and nearest neighbours per article (so a later run continues, not restarts),
    # story membership, merged-away story ids, and wire copies.
    db.execute(
        """
        CREATE TABLE grouped (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            position INTEGER NOT NULL UNIQUE,
            neighbours TEXT NOT NULL,
            story_id TEXT NOT NULL,
            copy_of TEXT
        )
        """
    )
    db.execute("CREATE INDEX grouped_story ON grouped (story_id)")
    db.execute("CREATE TABLE story_aliases (alias TEXT PRIMARY KEY, story_id TEXT NOT NULL)")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def m004_group_state(db: sqlite3.Connection) -> None:
    # The index keys each article was placed under, so a rebuilt key index is the one grouping built (keys depend on
    # the corpus statistics when the article arrived). NULL for articles grouped before this migration.
    db.execute("ALTER TABLE grouped ADD COLUMN keys TEXT")
    # What the next grouping run restores instead of rebuilding (group/stored.py): named byte strings, each split in
    # parts below SQLite's blob size limit, written in the transaction that writes the grouping rows they describe.
    db.execute(
        """
        CREATE TABLE group_state (
            name TEXT NOT NULL,
            part INTEGER NOT NULL,
            value BLOB NOT NULL,
            PRIMARY KEY (name, part)
        )
        """
    )


def m005_problems(db: sqlite3.Connection) -> None:
    # What went wrong with one item in one stage (an article in annotate/embed/group, a story in compare), so a batch
    # goes on without it and the user sees why. item_id is an article or a story id, hence no foreign key. A row is
    # replaced when the stage fails again and deleted when it succeeds. Plain SQL, the same on PostgreSQL.
    db.execute(
        """
        CREATE TABLE problems (
            item_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (item_id, stage)
        )
        """
    )


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_articles", m001_articles),
    ("002_articles_fts", m002_articles_fts),
    ("003_annotations_and_stories", m003_annotations_and_stories),
    ("004_group_state", m004_group_state),
    ("005_problems", m005_problems),
]


def this_version() -> str:
    from .. import __version__  # imported late: the package imports the store

    return __version__


def check_migrations(
    recorded: Collection[str], written_by: str | None, location: str, known: Sequence[str] | None = None
) -> list[str]:
    """The names of this version's migrations (``known``, default the SQLite list) the store has not applied yet, in
    order. Raises ``StoreError`` (one line) when the store records a migration this version does not know: a newer
    storyweave wrote it, and this one would misread or damage it. Backend-neutral: a backend passes what its
    ``_migrations`` and ``_written_by`` tables hold and its own list of names."""
    known = [name for name, _ in MIGRATIONS] if known is None else list(known)
    unknown = sorted(set(recorded) - set(known))
    if unknown:
        # A store that names this very version was last migrated by it, then by a newer one that did not record itself.
        by = f"storyweave {written_by}" if written_by and written_by != this_version() else "a newer storyweave"
        raise StoreError(
            f"{location} was written by {by}, this is {this_version()}: upgrade storyweave to use it "
            f"(it has migration {unknown[-1]!r}, unknown to this version)"
        )
    return [name for name in known if name not in recorded]


def recorded_state(db: sqlite3.Connection) -> tuple[set[str], str | None]:
    """The migration names a SQLite store records and the version that last migrated it, without writing."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")} if "_migrations" in tables else set()
    written_by = None
    if "_written_by" in tables:
        row = db.execute("SELECT value FROM _written_by WHERE key = 'version'").fetchone()
        written_by = None if row is None else str(row[0])
    return done, written_by


def apply_migrations(db: sqlite3.Connection, location: str = "this store") -> list[str]:
    """Apply the migrations not yet recorded; returns the names applied now. Refuses a store from a newer version.

    Each migration runs in its own ``BEGIN IMMEDIATE`` transaction that first re-reads what is recorded: two processes
    opening a new store at once queue on the write lock, and the second finds the first's migrations done instead of
    creating the same tables again ("table articles already exists")."""
    done, written_by = recorded_state(db)
    if not check_migrations(done, written_by, location):
        return []  # the usual case: nothing to write, so opening takes no write lock
    migrations = dict(MIGRATIONS)
    applied: list[str] = []
    for name, _ in MIGRATIONS:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS _written_by (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            done, written_by = recorded_state(db)
            if name in check_migrations(done, written_by, location):
                migrations[name](db)
                db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, datetime('now'))", (name,))
                db.execute("INSERT OR REPLACE INTO _written_by (key, value) VALUES ('version', ?)", (this_version(),))
                applied.append(name)
        except BaseException:
            db.execute("ROLLBACK")  # a failed migration leaves the schema as it was
            raise
        db.execute("COMMIT")
    return applied
