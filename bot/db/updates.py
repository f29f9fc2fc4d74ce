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

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import insert_for, require_aware, rowcount, table_of
from bot.db.models import ProcessedUpdate

#: an id seen longer ago than this is a new update when it comes again (Telegram reuses ids)
FORGET_AFTER = dt.timedelta(days=3)


async def store(session: AsyncSession, updates: Sequence[tuple[int, dict[str, Any]]], now: dt.datetime) -> set[int]:
    """Record arriving updates (id, payload); returns the ids that are new (others were seen already)."""
    require_aware(now)
    if not updates:
        return set()
    rows = [
        {"update_id": uid, "payload": payload, "received_at": now, "forget_before": now - FORGET_AFTER}
        for uid, payload in dict(updates).items()
    ]
    # One cached statement run as executemany with RETURNING (SQLAlchemy's "insertmanyvalues"
    # batches it into multi-row INSERTs): a multi-row VALUES would be compiled for every batch.
    table = table_of(ProcessedUpdate)
    insert = insert_for(session, table)
    statement = insert.on_conflict_do_update(
        index_elements=[table.c.update_id],
        set_={"payload": insert.excluded.payload, "received_at": insert.excluded.received_at, "processed_at": None},
        where=table.c.received_at < bindparam("forget_before"),
    ).returning(table.c.update_id)
    return set((await session.execute(statement, rows)).scalars())


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
