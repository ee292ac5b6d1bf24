"""The PostgreSQL schema: the SQLite migrations (store/migrations.py) step for step, under the same names, in
PostgreSQL's dialect, each in its own transaction and recorded in ``_migrations``.

A step added to one backend is added to the other under the same name (a test compares the lists). Text columns that
are sorted on (ids, publication times) use the "C" collation, so listings and the grouping order are byte order, as in
SQLite, whatever the server's locale.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from .migrations import check_migrations, this_version

Migration = Callable[[psycopg.Connection], None]

#: Held while migrating, so two processes opening a new database at once do not both create its tables (a session
#: advisory lock is per database: other databases on the server are not blocked). The number spells "sw-migr".
MIGRATION_LOCK = 0x73772D6D69677200

#: ISO 639-1 codes and PostgreSQL's text-search configurations for them (the stemmers PostgreSQL ships: snowball plus
#: a few). Articles in another language, or of unknown language, are indexed with 'simple' (words, no stemming).
#: Only the configurations the server has are used (armenian, basque, catalan, hindi, serbian, yiddish arrived in 15).
TS_CONFIGS = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "no": "norwegian",
    "nb": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def m001_articles(db: psycopg.Connection) -> None:
    db.execute(
        """
        CREATE TABLE articles (
            id TEXT COLLATE "C" PRIMARY KEY,
            url TEXT,
            source TEXT,
            source_inferred INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            published TEXT COLLATE "C",
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
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            char_start INTEGER NOT NULL,
            char_end INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (article_id, idx)
        )
        """
    )


def _unaccent_available(db: psycopg.Connection) -> bool:
    """Whether the unaccent dictionary (PostgreSQL's contrib, in Debian's server package) can be used here: it folds
    "Coréia" and "Coreia" together, as SQLite's unicode61 tokenizer does. A server without it indexes accents as
    written."""
    try:
        with db.transaction():  # a savepoint: a refused CREATE EXTENSION leaves the migration's transaction usable
            db.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except psycopg.Error:
        return False
    return True


def m002_articles_fts(db: psycopg.Connection) -> None:
    # One configuration per language, copied from PostgreSQL's and preceded by unaccent where available, and a
    # function from an article's language to its configuration. The search vector is a generated column, so the
    # index follows every write with no trigger; GIN makes a query a lookup of its words.
    have = {row[0] for row in db.execute("SELECT cfgname FROM pg_ts_config")}
    unaccent = _unaccent_available(db)
    # configuration names in the function body are looked up when it runs: qualified, they do not depend on the
    # search_path of whoever writes an article later
    schema = db.execute("SELECT quote_ident(current_schema())").fetchone()[0]  # type: ignore[index]
    cases = []
    for name in ["simple", *sorted(set(TS_CONFIGS.values()) & have)]:
        db.execute(f"CREATE TEXT SEARCH CONFIGURATION storyweave_{name} (COPY = pg_catalog.{name})")
        if unaccent:  # words with non-ASCII letters lose their accents before stemming (ASCII words have none)
            stemmer = "simple" if name == "simple" else f"{name}_stem"
            db.execute(
                f"ALTER TEXT SEARCH CONFIGURATION storyweave_{name} "
                f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}"
            )
    for code, name in sorted(TS_CONFIGS.items()):
        if name in have:
            cases.append(f"WHEN '{code}' THEN '{schema}.storyweave_{name}'::regconfig")
    db.execute(
        f"""
        CREATE FUNCTION storyweave_ts_config(language TEXT) RETURNS regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE language {" ".join(cases)} ELSE '{schema}.storyweave_simple'::regconfig END $$
        """
    )
    db.execute(
        """
        ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector(storyweave_ts_config(language), title), 'A')
            || setweight(to_tsvector(storyweave_ts_config(language), text), 'B')
        ) STORED
        """
    )
    db.execute("CREATE INDEX articles_search ON articles USING GIN (search)")


def m003_annotations_and_stories(db: psycopg.Connection) -> None:
    db.execute(
        """
        CREATE TABLE mentions (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
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
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
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
    db.execute(
        """
        CREATE TABLE annotations (
            article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            event_date TEXT
        )
        """
    )
    db.execute(
        """
        CREATE TABLE embeddings (
            article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            dim INTEGER NOT NULL,
            vector BYTEA NOT NULL,
            sentence_vectors BYTEA NOT NULL,
            PRIMARY KEY (article_id, model)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE grouped (
            article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            position INTEGER NOT NULL UNIQUE,
            neighbours TEXT NOT NULL,
            story_id TEXT COLLATE "C" NOT NULL,
            copy_of TEXT COLLATE "C"
        )
        """
    )
    db.execute("CREATE INDEX grouped_story ON grouped (story_id)")
    db.execute('CREATE TABLE story_aliases (alias TEXT COLLATE "C" PRIMARY KEY, story_id TEXT COLLATE "C" NOT NULL)')
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def m004_group_state(db: psycopg.Connection) -> None:
    db.execute("ALTER TABLE grouped ADD COLUMN keys TEXT")
    # bytea parts of STATE_PART_BYTES (store/state_parts.py): PostgreSQL would take a 1 GB value, but parts are the
    # unit a run rewrites, as in SQLite.
    db.execute(
        """
        CREATE TABLE group_state (
            name TEXT NOT NULL,
            part INTEGER NOT NULL,
            value BYTEA NOT NULL,
            PRIMARY KEY (name, part)
        )
        """
    )


def m005_problems(db: psycopg.Connection) -> None:
    # As in SQLite (store/migrations.py): what went wrong with one item in one stage.
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


def apply_migrations(db: psycopg.Connection, where: str) -> list[str]:
    """Apply the steps not yet recorded (under an advisory lock), and refuse a database a newer version wrote: one
    with steps this version does not know. ``db`` is in autocommit mode; ``where`` names the database in errors."""
    db.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    try:
        db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS _written_by (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
        row = db.execute("SELECT value FROM _written_by WHERE key = 'version'").fetchone()
        # The same check as SQLite's: "written by storyweave X.Y, this is A.B" for a store a newer version migrated.
        pending = check_migrations(done, None if row is None else str(row[0]), where, [n for n, _ in MIGRATIONS])
        steps = dict(MIGRATIONS)
        for name in pending:
            with db.transaction():  # one transaction per step: a failed step leaves the schema as it was
                steps[name](db)
                db.execute("INSERT INTO _migrations (name, applied_at) VALUES (%s, now()::text)", (name,))
                db.execute(
                    "INSERT INTO _written_by (key, value) VALUES ('version', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    (this_version(),),
                )
        return pending
    finally:
        db.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
