"""The `report_drafts` table: each user's unfinished report (the conversation logic is in bot/reports/flow.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import users
from bot.db.base import for_update
from bot.db.models import ReportDraft


async def lock(session: AsyncSession, user_id: int) -> ReportDraft | None:
    """Lock the user's row (the per-user mutex, which exists even before a draft does), then load
    the user's draft, if any, locked as well (PostgreSQL)."""
    await users.lock(session, user_id)
    statement = for_update(session, select(ReportDraft).where(ReportDraft.user_id == user_id))
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()
