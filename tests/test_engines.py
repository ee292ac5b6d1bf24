"""The local engine: the same stage function gives the same results in-process and in a pool of processes."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storyweave.config import Settings
from storyweave.engines.local import LocalEngine, chunked
from storyweave.pipeline import Models, _annotate_task, _embed_task, prepare_article
from storyweave.types import Article, RawDocument


def _scaled(context: int, item: int) -> tuple[int, int]:
    return item * context, os.getpid()


def test_pool_preserves_order_and_runs_elsewhere() -> None:
    items = list(range(40))
    with LocalEngine[int, tuple[int, int]](3, workers=1) as serial:
        local = list(serial.map(_scaled, items))
    with LocalEngine[int, tuple[int, int]](3, workers=2) as pool:
        pooled = list(pool.map(_scaled, items))
    assert [v for v, _ in pooled] == [v for v, _ in local] == [3 * i for i in items]
    assert {pid for _, pid in local} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in pooled}


@pytest.mark.parametrize("workers", [1, 2])
def test_map_batches_keeps_order_and_reads_at_most_one_batch_ahead(workers: int) -> None:
    read: list[int] = []

    def batches() -> Iterator[list[int]]:
        for start in range(0, 30, 7):
            read.append(start)
            yield list(range(start, min(start + 7, 30)))

    with LocalEngine[int, tuple[int, int]](2, workers=workers) as engine:
        seen: list[list[int]] = []
        for results in engine.map_batches(_scaled, batches()):
            # the batch being handed out and the one after it have been read, no more
            assert len(read) <= len(seen) + 2
            seen.append([v for v, _ in results])
    assert seen == [[2 * i for i in range(s, min(s + 7, 30))] for s in range(0, 30, 7)]


def _after_signal(signal: str, item: int) -> tuple[int, bool]:
    """``item``, and whether the file ``signal`` existed within 20 s (the test creates it on the first result);
    item 0, the head, does not wait."""
    deadline = time.monotonic() + (20 if item else 0)
    while not os.path.exists(signal) and time.monotonic() < deadline:
        time.sleep(0.01)
    return item, os.path.exists(signal)


def test_head_first_hands_over_the_first_result_while_the_pool_works(tmp_path: Path) -> None:
    signal = tmp_path / "first-result-seen"
    batches = [[0, 1, 2, 3, 4], [5, 6, 7]]
    with LocalEngine[str, tuple[int, bool]](str(signal), workers=2) as engine:
        results = engine.map_batches(_after_signal, iter(batches), head_first=True)
        first = next(results)
        # the head ran in this process before the fork; the workers are started and wait for the signal: the first
        # batch is not done, yet the head is here
        assert [item for item, _ in first] == [0]
        assert engine._pool is not None and engine._pool._processes
        signal.touch()
        rest = list(results)
    assert [item for item, _ in first] + [item for batch in rest for item, _ in batch] == list(range(8))
    assert all(seen for batch in rest for _, seen in batch)  # no worker waited out its 20 s


def test_head_first_waits_for_the_fork(tmp_path: Path) -> None:
    # a first batch of one item submits nothing: the head comes with the next batch, after the pool has forked
    with LocalEngine[int, tuple[int, int]](2, workers=2) as engine:
        out: list[list[int]] = []
        for results in engine.map_batches(_scaled, iter([[1], [2, 3], [4]]), head_first=True):
            assert engine._pool is not None and engine._pool._processes
            out.append([v for v, _ in results])
    assert [v for batch in out for v in batch] == [2, 4, 6, 8]


def test_chunked() -> None:
    assert list(chunked(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(chunked([], 3)) == []


@pytest.mark.slow
def test_model_stages_agree_between_process_and_pool() -> None:
    texts = [
        "Hafenstreik in Hamburg\n\nHamburg (dpa) - Die Hafenarbeiter in Hamburg streikten am Montag, sagte Jana Weber.",
        "Port strike in Rotterdam\n\nROTTERDAM (Reuters) - Dock workers struck on Monday, Pieter de Vries said.",
        "Grève au port de Marseille\n\nMARSEILLE (AFP) - Les dockers ont fait grève lundi, a déclaré Luc Martin.",
    ]
    settings = Settings()
    articles = []
    for i, text in enumerate(texts):
        title, body = text.split("\n\n", 1)
        prepared = prepare_article(RawDocument(origin=f"t{i}", title=title, text=body), settings.clean)
        assert isinstance(prepared, Article)
        articles.append(prepared)
    models = Models()
    with LocalEngine[Article, Any](models, workers=1) as serial:
        local_mentions = list(serial.map(_annotate_task, articles))
        local_vectors = list(serial.map(_embed_task, articles))
    with LocalEngine[Article, Any](Models(), workers=2) as pool:
        pooled_mentions = list(pool.map(_annotate_task, articles))
        pooled_vectors = list(pool.map(_embed_task, articles))
    assert pooled_mentions == local_mentions
    for (a_id, a_vec, a_sent), (b_id, b_vec, b_sent) in zip(local_vectors, pooled_vectors, strict=True):
        assert a_id == b_id and np.allclose(a_vec, b_vec, atol=1e-5) and np.allclose(a_sent, b_sent, atol=1e-5)
