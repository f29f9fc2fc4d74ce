"""Memory housekeeping shared by the loaders and the engine."""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many long-lived objects are made.

    Loading and indexing a thousand plans allocates millions of objects; each full collection
    they trigger walks all of them again (measured on 1,000 plans: parsing the YAML 4.1 s -> 0.9 s
    with it paused). Plain reference counting still frees what is dropped; what was left in cycles
    is collected once the collector runs again. Nested pauses keep it off until the outermost ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def release_freed_memory() -> None:
    """Give the memory freed after a large build back to the system (glibc's `malloc_trim`).

    Reading the index back from the cache frees tens of megabytes of short-lived buffers (the
    bytes each postings array is rebuilt from); glibc keeps such freed memory in the process
    (measured on 1,000 plans: 306 MB resident, 247 MB after this). Elsewhere a no-op."""
    global _trim
    if _trim is None:
        _trim = _find_trim()
    if _trim is not False:
        _trim(0)


def _find_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return False
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, ...)
        return False


_trim: Any = None


#: the young generation is collected after this many allocations (net of frees), not CPython's 700.
#: An update makes hundreds of objects that live until it is answered; at 700, under load
#: (benchmarks/bot_load.py, 500 updates) the young generation was collected 56-69 times and the
#: middle one 5-6 times, walking those in-flight objects again and promoting them; at 10,000, twice
#: and never. A cycle of garbage waits for at most 10,000 allocations.
YOUNG_THRESHOLD = 10_000


def settle() -> None:
    """Once what lives as long as the process is built (modules, the plans and their index):
    collect what is garbage now, move every object still alive out of the collector's reach
    (`gc.freeze`), and collect the young generation less often (`YOUNG_THRESHOLD`).

    Without it every full collection walks the libraries' and the catalogue's objects again:
    about 177,000 objects (with 5 plans, and as many with 1,000: the index is arrays), 125-220 ms
    of CPU on a 2-core machine, a pause every answer in flight shares; under load one came every
    1,000 updates or so. The collector's time per update under load: 0.13-0.37 ms before, 0.01 ms
    after (bot_load, polling, 500-3,000 updates). Frozen objects are still freed by reference
    counting; only cycles among them wait for the next `settle`, which unfreezes and collects
    first (`resettle`, soon after a catalogue swap)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def built_to_last() -> Iterator[None]:
    """What is built inside lives as long as the process (the bot at start: its catalogue and index):
    build it with the collector paused, then `gc.freeze` it before the collector runs again, and
    collect the young generation less often (`YOUNG_THRESHOLD`) — what `settle` does, without its
    full collections.

    `settle` after the build walked every object to find garbage that is not there: loading a
    thousand plans from CACHE_DIR makes millions of objects and about ten of them cyclic garbage;
    the modules' import leaves some fifty. Walking them cost start-up 0.3-0.4 s for the full
    collection, and 0.25 s more for the young collection that ran on the first allocation after
    the paused build (every object made meanwhile was young). Those few cycles stay frozen until
    the next `resettle`, after a catalogue swap."""
    with paused_gc():
        yield
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def resettle() -> None:
    """`settle` again in a process that settled at start (`serve`), else nothing (tests, tools):
    after a catalogue swap, so that the replaced catalogue's cycles are collected and the new
    catalogue is frozen in its place."""
    if gc.get_freeze_count():
        settle()
