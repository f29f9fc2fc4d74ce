"""Run the real bot Application against the fake Bot API server, on a real database."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.config import Settings, load_settings
from bot.db.session import Database
from handlers.runtime import Runtime, create_runtime
from tests.fake_bot_api import FakeBotAPI

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn_time(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


@dataclass
class RunningBot:
    server: FakeBotAPI
    runtime: Runtime
    clock: ManualClock
    stop: asyncio.Event
    task: asyncio.Task[None]


def test_settings(server: FakeBotAPI, db: Database, **extra: object) -> Settings:
    values: dict[str, object] = {
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "DATABASE_URL": db.url,
        "LOG_LEVEL": "INFO",
        "CACHE_DIR": "",  # no cache written into the working directory (tests that want one give a folder)
    }
    values.update(extra)
    return load_settings(**values)


@contextlib.asynccontextmanager
async def running_bot(
    server: FakeBotAPI, db: Database, clock: ManualClock | None = None, **settings: object
) -> AsyncIterator[RunningBot]:
    """Start the bot (long polling, or webhook when WEBHOOK_URL is given) and stop it afterwards."""
    clock = clock or ManualClock(vn_time(2025, 10, 2, 9, 0))
    runtime = await create_runtime(test_settings(server, db, **settings), clock, db=db)
    stop = asyncio.Event()
    task = asyncio.create_task(runtime.run(stop))
    bot = RunningBot(server, runtime, clock, stop, task)
    try:
        await _wait_started(runtime, task)
        yield bot
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)


async def _wait_started(runtime: Runtime, task: asyncio.Task[None]) -> None:
    for _ in range(500):
        if task.done():
            task.result()  # raises the start-up error
        updater = runtime.application.updater
        if runtime.application.running and (updater is None or updater.running):
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("bot did not start")
