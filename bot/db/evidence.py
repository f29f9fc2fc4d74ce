"""The `evidence` table: photos and documents sent with a unit's report."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import insert_or_skip
from bot.db.models import Evidence


async def add(session: AsyncSession, **values: object) -> bool:
    """Record a file (the columns of `Evidence`); False when the unit already has this file."""
    return await insert_or_skip(session, Evidence, **values)


async def count(session: AsyncSession, unit_id: str, plan_id: str) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(Evidence).where(Evidence.unit_id == unit_id, Evidence.plan_id == plan_id)
        )
        or 0
    )


async def of_unit(session: AsyncSession, unit_id: str, plan_id: str) -> list[Evidence]:
    """The unit's files for the plan, oldest first."""
    statement = select(Evidence).where(Evidence.unit_id == unit_id, Evidence.plan_id == plan_id).order_by(Evidence.id)
    return list((await session.execute(statement)).scalars())


async def of_plan(session: AsyncSession, plan_id: str, unit_ids: Sequence[str] | None = None) -> list[Evidence]:
    """Every unit's files for the plan (for officials' exports), by unit then time."""
    statement = select(Evidence).where(Evidence.plan_id == plan_id).order_by(Evidence.unit_id, Evidence.id)
    if unit_ids is not None:
        statement = statement.where(Evidence.unit_id.in_(list(unit_ids)))
    return list((await session.execute(statement)).scalars())
