"""Repair extracted text and join it into logical lines that remember their source lines.

Steps, each derived from the document itself: NFC; table rows (tab- or '|'-separated) as list items
(`tables`); markup left by converters (`**bold**`,
`*italic*`, HTML tags) removed; page-number lines dropped; lost glyphs put back (`glyphs`);
acronyms that lost their "Đ" restored from the words they abbreviate ("TTHTCD" where the
text says "Trung tâm học tập cộng đồng"); stray spaces in codes and quotes removed; and
lines broken mid-sentence joined. Every logical line keeps where each piece came from,
so each extracted value can be traced to its printed line.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bot.kb.importer.glyphs import Gap, GlyphRepair, GlyphRepairer
from bot.kb.importer.syllables import is_acronym
from bot.kb.importer.tables import render_tables
from bot.text import fold, strip_diacritics

_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\ufeff]")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–]\s*)?\d{1,3}(?:\s*[-–])?\s*$|^\s*[Tt]rang\s+\d{1,3}(?:\s*/\s*\d{1,3})?\s*$")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BOLD = re.compile(r"\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_TERMINAL = re.compile(r"[.:;!?…][”\"'’)\]]*\s*$|\./\.$")
_LIST_START = re.compile(
    r"^\s*(?:[-–—+•▪●◦]\s*|\*\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|\d{1,2}\s*[-/]\s|[a-zđ][.)]\s|[IVXLC]{1,5}\s*[.)\-–/]\s"
    r"|\(\d{1,2}\)\s|[A-ZĐ][.)]\s|(?:PHẦN|Phần)\s+\S+\s*[.:\-–]?\s|(?:Điều|ĐIỀU)\s+\d{1,2}\s*[.:\-–]\s)"
)
_PLACE_DATE_END = re.compile(r",\s*ngày\b.*\bnăm\s*\d{4}\s*$", re.IGNORECASE)  # "An Phú, ngày 20 tháng 9 năm 2026"
_QUOTED_LINE = re.compile(r"^\s*[“\"].*[”\"]\s*$")  # a line that is one quoted phrase: a theme, a slogan
_CONNECTORS = {"của", "và", "về", "với", "các", "tại", "số", "ngày", "theo", "cho", "trong", "từ", "đến", "là"}
_BLOCK_START = re.compile(
    r"^\s*(?:Nơi nhận|TM\.|KT\.|TL\.|TUQ\.|Q\.|Số:|CỘNG HÒA|CỘNG HOÀ|Độc lập|Căn cứ|Thực hiện|Trên đây|Chủ đề\s*:"
    r"|KẾ HOẠCH\b)",
    re.IGNORECASE,
)


@dataclass
class Line:
    """A logical line: text, and (offset in text, source line) for each joined piece."""

    text: str
    origins: list[tuple[int, int]] = field(default_factory=list)
    columns: tuple[str, ...] = ()  # a table row's cell names, in order (`tables.cells` reads the cells)

    @property
    def number(self) -> int:
        return self.origins[0][1]

    def source_line(self, offset: int) -> int:
        """The source line holding character `offset` of this logical line."""
        starts = [start for start, _ in self.origins]
        return self.origins[max(0, bisect_right(starts, offset) - 1)][1]


@dataclass
class RepairedText:
    lines: list[Line]
    glyph_repairs: list[GlyphRepair]
    acronym_repairs: dict[str, str]
    unrepaired: list[Gap]
    source_lines: int


def repair(raw: str) -> RepairedText:
    """From raw extracted text to logical lines, with the list of repairs made."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    page = text.split("\n")
    raw_lines, printed = _layout_pipe_tables([_CONTROL.sub(" ", line) for line in page])
    source, columns = render_tables([_clean_markup(line) for line in raw_lines])
    source = [line.expandtabs(8) for line in source]  # a tab stop keeps its column (signature beside "Nơi nhận")
    repairer = GlyphRepairer(source)
    glyph_repairs: list[GlyphRepair] = []
    unrepaired: list[Gap] = []
    fixed: list[str] = []
    for number, line in enumerate(source, start=1):
        new, repairs, gaps = repairer.repair(line, number)
        glyph_repairs += repairs
        unrepaired += gaps
        fixed.append(new)
    acronyms = _acronym_repairs(fixed)
    if acronyms:
        pattern = re.compile(r"(?<![\wĐđ])(" + "|".join(map(re.escape, acronyms)) + r")(?![\wĐđ])")
        fixed = [pattern.sub(lambda m: acronyms[m.group(1)], line) for line in fixed]
    placed = [(number, _tidy(line)) for number, line in _side_by_side(fixed)]
    joined = _join(placed, columns)
    if printed != list(range(1, len(source) + 1)):
        for logical in joined:  # back to the printed lines a layout table was spread from
            logical.origins = [(offset, printed[number - 1]) for offset, number in logical.origins]
        glyph_repairs = [replace(r, line=printed[r.line - 1]) for r in glyph_repairs]
        unrepaired = [replace(g, line=printed[g.line - 1]) for g in unrepaired]
    return RepairedText(joined, glyph_repairs, acronyms, unrepaired, len(page))


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _layout_pipe_tables(lines: list[str]) -> tuple[list[str], list[int]]:
    """A page frame converted to a markdown table ("| **ỦY BAN NHÂN DÂN**<br>**XÃ …** | **CỘNG HÒA …** |",
    "| Số: 203/KH-UBND | *…, ngày …* |", "| ***Nơi nhận:***<br>- … | **TM. …**<br>**Rơ Châm Thuyên** |") spread
    column by column, one line per '<br>' piece, as a Word layout table is read (`reading._table_lines`):
    a '|' or '<br>' is no part of a name or a number. A row the page wrapped is put together first. Only a
    table of two columns that holds the frame's words (the motto, "Số:", "Nơi nhận:", "TM."/"KT."); a table
    of data is left to `tables`. Also returns, for each line out, the printed line (1-based) it came from."""
    out: list[str] = []
    printed: list[int] = []
    index = 0
    while index < len(lines):
        rows, end = _pipe_rows(lines, index)
        cells = [(row.strip()[1:-1].split("|"), at) for row, at in rows if not _RULE_ROW.match(row.strip())]
        frame = "\n".join(_clean_markup(p) for row, _ in cells for cell in row for p in _BREAK.split(cell))
        if rows and all(len(row) <= 2 for row, _ in cells) and _FRAME_WORDS.search(frame):
            columns: list[list[tuple[str, int]]] = [[], []]
            for row, at in cells:
                for column, cell in enumerate(row):
                    columns[column] += [(piece.strip(), at) for piece in _BREAK.split(cell)]
            for column_lines in columns:
                for piece, at in [*column_lines, ("", column_lines[-1][1] if column_lines else index + 1)]:
                    out.append(piece)
                    printed.append(at)
            index = end
            continue
        out.append(lines[index])
        printed.append(index + 1)
        index += 1
    return out, printed


def _pipe_rows(lines: list[str], at: int) -> tuple[list[tuple[str, int]], int]:
    """The '| … |' rows from line `at` (each with its first printed line, a wrapped one put together; blank
    lines between rows skipped), and the index after the last; no rows unless line `at` starts one."""
    rows: list[tuple[str, int]] = []
    index = end = at
    while index < len(lines):
        text = lines[index].strip()
        if not text:
            index += 1
            continue
        if not text.startswith("|"):
            break
        first, row = index, text
        while not (row.endswith("|") and len(row) > 1) and index + 1 < len(lines) and index < first + 12:
            index += 1
            more = lines[index].strip()
            if more.startswith("|"):
                return rows, end  # a row that never closes: no table of this kind
            if more:
                row = f"{row} {more}"
        if not (row.endswith("|") and len(row) > 1):
            return rows, end
        rows.append((row, first + 1))
        index += 1
        end = index
    return rows, end


_RULE_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_FRAME_WORDS = re.compile(
    r"CỘNG H(?:ÒA|OÀ)|Độc lập|^\s*Số\s*:|^\s*Nơi nhận\s*:|^\s*(?:TM|KT)\.", re.MULTILINE | re.IGNORECASE
)


def _clean_markup(line: str) -> str:
    line = _HTML_TAG.sub(" ", line)
    line = _BOLD.sub("", line)
    return _ITALIC.sub(r"\1", line)


def _tidy(line: str) -> str:
    line = _pair_quotes(re.sub(r"[ \u00a0]+", " ", line))
    line = re.sub(r"([“(\[]) +", r"\1", line)
    line = re.sub(r" +([”)\],;:!?])", r"\1", line)
    line = re.sub(r"(\d+/[\wĐđ&]+)- +(?=[A-ZĐ])", r"\1-", line)  # "2996/UBND- KGVX"
    line = re.sub(r"(\b(?:19|20)\d\d)- +((?:19|20)\d\d\b)", r"\1-\2", line)  # "2021- 2030"
    line = re.sub(r"(\w)\( *", r"\1 (", line)  # "VH-TT( để" -> "VH-TT (để"
    return line.strip()


def _pair_quotes(line: str) -> str:
    """Curly quotes alternate open/close; a second “ used as a closing quote becomes ”."""
    out: list[str] = []
    open_ = False
    for index, char in enumerate(line):
        if char in "“”":
            before = line[index - 1] if index else " "
            after = line[index + 1] if index + 1 < len(line) else " "
            if (open_ and char == "“" and not before.isspace()) or (open_ and char == "“" and not after.isalnum()):
                char = "”"
            open_ = char == "“"
        out.append(char)
    return "".join(out)


def _acronym_repairs(lines: list[str]) -> dict[str, str]:
    """Upper-case acronyms printed with D where the words they abbreviate start with Đ."""
    words = [w for line in lines for w in re.findall(r"[^\W\d_]+", line)]
    initials: dict[str, str] = {}
    for size in range(2, 8):
        for start in range(len(words) - size + 1):
            letters = "".join(w[0].upper() for w in words[start : start + size])
            if "Đ" in letters:
                initials.setdefault(strip_diacritics(letters), letters)
    out: dict[str, str] = {}
    for token in {t for line in lines for t in re.findall(r"[A-ZĐ]{3,}", line)}:
        if "D" in token and is_acronym(token) and token in initials and initials[token] != token:
            out[token] = initials[token]
    return out


_GAP = re.compile(r"\s{4,}(?=\S)")
_SIGNATURE_PART = re.compile(
    r"^(?:(?:TM|KT|TL|TUQ|Q|PP)\s*\.|\((?:Đã|đã)\s+k[ýí]|[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){1,5}$)"
)


def _signature_part(text: str) -> bool:
    """The right column of the page's foot: "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)", a name."""
    letters = [c for c in text if c.isalpha()]
    capitals = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(text) < 60
    return capitals or bool(_SIGNATURE_PART.match(text))


_SIGNATURE_WORDS = re.compile(
    r"^(?:(?:TM|KT|TL|TUQ|Q|PP)\s*\.\s*\S.*|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|HIỆU TRƯỞNG|TRƯỞNG PHÒNG|TRƯỞNG BAN|"
    r"BÍ THƯ|CHÁNH VĂN PHÒNG|TRƯỞNG TRẠM|TRƯỞNG KHOA)|\((?:Đã|đã)\s+k[ýí][^)]*\))$"
)
_PERSON = re.compile(r"^[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){1,5}$")


def _joined_columns(text: str, in_block: bool) -> re.Match[str] | None:
    """The space between the two columns of the page's foot when the extraction kept only one ("Nơi nhận: TM.
    ỦY BAN NHÂN DÂN", "- UBND thành phố; CHỦ TỊCH", "- Lưu: VT. Trần Văn Minh"): after the label or a recipient's
    closing ';' or '.', a signature's words (its 'TM.'/'KT.', a title, '(Đã ký)'), or — beside 'Lưu: …', the
    last recipient — a person's name."""
    label = re.match(r"^Nơi nhận\s*:(\s+)(?=\S)", text, re.IGNORECASE)
    if label:
        return re.compile(r"\s+").match(text, label.start(1)) if _SIGNATURE_WORDS.match(text[label.end() :]) else None
    if not in_block or not re.match(r"^[-–+•*]", text):
        return None
    for split in reversed(list(re.finditer(r"(?<=[;.])(\s+)(?=\S)", text))):
        rest = text[split.end() :]
        if _SIGNATURE_WORDS.match(rest) or (re.match(r"^[-–+•*]\s*Lưu\b", text) and _PERSON.match(rest)):
            return split
    return None


def _side_by_side(lines: list[str]) -> list[tuple[int, str]]:
    """(source line, text) in reading order. "Nơi nhận:" printed beside the signature block ("Nơi nhận:      TM.
    ỦY BAN NHÂN DÂN" / "- Sở GD&ĐT (b/c);      CHỦ TỊCH" / "            Hoàng Văn Tuấn") is two columns: the
    recipients first, then the signature, each piece keeping its source line."""
    out: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    in_block = False
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        gap = _GAP.search(text) or _joined_columns(text, in_block)
        beside = gap is not None and _signature_part(text[gap.end() :])
        if not in_block:
            in_block = bool(re.match(r"^Nơi nhận", text, re.IGNORECASE))
            if not (in_block and gap is not None and beside):
                out.append((number, line))
                continue
        indent = len(line) - len(line.lstrip())
        if not text or _PAGE_NUMBER.match(text):
            out.append((number, line))
        elif gap is not None and beside and not (indent >= 20 and _signature_part(text)):
            out.append((number, text[: gap.start()]))
            right.append((number, text[gap.end() :]))
        elif indent >= 20 and _signature_part(text):
            right.append((number, text))  # the right column alone
        elif indent < 4 and not re.match(r"^[-–+•*]", text) and not text[:1].islower():
            out += right  # the recipients are over
            right, in_block = [], False
            out.append((number, line))
        else:
            out.append((number, line))
    return out + right


def _join(lines: list[tuple[int, str]], columns: dict[int, tuple[str, ...]] | None = None) -> list[Line]:
    """Join lines broken mid-sentence; blank lines, page numbers and running headers between them do not count."""
    numbered = _without_running_heads([(n, text) for n, text in lines if text and not _PAGE_NUMBER.match(text)])
    lengths = sorted(len(text) for _, text in numbered) or [0]
    width = lengths[int(0.9 * (len(lengths) - 1))]
    visual_lines = width <= 140  # the extraction kept the printed line breaks
    names = _dashed_names(text for _, text in numbered)
    out: list[Line] = []
    for number, text in numbered:
        wrapped = bool(out) and _dash_continues(out[-1].text, text, names)
        if out and (wrapped or _continues(out[-1].text, text, width if visual_lines else None)):
            line = out[-1]
            line.origins.append((len(line.text) + 1, number))
            line.text = f"{line.text} {text}"
        else:
            out.append(Line(text, [(0, number)], (columns or {}).get(number - 1, ())))
    return out


_MOTTO = re.compile(r"^\s*(?:CỘNG\s+H(?:ÒA|OÀ)|Độc\s+lập)", re.IGNORECASE)  # a second one starts an appendix
_KIND_LINE = re.compile(r"^\s*KẾ HOẠCH\s*$|^\s*Kế hoạch\s*$")


def _without_running_heads(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A page's running head or foot printed again on every page: a line of the document's header
    ("ỦY BAN NHÂN DÂN XÃ ĐẠI TỪ", "Số: 187/KH-UBND") seen again between the title and "Nơi nhận" (the
    signature may repeat the issuer), or any line that is no list item seen three times or more. The first
    time it is printed stays."""
    kind = next((i for i, (_, text) in enumerate(lines[:40]) if _KIND_LINE.match(text)), None)
    header = {text.strip() for _, text in lines[:kind] if not _MOTTO.match(text)} if kind is not None else set()
    counts = Counter(text.strip() for _, text in lines)
    foot = next((i for i, (_, text) in enumerate(lines) if re.match(r"^\s*Nơi nhận", text, re.I)), len(lines))
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, (number, text) in enumerate(lines):
        key = text.strip()
        running = (kind is not None and kind + 1 < index < foot and key in header) or (
            counts[key] >= 3
            and 12 <= len(key) < 100
            and not key.endswith(":")  # "Thời gian:" above each ceremony's time is no running head
            and not _LIST_START.match(key)
            and not _QUOTED_LINE.match(key)
            and not _MOTTO.match(key)
        )
        if running and key in seen:
            continue
        seen.add(key)
        out.append((number, text))
    return out


# Names made of two halves joined by a dash ("Phòng Văn hóa - Xã hội"), as folded (first half, second half).
_DASHED_NAMES = {
    ("van hoa", "xa hoi"),
    ("van hoa", "thong tin"),
    ("van hoa", "the thao"),
    ("van hoa", "van nghe"),
    ("khoa hoc", "cong nghe"),
    ("kinh te", "ha tang"),
    ("kinh te", "xa hoi"),
    ("tai chinh", "ke hoach"),
    ("tai nguyen", "moi truong"),
    ("lao dong", "thuong binh"),
    ("giao duc", "dao tao"),
    ("the duc", "the thao"),
    ("doc lap", "tu do"),
    ("tu do", "hanh phuc"),
}
_HALF = r"[^\W\d_]+ [^\W\d_]+"
_DASHED = re.compile(rf"(?<![^\W\d_])({_HALF}) [-–] ({_HALF})(?![^\W\d_])")
_DASH_ITEM = re.compile(r"^\s*[-–]\s+(\S.*)$")


def _dashed_names(texts: Iterable[str]) -> set[tuple[str, str]]:
    """The dashed names this document prints whole on one line ("Phòng Khoa học - Công nghệ"), both halves
    capitalised, with the common ones of Vietnamese administration."""
    names = set(_DASHED_NAMES)
    for text in texts:
        for match in _DASHED.finditer(text):
            first, second = match.group(1), match.group(2)
            if first[:1].isupper() and second[:1].isupper():
                names.add((fold(first), fold(second)))
    return names


def _dash_continues(previous: str, text: str, names: set[tuple[str, str]]) -> bool:
    """A line the page wrapped right before " - " ("… (qua Phòng Văn hóa" / "- Xã hội) trước ngày …"): the
    dash continues a name or a bracket still open, it starts no list item."""
    item = _DASH_ITEM.match(text)
    if not item or _TERMINAL.search(previous):
        return False
    rest = item.group(1)
    tail, head = " ".join(previous.split()[-2:]), " ".join(rest.split()[:2])
    if (fold(tail), fold(head).rstrip(",;.)")) in names:
        return True
    closes = rest.find(")")
    return previous.count("(") > previous.count(")") and closes >= 0 and "(" not in rest[:closes]


def _continues(previous: str, text: str, width: int | None) -> bool:
    if _LIST_START.match(text) or _BLOCK_START.match(text):
        return False
    if previous.rstrip().endswith(":") and text[:1].islower():  # "qua email:" / "pgd…@…"
        return True
    if _wrapped_after_colon(previous, text, width):
        return True
    if _TERMINAL.search(previous) or _QUOTED_LINE.match(previous) or _PLACE_DATE_END.search(previous):
        return False
    if text[:1].islower():
        return True
    if re.search(r"\b(?:ngày|tháng|năm)$", previous) and re.match(r"^\d", text):  # "… tháng 9 năm" / "2026"
        return True
    last_word = previous.rsplit(" ", 1)[-1].lower()
    if last_word in _CONNECTORS or previous.endswith(","):  # "… vào lúc 07 giờ 00, ngày" / "01/10/2026, tại …"
        return True
    if _is_heading(previous) or (_is_heading(text) and not _is_heading(previous)):
        return False  # a heading in capitals is a line of its own
    if previous.endswith(("-", "–")):
        return True
    return width is not None and len(previous) >= 0.75 * width


def _wrapped_after_colon(previous: str, text: str, width: int | None) -> bool:
    """A list item the page wrapped right after its colon ("+ 14:00 ngày 06/10/2026, tại Hội trường …:" /
    "Lớp bồi dưỡng “…”; thành phần: …"): the item reached the margin and the next line is no item of its own."""
    return (
        width is not None
        and previous.rstrip().endswith(":")
        and len(previous) >= 0.75 * width
        and bool(_LIST_START.match(previous))
        and not _is_heading(previous)
        and not _QUOTED_LINE.match(text)
        and not (text.rstrip().endswith(":") and len(text) < 40)  # "Một số khẩu hiệu:": a line of its own
    )


def _is_heading(line: str) -> bool:
    """A short line in capitals ("KẾ HOẠCH", "II. TỔ CHỨC THỰC HIỆN") or a short numbered title."""
    letters = [c for c in line if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(line) < 100:
        return True
    return (
        bool(re.match(r"^\s*(?:[IVXLC]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s+\S.{0,70}$", line)) and len(line) < 80
    )
