"""The `submissions` aggregate: one current report per (unit, plan), every change kept.

A confirmation locks the unit's submission row (``FOR UPDATE`` on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` serialises it), compares the new figures with the *current* ones — not
with those the user started from — and writes one history row per changed figure with the
new version number. Two staff of one unit confirming at the same time are thus applied one
after the other: both versions are in the history and the last confirmed one is current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import for_update, insert_or_skip
from bot.db.models import ReportDraft, ReportReview, Submission, SubmissionHistory, SubmissionValue
from bot.reports.form import Form

Values = dict[str, int | None]


@dataclass(frozen=True)
class Change:
    key: str
    old: int | None
    new: int | None


@dataclass(frozen=True)
class Receipt:
    """What the staff member is told after confirming."""

    submission_id: int
    unit_id: str
    plan_id: str
    version: int
    confirmed_at: dt.datetime
    late: bool
    values: Values
    changes: tuple[Change, ...] = ()
    #: versions confirmed by someone else since this user's report was started
    overtaken: tuple[int, ...] = field(default_factory=tuple)


async def current(session: AsyncSession, unit_id: str, plan_id: str) -> tuple[int, Values]:
    """(version, values) of the unit's confirmed report; (0, {}) if none yet."""
    sub = (
        await session.execute(select(Submission).where(Submission.unit_id == unit_id, Submission.plan_id == plan_id))
    ).scalar_one_or_none()
    if sub is None or sub.version == 0:
        return 0, {}
    rows = await session.execute(
        select(SubmissionValue.indicator_key, SubmissionValue.value).where(SubmissionValue.submission_id == sub.id)
    )
    return sub.version, {key: value for key, value in rows.all()}


async def confirm(
    session: AsyncSession,
    *,
    unit_id: str,
    plan_id: str,
    form: Form,
    values: Mapping[str, int | None],
    user_id: int,
    now: dt.datetime,
    late: bool,
    base_version: int = 0,
) -> Receipt:
    """Store `values` as the unit's new current report (one row per indicator of the form)."""
    await insert_or_skip(
        session,
        Submission,
        unit_id=unit_id,
        plan_id=plan_id,
        form_id=form.id,
        status="draft",
        version=0,
        late=False,
        created_at=now,
        updated_at=now,
    )
    statement = for_update(
        session, select(Submission).where(Submission.unit_id == unit_id, Submission.plan_id == plan_id)
    )
    sub = (await session.execute(statement.execution_options(populate_existing=True))).scalar_one()
    previous = sub.version
    version = previous + 1
    existing = {
        row.indicator_key: row
        for row in (
            await session.execute(
                select(SubmissionValue)
                .where(SubmissionValue.submission_id == sub.id)
                .execution_options(populate_existing=True)
            )
        ).scalars()
    }
    changes: list[Change] = []
    final: Values = {}
    for indicator in form.indicators:
        key = indicator.key
        new = values.get(key)
        final[key] = new
        row = existing.get(key)
        old = row.value if row is not None else None
        if row is None:
            session.add(SubmissionValue(submission_id=sub.id, indicator_key=key, value=new))
        elif row.value != new:
            row.value = new
        if old != new:
            changes.append(Change(key, old, new))
            session.add(
                SubmissionHistory(
                    submission_id=sub.id,
                    unit_id=unit_id,
                    indicator_key=key,
                    old_value=old,
                    new_value=new,
                    changed_by=user_id,
                    changed_at=now,
                    version=version,
                )
            )
    sub.form_id = form.id
    sub.status = "confirmed"
    sub.version = version
    sub.confirmed_at = now
    sub.confirmed_by = user_id
    if previous == 0:  # late or not is decided by the first confirmation; amendments keep it
        sub.late = late
    sub.questions = len(form.indicators)
    sub.answered = sum(1 for indicator in form.indicators if final.get(indicator.key) is not None)
    sub.review_status = "pending"  # a new version waits for the officials' review again
    sub.updated_at = now
    await session.flush()
    overtaken = tuple(range(base_version + 1, previous + 1)) if base_version < previous else ()
    return Receipt(sub.id, unit_id, plan_id, version, now, sub.late, final, tuple(changes), overtaken)


async def history(session: AsyncSession, unit_id: str, plan_id: str) -> list[SubmissionHistory]:
    """Every recorded change of the unit's report, oldest first."""
    statement = (
        select(SubmissionHistory)
        .join(Submission, Submission.id == SubmissionHistory.submission_id)
        .where(Submission.unit_id == unit_id, Submission.plan_id == plan_id)
        .order_by(SubmissionHistory.version, SubmissionHistory.id)
    )
    return list((await session.execute(statement)).scalars())


async def submission(session: AsyncSession, unit_id: str, plan_id: str) -> Submission | None:
    return (
        await session.execute(select(Submission).where(Submission.unit_id == unit_id, Submission.plan_id == plan_id))
    ).scalar_one_or_none()


@dataclass(frozen=True)
class UnitReport:
    """Where a unit's report stands, for the officials' list."""

    unit_id: str
    version: int
    questions: int
    answered: int
    review_status: str
    late: bool
    confirmed_at: dt.datetime | None

    @property
    def missing_answers(self) -> int:
        return max(0, self.questions - self.answered)


async def of_plan(session: AsyncSession, plan_id: str) -> dict[str, UnitReport]:
    """Each confirmed report of the plan, by unit id."""
    rows = await session.execute(
        select(
            Submission.unit_id,
            Submission.version,
            Submission.questions,
            Submission.answered,
            Submission.review_status,
            Submission.late,
            Submission.confirmed_at,
        ).where(Submission.plan_id == plan_id, Submission.status == "confirmed")
    )
    return {row[0]: UnitReport(*row) for row in rows}


async def units_typing(session: AsyncSession, plan_id: str) -> set[str]:
    """Units of the plan with a report being typed (a draft)."""
    rows = await session.execute(select(ReportDraft.unit_id).where(ReportDraft.plan_id == plan_id))
    return set(rows.scalars())


async def set_review(session: AsyncSession, submission_id: int, status: str) -> None:
    sub = await session.get(Submission, submission_id)
    if sub is not None:
        sub.review_status = status
        await session.flush()


async def add_review(
    session: AsyncSession,
    *,
    submission_id: int,
    version: int,
    decision: str,
    comment: str | None,
    reviewer: int,
    now: dt.datetime,
) -> None:
    session.add(
        ReportReview(
            submission_id=submission_id,
            version=version,
            decision=decision,
            comment=comment,
            reviewer=reviewer,
            reviewed_at=now,
        )
    )
    await set_review(session, submission_id, decision)


async def reviews(session: AsyncSession, submission_id: int) -> list[ReportReview]:
    statement = select(ReportReview).where(ReportReview.submission_id == submission_id).order_by(ReportReview.id)
    return list((await session.execute(statement)).scalars())
