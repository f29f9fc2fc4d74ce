"""Read what the summary needs straight from the tables, with a few bulk queries.

Kept apart from `build` (pure) so the computation can be tested without a database and
the loading measured on its own (10,000 units must load in well under a second).

The rows are plain frozen values, so the documents can be built from them in a worker thread or
process. Reviews (accepted / returned) and evidence files have no tables yet: `PlanData` takes them
as optional inputs (`SubmissionRow.review`, `PlanData.evidence`) and every output shows them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import questions
from bot.db.base import dialect_name
from bot.db.models import (
    Evidence,
    ReportDraft,
    ReportReview,
    Submission,
    SubmissionHistory,
    SubmissionValue,
    Unit,
    User,
)
from bot.roles import Role


@dataclass(frozen=True)
class UnitRow:
    id: str
    name: str
    kind: str = ""


ReviewStatus = Literal["accepted", "returned"]


@dataclass(frozen=True)
class Review:
    """An official's decision on a confirmed report (the review loop fills it in)."""

    status: ReviewStatus
    #: the report version reviewed: a newer confirmation supersedes a "returned" (None: the current one)
    version: int | None = None
    note: str = ""
    by: str = ""
    at: dt.datetime | None = None


@dataclass(frozen=True)
class EvidenceRow:
    """A file a unit attached to its report (photo of the opening ceremony ...)."""

    unit_id: str
    caption: str
    at: dt.datetime | None
    file_name: str = ""
    kind: str = "photo"  # photo | document


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
    #: questions the unit was asked that have no figure (loaded: its NULL rows); None: counted from
    #: `values` against the whole form
    missing: int | None = None
    review: Review | None = None
    #: the questions the unit was asked (a row each, NULL: no figure); None: the whole form
    asked: frozenset[str] | None = None


@dataclass(frozen=True)
class ChangeRow:
    """A figure changed when a unit confirmed its report again (version 2 and later)."""

    unit_id: str
    version: int
    indicator_key: str
    old: int | None
    new: int | None
    at: dt.datetime | None
    by: str = ""


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
    #: units whose report is being typed and not confirmed yet ("đang nhập")
    drafts: frozenset[str] = frozenset()
    evidence: list[EvidenceRow] = field(default_factory=list)
    #: the changes of every later confirmation (the earlier versions, read backwards from the current)
    changes: list[ChangeRow] = field(default_factory=list)


async def load_units(session: AsyncSession, plan_id: str) -> list[UnitRow]:
    rows = await session.execute(
        select(Unit.id, Unit.name, Unit.kind)
        .where(Unit.plan_id == plan_id, Unit.active.is_(True))
        .order_by(Unit.name, Unit.id)
    )
    return [UnitRow(id=r[0], name=r[1], kind=r[2]) for r in rows]


async def load_submissions(session: AsyncSession, plan_id: str, *, with_history: bool = False) -> list[SubmissionRow]:
    """Confirmed submissions of the plan's active units, with their values, completeness and review."""
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
            Submission.questions,
            Submission.answered,
            Submission.review_status,
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
    rows = heads.all()
    reviewed = [row[0] for row in rows if row[8] != "pending"]
    reviews = await load_reviews(session, reviewed) if reviewed else {}
    out = []
    for sid, unit_id, version, confirmed_at, late, by, asked, answered, review_status in rows:
        figures, blanks, asked_keys = values.get(sid, ({}, None, frozenset()))
        out.append(
            SubmissionRow(
                id=sid,
                unit_id=unit_id,
                version=version,
                confirmed_at=confirmed_at,
                late=bool(late),
                values=figures,
                # the count kept at confirmation (the questions the unit's form asked), else its blank rows
                missing=max(0, asked - answered) if asked else blanks,
                confirmed_by=by or "",
                first_confirmed_at=first.get(sid) or confirmed_at,
                review=_review(review_status, reviews.get(sid)),
                asked=asked_keys,
            )
        )
    return out


def _review(status: str, latest: Review | None) -> Review | None:
    """The current version's review: its status is the submission's own (pending: none), the
    comment, reviewer and time those of the last decision."""
    if status not in ("accepted", "returned"):
        return None
    decided: ReviewStatus = "accepted" if status == "accepted" else "returned"
    if latest is None:
        return Review(decided)
    return Review(decided, note=latest.note, by=latest.by, at=latest.at)


async def load_reviews(session: AsyncSession, submission_ids: list[int]) -> dict[int, Review]:
    """The latest decision (accepted / returned, comment, reviewer, time) on each of these reports."""
    out: dict[int, Review] = {}
    for start in range(0, len(submission_ids), 500):
        chunk = submission_ids[start : start + 500]
        rows = await session.execute(
            select(
                ReportReview.submission_id,
                ReportReview.version,
                ReportReview.decision,
                ReportReview.comment,
                func.coalesce(User.first_name, ""),
                ReportReview.reviewed_at,
            )
            .outerjoin(User, User.id == ReportReview.reviewer)
            .where(ReportReview.submission_id.in_(chunk))
            .order_by(ReportReview.submission_id, ReportReview.id)
        )
        for sid, version, decision, comment, by, at in rows:
            status: ReviewStatus = "accepted" if decision == "accepted" else "returned"
            out[sid] = Review(status, version=version, note=comment or "", by=by, at=at)  # the last one wins
    return out


async def load_changes(session: AsyncSession, plan_id: str) -> list[ChangeRow]:
    """What each later confirmation of a confirmed report changed (old → new, when, by whom), by
    unit, version and time; version 1 is the report as first sent, the current figures minus these."""
    amended = select(Submission.id).where(
        Submission.plan_id == plan_id, Submission.status == "confirmed", Submission.version > 1
    )
    rows = await session.execute(
        select(
            SubmissionHistory.unit_id,
            SubmissionHistory.version,
            SubmissionHistory.indicator_key,
            SubmissionHistory.old_value,
            SubmissionHistory.new_value,
            SubmissionHistory.changed_at,
            func.coalesce(User.first_name, ""),
        )
        .join(Unit, Unit.id == SubmissionHistory.unit_id)
        .outerjoin(User, User.id == SubmissionHistory.changed_by)
        .where(
            SubmissionHistory.submission_id.in_(amended),
            SubmissionHistory.version > 1,
            Unit.active.is_(True),
        )
        .order_by(SubmissionHistory.unit_id, SubmissionHistory.version, SubmissionHistory.id)
    )
    return [ChangeRow(unit, version, key, old, new, at, by or "") for unit, version, key, old, new, at, by in rows]


async def load_evidence(session: AsyncSession, plan_id: str) -> list[EvidenceRow]:
    """The files staff sent with their reports (unit, caption, time, name), by unit then time."""
    rows = await session.execute(
        select(Evidence.unit_id, Evidence.caption, Evidence.created_at, Evidence.file_name, Evidence.kind)
        .where(Evidence.plan_id == plan_id)
        .order_by(Evidence.unit_id, Evidence.id)
    )
    return [
        EvidenceRow(unit_id, caption or "", at, file_name or "", kind) for unit_id, caption, at, file_name, kind in rows
    ]


async def _values_by_submission(
    session: AsyncSession, submissions: Select[Any]
) -> dict[int, tuple[dict[str, int], int, frozenset[str]]]:
    """Each submission's figures, how many of its questions have none, and which it was asked. A
    confirmed report has a row per question its unit was asked (NULL: no figure), so the count needs
    no form: it is right for a unit asked only part of the form too. Packed by the database as one row per submission
    (a list of keys and a list of values), far faster than a row per figure for 10,000 units; the
    key list is the same for most submissions, so it is split once."""
    postgres = dialect_name(session) == "postgresql"
    key = SubmissionValue.indicator_key
    value = SubmissionValue.value
    keys_of = func.array_agg(key) if postgres else func.group_concat(key, ",")
    values_of = func.array_agg(value) if postgres else func.json_group_array(value)
    rows = await session.execute(
        select(SubmissionValue.submission_id, keys_of, values_of)
        .where(SubmissionValue.submission_id.in_(submissions))
        .group_by(SubmissionValue.submission_id)
    )
    loads = json.loads
    names: dict[Any, tuple[list[str], frozenset[str]]] = {}
    out: dict[int, tuple[dict[str, int], int, frozenset[str]]] = {}
    for submission_id, packed_keys, packed_values in rows:
        cache_key = tuple(packed_keys) if postgres else packed_keys
        known = names.get(cache_key)
        if known is None:
            split = list(packed_keys) if postgres else packed_keys.split(",")
            known = names[cache_key] = (split, frozenset(split))  # one set per key list: hashed once
        keys, asked = known
        figures = packed_values if postgres else loads(packed_values)
        packed = dict(zip(keys, figures, strict=True))
        blanks = figures.count(None)
        if blanks:
            packed = {k: v for k, v in packed.items() if v is not None}
        out[submission_id] = (packed, blanks, asked)
    return out


async def load_drafts(session: AsyncSession, plan_id: str) -> frozenset[str]:
    """Units with a report being typed: a draft conversation, or a submission never confirmed."""
    typing = await session.execute(select(ReportDraft.unit_id).where(ReportDraft.plan_id == plan_id).distinct())
    unconfirmed = await session.execute(
        select(Submission.unit_id).where(Submission.plan_id == plan_id, Submission.status == "draft")
    )
    return frozenset(typing.scalars()) | frozenset(unconfirmed.scalars())


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
        drafts=await load_drafts(session, plan_id),
        evidence=await load_evidence(session, plan_id),
        changes=await load_changes(session, plan_id) if with_history else [],
    )
