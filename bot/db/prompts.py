"""The `user_prompts` table: what the bot waits for a user to type next (one thing per user)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import insert_for, require_aware
from bot.db.models import UserPrompt


async def set_prompt(session: AsyncSession, user_id: int, kind: str, data: dict[str, Any], now: dt.datetime) -> None:
    require_aware(now)
    insert = insert_for(session, UserPrompt).values(user_id=user_id, kind=kind, data=data, created_at=now)
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=[UserPrompt.user_id],
            set_={"kind": insert.excluded.kind, "data": insert.excluded.data, "created_at": insert.excluded.created_at},
        )
    )


async def get_prompt(session: AsyncSession, user_id: int) -> tuple[str, dict[str, Any], dt.datetime] | None:
    row = (
        await session.execute(
            select(UserPrompt.kind, UserPrompt.data, UserPrompt.created_at).where(UserPrompt.user_id == user_id)
        )
    ).first()
    return None if row is None else (row[0], dict(row[1] or {}), row[2])


async def clear_prompt(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(UserPrompt).where(UserPrompt.user_id == user_id))
