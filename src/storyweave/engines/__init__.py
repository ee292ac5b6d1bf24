"""Where stage functions run: in-process, a local process pool (``local.py``), or a Ray cluster (``ray.py``).

Every engine offers the same ``map_batches``: results per batch, in order, one batch computed ahead while the caller
writes the current one. The caller (``pipeline.py``) stays the single writer to the store whichever engine computes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import ModuleType
from typing import Any, Protocol

from ..config import EngineOptions
from ..errors import ConfigError
from .local import LocalEngine

#: What to tell a user whose environment lacks Ray.
RAY_INSTALL_HINT = "pip install 'storyweave[ray]'"


class Engine(Protocol):
    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...

    def map_batches(
        self, function: Callable[[Any, Any], Any], batches: Iterable[Sequence[Any]]
    ) -> Iterator[list[Any]]: ...


def load_ray(local: bool) -> ModuleType:
    """The Ray engine module, importing Ray on first use (an optional extra).

    With ``local``, a Ray started by this process listens on loopback only: Ray otherwise binds the machine's network
    address so that other machines can join, and reads that choice once, when it is imported. Usage statistics, which
    Ray would send out, are off unless the user turned them on.
    """
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if local:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # Ray's switch: "0" = node address 127.0.0.1
    try:
        from . import ray as module
    except ImportError as error:
        if error.name is None or error.name.split(".")[0] != "ray":
            raise
        raise ConfigError(f"--engine ray needs Ray, which is not installed: {RAY_INSTALL_HINT}") from None
    return module


def open_engine(context: Any, workers: int, options: EngineOptions) -> Engine:
    """The engine ``options`` names, holding ``context`` (the stage's models or options) on each of its workers."""
    if options.kind == "ray":
        module = load_ray(local=options.ray_address is None)
        engine: Engine = module.RayEngine(context, workers=workers, address=options.ray_address)
        return engine
    return LocalEngine(context, workers)
