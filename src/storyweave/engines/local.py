"""A local process pool for model-bound stages (entities, embeddings), one loaded copy of the models per worker.

Stage functions are pure apart from their model, so they run unchanged here: the pool only decides where. Each worker
receives the (unloaded, picklable) models once, through the initializer, and loads the weights on first use.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The models of this worker process; set once by the pool initializer, read-only afterwards.
_WORKER_CONTEXT: Any = None


def _init(context: Any) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = context


def _call(task: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    function, item = task
    return function(_WORKER_CONTEXT, item)


class LocalEngine(Generic[T, R]):
    """``map(function, items)`` in order, in this process (``workers == 1``) or in a pool of worker processes.

    ``function(context, item)`` must be a module-level function (picklable); ``context`` holds the models.
    """

    def __init__(self, context: Any, workers: int = 1) -> None:
        self.context = context
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine[T, R]:
        if self.workers > 1:
            # fork keeps start-up to milliseconds; the models are not loaded yet when they are handed over, so no
            # thread or file handle of a loaded model crosses the fork.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_init,
                initargs=(self.context,),
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, function: Callable[[Any, T], R], items: Sequence[T]) -> Iterator[R]:
        if self._pool is None:
            return (function(self.context, item) for item in items)
        # chunks of a few items amortise the pickling round trip without starving a worker at the end of a batch
        chunk = max(1, len(items) // (self.workers * 4))
        return self._pool.map(_call, [(function, item) for item in items], chunksize=chunk)

    def map_batches(self, function: Callable[[Any, T], R], batches: Iterable[Sequence[T]]) -> Iterator[list[R]]:
        """``map`` over each batch, results per batch in order, with the next batch already submitted while the caller
        handles (writes) the current one: workers never wait for the store, and a batch's slow last item does not leave
        the other workers idle. At most two batches are in memory at once."""
        previous: Iterator[R] | None = None
        for batch in batches:
            current = self.map(function, batch)  # a pool submits every item of the batch here
            if previous is not None:
                yield list(previous)
            previous = current
        if previous is not None:
            yield list(previous)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
