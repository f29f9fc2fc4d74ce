"""The officials' summary: counts, late and missing units, totals by section, deadline, questions digest."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.render import TELEGRAM_LIMIT
from bot.reports.form import DEFAULT_FORM_PATH, load_form
from bot.summary.build import compute_summary, render_summary, render_summary_html
from bot.summary.chart import render_chart
from bot.summary.data import PlanData, SubmissionRow, UnitRow, load_plan_data
from tests.summary_helpers import PLAN, VN, add_question, add_submission, add_units, vn

FORM = load_form(DEFAULT_FORM_PATH)


@pytest.fixture
def by_id(plans):
    return {plan.id: plan for plan in plans}


@pytest.fixture
def plan(by_id):
    return by_id[PLAN]


async def _seed(db):
    await add_units(
        db, {"t1": "Trường Tiểu học An Lư", "t2": "Trường THCS <Nam> & Triệu", "t3": "Trường Mầm non Hoa Sen"}
    )
    await add_submission(db, "t1", {"press_articles": 3, "workshop_participants": 120, "plan_issued": 1, "banners": 0})
    await add_submission(
        db, "t2", {"press_articles": 2, "plan_issued": 1, "award_budget": None}, confirmed_at=vn(2025, 10, 16, 8, 0)
    )
    await add_submission(db, "t3", {"press_articles": 50}, status="draft")
    await add_question(db, "chủ đề là gì", topic="theme")
    await add_question(db, "chủ đề năm nay", topic="theme")
    await add_question(db, "giá vàng <hôm nay>", status="unknown")
    await add_question(db, "hôm qua hỏi", topic="period", asked_at=vn(2025, 10, 4, 9, 0))
    await add_question(db, "câu của nơi khác", topic="opening", plan_ids=["ductrong-2021"])


def test_deadline_is_the_units_duty_not_the_issuers_report_upward(catalog, by_id):
    assert catalog.units_deadline(by_id["namtrieu-2025"], {"cac-truong"}) == dt.date(2025, 10, 15)
    assert catalog.units_deadline(by_id["dakplo-2025"]) == dt.date(2025, 10, 11)
    assert catalog.units_deadline(by_id["thanhbinh-2025"]) is None


async def test_summary_counts_confirmed_reports_marks_late_and_names_missing(catalog, db, plan):
    await _seed(db)
    async with db.transaction(readonly=True) as session:
        data = await load_plan_data(session, PLAN, dt.date(2025, 10, 16), VN, with_history=True)
    summary = compute_summary(catalog, plan, FORM, data, dt.date(2025, 10, 16), VN)
    assert (summary.reported, summary.expected) == (2, 3)
    assert [u.id for u in summary.missing] == ["t3"]  # a draft is not a report
    assert [u.id for u in summary.late] == ["t2"]  # confirmed after 15/10
    assert summary.total("press_articles") == 5
    assert summary.total("workshop_participants") == 120
    assert summary.days_left == -1


async def test_rendered_summary_is_escaped_vietnamese_html_with_non_zero_totals_by_section(catalog, db, plan):
    await _seed(db)
    async with db.transaction(readonly=True) as session:
        data = await load_plan_data(session, PLAN, dt.date(2025, 10, 5), VN)
    text = render_summary_html(compute_summary(catalog, plan, FORM, data, dt.date(2025, 10, 5), VN))
    assert "Đơn vị đã báo cáo: 2/3" in text
    assert "còn 10 ngày" in text and "15/10/2025" in text
    assert "Trường THCS &lt;Nam&gt; &amp; Triệu" in text and "<Nam>" not in text
    assert "Chưa báo cáo (1): Trường Mầm non Hoa Sen" in text
    assert "<b>2. Các phương tiện thông tin về chuyển đổi số</b>" in text
    assert "Số bài viết trên các báo: <b>5 bài</b>" in text
    assert "Kế hoạch tổ chức Tuần lễ HTSĐ: <b>2 đơn vị có</b>" in text
    assert "băng rôn" not in text.lower()  # zero totals are left out
    assert "khen thưởng" not in text.lower()
    # digest of the day's questions about this plan only
    assert "Câu hỏi của người dân hôm nay: 3" in text
    assert "chủ đề (2)" in text
    assert "“giá vàng &lt;hôm nay&gt;”" in text
    assert "hôm qua" not in text and "nơi khác" not in text


def test_summary_of_many_units_is_split_into_telegram_sized_messages(catalog, plan):
    units = [UnitRow(f"u{i}", f"Trường số {i} " + "x" * 80) for i in range(400)]
    subs = [SubmissionRow(i, f"u{i}", 1, vn(2025, 10, 5, 9), False, {"press_articles": 1}) for i in range(0, 400, 2)]
    summary = compute_summary(catalog, plan, FORM, PlanData(PLAN, units, subs), dt.date(2025, 10, 15), VN)
    chunks = render_summary(summary)
    assert all(len(chunk) <= TELEGRAM_LIMIT for chunk in chunks)
    assert "hôm nay là hạn cuối" in chunks[0]
    assert "… và 160 đơn vị khác" in "\n".join(chunks)


def test_chart_is_drawn_only_when_some_unit_has_reported(catalog, plan):
    units = [UnitRow("a", "A"), UnitRow("b", "B")]
    empty = PlanData(PLAN, units, [])
    day = dt.date(2025, 10, 6)
    assert render_chart(plan, compute_summary(catalog, plan, FORM, empty, day, VN), empty, VN) is None
    data = PlanData(PLAN, units, [SubmissionRow(1, "a", 1, vn(2025, 10, 3, 9), False, {"press_articles": 4})])
    png = render_chart(plan, compute_summary(catalog, plan, FORM, data, day, VN), data, VN)
    assert png is not None and png.startswith(b"\x89PNG")


async def test_the_digest_counts_citizens_only_and_lists_unanswered_questions_most_asked_first(catalog, db, plan):
    await add_units(db, {"t1": "Trường A"})
    await add_question(db, "giá vàng hôm nay", status="unknown")
    await add_question(db, "có phát quà không <b>", status="unknown")
    await add_question(db, "Có phát   quà không <b>", status="unknown")
    await add_question(db, "hạn nộp báo cáo", status="unknown", asker_role="staff")  # a teacher mid-report
    async with db.transaction(readonly=True) as session:
        data = await load_plan_data(session, PLAN, dt.date(2025, 10, 5), VN)
    digest = compute_summary(catalog, plan, FORM, data, dt.date(2025, 10, 5), VN).questions
    assert digest.count == 3
    assert digest.unanswered == (("có phát quà không <b>", 2), ("giá vàng hôm nay", 1))
    text = render_summary_html(compute_summary(catalog, plan, FORM, data, dt.date(2025, 10, 5), VN))
    assert "“có phát quà không &lt;b&gt;” (2 lần)" in text and "hạn nộp báo cáo" not in text  # times outside quotes
    assert "“giá vàng hôm nay”\n" in text
