"""Rows for the officials' tests, inserted straight into the tables (no report flow needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from bot.db import questions
from bot.db.models import Submission, SubmissionHistory, SubmissionValue, Unit, User
from bot.db.session import Database

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN = "namtrieu-2025"  # units report to the ward before 15/10/2025


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


async def add_units(db: Database, names: Mapping[str, str], plan_id: str = PLAN) -> None:
    async with db.transaction() as session:
        for unit_id, name in names.items():
            session.add(Unit(id=unit_id, plan_id=plan_id, name=name, kind="school", active=True))


async def add_user(
    db: Database,
    user_id: int,
    role: str,
    *,
    unit_id: str | None = None,
    plan_id: str | None = None,
    name: str = "",
    now: dt.datetime | None = None,
) -> None:
    now = now or vn(2025, 10, 1, 8, 0)
    async with db.transaction() as session:
        session.add(
            User(
                id=user_id,
                first_name=name or f"user{user_id}",
                role=role,
                unit_id=unit_id,
                plan_id=plan_id,
                active=True,
                created_at=now,
                updated_at=now,
            )
        )


async def add_submission(
    db: Database,
    unit_id: str,
    values: Mapping[str, int | None],
    *,
    plan_id: str = PLAN,
    status: str = "confirmed",
    confirmed_at: dt.datetime | None = None,
    late: bool = False,
    by: int | None = None,
) -> int:
    """A submission with its values; confirmed ones get version 1 and history rows."""
    when = confirmed_at or vn(2025, 10, 5, 10, 0)
    async with db.transaction() as session:
        submission = Submission(
            unit_id=unit_id,
            plan_id=plan_id,
            form_id="anlao-2023-mau",
            status=status,
            version=1 if status == "confirmed" else 0,
            confirmed_at=when if status == "confirmed" else None,
            confirmed_by=by if status == "confirmed" else None,
            late=late,
            created_at=when,
            updated_at=when,
        )
        session.add(submission)
        await session.flush()
        for key, value in values.items():
            session.add(SubmissionValue(submission_id=submission.id, indicator_key=key, value=value))
            if status == "confirmed":
                session.add(
                    SubmissionHistory(
                        submission_id=submission.id,
                        unit_id=unit_id,
                        indicator_key=key,
                        old_value=None,
                        new_value=value,
                        changed_by=by,
                        changed_at=when,
                        version=1,
                    )
                )
        return submission.id


async def add_question(
    db: Database,
    question: str,
    *,
    status: str = "answered",
    topic: str | None = None,
    plan_ids: Sequence[str] = (PLAN,),
    asked_at: dt.datetime | None = None,
    asker_role: str = "citizen",
) -> None:
    async with db.transaction() as session:
        await questions.log_many(
            session,
            [
                {
                    "user_id": 5,
                    "asker_role": asker_role,
                    "chat_type": "private",
                    "plan_ids": list(plan_ids),
                    "status": status,
                    "topic": topic,
                    "question": question,
                    "asked_at": asked_at or vn(2025, 10, 5, 9, 0),
                }
            ],
        )


# -- reading what officials receive -------------------------------------------------------------------


def docx_parts(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """(every paragraph's text in body order, including the table cells'; each table as rows of cells)."""
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    paragraphs = [p.text for p in document.paragraphs]
    for table in tables:
        paragraphs += [cell for row in table for cell in row]
    return paragraphs, tables


def results_table(tables: list[list[list[str]]]) -> dict[str, tuple[str, str]]:
    """The II.1 table of the .docx: label -> (Kết quả, số lượng; Ghi chú)."""
    for table in tables:
        if table and table[0] == ["Nội dung hoạt động", "Kết quả, số lượng", "Ghi chú"]:
            return {row[0].removeprefix("- "): (row[1], row[2]) for row in table[1:] if row[1] or row[2]}
    raise AssertionError("no results table in the document")


def as_confirmed(values: Mapping[str, int | None], keys: Sequence[str] | None = None) -> dict[str, int | None]:
    """The rows the report flow stores: one per question asked (`keys`, default: the default form's),
    NULL where no figure was given."""
    if keys is None:
        from bot.reports.form import DEFAULT_FORM_PATH, load_form

        keys = [indicator.key for indicator in load_form(DEFAULT_FORM_PATH).indicators]
    return {key: values.get(key) for key in keys}


def make_desk(db: Database, knowledge: object, now: dt.datetime | None = None) -> object:
    """An OfficialsDesk on `db` at `now` (default 17/10/2025 09:00), its messages going to the outbox."""
    from bot.clock import ManualClock
    from bot.summary.schedule import OfficialsDesk, ScheduleConfig
    from bot.work import Postman

    clock = ManualClock(now or vn(2025, 10, 17, 9, 0))
    return OfficialsDesk(db, knowledge, clock, ScheduleConfig(tz=VN), Postman(db, clock, "test"))  # type: ignore[arg-type]
