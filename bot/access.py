"""Which plans a user may oversee (summaries, exports, units' reports): decided here once."""

from __future__ import annotations

from dataclasses import dataclass

from bot.catalog import Catalog
from bot.db import users
from bot.db.session import Database
from bot.roles import Role


@dataclass(frozen=True)
class Access:
    role: str
    admin: bool
    plan_ids: tuple[str, ...]

    def allows(self, plan_id: str) -> bool:
        return plan_id in self.plan_ids


async def oversight(db: Database, catalog: Catalog, user_id: int, admins: frozenset[int]) -> Access:
    """Officials see their own plan; admins (BOT_ADMINS or role admin) see every plan."""
    async with db.transaction(readonly=True) as session:
        row = await users.profile(session, user_id)
    role, plan_id = (row[0], row[2]) if row is not None else (str(Role.CITIZEN), None)
    if user_id in admins or role == Role.ADMIN:
        return Access(role, True, tuple(sorted(catalog.plans)))
    if role == Role.OFFICIAL and plan_id is not None and plan_id in catalog.plans:
        return Access(role, False, (plan_id,))
    return Access(role, False, ())
