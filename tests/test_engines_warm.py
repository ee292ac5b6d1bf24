"""The pool's first item runs in the calling process, so lazily loaded models load once and the workers inherit them."""

from __future__ import annotations

import os

from storyweave.engines.local import LocalEngine


class _LazyModel:
    """Stands in for a model that loads on first use; records which process loaded it."""

    def __init__(self) -> None:
        self.loaded_in: int | None = None

    def __call__(self, item: int) -> tuple[int, int | None, int]:
        if self.loaded_in is None:
            self.loaded_in = os.getpid()
        return item * 2, self.loaded_in, os.getpid()


def _apply(model: _LazyModel, item: int) -> tuple[int, int | None, int]:
    return model(item)


def test_first_item_runs_here_and_workers_inherit_what_it_loaded() -> None:
    model = _LazyModel()
    batches = [list(range(0, 30)), list(range(30, 45))]
    with LocalEngine[int, tuple[int, int | None, int]](model, workers=2) as engine:
        results = [r for batch in engine.map_batches(_apply, batches) for r in batch]
    assert [value for value, _, _ in results] == [2 * i for i in range(45)]
    here = os.getpid()
    assert results[0][2] == here  # the first item ran in this process ...
    assert model.loaded_in == here
    assert {loaded for _, loaded, _ in results} == {here}  # ... and no worker loaded its own copy
    assert here not in {pid for _, _, pid in results[1:]}


def test_empty_input_and_empty_first_batch() -> None:
    with LocalEngine[int, tuple[int, int | None, int]](_LazyModel(), workers=2) as engine:
        assert list(engine.map_batches(_apply, [])) == []
        assert [[v for v, _, _ in b] for b in engine.map_batches(_apply, [[], [1, 2]])] == [[], [2, 4]]
