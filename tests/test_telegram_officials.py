"""Officials use the real bot through the fake Bot API: the daily summary on schedule (once, across
restarts and two workers), /tonghop, /chuanop with reminders, /xuat, refusals, 429s and blocked users."""

from __future__ import annotations

import asyncio
import io

import openpyxl
import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db.models import OutboxMessage, User
from handlers import officials
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot
from tests.summary_helpers import PLAN, add_submission, add_units, add_user, vn

OFFICIAL = 501
OFFICIAL_2 = 502
STAFF_MISSING = 601
STAFF_DONE = 602
CITIZEN = 777
ADMIN = 900


@pytest.fixture(autouse=True)
def fast_schedule(monkeypatch):
    """Check the schedule every 0.1 s instead of every minute (the clock still decides what is due)."""
    monkeypatch.setattr(officials, "CHECK_INTERVAL_SECONDS", 0.1)


@pytest.fixture
async def server():
    async with FakeBotAPI(username="htsd_test_bot") as fake:
        yield fake


async def seed(db) -> None:
    await add_units(db, {"a": "Trường Tiểu học A", "b": "Trường THCS B", "c": "Trường Mầm non C"})
    await add_submission(db, "a", {"press_articles": 3, "workshop_participants": 40, "plan_issued": 1})
    await add_submission(db, "b", {"press_articles": 4, "banners": 6, "plan_issued": 1})
    await add_user(db, OFFICIAL, "official", plan_id=PLAN)
    await add_user(db, OFFICIAL_2, "official", plan_id=PLAN)
    await add_user(db, STAFF_MISSING, "staff", unit_id="c")
    await add_user(db, STAFF_DONE, "staff", unit_id="a")


def summaries(server: FakeBotAPI, chat: int) -> list[str]:
    return [m.text for m in server.sent_messages(chat) if m.text and "Tổng hợp báo cáo" in m.text]


async def test_daily_summary_fires_at_local_time_once_across_restart_and_two_workers(server, db, db_factory):
    await seed(db)
    clock = ManualClock(vn(2025, 10, 5, 16, 59))
    async with running_bot(server, db, clock=clock, UNITS_FILE=""):
        await asyncio.sleep(0.5)
        assert summaries(server, OFFICIAL) == []  # not yet 17:00 in Hà Nội
        clock.set(vn(2025, 10, 5, 17, 0, 5))
        message = await server.wait_for_message(OFFICIAL, lambda m: "Tổng hợp báo cáo" in (m.text or ""), since=None)
        await server.wait_for_message(OFFICIAL_2, lambda m: "Tổng hợp báo cáo" in (m.text or ""), since=None)
        photo = await server.wait_for("sendPhoto", lambda c: c.chat_id == OFFICIAL)
        assert photo[0].ok
        await asyncio.sleep(0.5)
    text = message.text
    assert "Đơn vị đã báo cáo: 2/3" in text and "Chưa báo cáo (1): Trường Mầm non C" in text
    assert "Số bài viết trên các báo: 7 bài" in text and "băng rôn, panô, khẩu hiệu đã thực hiện: 6 cái" in text
    assert "còn 10 ngày" in text
    # a restart, then two workers on one database, later the same day: nothing is sent again
    clock.set(vn(2025, 10, 5, 18, 0))
    async with running_bot(server, db, clock=clock, UNITS_FILE=""):
        await asyncio.sleep(0.4)
    async with (
        running_bot(server, db, clock=clock, UNITS_FILE=""),
        running_bot(server, db_factory(), clock=clock, UNITS_FILE=""),
    ):
        await asyncio.sleep(0.6)
    assert len(summaries(server, OFFICIAL)) == 1 and len(summaries(server, OFFICIAL_2)) == 1
    # the next day, two workers: each official still gets exactly one
    clock.set(vn(2025, 10, 6, 17, 1))
    async with (
        running_bot(server, db, clock=clock, UNITS_FILE=""),
        running_bot(server, db_factory(), clock=clock, UNITS_FILE=""),
    ):
        await server.wait_for(
            "sendMessage", lambda c: c.chat_id == OFFICIAL and "06/10/2025" in c.params.get("text", ""), timeout=10
        )
        await asyncio.sleep(0.8)
    assert len(summaries(server, OFFICIAL)) == 2 and len(summaries(server, OFFICIAL_2)) == 2


async def test_summary_missed_while_the_bot_was_down_is_sent_when_it_comes_back(server, db):
    await seed(db)
    clock = ManualClock(vn(2025, 10, 5, 21, 30))  # down at 17:00, back at 21:30
    async with running_bot(server, db, clock=clock, UNITS_FILE=""):
        await server.wait_for_message(OFFICIAL, lambda m: "Tổng hợp báo cáo" in (m.text or ""), since=None)


async def test_official_asks_for_summary_and_export_and_citizen_and_staff_are_refused(server, db):
    await seed(db)
    clock = ManualClock(vn(2025, 10, 5, 9, 0))
    async with running_bot(server, db, clock=clock, UNITS_FILE="", BOT_ADMINS=str(ADMIN)):
        server.send_text(OFFICIAL, "/tonghop")
        reply = await server.wait_for_message(OFFICIAL, lambda m: "Tổng hợp báo cáo" in (m.text or ""))
        assert "Đơn vị đã báo cáo: 2/3" in reply.text
        await server.wait_for("sendPhoto", lambda c: c.chat_id == OFFICIAL)

        server.send_text(OFFICIAL, "/xuat")
        documents = await server.wait_for("sendDocument", lambda c: c.chat_id == OFFICIAL, count=3)
        files = {next(iter(c.files.values())).filename: next(iter(c.files.values())).data for c in documents}
        xlsx = files["tong-hop-namtrieu-2025-2025-10-05.xlsx"]
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["Tổng hợp"]
        totals = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0] and row[2]}
        assert totals["Số bài viết trên các báo"] == 7 and totals["Kế hoạch tổ chức Tuần lễ HTSĐ"] == 2
        assert "tong-hop-namtrieu-2025-2025-10-05.csv" in files
        assert files["bao-cao-namtrieu-2025-2025-10-05.docx"].startswith(b"PK")  # the report to sign

        server.send_text(CITIZEN, "/tonghop")
        refusal = await server.wait_for_message(CITIZEN)
        assert "chỉ dành cho cán bộ phụ trách" in refusal.text
        server.send_text(STAFF_DONE, "/xuat")
        refusal = await server.wait_for_message(STAFF_DONE)
        assert "/baocao" in refusal.text and not server.calls_to("sendDocument")[3:]

        server.send_text(ADMIN, "/tonghop")
        menu = await server.wait_for_message(ADMIN)
        assert f"off:sum:{PLAN}" in menu.callback_data
        server.press_button(ADMIN, menu, f"off:sum:{PLAN}")
        await server.wait_for_message(ADMIN, lambda m: "Đơn vị đã báo cáo: 2/3" in (m.text or ""))

        server.press_button(CITIZEN, refusal, f"off:xls:{PLAN}", check=False)  # forged button
        answer = await server.wait_for("answerCallbackQuery", lambda c: "cán bộ" in c.params.get("text", ""))
        assert answer[0].ok


async def test_missing_units_listed_and_reminded_once_with_a_button_to_report(server, db):
    await seed(db)
    clock = ManualClock(vn(2025, 10, 8, 9, 0))  # not a reminder day: only on request
    async with running_bot(server, db, clock=clock, UNITS_FILE=""):
        server.send_text(OFFICIAL, "/chuanop")
        listing = await server.wait_for_message(OFFICIAL)
        assert "Trường Mầm non C" in listing.text and "Trường THCS B" not in listing.text
        assert listing.callback_data == [f"off:rem:{PLAN}"]
        server.press_button(OFFICIAL, listing, f"off:rem:{PLAN}")
        done = await server.wait_for_message(OFFICIAL, lambda m: "Đã gửi lời nhắc" in (m.text or ""))
        assert "1 đơn vị (1 người)" in done.text
        reminder = await server.wait_for_message(STAFF_MISSING, since=None)
        assert "Trường Mầm non C" in reminder.text and reminder.callback_data == ["off:baocao"]
        assert server.sent_messages(STAFF_DONE) == []  # its unit has reported
        server.press_button(OFFICIAL, listing, f"off:rem:{PLAN}")
        again = await server.wait_for_message(OFFICIAL, lambda m: "đã được nhắc hôm nay" in (m.text or ""))
        assert again
        assert len(server.sent_messages(STAFF_MISSING)) == 1
        server.press_button(STAFF_MISSING, reminder, "off:baocao")
        await server.wait_for("answerCallbackQuery", lambda c: c.ok)
        started = await server.wait_for_message(STAFF_MISSING, lambda m: m.message_id > reminder.message_id)
        assert started.text  # the report flow's first step (or how to start it)


async def test_429_storm_and_blocked_official_do_not_stop_the_daily_summary(server, db):
    await seed(db)
    server.block_user(OFFICIAL_2)
    clock = ManualClock(vn(2025, 10, 5, 16, 59))
    async with running_bot(server, db, clock=clock, UNITS_FILE=""):
        await asyncio.sleep(0.3)
        server.fail_next("sendMessage", 5, error_code=429, retry_after=1)
        clock.set(vn(2025, 10, 5, 17, 0))
        await server.wait_for_message(OFFICIAL, lambda m: "Tổng hợp báo cáo" in (m.text or ""), timeout=30, since=None)
        assert sum(1 for c in server.calls_to("sendMessage") if c.error_code == 429) == 5
        for _ in range(50):
            async with db.transaction(readonly=True) as session:
                active = (await session.execute(select(User.active).where(User.id == OFFICIAL_2))).scalar_one()
                outbox = set((await session.execute(select(OutboxMessage.chat_id, OutboxMessage.status))).all())
            if not active and (OFFICIAL, "pending") not in outbox:
                break
            await asyncio.sleep(0.1)
        assert active is False  # marked when Telegram answered 403; the outbox gives up on that chat
        assert (OFFICIAL, "sent") in outbox and (OFFICIAL_2, "blocked") in outbox
        assert (OFFICIAL, "pending") not in outbox
    assert len(summaries(server, OFFICIAL)) == 1
