"""A durable cache of what start-up builds from the plans (the parsed plans, the answering index).

A province's thousand plans take seconds to parse, validate and index; the result only changes
when a plan file, a published plan or the code changes. Each entry is one file in CACHE_DIR:
a header line, the key it was made for, then a pickle (protocol 5). The key covers everything
the value was made from, including the code version (`code_version`), so an edited plan, a
changed concept vocabulary or new code is never served an old value. Reading never fails: a
missing, stale or damaged entry is `None` (the caller builds the value again and stores it);
writing goes to a temporary file renamed over the entry, so a reader (another worker, the next
start) sees the old entry or the new one, never half of one, and a failed write loses nothing.

Why pickle: it is the standard library's format for Python objects (no new dependency), protocol 5
reads a thousand plans' index in a fraction of a second, and the entries are only ever read by the
same code that wrote them (the key holds the code version; the directory is the bot's own, like
the database: do not point CACHE_DIR at a place others can write).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_MAGIC = b"htsd-bot cache 1\n"
_ROOT = Path(__file__).resolve().parents[1]
#: besides the code, what the parsed plans and the index are made with
_INPUTS = ("knowledge/concepts.yaml",)
#: a temporary file older than this was left by a writer that died
ABANDONED_SECONDS = 600.0
_LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "numpy", "rapidfuzz")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of the `bot` package's source, the concept vocabulary, Python's and the libraries'
    versions: a change to any of them makes every entry stale."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    files = sorted((_ROOT / "bot").rglob("*.py")) + [_ROOT / extra for extra in _INPUTS]
    for path in files:
        digest.update(str(path.relative_to(_ROOT)).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()


def key_of(parts: Iterable[bytes]) -> str:
    """The key of a value made from these inputs (and the code version)."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


class DiskCache:
    """Named entries in one directory, each valid for one key (see the module)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.pickle"

    def get(self, name: str, key: str) -> Any | None:
        """The value stored under `name` for this key; None when there is none, it was made for
        another key, or it cannot be read (damaged, truncated, written by other code)."""
        try:
            with self._path(name).open("rb") as stream:
                if stream.readline() != _MAGIC or stream.readline() != key.encode() + b"\n":
                    return None
                return pickle.load(stream)
        except FileNotFoundError:
            return None
        except Exception as exc:  # anything a damaged file can raise: build again
            log.warning("cache: %s unreadable, building it again: %r", self._path(name), exc)
            return None

    def put(self, name: str, key: str, value: Any) -> None:
        """Store the value for this key, replacing the entry atomically; a failure is only logged
        (the cache is an optimisation: the bot runs the same without it)."""
        tmp: str | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._drop_abandoned(name)
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.directory)
            with os.fdopen(fd, "wb", buffering=1 << 20) as stream:
                stream.write(_MAGIC + key.encode() + b"\n")
                pickle.dump(value, stream, protocol=5)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(tmp, self._path(name))
            tmp = None
        except Exception as exc:
            log.warning("cache: could not write %s: %r", self._path(name), exc)
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _drop_abandoned(self, name: str) -> None:
        """Temporary files left by a process killed while writing (not one another worker is
        writing now: those are recent)."""
        for path in self.directory.glob(f".{name}.*.tmp"):
            with contextlib.suppress(OSError):
                if time.time() - path.stat().st_mtime > ABANDONED_SECONDS:
                    path.unlink()
