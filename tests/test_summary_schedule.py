"""The daily run: window, exactly-once claims across workers, retries of failed deliveries only,
blocked users, reminders only to missing units and once a day. Core only (a fake transport)."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db import repo
from bot.db.models import SummaryDelivery, SummaryRun, User
from bot.summary.schedule import (
    REPORT_BUTTON_DATA,
    OfficialsDesk,
    ScheduleConfig,
    in_window,
    is_due,
    is_reminder_day,
    summary_window,
)
from bot.summary.sender import PacedSender, RateLimited, RecipientBlocked, TransientSendError
from tests.summary_helpers import PLAN, VN, add_submission, add_units, add_user, vn

CFG = ScheduleConfig(tz=VN)


class FakeTransport:
    """Records sends; `fail[chat]` is a list of exceptions raised by the next sends to that chat."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, tuple]] = []
        self.photos: list[int] = []
        self.fail: dict[int, list[Exception]] = {}

    async def send(self, chat_id, html, buttons):
        await asyncio.sleep(0)
        errors = self.fail.get(chat_id)
        if errors:
            raise errors.pop(0)
        self.sent.append((chat_id, html, tuple(buttons or ())))

    async def send_photo(self, chat_id, png, caption):
        self.photos.append(chat_id)

    def chats(self) -> list[int]:
        return sorted(chat for chat, _, _ in self.sent)


async def no_sleep(_seconds: float) -> None:
    await asyncio.sleep(0)


def make_desk(db, engine, transport, clock, worker="w1", **cfg) -> OfficialsDesk:
    sender = PacedSender(transport, sleep=no_sleep, attempts=3, backoff=0)
    return OfficialsDesk(db, engine.plans, clock, ScheduleConfig(tz=VN, **cfg), sender, worker=worker)


@pytest.fixture
def plan(engine):
    return engine.plans[PLAN]


def test_summary_window_runs_from_the_period_start_until_days_after_the_units_deadline(plan):
    assert summary_window(plan, CFG) == (dt.date(2025, 10, 1), dt.date(2025, 10, 22))
    assert not in_window(plan, dt.date(2025, 9, 30), CFG)
    assert in_window(plan, dt.date(2025, 10, 1), CFG) and in_window(plan, dt.date(2025, 10, 22), CFG)
    assert not in_window(plan, dt.date(2025, 10, 23), CFG)
    assert summary_window(plan, ScheduleConfig(tz=VN, days_after_deadline=0))[1] == dt.date(2025, 10, 15)


def test_due_time_is_local_time_not_utc():
    assert not is_due(vn(2025, 10, 5, 16, 59), CFG)
    assert is_due(vn(2025, 10, 5, 17, 0), CFG)
    assert is_due(dt.datetime(2025, 10, 5, 10, 0, tzinfo=dt.UTC), CFG)  # 17:00 in Hà Nội
    assert not is_due(dt.datetime(2025, 10, 5, 9, 59, tzinfo=dt.UTC), CFG)


def test_reminder_days_count_back_from_the_deadline(plan):
    assert [d for d in range(8, 16) if is_reminder_day(plan, dt.date(2025, 10, d), CFG)] == [12, 14]


async def _officials(db, *ids: int) -> None:
    for user_id in ids:
        await add_user(db, user_id, "official", plan_id=PLAN)


async def test_summary_is_sent_once_per_official_when_two_workers_race(db, db_factory, engine):
    await add_units(db, {"a": "Trường A", "b": "Trường B"})
    await add_submission(db, "a", {"press_articles": 4})
    await _officials(db, 1, 2, 3)
    await add_user(db, 9, "official", plan_id="dakplo-2025")  # another plan: its own summary
    transport = FakeTransport()
    clock = ManualClock(vn(2025, 10, 5, 17, 0))
    first = make_desk(db, engine, transport, clock, worker="w1")
    second = make_desk(db_factory(), engine, transport, clock, worker="w2")
    await asyncio.gather(first.tick(), second.tick(), first.tick(), second.tick())
    assert transport.chats() == [1, 2, 3, 9]
    namtrieu = next(html for chat, html, _ in transport.sent if chat == 1)
    assert "Đơn vị đã báo cáo: 1/2" in namtrieu and "4 bài" in namtrieu
    assert sorted(transport.photos) == [1, 2, 3]  # a chart where something was reported
    # a restart later the same day sends nothing more
    restarted = make_desk(db_factory(), engine, transport, ManualClock(vn(2025, 10, 5, 20, 0)), worker="w3")
    await restarted.tick()
    assert transport.chats() == [1, 2, 3, 9]
    async with db.transaction(readonly=True) as session:
        runs = (await session.execute(select(SummaryRun))).scalars().all()
    claimed = {(r.plan_id, r.run_date) for r in runs}
    assert {(PLAN, dt.date(2025, 10, 5)), ("dakplo-2025", dt.date(2025, 10, 5))} <= claimed
    assert all(r.finished_at is not None for r in runs)


async def test_nothing_is_sent_before_the_summary_time_or_outside_the_window(db, engine):
    await add_units(db, {"a": "Trường A"})
    await _officials(db, 1)
    transport = FakeTransport()
    await make_desk(db, engine, transport, ManualClock(vn(2025, 10, 5, 16, 59))).tick()
    await make_desk(db, engine, transport, ManualClock(vn(2025, 10, 23, 17, 30))).tick()
    assert transport.sent == []


async def test_failed_delivery_is_retried_for_that_official_only_and_blocked_ones_are_skipped(db, db_factory, engine):
    await add_units(db, {"a": "Trường A"})
    await _officials(db, 1, 2, 3, 4)
    transport = FakeTransport()
    transport.fail[2] = [TransientSendError("down")] * 3  # all 3 attempts of the first run fail
    transport.fail[3] = [RateLimited(0.01)]  # one 429: retried within the run
    transport.fail[4] = [RecipientBlocked("Forbidden: bot was blocked by the user")]
    clock = ManualClock(vn(2025, 10, 5, 17, 1))
    desk = make_desk(db, engine, transport, clock)
    report = await desk.tick()
    assert {o.chat_id: o.status for o in report.summaries[PLAN]} == {1: "sent", 2: "failed", 3: "sent", 4: "blocked"}
    assert transport.chats() == [1, 3]
    async with db.transaction(readonly=True) as session:
        run = await session.get(SummaryRun, (PLAN, dt.date(2025, 10, 5)))
        assert run is not None and run.finished_at is None  # released for a retry
        blocked = await session.get(User, 4)
        assert blocked is not None and blocked.active is False
    # another worker (or this one after a restart) picks up only what failed
    other = make_desk(db_factory(), engine, transport, clock, worker="w2")
    report = await other.tick()
    assert [o.chat_id for o in report.summaries[PLAN]] == [2]
    assert transport.chats() == [1, 2, 3]
    assert await other.tick() == type(report)()  # finished: nothing more
    assert transport.chats() == [1, 2, 3]
    async with db.transaction(readonly=True) as session:
        deliveries = {
            d.user_id: (d.status, d.attempts) for d in (await session.execute(select(SummaryDelivery))).scalars()
        }
    assert deliveries == {1: ("sent", 1), 2: ("sent", 2), 3: ("sent", 1), 4: ("blocked", 1)}


async def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_lease(db, db_factory, engine):
    await add_units(db, {"a": "Trường A"})
    await _officials(db, 1)

    async with db.transaction() as session:  # a worker claimed at 17:00 and died
        assert await repo.claim_summary_run(session, PLAN, dt.date(2025, 10, 5), "dead", vn(2025, 10, 5, 17, 0))
    transport = FakeTransport()
    clock = ManualClock(vn(2025, 10, 5, 17, 5))
    desk = make_desk(db_factory(), engine, transport, clock, lease=dt.timedelta(minutes=10))
    await desk.tick()
    assert transport.sent == []
    clock.set(vn(2025, 10, 5, 17, 11))
    await desk.tick()
    assert transport.chats() == [1]


async def test_reminders_go_only_to_staff_of_units_missing_and_once_per_day(db, engine):
    await add_units(db, {"a": "Trường A", "b": "Trường B", "c": "Trường C", "d": "Trường D"})
    await add_submission(db, "a", {"press_articles": 1})
    await add_user(db, 10, "staff", unit_id="a")
    await add_user(db, 11, "staff", unit_id="b")
    await add_user(db, 12, "staff", unit_id="c")
    await add_user(db, 13, "staff", unit_id="c")
    transport = FakeTransport()
    clock = ManualClock(vn(2025, 10, 12, 17, 0))  # 3 days before 15/10
    desk = make_desk(db, engine, transport, clock)
    report = await desk.tick()
    reminders = [(chat, html, buttons) for chat, html, buttons in transport.sent if "Nhắc nộp" in html]
    assert sorted(chat for chat, _, _ in reminders) == [11, 12, 13]
    assert all(buttons[0].data == REPORT_BUTTON_DATA for _, _, buttons in reminders)
    assert "Trường B" in next(html for chat, html, _ in reminders if chat == 11) and "còn 3 ngày" in reminders[0][1]
    assert (report.reminders[PLAN].units, report.reminders[PLAN].no_staff) == (2, 1)
    # the same day: neither the schedule nor an official's button reminds again
    await desk.tick()
    manual = await desk.remind(PLAN)
    assert (manual.units, manual.already) == (0, 2)
    fresh = make_desk(db, engine, transport, clock, worker="w2")
    await fresh.tick()
    assert len([1 for _, html, _ in transport.sent if "Nhắc nộp" in html]) == 3
    # not a reminder day: nothing; the next reminder day: the units still missing
    await add_submission(db, "b", {"press_articles": 2})
    clock.set(vn(2025, 10, 13, 17, 0))
    await desk.tick()
    clock.set(vn(2025, 10, 14, 17, 0))
    await desk.tick()
    later = [chat for chat, html, _ in transport.sent[-4:] if "Nhắc nộp" in html and "còn 1 ngày" in html]
    assert sorted(later) == [12, 13]


async def test_an_official_can_remind_now_and_an_unreachable_unit_can_be_reminded_later(db, engine):
    await add_units(db, {"b": "Trường B"})
    await add_user(db, 11, "staff", unit_id="b")
    transport = FakeTransport()
    transport.fail[11] = [TransientSendError("down")] * 3
    desk = make_desk(db, engine, transport, ManualClock(vn(2025, 10, 8, 9, 0)))
    first = await desk.remind(PLAN)
    assert (first.units, first.failed) == (0, 1)
    second = await desk.remind(PLAN)
    assert (second.units, second.people) == (1, 1)
    assert transport.chats() == [11]
