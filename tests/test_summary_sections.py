"""The texts officials write for parts I, II.2, III, IV of the report: per plan, versioned, with history."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.catalog import Catalog
from bot.db import report_sections
from bot.db.report_sections import MAX_TEXT_CHARS, SectionTextError
from bot.reports.form import DEFAULT_FORM_PATH, load_form
from bot.summary.build import compute_summary
from bot.summary.data import PlanData, SubmissionRow, UnitRow
from bot.summary.sections import SECTION_KEYS, section_error_message, section_views
from tests.summary_helpers import PLAN, VN, vn

FORM = load_form(DEFAULT_FORM_PATH)


async def test_each_change_is_a_new_version_and_the_latest_is_current(db):
    async with db.transaction() as session:
        first = await report_sections.set_text(
            session, PLAN, "proposals", "  Đề nghị   A. ", author_id=1, now=vn(2025, 10, 16, 8)
        )
        second = await report_sections.set_text(
            session, PLAN, "proposals", "Đề nghị B.", author_id=2, author_name="Chị Lan", now=vn(2025, 10, 16, 9)
        )
        await report_sections.set_text(
            session, "dakplo-2025", "proposals", "Nơi khác.", author_id=3, now=vn(2025, 10, 16, 9)
        )
    assert (first.version, first.text, second.version) == (1, "Đề nghị A.", 2)
    async with db.transaction(readonly=True) as session:
        current = await report_sections.current_texts(session, PLAN)
        history = await report_sections.history(session, PLAN, "proposals")
    assert set(current) == {"proposals"}
    assert (current["proposals"].text, current["proposals"].author_name, current["proposals"].version) == (
        "Đề nghị B.",
        "Chị Lan",
        2,
    )
    assert current["proposals"].created_at == vn(2025, 10, 16, 9).astimezone(dt.UTC)
    assert [(entry.version, entry.text, entry.author_id) for entry in history] == [
        (2, "Đề nghị B.", 2),
        (1, "Đề nghị A.", 1),
    ]
    assert report_sections.written_texts(current) == {"proposals": "Đề nghị B."}


async def test_going_back_to_the_prefilled_text_is_kept_in_the_history(db):
    async with db.transaction() as session:
        await report_sections.set_text(
            session, PLAN, "direction", "Bản của cán bộ.", author_id=1, now=vn(2025, 10, 16, 8)
        )
        reset = await report_sections.reset_text(session, PLAN, "direction", author_id=1, now=vn(2025, 10, 16, 9))
        blank = await report_sections.set_text(
            session, PLAN, "next_steps", " \n \n", author_id=1, now=vn(2025, 10, 16, 9)
        )
    assert (reset.version, reset.text, blank.text) == (2, None, None)
    async with db.transaction(readonly=True) as session:
        current = await report_sections.current_texts(session, PLAN)
        history = await report_sections.history(session, PLAN)
    assert report_sections.written_texts(current) == {}
    assert len(history) == 3


async def test_paragraphs_are_kept_and_blank_lines_between_them_collapsed(db):
    async with db.transaction() as session:
        entry = await report_sections.set_text(
            session, PLAN, "pros_cons", "Thuận lợi:  nhiều.\r\n\r\n\r\nKhó khăn: ít.", author_id=1, now=vn(2025, 10, 16)
        )
    assert entry.text == "Thuận lợi: nhiều.\nKhó khăn: ít."


async def test_an_unknown_part_or_a_too_long_text_is_refused_with_a_polite_reason(db):
    async with db.transaction() as session:
        with pytest.raises(SectionTextError) as unknown:
            await report_sections.set_text(session, PLAN, "II.1", "x", author_id=1, now=vn(2025, 10, 16))
        with pytest.raises(SectionTextError) as long:
            await report_sections.set_text(
                session, PLAN, "proposals", "x" * (MAX_TEXT_CHARS + 1), author_id=1, now=vn(2025, 10, 16)
            )
    assert unknown.value.reason == "unknown_key" and long.value.reason == "too_long"
    assert "Không có mục “II.1”" in section_error_message(unknown.value)
    assert "direction (I. Công tác chỉ đạo; kết quả đạt được)" in section_error_message(unknown.value)
    assert f"quá giới hạn {MAX_TEXT_CHARS} ký tự" in section_error_message(long.value)


async def test_two_officials_saving_the_same_part_get_consecutive_versions(db_factory):
    first, second = db_factory(), db_factory()
    async with first.transaction() as session:
        await report_sections.set_text(session, PLAN, "proposals", "A", author_id=1, now=vn(2025, 10, 16, 8))
    async with second.transaction() as session:
        latest = await report_sections.set_text(session, PLAN, "proposals", "B", author_id=2, now=vn(2025, 10, 16, 8))
    assert latest.version == 2


def test_section_views_show_the_prefilled_text_until_an_official_writes_one():
    catalog = Catalog.load()
    plan = catalog.plans[PLAN]
    units = [UnitRow("a", "Trường A"), UnitRow("b", "Trường B")]
    data = PlanData(PLAN, units, [SubmissionRow(1, "a", 1, vn(2025, 10, 3, 9), False, {"press_articles": 4})])
    summary = compute_summary(catalog, plan, FORM, data, dt.date(2025, 10, 5), VN)
    written = report_sections.SectionText(PLAN, "proposals", 3, "Đề nghị X.", 7, "Anh Nam", vn(2025, 10, 5, 8))
    views = section_views(plan, summary, data, vn(2025, 10, 5, 9), VN, {"proposals": written})
    assert [view.key for view in views] == list(SECTION_KEYS)
    by_key = {view.key: view for view in views}
    assert "1/2 đơn vị đã gửi báo cáo kết quả" in by_key["direction"].text and by_key["direction"].written is None
    assert by_key["proposals"].text == "Đề nghị X." and by_key["proposals"].written is written
    assert by_key["next_steps"].text.split("\n") == [
        "Tiếp tục đôn đốc 1 đơn vị chưa báo cáo gửi báo cáo kết quả.",
        "Đề nghị 1 đơn vị bổ sung, hoàn thiện báo cáo (thiếu số liệu hoặc bị trả lại).",  # 33 of 34 figures missing
    ]


def test_the_complete_reports_said_to_be_among_the_on_time_ones_are_on_time_and_complete():
    """'x/N đúng hạn, trong đó k có đủ số liệu': k counts on-time reports with every figure; a late
    complete report and an accepted incomplete one are not among them (in /noidung and the .docx)."""
    from bot.summary.data import Review
    from bot.summary.documents import Inputs, PlanDeadlines, build_export
    from tests.summary_helpers import docx_parts

    catalog = Catalog.load()
    plan = catalog.plans[PLAN]  # units report before 15/10/2025
    every = {indicator.key: 1 for indicator in FORM.indicators}
    some = {"press_articles": 3}

    def row(number: int, unit: str, values: dict[str, int], day: int, review: Review | None = None) -> SubmissionRow:
        at = vn(2025, 10, day, 9)
        return SubmissionRow(number, unit, 1, at, False, values, first_confirmed_at=at, review=review)

    units = [UnitRow(u, f"Trường {u.upper()}") for u in ("early", "late", "ok", "none")]
    submissions = [
        row(1, "early", some, 10),  # on time, incomplete
        row(2, "late", every, 17),  # late, complete
        row(3, "ok", some, 11, Review("accepted")),  # on time, incomplete, accepted as it is
    ]
    now = vn(2025, 10, 18, 9)
    data = PlanData(PLAN, units, submissions)
    summary = compute_summary(catalog, plan, FORM, data, now.date(), VN)
    views = {view.key: view.text for view in section_views(plan, summary, data, now, VN, {})}
    assert "Thuận lợi: 2/4 đơn vị gửi báo cáo đúng hạn." in views["pros_cons"].split("\n")
    assert "trong đó" not in views["pros_cons"]

    units.append(UnitRow("full", "Trường FULL"))
    submissions.append(row(4, "full", every, 12))  # on time and complete
    data = PlanData(PLAN, units, submissions)
    rules = PlanDeadlines.of(catalog, plan, {unit.kind for unit in units})
    export = build_export(Inputs(rules, plan, FORM, data, now, VN))
    paragraphs, _ = docx_parts(export.docx)
    assert "Thuận lợi: 3/5 đơn vị gửi báo cáo đúng hạn, trong đó 1 báo cáo có đủ số liệu theo mẫu." in paragraphs
