"""The database layer: transactions, claims under races, restarts, helpers.

Runs on SQLite (temp file) by default and on PostgreSQL with TEST_DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.db import drafts, questions, summaries, updates, users
from bot.db.base import for_update
from bot.db.models import ProcessedUpdate, ReportDraft, Submission, SummaryRun, Unit, User
from bot.db.session import DEFAULT_URL, Database, normalise_url, sqlite_path
from tests import db_fixtures

db_target = db_fixtures.db_target
db_factory = db_fixtures.db_factory
db = db_fixtures.db

Factory = Callable[..., Database]
NOW = dt.datetime(2025, 10, 1, 8, 30, tzinfo=dt.UTC)
ICT = dt.timezone(dt.timedelta(hours=7))


async def count(database: Database, model: Any) -> int:
    async with database.transaction(readonly=True) as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()


class Boom(Exception):
    pass


async def claim(session: Any, update_id: int, now: dt.datetime) -> bool:
    """Store the update (as on arrival) and claim it (as the transaction that handles it does)."""
    await updates.store(session, [(update_id, {"update_id": update_id})], now)
    return await updates.claim(session, update_id, now)


# --- URLs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, DEFAULT_URL),
        ("", DEFAULT_URL),
        ("sqlite:///data/x.db", "sqlite+aiosqlite:///data/x.db"),
        ("sqlite:////abs/x.db", "sqlite+aiosqlite:////abs/x.db"),
        ("sqlite+aiosqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
        ("postgresql://u:p%40ss@h:5433/db", "postgresql+asyncpg://u:p%40ss@h:5433/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db?sslmode=require", "postgresql+asyncpg://u@h/db?ssl=require"),
    ],
)
def test_normalise_url(given: str | None, expected: str) -> None:
    assert normalise_url(given) == expected


def test_normalise_url_rejects_other_databases() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        normalise_url("mysql://u@h/db")


async def test_sqlite_parent_directory_is_created_and_pragmas_set(tmp_path: Any) -> None:
    path = tmp_path / "a" / "b" / "bot.sqlite3"
    database = Database(f"sqlite:///{path}")
    try:
        assert sqlite_path(database.url) == path
        assert path.parent.is_dir()
        async with database.transaction() as session:
            pragmas = {
                name: (await session.execute(text(f"PRAGMA {name}"))).scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
        assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30000}
    finally:
        await database.dispose()


async def test_sqlite_transactions_begin_immediate(tmp_path: Any) -> None:
    """The BEGIN of a default transaction takes the write lock at once."""
    statements: list[str] = []
    database = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    from sqlalchemy import event

    @event.listens_for(database.engine.sync_engine, "before_cursor_execute")
    def remember(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    try:
        async with database.transaction() as session:
            await session.execute(text("SELECT 1"))
        async with database.transaction(readonly=True) as session:
            await session.execute(text("SELECT 2"))
    finally:
        await database.dispose()
    assert statements == ["BEGIN IMMEDIATE", "SELECT 1", "BEGIN", "SELECT 2"]


async def test_sqlite_connection_returned_inside_a_transaction_is_rolled_back(tmp_path: Any) -> None:
    """The pool skips its rollback-on-return after a commit, never when a transaction is still open."""
    database = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}", pool_size=1, max_overflow=0)
    try:
        async with database.engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            await driver.execute("BEGIN IMMEDIATE")  # behind SQLAlchemy's back: only the pool can end it
            await driver.execute("CREATE TABLE left_open (x INTEGER)")
        async with database.engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            assert not driver.in_transaction
            assert await driver.execute_fetchall("SELECT name FROM sqlite_master WHERE name = 'left_open'") == []
        async with database.transaction() as session:  # the write lock is free again
            await session.execute(text("CREATE TABLE t (x INTEGER)"))
    finally:
        await database.dispose()


# --- transactions ---------------------------------------------------------------


async def test_transaction_commits(db: Database) -> None:
    async with db.transaction() as session:
        await users.get_or_create(session, 1, "An", "an", NOW)
    assert await count(db, User) == 1


async def test_transaction_that_raises_leaves_nothing_written(db: Database) -> None:
    with pytest.raises(Boom):
        async with db.transaction() as session:
            assert await claim(session, 7, NOW)
            await users.get_or_create(session, 1, "An", None, NOW)
            await users.set_chosen_plan(session, 1, "nam-trieu", NOW)
            await session.flush()
            raise Boom
    assert await count(db, ProcessedUpdate) == 0
    assert await count(db, User) == 0
    # ... and the update can be claimed again, since the first claim never committed.
    async with db.transaction() as session:
        assert await claim(session, 7, NOW)


async def test_readonly_transaction_refuses_writes_on_postgresql(db: Database) -> None:
    if not db.is_postgresql:
        pytest.skip("PostgreSQL READ ONLY transactions")
    with pytest.raises(DBAPIError):
        async with db.transaction(readonly=True) as session:
            await claim(session, 1, NOW)


async def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError):
        async with db.transaction() as session:
            assert await summaries.claim_reminder(session, "no-such-unit", "p", NOW.date(), NOW)


# --- time ----------------------------------------------------------------------------


async def test_datetimes_come_back_aware_in_utc(db: Database) -> None:
    local = dt.datetime(2025, 10, 1, 15, 30, 0, 123456, tzinfo=ICT)
    async with db.transaction() as session:
        await claim(session, 1, local)
    async with db.transaction() as session:
        row = await session.get(ProcessedUpdate, 1)
        assert row is not None
        assert row.processed_at == local
        assert row.processed_at.utcoffset() == dt.timedelta(0)
        assert row.processed_at.hour == 8


async def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="aware"):
        async with db.transaction() as session:
            await claim(session, 1, dt.datetime(2025, 10, 1, 8, 30))


# --- update idempotence ---------------------------------------------------------


async def test_claim_update_is_once_only(db: Database) -> None:
    async with db.transaction() as session:
        assert await claim(session, 100, NOW)
        assert not await claim(session, 100, NOW)
    async with db.transaction() as session:
        assert not await claim(session, 100, NOW)
        assert await claim(session, 101, NOW)


async def _claim_and_hold(database: Database, update_id: int, start: asyncio.Event) -> bool:
    await start.wait()
    async with database.transaction() as session:
        claimed = await claim(session, update_id, NOW)
        await asyncio.sleep(0.05)  # keep the transaction open while the others try
        return claimed


async def test_claim_update_race_between_processes(db_factory: Factory) -> None:
    """Four 'processes' (separate engines) race for the same update: one wins."""
    databases = [db_factory() for _ in range(4)]
    start = asyncio.Event()
    tasks = [asyncio.create_task(_claim_and_hold(d, 555, start)) for d in databases]
    await asyncio.sleep(0.01)
    start.set()
    results = await asyncio.gather(*tasks)
    assert sorted(results) == [False, False, False, True]
    assert await count(databases[0], ProcessedUpdate) == 1


async def test_prune_processed_updates(db: Database) -> None:
    async with db.transaction() as session:
        await claim(session, 1, NOW - dt.timedelta(days=3))
        await claim(session, 2, NOW)
        assert await updates.prune(session, NOW - dt.timedelta(days=1)) == 1
    assert await count(db, ProcessedUpdate) == 1


async def test_an_update_stored_twice_is_new_once(db: Database) -> None:
    async with db.transaction() as session:
        assert await updates.store(session, [(1, {"a": 1}), (2, {"a": 2})], NOW) == {1, 2}
        assert await updates.store(session, [(2, {"a": 2}), (3, {"a": 3})], NOW) == {3}


async def test_arriving_updates_are_stored_in_one_statement(db: Database) -> None:
    """A getUpdates answer (or the webhook requests arriving at one moment) is one round trip to
    the database, whatever the batch size, not one per update."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        async with db.transaction() as session:
            fresh = await updates.store(session, [(n, {"update_id": n}) for n in range(1, 51)], NOW)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert fresh == set(range(1, 51))
    assert len(statements) == 1


async def test_a_redelivered_update_keeps_its_first_payload_and_claim(db: Database) -> None:
    async with db.transaction() as session:
        assert await claim(session, 8, NOW)
        assert await updates.store(session, [(8, {"again": True})], NOW + dt.timedelta(hours=1)) == set()
        assert not await updates.claim(session, 8, NOW + dt.timedelta(hours=1))
        assert await updates.unhandled(session, NOW + dt.timedelta(days=1)) == []


async def test_an_id_seen_days_ago_is_a_fresh_update(db: Database) -> None:
    """Telegram starts from a random id again after a week without updates: an old row must not refuse it."""
    old = NOW - updates.FORGET_AFTER - dt.timedelta(hours=1)
    async with db.transaction() as session:
        assert await claim(session, 7, old)
    async with db.transaction() as session:
        assert await updates.store(session, [(7, {"fresh": True})], NOW) == {7}
        assert await updates.claim(session, 7, NOW)


async def test_unhandled_updates_are_listed_oldest_first_until_claimed(db: Database) -> None:
    async with db.transaction() as session:
        await updates.store(session, [(5, {"n": 5}), (4, {"n": 4})], NOW)
        await updates.store(session, [(6, {"n": 6})], NOW + dt.timedelta(minutes=1))
        assert await updates.claim(session, 5, NOW)
    async with db.transaction() as session:
        assert await updates.unhandled(session, NOW + dt.timedelta(seconds=1)) == [(4, {"n": 4})]
        assert [uid for uid, _ in await updates.unhandled(session, NOW + dt.timedelta(hours=1))] == [4, 6]


# --- users --------------------------------------------------------------------------


async def test_get_or_create_user(db: Database) -> None:
    async with db.transaction() as session:
        user = await users.get_or_create(session, 10**12, "Lan", "lan", NOW)
        assert (user.id, user.role, user.active, user.created_at) == (10**12, "citizen", True, NOW)
    later = NOW + dt.timedelta(hours=1)
    async with db.transaction() as session:
        user = await users.get_or_create(session, 10**12, "Lan Anh", None, later)
        assert (user.first_name, user.username, user.created_at, user.updated_at) == (
            "Lan Anh",
            None,
            NOW,
            later,
        )
    assert await count(db, User) == 1


async def test_blocked_user_becomes_active_when_they_write_again(db: Database) -> None:
    async with db.transaction() as session:
        await users.get_or_create(session, 5, "B", None, NOW)
        assert await users.mark_blocked(session, 5, NOW)
        assert not await users.mark_blocked(session, 5, NOW)  # already blocked
        assert not await users.mark_blocked(session, 6)  # unknown user
    async with db.transaction() as session:
        user = await session.get(User, 5)
        assert user is not None and user.active is False
        user = await users.get_or_create(session, 5, "B", None, NOW)
        assert user.active is True


async def test_chosen_locality_survives_a_restart(db_factory: Factory) -> None:
    first = db_factory()
    async with first.transaction() as session:
        await users.get_or_create(session, 42, "Minh", None, NOW)
        assert await users.get_chosen_plan(session, 42) is None
        await users.set_chosen_plan(session, 42, "nam-trieu-2025", NOW)
    await first.dispose()

    restarted = db_factory()
    async with restarted.transaction() as session:
        assert await users.get_chosen_plan(session, 42) == "nam-trieu-2025"
        assert await users.get_chosen_plan(session, 43) is None
        await users.set_chosen_plan(session, 42, None, NOW)
        assert await users.get_chosen_plan(session, 42) is None


async def test_set_chosen_plan_for_unknown_user_fails(db: Database) -> None:
    with pytest.raises(LookupError):
        async with db.transaction() as session:
            await users.set_chosen_plan(session, 999, "p", NOW)


async def test_half_finished_report_draft_survives_a_restart(db_factory: Factory) -> None:
    first = db_factory()
    async with first.transaction() as session:
        session.add(Unit(id="thcs-nam-trieu", plan_id="p", name="THCS Nam Triệu", kind="school"))
        await users.get_or_create(session, 9, "Hà", None, NOW)
        await session.flush()
        assert await drafts.lock(session, 9) is None
        session.add(
            ReportDraft(
                user_id=9,
                unit_id="thcs-nam-trieu",
                plan_id="p",
                step=2,
                values={"participants": 120, "note": "Tuần lễ"},
                mode="guided",
                updated_at=NOW,
            )
        )
    await first.dispose()

    async with db_factory().transaction() as session:
        draft = await drafts.lock(session, 9)
        assert draft is not None
        assert (draft.step, draft.values, draft.pending_free_text) == (
            2,
            {"participants": 120, "note": "Tuần lễ"},
            None,
        )


async def test_draft_changes_in_place_are_saved(db: Database) -> None:
    async with db.transaction() as session:
        session.add(Unit(id="u1", plan_id="p", name="Unit 1", kind="school"))
        await users.get_or_create(session, 9, "Hà", None, NOW)
        await session.flush()
        session.add(ReportDraft(user_id=9, unit_id="u1", plan_id="p", mode="guided", updated_at=NOW))
    async with db.transaction() as session:
        draft = await drafts.lock(session, 9)
        assert draft is not None and draft.values == {}
        draft.values["participants"] = 5  # in-place: tracked (MutableDict)
        draft.pending_free_text = {"text": "khoảng 5 người"}
    async with db.transaction() as session:
        draft = await drafts.lock(session, 9)
        assert draft is not None
        assert (draft.values, draft.pending_free_text) == ({"participants": 5}, {"text": "khoảng 5 người"})


async def _advance_draft(database: Database, user_id: int) -> None:
    async with database.transaction() as session:
        draft = await drafts.lock(session, user_id)
        await asyncio.sleep(0.1)
        if draft is None:
            session.add(ReportDraft(user_id=user_id, unit_id="u1", plan_id="p", mode="guided", updated_at=NOW))
        else:
            draft.step += 1


async def test_lock_draft_serialises_one_users_updates(db_factory: Factory) -> None:
    """Two updates from the same user at once (no draft yet): one creates the draft,
    the other waits for it and advances it, instead of a duplicate-key error."""
    a, b = db_factory(), db_factory()
    async with a.transaction() as session:
        session.add(Unit(id="u1", plan_id="p", name="Unit 1", kind="school"))
        await users.get_or_create(session, 9, "Hà", None, NOW)
    await asyncio.gather(_advance_draft(a, 9), _advance_draft(b, 9))
    async with a.transaction() as session:
        draft = await session.get(ReportDraft, 9)
        assert draft is not None and draft.step == 1


# --- lost updates ---------------------------------------------------------------------


async def _seed_counter(database: Database) -> int:
    async with database.transaction() as session:
        session.add(Unit(id="u1", plan_id="p", name="Unit 1", kind="school"))
        await session.flush()  # no relationship() to order the inserts by
        submission = Submission(unit_id="u1", plan_id="p", form_id="f", created_at=NOW, updated_at=NOW)
        session.add(submission)
        await session.flush()
        return submission.id


async def _increment(database: Database, submission_id: int, *, locked: bool) -> None:
    # locked=False is the naive read-modify-write: a deferred BEGIN on SQLite and
    # no row lock on PostgreSQL.
    async with database.transaction(readonly=not locked and database.is_sqlite) as session:
        statement = select(Submission).where(Submission.id == submission_id)
        if locked:
            statement = for_update(session, statement)
        submission = (await session.execute(statement)).scalar_one()
        seen = submission.version
        await asyncio.sleep(0.1)  # the other task reads meanwhile
        submission.version = seen + 1


async def _version(database: Database, submission_id: int) -> int:
    async with database.transaction(readonly=True) as session:
        return (await session.execute(select(Submission.version).where(Submission.id == submission_id))).scalar_one()


async def test_concurrent_increments_are_not_lost(db_factory: Factory) -> None:
    """BEGIN IMMEDIATE (SQLite) / SELECT ... FOR UPDATE (PostgreSQL) serialise the
    two read-modify-write transactions, so both increments count."""
    a, b = db_factory(), db_factory()
    submission_id = await _seed_counter(a)
    await asyncio.gather(_increment(a, submission_id, locked=True), _increment(b, submission_id, locked=True))
    assert await _version(a, submission_id) == 2


async def test_without_the_lock_the_race_is_real(db_factory: Factory) -> None:
    """Control for the test above: the same race without the lock loses an update
    (PostgreSQL) or fails late with 'database is locked' (SQLite deferred BEGIN)."""
    a, b = db_factory(), db_factory()
    submission_id = await _seed_counter(a)
    results = await asyncio.gather(
        _increment(a, submission_id, locked=False),
        _increment(b, submission_id, locked=False),
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, BaseException)]
    assert all(isinstance(e, DBAPIError) for e in errors), errors
    assert errors or await _version(a, submission_id) == 1


# --- summaries ------------------------------------------------------------------------


async def _claim_run(database: Database, worker: str, start: asyncio.Event) -> bool:
    await start.wait()
    async with database.transaction() as session:
        claimed = await summaries.claim_run(session, "p", NOW.date(), worker, NOW)
        await asyncio.sleep(0.05)
        return claimed


async def test_claim_summary_run_race(db_factory: Factory) -> None:
    databases = [db_factory() for _ in range(3)]
    start = asyncio.Event()
    tasks = [asyncio.create_task(_claim_run(d, f"w{i}", start)) for i, d in enumerate(databases)]
    await asyncio.sleep(0.01)
    start.set()
    results = await asyncio.gather(*tasks)
    assert sorted(results) == [False, False, True]
    async with databases[0].transaction() as session:
        run = (await session.execute(select(SummaryRun))).scalar_one()
        assert run.claimed_by == f"w{results.index(True)}"
        # once-only for a later attempt too; another day is a separate run
        assert not await summaries.claim_run(session, "p", NOW.date(), "late", NOW)
        assert await summaries.claim_run(session, "p", NOW.date() + dt.timedelta(days=1), "w", NOW)


async def test_summary_goes_to_active_officials_not_yet_sent_it(db: Database) -> None:
    day = NOW.date()
    async with db.transaction() as session:
        for uid, role, plan in [
            (1, "official", "p"),
            (2, "official", "p"),
            (3, "official", "x"),
            (4, "citizen", "p"),
            (5, "official", "p"),
        ]:
            user = await users.get_or_create(session, uid, f"u{uid}", None, NOW)
            user.role, user.plan_id = role, plan
        await session.flush()
        await users.mark_blocked(session, 5, NOW)
        assert await summaries.claim_run(session, "p", day, "w", NOW)
        assert await summaries.pending_recipients(session, "p", day) == [1, 2]
        await summaries.record_queued(session, "p", day, [1], NOW)
        assert await summaries.pending_recipients(session, "p", day) == [2]
        await summaries.record_queued(session, "p", day, [1, 2], NOW)
        assert await summaries.pending_recipients(session, "p", day) == []
        assert not await summaries.run_finished(session, "p", day)
        await summaries.finish_run(session, "p", day, NOW)
        assert await summaries.run_finished(session, "p", day)


# --- reminders and questions -----------------------------------------------------------


async def test_claim_reminder_once_per_unit_plan_day(db_factory: Factory) -> None:
    a, b = db_factory(), db_factory()
    async with a.transaction() as session:
        session.add(Unit(id="u1", plan_id="p", name="Unit 1", kind="commune"))
    day = NOW.date()

    async def claim(database: Database) -> bool:
        async with database.transaction() as session:
            return await summaries.claim_reminder(session, "u1", "p", day, NOW)

    assert sorted(await asyncio.gather(claim(a), claim(b))) == [False, True]
    async with a.transaction() as session:
        assert await summaries.claim_reminder(session, "u1", "p", day + dt.timedelta(days=1), NOW)


async def test_log_question(db: Database) -> None:
    entry = {
        "user_id": 1,
        "asker_role": "citizen",
        "chat_type": "private",
        "plan_ids": ["p", "q"],
        "status": "answered",
        "topic": "time",
        "question": "Tuần lễ diễn ra khi nào?",
        "asked_at": NOW,
    }
    later = {**entry, "user_id": None, "chat_type": "group", "plan_ids": ["q"], "status": "unknown", "topic": None}
    async with db.transaction() as session:
        await questions.log_many(session, [entry, {**later, "question": "?", "asked_at": NOW + dt.timedelta(hours=1)}])
        with pytest.raises(ValueError):
            await questions.log_many(session, [{**entry, "status": "bad"}])
    async with db.transaction(readonly=True) as session:
        day = await questions.between(session, NOW, NOW + dt.timedelta(days=1))
        assert [q.status for q in day] == ["answered", "unknown"]
        assert day[0].plan_ids == ["p", "q"] and day[0].asker_role == "citizen"
        assert [q.question for q in await questions.between(session, NOW, NOW + dt.timedelta(days=1), "p")] == [
            "Tuần lễ diễn ra khi nào?"
        ]


async def test_check_constraints(db: Database) -> None:
    with pytest.raises(IntegrityError):
        async with db.transaction() as session:
            session.add(User(id=1, first_name="x", role="superuser", created_at=NOW, updated_at=NOW))
