"""One-time invite codes: how staff of a unit and officials of a plan get their role.

A code is random (no guessable structure), expires, and can be redeemed once. A wrong code
is refused with the same answer whether it never existed, was used or has expired, so that
codes cannot be probed; after `MAX_WRONG_TRIES` wrong codes in an hour every try is refused.
Admins are not invited: their Telegram ids are configured (BOT_ADMINS).
"""

from __future__ import annotations

import datetime as dt
import html
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot import messages
from bot.catalog import LiveKnowledge, plan_label
from bot.clock import Clock
from bot.db import invites as invite_rows
from bot.db import units as unit_rows
from bot.db import users
from bot.db.models import Invite, User
from bot.db.session import Database
from bot.formats import vn_datetime
from bot.roles import Role
from bot.text import fold

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
    if role == Role.STAFF:
        if unit_id is None:
            raise ValueError("a staff invite needs a unit")
        unit = await unit_rows.get(session, unit_id)
        if unit is None or not unit.active:
            raise LookupError(unit_id)
        plan_id = unit.plan_id
    elif role == Role.OFFICIAL:
        if plan_id is None:
            raise ValueError("an official invite needs a plan")
        unit_id = None
    else:
        raise ValueError(f"invites are for staff or official, not {role!r}")
    while True:
        invite = await invite_rows.insert(
            session,
            code=new_code(),
            role=role,
            unit_id=unit_id,
            plan_id=plan_id,
            created_by=created_by,
            now=now,
            expires_at=now + ttl,
        )
        if invite is not None:
            return invite


async def redeem(session: AsyncSession, user: User, text: str, now: dt.datetime) -> RedeemResult:
    """Use the code for `user` (whose row the caller has locked): set their role, unit or plan.

    An admin keeps the admin role but takes the unit or plan (so they can report or test)."""
    if await invite_rows.wrong_tries(session, user.id, now - ATTEMPT_WINDOW) >= MAX_WRONG_TRIES:
        return RedeemResult(RedeemStatus.TOO_MANY)
    code = normalise_code(text)
    used = await invite_rows.use(session, code, user.id, now) if code else None
    if used is None:
        await invite_rows.record_wrong_try(session, user.id, now)
        return RedeemResult(RedeemStatus.INVALID)
    role, unit_id, plan_id = used
    if user.role != Role.ADMIN:
        user.role = role
    user.unit_id = unit_id if role == Role.STAFF else None
    user.plan_id = plan_id
    user.updated_at = now
    await session.flush()
    return RedeemResult(RedeemStatus.OK, role, unit_id, plan_id)


# --- the onboarding desk: what the chat commands /dangky, /start <code> and /moi do --------------------


class Onboarding:
    """Registration by code and invite creation, over the database; returns HTML texts."""

    def __init__(self, db: Database, clock: Clock, knowledge: LiveKnowledge, admins: Collection[int] = ()):
        self.db = db
        self.clock = clock
        self.knowledge = knowledge
        self.admins = frozenset(admins)

    async def register(self, user_id: int, first_name: str | None, username: str | None, code: str) -> str:
        """/dangky <code> or /start <code>: the reply to send."""
        now = self.clock.now()
        catalog = self.knowledge.catalog
        async with self.db.transaction() as session:
            user = await users.get_or_create(session, user_id, first_name, username, now)
            await users.lock(session, user_id)
            if user_id in self.admins:
                await users.make_admin(session, user, now)
            result = await redeem(session, user, code, now)
            if result.status == RedeemStatus.TOO_MANY:
                return messages.REGISTER_TOO_MANY
            if result.status == RedeemStatus.INVALID:
                return messages.REGISTER_INVALID
            plan = catalog.get(result.plan_id)
            plan_text = html.escape(plan_label(plan) if plan else result.plan_id or "")
            if result.role == Role.OFFICIAL:
                return messages.REGISTERED_OFFICIAL.format(plan=plan_text)
            unit = await unit_rows.get(session, result.unit_id or "")
            deadline = messages.DEADLINE_NONE
            if plan is not None and unit is not None:
                deadline = html.escape(catalog.deadline_for(plan, unit.kind).shown(messages.DEADLINE_NONE))
            return messages.REGISTERED_STAFF.format(
                unit=html.escape(unit.name if unit else result.unit_id or ""), plan=plan_text, deadline=deadline
            )

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.admins

    async def invite(self, admin_id: int, args: list[str], bot_username: str) -> str:
        """/moi <unit_id> or /moi quanly <plan_id> (admins only): the code and the link."""
        if not self.is_admin(admin_id):
            return messages.INVITE_ADMIN_ONLY
        now = self.clock.now()
        catalog = self.knowledge.catalog
        plans = ", ".join(f"<code>{html.escape(p)}</code>" for p in catalog.order)
        async with self.db.transaction() as session:
            units_text = await self._units_text(session)
            if not args:
                return messages.INVITE_USAGE.format(units=units_text, plans=plans)
            official, rest = _official_invite(args)
            if official:
                plan_id = rest[0] if rest else ""
                plan = catalog.get(plan_id)
                if plan is None:
                    return messages.INVITE_UNKNOWN_PLAN.format(plan=html.escape(plan_id), plans=plans)
                invite = await create_invite(session, role=Role.OFFICIAL, plan_id=plan_id, created_by=admin_id, now=now)
                who = messages.INVITE_FOR_OFFICIAL.format(plan=html.escape(plan_label(plan)))
            else:
                unit_id = args[0].strip().lower()
                try:
                    invite = await create_invite(
                        session, role=Role.STAFF, unit_id=unit_id, created_by=admin_id, now=now
                    )
                except LookupError:
                    return messages.INVITE_UNKNOWN_UNIT.format(unit=html.escape(unit_id), units=units_text)
                unit = await unit_rows.get(session, unit_id)
                who = messages.INVITE_FOR_STAFF.format(unit=html.escape(unit.name if unit else unit_id))
            link = invite_link(bot_username, invite.code)
            return messages.INVITE_CREATED.format(
                who=who,
                code=invite.code,
                link=html.escape(link),
                expires=vn_datetime(invite.expires_at or now, self.clock.tz),
            )

    async def _units_text(self, session: AsyncSession) -> str:
        rows = await unit_rows.active(session)
        return "\n".join(f"• <code>{html.escape(u.id)}</code> — {html.escape(u.name)}" for u in rows) or "—"


def _official_invite(args: list[str]) -> tuple[bool, list[str]]:
    """`/moi quanly <plan>` (also "quan ly", "quan-ly", "official"): (True, the rest)."""
    if len(args) >= 2 and fold(" ".join(args[:2])) == "quan ly":
        return True, args[2:]
    if fold(args[0]) in ("quanly", "quan-ly", "quan_ly", "official"):
        return True, args[1:]
    return False, args


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"
