"""The store on both backends (SQLite, and PostgreSQL when `make test` started one): migrations, idempotent writes,
one transaction per batch, search, round-trips. PostgreSQL-only behaviour is in test_store_postgres.py."""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store_backends import backend, location, pg_url
from storyweave.errors import StoreError
from storyweave.store import SQLiteStore, open_store
from storyweave.store.migrations import MIGRATIONS
from storyweave.types import Article, RemovedLine, Sentence, article_id, content_hash

__all__ = ["backend", "location", "pg_url"]  # fixtures, used by name


def make_article(text: str, *, url: str | None = None, title: str = "Título de prueba") -> Article:
    ident = article_id(url, text)
    return Article(
        id=ident,
        title=title,
        text=text,
        raw_text="Publicidad\n" + text,
        url=url,
        source="diario.example",
        published=datetime(2026, 3, 4, 10, 30, tzinfo=UTC),
        language="es",
        authors=["Ana Ruiz"],
        credits=["EFE"],
        removed=[RemovedLine(text="Publicidad", reason="ad_marker", line_index=0)],
        sentences=[Sentence(article_id=ident, index=0, char_start=0, char_end=len(text), text=text)],
        format="text",
        origin="nota.txt",
        content_hash=content_hash(text),
    )


def test_migrations_are_recorded_and_not_reapplied(location: str, backend: str) -> None:
    with open_store(location) as store:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
    with open_store(location) as store:  # reopening applies nothing twice (a second CREATE TABLE would raise)
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
        assert isinstance(store, SQLiteStore) is (backend == "sqlite")
    if backend == "sqlite":
        assert sqlite3.connect(location).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_round_trip_and_idempotent_write(location: str) -> None:
    article = make_article("El sismo de magnitud 6,1 sacudió la costa de Arequipa el martes.")
    with open_store(location) as store:
        first = store.write_articles([article])
        second = store.write_articles([article])
        assert (first.inserted, first.already_present) == (1, 0)
        assert (second.inserted, second.already_present) == (0, 1)
        assert store.count_articles() == 1
        loaded = store.get_article(article.id)
    assert loaded is not None
    assert loaded.to_dict() == article.to_dict()


def test_articles_for_grouping_leave_out_sentences_and_raw_text(location: str) -> None:
    article = make_article("La huelga portuaria de Valparaíso entra en su tercer día.")
    with open_store(location) as store:
        store.write_articles([article])
        (light,) = store.get_articles([article.id], full=False)
        (full,) = store.get_articles([article.id])
    assert full.to_dict() == article.to_dict()
    kept = ("id", "title", "text", "language", "published", "source", "credits", "content_hash")
    assert all(getattr(light, name) == getattr(article, name) for name in kept)
    assert (light.sentences, light.raw_text, light.removed) == ([], "", [])


def test_duplicate_within_one_batch_is_stored_once(location: str) -> None:
    article = make_article("Die Polizei nahm am Montag in Graz einen Verdächtigen fest.")
    with open_store(location) as store:
        result = store.write_articles([article, article])
        assert (result.inserted, result.already_present) == (1, 1)
        assert store.known_ids([article.id, "0" * 16]) == {article.id}


def test_failed_batch_leaves_nothing_half_written(location: str) -> None:
    good = make_article("Un juez de Lisboa ordenó la prisión preventiva del exalcalde.")
    bad = make_article("Texto válido pero con una oración rota.")
    bad.sentences.append(bad.sentences[0])  # same (article_id, idx) twice violates the primary key mid-batch
    with open_store(location) as store:
        with pytest.raises(StoreError):
            store.write_articles([good, bad])
        assert store.count_articles() == 0  # the good article of the failed batch was rolled back too
        assert store.write_articles([good]).inserted == 1


def test_get_article_by_unique_prefix(location: str) -> None:
    article = make_article("La huelga de los estibadores paralizó el puerto de Valencia.")
    with open_store(location) as store:
        store.write_articles([article])
        found = store.get_article(article.id[:6])
        assert found is not None and found.id == article.id
        assert store.get_article(article.id[:3]) is None  # too short to be a safe prefix
        assert store.get_article("ffffffffffffffff") is None


def test_full_text_search_folds_accents_and_survives_operators(location: str) -> None:
    a = make_article("A Coréia do Norte enviou projéteis de artilharia, disse o porta-voz.", url="https://a.example/1")
    b = make_article("Le séisme a frappé la ville de Izmir mardi matin.", url="https://b.example/2")
    with open_store(location) as store:
        store.write_articles([a, b])
        hits = store.search("coreia artilharia")
        assert [h.article.id for h in hits] == [a.id]
        assert "[" in hits[0].snippet  # the matched word is marked in the snippet
        # FTS syntax in user input is treated as words (which the article does not hold)
        assert store.search('séisme" OR -NEAR :') == []
        assert [h.article.id for h in store.search("seisme")] == [b.id]


def test_listing_orders_by_publication_then_id(location: str) -> None:
    early = make_article("Primera noticia del día sobre el puerto.", url="https://c.example/1")
    late = make_article("Segunda noticia del día sobre el puerto.", url="https://c.example/2")
    undated = make_article("Noticia sin fecha sobre el puerto.", url="https://c.example/3")
    late.published = datetime(2026, 3, 5, tzinfo=UTC)
    undated.published = None
    with open_store(location) as store:
        store.write_articles([undated, late, early])
        assert [r.id for r in store.list_articles()] == [early.id, late.id, undated.id]
        assert [r.id for r in store.list_articles(limit=1, offset=1)] == [late.id]


def test_unusable_database_gives_a_clear_error(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_bytes(b"this is a text file, not a database" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        open_store(not_a_db)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing-folder" / "s.db")


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=400).filter(lambda t: t.strip()), title=st.text(max_size=80))
def test_any_text_round_trips(text: str, title: str) -> None:
    article = make_article(text, title=title)
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "prop.db") as store:
        store.write_articles([article])
        loaded = store.get_article(article.id)
    assert loaded is not None and loaded.text == text and loaded.title == title


#: PostgreSQL text cannot hold U+0000 (test_store_postgres.py checks the refusal); everything else must round-trip.
#: Lone surrogates are left out: they are not encodable text (article ids hash the UTF-8), as st.text() also assumes.
_PG_TEXT = st.text(alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_PG_TEXT.filter(lambda t: t.strip()).map(lambda t: t[:400]), title=_PG_TEXT.map(lambda t: t[:80]))
def test_any_text_round_trips_in_postgresql(pg_url: str, text: str, title: str) -> None:
    # one database for all examples: a URL of its own makes each example a new article, whatever its text
    article = make_article(text, title=title, url=f"https://prop.example/{uuid.uuid4().hex}")
    with open_store(pg_url) as store:
        store.write_articles([article])
        loaded = store.get_article(article.id)
    assert loaded is not None and loaded.text == text and loaded.title == title


def test_problems_are_recorded_replaced_listed_and_cleared(location: str) -> None:
    from storyweave.store import ItemProblem

    article = make_article("El puerto de Valdemora reabrió el martes tras la tormenta.")
    with open_store(location) as store:
        store.write_articles([article])
        assert store.problems_of([article.id]) == {} and store.count_problems() == 0
        store.record_problems([ItemProblem(article.id, "group", "ConfigError: x"), ItemProblem("s-1", "compare", "y")])
        store.record_problems(
            [
                ItemProblem(article.id, "annotate", "ValueError: one"),
                ItemProblem(article.id, "annotate", "ValueError: two"),
            ]
        )
        found = store.problems_of([article.id, "s-1", "unknown"])
        assert [(p.stage, p.reason) for p in found[article.id]] == [
            ("annotate", "ValueError: two"),
            ("group", "ConfigError: x"),
        ]
        assert set(found) == {article.id, "s-1"} and store.count_problems() == 3
        assert store.list_articles()[0].problems[0].to_dict() == {
            "stage": "annotate",
            "reason": "ValueError: two",
        }
        store.clear_problems([article.id], "annotate")
        assert [p.stage for p in store.problems_of([article.id])[article.id]] == ["group"]
    with open_store(location) as store:  # kept across opens
        assert store.count_problems() == 2


def test_story_ids_resolve_through_aliases_and_prefixes(location: str) -> None:
    from storyweave.store.base import GroupedRow

    a = make_article("El puerto de Bilbao reabre tras la huelga.", url="https://s.example/1")
    b = make_article("El puerto de Bilbao recupera la actividad.", url="https://s.example/2")
    with open_store(location) as store:
        store.write_articles([a, b])
        rows = [GroupedRow(a.id, 0, [], "s-7f3a91c2", None), GroupedRow(b.id, 1, [0], "s-7f3a91c2", a.id)]
        store.write_grouping(rows, {}, {"s-0ld0ld00": "s-5e5e5e5e", "s-5e5e5e5e": "s-7f3a91c2"}, {})
        assert store.resolve_story("s-7f3a91c2") == "s-7f3a91c2"
        assert store.resolve_story("s-0ld0ld00") == "s-7f3a91c2"  # merged twice: followed to the live story
        assert store.resolve_story("s-7f3a") == "s-7f3a91c2"  # a unique prefix
        assert store.resolve_story("s-7f") is None and store.resolve_story("s-nothing") is None
        assert store.story_member_ids("s-7f3a91c2") == [a.id, b.id]
        assert store.copies([a.id, b.id]) == {b.id: a.id}
        (story,) = store.list_stories()
        assert (story.title, story.size, story.independent_sources) == (a.title, 2, 1)


#: The statements the shared story code (store/stories_sql.py) builds in each dialect: the ones each backend wrote
#: out by hand before they shared it, so the rows written stay the same.
UPSERTS = {
    "sqlite": "INSERT OR REPLACE INTO group_state (name, part, value) VALUES (?, ?, ?)",
    "postgresql": "INSERT INTO group_state (name, part, value) VALUES (%s, %s, %b) "
    "ON CONFLICT (name, part) DO UPDATE SET value = EXCLUDED.value",
}


def test_shared_story_queries_speak_each_dialect_and_read_across_id_chunks(location: str, backend: str) -> None:
    from storyweave.store.sqlite_stories import BULK_CHUNK
    from storyweave.store.stories_sql import StoriesSQLMixin

    articles = [
        make_article(f"El tren {i} llega a Bilbao.", url=f"https://c.example/{i}") for i in range(BULK_CHUNK + 1)
    ]
    ids = [a.id for a in articles]
    with open_store(location) as store:
        assert isinstance(store, StoriesSQLMixin)
        assert store._upsert("group_state", ("name", "part"), ("value",), blobs=("value",)) == UPSERTS[backend]
        assert (
            store._sql("SELECT 1 WHERE ? = ?")
            == {"sqlite": "SELECT 1 WHERE ? = ?", "postgresql": "SELECT 1 WHERE %s = %s"}[backend]
        )
        # SQLite matches ids in chunks (it caps bound parameters), PostgreSQL in one array
        assert len(list(store._match_ids("article_id", ids))) == {"sqlite": 2, "postgresql": 1}[backend]
        store.write_articles(articles)
        store.write_annotations([(ids[-1], [], [], datetime(2026, 3, 2).date()), (ids[0], [], [], None)])
        dates = store.event_dates([*ids, "unknown"])
        assert dates[ids[-1]] == datetime(2026, 3, 2).date() and dates[ids[0]] is None and len(dates) == len(ids) + 1
        assert store.event_date(ids[-1]) == datetime(2026, 3, 2).date()  # in the second chunk on SQLite
        assert store.unannotated_ids() == sorted(ids[1:-1])  # same publication date: by id
