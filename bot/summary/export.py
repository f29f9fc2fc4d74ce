"""The aggregated report as files an official forwards upward: .xlsx (shaped like the An Lão
2023 "Mẫu Báo cáo": Nội dung hoạt động | Kết quả, số lượng | Ghi chú) and .csv.

Workbooks are written in openpyxl's write-only mode so 10,000 units stay fast and small.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.reports.form import Form, Indicator
from bot.summary.build import Summary, is_late, vn_date
from bot.summary.data import PlanData, SubmissionRow

COLUMNS = ("Nội dung hoạt động", "Kết quả, số lượng", "Ghi chú")
SUMMARY_SHEET = "Tổng hợp"
RAW_SHEET = "Số liệu gốc"
#: Above this many reporting units, per-unit sheets are left out (the raw sheet has every unit).
MAX_UNIT_SHEETS = 300
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _note(indicator: Indicator) -> str:
    if indicator.kind == "yesno":
        return "Số đơn vị trả lời có"
    return f"Đơn vị tính: {indicator.unit}"


def _result(indicator: Indicator, total: int, units_yes: int) -> int:
    return units_yes if indicator.kind == "yesno" else total


def _local(moment: dt.datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%d/%m/%Y %H:%M") if moment else ""


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique worksheet title (≤ 31 characters, no []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub(" ", name).strip().strip("'") or "Đơn vị"
    base = base[:31]
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def _bold(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def _wrap(sheet: WriteOnlyWorksheet, value: object, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    return cell


def build_xlsx(summary: Summary, form: Form, data: PlanData, tz: ZoneInfo, generated_at: dt.datetime) -> bytes:
    """The workbook: 'Tổng hợp' (the template, totals per indicator), one sheet per reporting
    unit (up to MAX_UNIT_SHEETS), and 'Số liệu gốc' (every confirmed report, with timestamps)."""
    workbook = Workbook(write_only=True)
    used: set[str] = {SUMMARY_SHEET.lower(), RAW_SHEET.lower()}
    _summary_sheet(workbook, summary, form, data, tz, generated_at)
    units = {unit.id: unit for unit in data.units}
    submissions = sorted(
        (s for s in data.submissions if s.unit_id in units), key=lambda s: (units[s.unit_id].name, s.unit_id)
    )
    if len(submissions) <= MAX_UNIT_SHEETS:
        for submission in submissions:
            _unit_sheet(workbook, sheet_title(units[submission.unit_id].name, used), submission, form, units, tz)
    _raw_sheet(workbook, summary, form, data, submissions, tz)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary_sheet(
    workbook: Workbook, summary: Summary, form: Form, data: PlanData, tz: ZoneInfo, generated_at: dt.datetime
) -> None:
    sheet = workbook.create_sheet(SUMMARY_SHEET)
    sheet.column_dimensions["A"].width = 80
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 30
    sheet.append([_bold(sheet, form.title.upper())])
    sheet.append([summary.plan_label])
    sheet.append([f"Tổng hợp đến {_local(generated_at, tz)}"])
    deadline = f"Hạn báo cáo của các đơn vị: {vn_date(summary.deadline)}" if summary.deadline else ""
    sheet.append([f"Số đơn vị đã báo cáo: {summary.reported}/{summary.expected}", None, deadline])
    if summary.late:
        sheet.append([f"Nộp muộn: {', '.join(unit.name for unit in summary.late[:100])}"])
    if summary.missing:
        more = f" và {len(summary.missing) - 100} đơn vị khác" if len(summary.missing) > 100 else ""
        sheet.append([f"Chưa báo cáo: {', '.join(unit.name for unit in summary.missing[:100])}{more}"])
    if len(summary.reported_units) > MAX_UNIT_SHEETS:
        sheet.append([f"Số liệu từng đơn vị: xem trang “{RAW_SHEET}”."])
    sheet.append([])
    sheet.append([_bold(sheet, "II. Kết quả cụ thể")])
    sheet.append([_bold(sheet, column) for column in COLUMNS])
    for section in summary.sections:
        sheet.append([_wrap(sheet, f"{section.number}. {section.title}", bold=True)])
        for item in section.items:
            indicator = item.indicator
            sheet.append(
                [
                    _wrap(sheet, indicator.label),
                    _result(indicator, item.total, item.units),
                    _note(indicator),
                ]
            )


def _unit_sheet(
    workbook: Workbook, title: str, submission: SubmissionRow, form: Form, units: dict, tz: ZoneInfo
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.column_dimensions["A"].width = 80
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 30
    unit = units[submission.unit_id]
    sheet.append([_bold(sheet, unit.name)])
    sheet.append([f"Xác nhận lúc {_local(submission.confirmed_at, tz)} (lần {submission.version})"])
    sheet.append([_bold(sheet, column) for column in COLUMNS])
    for number, section in enumerate(form.sections, start=1):
        sheet.append([_wrap(sheet, f"{number}. {section.title}", bold=True)])
        for indicator in section.indicators:
            value = submission.values.get(indicator.key)
            if indicator.kind == "yesno" and value is not None:
                shown: object = "Có" if value else "Không"
            else:
                shown = value
            sheet.append([_wrap(sheet, indicator.label), shown, "" if indicator.kind == "yesno" else indicator.unit])


def _raw_header(form: Form) -> list[str]:
    return [
        "Mã đơn vị",
        "Tên đơn vị",
        "Lần xác nhận",
        "Xác nhận lúc",
        "Người xác nhận",
        "Nộp muộn",
        *(f"{indicator.label} ({indicator.unit or 'có=1'})" for indicator in form.indicators),
    ]


def _raw_sheet(
    workbook: Workbook, summary: Summary, form: Form, data: PlanData, submissions: list[SubmissionRow], tz: ZoneInfo
) -> None:
    sheet = workbook.create_sheet(RAW_SHEET)
    sheet.append(_raw_header(form))
    units = {unit.id: unit for unit in data.units}
    keys = [indicator.key for indicator in form.indicators]
    for submission in submissions:
        values = submission.values
        sheet.append(
            [
                submission.unit_id,
                units[submission.unit_id].name,
                submission.version,
                _local(submission.confirmed_at, tz),
                submission.confirmed_by,
                "có" if is_late(submission, summary.deadline, tz) else "",
                *(values.get(key) for key in keys),
            ]
        )


def build_csv(summary: Summary, form: Form, data: PlanData, tz: ZoneInfo) -> bytes:
    """One row per unit (reported or not) with every figure, then a total row; UTF-8 with a
    BOM so Excel shows the Vietnamese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    indicators = form.indicators
    writer.writerow(
        ["Mã đơn vị", "Tên đơn vị", "Trạng thái", "Xác nhận lúc", "Nộp muộn"]
        + [f"{indicator.label} ({indicator.unit or 'có=1'})" for indicator in indicators]
    )
    by_unit = {s.unit_id: s for s in data.submissions}
    for unit in data.units:
        submission = by_unit.get(unit.id)
        if submission is None:
            writer.writerow([unit.id, unit.name, "chưa báo cáo", "", ""] + [""] * len(indicators))
            continue
        values = submission.values
        writer.writerow(
            [
                unit.id,
                unit.name,
                "đã báo cáo",
                _local(submission.confirmed_at, tz),
                "có" if is_late(submission, summary.deadline, tz) else "",
            ]
            + ["" if values.get(i.key) is None else values[i.key] for i in indicators]
        )
    totals = {item.indicator.key: item for section in summary.sections for item in section.items}
    writer.writerow(
        ["", "TỔNG CỘNG", f"{summary.reported}/{summary.expected}", "", ""]
        + [_result(i, totals[i.key].total, totals[i.key].units) for i in indicators]
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_filename(plan_id: str, day: dt.date, extension: str) -> str:
    return f"tong-hop-{plan_id}-{day.isoformat()}.{extension}"
