"""The workbook an official prints and computes with, and the .csv: totals equal the confirmed reports,
numbers are numbers with thousands separators, sheets print on A4 and have readable unique names."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl

from bot.kb.loader import load_plans
from bot.reports.form import DEFAULT_FORM_PATH, load_form
from bot.summary.data import EvidenceRow
from bot.summary.documents import build_export
from bot.summary.export import (
    COLUMNS,
    EVIDENCE_SHEET,
    MAX_UNIT_SHEETS,
    MONEY_FORMAT,
    NUMBER_FORMAT,
    RAW_SHEET,
    SUMMARY_SHEET,
    sheet_title,
)
from bot.summary.labels import for_plan
from bot.summary.schedule import OfficialsDesk
from tests.summary_helpers import PLAN, add_submission, add_units, as_confirmed, make_desk, vn

FORM = load_form(DEFAULT_FORM_PATH).rendered(next(p for p in load_plans() if p.id == PLAN))  # as the plan shows it
FIGURES = {
    "a": {"press_articles": 3, "workshop_participants": 1200, "plan_issued": 1, "award_budget": 1_500_000},
    "b": {"press_articles": 7, "workshop_participants": 30, "plan_issued": 0, "libraries": None},
    "c": {"press_articles": 1000, "plan_issued": 1},  # draft: not counted
}


async def _desk(db, knowledge) -> OfficialsDesk:
    await add_units(db, {"a": "Trường A", "b": "Trường B: số 2/3", "c": "Trường C", "d": "Trường D"})
    await add_submission(db, "a", as_confirmed(FIGURES["a"]), confirmed_at=vn(2025, 10, 6, 9, 30))  # 30 blanks
    await add_submission(db, "b", FIGURES["b"], confirmed_at=vn(2025, 10, 16, 14, 0))
    await add_submission(db, "c", FIGURES["c"], status="draft")
    return make_desk(db, knowledge)


def _table(sheet) -> dict[str, openpyxl.cell.Cell]:
    """Label -> the cell of its figure, below the header row of the template's table."""
    rows = list(sheet.iter_rows())
    header = next(i for i, row in enumerate(rows) if tuple(c.value for c in row[:3]) == COLUMNS)
    return {row[0].value: row[1] for row in rows[header + 1 :] if row[0].value and row[2].value}


async def test_summary_sheet_totals_equal_the_sum_of_confirmed_submissions_and_are_numbers(db, knowledge):
    desk = await _desk(db, knowledge)
    book = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx))
    assert book.sheetnames[0] == SUMMARY_SHEET and RAW_SHEET in book.sheetnames
    assert EVIDENCE_SHEET not in book.sheetnames  # no evidence files: no empty sheet
    sheet = book[SUMMARY_SHEET]
    table = _table(sheet)
    confirmed = [FIGURES["a"], FIGURES["b"]]
    for indicator in FORM.indicators:
        given = [f[indicator.key] for f in confirmed if f.get(indicator.key) is not None]
        expected = (sum(1 for v in given if v) if indicator.kind == "yesno" else sum(given)) if given else "—"
        assert table[for_plan(indicator.label, 2025)].value == expected, indicator.key  # "—": nobody gave a figure
    assert table["Số người tham gia hội thảo, tọa đàm"].number_format == NUMBER_FORMAT  # shown 1.230 / 1,230
    assert table["Tổng kinh phí khen thưởng"].number_format == MONEY_FORMAT
    assert table["Tổng kinh phí khen thưởng"].value == 1_500_000
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    assert "BÁO CÁO TỔNG HỢP KẾT QUẢ TỔ CHỨC TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2025" in texts
    assert any("Số đơn vị đã báo cáo: 2/4" in text for text in texts)
    assert not any("2023" in text for text in texts)  # the default form's year and dates never leak
    library = next(label for label in table if label.startswith("Số cơ sở giáo dục"))
    assert "có thư viện" in library and "2023" not in library and "05/9" not in library


async def test_summary_sheet_prints_on_a4_one_page_wide_with_borders_and_a_repeated_frozen_header(db, knowledge):
    desk = await _desk(db, knowledge)
    book = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx))
    sheet = book[SUMMARY_SHEET]
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == COLUMNS[0])
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "portrait"  # 9: A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.freeze_panes == f"A{header + 1}"
    label = sheet.cell(row=header + 2, column=1)
    assert label.border.left.style == "thin" and label.alignment.wrap_text
    assert sheet.column_dimensions["A"].width >= 50
    assert "&P" in sheet.oddFooter.center.text  # page numbers


async def test_a_sheet_per_reporting_unit_with_a_valid_readable_name(db, knowledge):
    desk = await _desk(db, knowledge)
    book = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx))
    assert "Trường A" in book.sheetnames and "Trường B số 2 3" in book.sheetnames
    assert "Trường C" not in book.sheetnames  # a draft is not a report
    unit = book["Trường A"]
    rows = {row[0]: row[1] for row in unit.iter_rows(values_only=True) if row and row[0]}
    assert rows["Số bài viết trên các báo"] == 3 and rows["Kế hoạch tổ chức Tuần lễ HTSĐ"] == "Có"
    assert any("đã nộp (thiếu 30 câu)" in str(value) for value in rows)  # 4 of 34 figures


async def test_a_units_sheet_names_each_unit_once_and_says_why_a_figure_is_missing(db, knowledge):
    """Money is a plain number beside its unit column (not "7 đồng đồng"); a question the unit was not
    asked, or left blank, is "—" with the reason, never an empty cell with a unit word."""
    desk = await _desk(db, knowledge)
    book = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx))
    cells = {row[0].value: row for row in book["Trường A"].iter_rows() if row[0].value}
    budget = cells["Tổng kinh phí khen thưởng"]
    assert (budget[1].value, budget[2].value) == (1_500_000, "đồng") and "đồng" not in budget[1].number_format
    other = {row[0].value: (row[1].value, row[2].value) for row in book["Trường B số 2 3"].iter_rows() if row[0].value}
    library = next(label for label in other if str(label).startswith("Số cơ sở giáo dục"))
    assert other[library] == ("—", "chưa trả lời")  # asked, no figure
    assert other["Tổng kinh phí khen thưởng"] == ("—", "không được hỏi")
    assert other["Số bài viết trên các báo"] == (7, "bài")


async def test_earlier_versions_of_a_report_are_in_the_workbook_with_their_time_and_who_changed_them(db, knowledge):
    from sqlalchemy import select, update

    from bot.db.models import Submission, SubmissionHistory, SubmissionValue
    from bot.summary.export import CHANGES_SHEET
    from tests.summary_helpers import add_user

    desk = await _desk(db, knowledge)
    book = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx))
    assert CHANGES_SHEET not in book.sheetnames  # nobody amended: no empty sheet
    await add_user(db, 31, "staff", unit_id="b", name="Cô Mai")
    async with db.transaction() as session:
        sid = await session.scalar(select(Submission.id).where(Submission.unit_id == "b"))
        await session.execute(update(Submission).where(Submission.id == sid).values(version=2))
        await session.execute(
            update(SubmissionValue)
            .where(SubmissionValue.submission_id == sid, SubmissionValue.indicator_key == "press_articles")
            .values(value=9)
        )
        session.add(
            SubmissionHistory(
                submission_id=sid, unit_id="b", indicator_key="press_articles", old_value=7, new_value=9,
                changed_by=31, changed_at=vn(2025, 10, 17, 8, 15), version=2,
            )
        )  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx))
    rows = [row for row in book[CHANGES_SHEET].iter_rows(min_row=3, values_only=True) if row[0]]
    assert rows == [
        (1, "Trường B: số 2/3", 2, dt.datetime(2025, 10, 17, 8, 15), "Cô Mai", "Số bài viết trên các báo", 7, 9)
    ]


async def test_matrix_has_every_unit_with_status_version_real_time_and_a_total_row_that_computes(db, knowledge):
    desk = await _desk(db, knowledge)
    book = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx))
    sheet = book[RAW_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:9] == (
        "STT",
        "Mã đơn vị",
        "Tên đơn vị",
        "Tình trạng",
        "Số câu thiếu",
        "Lần xác nhận",
        "Xác nhận lúc",
        "Người xác nhận",
        "Nộp muộn",
    )
    by_unit = {row[1]: row for row in rows[1:-1]}
    assert set(by_unit) == {"a", "b", "c", "d"}
    assert by_unit["a"][3] == "đã nộp (thiếu 30 câu)" and by_unit["c"][3] == "đang nhập"
    assert by_unit["d"][3] == "chưa nộp" and by_unit["d"][6] is None
    assert by_unit["a"][5] == 1 and by_unit["a"][6] == dt.datetime(2025, 10, 6, 9, 30)  # local time, a real date
    assert sheet.cell(row=2, column=7).number_format == "dd/mm/yyyy hh:mm"
    assert by_unit["b"][8] == "có" and by_unit["a"][8] is None  # b confirmed after 15/10
    column = header.index("Số bài viết trên các báo (bài)")
    assert by_unit["a"][column] == 3 and by_unit["c"][column] is None
    total = sheet.cell(row=len(rows), column=column + 1)
    assert rows[-1][2] == "TỔNG CỘNG" and total.value == f"=SUM({total.column_letter}2:{total.column_letter}5)"
    values = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx), data_only=True)[RAW_SHEET]
    assert values.cell(row=len(rows), column=column + 1).value == 10  # cached: readers that do not compute see it
    assert sheet.freeze_panes == "D2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    assert sheet.cell(row=3, column=column + 1).number_format == NUMBER_FORMAT
    # printed in slices of columns, the units' names repeated on each page (not 43 columns squeezed)
    assert sheet.print_title_cols == "$A:$C" and not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert [brk.id for brk in sheet.col_breaks.brk][:3] == [9, 16, 23]
    clc = header.index(next(title for title in header if str(title).startswith("Số Trung tâm HTCĐ có đủ")))
    assert rows[-1][clc] == "—"  # nobody was asked: the total is not a 0


async def test_many_units_get_the_matrix_instead_of_a_sheet_each(db, knowledge):
    names = {f"u{i:03d}": f"Trường số {i}" for i in range(MAX_UNIT_SHEETS + 5)}
    await add_units(db, names)
    for unit_id in names:
        await add_submission(db, unit_id, {"press_articles": 1})
    desk = make_desk(db, knowledge)
    book = openpyxl.load_workbook(io.BytesIO((await desk.export(PLAN)).xlsx), read_only=True)
    assert book.sheetnames == [SUMMARY_SHEET, RAW_SHEET]


async def test_evidence_sheet_lists_the_files_units_attached(db, knowledge):
    desk = await _desk(db, knowledge)
    inputs = await desk.inputs(PLAN)
    evidence = [
        EvidenceRow("b", "Ảnh lễ khai mạc", vn(2025, 10, 2, 8, 15), "khai-mac.jpg"),
        EvidenceRow("a", "Băng rôn trước cổng", vn(2025, 10, 3, 7, 0), "bang-ron.jpg"),
    ]
    inputs.data.evidence.extend(evidence)
    book = openpyxl.load_workbook(io.BytesIO(build_export(inputs).xlsx))
    rows = list(book[EVIDENCE_SHEET].iter_rows(values_only=True))
    assert rows[0] == ("STT", "Đơn vị", "Chú thích", "Thời gian gửi", "Tệp")
    assert rows[1] == (1, "Trường A", "Băng rôn trước cổng", dt.datetime(2025, 10, 3, 7, 0), "bang-ron.jpg")
    assert rows[2][1:3] == ("Trường B: số 2/3", "Ảnh lễ khai mạc")


async def test_csv_has_every_unit_with_its_status_and_a_total_row(db, knowledge):
    desk = await _desk(db, knowledge)
    export = await desk.export(PLAN)
    assert export.csv.startswith("\ufeff".encode())
    assert export.xlsx_name == "tong-hop-namtrieu-2025-2025-10-17.xlsx" and export.csv_name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(export.csv.decode("utf-8-sig"))))
    by_id = {row[0]: row for row in rows[1:-1]}
    assert by_id["c"][2] == "đang nhập" and by_id["d"][2] == "chưa nộp"
    assert by_id["a"][2] == "đã nộp (thiếu 30 câu)" and by_id["a"][5:7] == ["1", "30"]
    column = rows[0].index("Số bài viết trên các báo (bài)")
    assert by_id["a"][column] == "3" and rows[-1][1] == "TỔNG CỘNG" and rows[-1][column] == "10"
    nobody = rows[0].index(next(title for title in rows[0] if title.startswith("Số Trung tâm HTCĐ có đủ")))
    assert rows[-1][nobody] == ""  # no report gives it: no total of 0


def test_sheet_titles_are_valid_unique_readable_and_at_most_31_characters():
    used: set[str] = set()
    first = sheet_title("Trường [THCS]: A/B*?" + "x" * 40, used)
    second = sheet_title("Trường [THCS]: A/B*?" + "x" * 40, used)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)
    assert sheet_title("Trường Tiểu học xã Đăk Plô (ví dụ)", used) == "TH xã Đăk Plô (ví dụ)"
    assert sheet_title("Trường PTDTBT TH&THCS xã Đăk Plô (ví dụ)", used) == "PTDTBT TH&THCS xã Đăk Plô"
    long = sheet_title("Trường Trung học cơ sở Nguyễn Văn Trỗi phường Nam Triệu thành phố Hải Phòng", used)
    assert len(long) <= 31 and long.endswith("…") and long.startswith("THCS Nguyễn Văn Trỗi")
    assert sheet_title("Trường A", {"trường a"}) == "Trường A (2)"
