"""Officials' documents loaded and built in a worker process, so the bot's event loop stays free.

For 10,000 units, reading the rows is about 0.5 s of row conversion and building the .xlsx, the
.docx and the chart about 1 s of pure-Python work. Read on the event loop, the load holds it
outright; built in a thread, the build holds the GIL, and a citizen's answer (each database round
trip a hand-off to the driver's thread) waits for it at every step: a citizen's answer p95 went
from ~15 ms to ~400 ms while /xuat ran (benchmarks/summary_bench.py). In a process neither
happens: the loop sends a small request and receives the bytes.

One process per bot process, spawned on first use and kept; it opens its own connection to the same
database (URL and schema from the request) and reads in one read transaction, as the bot would.
What comes from the catalogue (plan, form, deadlines) travels with the request, so a reloaded
catalogue is the one the documents follow. A memory SQLite database (which another process cannot
open), or a worker process that cannot start or dies, falls back to reading on the loop and
building in a thread.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import logging
import multiprocessing
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from bot.db.session import Database, sqlite_path
from bot.kb.schema import Plan
from bot.reports.form import Form
from bot.summary.documents import (
    Export,
    Inputs,
    PlanDeadlines,
    build_summary_messages,
    read_inputs,
)

log = logging.getLogger(__name__)

Kind = Literal["export", "summary"]
SummaryMessages = tuple[list[str], bytes | None]


@dataclass(frozen=True)
class Request:
    """What the worker needs to read one plan's data and build one kind of output (pickles)."""

    kind: Kind
    url: str
    schema: str | None
    rules: PlanDeadlines
    plan: Plan
    form: Form
    now: dt.datetime
    tz: ZoneInfo
    with_questions: bool
    with_sections: bool


async def load(db: Database, request: Request) -> Inputs:
    async with db.transaction(readonly=True) as session:
        return await read_inputs(
            session,
            request.rules,
            request.plan,
            request.form,
            request.now,
            request.tz,
            with_questions=request.with_questions,
            with_sections=request.with_sections,
        )


def build(request: Request, inputs: Inputs) -> Export | SummaryMessages:
    if request.kind == "export":
        from bot.summary.documents import build_export  # openpyxl, python-docx: when first needed

        return build_export(inputs)
    return build_summary_messages(inputs)


# -- in the worker process -----------------------------------------------------------------------

_loop: asyncio.AbstractEventLoop | None = None
_databases: OrderedDict[tuple[str, str | None], Database] = OrderedDict()
_KEEP_DATABASES = 2


def _database(url: str, schema: str | None) -> Database:
    """The worker's engine for this database (kept: the connection is reused by the next request)."""
    assert _loop is not None
    key = (url, schema)
    if key in _databases:
        _databases.move_to_end(key)
        return _databases[key]
    while len(_databases) >= _KEEP_DATABASES:
        _, old = _databases.popitem(last=False)
        _loop.run_until_complete(old.dispose())
    db = _databases[key] = Database(url, schema=schema)
    return db


def _serve(request: Request) -> Export | SummaryMessages:
    """Runs in the worker process: read, then build."""
    global _loop
    if _loop is None:
        _loop = asyncio.new_event_loop()
    inputs = _loop.run_until_complete(load(_database(request.url, request.schema), request))
    return build(request, inputs)


def _warm() -> None:
    """The worker's start: import what every request needs (the documents' libraries load on first use)."""
    import bot.summary.documents  # noqa: F401


# -- in the bot ----------------------------------------------------------------------------------

_pool: ProcessPoolExecutor | None = None


def _executor() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn: a fork would copy the bot's threads' locks (the database driver's, the loop's)
        _pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_warm)
    return _pool


def shutdown() -> None:
    """Stop the worker process (at exit; tests and the bot may also call it)."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown)


def reachable_from_another_process(db: Database) -> bool:
    return not db.is_sqlite or sqlite_path(db.url) is not None


async def run(db: Database, request: Request) -> Export | SummaryMessages:
    """The request served by the worker process; in this process (load on the loop, build in a
    thread) when the database is in memory or the worker cannot serve."""
    if reachable_from_another_process(db):
        try:
            return await asyncio.get_running_loop().run_in_executor(_executor(), _serve, request)
        except (BrokenProcessPool, OSError) as exc:
            log.warning("document worker unavailable (%s): building in this process", exc)
            shutdown()
    inputs = await load(db, request)
    return await asyncio.to_thread(build, request, inputs)
