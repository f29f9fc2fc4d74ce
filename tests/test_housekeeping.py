"""Tables that grow with traffic stay bounded: old update ids, delivered messages, idle conversations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.clock import ManualClock
from bot.db import conversations, outbox, updates
from bot.db.models import Conversation, OutboxMessage, ProcessedUpdate
from bot.housekeeping import Housekeeping, Retention
from bot.outbox import Outgoing
from tests.harness import vn_time

NOW = vn_time(2025, 10, 10, 3, 0)


async def counts(db) -> tuple[int, int, int]:
    async with db.transaction(readonly=True) as session:
        return tuple(  # type: ignore[return-value]
            [
                int(await session.scalar(select(func.count()).select_from(model)) or 0)
                for model in (ProcessedUpdate, OutboxMessage, Conversation)
            ]
        )


async def test_old_rows_are_pruned_and_recent_ones_kept(db):
    old, recent = NOW - dt.timedelta(days=8), NOW - dt.timedelta(minutes=5)
    async with db.transaction() as session:
        await updates.store(session, [(1, {})], old)
        await updates.store(session, [(2, {})], recent)
        sent = await outbox.enqueue(session, [Outgoing(5, text="cũ")], "w", old)
        await outbox.enqueue(session, [Outgoing(5, text="chưa gửi")], "w", old)  # pending: kept however old
        await outbox.OutboxLog(db, lambda: old).sent([])  # nothing to confirm: no-op
        await conversations.put(session, 5, {"plan": "namtrieu-2025"}, old)
        await conversations.put(session, 6, {"plan": "dakplo-2025"}, recent)
    await outbox.OutboxLog(db, lambda: old).sent([(sent[0].id, 77)])
    assert await counts(db) == (2, 2, 2)
    done = await Housekeeping(db, ManualClock(NOW), retention=Retention()).run()
    assert done == {"processed_updates": 1, "outbox": 1, "conversations": 1}
    assert await counts(db) == (1, 1, 1)
    async with db.transaction(readonly=True) as session:
        assert await conversations.get(session, 6) is not None and await conversations.get(session, 5) is None
