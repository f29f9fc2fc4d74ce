"""Memory housekeeping shared by the loaders and the engine."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
