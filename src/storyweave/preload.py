"""Loading the annotate and embed models while ingest runs, so ``run`` does not wait for them afterwards.

The models load lazily in the process that starts the annotate pool (``engines.local``), whose workers inherit them
when it forks. Loaded there after ingest, that is ~2.7 s of CPU (spaCy ~1.1 s, USE ~1.0 s, gazetteer ~0.6 s) during
which one of two cores idles; loaded in a thread while the ingest workers clean and split, the same work fills the
time the run's own process spends waiting for them.

A thread here is safe only because of when it runs: it starts at the first ingested article, by which time the ingest
pool has forked its workers (a fork while it ran could copy a lock it holds into a child), and ``run`` waits for it
before the annotate pool forks. It loads models and nothing else: it encodes no text (encoding changes the process's
BLAS thread count while it runs) and writes nothing the ingest thread reads. A model that fails to load here is left
unloaded: the stage that needs it loads it again on first use and reports the failure where it does today, as one
line per article, and the rest of the run goes on.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Protocol, runtime_checkable

from .config import Settings
from .group.features import load_minhash
from .pipeline import Models
from .store.problems import reason_of
from .types import Article


@runtime_checkable
class Loadable(Protocol):
    """An embedder that can load its model before its first ``embed`` (the default USE backend can)."""

    def load(self) -> None: ...


def loads_early(settings: Settings) -> bool:
    """Whether ``run`` loads the models during ingest: only for the local pool, whose workers fork from this process
    with them loaded. Ray actors load their own, and with one worker everything shares this process's interpreter
    lock, so a thread would only add work to ingest's."""
    return settings.engine.kind == "local" and settings.workers > 1


def load_models(models: Models, language: str | None) -> None:
    """Load what annotating and embedding an article in ``language`` needs, as its first article would, and what
    grouping imports on first use."""
    models.entities.load(language)
    if isinstance(models.embedder, Loadable):
        models.embedder.load()
    load_minhash()


class BackgroundModelLoad:
    """``load_models`` in a thread started by the first ingested article (pass ``start`` as ingest's ``on_article``);
    leaving the ``with`` block waits for it, unless the block raised (a daemon thread then does not hold up the exit).
    """

    def __init__(self, models: Models) -> None:
        self._models = models
        self._thread: threading.Thread | None = None
        #: Why loading failed, if it did (the stage that needs the model reports it again, per article).
        self.error: str | None = None

    def start(self, article: Article) -> None:
        """Start loading for ``article``'s language; later calls do nothing."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._load, args=(article.language,), name="storyweave-load-models", daemon=True
            )
            self._thread.start()

    def _load(self, language: str | None) -> None:
        try:
            load_models(self._models, language)
        except Exception as exc:  # a thread's exception would print a traceback: keep the reason instead
            self.error = reason_of(exc)

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> BackgroundModelLoad:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if kind is None:
            self.wait()
