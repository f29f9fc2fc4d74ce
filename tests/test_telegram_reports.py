"""Staff reports by chat: the real Application over the fake Bot API, on a real database."""

from __future__ import annotations

import asyncio
import re

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db.models import ReportDraft, Submission, SubmissionValue
from bot.kb.loader import load_plans
from bot.reports.form import FormCatalog
from bot.text import fold
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot, vn_time

ADMIN, TEACHER, OUTSIDER = 9001, 501, 777
UNIT = "dakplo-th-vi-du"

PLAN_ID = "dakplo-2025"
#: what a primary school is asked: the questions of the form that apply to a school
QUESTIONS = (
    FormCatalog.load()
    .for_unit(next(p for p in load_plans() if p.id == PLAN_ID), "cac-truong", "Trường Tiểu học xã Đăk Plô (ví dụ)")
    .indicators
)
N = len(QUESTIONS)
CODE = re.compile(r"^([A-HJ-NP-Z2-9]{10})$", re.MULTILINE)


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
    return ManualClock(vn_time(2025, 10, 8, 9, 0))


async def make_invite(server: FakeBotAPI, target: str = UNIT) -> str:
    server.send_text(ADMIN, f"/moi {target}")
    reply = await server.wait_for_message(ADMIN, has("ma moi"))
    assert "t.me/htsd_test_bot?start=" in reply.text
    match = CODE.search(reply.text)
    assert match, reply.text
    return match.group(1)


async def register(server: FakeBotAPI, user: int = TEACHER) -> None:
    code = await make_invite(server)
    server.send_text(user, f"/start {code}")
    await server.wait_for_message(user, has("dang ky thanh cong"))


async def say(server: FakeBotAPI, text: str, *expected: str, user: int = TEACHER):
    server.send_text(user, text)
    return await server.wait_for_message(user, has(*expected))


async def press(server: FakeBotAPI, message, data: str, *expected: str, user: int = TEACHER):
    server.press_button(user, message, data)
    return await server.wait_for_message(user, has(*expected))


async def test_invite_then_full_report_with_buttons_ends_with_a_receipt(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        server.send_text(TEACHER, "/baocao")
        first = await server.wait_for_message(TEACHER, has(f"cau 1/{N}"))
        intro = server.sent_messages(TEACHER)[-2]
        assert "truong tieu hoc xa dak plo" in folded(intro) and "11/10/2025" in intro.text
        assert first.callback_data[:2] == ["rep:yes:0", "rep:no:0"]
        assert all(len(d.encode()) <= 64 for d in first.callback_data)
        message = await press(server, first, "rep:yes:0", f"cau 2/{N}")
        bound = await say(server, "1.200", "lon hon muc thuong gap")  # articles are bounded by 1.000
        message = await press(server, bound, "rep:bok:1", f"cau 3/{N}")
        message = await press(server, message, "rep:skip:2", f"cau 4/{N}")
        for i in range(4, N + 1):
            answer = "0" if i % 2 else "2" if i < N else "2 triệu"  # a bare "2" đồng would be asked about
            message = await say(server, answer, f"cau {i + 1}/{N}" if i < N else "tom tat")
        assert message.callback_data == [f"rep:send:{N}", f"rep:edit:{N}"]
        assert "xac nhan gui" in fold(" ".join(message.button_texts))
        incomplete = await press(server, message, f"rep:send:{N}", "1/24 cau chua tra loi", "phan 2")
        assert incomplete.callback_data == [f"rep:sok:{N}", f"rep:sno:{N}"]  # question 3 was skipped
        receipt = await press(server, incomplete, f"rep:sok:{N}", "da nhan bao cao")
        assert "truong tieu hoc xa dak plo" in folded(receipt) and "08/10/2025" in receipt.text
        assert "con thieu 1/24 cau" in folded(receipt)
    async with db.transaction(readonly=True) as session:
        sub = (await session.execute(select(Submission))).scalar_one()
        values = {v.indicator_key: v.value for v in (await session.execute(select(SubmissionValue))).scalars()}
    assert (sub.unit_id, sub.version, sub.late) == (UNIT, 1, False)
    assert values["plan_issued"] == 1 and values["press_articles"] == 1200 and values["tv_reports"] is None
    assert values["award_budget"] == 2_000_000


async def test_free_text_outside_the_report_is_stored_only_after_confirmation(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        parsed = await say(
            server, "đã treo 12 băng rôn, phát 300 tờ rơi và tổ chức 2 buổi tọa đàm với 150 người", "doc duoc"
        )
        assert "12 cai" in folded(parsed) and "150 nguoi" in folded(parsed)
        summary = await press(server, parsed, parsed.callback_data[0], "tom tat")
        async with db.transaction(readonly=True) as session:
            assert (await session.execute(select(Submission))).scalar_one_or_none() is None
        incomplete = await press(server, summary, f"rep:send:{N}", "chua tra loi")
        await press(server, incomplete, f"rep:sok:{N}", "da nhan bao cao", "chua du")
    async with db.transaction(readonly=True) as session:
        values = {v.indicator_key: v.value for v in (await session.execute(select(SubmissionValue))).scalars()}
        sub = (await session.execute(select(Submission))).scalar_one()
    assert (sub.answered, sub.questions) == (4, N)  # banners, leaflets, workshops and their participants
    assert values["banners"] == 12 and values["leaflets"] == 300 and values["workshop_participants"] == 150


async def test_question_in_the_middle_of_a_report_is_answered_and_the_report_resumes(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        await say(server, "/baocao", f"cau 1/{N}")
        await say(server, "có", f"cau 2/{N}")
        await say(server, "chủ đề tuần lễ năm nay là gì?", f"cau 2/{N}")
        texts = [folded(m) for m in server.sent_messages(TEACHER)[-3:]]
        assert "chu de" in texts[0] or "van hoa" in texts[0] or "nguon" in texts[0]
        await say(server, "-3", "so am")
        await say(server, "4", f"cau 3/{N}")


async def test_saved_draft_resumes_at_the_same_step_after_a_restart(server, db, db_factory, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        await say(server, "/baocao", f"cau 1/{N}")
        await say(server, "có", f"cau 2/{N}")
        await say(server, "5", f"cau 3/{N}")
        await say(server, "lưu", "da luu nhap")
    async with running_bot(server, db_factory(), clock=clock, BOT_ADMINS=str(ADMIN)):
        resumed = await say(server, "/baocao", f"cau 3/{N}")
        assert "rep:skip:2" in resumed.callback_data
        await say(server, "quay lại", f"cau 2/{N}", "5 bai")
        ask = await say(server, "/huy", "xoa ban nhap", "2 so lieu")
        await press(server, ask, "rep:hok:1", "da huy")


async def test_duplicate_update_is_processed_once(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        await say(server, "/baocao", f"cau 1/{N}")
        update = server.send_text(TEACHER, "có")
        await server.wait_for_message(TEACHER, has(f"cau 2/{N}"))
        count = len(server.sent_messages(TEACHER))
        server.redeliver(update)
        await asyncio.sleep(0.5)
        assert len(server.sent_messages(TEACHER)) == count
        await say(server, "3", f"cau 3/{N}")  # still at the step after "có", not two steps on


async def test_outsider_is_refused_politely_and_bare_start_still_greets(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        refusal = await say(server, "/baocao", "ma moi", user=OUTSIDER)
        assert "/dangky" in refusal.text
        await say(server, "/moi " + UNIT, "chi quan tri vien", user=OUTSIDER)
        greeting = await say(server, "/start", "xin chao", user=OUTSIDER)
        assert "loc:namtrieu-2025" in greeting.callback_data
        answer = await say(server, "đã treo 12 băng rôn", "", user=OUTSIDER)  # a citizen: a question, no report
        assert "doc duoc" not in folded(answer)


async def test_invite_reuse_expiry_and_brute_force_are_refused(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        code = await make_invite(server)
        await say(server, f"/dangky {code}", "dang ky thanh cong")
        await say(server, f"/dangky {code}", "khong hop le", user=502)  # reuse
        expiring = await make_invite(server)
        clock.advance(days=8)
        await say(server, f"/start {expiring}", "khong hop le", user=503)  # expired
        valid = await make_invite(server)
        for attempt in range(4):  # 1 wrong try above + 4 = 5 wrong tries for user 503
            await say(server, f"/dangky SAI{attempt}MAXX", "khong hop le", user=503)
        await say(server, f"/dangky {valid}", "qua nhieu lan", user=503)  # 6th try refused, even valid
        await say(server, f"/dangky {valid}", "dang ky thanh cong", user=504)  # the code itself still works


async def test_registered_staff_see_their_commands_in_the_chat_menu(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        calls = await server.wait_for("setMyCommands", lambda c: (c.params.get("scope") or {}).get("type") == "chat")
        names = [c["command"] for c in calls[0].params["commands"]]
        assert calls[0].params["scope"]["chat_id"] == TEACHER
        assert "baocao" in names and "start" in names and "tonghop" not in names


async def test_photos_and_documents_are_kept_as_evidence_and_listed_in_the_receipt(server, db, clock, tmp_path):
    evidence_dir = tmp_path / "evidence"
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN), EVIDENCE_DIR=str(evidence_dir)):
        server.send_photo(OUTSIDER, caption="ảnh đẹp")  # a citizen: asked for text
        await server.wait_for_message(OUTSIDER, has("tin nhan chu"))
        await register(server)
        server.send_photo(TEACHER, caption="ảnh lễ khai mạc tại trường", data=b"\xff\xd8 jpeg bytes")
        received = await server.wait_for_message(TEACHER, has("da nhan anh", "1/30"))
        assert "ảnh lễ khai mạc tại trường" in received.text
        server.send_document(TEACHER, "bao-cao.pdf", b"%PDF-1.4 fake", mime_type="application/pdf")
        await server.wait_for_message(TEACHER, has("bao-cao.pdf", "2/30"))
        server.send_document(TEACHER, "virus.exe", b"MZ", mime_type="application/x-msdownload")
        await server.wait_for_message(TEACHER, has("virus.exe", "pdf, word, excel"))
        server.send_document(TEACHER, "to.pdf", b"x" * (11 * 1024 * 1024), mime_type="application/pdf")
        await server.wait_for_message(TEACHER, has("lon qua", "toi da 10 mb"))
        # figures typed freely, confirmed, sent: the receipt lists the evidence
        offer = await say(server, "đã treo 3 băng rôn", "ghi cac so lieu nay vao bao cao")
        ok = next(d for d in offer.callback_data if ":fok:" in f":{d}")
        summary = await press(server, offer, ok, "tom tat")
        send = next(d for d in summary.callback_data if "send:" in d)
        incomplete = await press(server, summary, send, "chua tra loi")
        receipt = await press(server, incomplete, send.replace("send:", "sok:"), "da nhan bao cao")
        assert "Minh chứng: 1 ảnh, 1 tệp" in receipt.text
    files = sorted(p.name for p in evidence_dir.rglob("*") if p.is_file())
    assert len(files) == 2 and any(name.endswith(".pdf") for name in files)
    assert {p.read_bytes() for p in evidence_dir.rglob("*") if p.is_file()} == {
        b"\xff\xd8 jpeg bytes",
        b"%PDF-1.4 fake",
    }


async def test_report_commands_in_a_group_point_to_the_private_chat(server, db, clock):
    async with running_bot(server, db, clock=clock):
        server.send_group_text(TEACHER, -1001, "/baocao@htsd_test_bot")
        reply = await server.wait_for_message(-1001, has("tin nhan rieng"))
        assert reply.inline_keyboard[0][0]["url"] == "https://t.me/htsd_test_bot"


async def test_changing_an_answer_from_the_summary_edits_the_summary_message(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        message = await say(server, "/baocao", f"cau 1/{N}")
        for i in range(1, N + 1):
            answer = "có" if i == 1 else "2" if i < N else "2 triệu"
            message = await say(server, answer, f"cau {i + 1}/{N}" if i < N else "tom tat")
        summary = message
        await press(server, summary, f"rep:edit:{N}", "sua cau nao")
        await say(server, "8", f"cau 8/{N}")
        note = await say(server, "40", "da sua cau 8")
        edits = [c for c in server.calls_to("editMessageText") if c.params.get("message_id") == summary.message_id]
        assert edits and "40 cái" in edits[-1].params["text"]
        assert server.get_message(TEACHER, summary.message_id).text.count("40 cái") == 1
        assert f"rep:send:{N}" in note.callback_data
        summaries = [m for m in server.sent_messages(TEACHER) if "Tóm tắt báo cáo" in (m.text or "")]
        assert len(summaries) == 1  # sent once, edited since


async def test_baocao_after_figures_typed_outside_a_report_leads_to_the_questions(server, db, clock):
    """No report begun: figures typed, then /baocao instead of tapping: the intro, the figures offered again,
    and once confirmed the first question without an answer, where "có" is an answer, not "send"."""
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        await say(server, "đã tổ chức 2 buổi tọa đàm với 150 người, khen thưởng 5 cá nhân, kinh phí 3tr", "doc duoc")
        offer = await say(server, "/baocao", "ghi cac so lieu nay")
        intro = folded(server.sent_messages(TEACHER)[-2])
        assert "dang nhap do" not in intro and f"co {N} cau" in intro
        asked = await press(server, offer, next(d for d in offer.callback_data if "fok" in d), f"cau 1/{N}")
        assert "da ghi 4 so lieu" in folded(server.sent_messages(TEACHER)[-2])
        second = await press(server, asked, "rep:yes:0", f"cau 2/{N}")
        assert "tom tat" not in folded(second)
    async with db.transaction(readonly=True) as session:
        draft = await session.get(ReportDraft, TEACHER)
        assert (await session.execute(select(Submission))).scalar_one_or_none() is None  # nothing sent
    assert draft is not None and draft.values["plan_issued"] == 1 and draft.values["workshop_participants"] == 150


async def test_baocao_on_a_saved_draft_with_figures_waiting_resumes_the_questions(server, db, clock):
    """Saved at question 4, figures typed, /baocao, ✅: question 4 is asked and her answers are answers."""
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        await say(server, "/baocao", f"cau 1/{N}")
        for answer, next_question in (("có", 2), ("mười hai", 3), ("4", 4)):
            await say(server, answer, f"cau {next_question}/{N}")
        await say(server, "lưu", "da luu nhap")
        await say(server, "đã phát 300 tờ rơi và treo 12 băng rôn", "ghi cac so lieu nay")
        offer = await say(server, "/baocao", "ghi cac so lieu nay")
        assert "tiep tuc bao cao" in folded(server.sent_messages(TEACHER)[-2])
        asked = await press(server, offer, next(d for d in offer.callback_data if "fok" in d), f"cau 4/{N}")
        assert "go /baocao" not in folded(server.sent_messages(TEACHER)[-2])
        await say(server, "một trăm rưỡi", f"cau 5/{N}")
        await say(server, "0", f"cau 7/{N}")  # 6 (leaflets) was filled by the figures: not asked again
        await say(server, "quay lại", f"cau 6/{N}", "300 to")
        assert asked is not None
    async with db.transaction(readonly=True) as session:
        draft = await session.get(ReportDraft, TEACHER)
    assert draft is not None
    assert (draft.values["radio_items"], draft.values["wall_newspapers"], draft.values["leaflets"]) == (150, 0, 300)
    assert draft.values["banners"] == 12 and draft.values["press_articles"] == 12


async def test_an_answer_typed_while_figures_wait_is_the_answer_to_the_question_shown(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        await say(server, "/baocao", f"cau 1/{N}")
        await say(server, "có", f"cau 2/{N}")
        await say(server, "đã phát 300 tờ rơi", "ghi cac so lieu nay")
        offer = await say(server, "7", "ghi cac so lieu nay", "300 to")
        assert "da ghi cau 2: 7 bai" in folded(server.sent_messages(TEACHER)[-2])
        assert "cau 3/" in folded(server.sent_messages(TEACHER)[-2])
        await press(server, offer, next(d for d in offer.callback_data if "fok" in d), f"cau 3/{N}")
    async with db.transaction(readonly=True) as session:
        draft = await session.get(ReportDraft, TEACHER)
    assert draft is not None and (draft.values["press_articles"], draft.values["leaflets"]) == (7, 300)


async def test_stray_text_at_the_summary_points_to_its_buttons_instead_of_sending_it_again(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        await say(server, "/baocao", f"cau 1/{N}")
        for i in range(1, N + 1):
            answer = "có" if i == 1 else "2" if i < N else "2 triệu"
            summary = await say(server, answer, f"cau {i + 1}/{N}" if i < N else "tom tat")
        for stray in ("mười hai", "12 người", "hai mươi", "hạn nộp báo cáo là ngày nào?"):
            count = len(server.sent_messages(TEACHER))
            pointer = await say(server, stray, "ban tom tat o tren")
            new = server.sent_messages(TEACHER)[count:]
            assert not any("tom tat bao cao" in folded(m) for m in new), [m.text for m in new]
            assert len(pointer.text) < 200 and pointer.callback_data == [f"rep:send:{N}", f"rep:edit:{N}"]
        assert "11/10/2025" in new[0].text  # the question was answered first
        await press(server, pointer, f"rep:send:{N}", "da nhan bao cao")
        assert summary is not None


async def test_cancelling_a_saved_draft_with_figures_asks_first(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        await say(server, "/baocao", f"cau 1/{N}")
        await say(server, "có", f"cau 2/{N}")
        await say(server, "lưu", "da luu nhap")
        offer = await say(server, "đã phát 300 tờ rơi và treo 12 băng rôn", "ghi cac so lieu nay")
        await press(server, offer, next(d for d in offer.callback_data if "fok" in d), "da ghi 2 so lieu")
        ask = await say(server, "/huy", "xoa ban nhap", "3 so lieu")
        assert [b for b in ask.button_texts] == ["Có, xoá bản nháp", "Không, giữ lại"]
        await press(server, ask, ask.callback_data[1], "van duoc giu", "/baocao")
        resumed = await say(server, "/baocao", f"cau 2/{N}")  # nothing was lost
        ask = await say(server, "/huy", "xoa ban nhap", "3 so lieu")
        await press(server, ask, ask.callback_data[0], "da huy")
        assert resumed is not None
    async with db.transaction(readonly=True) as session:
        assert await session.get(ReportDraft, TEACHER) is None


async def test_cancelling_a_draft_with_nothing_new_needs_no_tap(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        await say(server, "/baocao", f"cau 1/{N}")
        await say(server, "/huy", "da huy")


async def test_staff_questions_outside_a_report_are_about_their_units_plan_unless_they_name_another(server, db, clock):
    async with running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN)):
        await register(server)
        answer = await say(server, "lớp học tiếng Nhật ở đâu?", "dak plo")
        assert "an lao" not in folded(answer)
        other = await say(server, "ở An Lão lớp học tiếng Nhật ở đâu?", "an lao")
        assert "dak plo" not in folded(other)
        server.send_text(OUTSIDER, "lớp học tiếng Nhật ở đâu?")  # a citizen with no locality: unchanged
        citizen = await server.wait_for_message(OUTSIDER, lambda m: True)
        assert "dak plo" not in fold(citizen.text or "")
