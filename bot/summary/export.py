"""The aggregated report as files an official prints, computes with and forwards: .xlsx and .csv.

The workbook (openpyxl) is made to print and to compute: borders, column widths, wrapped labels,
numbers with thousands separators (money in đồng), frozen header rows, A4 print setup fit to one page
wide with the header row repeated, page numbers, unique readable sheet names of at most 31 characters.

* "Tổng hợp": the An Lão "Mẫu Báo cáo" table (Nội dung hoạt động | Kết quả, số lượng | Ghi chú) with
  the totals of the confirmed reports, and how many units reported, on time or not, by status;
* one sheet per reporting unit (up to `MAX_UNIT_SHEETS`; above that the next sheet is the matrix);
* "Số liệu từng đơn vị": a unit × indicator matrix of every active unit: status, version,
  confirmation time (a real date), late, each figure, and a total row (SUM formulas with their values;
  "—" where nobody gave a figure); printed A4 landscape in slices of 7 figure columns, the units'
  number, id and name repeated on each page;
* "Các lần sửa báo cáo": each figure a unit changed when it confirmed its report again (version,
  time, by whom, old → new), when some did: with the current figures, every earlier version;
* "Minh chứng": the evidence files (unit, caption, time) when there are some.

The matrix has ~430,000 cells for 10,000 units and openpyxl writes ~40,000 cells/s, so openpyxl
writes that sheet with its header row, styles and print setup, and its data rows are streamed here
into the sheet's XML (numbers and inline strings referring to openpyxl's own cell styles).
Every function is pure: call `build_xlsx` / `build_csv` in a worker thread or process.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import queue
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from operator import itemgetter
from typing import IO
from xml.sax.saxutils import escape as xml_escape
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from bot.formats import vn_date
from bot.kb.schema import Plan
from bot.messages import summary as texts
from bot.reports.form import Form, Indicator
from bot.summary.build import Summary, no_figure_note
from bot.summary.data import ChangeRow, EvidenceRow, PlanData, UnitRow
from bot.summary.labels import for_plan
from bot.summary.status import UnitState, status_phrase

COLUMNS = texts.DOC_TABLE_COLUMNS
SUMMARY_SHEET = texts.XLSX_SUMMARY_SHEET
RAW_SHEET = texts.XLSX_UNITS_SHEET
EVIDENCE_SHEET = texts.XLSX_EVIDENCE_SHEET
CHANGES_SHEET = texts.XLSX_CHANGES_SHEET
#: above this many reporting units there is no sheet per unit: the matrix sheet has them all
MAX_UNIT_SHEETS = 30
#: names listed in a cell of the summary sheet ("Chưa báo cáo: …") before "và N đơn vị khác"
MAX_NAMES_IN_CELL = 60
MAX_SHEET_TITLE = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
#: characters XML 1.0 cannot hold (removed), and the three it must escape
_XML_TEXT = str.maketrans(
    {**{code: None for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]},
     "&": "&amp;", "<": "&lt;", ">": "&gt;"}
)  # fmt: skip

FONT = "Times New Roman"
FONT_SIZE = 12
MATRIX_FONT_SIZE = 11
NUMBER_FORMAT = "#,##0"
MONEY_FORMAT = '#,##0 "đồng"'
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", start_color="D9E2F3")
SECTION_FILL = PatternFill("solid", start_color="F2F2F2")
TOTAL_FILL = PatternFill("solid", start_color="FFF2CC")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
CENTER = Alignment(horizontal="center", vertical="top")
NOTE = Alignment(wrap_text=True, vertical="top", indent=1)
#: the summary sheet's columns: label, figure, note (characters; A4 portrait at ~100 %)
SUMMARY_WIDTHS = (62, 17, 26)
#: the matrix: number, id, name, status, missing, version, time, by, late; then each figure
MATRIX_WIDTHS = (5, 12, 30, 16, 7, 7, 15, 14, 7)
MATRIX_FIGURE_WIDTH = 10
#: money needs room for "25.000.000" (a narrower column shows ###)
MATRIX_MONEY_WIDTH = 13
#: the matrix prints this many figure columns per A4 landscape page, at this scale (%)
MATRIX_FIGURES_PER_PAGE = 7
MATRIX_PRINT_SCALE = 90


# -- sheet names ---------------------------------------------------------------------------------------


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique, readable worksheet title (≤ 31 characters, none of []:*?/\\): common words
    abbreviated first ("Trường Tiểu học" -> "TH"), then parentheses dropped, then cut at a word."""
    base = " ".join(_BAD_SHEET_CHARS.sub(" ", name).split()).strip("'") or "Đơn vị"
    if len(base) > MAX_SHEET_TITLE:
        for long, short in texts.SHEET_ABBREVIATIONS:
            base = re.sub(re.escape(long), short, base, flags=re.IGNORECASE)
        base = " ".join(base.split())
    if len(base) > MAX_SHEET_TITLE:
        base = " ".join(re.sub(r"\([^()]*\)", " ", base).split()) or base
    base = _cut(base, MAX_SHEET_TITLE)
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = _cut(base, MAX_SHEET_TITLE - len(suffix), ellipsis=False) + suffix
        n += 1
    used.add(title.lower())
    return title


def _cut(text: str, limit: int, *, ellipsis: bool = True) -> str:
    if len(text) <= limit:
        return text
    room = limit - 1 if ellipsis else limit
    cut = text[:room]
    if " " in cut[room // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,-–(") + ("…" if ellipsis else "")


# -- cell helpers (openpyxl, for the small sheets) --------------------------------------------------------


def _put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: object,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = FONT_SIZE,
    border: bool = False,
    fill: PatternFill | None = None,
    alignment: Alignment = WRAP_TOP,
    number_format: str | None = None,
) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = Font(name=FONT, bold=bold, italic=italic, size=size)
    if border:
        cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format


def _merged_line(sheet: Worksheet, row: int, text: str, width: int, **style: object) -> None:
    """A line of text across the table's columns (its height is set by `_fit_rows`)."""
    _put(sheet, row, 1, text, **style)  # type: ignore[arg-type]
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _fit_rows(sheet: Worksheet) -> None:
    """Give each row the height of its longest wrapped text. Spreadsheet programs do not grow rows
    for merged cells, and LibreOffice does not grow them on opening either: without this, wrapped
    labels overlap the next row when printed."""
    widths = {column: sheet.column_dimensions[get_column_letter(column)].width or 8.43 for column in range(1, 30)}
    spans = {
        (merged.min_row, merged.min_col): sum(widths[c] for c in range(merged.min_col, merged.max_col + 1))
        for merged in sheet.merged_cells.ranges
    }
    for row in sheet.iter_rows():
        lines, size = 1, float(FONT_SIZE)
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue  # the other cells of a merged range hold None
            width = spans.get((cell.row, cell.column), widths.get(cell.column, 8.43))
            font_size = float(cell.font.size or FONT_SIZE)
            per_line = max(1.0, width * (1.2 if cell.font.bold else 1.35) * FONT_SIZE / font_size)
            needed = sum(max(1, math.ceil(len(part) / per_line)) for part in cell.value.split("\n"))
            lines, size = max(lines, needed), max(size, font_size)
        if lines > 1 or size > FONT_SIZE:
            sheet.row_dimensions[row[0].row].height = lines * size * 1.3 + 2


def _print_setup(
    sheet: Worksheet, *, landscape: bool = False, pages_wide: int = 1, title_rows: str | None = None
) -> None:
    """A4, `pages_wide` pages wide (as many pages down as needed), page numbers, header rows repeated."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = texts.XLSX_FOOTER
    if title_rows:
        sheet.print_title_rows = title_rows


def _names(units: Sequence[UnitRow]) -> str:
    shown = ", ".join(unit.name for unit in units[:MAX_NAMES_IN_CELL])
    if len(units) > MAX_NAMES_IN_CELL:
        return texts.PREFILL_MORE_NAMES.format(names=shown, count=len(units) - MAX_NAMES_IN_CELL)
    return shown


def _local(moment: dt.datetime | None, tz: ZoneInfo) -> str:
    """'06/10/2025 09:30' in local time (an f-string: three times faster than strftime)."""
    if moment is None:
        return ""
    t = moment.astimezone(tz)
    return f"{t.day:02d}/{t.month:02d}/{t.year} {t.hour:02d}:{t.minute:02d}"


def _number_format(indicator: Indicator) -> str:
    return MONEY_FORMAT if indicator.kind == "money" else NUMBER_FORMAT


def _note(indicator: Indicator) -> str:
    if indicator.kind == "yesno":
        return texts.XLSX_NOTE_YESNO
    return texts.XLSX_NOTE_UNIT.format(unit=indicator.unit)


# -- the summary sheet ---------------------------------------------------------------------------------


def _summary_sheet(
    sheet: Worksheet, plan: Plan, summary: Summary, form: Form, tz: ZoneInfo, generated_at: dt.datetime
) -> None:
    for index, width in enumerate(SUMMARY_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    local = generated_at.astimezone(tz)
    row = 1
    _merged_line(sheet, row, plan.unit(plan.issuer).name.upper(), 3, bold=True)
    row += 1
    _merged_line(sheet, row, texts.XLSX_TITLE.format(year=plan.year), 3, bold=True, size=13, alignment=WRAP_CENTER)
    row += 1
    _merged_line(sheet, row, summary.plan_label, 3, italic=True, alignment=WRAP_CENTER)
    row += 1
    as_of = texts.XLSX_AS_OF.format(time=local.strftime("%H:%M"), date=vn_date(local.date()))
    _merged_line(sheet, row, as_of, 3, italic=True, alignment=WRAP_CENTER)
    row += 2
    deadline = (
        texts.XLSX_DEADLINE.format(deadline=vn_date(summary.deadline)) if summary.deadline else texts.XLSX_NO_DEADLINE
    )
    lines = [texts.XLSX_REPORTED.format(reported=summary.reported, expected=summary.expected) + "; " + deadline]
    parts = status_phrase(summary.status_counts)
    if parts:
        lines.append(texts.XLSX_STATUS_COUNTS.format(parts=parts))
    if summary.late:
        lines.append(texts.XLSX_LATE.format(count=len(summary.late), names=_names(summary.late)))
    if summary.missing:
        lines.append(texts.XLSX_MISSING.format(count=len(summary.missing), names=_names(summary.missing)))
    lines.append(texts.XLSX_SEE_UNITS.format(sheet=RAW_SHEET))
    for line in lines:
        _merged_line(sheet, row, line, 3)
        row += 1
    row += 1
    _put(sheet, row, 1, texts.XLSX_SECTION_RESULTS, bold=True)
    row += 1
    header = row
    for column, title in enumerate(COLUMNS, start=1):
        _put(sheet, row, column, title, bold=True, border=True, fill=HEADER_FILL, alignment=WRAP_CENTER)
    for section in summary.sections:
        row += 1
        title = f"{section.number}. {for_plan(section.title, plan.year)}"
        for column in (1, 2, 3):
            _put(sheet, row, column, title if column == 1 else None, bold=True, border=True, fill=SECTION_FILL)
        for item in section.items:
            row += 1
            indicator = item.indicator
            _put(sheet, row, 1, for_plan(indicator.label, plan.year), border=True)
            if item.reported:
                _put(sheet, row, 2, item.total, border=True, number_format=_number_format(indicator))
                _put(sheet, row, 3, _note(indicator), border=True, alignment=NOTE)
            else:  # nobody asked or nobody answered: no 0 nobody reported
                _put(sheet, row, 2, texts.DOC_NO_FIGURE, border=True, alignment=CENTER)
                _put(sheet, row, 3, no_figure_note(item, summary.reported), border=True, alignment=NOTE)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    _fit_rows(sheet)
    _print_setup(sheet, title_rows=f"{header}:{header}")


# -- one sheet per unit ----------------------------------------------------------------------------------


def _unit_sheet(sheet: Worksheet, plan: Plan, form: Form, state: UnitState, tz: ZoneInfo) -> None:
    submission = state.submission
    assert submission is not None
    for index, width in enumerate(SUMMARY_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    _merged_line(sheet, 1, state.unit.name, 3, bold=True, size=13)
    confirmed = texts.XLSX_UNIT_CONFIRMED.format(
        time=_local(submission.confirmed_at, tz), version=submission.version, status=state.label
    )
    _merged_line(sheet, 2, confirmed, 3, italic=True)
    row = 3
    if submission.review is not None and submission.review.note:
        _merged_line(sheet, row, texts.XLSX_UNIT_REVIEW_NOTE.format(note=submission.review.note), 3, italic=True)
        row += 1
    row += 1
    header = row
    for column, title in enumerate(COLUMNS, start=1):
        _put(sheet, row, column, title, bold=True, border=True, fill=HEADER_FILL, alignment=WRAP_CENTER)
    for number, section in enumerate(form.sections, start=1):
        row += 1
        title = f"{number}. {for_plan(section.title, plan.year)}"
        for column in (1, 2, 3):
            _put(sheet, row, column, title if column == 1 else None, bold=True, border=True, fill=SECTION_FILL)
        for indicator in section.indicators:
            row += 1
            value = submission.values.get(indicator.key)
            _put(sheet, row, 1, for_plan(indicator.label, plan.year), border=True)
            if value is None:  # no figure: say why, with no unit word beside an empty cell
                asked = submission.asked is None or indicator.key in submission.asked
                _put(sheet, row, 2, texts.DOC_NO_FIGURE, border=True, alignment=CENTER)
                note = texts.XLSX_UNIT_NOT_ANSWERED if asked else texts.XLSX_UNIT_NOT_ASKED
                _put(sheet, row, 3, note, border=True, alignment=NOTE)
                continue
            if indicator.kind == "yesno":
                shown = texts.XLSX_YES if value else texts.XLSX_NO
                _put(sheet, row, 2, shown, border=True, alignment=CENTER)
                _put(sheet, row, 3, "", border=True, alignment=NOTE)
                continue
            # the unit is in its own column: the figure is a plain number (never "7 đồng đồng")
            _put(sheet, row, 2, value, border=True, number_format=NUMBER_FORMAT)
            _put(sheet, row, 3, indicator.unit, border=True, alignment=NOTE)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    _fit_rows(sheet)
    _print_setup(sheet, title_rows=f"{header}:{header}")


# -- the unit × indicator matrix ------------------------------------------------------------------------


@dataclass(frozen=True)
class _MatrixStyles:
    """Style ids (openpyxl's own cellXfs) for the streamed cells."""

    text: int
    number: int  # money too: "(đồng)" is in the column's header
    when: int
    total_text: int
    total_number: int


def _style_id(sheet: Worksheet, **style: object) -> int:
    cell = WriteOnlyCell(sheet)
    for name, value in style.items():
        setattr(cell, name, value)
    return int(cell.style_id)


def _matrix_styles(sheet: Worksheet) -> _MatrixStyles:
    bold = Font(name=FONT, size=MATRIX_FONT_SIZE, bold=True)
    plain = Font(name=FONT, size=MATRIX_FONT_SIZE)
    return _MatrixStyles(
        text=_style_id(sheet, font=plain, border=BORDER, alignment=Alignment(vertical="top")),
        number=_style_id(sheet, font=plain, border=BORDER, number_format=NUMBER_FORMAT),
        when=_style_id(sheet, font=plain, border=BORDER, number_format=DATE_TIME_FORMAT),
        total_text=_style_id(sheet, border=BORDER, font=bold, fill=TOTAL_FILL),
        total_number=_style_id(sheet, border=BORDER, font=bold, fill=TOTAL_FILL, number_format=NUMBER_FORMAT),
    )


def _indicator_header(indicator: Indicator, year: int) -> str:
    unit = indicator.unit or texts.XLSX_YESNO_UNIT
    return texts.XLSX_INDICATOR_HEADER.format(label=for_plan(indicator.label, year), unit=unit)


def _matrix_sheet(sheet: Worksheet, plan: Plan, form: Form) -> _MatrixStyles:
    """Header row, widths, views and print setup by openpyxl; the data rows come later (`_matrix_rows`)."""
    headers = [*texts.XLSX_UNITS_HEADER, *(_indicator_header(indicator, plan.year) for indicator in form.indicators)]
    for column, title in enumerate(headers, start=1):
        _put(
            sheet,
            1,
            column,
            title,
            bold=True,
            size=MATRIX_FONT_SIZE,
            border=True,
            fill=HEADER_FILL,
            alignment=WRAP_CENTER,
        )
    figure_widths = tuple(MATRIX_MONEY_WIDTH if i.kind == "money" else MATRIX_FIGURE_WIDTH for i in form.indicators)
    for column, width in enumerate(MATRIX_WIDTHS + figure_widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    longest = max(len(title) for title in headers)
    sheet.row_dimensions[1].height = min(200, math.ceil(longest / MATRIX_FIGURE_WIDTH + 1) * 15)
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"
    # Printed in slices of columns, each page A4 landscape at a readable size: the units' number, id
    # and name repeated on the left of every page, then the status columns, then the figures
    # MATRIX_FIGURES_PER_PAGE at a time (fit to a width, 43 columns would print at a third of
    # their size); a page break after each slice.
    _print_setup(sheet, landscape=True, title_rows="1:1")
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    sheet.page_setup.scale = MATRIX_PRINT_SCALE
    sheet.print_title_cols = "A:C"
    first = len(texts.XLSX_UNITS_HEADER)
    for column in range(first, len(headers), MATRIX_FIGURES_PER_PAGE):
        sheet.col_breaks.append(Break(id=column))
    return _matrix_styles(sheet)


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _excel_time(moment: dt.datetime | None, tz: ZoneInfo) -> float | None:
    """A spreadsheet date-time serial in local time (a real date: sortable, filterable)."""
    if moment is None:
        return None
    local = moment.astimezone(tz).replace(tzinfo=None)
    return (local - _EXCEL_EPOCH).total_seconds() / 86400


def _text(ref: str, style: int, text: str) -> str:
    """An inline-string cell (escaped, characters XML cannot hold removed)."""
    if not text:
        return f'<c r="{ref}" s="{style}"/>'
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{text.translate(_XML_TEXT)}</t></is></c>'


def _number(ref: str, style: int, value: float | None) -> str:
    return f'<c r="{ref}" s="{style}"/>' if value is None else f'<c r="{ref}" s="{style}"><v>{value}</v></c>'


class _HeadCells:
    """Columns A–I of a unit's row (number, id, name, status, missing answers, version, time, by,
    late) from two row templates prepared once: one `str.format` per row."""

    def __init__(self, styles: _MatrixStyles, tz: ZoneInfo) -> None:
        number, text = styles.number, styles.text
        self.styles, self.tz = styles, tz
        start = (
            f'<c r="A{{0}}" s="{number}"><v>{{1}}</v></c>'
            f'<c r="B{{0}}" s="{text}" t="inlineStr"><is><t>{{2}}</t></is></c>'
            f'<c r="C{{0}}" s="{text}" t="inlineStr"><is><t>{{3}}</t></is></c>'
            f'<c r="D{{0}}" s="{text}" t="inlineStr"><is><t>{{4}}</t></is></c>'
        )
        self.reported = (
            start + f'<c r="E{{0}}" s="{number}"><v>{{5}}</v></c><c r="F{{0}}" s="{number}"><v>{{6}}</v></c>'
        )
        self.unreported = start + "".join(f'<c r="{column}{{0}}" s="{text}"/>' for column in "EFGHI")

    def cells(self, row: int, index: int, state: UnitState, late: bool) -> str:
        unit, submission = state.unit, state.submission
        escaped = (unit.id.translate(_XML_TEXT), unit.name.translate(_XML_TEXT), state.label)
        if submission is None:
            return self.unreported.format(row, index, *escaped)
        styles = self.styles
        return (
            self.reported.format(row, index, *escaped, state.missing_answers, submission.version)
            + _number(f"G{row}", styles.when, _excel_time(submission.confirmed_at, self.tz))
            + _text(f"H{row}", styles.text, submission.confirmed_by)
            + _text(f"I{row}", styles.text, texts.XLSX_LATE_MARK if late else "")
        )


def _matrix_rows(form: Form, summary: Summary, tz: ZoneInfo, styles: _MatrixStyles) -> Iterable[str]:
    """The XML of rows 2… of the matrix: one per active unit, then the total row. The figure cells
    are the bulk (34 per unit): a report with every figure is one `str.format` of a row template
    (C speed); a report with gaps is written cell by cell."""
    indicators = form.indicators
    keys = [indicator.key for indicator in indicators]
    first = len(texts.XLSX_UNITS_HEADER)
    letters = [get_column_letter(first + i + 1) for i in range(len(keys))]
    value_styles = [styles.number] * len(indicators)
    template = "".join(
        f'<c r="{letter}{{0}}" s="{style}"><v>{{{i + 1}}}</v></c>'
        for i, (letter, style) in enumerate(zip(letters, value_styles, strict=True))
    )
    blank = "".join(f'<c r="{letter}{{0}}" s="{style}"/>' for letter, style in zip(letters, value_styles, strict=True))
    gaps = list(zip(letters, value_styles, strict=True))
    whole = itemgetter(*keys) if len(keys) > 1 else (lambda values: (values[keys[0]],))
    late_ids = summary.late_ids
    heads = _HeadCells(styles, tz)
    row = 1
    for index, state in enumerate(summary.states, start=1):
        row += 1
        head = heads.cells(row, index, state, state.unit.id in late_ids)
        if state.submission is None:
            yield f'<row r="{row}">{head}{blank.format(row)}</row>'
            continue
        values = state.submission.values
        try:
            figures_in_order = whole(values)
            if None in figures_in_order:
                raise KeyError("a figure is None")
            figures = template.format(row, *figures_in_order)
        except KeyError:
            figures = "".join(
                _number(f"{letter}{row}", style, values.get(key))
                for (letter, style), key in zip(gaps, keys, strict=True)
            )
        yield f'<row r="{row}">{head}{figures}</row>'
    yield _total_row(row + 1, form, summary, letters, styles)


def _total_row(row: int, form: Form, summary: Summary, letters: list[str], styles: _MatrixStyles) -> str:
    """TỔNG CỘNG: a SUM formula per figure column, with its value (readers that do not compute see it)."""
    items = {item.indicator.key: item for section in summary.sections for item in section.items}
    cells = [f'<c r="{get_column_letter(column)}{row}" s="{styles.total_text}"/>' for column in range(1, 10)]
    cells[2] = _text(f"C{row}", styles.total_text, texts.XLSX_TOTAL)
    last = row - 1
    totals = {key: item.total for key, item in items.items()}
    for letter, indicator in zip(letters, form.indicators, strict=True):
        if not items[indicator.key].reported:  # nobody gave a figure: no 0 nobody reported
            cells.append(_text(f"{letter}{row}", styles.total_text, texts.DOC_NO_FIGURE))
            continue
        style = styles.total_number
        formula = f"SUM({letter}2:{letter}{last})" if last >= 2 else "0"
        cells.append(f'<c r="{letter}{row}" s="{style}"><f>{formula}</f><v>{totals[indicator.key]}</v></c>')
    return f'<row r="{row}">{"".join(cells)}</row>'


# -- evidence --------------------------------------------------------------------------------------------


def _evidence_sheet(sheet: Worksheet, evidence: Sequence[EvidenceRow], units: dict[str, UnitRow], tz: ZoneInfo) -> None:
    widths = (6, 36, 50, 17, 30)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column, title in enumerate(texts.XLSX_EVIDENCE_HEADER, start=1):
        _put(sheet, 1, column, title, bold=True, border=True, fill=HEADER_FILL, alignment=WRAP_CENTER)
    ordered = sorted(
        evidence,
        key=lambda row: (
            units[row.unit_id].name if row.unit_id in units else row.unit_id,
            row.at or _EXCEL_EPOCH.replace(tzinfo=dt.UTC),
        ),
    )
    for index, item in enumerate(ordered, start=1):
        row = index + 1
        unit = units.get(item.unit_id)
        _put(sheet, row, 1, index, border=True, alignment=CENTER)
        _put(sheet, row, 2, unit.name if unit else item.unit_id, border=True)
        _put(sheet, row, 3, item.caption, border=True)
        local = item.at.astimezone(tz).replace(tzinfo=None) if item.at else None
        _put(sheet, row, 4, local, border=True, number_format=DATE_TIME_FORMAT)
        _put(sheet, row, 5, item.file_name or texts.XLSX_EVIDENCE_KINDS.get(item.kind, ""), border=True)
    sheet.freeze_panes = "A2"
    _fit_rows(sheet)
    _print_setup(sheet, title_rows="1:1")


# -- earlier versions --------------------------------------------------------------------------------------


def _changes_sheet(
    sheet: Worksheet, plan: Plan, form: Form, changes: Sequence[ChangeRow], units: dict[str, UnitRow], tz: ZoneInfo
) -> None:
    """Each figure a unit changed when confirming again: unit, version, time, by whom, old → new."""
    widths = (6, 30, 10, 17, 16, 46, 12, 12)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    _merged_line(sheet, 1, texts.XLSX_CHANGES_NOTE, len(widths), italic=True)
    for column, title in enumerate(texts.XLSX_CHANGES_HEADER, start=1):
        _put(sheet, 2, column, title, bold=True, border=True, fill=HEADER_FILL, alignment=WRAP_CENTER)
    indicators = {indicator.key: indicator for indicator in form.indicators}
    ordered = sorted(changes, key=lambda c: (units[c.unit_id].name if c.unit_id in units else c.unit_id, c.version))
    for index, change in enumerate(ordered, start=1):
        row = index + 2
        unit = units.get(change.unit_id)
        indicator = indicators.get(change.indicator_key)
        label = for_plan(indicator.label, plan.year) if indicator else change.indicator_key
        _put(sheet, row, 1, index, border=True, alignment=CENTER)
        _put(sheet, row, 2, unit.name if unit else change.unit_id, border=True)
        _put(sheet, row, 3, change.version, border=True, alignment=CENTER)
        local = change.at.astimezone(tz).replace(tzinfo=None) if change.at else None
        _put(sheet, row, 4, local, border=True, number_format=DATE_TIME_FORMAT)
        _put(sheet, row, 5, change.by, border=True)
        _put(sheet, row, 6, label, border=True)
        for column, value in ((7, change.old), (8, change.new)):
            if value is None:
                _put(sheet, row, column, texts.DOC_NO_FIGURE, border=True, alignment=CENTER)
            elif indicator is not None and indicator.kind == "yesno":
                _put(sheet, row, column, texts.XLSX_YES if value else texts.XLSX_NO, border=True, alignment=CENTER)
            else:
                _put(sheet, row, column, value, border=True, number_format=NUMBER_FORMAT)
    sheet.freeze_panes = "A3"
    _fit_rows(sheet)
    _print_setup(sheet, landscape=True, title_rows="2:2")


# -- the workbook ----------------------------------------------------------------------------------------


def build_xlsx(
    plan: Plan, form: Form, summary: Summary, data: PlanData, tz: ZoneInfo, generated_at: dt.datetime
) -> bytes:
    """The workbook as .xlsx bytes (see the module docstring for its sheets)."""
    workbook = Workbook()
    summary_sheet = workbook.active
    assert summary_sheet is not None
    summary_sheet.title = SUMMARY_SHEET
    _summary_sheet(summary_sheet, plan, summary, form, tz, generated_at)
    used = {SUMMARY_SHEET.lower(), RAW_SHEET.lower(), EVIDENCE_SHEET.lower(), CHANGES_SHEET.lower()}
    reported = [state for state in summary.states if state.submission is not None]
    if len(reported) <= MAX_UNIT_SHEETS:
        for state in sorted(reported, key=lambda state: (state.unit.name, state.unit.id)):
            _unit_sheet(workbook.create_sheet(sheet_title(state.unit.name, used)), plan, form, state, tz)
    matrix = workbook.create_sheet(RAW_SHEET)
    styles = _matrix_sheet(matrix, plan, form)
    if data.changes:
        sheet = workbook.create_sheet(CHANGES_SHEET)
        _changes_sheet(sheet, plan, form, data.changes, {u.id: u for u in data.units}, tz)
    if data.evidence:
        _evidence_sheet(workbook.create_sheet(EVIDENCE_SHEET), data.evidence, {u.id: u for u in data.units}, tz)
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = _matrix_rows(form, summary, tz, styles)
    width = len(texts.XLSX_UNITS_HEADER) + len(form.indicators)
    dimension = f"A1:{get_column_letter(width)}{len(summary.states) + 2}"
    return _fill_sheet(buffer.getvalue(), RAW_SHEET, rows, dimension)


def _sheet_part(package: zipfile.ZipFile, title: str) -> str:
    """The zip path of the worksheet called `title` (from workbook.xml and its relationships)."""
    workbook = package.read("xl/workbook.xml").decode("utf-8")
    rels = package.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    wanted = xml_escape(title, {'"': "&quot;"})
    sheet = re.search(rf'<(?:\w+:)?sheet\b[^>]*\bname="{re.escape(wanted)}"[^>]*>', workbook)
    if sheet is None:
        raise KeyError(title)
    rid = re.search(r'\br:id="([^"]*)"', sheet.group(0)) or re.search(r'\bid="([^"]*)"', sheet.group(0))
    if rid is None:
        raise KeyError(title)
    for rel in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        if f'Id="{rid.group(1)}"' in rel.group(0):
            target = re.search(r'Target="([^"]*)"', rel.group(0))
            if target:
                path = target.group(1)
                return path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    raise KeyError(title)


def _fill_sheet(xlsx: bytes, title: str, rows: Iterable[str], dimension: str) -> bytes:
    """Append streamed rows to the sheet `title` that openpyxl wrote (its header row is row 1).
    The rows go straight into the compressed entry, a thousand at a time (no copy of the whole
    sheet), compressed by a second thread meanwhile: zlib releases the GIL, so on two cores the
    compression costs no time."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    part = _sheet_part(source, title)
    xml = source.read(part).decode("utf-8")
    end = xml.rindex("</sheetData>")
    head = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}"/>', xml[:end], count=1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item, source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
                continue
            with target.open(part, "w") as stream:
                _write_in_background(stream, _batches(head, rows, xml[end:]))
    return out.getvalue()


def _batches(head: str, rows: Iterable[str], tail: str, size: int = 1000) -> Iterator[bytes]:
    yield head.encode("utf-8")
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield "".join(batch).encode("utf-8")
            batch.clear()
    yield ("".join(batch) + tail).encode("utf-8")


def _write_in_background(stream: IO[bytes], chunks: Iterator[bytes]) -> None:
    """stream.write(chunk) for every chunk, in a writer thread, while this one makes the next."""
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=4)

    def drain() -> None:
        while (chunk := pending.get()) is not None:
            stream.write(chunk)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="xlsx-zip") as pool:
        writer = pool.submit(drain)
        try:
            for chunk in chunks:
                while True:
                    try:
                        pending.put(chunk, timeout=0.2)
                        break
                    except queue.Full:
                        if writer.done():
                            writer.result()  # the writer failed: raise its error here
        finally:
            if not writer.done():
                pending.put(None)
        writer.result()


# -- csv ---------------------------------------------------------------------------------------------------


def build_csv(plan: Plan, form: Form, summary: Summary, tz: ZoneInfo) -> bytes:
    """One row per active unit (reported or not) with its status and every figure, then a total row;
    UTF-8 with a BOM so Excel shows the Vietnamese correctly; plain numbers (no separators)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    indicators = form.indicators
    writer.writerow([*texts.CSV_HEADER, *(_indicator_header(indicator, plan.year) for indicator in indicators)])
    keys = [indicator.key for indicator in indicators]
    blanks = [""] * len(keys)
    for state in summary.states:
        submission = state.submission
        if submission is None:
            writer.writerow([state.unit.id, state.unit.name, state.label, "", "", "", "", *blanks])
            continue
        get = submission.values.get
        writer.writerow(
            [
                state.unit.id,
                state.unit.name,
                state.label,
                _local(submission.confirmed_at, tz),
                texts.XLSX_LATE_MARK if state.unit.id in summary.late_ids else "",
                submission.version,
                state.missing_answers,
                *map(get, keys),
            ]
        )
    # a figure no report gives has an empty total (a 0 would be a figure reported)
    totals = {
        item.indicator.key: item.total if item.reported else ""
        for section in summary.sections
        for item in section.items
    }
    reported = f"{summary.reported}/{summary.expected}"
    writer.writerow(["", texts.XLSX_TOTAL, reported, "", "", "", "", *(totals[key] for key in keys)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_filename(plan_id: str, day: dt.date, extension: str, kind: str = "tong-hop") -> str:
    return f"{kind}-{plan_id}-{day.isoformat()}.{extension}"
