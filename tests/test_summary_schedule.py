"""The daily run: window, exactly-once claims across workers, delivery through the outbox (retried,
blocked users marked), reminders only to missing units and once a day. Core only (a fake transport)."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db.models import SummaryRun, User
from bot.db.outbox import OutboxLog
from bot.outbox import Dispatcher, Method, Outgoing, RateLimited, RecipientBlocked, TransientSendError
from bot.summary.schedule import (
    REPORT_BUTTON_DATA,
    OfficialsDesk,
    ScheduleConfig,
    in_window,
    is_due,
    is_reminder_day,
    summary_window,
)
from bot.work import Postman
from tests.summary_helpers import PLAN, VN, add_submission, add_units, add_user, vn

CFG = ScheduleConfig(tz=VN)


class FakeTransport:
    """Records calls; `fail[chat]` is a list of exceptions raised by the next calls to that chat."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, tuple]] = []
        self.photos: list[int] = []
        self.fail: dict[int, list[Exception]] = {}

    async def call(self, message: Outgoing, message_id: int | None) -> int | None:
        await asyncio.sleep(0)
        errors = self.fail.get(message.chat_id)
        if errors:
            raise errors.pop(0)
        if message.method == Method.SEND_PHOTO:
            self.photos.append(message.chat_id)
        else:
            self.sent.append((message.chat_id, message.text, tuple(b for row in message.buttons for b in row)))
        return len(self.sent) + len(self.photos)

    def chats(self) -> list[int]:
        return sorted(chat for chat, _, _ in self.sent)


class Worker:
    """An OfficialsDesk with its own outbox dispatcher, as one bot process has."""

    def __init__(self, db, knowledge, transport, clock, name="w1", **cfg) -> None:
        self.dispatcher = Dispatcher(transport, OutboxLog(db, clock.now), rate=0, wall=lambda: clock.now().timestamp())
        self.dispatcher.FIRST_BACKOFF = 0.001
        self.desk = OfficialsDesk(
            db, knowledge, clock, ScheduleConfig(tz=VN, **cfg), Postman(db, clock, name, self.dispatcher), worker=name
        )

    async def __aenter__(self) -> OfficialsDesk:
        self.dispatcher.start()
        return self.desk

    async def __aexit__(self, *exc: object) -> None:
        assert await self.dispatcher.drained(timeout=10)
        await self.dispatcher.stop()


@pytest.fixture
def plan(catalog):
    return catalog.plans[PLAN]


def test_summary_window_runs_from_the_period_start_until_days_after_the_units_deadline(catalog, plan):
    assert summary_window(catalog, plan, CFG) == (dt.date(2025, 10, 1), dt.date(2025, 10, 22))
    assert not in_window(catalog, plan, dt.date(2025, 9, 30), CFG)
    assert in_window(catalog, plan, dt.date(2025, 10, 1), CFG) and in_window(catalog, plan, dt.date(2025, 10, 22), CFG)
    assert not in_window(catalog, plan, dt.date(2025, 10, 23), CFG)
    last = summary_window(catalog, plan, ScheduleConfig(tz=VN, days_after_deadline=0))
    assert last is not None and last[1] == dt.date(2025, 10, 15)


def test_due_time_is_local_time_not_utc():
    assert not is_due(vn(2025, 10, 5, 16, 59), CFG)
    assert is_due(vn(2025, 10, 5, 17, 0), CFG)
    assert is_due(dt.datetime(2025, 10, 5, 10, 0, tzinfo=dt.UTC), CFG)  # 17:00 in Hà Nội
    assert not is_due(dt.datetime(2025, 10, 5, 9, 59, tzinfo=dt.UTC), CFG)


def test_reminder_days_count_back_from_the_deadline(catalog, plan):
    assert [d for d in range(8, 16) if is_reminder_day(catalog, plan, dt.date(2025, 10, d), CFG)] == [12, 14]


async def _officials(db, *ids: int) -> None:
    for user_id in ids:
        await add_user(db, user_id, "official", plan_id=PLAN)


async def test_summary_is_sent_once_per_official_when_two_workers_race(db, db_factory, knowledge):
    await add_units(db, {"a": "Trường A", "b": "Trường B"})
    await add_submission(db, "a", {"press_articles": 4})
    await _officials(db, 1, 2, 3)
    await add_user(db, 9, "official", plan_id="dakplo-2025")  # another plan: its own summary
    transport = FakeTransport()
    clock = ManualClock(vn(2025, 10, 5, 17, 0))
    async with (
        Worker(db, knowledge, transport, clock, "w1") as first,
        Worker(db_factory(), knowledge, transport, clock, "w2") as second,
    ):
        await asyncio.gather(first.tick(), second.tick(), first.tick(), second.tick())
    assert transport.chats() == [1, 2, 3, 9]
    namtrieu = next(html for chat, html, _ in transport.sent if chat == 1)
    assert "Đơn vị đã báo cáo: 1/2" in namtrieu and "4 bài" in namtrieu
    assert sorted(transport.photos) == [1, 2, 3]  # a chart where something was reported
    # a restart later the same day sends nothing more
    async with Worker(db_factory(), knowledge, transport, ManualClock(vn(2025, 10, 5, 20, 0)), "w3") as restarted:
        await restarted.tick()
    assert transport.chats() == [1, 2, 3, 9]
    async with db.transaction(readonly=True) as session:
        runs = (await session.execute(select(SummaryRun))).scalars().all()
    claimed = {(r.plan_id, r.run_date) for r in runs}
    assert {(PLAN, dt.date(2025, 10, 5)), ("dakplo-2025", dt.date(2025, 10, 5))} <= claimed
    assert all(r.finished_at is not None for r in runs)


async def test_nothing_is_sent_before_the_summary_time_or_outside_the_window(db, knowledge):
    await add_units(db, {"a": "Trường A"})
    await _officials(db, 1)
    transport = FakeTransport()
    async with Worker(db, knowledge, transport, ManualClock(vn(2025, 10, 5, 16, 59))) as desk:
        await desk.tick()
    async with Worker(db, knowledge, transport, ManualClock(vn(2025, 10, 23, 17, 30))) as desk:
        await desk.tick()
    assert transport.sent == []


async def test_failed_deliveries_are_retried_by_the_outbox_and_blocked_officials_marked(db, knowledge):
    await add_units(db, {"a": "Trường A"})
    await _officials(db, 1, 2, 3, 4)
    transport = FakeTransport()
    transport.fail[2] = [TransientSendError("down")] * 3  # three 5xx, then it goes through
    transport.fail[3] = [RateLimited(0.01)]  # one 429: retried after its delay
    transport.fail[4] = [RecipientBlocked("Forbidden: bot was blocked by the user")]
    clock = ManualClock(vn(2025, 10, 5, 17, 1))
    async with Worker(db, knowledge, transport, clock) as desk:
        report = await desk.tick()
    assert sorted(report.summaries[PLAN]) == [1, 2, 3, 4]
    assert transport.chats() == [1, 2, 3]
    async with db.transaction(readonly=True) as session:
        run = await session.get(SummaryRun, (PLAN, dt.date(2025, 10, 5)))
        assert run is not None and run.finished_at is not None
        blocked = await session.get(User, 4)
        assert blocked is not None and blocked.active is False
    # the next day the blocked official is not sent anything
    clock.set(vn(2025, 10, 6, 17, 1))
    async with Worker(db, knowledge, transport, clock) as desk:
        report = await desk.tick()
    assert sorted(report.summaries[PLAN]) == [1, 2, 3]


async def test_reminders_go_only_to_staff_of_units_missing_and_once_per_day(db, knowledge):
    await add_units(db, {"a": "Trường A", "b": "Trường B", "c": "Trường C", "d": "Trường D"})
    await add_submission(db, "a", {"press_articles": 1})
    await add_user(db, 10, "staff", unit_id="a")
    await add_user(db, 11, "staff", unit_id="b")
    await add_user(db, 12, "staff", unit_id="c")
    await add_user(db, 13, "staff", unit_id="c")
    transport = FakeTransport()
    clock = ManualClock(vn(2025, 10, 12, 17, 0))  # 3 days before 15/10
    async with Worker(db, knowledge, transport, clock) as desk:
        report = await desk.tick()
    reminders = [(chat, html, buttons) for chat, html, buttons in transport.sent if "Nhắc nộp" in html]
    assert sorted(chat for chat, _, _ in reminders) == [11, 12, 13]
    assert all(buttons[0].data == REPORT_BUTTON_DATA for _, _, buttons in reminders)
    assert "Trường B" in next(html for chat, html, _ in reminders if chat == 11) and "còn 3 ngày" in reminders[0][1]
    assert (report.reminders[PLAN].units, report.reminders[PLAN].no_staff) == (2, 1)
    # the same day: neither the schedule nor an official's button reminds again
    async with Worker(db, knowledge, transport, clock) as desk:
        await desk.tick()
        manual = await desk.remind(PLAN)
    assert (manual.units, manual.already) == (0, 2)
    assert len([1 for _, html, _ in transport.sent if "Nhắc nộp" in html]) == 3
    # not a reminder day: nothing; the next reminder day: the units still missing
    await add_submission(db, "b", {"press_articles": 2})
    async with Worker(db, knowledge, transport, clock) as desk:
        clock.set(vn(2025, 10, 13, 17, 0))
        await desk.tick()
        clock.set(vn(2025, 10, 14, 17, 0))
        await desk.tick()
    later = [chat for chat, html, _ in transport.sent[-4:] if "Nhắc nộp" in html and "còn 1 ngày" in html]
    assert sorted(later) == [12, 13]


async def test_an_official_can_remind_now_and_a_unit_unreachable_for_a_while_still_gets_it(db, knowledge):
    await add_units(db, {"b": "Trường B"})
    await add_user(db, 11, "staff", unit_id="b")
    transport = FakeTransport()
    transport.fail[11] = [TransientSendError("down")] * 3
    async with Worker(db, knowledge, transport, ManualClock(vn(2025, 10, 8, 9, 0))) as desk:
        first = await desk.remind(PLAN)
    assert (first.units, first.people) == (1, 1)
    assert transport.chats() == [11]
