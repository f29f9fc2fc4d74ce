"""A teacher types a whole report while the bot process is killed (SIGKILL) at random moments.

Every message she sends must either be answered and applied, or be handled after the restart:
the figures confirmed at the end are exactly the ones she typed, each in its own question, and she
got an answer to every message. Runs the real `run_bot.py` process against the fake Bot API, on
SQLite (a file) or on PostgreSQL (TEST_DATABASE_URL).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import signal
import sys
import time
from pathlib import Path

from sqlalchemy import select

from bot.catalog import Catalog
from bot.db import submissions
from bot.db import units as unit_rows
from bot.db.models import ProcessedUpdate
from bot.db.schema import ensure_current
from bot.invites import create_invite
from bot.reports.form import Indicator
from tests.db_fixtures import DatabaseTarget
from tests.fake_bot_api import FakeBotAPI, SentMessage

ROOT = Path(__file__).resolve().parents[1]
UNIT, PLAN = "dakplo-th-vi-du", "dakplo-2025"
TEACHER = 4242
KILL_CHANCE = 0.45  # per message the teacher sends
SEED = int(os.environ.get("CRASH_TEST_SEED", "20261002"))


class BotProcess:
    """`python run_bot.py` as an operator runs it; killed with SIGKILL, started again."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def start(self, server: FakeBotAPI) -> None:
        since = time.monotonic()
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "run_bot.py", cwd=ROOT, env=self.env, stdout=out, stderr=out
            )
        self.starts += 1
        await server.wait_for("deleteWebhook", lambda call: call.time >= since, timeout=60)  # just before polling

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.process.wait(), 30)


def answer_for(index: int, indicator: Indicator) -> tuple[str, int]:
    """A different, valid answer for every question, and the figure it must be stored as."""
    if indicator.kind == "yesno":
        return ("có", 1) if index % 2 == 0 else ("không", 0)
    figure = index + 1
    if indicator.kind == "money":
        return f"{figure} triệu", figure * 1_000_000
    if indicator.kind == "people":
        return f"{figure * 10} người", figure * 10
    return str(figure), figure


def with_button(server: FakeBotAPI, data: str) -> SentMessage:
    for message in reversed(server.sent_messages(TEACHER)):
        if data in message.callback_data:
            return message
    raise AssertionError(f"no message with the button {data}")


async def prepare(target: DatabaseTarget, catalog: Catalog) -> str:
    """The deployment before the teacher starts: schema, roster, an invite code for her school."""
    db = target.connect()
    await ensure_current(db)
    async with db.transaction() as session:
        await unit_rows.sync(session, catalog.units)
        invite = await create_invite(session, role="staff", unit_id=UNIT, now=dt.datetime.now(dt.UTC))
    await db.dispose()
    return invite.code


async def test_a_report_typed_while_the_bot_is_killed_at_random_moments_loses_nothing(db_target, catalog, tmp_path):
    rng = random.Random(SEED)
    code = await prepare(db_target, catalog)
    unit = next(u for u in catalog.units if u.id == UNIT)
    form = catalog.forms.for_unit(catalog.plans[PLAN], unit.kind, unit.name)  # the questions a school is asked
    answers = [answer_for(i, indicator) for i, indicator in enumerate(form.indicators)]
    total = len(form.indicators)
    steps: list[tuple[str, str, str]] = [("text", f"/dangky {code}", "thành công"), ("text", "/baocao", "Câu 1/")]
    for number, (typed, _figure) in enumerate(answers, start=1):
        expect = f"Câu {number + 1}/{total}" if number < total else "Tóm tắt"
        steps.append(("text", typed, expect))
    steps.append(("button", f"rep:send:{total}", "Đã nhận báo cáo"))

    async with FakeBotAPI(username="htsd_test_bot") as server:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "DATABASE_URL": db_target.url,
            "DATABASE_SCHEMA": db_target.schema or "",
            "LOG_LEVEL": "WARNING",
        }
        bot = BotProcess(env, tmp_path / "bot.log")
        await bot.start(server)
        kills = 0
        for kind, payload, expect in steps:
            since = time.monotonic()
            if kind == "text":
                server.send_text(TEACHER, payload, first_name="Lan")
            else:
                server.press_button(TEACHER, with_button(server, payload), payload)
            if rng.random() < KILL_CHANCE:
                await asyncio.sleep(rng.uniform(0.0, 0.25))  # anywhere in receiving, handling, replying
                await bot.kill()
                kills += 1
                await bot.start(server)
            try:
                await server.wait_for_message(
                    TEACHER, lambda m, want=expect: want in (m.text or ""), timeout=60, since=since
                )
            except TimeoutError:
                raise AssertionError(
                    f"no answer to {payload!r} (expected {expect!r}) after {kills} kills;\n"
                    f"messages: {[m.text[:80] for m in server.sent_messages(TEACHER)]}\n"
                    f"calls: {server.recent_calls(15)}\n"
                    f"bot log:\n{(tmp_path / 'bot.log').read_text()[-3000:]}"
                ) from None
        assert await bot.stop() == 0

    db = db_target.connect()
    async with db.transaction(readonly=True) as session:
        version, values = await submissions.current(session, UNIT, PLAN)
        claimed = list((await session.execute(select(ProcessedUpdate.processed_at))).scalars())
    await db.dispose()
    assert kills >= 10, f"only {kills} kills (seed {SEED})"
    assert version == 1
    assert values == {indicator.key: figure for indicator, (_, figure) in zip(form.indicators, answers, strict=True)}
    assert all(when is not None for when in claimed)  # every update received was handled
