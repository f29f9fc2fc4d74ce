"""The export an official forwards upward: .xlsx shaped like the An Lão template, and .csv."""

from __future__ import annotations

import csv
import io

import openpyxl

from bot.clock import ManualClock
from bot.kb.loader import load_plans
from bot.reports.form import DEFAULT_FORM_PATH, load_form
from bot.summary.export import COLUMNS, RAW_SHEET, SUMMARY_SHEET, sheet_title
from bot.summary.schedule import OfficialsDesk, ScheduleConfig
from bot.work import Postman
from tests.summary_helpers import PLAN, VN, add_submission, add_units, vn

FORM = load_form(DEFAULT_FORM_PATH).rendered(next(p for p in load_plans() if p.id == PLAN))  # as the plan shows it
FIGURES = {
    "a": {"press_articles": 3, "workshop_participants": 120, "plan_issued": 1, "award_budget": 1_500_000},
    "b": {"press_articles": 7, "workshop_participants": 30, "plan_issued": 0, "libraries": None},
    "c": {"press_articles": 1000, "plan_issued": 1},  # draft: not counted
}


async def _desk(db, knowledge):
    await add_units(db, {"a": "Trường A", "b": "Trường B: số 2/3", "c": "Trường C", "d": "Trường D"})
    await add_submission(db, "a", FIGURES["a"], confirmed_at=vn(2025, 10, 6, 9, 30))
    await add_submission(db, "b", FIGURES["b"], confirmed_at=vn(2025, 10, 16, 14, 0))
    await add_submission(db, "c", FIGURES["c"], status="draft")
    clock = ManualClock(vn(2025, 10, 17, 9, 0))
    return OfficialsDesk(db, knowledge, clock, ScheduleConfig(tz=VN), Postman(db, clock, "test"))


def _template_rows(sheet) -> dict[str, object]:
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(COLUMNS)
    return {row[0]: row[1] for row in rows[header + 1 :] if row and row[0] and row[2]}


async def test_xlsx_opens_and_its_totals_equal_the_sum_of_confirmed_submissions(db, knowledge):
    desk = await _desk(db, knowledge)
    export = await desk.export(PLAN)
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx))
    assert book.sheetnames[0] == SUMMARY_SHEET and book.sheetnames[-1] == RAW_SHEET
    summary = book[SUMMARY_SHEET]
    rows = list(summary.iter_rows(values_only=True))
    assert COLUMNS in rows  # Nội dung hoạt động | Kết quả, số lượng | Ghi chú
    sections = [row[0] for row in rows if row[0] and row[0][:2] in {f"{i}." for i in range(1, 9)}]
    assert len(sections) == 8 and sections[0] == "1. Kế hoạch tổ chức Tuần lễ HTSĐ"
    totals = _template_rows(summary)
    confirmed = [FIGURES["a"], FIGURES["b"]]
    for indicator in FORM.indicators:
        values = [f.get(indicator.key) or 0 for f in confirmed]
        expected = sum(1 for v in values if v) if indicator.kind == "yesno" else sum(values)
        assert totals[indicator.label] == expected, indicator.key
    assert totals["Số bài viết trên các báo"] == 10
    assert any("Số đơn vị đã báo cáo: 2/4" in str(row[0]) for row in rows)


async def test_xlsx_has_a_sheet_per_reporting_unit_and_raw_rows_with_timestamps(db, knowledge):
    desk = await _desk(db, knowledge)
    book = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx))
    assert "Trường A" in book.sheetnames and "Trường B  số 2 3" in book.sheetnames
    assert "Trường C" not in book.sheetnames  # a draft is not a report
    unit_rows = {row[0]: row[1] for row in book["Trường A"].iter_rows(values_only=True) if row and row[0]}
    assert unit_rows["Số bài viết trên các báo"] == 3 and unit_rows["Kế hoạch tổ chức Tuần lễ HTSĐ"] == "Có"
    raw = list(book[RAW_SHEET].iter_rows(values_only=True))
    assert raw[0][:4] == ("Mã đơn vị", "Tên đơn vị", "Lần xác nhận", "Xác nhận lúc")
    by_unit = {row[0]: row for row in raw[1:]}
    assert set(by_unit) == {"a", "b"}
    assert by_unit["a"][3] == "06/10/2025 09:30" and by_unit["b"][5] == "có"  # late: after 15/10
    assert by_unit["a"][6] == 1  # first indicator column: plan issued (yes = 1)


async def test_csv_has_every_unit_and_a_total_row(db, knowledge):
    desk = await _desk(db, knowledge)
    export = await desk.export(PLAN)
    assert export.csv.startswith("\ufeff".encode())
    assert export.xlsx_name == "tong-hop-namtrieu-2025-2025-10-17.xlsx" and export.csv_name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(export.csv.decode("utf-8-sig"))))
    by_id = {row[0]: row for row in rows[1:-1]}
    assert by_id["c"][2] == "chưa báo cáo" and by_id["d"][2] == "chưa báo cáo"
    column = rows[0].index("Số bài viết trên các báo (bài)")
    assert by_id["a"][column] == "3" and rows[-1][1] == "TỔNG CỘNG" and rows[-1][column] == "10"


def test_sheet_titles_are_valid_and_unique():
    used: set[str] = set()
    first = sheet_title("Trường [THCS]: A/B*?" + "x" * 40, used)
    second = sheet_title("Trường [THCS]: A/B*?" + "x" * 40, used)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)
