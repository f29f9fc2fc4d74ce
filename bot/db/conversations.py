"""The `conversations` table: what the answering engine remembers of each chat, as JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import insert_for, require_aware, rowcount, table_of
from bot.db.models import Conversation


async def get(session: AsyncSession, chat_id: int) -> tuple[dict[str, Any], dt.datetime] | None:
    """(state, last update) of the chat's conversation, if any."""
    row = (
        await session.execute(
            select(Conversation.state, Conversation.updated_at).where(Conversation.chat_id == chat_id)
        )
    ).first()
    return None if row is None else (dict(row[0] or {}), row[1])


async def get_many(session: AsyncSession, chat_ids: Sequence[int]) -> dict[int, tuple[dict[str, Any], dt.datetime]]:
    """`get` for many chats in one query."""
    rows = await session.execute(
        select(Conversation.chat_id, Conversation.state, Conversation.updated_at).where(
            Conversation.chat_id.in_(list(set(chat_ids)))
        )
    )
    return {row[0]: (dict(row[1] or {}), row[2]) for row in rows}


async def put(session: AsyncSession, chat_id: int, state: dict[str, Any], now: dt.datetime) -> None:
    """Replace the chat's conversation state."""
    require_aware(now)
    insert = insert_for(session, Conversation).values(chat_id=chat_id, state=state, updated_at=now)
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=[Conversation.chat_id],
            set_={"state": insert.excluded.state, "updated_at": insert.excluded.updated_at},
        )
    )


async def prune(session: AsyncSession, before: dt.datetime) -> int:
    """Forget conversations silent since before `before`."""
    return await rowcount(session, delete(Conversation).where(Conversation.updated_at < before))


async def put_many(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Replace the state of many chats (rows: chat_id, state, updated_at); the last row of a chat wins."""
    latest = {row["chat_id"]: row for row in rows}
    for row in latest.values():
        require_aware(row["updated_at"])
    # One cached statement run as executemany (a multi-row VALUES would be compiled afresh for
    # every batch size).
    insert = insert_for(session, table_of(Conversation))
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=[Conversation.chat_id],
            set_={"state": insert.excluded.state, "updated_at": insert.excluded.updated_at},
        ),
        list(latest.values()),
    )
