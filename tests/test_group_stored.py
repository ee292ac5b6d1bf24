"""Grouping state saved in the store (group/stored.py): an incremental ``cluster`` that restores it gives exactly the
stories a rebuild from the store gives, and those of grouping the same batches in memory; stale states are rebuilt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmark_modules import load_benchmark
from storyweave.errors import StoreError
from storyweave.group import GroupDoc, GroupOptions, GroupState, group
from storyweave.group.candidates import EmbeddingIndex, KeyIndex
from storyweave.group.stored import LazyDocs
from storyweave.pipeline import Models, cluster, load_group_docs, restore_state
from storyweave.store import SQLiteStore, Store, sqlite_stories, state_parts
from storyweave.store.base import GroupedRow, StateTail

#: Small enough limits that 160 articles cross from exact search to the HNSW graph (with a tail) between the runs.
OPTIONS = GroupOptions(exact_search_limit=60, batch_size=16)


@pytest.fixture(scope="module")
def batches() -> tuple[list[GroupDoc], list[GroupDoc]]:
    """Two batches of synthetic reports with planted stories; the second continues some stories of the first."""
    scale = load_benchmark("grouping_scale")
    docs, _ = scale.synthetic(160, 16, seed=7)
    docs.sort(key=lambda d: (d.published, d.id))
    return docs[:110], docs[110:]


@pytest.fixture(scope="module")
def models() -> Models:
    return Models()  # nothing is annotated or embedded here: the store already holds both


def _fill(store: Store, docs: list[GroupDoc], models: Models) -> None:
    load_benchmark("incremental_store").fill(store, docs, models.embedder.name)


def _two_runs(path: Path, first: list[GroupDoc], second: list[GroupDoc], models: Models, *, drop: bool) -> SQLiteStore:
    store = SQLiteStore(path)
    _fill(store, first, models)
    cluster(store, models, OPTIONS)
    if drop:
        store.write_grouping([], {}, {}, {}, None)  # no saved state: the next run rebuilds it from the store
    _fill(store, second, models)
    restored = restore_state(store, models, OPTIONS)
    assert isinstance(restored.docs, LazyDocs) is not drop
    cluster(store, models, OPTIONS)
    return store


def test_incremental_cluster_with_saved_state_equals_rebuild_and_in_memory(
    tmp_path: Path, batches: tuple[list[GroupDoc], list[GroupDoc]], models: Models
) -> None:
    first, second = batches
    with SQLiteStore(tmp_path / "once.db") as store:
        _fill(store, first, models)
        cluster(store, models, OPTIONS)
        after_first = dict(store.assignments())
    saved = _two_runs(tmp_path / "saved.db", first, second, models, drop=False)
    rebuilt = _two_runs(tmp_path / "rebuilt.db", first, second, models, drop=True)
    with saved, rebuilt:
        assignments = dict(saved.assignments())
        assert assignments == dict(rebuilt.assignments())
        assert saved.story_aliases() == rebuilt.story_aliases()
        # what the next run restores is the same, byte for byte, whichever way this one got its state
        assert saved.group_state() == rebuilt.group_state()
        # grouping the same two batches in memory places every article the same way
        state = GroupState()
        group(load_group_docs(saved, [d.id for d in first], models), OPTIONS, existing=state)
        result = group(load_group_docs(saved, [d.id for d in second], models), OPTIONS, existing=state)
        assert result.assignments == assignments
        # old story ids never change: each first-run story is still live, or an alias of the story it merged into
        aliases = saved.story_aliases()
        for article, story in after_first.items():
            assert assignments[article] == aliases.get(story, story)
        assert len(set(assignments.values())) < len(assignments)  # planted stories were found, not all singletons


def test_state_written_part_by_part_reads_back_as_a_whole_rewrite(
    tmp_path: Path, batches: tuple[list[GroupDoc], list[GroupDoc]], models: Models, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run rewrites only the parts of the saved state that changed; with tiny parts most of it is left as it was,
    and what the next run reads is what writing it whole gives."""
    monkeypatch.setattr(state_parts, "STATE_PART_BYTES", 256)
    first, second = batches
    written: list[int] = []
    original = sqlite_stories.SQLiteStoriesMixin._write_state

    def counting(self: SQLiteStore, db: Any, state: dict[str, bytes]) -> None:
        before = db.total_changes
        original(self, db, state)
        written.append(db.total_changes - before)

    monkeypatch.setattr(sqlite_stories.SQLiteStoriesMixin, "_write_state", counting)
    saved = _two_runs(tmp_path / "saved.db", first, second, models, drop=False)
    with saved, SQLiteStore(tmp_path / "whole.db") as whole:
        state = saved.group_state()
        whole.write_grouping([], {}, {}, {}, state)  # a store that never read a state writes every part
        assert whole.group_state() == state
        parts = saved._db.execute("SELECT count(*) FROM group_state").fetchone()[0]
    first_run, second_run, whole_write = written
    assert whole_write == parts  # written whole: every part
    assert 0 < second_run < 0.7 * parts  # the second run: what changed (its appended rows, the rewritten indexes)
    assert first_run > second_run


def test_state_saved_in_parts_of_another_size_is_rewritten_whole(
    tmp_path: Path, batches: tuple[list[GroupDoc], list[GroupDoc]], models: Models, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written by a version that cut the state into other parts: the next run must not leave old parts beside
    new ones under the same numbers (the state read back would be garbled), and gives the same state as always."""
    first, second = batches
    monkeypatch.setattr(state_parts, "STATE_PART_BYTES", 1024)
    with SQLiteStore(tmp_path / "upgraded.db") as store:
        _fill(store, first, models)
        cluster(store, models, OPTIONS)
        monkeypatch.setattr(state_parts, "STATE_PART_BYTES", 300)
        _fill(store, second, models)
        cluster(store, models, OPTIONS)
        state, stories = store.group_state(), dict(store.assignments())
    with _two_runs(tmp_path / "reference.db", first, second, models, drop=False) as reference:
        assert reference.group_state() == state
        assert dict(reference.assignments()) == stories


def test_extending_a_state_another_run_replaced_fails_and_writes_nothing(
    tmp_path: Path, batches: tuple[list[GroupDoc], list[GroupDoc]], models: Models
) -> None:
    """A run saves its index vectors as an extension of those it read; if another run replaced the state meanwhile,
    the extension would be of the wrong bytes: the write fails whole, and the articles stay to be grouped."""
    first, second = batches
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        _fill(store, first, models)
        cluster(store, models, OPTIONS)
        state = store.group_state()
        with SQLiteStore(path) as other:
            other.group_state()
            other.write_grouping([], {}, {}, {}, {**state, "fingerprint": b"another run"})
        _fill(store, second[:1], models)
        row = GroupedRow(second[0].id, len(first), [], "s-" + second[0].id, None)
        extended = {**state, "index.vectors": StateTail(len(state["index.vectors"]), b"\0" * 64)}
        with pytest.raises(StoreError, match="changed while this run grouped"):
            store.write_grouping([row], {}, {}, {}, extended)
        assert store.ungrouped_ids() == [second[0].id]
        assert store.group_state()["fingerprint"] == b"another run"


def test_saved_state_is_not_used_when_it_no_longer_describes_the_store(
    tmp_path: Path, batches: tuple[list[GroupDoc], list[GroupDoc]], models: Models
) -> None:
    first, second = batches
    with SQLiteStore(tmp_path / "s.db") as store:
        _fill(store, first, models)
        cluster(store, models, OPTIONS)
        assert isinstance(restore_state(store, models, OPTIONS).docs, LazyDocs)
        other = GroupOptions(exact_search_limit=60, batch_size=16, posting_cap=50)
        assert isinstance(restore_state(store, models, other).docs, list)  # retrieval options changed
        # an article grouped behind the saved state's back (the state kept as it was): counts differ, so rebuild
        _fill(store, second[:1], models)
        row = GroupedRow(second[0].id, len(first), [], "s-" + second[0].id, None)
        store.write_grouping([row], {}, {}, {}, store.group_state())
        state = restore_state(store, models, OPTIONS)
        assert isinstance(state.docs, list) and len(state.docs) == len(first) + 1


def test_incremental_run_loads_only_the_articles_it_scores(
    tmp_path: Path, batches: tuple[list[GroupDoc], list[GroupDoc]], models: Models
) -> None:
    first, second = batches
    with SQLiteStore(tmp_path / "s.db") as store:
        _fill(store, first, models)
        cluster(store, models, OPTIONS)
        _fill(store, second[:3], models)
        state = restore_state(store, models, OPTIONS)
        assert isinstance(state.docs, LazyDocs)
        assert state.docs.facts is not None  # entities, dates and lead terms come saved: no mentions are read
        group(load_group_docs(store, [d.id for d in second[:3]], models), OPTIONS, existing=state)
        assert 0 < state.docs.loaded < len(first)


def test_embedding_index_restored_and_extended_equals_one_built_in_one_go() -> None:
    rng = np.random.default_rng(5)
    vectors = rng.normal(size=(700, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    options = GroupOptions(exact_search_limit=200, batch_size=64)
    whole = EmbeddingIndex(8, options)
    for start in range(0, 700, 64):
        whole.add(vectors[start : start + 64])
    for cut in (150, 333):  # before the switch to a graph, and in the middle of a graph batch
        part = EmbeddingIndex(8, options)
        part.add(vectors[:cut])
        restored = EmbeddingIndex.load(8, options, *part.dump())
        for start in range(cut, 700, 97):
            restored.add(vectors[start : min(start + 97, 700)])
        assert restored.dump() == whole.dump()
        kept, added = restored.vectors_since_load()  # what a run writes: the loaded vectors' bytes, then the new ones
        loaded = part.dump()[1]
        assert kept == len(loaded) and loaded + added == whole.dump()[1]
        assert restored.dump(vectors=False) == (whole.dump()[0], b"", whole.dump()[2])
        sims, ids = restored.search(vectors[:50], 5)
        assert np.array_equal(ids, whole.search(vectors[:50], 5)[1])
        assert (ids[:, 0] == np.arange(50)).all() and np.all(np.diff(sims, axis=1) <= 1e-6)


def test_key_index_round_trip_and_cut_postings_search_as_the_full_lists() -> None:
    options = GroupOptions(posting_cap=4)
    index = KeyIndex(options, record=True)
    full: dict[str, list[int]] = {}
    for pos in range(50):
        keys = [f"k{pos % 3}", f"k{pos % 7}", "common"]
        index.add(pos, keys)
        for k in keys:
            full.setdefault(k, []).append(pos)
    assert index.recorded is not None and index.recorded[10] == ["k1", "k3", "common"]
    restored = KeyIndex.load(options, *index.dump())
    query = {"k1": 2.0, "k3": 1.0, "common": 0.5, "unknown": 9.0}
    expected: dict[int, float] = {}
    for key, weight in query.items():
        for pos in full.get(key, [])[-4:]:
            expected[pos] = expected.get(pos, 0.0) + weight
    best = sorted(expected, key=lambda p: (-expected[p], p))[:5]
    assert index.search(query, 5) == restored.search(query, 5) == best


def test_weight_cache_pruning_changes_no_result(
    batches: tuple[list[GroupDoc], list[GroupDoc]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The weighted-vector cache is pruned by the publication window (then by age); what it drops is recomputed the
    same, so the stories do not depend on its size, and with room enough each article is weighed once."""
    import storyweave.group.cluster as cluster_module

    docs = batches[0] + batches[1]
    span = (docs[-1].published - docs[0].published).total_seconds() / 86400  # type: ignore[operator]
    options = GroupOptions(exact_search_limit=60, batch_size=16, time_window_days=span / 4)
    weighings: list[str] = []
    weigh = cluster_module.weigh

    def counting(doc: GroupDoc, *args: Any) -> Any:
        weighings.append(doc.id)
        return weigh(doc, *args)

    monkeypatch.setattr(cluster_module, "weigh", counting)
    roomy = group([GroupDoc.from_dict(d.to_dict()) for d in docs], options).assignments
    assert sorted(weighings) == sorted(d.id for d in docs)  # once each
    monkeypatch.setattr(cluster_module, "WEIGHT_CACHE_LIMIT", 8)  # pruned by the window, then by age, all the time
    weighings.clear()
    assert group([GroupDoc.from_dict(d.to_dict()) for d in docs], options).assignments == roomy
    assert len(weighings) > len(docs)


def test_index_built_beside_placement_gives_the_same_neighbours_every_time(
    batches: tuple[list[GroupDoc], list[GroupDoc]],
) -> None:
    """Each batch's neighbours are searched on a helper thread while the previous batch is placed: the index sees the
    same vectors in the same order whatever the timing, so neighbours and stories repeat exactly."""
    docs = batches[0] + batches[1]
    runs = []
    for _ in range(3):
        state = GroupState()
        result = group([GroupDoc.from_dict(d.to_dict()) for d in docs], OPTIONS, existing=state)
        runs.append(([n.tolist() for n in state.neighbours], result.assignments))
    assert runs[0] == runs[1] == runs[2]
    neighbours = runs[0][0]
    # neighbours come from the articles up to the end of the article's own batch
    assert all(
        max(n, default=-1) < (i // OPTIONS.batch_size + 1) * OPTIONS.batch_size for i, n in enumerate(neighbours)
    )
