"""Small, generic repository helpers. Business rules (reports, invites) live elsewhere.

Every function takes the ``AsyncSession`` of the caller's transaction
(``async with db.transaction() as session``) and never commits; time comes in as
``now`` (timezone-aware), never from the system clock.

"Claims" are insert-or-skip (``INSERT ... ON CONFLICT DO NOTHING`` on SQLite and
PostgreSQL): the process whose insert lands owns the work. The claim becomes visible
to others when the caller's transaction commits; if that transaction rolls back, the
claim disappears with it and the work can be taken again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Select, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    DELIVERY_STATUSES,
    QUESTION_STATUSES,
    Base,
    ProcessedUpdate,
    QuestionLog,
    Reminder,
    ReportDraft,
    SummaryDelivery,
    SummaryRun,
    User,
)

S = TypeVar("S", bound=Select[Any])


# --- dialect helpers ----------------------------------------------------------


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _insert(session: AsyncSession, model: type[Base]) -> Any:
    """A dialect-specific INSERT (these have on_conflict_do_nothing/do_update)."""
    name = dialect_name(session)
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise NotImplementedError(f"unsupported dialect {name!r}")


async def _rowcount(session: AsyncSession, statement: Any) -> int:
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount


async def insert_or_skip(session: AsyncSession, model: type[Base], **values: Any) -> bool:
    """INSERT the row unless it conflicts with an existing one; True if inserted.

    On PostgreSQL a concurrent uncommitted insert of the same key makes this wait
    for that transaction: it then returns False (committed) or inserts (rolled back).
    """
    statement = _insert(session, model).values(**values).on_conflict_do_nothing()
    return await _rowcount(session, statement) == 1


async def insert_many_or_skip(session: AsyncSession, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """One multi-row INSERT that skips rows conflicting with existing ones."""
    if rows:
        await session.execute(_insert(session, model).values(list(rows)).on_conflict_do_nothing())


def for_update(session: AsyncSession, statement: S) -> S:
    """``SELECT ... FOR UPDATE`` on PostgreSQL; unchanged on SQLite, where the
    transaction's ``BEGIN IMMEDIATE`` already serialises writers."""
    if dialect_name(session) == "postgresql":
        return statement.with_for_update()
    return statement


def _require_aware(now: dt.datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")


# --- updates (idempotence) ----------------------------------------------------


async def claim_update(session: AsyncSession, update_id: int, now: dt.datetime) -> bool:
    """True if this process should handle Telegram update ``update_id`` (first claim)."""
    _require_aware(now)
    return await insert_or_skip(session, ProcessedUpdate, update_id=update_id, processed_at=now)


async def claim_updates(session: AsyncSession, update_ids: Sequence[int], now: dt.datetime) -> set[int]:
    """Claim many update ids at once (group commit); returns the ids this call claimed."""
    _require_aware(now)
    if not update_ids:
        return set()
    rows = [{"update_id": uid, "processed_at": now} for uid in dict.fromkeys(update_ids)]
    statement = (
        _insert(session, ProcessedUpdate).values(rows).on_conflict_do_nothing().returning(ProcessedUpdate.update_id)
    )
    return set((await session.execute(statement)).scalars())


async def sender_states(
    session: AsyncSession, user_ids: Iterable[int]
) -> dict[int, tuple[str | None, str, str | None]]:
    """(chosen plan, role, unit) of each known user among `user_ids`: what handling an update needs."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = await session.execute(select(User.id, User.chosen_plan_id, User.role, User.unit_id).where(User.id.in_(ids)))
    return {uid: (plan, role, unit) for uid, plan, role, unit in rows}


async def prune_processed_updates(session: AsyncSession, before: dt.datetime) -> int:
    """Forget update ids processed before ``before`` (Telegram ids only grow); returns count."""
    return await _rowcount(session, delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before))


# --- users --------------------------------------------------------------------


async def get_or_create_user(
    session: AsyncSession,
    tg_user_id: int,
    first_name: str | None,
    username: str | None,
    now: dt.datetime,
) -> User:
    """The user's row, created as a citizen if new.

    Meant for the sender of an incoming update: names are refreshed, and a user
    marked blocked is active again (they are talking to the bot).
    """
    _require_aware(now)
    first_name = first_name or ""
    await insert_or_skip(
        session,
        User,
        id=tg_user_id,
        first_name=first_name,
        username=username,
        role="citizen",
        active=True,
        created_at=now,
        updated_at=now,
    )
    user = await session.get(User, tg_user_id, populate_existing=True)
    if user is None:  # pragma: no cover - the insert above guarantees the row
        raise LookupError(tg_user_id)
    if (user.first_name, user.username, user.active) != (first_name, username, True):
        user.first_name, user.username, user.active = first_name, username, True
        user.updated_at = now
        await session.flush()
    return user


async def lock_user_row(session: AsyncSession, user_id: int) -> User | None:
    """Load the user, locking the row until the transaction ends (PostgreSQL).

    Use it as the per-user mutex for read-modify-write of that user's state."""
    statement = for_update(session, select(User).where(User.id == user_id))
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def set_chosen_plan(session: AsyncSession, user_id: int, plan_id: str | None, now: dt.datetime) -> None:
    """Remember the locality/plan a citizen chose (None clears it)."""
    _require_aware(now)
    statement = update(User).where(User.id == user_id).values(chosen_plan_id=plan_id, updated_at=now)
    if await _rowcount(session, statement) != 1:
        raise LookupError(f"no user {user_id}")


async def get_chosen_plan(session: AsyncSession, user_id: int) -> str | None:
    return (await session.execute(select(User.chosen_plan_id).where(User.id == user_id))).scalar_one_or_none()


async def mark_user_blocked(session: AsyncSession, user_id: int, now: dt.datetime | None = None) -> bool:
    """Mark the user inactive (Telegram said 403: bot blocked). True if a row changed."""
    values: dict[str, Any] = {"active": False}
    if now is not None:
        _require_aware(now)
        values["updated_at"] = now
    statement = update(User).where(User.id == user_id, User.active.is_(True)).values(**values)
    return await _rowcount(session, statement) == 1


# --- report drafts (locking only; the conversation logic is elsewhere) ----------


async def lock_draft(session: AsyncSession, user_id: int) -> ReportDraft | None:
    """Lock the user's row (the per-user mutex, which exists even before a draft
    does), then load the user's draft, if any, locked as well (PostgreSQL)."""
    await lock_user_row(session, user_id)
    statement = for_update(session, select(ReportDraft).where(ReportDraft.user_id == user_id))
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


# --- question log -------------------------------------------------------------


async def log_question(
    session: AsyncSession,
    *,
    user_id: int | None,
    chat_type: str,
    plan_ids: Sequence[str],
    status: str,
    topic: str | None,
    question: str,
    now: dt.datetime,
) -> int:
    """Record an asked question (for the officials' digest); returns its id."""
    _require_aware(now)
    if status not in QUESTION_STATUSES:
        raise ValueError(f"status must be one of {QUESTION_STATUSES}, not {status!r}")
    entry = QuestionLog(
        user_id=user_id,
        chat_type=chat_type,
        plan_ids=list(plan_ids),
        status=status,
        topic=topic,
        question=question,
        asked_at=now,
    )
    session.add(entry)
    await session.flush()
    return entry.id


async def log_questions(session: AsyncSession, entries: Sequence[dict[str, Any]]) -> None:
    """Record many asked questions in one statement (keys as in `log_question`)."""
    for entry in entries:
        _require_aware(entry["asked_at"])
        if entry["status"] not in QUESTION_STATUSES:
            raise ValueError(f"status must be one of {QUESTION_STATUSES}, not {entry['status']!r}")
    if entries:
        await session.execute(insert(QuestionLog), list(entries))


async def questions_between(
    session: AsyncSession, start: dt.datetime, end: dt.datetime, plan_id: str | None = None
) -> list[QuestionLog]:
    """Questions asked in [start, end), oldest first; with ``plan_id``, only those
    whose ``plan_ids`` include it."""
    statement = (
        select(QuestionLog)
        .where(QuestionLog.asked_at >= start, QuestionLog.asked_at < end)
        .order_by(QuestionLog.asked_at, QuestionLog.id)
    )
    rows = list((await session.execute(statement)).scalars())
    if plan_id is not None:
        rows = [row for row in rows if plan_id in (row.plan_ids or [])]
    return rows


# --- scheduled work: summaries and reminders ------------------------------------


async def claim_summary_run(
    session: AsyncSession,
    plan_id: str,
    run_date: dt.date,
    worker: str,
    now: dt.datetime,
    *,
    stale_after: dt.timedelta | None = None,
) -> bool:
    """True if this worker owns the daily summary of ``plan_id`` for ``run_date``.

    With ``stale_after``, a run claimed earlier than ``now - stale_after`` and never
    finished (its worker died) is taken over; deliveries already recorded as sent
    are then skipped by ``pending_deliveries``.
    """
    _require_aware(now)
    if await insert_or_skip(session, SummaryRun, plan_id=plan_id, run_date=run_date, claimed_at=now, claimed_by=worker):
        return True
    if stale_after is None:
        return False
    takeover = (
        update(SummaryRun)
        .where(
            SummaryRun.plan_id == plan_id,
            SummaryRun.run_date == run_date,
            SummaryRun.finished_at.is_(None),
            SummaryRun.claimed_at < now - stale_after,
        )
        .values(claimed_at=now, claimed_by=worker)
        .execution_options(synchronize_session=False)
    )
    return await _rowcount(session, takeover) == 1


async def finish_summary_run(session: AsyncSession, plan_id: str, run_date: dt.date, now: dt.datetime) -> None:
    _require_aware(now)
    await session.execute(
        update(SummaryRun)
        .where(SummaryRun.plan_id == plan_id, SummaryRun.run_date == run_date)
        .values(finished_at=now)
        .execution_options(synchronize_session=False)
    )


async def record_delivery(
    session: AsyncSession,
    plan_id: str,
    run_date: dt.date,
    user_id: int,
    status: str,
    now: dt.datetime,
    error: str | None = None,
) -> None:
    """Record one attempt to send a summary (status sent|failed|blocked).

    Upsert: ``attempts`` counts every call; ``sent_at`` is set when sent. The run
    must have been claimed (``claim_summary_run``) first.
    """
    _require_aware(now)
    if status not in DELIVERY_STATUSES:
        raise ValueError(f"status must be one of {DELIVERY_STATUSES}, not {status!r}")
    insert = _insert(session, SummaryDelivery).values(
        plan_id=plan_id,
        run_date=run_date,
        user_id=user_id,
        status=status,
        attempts=1,
        sent_at=now if status == "sent" else None,
        error=error,
    )
    statement = insert.on_conflict_do_update(
        index_elements=[SummaryDelivery.plan_id, SummaryDelivery.run_date, SummaryDelivery.user_id],
        set_={
            "status": insert.excluded.status,
            "attempts": SummaryDelivery.attempts + 1,
            "sent_at": func.coalesce(insert.excluded.sent_at, SummaryDelivery.sent_at),
            "error": insert.excluded.error,
        },
    )
    await session.execute(statement)


async def pending_deliveries(
    session: AsyncSession,
    plan_id: str,
    run_date: dt.date,
    recipients: Iterable[int] | None = None,
    *,
    max_attempts: int = 3,
) -> list[int]:
    """Recipients still to be sent the summary of (plan_id, run_date).

    ``recipients`` defaults to the active officials of ``plan_id`` (by user id).
    Excluded: already sent, blocked, or failed ``max_attempts`` times. Order is kept.
    """
    if recipients is None:
        candidates = list(
            (
                await session.execute(
                    select(User.id)
                    .where(User.role == "official", User.plan_id == plan_id, User.active.is_(True))
                    .order_by(User.id)
                )
            ).scalars()
        )
    else:
        candidates = list(dict.fromkeys(recipients))
    done = set(
        (
            await session.execute(
                select(SummaryDelivery.user_id).where(
                    SummaryDelivery.plan_id == plan_id,
                    SummaryDelivery.run_date == run_date,
                    or_(
                        SummaryDelivery.status.in_(("sent", "blocked")),
                        SummaryDelivery.attempts >= max_attempts,
                    ),
                )
            )
        ).scalars()
    )
    return [user_id for user_id in candidates if user_id not in done]


async def claim_reminder(session: AsyncSession, unit_id: str, plan_id: str, day: dt.date, now: dt.datetime) -> bool:
    """True if this process should send ``unit_id``'s reminder for ``day`` (first claim)."""
    _require_aware(now)
    return await insert_or_skip(session, Reminder, unit_id=unit_id, plan_id=plan_id, remind_date=day, sent_at=now)
