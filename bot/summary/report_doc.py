"""The report an official signs and sends upward, as .docx (python-docx).

Laid out like the "Mẫu Báo cáo" of the An Lão 2023 plan in the format of Nghị định
30/2020/NĐ-CP: issuing body and quốc hiệu / tiêu ngữ side by side (a borderless table), "Số: …/BC-…",
"<địa danh>, ngày … tháng … năm …", "BÁO CÁO" and the trích yếu with the plan's own year, "(Kèm theo
Kế hoạch số … của …)" when the plan has a number, parts I–IV (II.1 the template's table with the
totals of the confirmed reports), "Nơi nhận" and the signature block. Times New Roman, A4,
margins 2 / 2 / 3 / 2 cm. Every year, date and place comes from the plan or the data.

`build_docx` is pure (no database, no event loop): call it in a worker thread or process.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from bot.kb.schema import Plan
from bot.messages import summary as texts
from bot.reports.numbers import format_number, format_value
from bot.summary.build import IndicatorTotal, Summary, no_figure_note, vn_date
from bot.summary.labels import for_plan
from bot.summary.sections import SECTION_KEYS
from bot.text import fold

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 12
SMALL_PT = 11
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGINS_CM = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 2.0}
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGINS_CM["left"] - MARGINS_CM["right"]
HEADER_COLUMNS_CM = (6.7, TEXT_WIDTH_CM - 6.7)
TABLE_COLUMNS_CM = (8.2, 3.4, TEXT_WIDTH_CM - 8.2 - 3.4)
SIGNATURE_COLUMNS_CM = (6.6, TEXT_WIDTH_CM - 6.6)
#: issuing-body lines longer than this are set one point smaller (NĐ 30 allows 12-13 pt)
LONG_BODY_LINE = 24
LEVELS = ("thành phố", "thị trấn", "thị xã", "phường", "huyện", "quận", "tỉnh", "xã")


@dataclass(frozen=True)
class Header:
    """What the top of the document says, all from the plan."""

    body_lines: tuple[str, ...]
    number: str
    place_date: str
    subject: str
    attached_to: str | None
    recipients: tuple[str, ...]
    signer_lines: tuple[str, ...]
    signer_name: str | None


# -- what the header says -----------------------------------------------------------------------------


def body_lines(plan: Plan) -> tuple[str, ...]:
    """'ỦY BAN NHÂN DÂN' / 'XÃ ĐĂK PLÔ': the issuer's name, split before its locality."""
    name = plan.unit(plan.issuer).name
    lowered = name.lower()
    locality = f"{plan.locality.level} {plan.locality.name}".lower()
    cut = lowered.rfind(locality)
    if cut <= 0:
        for level in LEVELS:
            cut = lowered.rfind(f" {level} ")
            if cut > 0:
                break
    if cut > 0:
        return (name[:cut].strip().upper(), name[cut:].strip().upper())
    return (name.upper(),)


def number_code(plan: Plan) -> str:
    """'BC-UBND': the body's code from the plan's own number ('01/KH-TTHTCĐ'), else from its name."""
    number = plan.document.number or ""
    if "/" in number and "-" in number.split("/", 1)[1]:
        return "BC-" + number.split("/", 1)[1].split("-", 1)[1]
    name = plan.unit(plan.issuer).name.lower()
    for start, code in texts.DOC_BODY_CODES.items():
        if name.startswith(start):
            return f"BC-{code}"
    return texts.DOC_NUMBER_CODE_UNKNOWN


def place_name(plan: Plan) -> str:
    line = plan.document.place_date_line or ""
    place = line.split(",", 1)[0].strip() if "," in line else ""
    return place if place and not any(ch.isdigit() for ch in place) else plan.locality.name


def place_date(plan: Plan, day: dt.date) -> str:
    """NĐ 30: days below 10 and months below 3 are written with a leading zero."""
    day_text = f"{day.day:02d}"
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return texts.DOC_PLACE_DATE.format(place=place_name(plan), day=day_text, month=month_text, year=day.year)


def subject(plan: Plan) -> str:
    """The trích yếu: the plan's own template title if it has one, else the default with its year."""
    template = plan.report_template
    if template is not None:
        title = template.title
        if title.lower().startswith("báo cáo "):
            title = title[len("báo cáo ") :]
        title = for_plan(title, plan.year)
        return title[:1].upper() + title[1:]
    return texts.DOC_SUBJECT.format(year=plan.year)


def attached_to(plan: Plan) -> str | None:
    document = plan.document
    if not document.number:
        return None
    date = texts.DOC_ATTACHED_DATE.format(date=vn_date(document.date)) if document.date else ""
    return texts.DOC_ATTACHED_TO.format(
        kind=document.kind, number=document.number, date=date, issuer=plan.unit(plan.issuer).name
    )


def recipients(plan: Plan) -> tuple[str, ...]:
    """Who the report goes to: the recipients of the plan's duties to report upward (the issuer's
    own duty, or any duty to a body outside the locality), the issuer itself left out."""
    external = {unit.id for unit in plan.units if unit.external}
    names: list[str] = []
    for duty in plan.reporting:
        upward = duty.from_ == plan.issuer or bool(external & set(duty.to))
        if not upward:
            continue
        for target in duty.to:
            name = plan.unit(target).name
            if target != plan.issuer and name not in names:
                names.append(name)
    return tuple(names)


def signer(plan: Plan) -> tuple[tuple[str, ...], str | None]:
    """('TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'), name — when the plan names them."""
    person = plan.document.signer
    if person is None:
        return (), None
    lines: list[str] = []
    title = (person.title or "").upper()
    collective = fold(plan.unit(plan.issuer).name).startswith("uy ban nhan dan")
    behalf = person.on_behalf_of
    folded_title = fold(title)
    if not behalf and collective and folded_title in ("chu tich", "pho chu tich", "kt. chu tich - pho chu tich"):
        # a people's committee is led collectively: its chair signs "TM." it (Nghị định 30/2020, Phụ lục I)
        behalf = texts.DOC_ON_BEHALF_OF_COMMITTEE
    if behalf:
        lines.append(behalf.upper())
    if title:
        if folded_title == "pho chu tich" and collective:
            title = texts.DOC_DEPUTY_FOR_CHAIR.upper() + " - " + title  # "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
        if title.startswith("KT.") and " - " in title:
            lines += [part.strip() for part in title.split(" - ", 1)]
        else:
            lines.append(title)
    return tuple(lines), person.name


def header_for(plan: Plan, day: dt.date) -> Header:
    lines, name = signer(plan)
    return Header(
        body_lines=body_lines(plan),
        number=texts.DOC_NUMBER.format(code=number_code(plan)),
        place_date=place_date(plan, day),
        subject=subject(plan),
        attached_to=attached_to(plan),
        recipients=recipients(plan),
        signer_lines=lines,
        signer_name=name,
    )


# -- low-level formatting -----------------------------------------------------------------------------


def _run(
    paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None
) -> None:
    run = paragraph.add_run(text)
    if bold:  # only what differs from the style: each property is an XML element to insert
        run.bold = True
    if italic:
        run.italic = True
    if size is not None and size != BODY_PT:
        run.font.size = Pt(size)


def _format(
    paragraph: Paragraph,
    *,
    align: WD_PARAGRAPH_ALIGNMENT | None = None,
    before: float = 0,
    after: float = 0,
    first_line_cm: float | None = None,
    keep_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if before:
        fmt.space_before = Pt(before)
    if after:
        fmt.space_after = Pt(after)
    if first_line_cm is not None:
        fmt.first_line_indent = Cm(first_line_cm)
    if keep_next:
        fmt.keep_with_next = True
    return paragraph


def _line(
    container: _Cell | DocumentObject,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: WD_PARAGRAPH_ALIGNMENT = WD_ALIGN_PARAGRAPH.CENTER,
) -> Paragraph:
    """A paragraph in a cell (reusing its first, empty one) or in the document."""
    if isinstance(container, _Cell) and len(container.paragraphs) == 1 and not container.paragraphs[0].text:
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    _format(paragraph, align=align)
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _rule(cell: _Cell, length_cm: float, cell_cm: float) -> None:
    """A short centred line under a heading (NĐ 30): a paragraph's top border, indented both sides."""
    paragraph = cell.add_paragraph()
    side = max((cell_cm - length_cm) / 2 - 0.2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.space_before = Pt(1)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(name), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _widths(table: Table, widths: tuple[float, ...]) -> None:
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _row_flags(row: _Row, *, header: bool = False) -> None:
    """Rows never split over two pages; the header row repeats on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _page_number_field(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


# -- the document -------------------------------------------------------------------------------------


def _setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Cm(PAGE_WIDTH_CM)
    section.page_height = Cm(PAGE_HEIGHT_CM)
    section.top_margin = Cm(MARGINS_CM["top"])
    section.bottom_margin = Cm(MARGINS_CM["bottom"])
    section.left_margin = Cm(MARGINS_CM["left"])
    section.right_margin = Cm(MARGINS_CM["right"])
    section.header_distance = Cm(1.0)
    # NĐ 30: page numbers at the top centre, from the second page on
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(number)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(language)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _header_block(document: DocumentObject, header: Header) -> None:
    table = document.add_table(rows=2, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, HEADER_COLUMNS_CM)
    left, right = table.rows[0].cells
    size = BODY_PT - 1 if any(len(line) > LONG_BODY_LINE for line in header.body_lines) else BODY_PT
    for line in header.body_lines:
        _line(left, line, bold=True, size=size)
    _rule(left, 2.4, HEADER_COLUMNS_CM[0])
    _line(right, texts.DOC_NATION, bold=True, size=12)
    _line(right, texts.DOC_MOTTO, bold=True, size=BODY_PT)
    _rule(right, 6.0, HEADER_COLUMNS_CM[1])
    number, place = table.rows[1].cells
    _format(_line(number, header.number, size=BODY_PT), align=WD_ALIGN_PARAGRAPH.CENTER, before=6)
    _format(_line(place, header.place_date, italic=True, size=BODY_PT), align=WD_ALIGN_PARAGRAPH.CENTER, before=6)


def _title_block(document: DocumentObject, header: Header) -> None:
    _format(_line(document, texts.DOC_KIND, bold=True, size=14), before=18, keep_next=True)
    _format(_line(document, header.subject, bold=True, size=14), keep_next=True)
    if header.attached_to:
        _format(_line(document, header.attached_to, italic=True, size=BODY_PT), keep_next=True)
    table = document.add_table(rows=1, cols=1)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (TEXT_WIDTH_CM,))
    _rule(table.rows[0].cells[0], 3.5, TEXT_WIDTH_CM)
    table.rows[0].cells[0].paragraphs[0].paragraph_format.space_after = Pt(0)


def _heading(document: DocumentObject, text: str) -> None:
    paragraph = document.add_paragraph()
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, after=3, first_line_cm=1.0, keep_next=True)
    _run(paragraph, text, bold=True)


def _body(document: DocumentObject, text: str, *, keep_last_with_next: bool = False) -> None:
    """One paragraph per line of the text; an empty text is the template's dotted line.
    `keep_last_with_next`: the last paragraph stays on the page of what follows (the signature)."""
    lines = (text or texts.DOC_BLANK_TEXT).split("\n")
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        keep = keep_last_with_next and index == len(lines) - 1
        _format(paragraph, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3, first_line_cm=1.0, keep_next=keep)
        paragraph.paragraph_format.line_spacing = 1.15
        _run(paragraph, line)


def _result(item: IndicatorTotal, reported: int) -> tuple[str, str]:
    """(Kết quả, số lượng; Ghi chú) of one indicator: "—" when no report gives a figure for it."""
    if not item.reported:
        return texts.DOC_NO_FIGURE, no_figure_note(item, reported)
    if item.indicator.kind == "yesno":
        return texts.DOC_YES_RESULT.format(count=format_number(item.total)), texts.DOC_YES_NOTE.format(
            reported=format_number(reported)
        )
    note = texts.DOC_CONTRIBUTORS_NOTE.format(count=format_number(item.units)) if item.units else ""
    return format_value(item.total, item.indicator), note


def _table_row(table: Table, cells: tuple[str, str, str], *, bold: bool = False, header: bool = False) -> None:
    row = table.add_row()
    _row_flags(row, header=header)
    for index, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        align = WD_ALIGN_PARAGRAPH.LEFT if index == 0 and not header else WD_ALIGN_PARAGRAPH.CENTER
        _format(paragraph, align=align, before=2, after=2)
        _run(paragraph, text, bold=bold or header, size=TABLE_PT)


def _merge_row(row: _Row) -> None:
    """A section's title across the three columns (the merge leaves the other cells' empty paragraphs)."""
    cells = row.cells
    merged = cells[0].merge(cells[-1])
    for paragraph in merged.paragraphs[1:]:
        if not paragraph.text:
            paragraph._p.getparent().remove(paragraph._p)


def _results_table(document: DocumentObject, plan: Plan, summary: Summary) -> None:
    table = document.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_row(table, texts.DOC_TABLE_COLUMNS, header=True)
    for section in summary.sections:
        title = f"{section.number}. {for_plan(section.title, plan.year)}"
        items = list(section.items)
        if len(items) == 1 and items[0].indicator.label == section.title:
            _table_row(table, (title, *_result(items[0], summary.reported)), bold=True)
            continue
        _table_row(table, (title, "", ""), bold=True)
        _merge_row(table.rows[-1])
        for item in items:
            label = f"- {for_plan(item.indicator.label, plan.year)}"
            _table_row(table, (label, *_result(item, summary.reported)))
    _widths(table, TABLE_COLUMNS_CM)


def _source_note(document: DocumentObject, summary: Summary, now: dt.datetime, tz: ZoneInfo) -> None:
    local = now.astimezone(tz)
    if summary.reported:
        text = texts.DOC_TABLE_SOURCE.format(
            reports=format_number(summary.reported),
            reported=format_number(summary.reported),
            expected=format_number(summary.expected),
            time=local.strftime("%H:%M"),
            date=vn_date(local.date()),
        )
    else:
        text = texts.DOC_TABLE_NO_REPORT
    paragraph = document.add_paragraph()
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT, before=3, after=3)
    _run(paragraph, text, italic=True, size=SMALL_PT)


def _signature_block(document: DocumentObject, header: Header) -> None:
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, SIGNATURE_COLUMNS_CM)
    _row_flags(table.rows[0])
    left, right = table.rows[0].cells
    _format(
        _line(left, texts.DOC_RECIPIENTS, bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT), before=12
    )
    for name in header.recipients:
        _line(left, texts.DOC_RECIPIENT_LINE.format(name=name), size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    if not header.recipients:
        _line(left, texts.DOC_RECIPIENT_LINE.format(name="……"), size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, texts.DOC_RECIPIENT_ARCHIVE, size=SMALL_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in header.signer_lines:
        paragraph = _line(right, line, bold=True, size=BODY_PT)
        if first:
            _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, before=12)
            first = False
    if not header.signer_lines:
        _format(
            _line(right, texts.DOC_SIGN_HINT, italic=True, size=BODY_PT), align=WD_ALIGN_PARAGRAPH.CENTER, before=12
        )
    if header.signer_name:
        _format(_line(right, header.signer_name, bold=True, size=BODY_PT), align=WD_ALIGN_PARAGRAPH.CENTER, before=72)


def build_docx(plan: Plan, summary: Summary, section_texts: Mapping[str, str], now: dt.datetime, tz: ZoneInfo) -> bytes:
    """The report as .docx bytes; `section_texts`: the text of each editable part (see
    `bot.summary.sections.report_texts`), dated `now` (local date in `tz`)."""
    header = header_for(plan, now.astimezone(tz).date())
    document = Document()
    _setup(document)
    properties = document.core_properties
    properties.title = f"{texts.DOC_KIND} {header.subject}"
    properties.author = plan.unit(plan.issuer).name
    properties.language = "vi-VN"
    _header_block(document, header)
    _title_block(document, header)
    keys = iter(SECTION_KEYS)
    _heading(document, texts.DOC_HEADINGS["direction"])
    _body(document, section_texts.get(next(keys), ""))
    _heading(document, texts.DOC_HEADINGS["results"])
    _heading(document, texts.DOC_HEADINGS["activities"])
    _results_table(document, plan, summary)
    _source_note(document, summary, now, tz)
    for key in keys:
        _heading(document, texts.DOC_HEADINGS[key].format(year=plan.year))
        _body(document, section_texts.get(key, ""), keep_last_with_next=key == SECTION_KEYS[-1])
    _signature_block(document, header)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
