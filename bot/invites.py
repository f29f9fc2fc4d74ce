"""One-time invite codes: how staff of a unit and officials of a plan get their role.

A code is random (no guessable structure), expires, and can be redeemed once. A wrong code
is refused with the same answer whether it never existed, was used or has expired, so that
codes cannot be probed; after `MAX_WRONG_TRIES` wrong codes in an hour every try is refused.
Admins are not invited: their Telegram ids are configured (BOT_ADMINS).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import repo
from bot.db.models import Invite, InviteAttempt, Unit, User

#: no 0/O, 1/I/L: codes are read aloud and typed from paper
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
INVITE_TTL = dt.timedelta(days=7)
MAX_WRONG_TRIES = 5
ATTEMPT_WINDOW = dt.timedelta(hours=1)


class RedeemStatus(StrEnum):
    OK = "ok"
    INVALID = "invalid"  # unknown, used or expired: deliberately not told apart
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class RedeemResult:
    status: RedeemStatus
    role: str | None = None
    unit_id: str | None = None
    plan_id: str | None = None


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    """What the user typed -> the stored form (case, spaces and dashes do not matter)."""
    return "".join(ch for ch in text.upper() if ch.isalnum())[:64]


async def create_invite(
    session: AsyncSession,
    *,
    role: str,
    now: dt.datetime,
    unit_id: str | None = None,
    plan_id: str | None = None,
    created_by: int | None = None,
    ttl: dt.timedelta = INVITE_TTL,
) -> Invite:
    """A new code for staff of `unit_id` or an official of `plan_id`; LookupError if the unit is unknown."""
    if role == "staff":
        if unit_id is None:
            raise ValueError("a staff invite needs a unit")
        unit = await session.get(Unit, unit_id)
        if unit is None or not unit.active:
            raise LookupError(unit_id)
        plan_id = unit.plan_id
    elif role == "official":
        if plan_id is None:
            raise ValueError("an official invite needs a plan")
        unit_id = None
    else:
        raise ValueError(f"invites are for staff or official, not {role!r}")
    while True:
        code = new_code()
        if await repo.insert_or_skip(
            session,
            Invite,
            code=code,
            role=role,
            unit_id=unit_id,
            plan_id=plan_id,
            created_by=created_by,
            created_at=now,
            expires_at=now + ttl,
        ):
            break
    invite = await session.get(Invite, code)
    assert invite is not None
    return invite


async def wrong_tries(session: AsyncSession, user_id: int, now: dt.datetime) -> int:
    statement = select(func.count()).where(
        InviteAttempt.user_id == user_id, InviteAttempt.attempted_at > now - ATTEMPT_WINDOW
    )
    return int((await session.execute(statement)).scalar_one())


async def redeem(session: AsyncSession, user: User, text: str, now: dt.datetime) -> RedeemResult:
    """Use the code for `user` (whose row the caller has locked): set their role, unit or plan.

    An admin keeps the admin role but takes the unit or plan (so they can report or test)."""
    if await wrong_tries(session, user.id, now) >= MAX_WRONG_TRIES:
        return RedeemResult(RedeemStatus.TOO_MANY)
    code = normalise_code(text)
    claim = (
        update(Invite)
        .where(
            Invite.code == code,
            Invite.used_by.is_(None),
            (Invite.expires_at.is_(None)) | (Invite.expires_at > now),
        )
        .values(used_by=user.id, used_at=now)
        .returning(Invite.role, Invite.unit_id, Invite.plan_id)
        .execution_options(synchronize_session=False)
    )
    row = (await session.execute(claim)).first() if code else None
    if row is None:
        session.add(InviteAttempt(user_id=user.id, attempted_at=now))
        await session.flush()
        return RedeemResult(RedeemStatus.INVALID)
    role, unit_id, plan_id = row
    if user.role != "admin":
        user.role = role
    user.unit_id = unit_id if role == "staff" else None
    user.plan_id = plan_id
    user.updated_at = now
    await session.flush()
    return RedeemResult(RedeemStatus.OK, role, unit_id, plan_id)


async def ensure_admin(session: AsyncSession, user: User, admins: Collection[int], now: dt.datetime) -> bool:
    """Give a configured admin the admin role (first contact); True if it changed."""
    if user.id in admins and user.role != "admin":
        user.role = "admin"
        user.updated_at = now
        await session.flush()
        return True
    return False
