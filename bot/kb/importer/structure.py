"""The layout official plans share, found in the repaired lines.

A plan (văn bản hành chính) is laid out the same way whoever issues it: the issuing body
and "Số: …" on the left, the national motto and "<place>, ngày … tháng … năm …" on the
right, the kind ("KẾ HOẠCH") and title, an opening paragraph ("Thực hiện Công văn số …"),
numbered sections (roman "I.", "II." or arabic "1." headings in capitals, then "1.", "a)",
"3.1." below), a closing "Trên đây là …", "Nơi nhận:" with its list, the signature block
(TM./KT. lines, titles, the signer's name) and maybe an appendix. Nothing here depends on
the wording of one particular plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.kb.importer.patterns import BULLET, LEVEL_WORDS, UPPER, starts_with_head
from bot.kb.importer.repair import Line
from bot.text import fold

_ROMAN = r"[IVXL]{1,5}"
# "I.", "I -", "I)", "I/" and "1.", "1)", "1 -", "1/" (a slash only before a space: "1/10/2026" is a date).
_ROMAN_HEADING = re.compile(rf"^\s*({_ROMAN})\s*(?:[.)\-–]|/(?=\s))\s*(\S.*)$")
_ARABIC = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,2})\s*(?:[.)]|[-/](?=\s))\s*(\S.*)$")
# Articles, as decisions and some plans number their parts: "Điều 1. Mục đích, yêu cầu".
_ARTICLE = re.compile(r"^\s*(?:Điều|ĐIỀU)\s+(\d{1,2})\s*[.:\-–]\s*(\S.*)$")
_UPPER_LETTER = re.compile(r"^\s*([A-ZĐ])\s*[.)]\s+(\S.*)$")
# The parts above the roman sections: "PHẦN A. MỤC ĐÍCH", "Phần I: …", "PHẦN THỨ NHẤT - …".
_PART = re.compile(
    r"^\s*(?:PHẦN|Phần)\s+((?:THỨ|thứ)\s+\w+|[A-ZĐ]|[IVXL]{1,5}|\d{1,2})\s*(?:[.:)\-–]\s*|\s+(?=[A-ZĐ]))(\S.*)$"
)
# Lines of the header that are no part of the issuer's name: "DỰ THẢO", a rule "______", "***".
_HEADER_NOISE = re.compile(r"^\s*(?:[_*=~.\-–—\s]{3,}|\(?\s*(?:DỰ THẢO|Dự thảo|BẢN DỰ THẢO|MẬT|KHẨN)\s*\)?)\s*$")
_LETTER = re.compile(r"^\s*([a-zđ])\s*[.)]\s+(\S.*)$")
_PLACE_DATE = re.compile(r"^\s*([^\d,;:]{2,40}?)\s*,\s*ngày\b.*\bnăm\s*(\d{4})", re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^\s*Số\s*:\s*(.*)$", re.IGNORECASE)
_PREAMBLE = re.compile(r"^\s*(?:Thực hiện|Căn cứ|Triển khai|Theo|Thi hành|Nhằm|Để|Hưởng ứng|Trên cơ sở)\b", re.I)
_CITES = re.compile(r"^\s*(?:Thực hiện|Căn cứ|Thi hành)\b", re.IGNORECASE)
_SIGN_PREFIX = re.compile(r"^\s*(?:TM|KT|TL|TUQ|Q|PP)\s*\.\s*\S", re.IGNORECASE)
_NAME_WORD = re.compile(rf"^[{UPPER}](?:[’'][{UPPER}])?[^\W\d_]*$")
# In names of the Central Highlands' peoples: "Y" (a man's), "H'" (a woman's) before the given name:
# "Y Bhim Niê", "H'Hen Niê", "H’Luyện Byă"; the rest of each word in lower case.
_NAME_PARTICLE = re.compile(rf"^(?:[{UPPER}]|[{UPPER}][’'][{UPPER}][^\W\d_]*)$")


@dataclass
class Section:
    """A numbered part of the plan: its number, its label (heading or text before ':'), its lines."""

    number: str
    label: str
    line: Line
    level: int
    inline: str = ""
    body: list[Line] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = field(default=None, repr=False)

    @property
    def folded_label(self) -> str:
        return fold(self.label)

    def walk(self) -> list[Section]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def all_lines(self) -> list[Line]:
        """Heading, body and every subsection's lines, in order."""
        out = [self.line, *self.body]
        for child in self.children:
            out.extend(child.all_lines())
        return out


@dataclass
class Layout:
    lines: list[Line]
    header: list[Line] = field(default_factory=list)
    motto: list[Line] = field(default_factory=list)
    header_unsure: list[Line] = field(default_factory=list)  # a header line that may be the one above, wrapped
    number_line: Line | None = None
    place_date: Line | None = None
    kind_line: Line | None = None
    title: list[Line] = field(default_factory=list)
    preamble: list[Line] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)
    recipients: list[Line] = field(default_factory=list)
    recipients_line: Line | None = None
    signature: list[Line] = field(default_factory=list)
    appendix: list[Line] = field(default_factory=list)

    def body(self) -> list[Line]:
        """Preamble, sections and closing: the plan's own text (no header, signature or appendix)."""
        out = list(self.preamble)
        for section in self.sections:
            out.extend(section.all_lines())
        return out + self.closing

    def all_sections(self) -> list[Section]:
        return [s for top in self.sections for s in top.walk()]


def is_motto(line: Line) -> bool:
    folded = fold(line.text)
    return "cong hoa xa hoi chu nghia" in folded or "doc lap - tu do - hanh phuc" in folded.replace("–", "-")


def is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def looks_like_name(text: str) -> bool:
    """A personal name: 2-6 capitalised words ("Nguyễn Mạnh Thắng")."""
    words = text.strip(" .*").split()
    return (
        2 <= len(words) <= 6
        and all(_NAME_WORD.match(w) and (w[1:].islower() or _NAME_PARTICLE.match(w)) for w in words)
        and any(len(w) > 1 for w in words)
    )


def parse_layout(lines: list[Line]) -> Layout:
    layout = Layout(lines)
    kind_index = next((i for i, line in enumerate(lines[:40]) if fold(line.text).strip(" .") == "ke hoach"), None)
    if kind_index is None:  # kind and title on one line: "KẾ HOẠCH Tổ chức Tuần lễ …"
        kind_index = next((i for i, line in enumerate(lines[:40]) if fold(line.text).startswith("ke hoach ")), None)
    start = 0
    if kind_index is not None:
        _header(layout, lines[:kind_index])
        layout.kind_line = lines[kind_index]
        start = kind_index + 1
        if fold(lines[kind_index].text).strip(" .") != "ke hoach":
            layout.title.append(lines[kind_index])
    while start < len(lines) and len(layout.title) < 2 and not _starts_body(lines[start], first=not layout.title):
        if _header_line(layout, lines[start]):
            start += 1
            continue
        layout.title.append(lines[start])
        start += 1
    end = _body_end(lines, start)
    _body(layout, lines[start:end])
    _tail(layout, lines[end:])
    return layout


def _header(layout: Layout, lines: list[Line]) -> None:
    rest: list[str] = []  # the words of the motto the line before left unfinished ("… CHỦ NGHĨA VIỆT" / "NAM")
    for line in lines:
        remainder: Line | None = line
        if rest:
            remainder, taken = _motto_rest(line, rest)
            if taken:
                layout.motto.append(line)
                rest = rest[taken:] if remainder is None else []
                if remainder is None:
                    continue
        assert remainder is not None
        if not _header_line(layout, remainder) and not _HEADER_NOISE.match(remainder.text):
            layout.header.append(remainder)
        rest = _motto_unfinished(remainder.text) if layout.motto and layout.motto[-1] is remainder else []
    layout.header, layout.header_unsure = _wrapped_names(layout.header, layout.lines[len(lines) :])


def _wrapped_names(header: list[Line], below: list[Line]) -> tuple[list[Line], list[Line]]:
    """A header name the column wrapped ('PHƯỜNG HÒA' / 'KHÁNH', 'PHÒNG GIÁO DỤC VÀ' / 'ĐÀO TẠO') is one line:
    the piece starts no name of its own (no 'ỦY BAN', 'PHÒNG', 'XÃ' …) and the line above ends with a connector,
    or the joined words are printed below the header ('… trên địa bàn phường Hòa Khánh'). A short piece neither
    proves is returned apart: (header, pieces that may be wrapped)."""
    text = " " + " ".join(" ".join(_motto_words(line.text)) for line in below) + " "
    out: list[Line] = []
    unsure: list[Line] = []
    for line in header:
        previous = out[-1] if out else None
        if (
            previous is not None
            and is_capitals(line.text)
            and is_capitals(previous.text)
            and not _NUMBER_LINE.match(previous.text)
            and not starts_with_head(line.text)
            and not re.match(rf"^\s*(?:{'|'.join(LEVEL_WORDS)})\b", line.text, re.IGNORECASE)
        ):
            if re.search(r"(?:\bVÀ|&|\bCỦA|[-–])$", previous.text.strip()) or (
                f" {' '.join(_motto_words(previous.text.split()[-1] + ' ' + line.text))} " in text
            ):
                joined = [*previous.origins, (len(previous.text) + 1, line.number)]
                out[-1] = Line(f"{previous.text} {line.text}", joined)
                continue
            if len(line.text.split()) <= 2:
                unsure.append(line)
        out.append(line)
    return out, unsure


_MOTTO_PHRASES = (tuple("cong hoa xa hoi chu nghia viet nam".split()), tuple("doc lap tu do hanh phuc".split()))


def _motto_words(text: str) -> list[str]:
    return re.sub(r"[^a-z ]+", " ", fold(text)).split()


def _motto_unfinished(text: str) -> list[str]:
    """The words a motto line leaves for the next one: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT' -> ['nam']."""
    words = _motto_words(text)
    for phrase in _MOTTO_PHRASES:
        for start in range(len(words)):
            if tuple(words[start : start + 2]) == phrase[:2]:
                tail = tuple(words[start:])
                if len(tail) < len(phrase) and phrase[: len(tail)] == tail:
                    return list(phrase[len(tail) :])
                break
    return []


def _motto_rest(line: Line, rest: list[str]) -> tuple[Line | None, int]:
    """The rest of a motto the page wrapped, at the start of the next line ('NAM', 'NAM PHƯỜNG HÒA KHÁNH')
    or, the two columns printed on one line, whole at its end ('PHƯỜNG HÒA KHÁNH NAM'): (what is left of the
    line, None when nothing; how many motto words it held)."""
    tokens = list(re.finditer(r"\S+", line.text))
    folded = [" ".join(_motto_words(t.group())) for t in tokens]
    first = 1 if folded and not folded[0] and tokens[0].group() in "-–" else 0
    taken = 0
    while first + taken < len(tokens) and taken < len(rest) and folded[first + taken] == rest[taken]:
        taken += 1
    if taken:
        if first + taken == len(tokens):
            return None, taken
        start = tokens[first + taken].start()
        return Line(line.text[start:], [(0, line.source_line(start))]), taken
    size = len(rest)
    if len(tokens) > size and folded[-size:] == rest:
        return Line(line.text[: tokens[-size].start()].rstrip(), [(0, line.number)]), size
    return line, 0


def _header_line(layout: Layout, line: Line) -> bool:
    """Motto, number and place/date lines, wherever the extraction put them."""
    if is_motto(line) or _MOTTO_START.search(line.text) or _motto_fragment(line.text):
        start = re.search(r"CỘNG\s+H(?:ÒA|OÀ)|Độc\s+lập", line.text, re.IGNORECASE)
        if start and start.start() > 0 and line.text[: start.start()].strip():  # "UBND XÃ X  CỘNG HÒA …" (columns)
            left = line.text[: start.start()].strip()
            layout.header.append(Line(left, [(0, line.number)]))
        layout.motto.append(line)
    elif layout.number_line is None and _NUMBER_LINE.match(line.text):
        number, place = _split_number_line(line)
        layout.number_line = number
        if place is not None and layout.place_date is None:
            layout.place_date = place
    elif layout.place_date is None and _PLACE_DATE.match(line.text):
        layout.place_date = line
    else:
        return False
    return True


_MOTTO_START = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ|Độc\s+lập\s*[-–]")
_MOTTO_WORDS = " ".join(word for phrase in _MOTTO_PHRASES for word in phrase)


def _motto_fragment(text: str) -> bool:
    """A piece of the motto the page wrapped onto a line of its own ("NGHĨA VIỆT NAM", "- Hạnh phúc")."""
    words = _motto_words(text)
    first = text.strip()[:1]
    return len(words) >= 2 and f" {' '.join(words)} " in f" {_MOTTO_WORDS} " and (first in "-–" or first.isupper())


def _split_number_line(line: Line) -> tuple[Line, Line | None]:
    """'Số: 356/KH-PGDĐT   Hàm Thuận Bắc, ngày 24 tháng 9 năm 2026' (two columns on one line) -> two lines."""
    match = re.match(r"^(\s*Số\s*:\s*(?:[^\s/]*\s*/\s*)?[^\s]*)\s+(\S.*,\s*ngày\b.*)$", line.text, re.IGNORECASE)
    if not match or not _PLACE_DATE.match(match.group(2)):
        return line, None
    offset = line.text.index(match.group(2))
    return Line(match.group(1), [(0, line.number)]), Line(match.group(2), [(0, line.source_line(offset))])


def _starts_body(line: Line, first: bool = False) -> bool:
    """Whether the title is over; the line right after "KẾ HOẠCH" is the title unless it cites or numbers."""
    text = line.text
    opening = _CITES.match(text) if first else _PREAMBLE.match(text)
    return bool(
        opening
        or _ROMAN_HEADING.match(text)
        or _ARABIC.match(text)
        or _ARTICLE.match(text)
        or fold(text).startswith("chu de")
        or len(text) > 200
        or (_is_unnumbered_heading(text) and fold(text).startswith(_SECTION_WORDS))
    )


# How the sections of a plan are headed (folded), for headings printed without a number.
_SECTION_WORDS = (
    "muc dich",
    "yeu cau",
    "can cu",
    "noi dung",
    "chu de",
    "thoi gian",
    "dia diem",
    "to chuc thuc hien",
    "kinh phi",
    "che do",
    "cac hoat dong",
    "hoat dong",
    "thanh phan",
    "doi tuong",
)


def _body_end(lines: list[Line], start: int) -> int:
    for index in range(start, len(lines)):
        text = lines[index].text
        if fold(text).startswith("noi nhan") or _SIGN_PREFIX.match(text) or is_motto(lines[index]):
            return index
    return len(lines)


def _body(layout: Layout, lines: list[Line]) -> None:
    styles: list[str] = []  # numbering styles in nesting order, as the document uses them
    stack: list[Section] = []
    for line in lines:
        if fold(line.text).startswith("tren day la") or _is_closing(line.text):
            layout.closing.append(line)
            continue
        section = _heading(line, styles)
        if section is not None:
            while stack and stack[-1].level >= section.level:
                stack.pop()
            if stack:
                section.parent = stack[-1]
                stack[-1].children.append(section)
            else:
                layout.sections.append(section)
            stack.append(section)
        elif layout.closing:
            layout.closing.append(line)
        elif stack:
            stack[-1].body.append(line)
        else:
            layout.preamble.append(line)


def _is_closing(text: str) -> bool:
    """The last paragraph of the body ends with the conventional "./." mark."""
    return text.rstrip().endswith("/.") and not re.match(r"^\s*" + BULLET, text)


_ARABIC_DEPTH = ("arabic", "arabic2", "arabic3")


def _style_of(text: str, styles: list[str]) -> tuple[str, str, str] | None:
    """(style, number, rest): "PHẦN A." part, "Điều 1." article, "A. MỤC ĐÍCH" upper, "II. NỘI DUNG" roman, "1. CHỦ ĐỀ"
    arabic_caps, "1. Chủ đề" arabic, "3.1." arabic2, "a)" letter, "TỔ CHỨC THỰC HIỆN" (no number) caps."""
    part = _PART.match(text)
    if part and len(text) < 160:
        return "part", part.group(1), part.group(2)
    article = _ARTICLE.match(text)
    if article and len(text) < 160:
        return "article", article.group(1), article.group(2)
    roman = _ROMAN_HEADING.match(text)
    upper = _UPPER_LETTER.match(text)
    if roman and len(text) < 160:
        numeral = roman.group(1)
        as_letter = len(numeral) == 1 and numeral != "I" and "upper" in styles and "roman" not in styles
        if not (as_letter and upper):
            return "roman", numeral, roman.group(2)
    if upper and is_capitals(upper.group(2)) and len(text) < 120:
        return "upper", upper.group(1), upper.group(2)
    arabic = _ARABIC.match(text)
    if arabic:
        depth = arabic.group(1).count(".")
        if depth == 0 and is_capitals(arabic.group(2)) and len(text) < 120:
            return "arabic_caps", arabic.group(1), arabic.group(2)
        return _ARABIC_DEPTH[min(depth, 2)], arabic.group(1), arabic.group(2)
    letter = _LETTER.match(text)
    if letter and styles:
        return "letter", letter.group(1), letter.group(2)
    if _is_unnumbered_heading(text):
        return "caps", "", text.strip()
    return None


def _is_unnumbered_heading(text: str) -> bool:
    """'MỤC ĐÍCH, YÊU CẦU', 'TỔ CHỨC THỰC HIỆN' on a line of their own, without a number."""
    words = text.split()
    return (
        2 <= len(words) <= 14
        and len(text) < 100
        and is_capitals(text)
        and not re.match(r"^\s*(?:" + BULLET + r"|[“\"(\d])", text)
        and not text.rstrip().endswith((".", ";", ","))
        and not fold(text).startswith(("ke hoach", "noi nhan", "tren day la"))
    )


def _heading(line: Line, styles: list[str]) -> Section | None:
    found = _style_of(line.text, styles)
    if found is None:
        return None
    style, number, rest = found
    if style not in styles:
        styles.insert(_insert_at(style, styles), style)
    return _section(number, rest, line, styles.index(style) + 1)


def _insert_at(style: str, styles: list[str]) -> int:
    """Where a numbering style seen for the first time nests: below the styles seen so far, except that
    a part ("PHẦN A") is above everything and "1." goes above "1.1." whatever came first."""
    if style == "part":
        return 0
    if style in ("arabic", "arabic_caps", *_ARABIC_DEPTH):
        depth = _ARABIC_DEPTH.index(style) if style in _ARABIC_DEPTH else -1
        deeper = [i for i, s in enumerate(styles) if s in _ARABIC_DEPTH and _ARABIC_DEPTH.index(s) > depth]
        if deeper:
            return deeper[0]
    return len(styles)


def _section(number: str, rest: str, line: Line, level: int) -> Section:
    """Label = text before an early ':' ("Chủ đề: …") or the whole heading when it is short."""
    colon = rest.find(":")
    if 0 < colon <= 80:
        return Section(number, rest[:colon].strip(" .*"), line, level, inline=rest[colon + 1 :].strip())
    if len(rest) <= 60 or (len(rest) <= 100 and not re.search(r"[.;]\s*$", rest.rstrip("”"))) or is_capitals(rest):
        return Section(number, rest.strip(" .:*"), line, level)
    return Section(number, "", line, level, inline=rest.strip())


def _tail(layout: Layout, lines: list[Line]) -> None:
    """Nơi nhận, signature block and appendix (after the signer's name, or a second motto block)."""
    in_recipients = False
    for index, line in enumerate(lines):
        text = line.text
        if fold(text).startswith("noi nhan"):
            in_recipients = True
            layout.recipients_line = line
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                layout.recipients.append(Line(rest, [(0, line.number)]))
            continue
        if in_recipients and re.match(r"^\s*" + BULLET, text):
            layout.recipients.append(line)
            continue
        in_recipients = False
        if re.fullmatch(r"\(?\s*(?:đã ký|đã kí|ký tên|ký, ghi rõ họ tên)[^)]*\)?\.?", text.strip(), re.IGNORECASE):
            continue  # "(Đã ký)" between the title and the name
        if is_motto(line) and layout.signature:
            layout.appendix = lines[index:]
            return
        if _SIGN_PREFIX.match(text) or (is_capitals(text) and len(text) < 80):
            layout.signature.append(line)
            continue
        if looks_like_name(text) and layout.signature:
            layout.signature.append(line)
            layout.appendix = lines[index + 1 :]
            return
        layout.appendix = lines[index:]
        return
