"""`processed_updates`: the inbox of Telegram updates, and the record that each was handled once.

An update is stored here (`store`) as soon as it arrives — before Telegram is told it was
received — and claimed (`claim`) in the transaction that applies it (`bot.work`): if that
transaction rolls back, the claim goes with it and the update is handled again later
(`unhandled`). Telegram gives a bot random ids again after a week without updates, so ids are
remembered for a few days only (`prune`), and a row older than that never refuses a fresh update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import insert_for, require_aware, rowcount, table_of
from bot.db.models import ProcessedUpdate

#: an id seen longer ago than this is a new update when it comes again (Telegram reuses ids)
FORGET_AFTER = dt.timedelta(days=3)


async def store(session: AsyncSession, updates: Sequence[tuple[int, dict[str, Any]]], now: dt.datetime) -> set[int]:
    """Record arriving updates (id, payload); returns the ids that are new (others were seen already).

    An id seen more than `FORGET_AFTER` ago is new again: its row is overwritten and unclaimed."""
    require_aware(now)
    if not updates:
        return set()
    rows = [{"update_id": uid, "payload": payload, "received_at": now} for uid, payload in dict(updates).items()]
    # One cached statement run as executemany with RETURNING, which SQLAlchemy's "insertmanyvalues"
    # sends as multi-row INSERTs — only while every parameter sits in the VALUES: a parameter in
    # the ON CONFLICT clause made it one statement (one round trip) per update.
    table = table_of(ProcessedUpdate)
    insert = insert_for(session, table).on_conflict_do_nothing(index_elements=[table.c.update_id])
    fresh = set((await session.execute(insert.returning(table.c.update_id), rows)).scalars())
    for row in rows:  # ids seen before (a redelivery, or Telegram reusing an old id): rare
        if row["update_id"] not in fresh and await _renew_forgotten(session, row, now - FORGET_AFTER):
            fresh.add(row["update_id"])
    return fresh


async def _renew_forgotten(session: AsyncSession, row: dict[str, Any], forget_before: dt.datetime) -> bool:
    """Take over the row of an id last received before `forget_before`, as a new update."""
    statement = (
        update(ProcessedUpdate)
        .where(ProcessedUpdate.update_id == row["update_id"], ProcessedUpdate.received_at < forget_before)
        .values(payload=row["payload"], received_at=row["received_at"], processed_at=None)
        .execution_options(synchronize_session=False)
    )
    return await rowcount(session, statement) == 1


async def claim(session: AsyncSession, update_id: int, now: dt.datetime) -> bool:
    """True if this transaction is the first to handle `update_id` (stored by `store`)."""
    return update_id in await claim_many(session, [update_id], now)


async def claim_many(session: AsyncSession, update_ids: Sequence[int], now: dt.datetime) -> set[int]:
    """Claim many ids in one statement; returns those this transaction claimed."""
    require_aware(now)
    if not update_ids:
        return set()
    statement = (
        update(ProcessedUpdate)
        .where(ProcessedUpdate.update_id.in_(list(dict.fromkeys(update_ids))), ProcessedUpdate.processed_at.is_(None))
        .values(processed_at=now)
        .returning(ProcessedUpdate.update_id)
        .execution_options(synchronize_session=False)
    )
    return set((await session.execute(statement)).scalars())


async def unhandled(
    session: AsyncSession, received_before: dt.datetime, limit: int = 1000
) -> list[tuple[int, dict[str, Any]]]:
    """Stored updates nobody finished handling (a crash, a database outage), oldest first."""
    rows = await session.execute(
        select(ProcessedUpdate.update_id, ProcessedUpdate.payload)
        .where(ProcessedUpdate.processed_at.is_(None), ProcessedUpdate.received_at < received_before)
        .order_by(ProcessedUpdate.update_id)
        .limit(limit)
    )
    return [(uid, payload or {}) for uid, payload in rows]


async def prune(session: AsyncSession, before: dt.datetime) -> int:
    """Forget updates received before `before` (handled or given up); returns how many."""
    return await rowcount(session, delete(ProcessedUpdate).where(ProcessedUpdate.received_at < before))


async def count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0)
