"""Read what the summary needs straight from the tables, with a few bulk queries.

Kept apart from `build` (pure) so the computation can be tested without a database and
the loading measured on its own (10,000 units must load in well under a second).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, String, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import questions
from bot.db.models import Submission, SubmissionHistory, SubmissionValue, Unit, User
from bot.roles import Role


@dataclass(frozen=True)
class UnitRow:
    id: str
    name: str
    kind: str = ""


@dataclass(frozen=True)
class SubmissionRow:
    """A confirmed report: its current figures and when it was (first) confirmed."""

    id: int
    unit_id: str
    version: int
    confirmed_at: dt.datetime | None
    late: bool
    #: indicator key -> figure; keys without a figure (unanswered or "no figure") are absent
    values: dict[str, int]
    confirmed_by: str = ""
    #: first confirmation (from submission_history), for "units reported over time"
    first_confirmed_at: dt.datetime | None = None


@dataclass(frozen=True)
class QuestionRow:
    status: str
    topic: str | None
    question: str


@dataclass
class PlanData:
    """Everything about one plan's reports, as plain values."""

    plan_id: str
    units: list[UnitRow]
    submissions: list[SubmissionRow]
    questions: list[QuestionRow] = field(default_factory=list)


async def load_units(session: AsyncSession, plan_id: str) -> list[UnitRow]:
    rows = await session.execute(
        select(Unit.id, Unit.name, Unit.kind)
        .where(Unit.plan_id == plan_id, Unit.active.is_(True))
        .order_by(Unit.name, Unit.id)
    )
    return [UnitRow(id=r[0], name=r[1], kind=r[2]) for r in rows]


async def load_submissions(session: AsyncSession, plan_id: str, *, with_history: bool = False) -> list[SubmissionRow]:
    """Confirmed submissions of the plan's active units, with their values."""
    # Without the join on units (SQLite runs it per row); inactive units' heads are not loaded.
    confirmed = select(Submission.id).where(Submission.plan_id == plan_id, Submission.status == "confirmed")
    heads = await session.execute(
        select(
            Submission.id,
            Submission.unit_id,
            Submission.version,
            Submission.confirmed_at,
            Submission.late,
            func.coalesce(User.first_name, ""),
        )
        .join(Unit, Unit.id == Submission.unit_id)
        .outerjoin(User, User.id == Submission.confirmed_by)
        .where(Submission.plan_id == plan_id, Submission.status == "confirmed", Unit.active.is_(True))
        .order_by(Submission.id)
    )
    values = await _values_by_submission(session, confirmed)
    first: dict[int, dt.datetime] = {}
    if with_history:
        # Version 1 was confirmed at confirmed_at; only re-confirmed reports need their history.
        history = await session.execute(
            select(SubmissionHistory.submission_id, func.min(SubmissionHistory.changed_at))
            .where(SubmissionHistory.submission_id.in_(confirmed.where(Submission.version > 1)))
            .group_by(SubmissionHistory.submission_id)
        )
        first = {row[0]: row[1] for row in history if row[1] is not None}
    return [
        SubmissionRow(
            id=sid,
            unit_id=unit_id,
            version=version,
            confirmed_at=confirmed_at,
            late=bool(late),
            values=values.get(sid, {}),
            confirmed_by=by or "",
            first_confirmed_at=first.get(sid) or confirmed_at,
        )
        for sid, unit_id, version, confirmed_at, late, by in heads
    ]


async def _values_by_submission(session: AsyncSession, submissions: Select[Any]) -> dict[int, dict[str, int]]:
    """Each submission's figures (NULL = "no figure" left out), packed by the database as one
    JSON object per submission: far faster than a row per figure for 10,000 units."""
    pair = literal('"') + SubmissionValue.indicator_key + literal('":') + cast(SubmissionValue.value, String)
    rows = await session.execute(
        select(SubmissionValue.submission_id, func.aggregate_strings(pair, ","))
        .where(SubmissionValue.submission_id.in_(submissions), SubmissionValue.value.is_not(None))
        .group_by(SubmissionValue.submission_id)
    )
    loads = json.loads
    return {submission_id: loads(f"{{{packed}}}") for submission_id, packed in rows if packed}


def local_day_bounds(day: dt.date, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a local calendar day, as aware datetimes."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    return start, end


async def load_questions(session: AsyncSession, plan_id: str, day: dt.date, tz: ZoneInfo) -> list[QuestionRow]:
    start, end = local_day_bounds(day, tz)
    rows = await questions.between(session, start, end, plan_id)
    # Staff's and officials' own questions (asked mid-report, say) are not the citizens' digest.
    return [
        QuestionRow(status=r.status, topic=r.topic, question=r.question) for r in rows if r.asker_role == Role.CITIZEN
    ]


async def load_plan_data(
    session: AsyncSession,
    plan_id: str,
    day: dt.date,
    tz: ZoneInfo,
    *,
    with_history: bool = False,
    with_questions: bool = True,
) -> PlanData:
    return PlanData(
        plan_id=plan_id,
        units=await load_units(session, plan_id),
        submissions=await load_submissions(session, plan_id, with_history=with_history),
        questions=await load_questions(session, plan_id, day, tz) if with_questions else [],
    )
