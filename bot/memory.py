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
