"""One-time invite codes: how staff of a unit and officials of a plan get their role.

A code is random (no guessable structure), expires, and can be redeemed once. A wrong code
is refused with the same answer whether it never existed, was used or has expired, so that
codes cannot be probed; after `MAX_WRONG_TRIES` wrong codes in an hour every try is refused.
Admins are not invited: their Telegram ids are configured (BOT_ADMINS).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import messages
from bot.clock import Clock
from bot.db import repo
from bot.db.models import Invite, InviteAttempt, Unit, User
from bot.db.session import Database
from bot.qa.engine import Engine
from bot.qa.facts import plan_label, vn_date
from bot.reports.store import deadline_for
from bot.text import fold
from bot.units import DEFAULT_UNITS_PATH, list_units, load_units, sync_units

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


# --- the onboarding desk: what the chat commands /dangky, /start <code> and /moi do --------------------


class Onboarding:
    """Registration by code and invite creation, over the database; returns HTML texts.

    The example roster (knowledge/units.yaml) is copied into the `units` table once per
    process, before the first command that needs units."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        engine: Engine,
        admins: Collection[int] = (),
        units_path: Path | None = None,
    ):
        self.db = db
        self.clock = clock
        self.engine = engine
        self.admins = frozenset(admins)
        self.units_path = units_path or DEFAULT_UNITS_PATH
        self._synced = False
        self._lock = asyncio.Lock()

    async def ensure_units(self) -> None:
        if self._synced:
            return
        async with self._lock:
            if self._synced:
                return
            roster = load_units(self.units_path, self.engine.plans)
            async with self.db.transaction() as session:
                await sync_units(session, roster)
            self._synced = True

    async def register(self, user_id: int, first_name: str | None, username: str | None, code: str) -> str:
        """/dangky <code> or /start <code>: the reply to send."""
        await self.ensure_units()
        now = self.clock.now()
        async with self.db.transaction() as session:
            user = await repo.get_or_create_user(session, user_id, first_name, username, now)
            await repo.lock_user_row(session, user_id)
            await ensure_admin(session, user, self.admins, now)
            result = await redeem(session, user, code, now)
            if result.status == RedeemStatus.TOO_MANY:
                return messages.REGISTER_TOO_MANY
            if result.status == RedeemStatus.INVALID:
                return messages.REGISTER_INVALID
            plan = self.engine.plans.get(result.plan_id or "")
            plan_text = html.escape(plan_label(plan)) if plan else html.escape(result.plan_id or "")
            if result.role == "official":
                return messages.REGISTERED_OFFICIAL.format(plan=plan_text)
            unit = await session.get(Unit, result.unit_id)
            deadline = messages.DEADLINE_NONE
            if plan is not None and unit is not None:
                day, text = deadline_for(plan, unit.kind)
                deadline = vn_date(day) if day else html.escape(text or messages.DEADLINE_NONE)
            return messages.REGISTERED_STAFF.format(
                unit=html.escape(unit.name if unit else result.unit_id or ""), plan=plan_text, deadline=deadline
            )

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.admins

    async def invite(self, admin_id: int, args: list[str], bot_username: str) -> str:
        """/moi <unit_id> or /moi quanly <plan_id> (admins only): the code and the link."""
        if not self.is_admin(admin_id):
            return messages.INVITE_ADMIN_ONLY
        await self.ensure_units()
        now = self.clock.now()
        plans = ", ".join(f"<code>{html.escape(p)}</code>" for p in self.engine.order)
        async with self.db.transaction() as session:
            units_text = await self._units_text(session)
            if not args:
                return messages.INVITE_USAGE.format(units=units_text, plans=plans)
            if fold(args[0]) in ("quanly", "quan-ly", "quan_ly", "official") or (
                len(args) >= 2 and fold(" ".join(args[:2])) == "quan ly"
            ):
                rest = args[2:] if len(args) >= 2 and fold(" ".join(args[:2])) == "quan ly" else args[1:]
                plan_id = rest[0] if rest else ""
                if plan_id not in self.engine.plans:
                    return messages.INVITE_UNKNOWN_PLAN.format(plan=html.escape(plan_id), plans=plans)
                invite = await create_invite(session, role="official", plan_id=plan_id, created_by=admin_id, now=now)
                who = messages.INVITE_FOR_OFFICIAL.format(plan=html.escape(plan_label(self.engine.plans[plan_id])))
            else:
                unit_id = args[0].strip().lower()
                try:
                    invite = await create_invite(session, role="staff", unit_id=unit_id, created_by=admin_id, now=now)
                except LookupError:
                    return messages.INVITE_UNKNOWN_UNIT.format(unit=html.escape(unit_id), units=units_text)
                unit = await session.get(Unit, unit_id)
                who = messages.INVITE_FOR_STAFF.format(unit=html.escape(unit.name if unit else unit_id))
            link = invite_link(bot_username, invite.code)
            expires = invite.expires_at or now
            local = expires.astimezone(self.clock.tz)
            return messages.INVITE_CREATED.format(
                who=who, code=invite.code, link=html.escape(link), expires=f"{local:%H:%M} {vn_date(local.date())}"
            )

    async def _units_text(self, session: AsyncSession) -> str:
        rows = await list_units(session)
        return "\n".join(f"• <code>{html.escape(u.id)}</code> — {html.escape(u.name)}" for u in rows) or "—"


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"
