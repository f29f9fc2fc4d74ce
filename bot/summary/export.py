"""The aggregated report as files an official forwards upward: .xlsx (shaped like the An Lão
2023 "Mẫu Báo cáo": Nội dung hoạt động | Kết quả, số lượng | Ghi chú) and .csv.

Workbooks are written in openpyxl's write-only mode so 10,000 units stay fast and small.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import zipfile
from xml.sax.saxutils import escape as xml_escape
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.formats import vn_date
from bot.reports.form import Form, Indicator
from bot.summary.build import Summary
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
    workbook.create_sheet(RAW_SHEET)
    buffer = io.BytesIO()
    workbook.save(buffer)
    raw = _sheet_xml(_raw_rows(summary, form, data, submissions, tz), {0: 12, 1: 40, 3: 17, 4: 20})
    return _replace_part(buffer.getvalue(), _sheet_part(zipfile.ZipFile(buffer), RAW_SHEET), raw)


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
                    item.total,
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


def _raw_rows(
    summary: Summary, form: Form, data: PlanData, submissions: list[SubmissionRow], tz: ZoneInfo
) -> list[list[object]]:
    units = {unit.id: unit for unit in data.units}
    keys = [indicator.key for indicator in form.indicators]
    rows: list[list[object]] = [list(_raw_header(form))]
    for submission in submissions:
        values = submission.values
        rows.append(
            [
                submission.unit_id,
                units[submission.unit_id].name,
                submission.version,
                _local(submission.confirmed_at, tz),
                submission.confirmed_by,
                "có" if summary.is_late(submission.unit_id) else "",
                *map(values.get, keys),
            ]
        )
    return rows


# -- the raw sheet, streamed as XML ------------------------------------------------------------------------
# openpyxl writes ~40,000 cells/s in pure Python; the raw sheet of 10,000 units has ~400,000.
# So the workbook is made by openpyxl with an empty raw sheet, whose XML part is then replaced
# by one written here (numbers and inline strings only, no shared strings or styles).

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _column_letters(n: int) -> list[str]:
    return [get_column_letter(i + 1) for i in range(n)]


def _sheet_xml(rows: list[list[object]], widths: dict[int, float]) -> bytes:
    width = max((len(row) for row in rows), default=1)
    letters = _column_letters(width)
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">',
        f'<dimension ref="A1:{letters[-1]}{max(len(rows), 1)}"/>',
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>',
    ]
    if widths:
        parts.append("<cols>")
        parts += [f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in sorted(widths.items())]
        parts.append("</cols>")
    parts.append("<sheetData>")
    escape = xml_escape
    for r, row in enumerate(rows, start=1):
        cells: list[str] = []
        append = cells.append
        for letter, value in zip(letters, row, strict=False):
            kind = type(value)
            if kind is int:
                append(f'<c r="{letter}{r}"><v>{value}</v></c>')
            elif value is None or value == "":
                continue
            elif isinstance(value, bool | float):
                append(f'<c r="{letter}{r}"><v>{int(value) if isinstance(value, bool) else value}</v></c>')
            else:
                text = escape(_ILLEGAL_XML.sub("", str(value)))
                append(f'<c r="{letter}{r}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode("utf-8")


def _sheet_part(package: zipfile.ZipFile, title: str) -> str:
    """The zip path of the worksheet called `title` (from workbook.xml and its relationships)."""
    workbook = package.read("xl/workbook.xml").decode("utf-8")
    rels = package.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    for match in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        tag = match.group(0)
        name = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\br:id="([^"]*)"', tag) or re.search(r'\bid="([^"]*)"', tag)
        if name and rid and html.unescape(name.group(1)) == title:
            for rel in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
                if f'Id="{rid.group(1)}"' in rel.group(0):
                    target = re.search(r'Target="([^"]*)"', rel.group(0))
                    if target:
                        path = target.group(1)
                        return path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    raise KeyError(title)


def _replace_part(xlsx: bytes, part: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            data = content if item.filename == part else source.read(item.filename)
            target.writestr(item.filename, data)
    return out.getvalue()


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
    keys = [indicator.key for indicator in indicators]
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
                "có" if summary.is_late(submission.unit_id) else "",
                *map(values.get, keys),
            ]
        )
    totals = {item.indicator.key: item for section in summary.sections for item in section.items}
    writer.writerow(
        ["", "TỔNG CỘNG", f"{summary.reported}/{summary.expected}", "", ""] + [totals[key].total for key in keys]
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_filename(plan_id: str, day: dt.date, extension: str) -> str:
    return f"tong-hop-{plan_id}-{day.isoformat()}.{extension}"
