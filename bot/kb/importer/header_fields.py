"""Fields from the frame of the document: issuer, locality, number, date, title, signer,
recipients and the documents it is based on."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.kb.importer.evidence import Evidence
from bot.kb.importer.patterns import BULLET, CENTRAL_CITIES, LEVEL_WORDS, UPPER, find_dates, unit_names
from bot.kb.importer.patterns import PLACE as _PLACE
from bot.kb.importer.repair import Line
from bot.kb.importer.structure import Layout, is_capitals, is_motto, looks_like_name
from bot.kb.importer.syllables import is_syllable
from bot.kb.importer.units import sentence_case, tidy_name
from bot.text import fold

_DOC_KINDS = (
    "Công văn|Quyết định|Kế hoạch|Chỉ thị|Thông tư liên tịch|Thông tư|Nghị quyết|Nghị định|Hướng dẫn|Thông báo|"
    "Văn bản|Công điện|Chương trình|Đề án|Kết luận|Quy định"
)
_REFERENCE = re.compile(
    rf"\b({_DOC_KINDS})\s+(?:số\s*:?\s*)?(\d[\w/.\-&]*(?:\s*[-/]\s*[\wĐđ&]+)*?)"
    r"\s*,?\s+(?:ban hành\s+)?(?:vào\s+)?ngày\s",
    re.IGNORECASE,
)
# A document cited without its date ("Căn cứ Công văn số 2650/SGDĐT-GDTX của Sở …").
_UNDATED_REFERENCE = re.compile(
    rf"\b({_DOC_KINDS})\s+số\s*:?\s*(\d[\w/.\-&]*+)(?!\s*,?\s+(?:ban hành\s+)?(?:vào\s+)?ngày)", re.IGNORECASE
)
_ISSUER_CLAUSE = re.compile(r"([^,;.:]{3,160}?)\s+(?:xây dựng|ban hành|triển khai|lập)\s+(?:kế hoạch|Kế hoạch)\b")
_KIND_SHORT = {"công văn": "cv", "quyết định": "qd", "kế hoạch": "kh", "chỉ thị": "ct", "thông tư": "tt"}


@dataclass
class Place:
    name: str | None
    level: str | None
    province: str | None


def year_of(layout: Layout, evidence: Evidence) -> int | None:
    for line in layout.title:
        years = re.findall(r"\bnăm\s+((?:19|20)\d\d)\b", line.text)
        if years:
            return int(evidence.add("year", int(years[-1]), line.number))
    if layout.place_date:
        match = re.search(r"năm\s+(\d{4})", layout.place_date.text)
        if match:
            return int(evidence.add("year", int(match.group(1)), layout.place_date.number))
    return None


def issuer_name(layout: Layout, evidence: Evidence) -> tuple[str | None, int]:
    """The issuing body: the header above "Số:", else "<body> xây dựng kế hoạch" in the opening, else "TM. <body>"."""
    header = [line for line in layout.header if not is_motto(line) and is_capitals(line.text)]
    for line in layout.header_unsure:
        evidence.warn(
            line.number,
            f"Dòng đầu văn bản “{line.text}”: phần tên bị ngắt dòng hay một tên riêng? "
            "Cơ quan ban hành và địa bàn không lấy từ phần đầu văn bản, cần kiểm tra.",
        )
        header = []
    if header:
        # "UBND HUYỆN X / PHÒNG GIÁO DỤC VÀ ĐÀO TẠO": the last line is the issuer itself;
        # "ỦY BAN NHÂN DÂN / PHƯỜNG TÂN MAI": one name on two lines.
        line = header[-1]
        text = line.text
        if len(header) > 1 and re.match(rf"^(?:{'|'.join(LEVEL_WORDS)})\b", text, re.IGNORECASE):
            text = f"{header[-2].text} {text}"
        return tidy_name(text), line.number
    for line in layout.preamble + layout.title:
        for match in _ISSUER_CLAUSE.finditer(line.text):
            names = unit_names(_last_unit_start(match.group(1)))
            if len(names) == 1:
                return names[0], line.source_line(match.start(1))
    for line in layout.signature:
        behalf = re.match(r"^\s*TM\.\s*(.+)$", line.text)
        if behalf:
            return tidy_name(behalf.group(1)), line.number
    evidence.warn(None, "Không tìm thấy cơ quan ban hành (dòng đầu văn bản, câu “… xây dựng kế hoạch” hay “TM. …”).")
    return None, 0


def _last_unit_start(text: str) -> str:
    """'(sau đây gọi là Tuần lễ), Phòng GD&ĐT Đức Trọng' -> 'Phòng GD&ĐT Đức Trọng'."""
    pieces = re.split(r"[,;.)]\s*", text)
    return pieces[-1].strip()


def place_of(layout: Layout, issuer: str | None, evidence: Evidence) -> Place:
    name, name_line = _place_name(layout, issuer)
    if name:
        evidence.add("locality.name", name, name_line)
    level = _level(layout, name, issuer, evidence)
    province = _province(layout, name, level, evidence)
    return Place(name, level, province)


def _place_name(layout: Layout, issuer: str | None) -> tuple[str | None, int]:
    """The commune, ward, district or province the plan is for.

    The header names the administrative unit the issuer belongs to ("UBND PHƯỜNG THUẬN HÓA" above
    "TRƯỜNG THCS NGUYỄN TRI PHƯƠNG"; "ỦY BAN NHÂN DÂN / XÃ TÂN PHÚ"): that is the locality, even when
    the place line names the city the ward is in ("Huế, ngày …"). But a school or centre the header puts
    under a district or province body ("SỞ GD&ĐT TỈNH X / TRƯỜNG THPT Y") is in the commune of its place
    line. Without a header, the place line's name, else the issuer's own name ("Phòng GD&ĐT Đức Trọng")."""
    in_header = _header_place(layout)
    printed = _place_line_name(layout)
    if in_header and printed and _in_a_commune_below(in_header[0], in_header[1], printed, issuer):
        return printed, layout.place_date.number if layout.place_date else 0
    if in_header:
        return in_header[1], in_header[2]
    if printed:
        return printed, layout.place_date.number if layout.place_date else 0
    if issuer:
        match = re.search(rf"(?:{'|'.join(LEVEL_WORDS)})\s+({_PLACE})\s*$", issuer, flags=re.IGNORECASE)
        place = match.group(1) if match else _trailing_proper_name(issuer)
        if place:
            line = next((ln.number for ln in layout.lines if place in ln.text), 0)
            return place, line
    return None, 0


def _in_a_commune_below(level: str, name: str, printed: str, issuer: str | None) -> bool:
    """A school or centre under a district/province body, dated from another place than that body's."""
    above_commune = level in ("huyện", "quận", "thị xã", "thành phố", "tỉnh")
    school = bool(issuer and re.match(r"^(?:Trường|Trung tâm)\b", issuer))
    return above_commune and school and fold(printed) != fold(name) and printed not in CENTRAL_CITIES


def _place_line_name(layout: Layout) -> str | None:
    if layout.place_date:
        match = re.match(r"^\s*([^\d,;:]{2,40}?)\s*,\s*ngày", layout.place_date.text)
        if match and not match.group(1).strip(" .").startswith("."):
            place = match.group(1).strip(" .")
            place = re.sub(rf"^(?:{'|'.join(LEVEL_WORDS)})\s+", "", place, flags=re.IGNORECASE)
            if re.fullmatch(_PLACE, place):
                return place
    return None


_HEADER_LEVEL = re.compile(
    r"(?:^|\s)(THỊ TRẤN|THỊ XÃ|THÀNH PHỐ|TP\.|XÃ|PHƯỜNG|HUYỆN|QUẬN|TỈNH)\s+([^\W\d_][^\d,;:()]{1,40}?)\s*$"
)


def _header_place(layout: Layout) -> tuple[str, str, int] | None:
    """(level, name, line) of the lowest header line ending with a level and a name ("UBND XÃ SI MA CAI")."""
    if layout.header_unsure:  # a name the column may have wrapped: its place is not known (issuer_name warns)
        return None
    header = [line for line in layout.header if not is_motto(line) and is_capitals(line.text)]
    for line in reversed(header):
        match = _HEADER_LEVEL.search(line.text.strip())
        if match and not re.search(r"\bVIỆT NAM$", match.group(2)):
            level = "thành phố" if match.group(1) == "TP." else match.group(1).lower()
            return level, _printed_spelling(layout, match.group(2)), line.number
    return None


def _printed_spelling(layout: Layout, capitals: str) -> str:
    """'THUẬN HÓA' as the document prints it elsewhere ('Thuận Hóa'), else each word capitalised."""
    folded = fold(capitals)
    for line in layout.lines:
        for match in re.finditer(_PLACE, line.text):
            if fold(match.group(0)) == folded and not is_capitals(match.group(0)):
                return match.group(0)
    return " ".join(word[:1] + word[1:].lower() for word in capitals.split())


def _trailing_proper_name(name: str) -> str | None:
    """'Phòng GD&ĐT Đức Trọng' -> 'Đức Trọng': capitalised syllables after the organisation's own words."""
    words = name.split()
    run: list[str] = []
    while len(words) > 1 and words[-1][:1].isupper() and words[-1][1:].islower() and is_syllable(words[-1]):
        run.insert(0, words.pop())
    if not run or not words or fold(" ".join(run)) in ("viet nam", "chinh phu"):
        return None
    return " ".join(run)


def _level(layout: Layout, name: str | None, issuer: str | None, evidence: Evidence) -> str | None:
    in_header = _header_place(layout)
    if in_header and name == in_header[1]:
        return str(evidence.add("locality.level", in_header[0], in_header[2]))
    own = layout.header + layout.title + layout.body() + layout.recipients + layout.signature  # not the appendix
    text = "\n".join(line.text for line in own)
    levels = "|".join(LEVEL_WORDS)
    if name:
        found = Counter(m.group(1).lower() for m in re.finditer(rf"\b({levels})\s+{re.escape(name)}\b", text, re.I))
        if found:
            level = found.most_common(1)[0][0]
            return str(evidence.add("locality.level", level, _line_with(layout, f"{level} {name}")))
    if issuer:
        match = re.search(rf"\b({levels})\b", issuer, flags=re.IGNORECASE)
        if match:
            return str(evidence.add("locality.level", match.group(1).lower(), _line_with(layout, issuer)))
    scope = Counter(m.group(1).lower() for m in re.finditer(rf"\b(?:toàn|trên địa bàn)\s+({levels})\b", text, re.I))
    if scope:
        level = scope.most_common(1)[0][0]
        return str(evidence.add("locality.level", level, _line_with(layout, level)))
    return None


def _province(layout: Layout, name: str | None, level: str | None, evidence: Evidence) -> str | None:
    """'tỉnh X', 'thành phố X' (X a centrally-run city), 'Sở … X', 'trên địa bàn X' in the plan's own text."""
    if name and (level == "tỉnh" or (level == "thành phố" and name in CENTRAL_CITIES)):
        return str(evidence.add("locality.province", name, _line_with(layout, name)))
    printed = _place_line_name(layout)
    if printed and name and fold(printed) != fold(name) and printed in CENTRAL_CITIES and layout.place_date:
        return str(evidence.add("locality.province", printed, layout.place_date.number))  # "Huế, ngày …" of a ward
    lines = layout.header + layout.preamble + layout.body() + layout.recipients
    votes: Counter[str] = Counter()
    where: dict[str, int] = {}
    for line in lines:
        for match in re.finditer(rf"\b(?:tỉnh|TỈNH)\s+({_PLACE})", line.text):
            _vote(votes, where, _as_printed(layout, _trim_place(match.group(1))), line.source_line(match.start(1)))
        for match in re.finditer(rf"\b(?:thành phố|TP\.?|trên địa bàn)\s+({_PLACE})", line.text):
            city = _trim_place(match.group(1))
            if city in CENTRAL_CITIES:
                _vote(votes, where, city, line.source_line(match.start(1)))
        for match in re.finditer(
            r"\bSở\s+(?:[^,;()./]+?)(?=\s+(?:về|theo|trước|chậm|để|kết quả)\b|[,;()./]|$)", line.text
        ):
            department = re.sub(r"\s+(?:tỉnh|thành phố)(?=\s+\S+$)", "", match.group(0))
            place = _trailing_proper_name(department)
            if place:
                _vote(votes, where, place, line.source_line(match.start()))
    votes.pop(name or "", None)
    if not votes:
        return None
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        evidence.warn(where[ranked[1][0]], f"Tỉnh/thành phố chưa rõ: {ranked[0][0]} hay {ranked[1][0]}.")
        return None
    province = ranked[0][0]
    return str(evidence.add("locality.province", province, where[province]))


def _trim_place(place: str) -> str:
    words = place.split()
    while words and fold(words[-1]) in ("ve", "va", "ve viec"):
        words.pop()
    return " ".join(words)


def _as_printed(layout: Layout, place: str) -> str:
    """'ĐỒNG NAI' of a header as the text prints it elsewhere ('Đồng Nai')."""
    return _printed_spelling(layout, place) if is_capitals(place) else place


def _vote(votes: Counter[str], where: dict[str, int], place: str, line: int) -> None:
    if place and fold(place) not in ("ubnd", "so", "cac"):
        votes[place] += 1
        where.setdefault(place, line)


def _line_with(layout: Layout, text: str) -> int:
    folded = fold(text)
    return next((line.number for line in layout.lines if folded in fold(line.text)), 0)


def document_of(layout: Layout, evidence: Evidence) -> dict[str, object]:
    title = " ".join(line.text for line in layout.title).strip().rstrip(".")
    title = _close_quotes(title)
    if title:
        evidence.add("document.title", title, layout.title[0].number)
    number = None
    if layout.number_line:
        written = re.match(
            r"^\s*Số\s*:\s*(\d+\s*[-/]\s*[\wĐđ&.]+(?:\s*[-/]\s*[\wĐđ&.]+)*)\s*\.?\s*$",
            layout.number_line.text,
            flags=re.IGNORECASE,
        )  # "Số: 215/KH-UBND"; with anything after it (a place the page ran into it) the number is unsure
        if written and "/" in written.group(1):
            number = evidence.add("document.number", re.sub(r"\s+", "", written.group(1)), layout.number_line.number)
    place_date = day = None
    if layout.place_date:
        printed = re.sub(r"\s+", " ", layout.place_date.text.strip())
        printed = re.sub(r"ngày\s+(?=tháng)", "ngày ... ", printed)
        printed = re.sub(r"tháng\s+(?=năm)", "tháng ... ", printed)
        place_date = evidence.add("document.place_date_line", printed, layout.place_date.number)
        dates = find_dates(layout.place_date.text)
        if dates:
            day = evidence.add("document.date", dates[0].value, layout.place_date.number)
    return {
        "kind": "Kế hoạch",
        "number": number,
        "title": title or None,
        "place_date_line": place_date,
        "date": day,
        "signer": signer_of(layout, evidence),
        "recipients": recipients_of(layout, evidence),
    }


def _close_quotes(text: str) -> str:
    if text.count("“") > text.count("”"):
        return text + "”"
    return text


def signer_of(layout: Layout, evidence: Evidence) -> dict[str, str | None] | None:
    behalf = name = None
    titles: list[str] = []
    line_no = 0
    for line in layout.signature:
        text = line.text.strip(" *")
        if looks_like_name(text):
            name = text
            line_no = line.number
        elif re.match(r"^\s*TM\s*\.", text, re.IGNORECASE):
            behalf = sentence_case(text) if is_capitals(text) else text
            line_no = line_no or line.number
        elif text:
            titles.append(sentence_case(text) if is_capitals(text) else text)
            line_no = line_no or line.number
    if not (name or titles or behalf):
        return None
    title = " - ".join(titles) or None
    if name:
        evidence.add("document.signer.name", name, line_no)
    if title:
        evidence.add("document.signer.title", title, layout.signature[0].number)
    if behalf:
        evidence.add("document.signer.on_behalf_of", behalf, layout.signature[0].number)
    return {"name": name, "title": title, "on_behalf_of": behalf}


def recipients_of(layout: Layout, evidence: Evidence) -> list[str]:
    out: list[str] = []
    for line in layout.recipients:
        text = re.sub(r"^\s*" + BULLET + r"\s*", "", line.text).strip()
        text = re.sub(r";\s*(?=\()", " ", text).strip(" ;,.")
        if text:
            out.append(evidence.add(f"document.recipients[{len(out)}]", text, line.number))
    return out


# A line that states what the plan is based on: "Căn cứ …", "Thực hiện …", "Thi hành …" (after a list mark).
_BASIS_LINE = re.compile(rf"^\s*(?:{BULLET}\s*)?(?:Căn cứ|Thực hiện|Thi hành)\b", re.IGNORECASE)


def _basis_lines(layout: Layout) -> list[Line]:
    """Where a plan states what it is based on: the opening paragraph, a section headed "Căn cứ …", a line
    that begins "Căn cứ"/"Thực hiện"; not a document its objectives mention ("Góp phần thực hiện Quyết định
    số 1373/QĐ-TTg …" is what the plan serves, not what it is issued under)."""
    out = list(layout.preamble)
    for section in layout.all_sections():
        lines = [section.line, *section.body]
        if section.folded_label.startswith("can cu"):
            out += [line for line in lines if line not in out]
        else:
            out += [line for line in lines if _BASIS_LINE.match(line.text) and line not in out]
    return out


def based_on_of(layout: Layout, evidence: Evidence) -> list[dict[str, object]]:
    """Every document the plan is based on, cited with a number and a full date ('Thực hiện Công văn số
    2996/UBND-KGVX ngày …'); one only mentioned elsewhere is named in a note for the reviewer."""
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    basis = _basis_lines(layout)
    for line in layout.preamble + layout.body():
        for match in _REFERENCE.finditer(line.text):
            number = re.sub(r"\s+", "", match.group(2)).rstrip(".,;")
            if "/" not in number or fold(number) in seen:
                continue
            rest = line.text[match.end() - len("ngày ") :]
            dates = find_dates(rest[:40])
            if not dates or dates[0].start > 6:
                continue
            after = rest[dates[0].end :]
            issuer = _cited_issuer(after) or _shared_issuer(after)
            if not issuer:
                if line in basis and fold(number) not in seen:
                    seen.add(fold(number))
                    evidence.warn(
                        line.source_line(match.start()),
                        f"Văn bản căn cứ “{match.group(1)} số {number}” không ghi ngay sau đó cơ quan ban hành (“của "
                        "…”): chưa đưa vào mục căn cứ (based_on); hãy thêm nếu biết.",
                    )
                continue
            seen.add(fold(number))
            if line not in basis:
                evidence.warn(
                    line.source_line(match.start()),
                    f"“{match.group(1)} số {number}” chỉ được nhắc trong nội dung, không nêu là căn cứ: chưa đưa "
                    "vào mục căn cứ (based_on); hãy thêm nếu kế hoạch được ban hành theo văn bản này.",
                )
                continue
            kind = match.group(1)[0].upper() + match.group(1)[1:].lower()
            index = len(out)
            at = line.source_line(match.start())
            item = {
                "id": _reference_id(kind, number),
                "kind": evidence.add(f"based_on[{index}].kind", kind, at),
                "number": evidence.add(f"based_on[{index}].number", number, at),
                "date": evidence.add(f"based_on[{index}].date", dates[0].value, at),
                "issuer": evidence.add(f"based_on[{index}].issuer", issuer, at),
                "subject": evidence.add(f"based_on[{index}].subject", _cited_subject(after), at),
            }
            out.append(item)
    _note_undated(layout, seen, evidence)
    return out


def _note_undated(layout: Layout, dated: set[str], evidence: Evidence) -> None:
    """A cited document without a date is not put in `based_on` (a reference needs its date): say so."""
    for line in layout.preamble:
        for match in _UNDATED_REFERENCE.finditer(line.text):
            number = match.group(2).rstrip(".,;")
            if "/" in number and fold(number) not in dated:
                dated.add(fold(number))
                evidence.warn(
                    line.source_line(match.start()),
                    f"Văn bản căn cứ “{match.group(1)} số {number}” không ghi ngày ban hành: chưa đưa vào mục "
                    "căn cứ (based_on cần ngày); hãy thêm nếu biết ngày.",
                )


_NEXT_REFERENCE = re.compile(
    rf"^\s*(?:,|và|;)\s*(?:{_DOC_KINDS})\s+số\s*:?\s*\S+?\s*,?\s+(?:ban hành\s+)?ngày\s+", re.I
)


def _shared_issuer(after: str) -> str | None:
    """'Kế hoạch số 31/KH-UBND ngày 15/9/2026 và Công văn số 99/UBND-VX ngày 16/9/2026 của UBND huyện': the
    documents listed before one issuer's name are that issuer's."""
    for _ in range(4):
        chained = _NEXT_REFERENCE.match(after)
        if not chained:
            return None
        dates = find_dates(after[chained.end() : chained.end() + 30])
        if not dates or dates[0].start > 0:
            return None
        after = after[chained.end() + dates[0].end :]
        issuer = _cited_issuer(after)
        if issuer:
            return issuer
    return None


def _cited_issuer(after: str) -> str | None:
    stops = r"về|V/v|ban hành|phê duyệt|quy định|nhằm|hướng dẫn|triển khai"
    match = re.match(rf"\s*của\s+(.+?)(?=\s+(?:{stops})\b|[,;(]|\.\s|\.$|$)", after)
    if not match:
        return None
    return match.group(1).strip()


def _cited_subject(after: str) -> str | None:
    end = rf"(?=\s*(?:\(sau đây|;|\.\s|\.$|:|,\s*[{UPPER}])|$)"
    match = re.search(rf"\b(?:về việc|V/v|về)\s+(.+?){end}", after)
    if not match:
        match = re.search(rf"\b((?:ban hành|phê duyệt)\s+.+?){end}", after)
    if not match:
        return None
    return match.group(1).strip(" ,")


def _reference_id(kind: str, number: str) -> str:
    short = _KIND_SHORT.get(kind.lower(), fold(kind)[:2])
    slug = re.sub(r"[^a-z0-9]+", "-", fold(number)).strip("-")
    return f"{short}-{slug}"
