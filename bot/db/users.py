"""The `users` table: who talks to the bot, their role, unit, plan and chosen locality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import for_update, insert_many_or_skip, insert_or_skip, require_aware, rowcount
from bot.db.models import User, UserPrompt
from bot.roles import Role

ProfileRow = tuple[str, str | None, str | None, str | None, str | None]


async def profiles(session: AsyncSession, user_ids: Sequence[int]) -> dict[int, ProfileRow]:
    """`profile` of many users in one query (the users not known are absent)."""
    rows = await session.execute(
        select(User.id, User.role, User.unit_id, User.plan_id, User.chosen_plan_id, UserPrompt.kind)
        .outerjoin(UserPrompt, UserPrompt.user_id == User.id)
        .where(User.id.in_(list(set(user_ids))))
    )
    return {row[0]: (row[1], row[2], row[3], row[4], row[5]) for row in rows}


async def profile(
    session: AsyncSession, user_id: int
) -> tuple[str, str | None, str | None, str | None, str | None] | None:
    """(role, unit, plan followed, chosen plan, what the bot waits for them to type) of a known user."""
    row = (
        await session.execute(
            select(User.role, User.unit_id, User.plan_id, User.chosen_plan_id, UserPrompt.kind)
            .outerjoin(UserPrompt, UserPrompt.user_id == User.id)
            .where(User.id == user_id)
        )
    ).first()
    return None if row is None else (row[0], row[1], row[2], row[3], row[4])


async def insert_citizens(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Create the rows of first-time users (rows: id, first_name, username, at); existing ones stay."""
    unique = {row["id"]: row for row in rows}
    await insert_many_or_skip(
        session,
        User,
        [
            {
                "id": row["id"],
                "first_name": row.get("first_name") or "",
                "username": row.get("username"),
                "role": Role.CITIZEN,
                "active": True,
                "created_at": row["at"],
                "updated_at": row["at"],
            }
            for row in unique.values()
        ],
    )


async def get_or_create(
    session: AsyncSession, user_id: int, first_name: str | None, username: str | None, now: dt.datetime
) -> User:
    """The user's row, created as a citizen if new.

    Meant for the sender of an incoming update: names are refreshed, and a user marked blocked
    is active again (they are talking to the bot)."""
    require_aware(now)
    first_name = first_name or ""
    await insert_or_skip(
        session,
        User,
        id=user_id,
        first_name=first_name,
        username=username,
        role=Role.CITIZEN,
        active=True,
        created_at=now,
        updated_at=now,
    )
    user = await session.get(User, user_id, populate_existing=True)
    if user is None:  # pragma: no cover - the insert above guarantees the row
        raise LookupError(user_id)
    if (user.first_name, user.username, user.active) != (first_name, username, True):
        user.first_name, user.username, user.active = first_name, username, True
        user.updated_at = now
        await session.flush()
    return user


async def lock(session: AsyncSession, user_id: int) -> User | None:
    """Load the user, locking the row until the transaction ends (PostgreSQL): the per-user mutex
    for read-modify-write of that user's state."""
    statement = for_update(session, select(User).where(User.id == user_id))
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def get(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def set_chosen_plan(session: AsyncSession, user_id: int, plan_id: str | None, now: dt.datetime) -> None:
    """Remember the locality/plan a citizen chose (None clears it)."""
    require_aware(now)
    statement = update(User).where(User.id == user_id).values(chosen_plan_id=plan_id, updated_at=now)
    if await rowcount(session, statement) != 1:
        raise LookupError(f"no user {user_id}")


async def get_chosen_plan(session: AsyncSession, user_id: int) -> str | None:
    return (await session.execute(select(User.chosen_plan_id).where(User.id == user_id))).scalar_one_or_none()


async def mark_blocked(session: AsyncSession, user_id: int, now: dt.datetime | None = None) -> bool:
    """Mark the user inactive (Telegram said 403: bot blocked). True if a row changed."""
    values: dict[str, object] = {"active": False}
    if now is not None:
        require_aware(now)
        values["updated_at"] = now
    statement = update(User).where(User.id == user_id, User.active.is_(True)).values(**values)
    return await rowcount(session, statement) == 1


async def make_admin(session: AsyncSession, user: User, now: dt.datetime) -> bool:
    """Give a configured admin the admin role (first contact); True if it changed."""
    if user.role == Role.ADMIN:
        return False
    user.role = Role.ADMIN
    user.updated_at = now
    await session.flush()
    return True


async def officials(session: AsyncSession, plan_id: str) -> list[int]:
    """Active officials following the plan (the daily summary's recipients)."""
    rows = await session.execute(
        select(User.id)
        .where(User.role == Role.OFFICIAL, User.plan_id == plan_id, User.active.is_(True))
        .order_by(User.id)
    )
    return list(rows.scalars())


async def staff_of_units(session: AsyncSession, unit_ids: Sequence[str]) -> dict[str, list[int]]:
    """Active staff of each unit (reminder recipients)."""
    out: dict[str, list[int]] = {}
    for start in range(0, len(unit_ids), 500):
        chunk = list(unit_ids[start : start + 500])
        rows = await session.execute(
            select(User.unit_id, User.id)
            .where(User.role == Role.STAFF, User.unit_id.in_(chunk), User.active.is_(True))
            .order_by(User.id)
        )
        for unit_id, user_id in rows:
            if unit_id is not None:
                out.setdefault(unit_id, []).append(user_id)
    return out
