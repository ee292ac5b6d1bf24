"""What only the PostgreSQL store does (store/postgres*.py): refuse a newer schema, name the server without the password
when it cannot connect, stem search words in the article's language, keep the grouping state so `cluster` stays
incremental (the same state, byte for byte, as SQLite's), take several writing processes at once, and serve every
command through ``--db postgresql://...``. Skipped, with the reason, without the throwaway server of `make test`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmark_modules import load_benchmark
from store_backends import pg_server, pg_url
from storyweave.cli import app
from storyweave.errors import StoreError
from storyweave.group import GroupDoc, GroupOptions
from storyweave.group.stored import LazyDocs
from storyweave.pipeline import Models, cluster, restore_state
from storyweave.store import SQLiteStore, describe_location, migrations, open_store
from storyweave.store.postgres_schema import MIGRATIONS as PG_MIGRATIONS
from test_store import make_article

__all__ = ["pg_url"]  # a fixture, used by name

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
runner = CliRunner()


def test_both_backends_have_the_same_migration_steps() -> None:
    assert [name for name, _ in PG_MIGRATIONS] == [name for name, _ in migrations.MIGRATIONS]


def test_a_store_written_by_a_newer_version_is_refused_in_one_line(pg_url: str) -> None:
    open_store(pg_url).close()
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("INSERT INTO _migrations (name, applied_at) VALUES ('099_from_the_future', now()::text)")
    with pytest.raises(StoreError, match="newer storyweave") as refused:
        open_store(pg_url)
    assert "\n" not in str(refused.value) and "099_from_the_future" in str(refused.value)
    # A newer version records itself when it migrates: the message names it (the check SQLite uses too).
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("UPDATE _written_by SET value = '9.9' WHERE key = 'version'")
    with pytest.raises(StoreError, match=r"written by storyweave 9\.9, this is "):
        open_store(pg_url)


def test_a_second_grouping_run_gives_up_after_the_lock_timeout(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    open_store(pg_url).close()
    monkeypatch.setenv("STORYWEAVE_LOCK_TIMEOUT", "0.3")
    with open_store(pg_url) as first, first.grouping_lock():
        with open_store(pg_url) as second, pytest.raises(StoreError) as caught, second.grouping_lock():
            pass
        message = str(caught.value)
        assert "gave up waiting after 0.3 s (STORYWEAVE_LOCK_TIMEOUT)" in message and "\n" not in message
    with open_store(pg_url) as third, third.grouping_lock():  # released when the first run ended
        pass


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # free once closed: nothing listens there


def test_connection_errors_name_host_and_database_never_the_password(pg_url: str) -> None:
    port = _closed_port()
    with pytest.raises(StoreError) as refused:
        open_store(f"postgresql://reader:s3cret-pw@127.0.0.1:{port}/newsroom")
    message = str(refused.value)
    assert f"newsroom on 127.0.0.1:{port}" in message and "s3cret-pw" not in message and "\n" not in message
    missing = pg_url.rpartition("/")[0].replace("://", "://storyweave:an0ther-pw@") + "/no_such_db"
    with pytest.raises(StoreError, match="no_such_db") as absent:
        open_store(missing)
    assert "an0ther-pw" not in str(absent.value)
    assert describe_location(missing).endswith("/no_such_db") and "an0ther-pw" not in describe_location(missing)
    # the command line says the same in one line, exit code 2
    result = runner.invoke(app, ["articles", "--db", f"postgresql://reader:s3cret-pw@127.0.0.1:{port}/newsroom"])
    assert result.exit_code == 2 and "s3cret-pw" not in result.output and "newsroom" in result.output


def test_search_stems_in_the_article_language(pg_url: str) -> None:
    english = make_article("The ministers resigned after the elections were annulled.", url="https://e.example/1")
    english.language = "en"
    german = make_article("Die Regierung plant neue Gesetze für die Häfen.", url="https://d.example/2")
    german.language = "de"
    with open_store(pg_url) as store:
        store.write_articles([english, german])
        assert [h.article.id for h in store.search("election resign")] == [english.id]  # English stems
        assert [h.article.id for h in store.search("Gesetz Hafen")] == [german.id]  # German stems, umlaut folded
        assert store.search("annulled elections ministers resigned reform") == []  # every word must appear


def test_text_postgresql_cannot_hold_is_refused_naming_the_article(pg_url: str) -> None:
    good = make_article("Ein Richter in Linz ordnete die Freilassung an.", url="https://n.example/1")
    bad = make_article("Kaputter\x00Text", url="https://n.example/2")
    with open_store(pg_url) as store:
        with pytest.raises(StoreError, match=bad.id):
            store.write_articles([good, bad])
        assert store.count_articles() == 0


#: As in test_group_stored.py: small limits so 160 articles cross from exact search to the HNSW graph between runs.
OPTIONS = GroupOptions(exact_search_limit=60, batch_size=16)


def _grouped_twice(
    location: str | Path, first: list[GroupDoc], second: list[GroupDoc], models: Models
) -> dict[str, object]:
    fill = load_benchmark("incremental_store").fill
    with open_store(location) as store:
        fill(store, first, models.embedder.name)
        cluster(store, models, OPTIONS)
        fill(store, second, models.embedder.name)
        incremental = isinstance(restore_state(store, models, OPTIONS).docs, LazyDocs)
        cluster(store, models, OPTIONS)
        return {
            "restored": incremental,
            "assignments": dict(store.assignments()),
            "aliases": store.story_aliases(),
            "state": store.group_state(),
            "stories": [s.to_dict() for s in store.list_stories()],
        }


def test_cluster_on_postgresql_is_incremental_and_equals_sqlite(pg_url: str, tmp_path: Path) -> None:
    # Stories, aliases, grouping rows and state parts on PostgreSQL (store/postgres_stories.py) against SQLite's.
    docs, _ = load_benchmark("grouping_scale").synthetic(160, 16, seed=7)
    docs.sort(key=lambda d: (d.published, d.id))
    models = Models()
    on_pg = _grouped_twice(pg_url, docs[:110], docs[110:], models)
    on_sqlite = _grouped_twice(tmp_path / "s.db", docs[:110], docs[110:], models)
    assert on_pg["restored"] is True  # the second run restored the saved state instead of rebuilding it
    assert on_pg == on_sqlite


def test_extending_a_grouping_state_another_process_replaced_fails_whole(pg_url: str) -> None:
    from storyweave.store.base import GroupedRow, StateTail

    article = make_article("Der Pegel der Donau stieg in Passau auf neun Meter.", url="https://p.example/1")
    with open_store(pg_url) as store, open_store(pg_url) as other:
        store.write_articles([article])
        store.write_grouping([], {}, {}, {}, {"fingerprint": b"first", "index.vectors": b"\1" * 100})
        state = store.group_state()
        other.group_state()
        other.write_grouping([], {}, {}, {}, {**state, "fingerprint": b"another run"})
        row = GroupedRow(article.id, 0, [], "s-" + article.id, None)
        with pytest.raises(StoreError, match="changed while this run grouped"):
            store.write_grouping([row], {}, {}, {}, {**state, "index.vectors": StateTail(100, b"\2" * 8)})
        assert store.ungrouped_ids() == [article.id]
        assert store.group_state() == {**state, "fingerprint": b"another run"}


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyweave", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def _finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return out + err


@pytest.mark.slow
def test_two_ingests_and_a_cluster_at_once_lose_and_duplicate_nothing(pg_url: str, tmp_path: Path) -> None:
    """Real processes on one database: two `ingest` runs of the same corpus and a `cluster`, started together."""
    import psycopg

    running = [_cli("ingest", str(EXAMPLES), "--db", pg_url) for _ in range(2)]
    # opened while both create the schema (they and this wait on its lock); `cluster` starts on the first commit
    with open_store(pg_url) as store:
        deadline = time.monotonic() + 120
        while store.count_articles() == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    running.append(_cli("cluster", "--db", pg_url, "--workers", "1"))
    for process in running:
        _finish(process)
    _finish(_cli("cluster", "--db", pg_url, "--workers", "1"))  # groups what arrived after the first began
    with SQLiteStore(tmp_path / "reference.db") as reference:
        _finish(_cli("ingest", str(EXAMPLES), "--db", str(tmp_path / "reference.db")))
        expected = {a.id: len(a.sentences) for a in reference.get_articles([r.id for r in reference.list_articles()])}
    with psycopg.connect(pg_url) as db:
        articles = dict(db.execute("SELECT id, COUNT(s.idx) FROM articles LEFT JOIN sentences s ON s.article_id = id "
                                   "GROUP BY id").fetchall())  # fmt: skip
        assert articles == expected  # every article once, with its sentences once
        grouped = db.execute("SELECT COUNT(*), COUNT(DISTINCT article_id), MAX(position) FROM grouped").fetchone()
        assert grouped == (len(expected), len(expected), len(expected) - 1)  # each article grouped once, no gaps
        twice = db.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM mentions GROUP BY article_id, char_start, char_end, type "
            "HAVING COUNT(*) > 1) d"
        ).fetchone()
        assert twice == (0,)
        assert db.execute("SELECT COUNT(*) FROM annotations").fetchone() == (len(expected),)


@pytest.fixture(scope="module")
def run_on_postgresql() -> Iterator[str]:
    """A database on the test server holding `storyweave run` over the bundled text articles."""
    import psycopg

    server = pg_server()
    name = "sw_test_cli"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    url = f"{server.rpartition('/')[0]}/{name}"
    result = runner.invoke(app, ["run", str(EXAMPLES / "txt"), "--db", url, "--workers", "1"])
    assert result.exit_code == 0, result.output
    yield url
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.slow
def test_every_command_takes_a_postgresql_url(run_on_postgresql: str, tmp_path: Path) -> None:
    url = run_on_postgresql
    listed = runner.invoke(app, ["stories", "--json"], env={"STORYWEAVE_DB": url})  # the environment works too
    assert listed.exit_code == 0, listed.output
    stories = [json.loads(line) for line in listed.output.splitlines()]
    assert stories and sum(s["size"] for s in stories) == 13
    story = runner.invoke(app, ["story", stories[0]["id"], "--db", url])
    assert story.exit_code == 0 and stories[0]["title"][:20] in story.output
    articles = runner.invoke(app, ["articles", "--json", "--db", url])
    first = json.loads(articles.output.splitlines()[0])
    shown = runner.invoke(app, ["article", first["id"], "--db", url])
    assert shown.exit_code == 0 and first["title"][:20] in shown.output
    word = max(first["title"].split(), key=len)
    found = runner.invoke(app, ["search", word, "--json", "--db", url])
    assert found.exit_code == 0 and first["id"] in found.output
    out = tmp_path / "stories.jsonl"
    exported = runner.invoke(app, ["export", "--db", url, "--output", str(out)])
    assert exported.exit_code == 0, exported.output
    assert len(out.read_text(encoding="utf-8").splitlines()) >= 1
    again = runner.invoke(app, ["cluster", "--db", url])  # nothing new: nothing to do, stories unchanged
    assert again.exit_code == 0, again.output
    relisted = runner.invoke(app, ["stories", "--json", "--db", url])
    assert [json.loads(line) for line in relisted.output.splitlines()] == stories


@pytest.mark.slow
def test_the_web_server_reads_a_postgresql_store(run_on_postgresql: str) -> None:
    from fastapi.testclient import TestClient

    from storyweave.web import WebOptions, create_app

    with open_store(run_on_postgresql) as store:
        all_stories = store.list_stories()
    biggest = all_stories[0]
    with TestClient(create_app(WebOptions(db=run_on_postgresql, warm_briefs=0))) as client:
        stories = client.get("/api/stories").json()
        assert stories["items"][0]["id"] == biggest.id and stories["total"] == len(all_stories)
        found = client.get("/api/stories", params={"q": biggest.title.split()[0]}).json()
        assert biggest.id in [s["id"] for s in found["items"]]
        assert client.get("/").status_code == 200


def test_store_size_benchmark_grows_every_table_under_new_ids(pg_url: str) -> None:
    """benchmarks/stores.py projects a 1M-article store from copies of real rows: each copy must add every table's
    rows once, under ids the originals do not have, and the catalog sizes must grow with them."""
    stores = load_benchmark("stores")
    articles = [make_article(f"Nachricht Nummer {i} über den Hafen.", url=f"https://g.example/{i}") for i in range(5)]
    with open_store(pg_url) as store:
        store.write_articles(articles)
        store.write_annotations([(a.id, [], [], None) for a in articles])
    before = stores._sizes(pg_url)
    stores._grow(pg_url, 20)
    after = stores._sizes(pg_url)
    assert after["articles"][0] == 20 and after["sentences"][0] == 4 * before["sentences"][0]
    assert after["annotations"][0] == 20
    with open_store(pg_url) as store:
        assert len({r.id for r in store.list_articles()}) == 20
        assert store.search("Hafen Nummer")  # copies are searchable: the search column is computed for them too


def test_revision_moves_with_grouping_writes_only(pg_url: str) -> None:
    """The web server's cache key (with the article count): a write of stories by any process changes it, reads and
    the server's own housekeeping do not (the WAL position it replaced moved with both)."""
    from storyweave.store.base import GroupedRow

    article = make_article("Il fiume Po ha superato il livello di guardia a Piacenza.", url="https://r.example/1")
    with open_store(pg_url) as store, open_store(pg_url) as other:
        other.write_articles([article])
        before = store.revision()
        assert store.search("Piacenza") and not store.list_stories()
        import psycopg

        with psycopg.connect(pg_url, autocommit=True) as db:
            db.execute("VACUUM ANALYZE articles")
        assert store.revision() == before
        other.write_grouping([GroupedRow(article.id, 0, [], "s-" + article.id, None)], {}, {}, {})
        assert store.revision() != before
