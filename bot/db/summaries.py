"""Scheduled work for officials: `summary_runs` (a plan's summary claimed for a day),
`summary_deliveries` (who it was queued for) and `reminders` (a unit reminded on a day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import users
from bot.db.base import insert_many_or_skip, insert_or_skip, require_aware
from bot.db.models import Reminder, Submission, SummaryDelivery, SummaryRun, Unit


async def claim_run(session: AsyncSession, plan_id: str, day: dt.date, worker: str, now: dt.datetime) -> bool:
    """True if this transaction owns the daily summary of `plan_id` for `day` (first claim)."""
    require_aware(now)
    return await insert_or_skip(session, SummaryRun, plan_id=plan_id, run_date=day, claimed_at=now, claimed_by=worker)


async def run_finished(session: AsyncSession, plan_id: str, day: dt.date) -> bool:
    finished = await session.scalar(
        select(SummaryRun.finished_at).where(SummaryRun.plan_id == plan_id, SummaryRun.run_date == day)
    )
    return finished is not None


async def finish_run(session: AsyncSession, plan_id: str, day: dt.date, now: dt.datetime) -> None:
    require_aware(now)
    await session.execute(
        update(SummaryRun)
        .where(SummaryRun.plan_id == plan_id, SummaryRun.run_date == day)
        .values(finished_at=now)
        .execution_options(synchronize_session=False)
    )


async def pending_recipients(session: AsyncSession, plan_id: str, day: dt.date) -> list[int]:
    """Active officials of the plan not yet sent the summary of `day`."""
    done = set(
        (
            await session.execute(
                select(SummaryDelivery.user_id).where(
                    SummaryDelivery.plan_id == plan_id, SummaryDelivery.run_date == day
                )
            )
        ).scalars()
    )
    return [user_id for user_id in await users.officials(session, plan_id) if user_id not in done]


async def record_queued(
    session: AsyncSession, plan_id: str, day: dt.date, user_ids: Sequence[int], now: dt.datetime
) -> None:
    """The summary was put in the outbox for these officials (the outbox delivers and retries)."""
    require_aware(now)
    await insert_many_or_skip(
        session,
        SummaryDelivery,
        [
            {"plan_id": plan_id, "run_date": day, "user_id": uid, "status": "sent", "attempts": 1, "sent_at": now}
            for uid in user_ids
        ],
    )


async def claim_reminder(session: AsyncSession, unit_id: str, plan_id: str, day: dt.date, now: dt.datetime) -> bool:
    """True if this transaction sends `unit_id`'s reminder for `day` (first claim)."""
    require_aware(now)
    return await insert_or_skip(session, Reminder, unit_id=unit_id, plan_id=plan_id, remind_date=day, sent_at=now)


async def units_without_report(session: AsyncSession, plan_id: str) -> list[tuple[str, str, str]]:
    """(id, name, kind) of the plan's active units with no confirmed report, by name."""
    reported = select(Submission.unit_id).where(Submission.plan_id == plan_id, Submission.status == "confirmed")
    rows = await session.execute(
        select(Unit.id, Unit.name, Unit.kind)
        .where(Unit.plan_id == plan_id, Unit.active.is_(True), Unit.id.not_in(reported))
        .order_by(Unit.name, Unit.id)
    )
    return [(r[0], r[1], r[2]) for r in rows]
