"""The report conversation as a state machine over the database (no Telegram)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db import submissions as store
from bot.db.models import ReportDraft, Submission, SubmissionValue
from bot.invites import Onboarding, create_invite
from bot.kb.loader import load_plans
from bot.reports.flow import Reply, ReportFlow
from bot.reports.form import FormCatalog
from bot.text import fold
from tests.conftest import sync_roster
from tests.harness import vn_time

UNIT = "dakplo-th-vi-du"  # deadline 11/10/2025 (the schools' duty in dakplo-2025)
STAFF, COLLEAGUE = 501, 502


def school_form():
    """dakplo-2025 names no form of its own: a primary school is asked the default one's questions for a school."""
    plan = next(p for p in load_plans() if p.id == "dakplo-2025")
    return FormCatalog.load().for_unit(plan, "cac-truong", "Trường Tiểu học xã Đăk Plô (ví dụ)")


N = school_form().question_count  # 24 of the 34 questions apply to a school


def text_of(replies: list[Reply] | None) -> str:
    assert replies is not None
    return fold("\n".join(r.text for r in replies))


def actions(replies: list[Reply]) -> list[str]:
    return [(b.data or "").removeprefix("rep:") for r in replies for row in r.buttons for b in row]


@pytest.fixture
def clock():
    return ManualClock(vn_time(2025, 10, 8, 9, 0))


@pytest.fixture
async def flow(db, knowledge, clock):
    onboarding = Onboarding(db, clock, knowledge)
    await sync_roster(db, knowledge)
    for user in (STAFF, COLLEAGUE):
        async with db.transaction() as session:
            invite = await create_invite(session, role="staff", unit_id=UNIT, now=clock.now())
        assert "thanh cong" in fold(await onboarding.register(user, "Lan", None, invite.code))
    return ReportFlow(db, clock, knowledge)


def answer_for(indicator) -> str:
    """A valid answer in one of the Vietnamese ways of writing numbers."""
    return {"yesno": "có", "count": "2", "people": "1.200 người", "money": "5 triệu"}[indicator.kind]


async def walk(flow: ReportFlow, user: int) -> list[Reply]:
    replies = await flow.start(user)
    for indicator in school_form().indicators:
        replies = await flow.text(user, answer_for(indicator))
    return replies


async def send_report(flow: ReportFlow, user: int) -> list[Reply]:
    """Press “Xác nhận gửi”; a report with unanswered questions is then sent with “Gửi khi còn thiếu”."""
    replies = await flow.button(user, f"send:{N}")
    if f"sok:{N}" in actions(replies):
        replies = await flow.button(user, f"sok:{N}")
    return replies


async def current_values(db) -> tuple[int, dict]:
    async with db.transaction(readonly=True) as session:
        return await store.current(session, UNIT, "dakplo-2025")


async def test_step_by_step_path_ends_with_summary_then_receipt(flow, db):
    replies = await flow.start(STAFF)
    intro = text_of(replies)
    assert "truong tieu hoc xa dak plo" in intro and "11/10/2025" in intro and "dak plo" in intro
    assert f"cau 1/{N}" in intro
    replies = await flow.text(STAFF, "có")
    assert f"cau 2/{N}" in text_of(replies)
    for indicator in school_form().indicators[1:]:
        replies = await flow.text(STAFF, answer_for(indicator))
    summary = text_of(replies)
    assert "tom tat" in summary and "1.200 nguoi" in summary and "5.000.000 dong" in summary
    assert f"send:{N}" in actions(replies) and f"edit:{N}" in actions(replies)
    assert [b.text for b in replies[-1].buttons[0]] == ["✅ Xác nhận gửi", "✏️ Sửa"]
    receipt = await send_report(flow, STAFF)
    assert "da nhan bao cao" in text_of(receipt) and "phien ban: 1" in text_of(receipt)
    assert "09:00 ngay 08/10/2025" in text_of(receipt)
    version, values = await current_values(db)
    assert version == 1 and values["workshop_participants"] == 1200 and values["award_budget"] == 5_000_000
    async with db.transaction(readonly=True) as session:
        assert await session.get(ReportDraft, STAFF) is None
        rows = (await session.execute(select(SubmissionValue))).scalars().all()
        assert len(rows) == N


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("-5", "so am"),
        ("2,5", "khong phai so nguyen"),
        ("abc", "chua doc duoc con so"),
        ("3 hay 4", "nhieu so"),
        ("1.2.3", "cham/phay"),
    ],
)
async def test_bad_values_are_explained_and_the_same_question_is_asked_again(flow, answer, expected):
    await flow.start(STAFF)
    await flow.text(STAFF, "có")
    replies = await flow.text(STAFF, answer)
    assert expected in text_of(replies)
    assert f"cau 2/{N}" in fold(replies[-1].text)


async def test_over_bound_value_needs_confirmation(flow, db):
    await flow.start(STAFF)
    await flow.text(STAFF, "có")
    replies = await flow.text(STAFF, "5000")
    assert "lon hon muc thuong gap" in text_of(replies) and "bok:1" in actions(replies)
    replies = await flow.text(STAFF, "không")
    assert f"cau 2/{N}" in text_of(replies)  # asked again
    await flow.text(STAFF, "5000")
    replies = await flow.button(STAFF, "bok:1")
    assert f"cau 3/{N}" in text_of(replies)
    async with db.transaction(readonly=True) as session:
        draft = await session.get(ReportDraft, STAFF)
        assert draft is not None and draft.values["press_articles"] == 5000


async def test_back_skip_save_and_resume(flow, db):
    await flow.start(STAFF)
    await flow.text(STAFF, "có")
    await flow.text(STAFF, "7")
    replies = await flow.text(STAFF, "quay lại")
    assert f"cau 2/{N}" in text_of(replies) and "7 bai" in text_of(replies)  # shows the value typed
    replies = await flow.text(STAFF, "bỏ qua")
    assert f"cau 3/{N}" in text_of(replies)
    replies = await flow.text(STAFF, "lưu")
    assert "da luu nhap" in text_of(replies)
    # a saved draft does not take texts: they are questions again
    assert await flow.text(STAFF, "chủ đề là gì") is None
    replies = await flow.start(STAFF)
    assert "tiep tuc" in text_of(replies) and f"cau 3/{N}" in text_of(replies)


async def test_cancel_forgets_the_draft_but_not_the_confirmed_report(flow, db):
    await walk(flow, STAFF)
    await send_report(flow, STAFF)
    await flow.start(STAFF)
    await flow.text(STAFF, "không")
    replies = await flow.text(STAFF, "/huy")
    assert "da huy" in text_of(replies)
    assert (await current_values(db))[1]["plan_issued"] == 1
    assert "khong co bao cao" in text_of(await flow.cancel(STAFF))


async def test_free_text_inside_the_flow_is_confirmed_before_it_is_applied(flow, db):
    await flow.start(STAFF)
    replies = await flow.text(STAFF, "đã treo 12 băng rôn, phát 300 tờ rơi và tổ chức 2 buổi tọa đàm với 150 người")
    shown = text_of(replies)
    assert "12 cai" in shown and "300 to" in shown and "2 lan" in shown and "150 nguoi" in shown
    async with db.transaction(readonly=True) as session:
        assert (await session.get(ReportDraft, STAFF)).values == {}  # nothing applied yet
    replies = await flow.button(STAFF, "fok:0")
    assert "da ghi 4 so lieu" in text_of(replies) and f"cau 1/{N}" in text_of(replies)
    async with db.transaction(readonly=True) as session:
        values = (await session.get(ReportDraft, STAFF)).values
    assert values == {"banners": 12, "leaflets": 300, "workshops": 2, "workshop_participants": 150}


async def test_free_text_outside_the_flow_is_only_stored_after_confirmation(flow, db):
    replies = await flow.text(STAFF, "phát 300 tờ rơi, treo 12 băng rôn")
    assert "300 to" in text_of(replies) and f"fok:{N}" in actions(replies)
    replies = await flow.button(STAFF, f"fok:{N}")
    assert "tom tat" in text_of(replies)
    assert (await current_values(db))[0] == 0  # not stored yet
    await send_report(flow, STAFF)
    version, values = await current_values(db)
    assert version == 1 and values["leaflets"] == 300 and values["banners"] == 12


async def test_text_that_is_not_figures_is_left_to_the_question_answering(flow):
    assert await flow.text(STAFF, "chủ đề tuần lễ là gì?") is None
    assert await flow.text(999, "đã treo 12 băng rôn") is None  # not staff


async def test_question_mid_report_is_answered_and_the_step_asked_again(flow):
    await flow.start(STAFF)
    await flow.text(STAFF, "có")
    replies = await flow.text(STAFF, "hạn nộp báo cáo của các trường là ngày nào?")
    assert "11/10/2025" in text_of(replies)
    assert f"cau 2/{N}" in fold(replies[-1].text)


async def test_amend_starts_from_current_values_and_keeps_history(flow, db, clock):
    await walk(flow, STAFF)
    await send_report(flow, STAFF)
    clock.advance(hours=2)
    replies = await flow.start(STAFF)
    assert "phien ban 1" in text_of(replies) and "so lieu hien co" in text_of(replies)
    await flow.text(STAFF, "bỏ qua")
    replies = await flow.text(STAFF, "9")  # press_articles 2 -> 9: replacing a figure needs a tap
    assert "dang la <b>2 bai</b>. thay bang <b>9 bai</b>" in text_of(replies) and "rok:1" in actions(replies)
    await flow.button(STAFF, "rok:1")
    replies = await flow.text(STAFF, "lưu")
    replies = await flow.start(STAFF)
    # jump to the summary: skip the rest
    for _ in range(32):
        replies = await flow.text(STAFF, "bỏ qua")
    assert f"send:{N}" in actions(replies)
    receipt = await send_report(flow, STAFF)
    assert "phien ban: 2" in text_of(receipt) and "1 so lieu" in text_of(receipt)
    async with db.transaction(readonly=True) as session:
        changes = [h for h in await store.history(session, UNIT, "dakplo-2025") if h.version == 2]
    assert [(h.indicator_key, h.old_value, h.new_value, h.changed_by) for h in changes] == [
        ("press_articles", 2, 9, STAFF)
    ]


async def test_edit_from_the_summary_changes_one_question_and_returns(flow):
    replies = await walk(flow, STAFF)
    replies = await flow.button(STAFF, f"edit:{N}")
    assert f"top:{N}" in actions(replies)
    replies = await flow.text(STAFF, "8")
    assert f"cau 8/{N}" in text_of(replies)
    replies = await flow.text(STAFF, "40")
    assert "tom tat" in text_of(replies) and "40 cai" in text_of(replies)


async def test_late_confirmation_is_marked_late(flow, db, clock):
    clock.set(vn_time(2025, 10, 12, 8, 0))  # the deadline was 11/10/2025
    replies = await flow.start(STAFF)
    assert "da qua han" in text_of(replies)
    for indicator in school_form().indicators:
        await flow.text(STAFF, answer_for(indicator))
    receipt = await send_report(flow, STAFF)
    assert "nop muon" in text_of(receipt)
    async with db.transaction(readonly=True) as session:
        assert (await store.submission(session, UNIT, "dakplo-2025")).late is True


async def test_on_time_confirmation_is_not_late(flow, db, clock):
    clock.set(vn_time(2025, 10, 11, 23, 30))
    await walk(flow, STAFF)
    await send_report(flow, STAFF)
    async with db.transaction(readonly=True) as session:
        assert (await store.submission(session, UNIT, "dakplo-2025")).late is False


async def test_stale_button_is_refused_and_the_current_step_repeated(flow):
    await flow.start(STAFF)
    await flow.text(STAFF, "có")
    replies = await flow.button(STAFF, "yes:0")  # the first question's button, pressed again
    assert "nut nay da cu" in text_of(replies) and f"cau 2/{N}" in text_of(replies)


async def test_concurrent_confirms_by_two_staff_are_both_in_history(flow, db, db_factory, knowledge, clock):
    other = ReportFlow(db_factory(), clock, knowledge)  # a second worker process
    for who, f, figure in ((STAFF, flow, "2"), (COLLEAGUE, other, "3")):
        await f.start(who)
        for indicator in school_form().indicators:
            await f.text(who, {"yesno": "có", "money": f"{figure} triệu"}.get(indicator.kind, figure))
    receipts = await asyncio.gather(send_report(flow, STAFF), send_report(other, COLLEAGUE))
    assert all("da nhan bao cao" in text_of(r) for r in receipts)
    async with db.transaction(readonly=True) as session:
        sub = (await session.execute(select(Submission))).scalar_one()
        history = await store.history(session, UNIT, "dakplo-2025")
    assert sub.version == 2
    assert {h.changed_by for h in history} == {STAFF, COLLEAGUE}
    last = sub.confirmed_by
    expected = 2 if last == STAFF else 3
    assert (await current_values(db))[1]["press_articles"] == expected
    overtaken = [r for r in receipts if "trong luc ban nhap" in text_of(r)]
    assert len(overtaken) == 1  # the second one is told someone else confirmed meanwhile


async def test_figures_waiting_for_a_tap_survive_baocao_and_the_saved_draft_keeps_its_place(flow, db):
    """The teacher saves at question 5, types figures, then /baocao instead of tapping: nothing is lost."""
    await flow.start(STAFF)
    for answer in ("có", "2", "0", "1"):
        await flow.text(STAFF, answer)
    saved = await flow.text(STAFF, "lưu")
    assert f"cau 5/{N}" in text_of(saved)
    offer = await flow.text(STAFF, "đã tổ chức 2 buổi tọa đàm với 150 người, khen thưởng 5 cá nhân, kinh phí 3tr")
    assert any(a.startswith("fok:") for a in actions(offer))
    replies = await flow.start(STAFF)  # typed /baocao instead of tapping
    shown = text_of(replies)
    assert "150 nguoi" in shown and "3.000.000 dong" in shown and any(a.startswith("fok:") for a in actions(replies))
    replies = await flow.text(STAFF, "hạn nộp báo cáo là ngày nào?")  # a question meanwhile: still kept
    assert "11/10/2025" in text_of(replies) and "van giu" in text_of(replies)
    ok = next(a for a in actions(replies) if a.startswith("fok:"))
    replies = await flow.button(STAFF, ok)
    assert "da ghi" in text_of(replies) and f"cau 5/{N}" in text_of(replies)  # back at the saved question
    async with db.transaction(readonly=True) as session:
        draft = await session.get(ReportDraft, STAFF)
    assert (
        draft is not None and draft.values["workshop_participants"] == 150 and draft.values["award_budget"] == 3_000_000
    )
    assert draft.values["press_articles"] == 2  # what was answered before is still there


async def test_questions_filled_by_free_text_are_not_asked_again(flow):
    await flow.start(STAFF)
    offer = await flow.text(STAFF, "đã treo 12 băng rôn, phát 300 tờ rơi")
    replies = await flow.button(STAFF, next(a for a in actions(offer) if a.startswith("fok:")))
    asked = text_of(replies)
    for _ in range(N):
        if "tom tat" in asked:
            break
        assert "bang ron" not in asked.split("cau")[-1] and "to roi da" not in asked.split("cau")[-1]
        replies = await flow.text(STAFF, "bỏ qua")
        asked = text_of(replies)
    assert "tom tat" in asked and "12 cai" in asked and "300 to" in asked


async def test_an_answer_changed_from_the_summary_edits_the_summary_in_place(flow):
    replies = await walk(flow, STAFF)
    summary = next(r for r in replies if "tom tat" in fold(r.text))
    assert summary.record_id is not None and summary.edit_of is None
    await flow.button(STAFF, f"edit:{N}")
    await flow.text(STAFF, "8")
    replies = await flow.text(STAFF, "40")
    edited, note = replies
    assert edited.edit_of == summary.record_id and "40 cai" in fold(edited.text)
    assert "da sua cau 8: 2 cai → 40 cai" in fold(note.text) and f"send:{N}" in actions([note])


async def test_an_answer_needing_a_tap_while_figures_wait_keeps_the_figures(flow, db):
    """At question 2 figures wait; "1.200" (above the usual) is confirmed, then the figures are offered again."""
    await flow.start(STAFF)
    await flow.text(STAFF, "có")
    await flow.text(STAFF, "đã phát 300 tờ rơi")
    replies = await flow.text(STAFF, "1.200")
    assert "bok:1" in actions(replies)
    replies = await flow.button(STAFF, "bok:1")
    assert (
        "da ghi cau 2: 1.200 bai" in text_of(replies) and "fok:2" in actions(replies) and "300 to" in text_of(replies)
    )
    saved = await flow.text(STAFF, "lưu")
    assert "da luu nhap" in text_of(saved)
    replies = await flow.start(STAFF)  # still offered after saving
    assert "300 to" in text_of(replies) and "fok:2" in actions(replies)
    replies = await flow.button(STAFF, "fok:2")
    assert f"cau 3/{N}" in text_of(replies)
    async with db.transaction(readonly=True) as session:
        draft = await session.get(ReportDraft, STAFF)
    assert draft is not None and (draft.values["press_articles"], draft.values["leaflets"]) == (1200, 300)


async def walk_to_award_budget(flow: ReportFlow) -> None:
    await flow.start(STAFF)
    for indicator in school_form().indicators[:-1]:
        await flow.text(STAFF, answer_for(indicator))


@pytest.mark.parametrize(("choice", "expected"), [("mtr", 3_000_000), ("mng", 3000), ("mdg", 3)])
async def test_a_bare_small_amount_of_money_is_asked_about_never_stored_as_typed(flow, choice, expected):
    await walk_to_award_budget(flow)
    replies = await flow.text(STAFF, "3")
    assert "3 dong hay 3 trieu dong" in text_of(replies)
    assert actions(replies) == [f"mtr:{N - 1}", f"mng:{N - 1}", f"mdg:{N - 1}"]
    assert [b.text for r in replies for row in r.buttons for b in row] == ["3.000.000 đồng", "3.000 đồng", "3 đồng"]
    replies = await flow.button(STAFF, f"{choice}:{N - 1}")
    assert "tom tat" in text_of(replies)
    async with flow.db.transaction(readonly=True) as session:
        draft = await session.get(ReportDraft, STAFF)
    assert draft is not None and draft.values["award_budget"] == expected


async def test_the_size_of_a_bare_amount_can_be_typed_and_explicit_amounts_are_taken(flow):
    await walk_to_award_budget(flow)
    await flow.text(STAFF, "ba")
    replies = await flow.text(STAFF, "triệu")
    assert "tom tat" in text_of(replies) and "3.000.000 dong" in text_of(replies)
    await flow.text(STAFF, "quay lại")
    replies = await flow.text(STAFF, "500 đồng")  # said in đồng: taken as typed (a replacement is asked)
    assert "3.000.000 dong" in text_of(replies) and "thay bang <b>500 dong</b>" in text_of(replies)


async def test_a_bare_small_amount_in_free_text_is_not_kept(flow):
    replies = await flow.text(STAFF, "khen thưởng 5 cá nhân, kinh phí 3")
    shown = text_of(replies)
    assert "5 nguoi" in shown and "3 dong hay 3 trieu dong" in shown and "kinh phi" in shown
    await flow.button(STAFF, f"fok:{N}")
    async with flow.db.transaction(readonly=True) as session:
        draft = await session.get(ReportDraft, STAFF)
    assert draft is not None and draft.values.get("award_budget") is None
