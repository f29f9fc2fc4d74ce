"""The `units` table: the organisations that report (the roster files are read by bot/units.py)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import insert_or_skip
from bot.db.models import Unit
from bot.units import UnitRecord


async def sync(session: AsyncSession, units: Sequence[UnitRecord]) -> int:
    """Insert or update the units (other units in the table are left alone); returns how many changed."""
    changed = 0
    for record in units:
        if await insert_or_skip(
            session, Unit, id=record.id, plan_id=record.plan_id, name=record.name, kind=record.kind, active=True
        ):
            changed += 1
            continue
        row = await session.get(Unit, record.id, populate_existing=True)
        assert row is not None
        if (row.plan_id, row.name, row.kind, row.active) != (record.plan_id, record.name, record.kind, True):
            row.plan_id, row.name, row.kind, row.active = record.plan_id, record.name, record.kind, True
            changed += 1
    await session.flush()
    return changed


async def active(session: AsyncSession, plan_id: str | None = None) -> list[Unit]:
    """Active units, by plan then id."""
    statement = select(Unit).where(Unit.active.is_(True)).order_by(Unit.plan_id, Unit.id)
    if plan_id is not None:
        statement = statement.where(Unit.plan_id == plan_id)
    return list((await session.execute(statement)).scalars())


async def get(session: AsyncSession, unit_id: str) -> Unit | None:
    return await session.get(Unit, unit_id)
