"""The `invites` and `invite_attempts` tables (the rules are in bot/invites.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import insert_or_skip
from bot.db.models import Invite, InviteAttempt


async def insert(
    session: AsyncSession,
    *,
    code: str,
    role: str,
    unit_id: str | None,
    plan_id: str | None,
    created_by: int | None,
    now: dt.datetime,
    expires_at: dt.datetime,
) -> Invite | None:
    """Store a new code; None if the code exists already (the caller draws another)."""
    inserted = await insert_or_skip(
        session,
        Invite,
        code=code,
        role=role,
        unit_id=unit_id,
        plan_id=plan_id,
        created_by=created_by,
        created_at=now,
        expires_at=expires_at,
    )
    return await session.get(Invite, code) if inserted else None


async def wrong_tries(session: AsyncSession, user_id: int, since: dt.datetime) -> int:
    statement = select(func.count()).where(InviteAttempt.user_id == user_id, InviteAttempt.attempted_at > since)
    return int((await session.execute(statement)).scalar_one())


async def record_wrong_try(session: AsyncSession, user_id: int, now: dt.datetime) -> None:
    session.add(InviteAttempt(user_id=user_id, attempted_at=now))
    await session.flush()


async def use(
    session: AsyncSession, code: str, user_id: int, now: dt.datetime
) -> tuple[str, str | None, str | None] | None:
    """Mark a valid (unused, unexpired) code used by `user_id`: (role, unit, plan), else None."""
    claim = (
        update(Invite)
        .where(
            Invite.code == code,
            Invite.used_by.is_(None),
            (Invite.expires_at.is_(None)) | (Invite.expires_at > now),
        )
        .values(used_by=user_id, used_at=now)
        .returning(Invite.role, Invite.unit_id, Invite.plan_id)
        .execution_options(synchronize_session=False)
    )
    row = (await session.execute(claim)).first()
    return None if row is None else (row[0], row[1], row[2])
