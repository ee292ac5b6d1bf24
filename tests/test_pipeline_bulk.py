"""The fast paths of a run give exactly what the one-article paths give: bulk loads (store/sqlite_stories.py), the
combined annotate+embed pass, parallel ingest, and the grouping state rebuilt from the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from storyweave import pipeline
from storyweave.config import CleanOptions
from storyweave.group import GroupDoc, GroupOptions
from storyweave.group.features import minhash_of
from storyweave.pipeline import (
    Models,
    annotate_and_embed_pending,
    annotate_pending,
    cluster,
    embed_pending,
    load_group_doc,
    load_group_docs,
    prepare_all,
    prepare_article,
    prepare_parallel,
    restore_state,
)
from storyweave.store import SQLiteStore, Store
from storyweave.types import Article, Problem, RawDocument

# Invented events, several languages: a bridge closure in a made-up town and a made-up orchestra's tour, each reported
# twice, plus a lone report. Nothing here comes from a real outlet.
_REPORTS = [
    (
        "en",
        "Storm closes Varnholt bridge",
        "VARNHOLT - The Varnholt river bridge was closed on Tuesday after a storm damaged two of its pillars, "
        "mayor Edda Korsvik said. Engineers from Lindqvist Consulting will inspect the structure on Wednesday. "
        "Commuters were told to use the ferry until further notice.",
    ),
    (
        "de",
        "Sturm legt Brücke in Varnholt lahm",
        "VARNHOLT - Die Flussbrücke von Varnholt ist seit Dienstag gesperrt, nachdem ein Sturm zwei Pfeiler "
        "beschädigt hat, sagte Bürgermeisterin Edda Korsvik. Ingenieure von Lindqvist Consulting prüfen das "
        "Bauwerk am Mittwoch. Pendler sollen bis auf Weiteres die Fähre nehmen.",
    ),
    (
        "es",
        "La Orquesta de Calvara inicia su gira",
        "CALVARA - La Orquesta Filarmónica de Calvara comenzó el viernes una gira de doce conciertos por "
        "el norte del país, anunció su directora Marisol Quintero. El primer concierto se celebró en Altamuro.",
    ),
    (
        "pt",
        "Orquestra de Calvara começa turnê",
        "CALVARA - A Orquestra Filarmônica de Calvara começou na sexta-feira uma turnê de doze concertos pelo "
        "norte do país, anunciou a diretora Marisol Quintero. O primeiro concerto foi em Altamuro.",
    ),
    (
        "fr",
        "Un marché aux livres ouvre à Sorvenne",
        "SORVENNE - Un nouveau marché aux livres a ouvert samedi sur la place centrale de Sorvenne, a indiqué "
        "l'adjoint à la culture Hugo Delmas. Une quarantaine de bouquinistes y participent.",
    ),
]


def _raw(i: int, language: str, title: str, text: str) -> RawDocument:
    return RawDocument(
        origin=f"report-{i}.txt",
        format="text",
        text=text,
        title=title,
        url=f"https://news.example/{language}/{i}",
        language=language,
        published=datetime(2031, 5, 16, 9, 0, tzinfo=UTC) + timedelta(hours=i),
        source=f"outlet{i}.example",
    )


def _articles() -> list[Article]:
    out = [prepare_article(_raw(i, *r), CleanOptions()) for i, r in enumerate(_REPORTS)]
    assert all(isinstance(a, Article) for a in out)
    return [a for a in out if isinstance(a, Article)]


@pytest.fixture(scope="module")
def models() -> Models:
    return Models()


def _fill(path: Path) -> SQLiteStore:
    store = SQLiteStore(path)
    store.write_articles(_articles())
    return store


def _same_doc(a: GroupDoc, b: GroupDoc) -> None:
    assert a.to_dict() == b.to_dict()
    assert a.sentence_embeddings is not None and b.sentence_embeddings is not None
    assert np.array_equal(a.sentence_embeddings, b.sentence_embeddings)
    ha, hb = minhash_of(a), minhash_of(b)
    assert (ha is None) == (hb is None)
    if ha is not None:
        assert np.array_equal(ha.hashvalues, hb.hashvalues)


def test_bulk_loaders_match_single_loaders(tmp_path: Path, models: Models) -> None:
    with _fill(tmp_path / "s.db") as store:
        annotate_pending(store, models)
        embed_pending(store, models)
        ids = [a.id for a in _articles()]
        asked = [*reversed(ids), "no-such-article"]
        assert [a.to_dict() for a in store.get_articles(asked)] == [
            a.to_dict() for a in (store.get_article(i) for i in reversed(ids)) if a is not None
        ]
        assert store.mentions_of(ids) == {i: store.mentions(i) for i in ids}
        assert any(store.mentions_of(ids).values())
        assert store.event_dates(ids) == {i: store.event_date(i) for i in ids}
        name = models.embedder.name
        vectors = store.embeddings(asked, name)
        assert set(vectors) == set(ids)
        for i in ids:
            single = store.embedding(i, name)
            assert single is not None
            assert np.array_equal(vectors[i][0], single[0]) and np.array_equal(vectors[i][1], single[1])
        assert store.embeddings(ids, "another-model") == {}
        bulk = load_group_docs(store, asked, models)
        assert [d.id for d in bulk] == list(reversed(ids))
        for doc in bulk:
            single_doc = load_group_doc(store, doc.id, models)
            assert single_doc is not None
            _same_doc(doc, single_doc)


def test_base_store_defaults_agree_with_sqlite(tmp_path: Path, models: Models) -> None:
    # The interface's loop-over-one-article defaults are what a backend without bulk queries gets.
    with _fill(tmp_path / "s.db") as store:
        annotate_and_embed_pending(store, models)
        ids = [a.id for a in _articles()]
        assert Store.get_articles(store, ids)[0].to_dict() == store.get_articles(ids)[0].to_dict()
        assert Store.mentions_of(store, ids) == store.mentions_of(ids)
        assert Store.event_dates(store, ids) == store.event_dates(ids)
        assert set(Store.embeddings(store, ids, models.embedder.name)) == set(ids)


def _annotations(store: Store, ids: list[str], model: str) -> list[object]:
    vectors = store.embeddings(ids, model)
    return [
        (store.mentions(i), store.time_exprs(i), store.event_date(i), vectors[i][0].tolist(), vectors[i][1].tolist())
        for i in ids
    ]


def test_combined_pass_equals_separate_passes(tmp_path: Path, models: Models) -> None:
    ids = [a.id for a in _articles()]
    with _fill(tmp_path / "a.db") as separate, _fill(tmp_path / "b.db") as combined:
        assert annotate_pending(separate, models) == len(ids)
        assert embed_pending(separate, models) == len(ids)
        assert annotate_and_embed_pending(combined, models) == (len(ids), len(ids))
        name = models.embedder.name
        assert _annotations(combined, ids, name) == _annotations(separate, ids, name)
        assert annotate_and_embed_pending(combined, models) == (0, 0)  # nothing left: a re-run is a no-op


def test_combined_pass_resumes_what_is_missing(tmp_path: Path, models: Models) -> None:
    with _fill(tmp_path / "s.db") as store:
        annotate_pending(store, models)  # an earlier run stopped after annotating
        assert annotate_and_embed_pending(store, models) == (0, len(_REPORTS))
        assert store.unembedded_ids(models.embedder.name) == []


def test_parallel_ingest_keeps_items_and_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", 3)
    items: list[RawDocument | Problem] = [_raw(i, *r) for i, r in enumerate(_REPORTS)]
    items.insert(2, Problem("broken.html", "not an article"))
    items.append(_raw(9, "en", "", "   "))  # nothing left after cleaning: a Problem, in its place
    serial = list(prepare_all(items, CleanOptions()))
    pooled = list(prepare_parallel(items, CleanOptions(), workers=2))
    assert [x.to_dict() if isinstance(x, Article) else x for x in pooled] == [
        x.to_dict() if isinstance(x, Article) else x for x in serial
    ]
    assert isinstance(pooled[2], Problem) and isinstance(pooled[-1], Problem)


def test_restored_state_matches_one_article_loads(tmp_path: Path, models: Models) -> None:
    articles = _articles()
    with SQLiteStore(tmp_path / "s.db") as store:
        store.write_articles(articles[:3])
        cluster(store, models, GroupOptions())
        store.write_articles(articles[3:])
        report = cluster(store, models, GroupOptions())  # the second run restores the first run's state
        assert report.grouped == len(articles) - 3
        state = restore_state(store, models)
        rows = list(store.grouped_rows())
        assert [d.id for d in state.docs] == [r.article_id for r in rows]
        for doc in state.docs:
            single = load_group_doc(store, doc.id, models)
            assert single is not None
            _same_doc(doc, single)
        stories = dict(store.assignments())
        ids = [a.id for a in articles]
        # the two reports of each invented event share a story; the lone report has its own
        assert stories[ids[0]] == stories[ids[1]]
        assert stories[ids[2]] == stories[ids[3]]
        assert len({stories[ids[0]], stories[ids[2]], stories[ids[4]]}) == 3
