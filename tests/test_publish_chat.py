"""Publishing a plan in chat: the real Application over the fake Bot API, on a real database.

An admin sends a plan document the bot has never seen, corrects a field, taps "Đăng", and citizens
are answered from it seconds later, without a restart, by every worker; versions roll back.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.clock import ManualClock
from bot.db.models import PlanDraft, PlanVersion, Unit
from bot.text import fold
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot, vn_time

ADMIN, CITIZEN, TEACHER = 9001, 4242, 501
DATA = Path(__file__).resolve().parent / "data" / "import"
LIVE = 20.0  # seconds to wait for "now answering" (a tick every 2 s, then the rebuild)


def folded(message) -> str:
    return fold(message.text or "")


def has(*parts: str):
    return lambda m: all(p in folded(m) for p in parts)


@pytest.fixture
async def server():
    async with FakeBotAPI(username="htsd_test_bot") as fake:
        yield fake


@pytest.fixture
def clock():
    return ManualClock(vn_time(2026, 9, 25, 9, 0))


async def ask(server: FakeBotAPI, question: str, *expected: str, user: int = CITIZEN):
    server.send_text(user, question)
    return await server.wait_for_message(user, has(*expected) if expected else None)


async def send_plan(server: FakeBotAPI, name: str = "xa-tanphu-2026.pdf", user: int = ADMIN, **kwargs):
    mime = "application/pdf" if name.endswith(".pdf") else "text/plain"
    server.send_document(user, f"Ke hoach {name}", (DATA / name).read_bytes(), mime_type=mime, **kwargs)
    return await server.wait_for_message(user, has("ban nhap ke hoach"), timeout=15)


async def press(server: FakeBotAPI, message, data: str, *expected: str, user: int = ADMIN, check: bool = True):
    """Press a button (check=False: one no longer shown, as a double tap or an old message does)."""
    server.press_button(user, message, data, check=check)
    return await server.wait_for_message(user, has(*expected))


async def publish_tanphu(server: FakeBotAPI) -> None:
    summary = await send_plan(server)
    published = await press(server, summary, summary.callback_data[0], "da dang ke hoach")
    assert "phien ban 1" in folded(published)
    await server.wait_for_message(ADMIN, has("da vao phuc vu"), timeout=LIVE, since=None)


async def test_an_admin_publishes_a_plan_document_corrects_it_and_citizens_are_answered_without_restart(
    server, db, clock
):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        before = await ask(server, "khai mạc tuần lễ ở xã Tân Phú lúc mấy giờ, ở đâu?")
        assert "02/10/2026" not in before.text

        summary = await send_plan(server)
        assert "xa tan phu (binh phuoc)" in folded(summary) and "nam: 2026" in folded(summary)
        assert "14:00 ngay 01/10/2026" in folded(summary)
        draft_id = summary.callback_data[0].rsplit(":", 1)[1]
        assert summary.callback_data == [f"pl:pub:{draft_id}", f"pl:fix:{draft_id}", f"pl:drop:{draft_id}"]
        assert summary.button_texts == ["✅ Đăng", "✏️ Sửa", "✖️ Bỏ"]

        await press(server, summary, f"pl:fix:{draft_id}", "go cac sua doi")
        server.send_text(ADMIN, "khai mạc: 7h30 ngày 02/10/2026 tại hội trường UBND xã Tân Phú")
        corrected = await server.wait_for_message(ADMIN, has("da sua", "ban nhap ke hoach"))
        assert "lúc 07:30 ngày 02/10/2026 tại hội trường UBND xã Tân Phú" in corrected.text
        assert corrected.callback_data[0] == f"pl:pub:{draft_id}"

        published = await press(server, corrected, f"pl:pub:{draft_id}", "da dang ke hoach")
        assert "phien ban 1" in folded(published) and "tanphu-2026" in published.text
        await server.wait_for_message(ADMIN, has("da vao phuc vu"), timeout=LIVE)

        answer = await ask(server, "khai mạc tuần lễ ở xã Tân Phú lúc mấy giờ, ở đâu?", "tan phu")
        assert "07h30 ngày 02/10/2026" in answer.text and "hội trường UBND xã Tân Phú" in answer.text
        theme = await ask(server, "chủ đề tuần lễ năm nay là gì?", "chu de")
        assert "Học tập suốt đời vì một cộng đồng số nhân văn" in theme.text  # 2026: the new plan's year

    async with db.transaction(readonly=True) as session:
        version = (await session.execute(select(PlanVersion))).scalar_one()
        draft = (await session.execute(select(PlanDraft))).scalar_one()
    assert (version.plan_id, version.version, version.published_by) == ("tanphu-2026", 1, ADMIN)
    assert (draft.status, draft.version) == ("published", 1)
    assert version.data is not None and version.data["opening"]["time"] == "07:30"
    assert "Ủy ban nhân dân xã Tân Phú" in (version.source_text or "")

    # Published plans live in the database: a restarted bot serves it from the first question.
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        again = await ask(server, "khai mạc ở Tân Phú lúc mấy giờ?", "tan phu", "07h30")
        assert "07h30" in again.text


async def test_two_bots_on_one_database_both_answer_from_the_plan_published_on_one(server, db_factory, clock):
    other_db = db_factory()
    async with (
        FakeBotAPI(username="htsd_test_bot", first_update_id=1_000_000) as other,
        running_bot(server, db_factory(), clock=clock, BOT_ADMINS=str(ADMIN)),
        running_bot(other, other_db, clock=clock, BOT_ADMINS=str(ADMIN)),
    ):
        first = await ask(other, "chủ đề tuần lễ ở xã Tân Phú năm 2026 là gì?")
        assert "cộng đồng số nhân văn" not in first.text
        await publish_tanphu(server)
        for bot in (server, other):  # the other worker reloads on its own (it polls the catalogue version)
            await _eventually(bot, "chủ đề tuần lễ ở xã Tân Phú năm 2026 là gì?", "cộng đồng số nhân văn")


async def _eventually(server: FakeBotAPI, question: str, expected: str, tries: int = 20) -> None:
    """Ask until the answer has `expected` (a worker reloads within seconds, not at once)."""
    answer = None
    for _ in range(tries):
        answer = await ask(server, question)
        if expected in answer.text:
            return
        await asyncio.sleep(1.0)
    raise AssertionError(f"never answered with {expected!r}: {answer.text if answer else None}")


async def test_a_plan_already_published_is_replaced_on_request_and_rolled_back_with_one_button(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await publish_tanphu(server)
        summary = await send_plan(server)
        assert "da co ke hoach xa tan phu" in folded(summary) and "phien ban 1" in folded(summary)
        assert summary.button_texts[0] == "✅ Đăng (thay bản cũ)"
        draft_id = summary.callback_data[0].rsplit(":", 1)[1]
        await press(server, summary, f"pl:fix:{draft_id}", "go cac sua doi")
        server.send_text(ADMIN, "chủ đề: Học tập suốt đời cho mọi người dân Tân Phú")
        corrected = await server.wait_for_message(ADMIN, has("da sua"))
        replaced = await press(server, corrected, f"pl:pub:{draft_id}", "phien ban 2")
        assert "ban cu van duoc giu" in folded(replaced)
        await server.wait_for_message(ADMIN, has("da vao phuc vu"), timeout=LIVE)
        await _eventually(server, "chủ đề tuần lễ ở Tân Phú là gì?", "cho mọi người dân Tân Phú")

        versions_button = replaced.callback_data[-1]
        history = await press(server, replaced, versions_button, "cac phien ban")
        assert "phien ban 2" in folded(history) and "dang phuc vu" in folded(history)
        restore = next(d for d, t in zip(history.callback_data, history.button_texts, strict=True) if "1" in t)
        restored = await press(server, history, restore, "da khoi phuc phien ban 1")
        assert "thanh phien ban 3" in folded(restored)
        await _eventually(server, "chủ đề tuần lễ ở Tân Phú là gì?", "cộng đồng số nhân văn")
    async with db.transaction(readonly=True) as session:
        versions = list((await session.execute(select(PlanVersion).order_by(PlanVersion.version))).scalars())
    assert [(v.version, v.restored_from) for v in versions] == [(1, None), (2, None), (3, 1)]
    assert versions[2].data == versions[0].data and versions[1].data != versions[0].data


async def test_the_plans_units_are_added_at_publishing_and_invites_follow(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        summary = await send_plan(server)
        published = await press(server, summary, summary.callback_data[0], "da dang ke hoach")
        # the group "Các trường Mầm non, Tiểu học, THCS trên địa bàn xã" is not one unit: its schools come by CSV
        assert "them 1 don vi bao cao" in fold(" ".join(published.button_texts))
        added = await press(server, published, published.callback_data[0], "da them 1 don vi")
        assert "/moi tanphu-2026-tthtcd-xa" in added.text and "/moi tanphu-2026-truong" not in added.text
        server.send_text(ADMIN, "/moi tanphu-2026-tthtcd-xa")
        invite = await server.wait_for_message(ADMIN, has("ma moi"))
        assert "t.me/htsd_test_bot?start=" in invite.text

        csv = "id,plan_id,name,kind\ntanphu-th-a,tanphu-2026,Trường Tiểu học Tân Phú A,truong-mam-non-tieu-hoc\n"
        server.send_document(ADMIN, "truong.csv", csv.encode(), mime_type="text/csv")
        await server.wait_for_message(ADMIN, has("da nhan 1 don vi"))
        server.send_document(ADMIN, "loi.csv", b"id,plan_id,name\nx,tanphu-2026,X\n", mime_type="text/csv")
        broken = await server.wait_for_message(ADMIN, has("tep csv co loi", "chua them"))
        assert "loi.csv:1" in broken.text
        server.send_document(
            ADMIN, "lon.csv", b"id,plan_id,name,kind\n" + b"x" * (2 * 1024 * 1024), mime_type="text/csv"
        )
        await server.wait_for_message(ADMIN, has("tep csv lon qua", "chua them"))
    async with db.transaction(readonly=True) as session:
        units = {u.id: u for u in (await session.execute(select(Unit).where(Unit.plan_id == "tanphu-2026"))).scalars()}
    assert set(units) == {"tanphu-2026-tthtcd-xa", "tanphu-th-a"}
    assert units["tanphu-th-a"].kind == "truong-mam-non-tieu-hoc"


async def test_discarding_a_draft_publishes_nothing(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        summary = await send_plan(server, "phuong-tanmai-2026.txt")
        publish, _, drop = summary.callback_data
        await press(server, summary, drop, "da bo ban nhap", "khong co gi duoc dang")
        await press(server, summary, publish, "ban nhap nay khong con", check=False)
    async with db.transaction(readonly=True) as session:
        assert await session.scalar(select(func.count()).select_from(PlanVersion)) == 0


# -- bad input ----------------------------------------------------------------------------------------------


async def test_documents_that_are_no_plan_get_a_clear_reply_and_nothing_is_published(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        server.send_document(ADMIN, "thong-bao.txt", (DATA / "thong-bao.txt").read_bytes(), mime_type="text/plain")
        not_plan = await server.wait_for_message(ADMIN, has("chua tao duoc ban nhap", "khong phai ke hoach"))
        assert "khong co gi duoc dang" in folded(not_plan)
        server.send_document(ADMIN, "rong.txt", b"   \n\n", mime_type="text/plain")
        await server.wait_for_message(ADMIN, has("chua tao duoc ban nhap", "khong co noi dung"))
        scan = (DATA / "scan-no-text.pdf").read_bytes()
        server.send_document(ADMIN, "scan.pdf", scan, mime_type="application/pdf")
        await server.wait_for_message(ADMIN, has("anh quet"))
        server.send_document(ADMIN, "ke-hoach.doc", b"\xd0\xcf\x11\xe0old word", mime_type="application/msword")
        await server.wait_for_message(ADMIN, has("docx"))
        server.send_document(
            ADMIN, "ke-hoach.pdf", b"%PDF-1.4 " + b"x" * (21 * 1024 * 1024), mime_type="application/pdf"
        )
        too_big = await server.wait_for_message(ADMIN, has("lon qua"))
        assert "20 mb" in folded(too_big)
        server.send_document(ADMIN, "hong.docx", b"PK\x03\x04 not a real docx", mime_type="application/msword")
        await server.wait_for_message(ADMIN, has("khong mo duoc"))
    async with db.transaction(readonly=True) as session:
        assert await session.scalar(select(func.count()).select_from(PlanVersion)) == 0
        assert await session.scalar(select(func.count()).select_from(PlanDraft)) == 0
    assert not [c for c in server.calls_to("getFile") if c.params.get("file_id", "").endswith("big")]


async def test_a_citizen_or_staff_document_is_not_a_plan_and_nothing_is_drafted(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        server.send_document(CITIZEN, "xa-tanphu-2026.pdf", (DATA / "xa-tanphu-2026.pdf").read_bytes())
        reply = await server.wait_for_message(CITIZEN)
        assert "chi doc duoc tin nhan chu" in folded(reply) and "ban nhap" not in folded(reply)
        server.send_text(CITIZEN, "/kehoach")
        await server.wait_for_message(CITIZEN, has("chi danh cho quan tri vien"))
        server.send_text(CITIZEN, "/tailai")
        await server.wait_for_message(CITIZEN, has("chi danh cho quan tri vien"))
    async with db.transaction(readonly=True) as session:
        assert await session.scalar(select(func.count()).select_from(PlanDraft)) == 0


async def test_an_invalid_draft_cannot_be_published_until_it_is_corrected(server, db, clock):
    text = (DATA / "phuong-tanmai-2026.txt").read_text(encoding="utf-8")
    without_province = text.replace("THÀNH PHỐ HÀ NỘI", "").replace("Hà Nội", "")
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        server.send_document(ADMIN, "tanmai.txt", without_province.encode(), mime_type="text/plain")
        summary = await server.wait_for_message(ADMIN, has("ban nhap ke hoach"), timeout=15)
        if "chua dang duoc" not in folded(summary):
            pytest.skip("the importer found the province elsewhere in this document")
        assert [t for t in summary.button_texts] == ["✏️ Sửa", "✖️ Bỏ"]
        draft_id = summary.callback_data[0].rsplit(":", 1)[1]
        refused = await press(
            server, summary, f"pl:pub:{draft_id}", "chua hop le", "khong co gi duoc dang", check=False
        )
        assert "locality.province" in refused.text
        await press(server, refused, f"pl:fix:{draft_id}", "go cac sua doi")
        server.send_text(ADMIN, "tỉnh: Hà Nội")
        fixed = await server.wait_for_message(ADMIN, has("da sua"))
        assert fixed.button_texts[0] == "✅ Đăng"


async def test_corrections_the_bot_cannot_read_are_explained_and_cancel_with_huy(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        summary = await send_plan(server, "phuong-tanmai-2026.txt")
        await press(server, summary, summary.callback_data[1], "go cac sua doi")
        server.send_text(ADMIN, "khai mạc: hôm nào đó")
        await server.wait_for_message(ADMIN, has("khong doc duoc"))
        question = await ask(server, "chủ đề tuần lễ ở Nam Triệu là gì?", user=ADMIN)
        assert "chu de" in folded(question)  # a question still gets an answer
        server.send_text(ADMIN, "/huy")
        await server.wait_for_message(ADMIN, has("da thoi sua"))
        server.send_text(ADMIN, "/kehoach")
        overview = await server.wait_for_message(ADMIN, has("ke hoach dang phuc vu"))
        assert "ban nhap" in folded(overview) and any(d.startswith("pl:show:") for d in overview.callback_data)


async def test_an_admin_who_reports_sends_evidence_unless_the_document_is_announced_as_a_plan(server, db, clock):
    import re

    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        server.send_text(ADMIN, "/moi dakplo-th-vi-du")
        invite = await server.wait_for_message(ADMIN, has("ma moi"))
        code = re.search(r"^([A-HJ-NP-Z2-9]{10})$", invite.text, re.MULTILINE)
        assert code is not None
        server.send_text(ADMIN, f"/dangky {code.group(1)}")
        await server.wait_for_message(ADMIN, has("dang ky thanh cong"))

        server.send_document(ADMIN, "anh-hoi-thao.pdf", b"%PDF-1.4 evidence", mime_type="application/pdf")
        await server.wait_for_message(ADMIN, has("minh chung"))
        server.send_text(ADMIN, "/kehoach")
        await server.wait_for_message(ADMIN, has("gui tep ke hoach", "ngay sau tin nhan nay"))
        await send_plan(server, "phuong-tanmai-2026.txt")
        await send_plan(server, "thcs-leloi-2026.txt", caption="/kehoach")

        server.send_text(ADMIN, "/help")
        help_text = await server.wait_for_message(ADMIN, has("quan tri vien"))
        assert "/kehoach" in help_text.text and "/tailai" in help_text.text and "gửi tệp kế hoạch" in help_text.text
