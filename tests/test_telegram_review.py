"""Officials review units' reports in chat: statuses, one unit's report with its history and evidence,
return with a comment (the unit's staff are told, amend, send again), accept."""

from __future__ import annotations

import re

import pytest

from bot.clock import ManualClock
from bot.text import fold
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot, vn_time

ADMIN, TEACHER, OFFICIAL, CITIZEN = 9001, 501, 601, 777
UNIT, PLAN = "dakplo-th-vi-du", "dakplo-2025"
CODE = re.compile(r"^([A-HJ-NP-Z2-9]{10})$", re.MULTILINE)


def has(*parts: str):
    return lambda m: all(p in fold(m.text or "") for p in parts)


@pytest.fixture
async def server():
    async with FakeBotAPI(username="htsd_test_bot") as fake:
        yield fake


async def invite(server: FakeBotAPI, args: str, user: int) -> None:
    server.send_text(ADMIN, f"/moi {args}")
    reply = await server.wait_for_message(ADMIN, has("ma moi"))
    match = CODE.search(reply.text or "")
    assert match, reply.text
    server.send_text(user, f"/dangky {match.group(1)}")
    await server.wait_for_message(user, has("dang ky thanh cong"))


async def say(server: FakeBotAPI, user: int, text: str, *expected: str):
    server.send_text(user, text)
    return await server.wait_for_message(user, has(*expected), timeout=10)


async def press(server: FakeBotAPI, user: int, message, data: str, *expected: str):
    server.press_button(user, message, data)
    return await server.wait_for_message(user, has(*expected), timeout=10)


async def test_an_official_returns_a_report_the_unit_amends_it_and_the_official_accepts_it(server, db):
    clock = ManualClock(vn_time(2025, 10, 9, 9, 0))
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await invite(server, UNIT, TEACHER)
        await invite(server, f"quanly {PLAN}", OFFICIAL)
        # the school sends an incomplete report with a photo
        server.send_photo(TEACHER, caption="lễ khai mạc")
        await server.wait_for_message(TEACHER, has("da nhan anh"))
        offer = await say(server, TEACHER, "đã treo 12 băng rôn, phát 300 tờ rơi", "ghi cac so lieu")
        summary = await press(
            server, TEACHER, offer, next(d for d in offer.callback_data if ":fok:" in f":{d}"), "tom tat"
        )
        send = next(d for d in summary.callback_data if "send:" in d)
        ask = await press(server, TEACHER, summary, send, "chua tra loi")
        await press(server, TEACHER, ask, send.replace("send:", "sok:"), "da nhan bao cao")

        listing = await say(server, OFFICIAL, "/donvi", "bao cao cac don vi")
        assert "thieu 22 cau" in fold(listing.text) and "chua nop" in fold(listing.text)
        report = await press(server, OFFICIAL, listing, f"rv:open:{UNIT}", "phien ban 1")
        shown = fold(report.text)
        assert "12 cai" in shown and "300 to" in shown and "le khai mac" in shown and "lich su" in shown
        # a message naming the unit opens it too, instead of a citizen's answer
        named = await say(server, OFFICIAL, "xem báo cáo của trường tiểu học Đăk Plô", "phien ban 1")
        assert f"rv:acc:{UNIT}" in named.callback_data

        asking = await press(server, OFFICIAL, report, f"rv:ret:{UNIT}", "ly do tra lai")
        assert asking is not None
        await say(server, OFFICIAL, "Thiếu số liệu các lớp học & tọa đàm <b>", "da tra lai")
        notice = await server.wait_for_message(TEACHER, has("tra lai de sua", "thieu so lieu"))
        assert "&lt;b&gt;" in (notice.text or "") or "<b>" in (notice.text or "")
        assert notice.callback_data == ["off:baocao"]

        # the school amends and sends again: waiting for review again
        first = await press(server, TEACHER, notice, "off:baocao", "phien ban 1")
        assert first is not None
        await say(server, TEACHER, "lưu", "da luu nhap")
        offer = await say(server, TEACHER, "tổ chức 2 buổi tọa đàm với 150 người", "ghi cac so lieu")
        await press(server, TEACHER, offer, next(d for d in offer.callback_data if ":fok:" in f":{d}"), "da ghi")
        again = await say(server, TEACHER, "/baocao", "cau")
        assert again is not None
        for _ in range(30):
            message = await say(server, TEACHER, "bỏ qua", "")
            if "Tóm tắt" in (message.text or ""):
                break
        send = next(d for d in message.callback_data if "send:" in d)
        ask = await press(server, TEACHER, message, send, "chua tra loi")
        await press(server, TEACHER, ask, send.replace("send:", "sok:"), "phien ban: 2")

        listing = await say(server, OFFICIAL, "/donvi", "bao cao cac don vi")
        assert "tra lai" not in fold(listing.text).split("truong tieu hoc")[1][:40]
        report = await press(server, OFFICIAL, listing, f"rv:open:{UNIT}", "phien ban 2")
        assert "150 nguoi" in fold(report.text) and "tra lai: thieu so lieu" in fold(report.text)
        await press(server, OFFICIAL, report, f"rv:acc:{UNIT}", "da duyet")
        await server.wait_for_message(TEACHER, has("da duoc can bo quan ly duyet"))
        listing = await say(server, OFFICIAL, "/donvi", "da duyet 1")
        # accepted as it is, the report still lacks figures: both are shown
        line = next(fold(line) for line in listing.text.split("\n") if "truong tieu hoc" in fold(line))
        assert re.search(r"thieu \d+ cau\), da duyet", line), line
        totals = await say(server, OFFICIAL, "/tonghop", "tong hop")
        assert "trong do: 1 thieu so lieu; da xem xet: 1 da duyet." in fold(totals.text)

        # a citizen cannot open anything
        refused = await say(server, CITIZEN, "/donvi", "xin loi")
        assert refused is not None


async def test_an_official_writes_a_part_of_the_report_and_the_export_prints_it(server, db):
    import io

    import docx

    clock = ManualClock(vn_time(2025, 10, 12, 9, 0))
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await invite(server, f"quanly {PLAN}", OFFICIAL)
        overview = await say(server, OFFICIAL, "/noidung", "noi dung bao cao", "iii. ke hoach tiep theo")
        write = next(d for d in overview.callback_data if d.startswith("sec:write:") and d.endswith(":next_steps"))
        await press(server, OFFICIAL, overview, write, "go noi dung moi")
        await say(server, OFFICIAL, "Tiếp tục duy trì thư viện & tủ sách <mở> ở các trường.", "da luu phan")
        again = await say(server, OFFICIAL, "/noidung", "noi dung bao cao")
        assert "Tiếp tục duy trì thư viện & tủ sách <mở>" in again.text and "phiên bản 1" in again.text  # escaped
        server.send_text(OFFICIAL, "/xuat")
        documents = await server.wait_for("sendDocument", lambda c: c.chat_id == OFFICIAL, count=3)
        word = next(c for c in documents if str(c.files["document"].filename).endswith(".docx"))
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.files["document"].data)).paragraphs)
        assert "Tiếp tục duy trì thư viện & tủ sách <mở> ở các trường." in text
        # going back to the pre-filled text is one tap
        auto = next(d for d in again.callback_data if d.startswith("sec:auto:"))
        await press(server, OFFICIAL, again, auto, "dung lai ban tu soan")


async def test_an_officials_words_naming_a_unit_by_its_kind_open_it_and_several_fitting_offer_a_choice(server, db):
    clock = ManualClock(vn_time(2025, 10, 9, 9, 0))
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await invite(server, f"quanly {PLAN}", OFFICIAL)
        # the locality every unit of the plan shares is not needed, nor the full name
        primary = await say(server, OFFICIAL, "xem báo cáo của trường tiểu học", "truong tieu hoc xa dak plo")
        assert "chua gui bao cao" in fold(primary.text) and "ptdtbt" not in fold(primary.text)
        lower = await say(server, OFFICIAL, "báo cáo trường thcs", "truong thcs xa dak plo")
        assert "chua gui bao cao" in fold(lower.text) and "ptdtbt" not in fold(lower.text)
        # words fitting several units: a button each
        several = await say(server, OFFICIAL, "báo cáo trường th và thcs", "don vi nao")
        assert set(several.callback_data) == {
            "rv:open:dakplo-th-vi-du",
            "rv:open:dakplo-thcs-vi-du",
            "rv:open:dakplo-ptdtbt-vi-du",
        }
        chosen = await press(server, OFFICIAL, several, "rv:open:dakplo-ptdtbt-vi-du", "ptdtbt")
        assert "chua gui bao cao" in fold(chosen.text)
        # a question naming a unit is still answered as a question
        question = await say(server, OFFICIAL, "hạn nộp báo cáo của trường tiểu học ở Đăk Plô là ngày nào?", "11/10")
        assert "rv:" not in " ".join(question.callback_data) and "chua gui bao cao" not in fold(question.text)


async def test_a_citizens_unanswered_question_naming_the_locality_reaches_that_plans_digest(server, db):
    clock = ManualClock(vn_time(2025, 10, 9, 9, 0))
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await invite(server, f"quanly {PLAN}", OFFICIAL)
        for _ in range(2):  # no locality chosen: the question names it
            await say(server, CITIZEN, "ở Đăk Plô ai là người nấu cơm <b>?", "")
        totals = await say(server, OFFICIAL, "/tonghop", "tong hop")
        assert "• “ở Đăk Plô ai là người nấu cơm <b>?” (2 lần)" in totals.text  # shown as typed (escaped)
