"""The `question_log` table: questions asked, for the officials' daily digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import require_aware, rowcount, table_of
from bot.db.models import QUESTION_STATUSES, QuestionLog


async def log_many(session: AsyncSession, entries: Sequence[dict[str, Any]]) -> None:
    """Record asked questions in one statement (keys: the columns of `QuestionLog`)."""
    for entry in entries:
        require_aware(entry["asked_at"])
        if entry["status"] not in QUESTION_STATUSES:
            raise ValueError(f"status must be one of {QUESTION_STATUSES}, not {entry['status']!r}")
    if entries:
        await session.execute(insert(table_of(QuestionLog)), list(entries))  # Core executemany


async def between(
    session: AsyncSession, start: dt.datetime, end: dt.datetime, plan_id: str | None = None
) -> list[QuestionLog]:
    """Questions asked in [start, end), oldest first; with `plan_id`, only those about it."""
    statement = (
        select(QuestionLog)
        .where(QuestionLog.asked_at >= start, QuestionLog.asked_at < end)
        .order_by(QuestionLog.asked_at, QuestionLog.id)
    )
    rows = list((await session.execute(statement)).scalars())
    if plan_id is not None:
        rows = [row for row in rows if plan_id in (row.plan_ids or [])]
    return rows


async def prune(session: AsyncSession, before: dt.datetime) -> int:
    return await rowcount(session, delete(QuestionLog).where(QuestionLog.asked_at < before))
