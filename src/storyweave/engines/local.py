"""A local process pool for model-bound stages (entities, embeddings): models load once and the workers share them.

Stage functions are pure apart from their model, so they run unchanged here: the pool only decides where. The models
load lazily on first use; ``map_batches`` runs the first item in this process before the pool forks, so they load once
here and every worker inherits them (copy-on-write) instead of loading its own.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Most items per pickled round trip to a worker. Larger chunks save little (a round trip costs well under a
#: millisecond against ~50 ms of model work per article), but at the end of a stage one worker may still be on its last
#: chunk while the others idle: at 8 articles that tail is ~0.4 s, where the former len/(4 * workers) = 25 left ~1.3 s.
MAX_CHUNK = 8

# The models of this worker process; set once by the pool initializer, read-only afterwards.
_WORKER_CONTEXT: Any = None


#: prctl option that has the kernel signal this process when its parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _init(context: Any, parent: int) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = context
    exit_with_parent(parent)


def exit_with_parent(parent: int) -> None:
    """Have this worker terminated when the run that started it dies. A killed run (``kill -9``, out of memory) cannot
    shut its pool down, and the workers, blocked reading a task queue whose other end they hold too, would otherwise
    wait forever with the models in memory (seen after a killed ``ingest``: its workers were still there minutes
    later). Linux only; elsewhere workers still exit when the run ends normally."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the run died before the request took effect
        os._exit(1)


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
            # fork keeps start-up to milliseconds and shares loaded models copy-on-write. The processes start at the
            # first submit; the models we load hold no threads or open files (weights are read, then closed), and
            # BLAS thread pools survive a fork.
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_init,
                initargs=(self.context, os.getpid()),
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
        chunk = max(1, min(len(items) // (self.workers * 4), MAX_CHUNK))
        return self._pool.map(_call, [(function, item) for item in items], chunksize=chunk)

    def map_batches(
        self, function: Callable[[Any, T], R], batches: Iterable[Sequence[T]], *, head_first: bool = False
    ) -> Iterator[list[R]]:
        """``map`` over each batch, results per batch in order, with the next batch already submitted while the caller
        handles (writes) the current one: workers never wait for the store, and a batch's slow last item does not leave
        the other workers idle. At most two batches are in memory at once.

        With a pool, the first item runs here before the pool starts: whatever it loads lazily (spaCy ~1.1 s, USE
        ~1.0 s, the gazetteer ~0.6 s of CPU, measured) is loaded once and inherited by the workers, where each worker
        loading its own cost that CPU once per worker.

        With ``head_first``, that first item's result comes as a batch of its own as soon as the pool has forked and
        taken the rest of the first batch, instead of with that batch once it is done (same items, same order): a
        caller that streams the results can act on the first one while the workers run."""
        stream = iter(batches)
        head: list[R] = []
        if self._pool is not None:
            first = next(stream, None)
            if first is None:
                return
            if first:
                head = [function(self.context, first[0])]
            stream = itertools.chain([first[1:]], stream)
        previous: Iterator[R] | None = None
        for batch in stream:
            current = self.map(function, batch)  # a pool submits every item of the batch here
            if head_first and head and batch:
                # the first submit forked the workers: whatever the caller starts now (a thread) cannot be forked
                yield head
                head = []
            if previous is not None:
                yield [*head, *previous]
                head = []
            previous = current
        if previous is not None:
            yield [*head, *previous]


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
