"""Telegram hiccups lose no reply: a long run of 5xx answers on sendMessage, then every citizen who
asked meanwhile gets their answer; a user who blocked the bot is marked and skipped."""

from __future__ import annotations

import asyncio
import os
import time

from sqlalchemy import select

from bot.db.models import OutboxMessage, User
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot

OUTAGE_SECONDS = float(os.environ.get("OUTAGE_SECONDS", "60"))
CITIZENS = 120
QUESTIONS = ["chủ đề tuần lễ ở nam triệu là gì", "khai mac o thanh binh luc may gio", "hạn báo cáo ở đăk plô"]


async def test_a_minute_of_5xx_loses_no_reply_and_a_blocked_user_is_skipped(db):
    async with FakeBotAPI(username="htsd_test_bot") as server:
        async with running_bot(server, db, RATE_LIMIT_PER_SECOND="0"):
            server.fail_next("sendMessage", 1_000_000, error_code=502, description="Bad Gateway")
            started = time.monotonic()
            server.block_user(666)
            server.send_text(666, "chủ đề là gì?")
            for n in range(CITIZENS):  # questions keep coming during the outage
                server.send_text(10_000 + n, QUESTIONS[n % len(QUESTIONS)])
                await asyncio.sleep(OUTAGE_SECONDS * 0.8 / CITIZENS)
            await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - started)))
            failures = sum(1 for c in server.calls_to("sendMessage") if c.error_code == 502)
            server.clear_faults()
            assert failures >= CITIZENS  # every answer was tried during the outage, and failed
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                answered = {m.chat_id for m in server.sent_messages() if m.chat_id >= 10_000}
                if len(answered) == CITIZENS:
                    break
                await asyncio.sleep(0.5)
            assert len(answered) == CITIZENS, f"{CITIZENS - len(answered)} citizens got no answer"
            for n in range(CITIZENS):  # each got exactly the one answer, in spite of the retries
                assert len(server.sent_messages(10_000 + n)) == 1
        async with db.transaction(readonly=True) as session:
            blocked = await session.get(User, 666)
            pending = (await session.execute(select(OutboxMessage).where(OutboxMessage.status == "pending"))).all()
        assert blocked is not None and blocked.active is False
        assert pending == []
        assert not server.sent_messages(666)
