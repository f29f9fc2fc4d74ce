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

import ast
import contextlib
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterable
from functools import cache
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


@cache
def code_version(module: str = "bot") -> str:
    """A digest of Python's and the libraries' versions and the source a value is made by: for
    "bot", the whole package and the concept vocabulary; for a module ("bot.kb.loader"), its file
    and the `bot` modules it imports, directly or not. A change to any of them makes the entries
    keyed by it stale. The parsed plans are keyed by the loader's: new answering code, the common
    upgrade, then only rebuilds the index (1,000 plans: the parse is about half of a cold start)."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    if module == "bot":
        files = sorted((_ROOT / "bot").rglob("*.py")) + [_ROOT / extra for extra in _INPUTS]
    else:
        files = sorted(_imported_sources(module))
    for path in files:
        digest.update(str(path.relative_to(_ROOT)).encode() + b"\0")
        digest.update(_source_bytes(path))
    return digest.hexdigest()


def _source_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"-"


def _module_file(name: str) -> Path | None:
    base = _ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_sources(module: str) -> set[Path]:
    """The files of `module` and of every `bot` module it imports, read from their source (every
    import statement, those under `if TYPE_CHECKING` too: more than needed, never less)."""
    found: set[Path] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if path is None or path in found:
            continue
        found.add(path)
        for node in ast.walk(ast.parse(_source_bytes(path))):
            if isinstance(node, ast.Import):
                todo += [alias.name for alias in node.names if alias.name.split(".")[0] == "bot"]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "bot":
                todo.append(node.module or "")
                todo += [f"{node.module}.{alias.name}" for alias in node.names]  # a submodule imported by name
    return found


def key_of(parts: Iterable[bytes], code: str = "bot") -> str:
    """The key of a value made from these inputs by this code (`code_version(code)`)."""
    digest = hashlib.sha256(code_version(code).encode())
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
