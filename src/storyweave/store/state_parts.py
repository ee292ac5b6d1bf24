"""Saved grouping state as numbered parts: which parts a write replaces, shared by every backend.

A state value is cut into parts of ``STATE_PART_BYTES``; a write compares the new values with what the store last
read and replaces only the parts that differ, so a run that appends 1% of articles rewrites the ends of the large
values, not all of them. The backends store the parts (SQLite BLOBs, PostgreSQL bytea) and run the plan in the
transaction that writes the grouping rows the state describes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import StoreError
from .base import StateTail, StateValue

#: Saved grouping state is split into parts of this size: SQLite refuses values over 1 GB (SQLITE_MAX_LENGTH), and a
#: 1M-article embedding index is larger than that. Parts are also the unit a run rewrites: most of the state only grows
#: at its end (term sets, neighbour lists, vectors), so a run adding 1% of articles rewrites the last part of those
#: instead of all of it. Writing the state after 1,000 articles joined a 100k-article store (~147 MB of state) took
#: 0.75 s with 4 MiB parts, 0.52 s with 1 MiB and 0.47-0.53 s with 256 KiB (the HNSW links, ~21 MB, change throughout
#: and are rewritten whatever the size); 256 KiB keeps a 1M-article state at a few thousand rows.
STATE_PART_BYTES = 256 * 1024


@dataclass(slots=True)
class SeenState:
    """The grouping state as a store last read it: its fingerprint, its values, and whether its parts have today's
    size (a state written by an earlier version may hold parts of another size under the same numbers)."""

    fingerprint: bytes | None = None
    values: dict[str, bytes] = field(default_factory=dict)
    alike: bool = False

    @classmethod
    def from_parts(cls, parts: dict[str, list[bytes]]) -> SeenState:
        values = {name: b"".join(p) for name, p in parts.items()}
        alike = all(len(v) == STATE_PART_BYTES for p in parts.values() for v in p[:-1])
        return cls(values.get("fingerprint"), values, alike)


@dataclass(slots=True)
class StatePlan:
    """What a state write does: drop every part first (``clear``), delete the ``stale`` (name, part) rows, then
    insert or replace the ``changed`` (name, part, bytes) rows."""

    clear: bool
    stale: list[tuple[str, int]]
    changed: list[tuple[str, int, bytes | memoryview]]


def parts(value: bytes) -> list[memoryview]:
    view = memoryview(value)  # slices without copies: only changed parts are written
    return [view[start : start + STATE_PART_BYTES] for start in range(0, max(1, len(value)), STATE_PART_BYTES)]


def _same(a: memoryview, b: memoryview) -> bool:
    # numpy compares in C; comparing memoryviews unpacks them byte by byte (~0.6 GB/s: 0.35 s for 200 MB)
    return len(a) == len(b) and bool(np.array_equal(np.frombuffer(a, dtype=np.uint8), np.frombuffer(b, dtype=np.uint8)))


def part_count(length: int) -> int:
    """How many parts ``parts`` cuts a value of ``length`` bytes into (an empty value is one empty part)."""
    return max(1, -(-length // STATE_PART_BYTES))


def plan_state_write(seen: SeenState, stored_fingerprint: bytes | None, state: Mapping[str, StateValue]) -> StatePlan:
    """The parts to write so the store holds ``state``, given what was read (``seen``) and the fingerprint stored now
    (all parts when the state was not read here, was cut into parts of another size, or another writer replaced it
    since). A ``StateTail`` that extends a value this store did not read raises ``StoreError``."""
    read = seen.values
    if stored_fingerprint is None or seen.fingerprint is None or stored_fingerprint != seen.fingerprint:
        read = {}  # not what is on disk now
    on_disk = read if seen.alike else {}  # what the parts stored under each number hold
    changed: list[tuple[str, int, bytes | memoryview]] = []
    stale: list[tuple[str, int]] = []
    for name, value in state.items():
        old = on_disk.get(name)
        if isinstance(value, StateTail):
            base = read.get(name)
            if base is None or value.keep > len(base):
                raise StoreError("the saved grouping state changed while this run grouped; run cluster again")
            # parts before the one holding byte ``keep`` are as they were; the rest is that part's kept head
            # and the tail, so only the end of a large value is copied and written
            first = value.keep // STATE_PART_BYTES if old is not None else 0
            if old is None or value.keep < len(old) or value.tail:
                region = bytes(memoryview(base)[first * STATE_PART_BYTES : value.keep]) + value.tail
                changed.extend((name, first + i, part) for i, part in enumerate(parts(region)))
            length = value.keep + len(value.tail)
        else:
            length = len(value)
            if value == old:  # one memcmp: most values of a large state are unchanged or only appended to
                continue
            new, before = parts(value), parts(old) if old is not None else []
            # compared with the parts as read: hashing them on read and on write cost ~0.15 s per run on a
            # 100k-article state; holding what was read until this write costs its size
            changed.extend((name, i, p) for i, p in enumerate(new) if i >= len(before) or not _same(before[i], p))
        if old is not None:
            stale.extend((name, i) for i in range(part_count(length), part_count(len(old))))
    for name, value in on_disk.items():
        if name not in state:
            stale.extend((name, i) for i in range(part_count(len(value))))
    return StatePlan(clear=not on_disk, stale=stale, changed=changed)
