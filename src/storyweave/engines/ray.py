"""The Ray engine: the same stage functions as the local pool, run by Ray actors on one machine or a cluster.

Each actor holds one stage's context (its models load once, in the actor, on first use) and maps a stage function
over a chunk of items per task. The driver hands out chunks as actors free up, keeps a bounded number in flight
(back-pressure: the input is read only as fast as the actors work), and yields each input batch's results in order,
so the caller stays the single writer to the store. An actor that dies is restarted by Ray and its unfinished tasks
are retried; a result reaches the driver once, however often it was computed, so nothing is stored twice.

Imported only when ``--engine ray`` is asked for (``engines.load_ray``): Ray is an optional extra.
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import ray
from ray._private import worker as ray_driver
from ray.exceptions import RayActorError, RayTaskError

from ..errors import EngineError, StoryweaveError
from .local import chunked

#: Items per Ray task. A task's round trip (pickling, scheduling, a reply) is paid once per chunk against ~50 ms of
#: model work per article in annotate + embed (~400 ms per chunk of 8); larger chunks leave actors idle at the end of a
#: run while one finishes its last chunk. The local pool's MAX_CHUNK = 8 was measured for that tail (~0.4 s at 8
#: articles); the same size here, and benchmarks/engines.py shows its overhead (RESULTS.md, "Engines").
RAY_CHUNK = 8
#: Tasks queued per actor: one running and one waiting, so an actor never idles while the driver round-trips.
IN_FLIGHT_PER_ACTOR = 2
#: Chunks the driver holds (running or finished but not yet handed on in order) per actor before it waits for the
#: oldest: bounds memory when one slow chunk holds up the ordered output.
QUEUED_PER_ACTOR = 4
#: A dead actor (killed, out of memory, its machine lost) is restarted and its unfinished tasks re-run this many
#: times before the run stops with an error: enough for an occasional loss, few enough that a chunk which crashes its
#: worker every time ends the run in seconds.
MAX_RESTARTS = 3
#: Object store of a Ray started here. Chunks in flight are a few MB (an article's sentence vectors are ~40 KB) and the
#: context is options or lazily loaded models, so 256 MB is ample and keeps Ray from reserving 30% of memory.
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024
#: Seconds to wait for a cluster's head to accept a connection. Ray itself retries an unreachable address for many
#: minutes (seen: still waiting after 10); a head on a network answers in milliseconds, 10 s allows a slow link.
CONNECT_TIMEOUT_S = 10.0


class _StageActor:
    """One worker process, shared by the stages of a run: it holds each stage's context (models load once, on first
    use) and maps the stage function over the chunks it is sent.

    Sharing matters because a Ray worker starts empty: importing storyweave and its libraries costs ~1.5 s of CPU per
    process, which a second set of actors for the second stage would pay again. The local pool forks instead.
    """

    def __init__(self) -> None:
        self._contexts: dict[int, Any] = {}

    def run(self, key: int, holder: list[Any], function: Callable[[Any, Any], Any], items: Sequence[Any]) -> list[Any]:
        # the context's object ref arrives inside a list, so Ray does not fetch and unpickle it for every task; a
        # restarted actor has an empty cache and fetches it once again
        context = self._contexts.get(key)
        if context is None:
            context = self._contexts[key] = ray.get(holder[0])
        return [function(context, item) for item in items]

    def forget(self, key: int) -> None:
        self._contexts.pop(key, None)

    def pid(self) -> int:
        return os.getpid()


_RemoteActor: Any = ray.remote(num_cpus=1, max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS)(_StageActor)


class _Pool:
    """The actors of this process's Ray session; a new session (Ray shut down and started again) starts a new pool."""

    actors: ClassVar[list[Any]] = []
    session: ClassVar[tuple[str, str] | None] = None
    keys: ClassVar[Iterator[int]] = itertools.count()

    @classmethod
    def current(cls) -> list[Any]:
        context = ray.get_runtime_context()
        session = (str(context.gcs_address), context.get_job_id())
        if session != cls.session:
            cls.actors, cls.session = [], session
        return cls.actors


def connect(address: str | None, cpus: int) -> None:
    """Join the Ray cluster at ``address``, or start a local Ray with ``cpus`` CPUs (loopback only, no dashboard).

    A Ray already running in this process is reused, so ingest and cluster in one ``run`` share it; one started here
    is shut down by Ray itself when the process exits.
    """
    if ray.is_initialized():
        return
    # A command's output is its results: Ray's start-up notices (a local instance started, token authentication on)
    # and the workers' logs stay in Ray's log folder; errors still show.
    logging.getLogger("ray").setLevel(logging.ERROR)
    _notices_to_stderr()
    quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR, "configure_logging": False}
    try:
        if address is None:
            ray.init(
                address="local",
                num_cpus=cpus,
                include_dashboard=False,
                object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                **quiet,
            )
        else:
            _probe(address)
            ray.init(address=address, **quiet)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as error:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise EngineError(f"cannot start or reach {where}: {reason}") from None


def _notices_to_stderr() -> None:
    """Send the notices Ray's driver prints about the cluster (a worker died, a task will be retried) to stderr.

    A driver thread (``listen_error_messages``) prints them to stdout whatever ``ray.init`` is told: ``log_to_driver``
    covers only the workers' own output and ``logging_level`` only Ray's loggers. On stdout they would break the
    command's output (``--json``); on stderr they stay visible as the warnings they are. The thread looks the printing
    function up on every message, so wrapping it here, before ``ray.init`` starts the thread, reroutes every notice.
    """
    printer: Callable[[dict[str, Any], bool], None] = ray_driver.print_to_stdstream
    if getattr(printer, "_to_stderr", False):
        return

    def to_stderr(data: dict[str, Any], ignore_prefix: bool) -> None:
        printer({**data, "is_err": True}, ignore_prefix)

    to_stderr._to_stderr = True  # type: ignore[attr-defined]
    ray_driver.print_to_stdstream = to_stderr


def _probe(address: str) -> None:
    """Fail in seconds, on one line, when nothing answers at a host:port address ("auto" is left to Ray)."""
    host, colon, port = address.removeprefix("ray://").rpartition(":")
    if not colon or not port.isdigit():
        return
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as error:
        raise EngineError(f"cannot reach the Ray cluster at {address}: {error.strerror or error}") from None


@dataclass(slots=True)
class _Chunk:
    ref: Any  # the task's result, or None for an empty batch (nothing to compute)
    last: bool  # the last chunk of its input batch


class RayEngine:
    """``map_batches(function, batches)`` on Ray actors; ``function(context, item)`` must be importable on the
    workers (a module-level function of storyweave, installed on every node of a cluster)."""

    def __init__(self, context: Any, *, workers: int, address: str | None, chunk: int | None = None) -> None:
        self.context = context
        self.workers = max(1, workers)
        self.address = address
        self.chunk = max(1, chunk or RAY_CHUNK)
        self._actors: list[Any] = []
        self._max_actors = 1
        self._key = -1
        self._holder: list[Any] = []

    def __enter__(self) -> RayEngine:
        connect(self.address, self.workers)
        # one actor per CPU of the cluster (a local Ray has --workers CPUs); actors start as work arrives and stay
        # for the next stage; Ray ends them with this process
        self._max_actors = max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]
        self._actors = _Pool.current()
        self._key = next(_Pool.keys)
        self._holder = [ray.put(self.context)]  # kept by the driver while the stage runs, for restarted actors
        return self

    def __exit__(self, *exc: object) -> None:
        for actor in self._actors:
            actor.forget.remote(self._key)  # the stage's models leave the actors' memory
        self._holder = []

    def actor_pids(self) -> list[int]:
        """Process ids of the live actors (for operators and the fault-tolerance test)."""
        return list(ray.get([actor.pid.remote() for actor in self._actors]))

    def _free_actor(self, load: list[int]) -> int | None:
        """The least loaded actor with room for another task, starting a new one while the cluster has CPUs."""
        if load:
            index = min(range(len(load)), key=load.__getitem__)
            if load[index] == 0 or len(self._actors) >= self._max_actors:
                return index if load[index] < IN_FLIGHT_PER_ACTOR else None
        if len(self._actors) < self._max_actors:
            self._actors.append(_RemoteActor.remote())
            load.append(0)
            return len(self._actors) - 1
        return None

    def map_batches(self, function: Callable[[Any, Any], Any], batches: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
        """Results of ``function`` over each batch, per batch and in order, computed ahead while the caller handles
        (writes) the batch just yielded. At most ``QUEUED_PER_ACTOR`` chunks per actor are held at once."""
        order: deque[_Chunk] = deque()
        running: dict[Any, int] = {}  # unfinished task -> its actor
        load: list[int] = [0] * len(self._actors)
        gathered: list[Any] = []

        def settle(block: bool) -> None:
            """Note finished tasks, so their actors take more; with ``block``, wait for at least one."""
            if not running:
                return
            refs = list(running)
            ready, _ = ray.wait(refs, num_returns=1 if block else len(refs), timeout=None if block else 0)
            for ref in ready:
                load[running.pop(ref)] -= 1

        def completed() -> Iterator[list[Any]]:
            while order and (order[0].ref is None or order[0].ref not in running):
                head = order.popleft()
                if head.ref is not None:
                    gathered.extend(_result(head.ref))
                if head.last:
                    yield list(gathered)
                    gathered.clear()

        for batch in batches:
            pieces = list(chunked(batch, self.chunk))
            if not pieces:
                order.append(_Chunk(None, True))
            for number, piece in enumerate(pieces):
                while True:
                    settle(block=False)
                    yield from completed()
                    actor = self._free_actor(load) if len(order) < self._max_actors * QUEUED_PER_ACTOR else None
                    if actor is not None:
                        break
                    settle(block=True)
                ref = self._actors[actor].run.remote(self._key, self._holder, function, piece)
                running[ref] = actor
                load[actor] += 1
                order.append(_Chunk(ref, number == len(pieces) - 1))
        while order:
            yield from completed()
            settle(block=True)


def _result(ref: Any) -> list[Any]:
    """A finished task's results; a user-facing error raised in the stage surfaces as itself (one line, no Ray
    traceback), and an actor lost for good as an EngineError."""
    try:
        return list(ray.get(ref))
    except RayTaskError as error:
        if isinstance(error.cause, StoryweaveError):
            raise error.cause from None
        raise
    except RayActorError as error:
        raise EngineError(
            f"a Ray worker died {MAX_RESTARTS + 1} times running one chunk of {RAY_CHUNK} items; "
            "see the Ray logs (/tmp/ray/session_latest/logs) for why"
        ) from error
