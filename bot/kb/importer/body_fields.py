"""Fields from the plan's body: theme, period, ceremonies, sessions and reporting duties.

Each is looked for first in the section whose heading names it ("Chủ đề", "Thời gian",
"Chuyên đề"), then in the whole body. Two different values for one field leave it empty
with a note for the reviewer: a wrong date is worse than a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.kb.importer.evidence import Evidence
from bot.kb.importer.patterns import UPPER, find_dates, unit_names
from bot.kb.importer.repair import Line
from bot.kb.importer.structure import Layout, Section
from bot.kb.importer.units import UnitRegistry
from bot.text import fold, tokens

_SENTENCE_END = re.compile(rf"(?<=[.!?…])\s+(?=[{UPPER}“\"(-])")
_QUOTED = re.compile(r"[“\"](.+)[”\"]")


@dataclass(frozen=True)
class Piece:
    """A sentence (or ';' clause) of a logical line, with its source line."""

    text: str
    line: int
    section: Section | None
    context: str = ""  # the whole logical line, for what the sentence refers back to


def pieces(lines: list[Line], section: Section | None = None) -> Iterator[Piece]:
    for line in lines:
        text = line.text
        offset = 0
        for part in _SENTENCE_END.split(text):
            start = text.find(part, offset)
            offset = start + len(part)
            clean = re.sub(r"^\s*(?:[-–+•]\s*|\d{1,2}(?:\.\d{1,2})*\s*[.)-]\s*|[a-zđ][.)]\s*)", "", part).strip()
            if len(clean) >= 3:
                yield Piece(clean, line.source_line(max(start, 0)), section, text)


def section_pieces(layout: Layout) -> Iterator[Piece]:
    """Every piece of the body with the innermost section it belongs to (None: preamble/closing)."""
    yield from pieces(layout.preamble)
    for top in layout.sections:
        for section in top.walk():
            head = (
                Line(section.inline, [(0, section.line.number)]) if section.label and section.inline else section.line
            )
            yield from pieces([head, *section.body], section)
    yield from pieces(layout.closing)


def sections_named(layout: Layout, *words: str) -> list[Section]:
    return [s for s in layout.all_sections() if any(w in s.folded_label for w in words)]


# --- theme ---------------------------------------------------------------------------------------------------


_THEME_LABEL = re.compile(r"^\s*(?:[-–+•*]\s*)?Chủ đề\b[^:“\"]{0,60}:\s*(.*)$", re.IGNORECASE)
_THEME_IN_TEXT = re.compile(r"\b(?:có\s+|với\s+)?chủ đề\b[^“\":.;]{0,60}?(?:là|:)?\s*[“\"]([^”\"]{5,200})[”\"]", re.I)
_EVENT_BEFORE = re.compile(r"\b(?:lễ|hội thi|cuộc thi|chuyên đề|hội thảo|tọa đàm|ngày hội)\b[^.;]{0,40}$", re.I)
_SLOGAN_BEFORE = re.compile(r"\bkhẩu hiệu\b[^“\"]{0,60}$", re.IGNORECASE)


def theme_of(layout: Layout, evidence: Evidence) -> str | None:
    """The theme as the plan words it, quoted or not, from (in this order) the section headed "Chủ đề",
    a "Chủ đề …:" line, or "… chủ đề “…”" in the text. A line that introduces the theme ("… lựa chọn chủ
    đề Tuần lễ là:") is followed by it; a slogan is never the theme."""
    for section in sections_named(layout, "chu de"):
        if section.folded_label.startswith("chu de"):
            found = _theme_in_section(section)
            if found:
                return str(evidence.add("theme", found[0], found[1]))
    lines = layout.title + layout.preamble + layout.body()
    for index, line in enumerate(lines):
        label = _THEME_LABEL.match(line.text)
        if label:
            found = _theme_from(lines[index:], label.start(1))
            if found:
                return str(evidence.add("theme", found[0], found[1]))
    for line in layout.body():
        for match in _THEME_IN_TEXT.finditer(line.text):
            if not _EVENT_BEFORE.search(line.text[: match.start()]):
                theme = _quoted_or_plain(f"“{match.group(1)}”")
                if theme:
                    return str(evidence.add("theme", theme, line.source_line(match.start(1))))
    return None


def _theme_in_section(section: Section) -> tuple[str, int] | None:
    """The section's first quoted phrase that is no slogan, else its first plain line when that is short."""
    lines = section.all_lines()
    first = Line(section.inline, [(0, section.line.number)]) if section.inline else None
    rest = [first] if first else []
    rest += lines[1:]
    return _theme_from(rest, 0) if rest else None


def _theme_from(lines: list[Line], offset: int) -> tuple[str, int] | None:
    """From `lines[0]` (at `offset`) on: a quoted phrase on the line, else the plain rest of the line, else —
    when the line introduces it (ends with ':' or says nothing more) — the next line."""
    for index, line in enumerate(lines[:3]):
        text = line.text[offset if index == 0 else 0 :]
        for match in _QUOTED_LAZY.finditer(text):
            if not _SLOGAN_BEFORE.search(text[: match.start()]) and len(match.group(1).strip()) >= 5:
                return _clean_theme(match.group(1)), line.source_line(match.start() + (offset if index == 0 else 0))
        plain = re.sub(r"^\s*(?:[-–+•*]\s*|\d{1,2}(?:\.\d{1,2})*\s*[.)/]\s*|[a-zđ][.)]\s*)", "", text).strip()
        plain = _THEME_LABEL.sub(r"\1", plain).strip()
        if not plain or plain.endswith(":"):
            continue  # "Chủ đề" heading alone, or "… chủ đề Tuần lễ trên địa bàn xã là:": the theme follows
        if index == 0 or not _starts_section(text):  # a new numbered item is no longer the theme
            theme = _clean_theme(plain)
            if len(theme) >= 5 and len(theme) <= 200 and "chủ đề" not in theme.lower():
                return theme, line.number
        return None
    return None


_QUOTED_LAZY = re.compile(r"[“\"]([^”\"]+)[”\"]?")


def _starts_section(text: str) -> bool:
    return bool(re.match(r"^\s*(?:[IVXL]{1,5}|\d{1,2})\s*[.)/-]\s", text))


def _clean_theme(text: str) -> str:
    return text.strip(' .;:*”“"')


def _quoted_or_plain(text: str) -> str | None:
    text = text.strip()
    match = _QUOTED.search(text)
    if match:
        value = match.group(1)
    elif text.startswith(("“", '"')):
        value = text[1:]
    else:
        value = text
    value = value.strip(' .;:*”“"')
    return value if len(value) >= 5 else None


# --- period --------------------------------------------------------------------------------------------------

_RANGE = re.compile(r"từ\s+(?:ngày\s+)?(.{3,30}?)\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?(.{3,30})", re.IGNORECASE)


def date_range(text: str, year: int | None) -> tuple[dt.date, dt.date, int] | None:
    """(start, end, offset) of 'từ ngày 01/10/2025 đến (hết) ngày 07/10/2025' (start may omit the year)."""
    for match in _RANGE.finditer(text):
        end_dates = find_dates(match.group(2))
        if not end_dates or end_dates[0].start > 2:
            continue
        end = end_dates[0].value
        start_dates = find_dates(match.group(1), default_year=end.year)
        day_only = re.match(r"^\s*(\d{1,2})\s*$", match.group(1))
        if day_only and 1 <= int(day_only.group(1)) <= end.day:  # "từ ngày 01 đến ngày 07/10/2026"
            start = end.replace(day=int(day_only.group(1)))
        elif not start_dates or start_dates[0].start > 2:
            continue
        else:
            start = start_dates[0].value
        if start <= end <= start + dt.timedelta(days=62):
            return start, end, match.start()
    return None


def period_of(layout: Layout, year: int | None, evidence: Evidence) -> dict[str, object] | None:
    timed = [p for s in sections_named(layout, "thoi gian") for p in pieces(s.all_lines(), s)]
    everywhere = [p for p in section_pieces(layout) if "tuan le" in fold(p.text)]
    for piece in timed + everywhere:
        if re.search(r"\blễ\s+(?:phát động|ra quân)|chuyên đề", piece.text, re.IGNORECASE):
            continue
        found = date_range(piece.text, year)
        if found:
            start, end, _ = found
            evidence.add("period.start", start, piece.line)
            evidence.add("period.end", end, piece.line)
            return {"start": start, "end": end, "note": _sentence(piece.text)}
    return None


def _sentence(text: str) -> str:
    text = re.sub(r"\s*\./\.$", ".", text.strip().rstrip(";,"))  # the closing "./." mark
    return text if text.endswith((".", "!", "?", "…", ":")) else text + "."


# --- special sessions ----------------------------------------------------------------------------------------

_SESSION = re.compile(
    r"^\s*(?:Ngày|Vào ngày)\s+(\S+?),?\s*(?:tổ chức\s+)?chuyên đề\s*:?\s*[“\"](.+?)[”“\"]"
    r"(?:\s*(?:với|có)\s+(\d[\d.]*)\s+([^\d\s][^,.;]*?)\s+tham gia)?",
    re.IGNORECASE,
)


def sessions_of(layout: Layout, year: int | None, evidence: Evidence) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for piece in pieces(layout.body()):
        match = _SESSION.match(piece.text)
        if not match:
            continue
        dates = find_dates(match.group(1), default_year=year)
        if not dates:
            continue
        path = f"special_sessions[{len(out)}]"
        item: dict[str, object] = {
            "date": evidence.add(f"{path}.date", dates[0].value, piece.line),
            "topic": evidence.add(f"{path}.topic", match.group(2).strip(), piece.line),
            "participants": None,
            "participants_kind": None,
        }
        if match.group(3):
            item["participants"] = evidence.add(
                f"{path}.participants", int(match.group(3).replace(".", "")), piece.line
            )
            item["participants_kind"] = evidence.add(f"{path}.participants_kind", match.group(4).strip(), piece.line)
        out.append(item)
    return out


# --- reporting -----------------------------------------------------------------------------------------------

_REPORT_VERB = re.compile(r"\b(?:báo cáo|gửi)\b", re.IGNORECASE)
_TO_MARK = re.compile(r"\b(?:báo cáo|gửi|về|lên|đến|tới)\s+(?:về\s+|lên\s+|cho\s+|đến\s+|tới\s+)?", re.IGNORECASE)
_DEADLINE = re.compile(
    r"\b(?:trước|chậm nhất(?:\s+là)?(?:\s+(?:đến|vào))?|hạn chót|hạn cuối|không quá|trong ngày)\s+(?:ngày\s+)?",
    re.IGNORECASE,
)
# What may stand between "trước" and the date: "trước 16 giờ ngày …", "chậm nhất là thứ Sáu, ngày …".
_DEADLINE_LEAD = re.compile(
    r"^(?:\d{1,2}\s*(?:h|giờ)\s*(?:\d{1,2})?\s*(?:phút)?\s*,?\s*)?(?:(?:thứ\s+\w+|chủ nhật)\s*,?\s*)?(?:ngày\s*)?$",
    re.IGNORECASE,
)
_BY_RULE = re.compile(r"\btheo\s+(?:đúng\s+)?(?:thời gian\s+|thời hạn\s+)?quy định\b", re.IGNORECASE)
_VIA = re.compile(
    r"\(?\s*(qua\s+(?:phòng|bộ phận|ban|văn phòng|đ/c|đồng chí)[^)(;]*?)\s*"
    r"(?:\)|(?=\s*\()|(?=\s+(?:trước|chậm|để|theo))|$)",
    re.IGNORECASE,
)
_FORM = re.compile(
    r"\(?\s*(theo\s+(?:mẫu|biểu mẫu|đề cương|phụ lục)[^)(;]*?)\s*(?:\)|(?=\s+(?:trước|chậm|để|về))|$)", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def reporting_of(
    layout: Layout, year: int | None, units: UnitRegistry, section_units: dict[int, str], evidence: Evidence
) -> list[dict[str, object]]:
    """Sentences that send a report to named bodies, with a deadline (a date, or 'theo quy định')."""
    out: list[dict[str, object]] = []
    for piece in section_pieces(layout):
        for clause in _report_clauses(piece.text):
            for duty in _duties(clause, piece, year, units, section_units, evidence):
                if any(d["text"] == duty["text"] and d["from"] == duty["from"] for d in out):
                    continue
                path = f"reporting[{len(out)}]"
                for key in ("from", "to", "deadline", "deadline_text", "via", "channel", "form"):
                    evidence.add(f"{path}.{key}", duty.get(key), piece.line)
                out.append(duty)
    return out


def _report_clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r";\s+", text) if _REPORT_VERB.search(c)]


def _duties(
    clause: str,
    piece: Piece,
    year: int | None,
    units: UnitRegistry,
    section_units: dict[int, str],
    evidence: Evidence,
) -> list[dict[str, object]]:
    """The duty of a reporting clause, one per sender ("các đơn vị" may stand for the units listed before)."""
    verb = _REPORT_VERB.search(clause)
    assert verb is not None
    purpose = re.search(r"\s+để\s+", clause[verb.start() :])
    scope = clause[: verb.start() + purpose.start()] if purpose else clause
    targets: list[str] = []
    for mark in _TO_MARK.finditer(scope, verb.start()):
        for name in unit_names(scope[mark.end() :]):
            unit_id = units.add(name, piece.line)
            if unit_id and unit_id not in targets:
                targets.append(unit_id)
    if not targets:
        return []
    senders = [s for s in _senders(clause[: verb.start()], piece, units, section_units) if s not in targets]
    if not senders:
        evidence.warn(piece.line, f"Câu báo cáo chưa rõ đơn vị gửi: “{clause[:90]}”.")
        return []
    deadline, deadline_text = _deadline(scope, year)
    if deadline is None and deadline_text is None:
        condition = re.match(r"^\s*((?:trong quá trình[^,]{0,40},\s*)?(?:nếu|khi) có [^,]{3,60})", clause, re.I)
        if condition is None:
            evidence.warn(piece.line, f"Câu báo cáo không nêu hạn: “{clause[:90]}”.")
            return []
        deadline_text = condition.group(1)[:1].lower() + condition.group(1)[1:]  # "nếu có khó khăn vướng mắc"
    via = _VIA.search(scope)
    form = _FORM.search(clause)
    email = _EMAIL.search(clause)
    return [
        {
            "id": _duty_id(units, sender, targets),
            "from": sender,
            "to": list(targets),
            "deadline": deadline,
            "deadline_text": deadline_text,
            "via": via.group(1).strip() if via else None,
            "channel": email.group(0) if email else None,
            "form": form.group(1).strip() if form else None,
            "text": _clause_text(clause, piece.text),
        }
        for sender in senders
    ]


def _senders(before: str, piece: Piece, units: UnitRegistry, section_units: dict[int, str]) -> list[str]:
    """Who reports: 'đề nghị <unit>' or a unit opening the clause, else the responsibility section's unit,
    else — for "các đơn vị" in the closing paragraph — the units that paragraph "yêu cầu"s."""
    sender = _sender(before, piece, units, section_units)
    if sender is not None:
        return [sender]
    if re.search(r"\bcác (?:cơ quan, )?đơn vị\s*$", before.strip(" ,"), re.IGNORECASE):
        return _units_asked(piece, units)
    return []


def _units_asked(piece: Piece, units: UnitRegistry) -> list[str]:
    """'UBND huyện yêu cầu các phòng, ban, ngành, UBND các xã, thị trấn nghiêm túc triển khai …': the units of
    the draft whose names begin that way (no new unit is made up from such a list)."""
    earlier = piece.context[: piece.context.find(piece.text)] if piece.text in piece.context else ""
    asks = list(
        re.finditer(r"\b(?:yêu cầu|đề nghị)\s+(.+?)(?=\s+(?:nghiêm túc|khẩn trương|tích cực|triển khai)\b)", earlier)
    )
    if not asks:
        return []
    asked = asks[-1]
    listed = " " + " ".join(tokens(asked.group(1), abbreviations=False)) + " "
    found: list[str] = []
    for entry in units.entries:
        core = [w for w in tokens(entry.name, abbreviations=False) if w not in ("-", "&")][:4]
        if not entry.external and len(core) >= 3 and f" {' '.join(core)} " in listed:
            found.append(entry.id)
    return found


def _sender(before: str, piece: Piece, units: UnitRegistry, section_units: dict[int, str]) -> str | None:
    """'đề nghị <unit>' or a unit opening the clause, else the responsibility section's unit."""
    subject = re.search(r"(?:đề nghị|yêu cầu|giao)\s+(.+)$", before, re.IGNORECASE)
    text = subject.group(1) if subject else before.strip()
    text = re.sub(r"^.*?,\s*(?=(?:các|Các)\s)", "", text) if not subject else text
    names = unit_names(text) if text else []
    if len(names) == 1:
        found = units.add(names[0], piece.line)
        if found:
            return found
    section = piece.section
    while section is not None:
        if id(section) in section_units:
            return section_units[id(section)]
        section = section.parent
    return None


def _deadline(scope: str, year: int | None) -> tuple[dt.date | None, str | None]:
    for match in _DEADLINE.finditer(scope):
        window = scope[match.end() : match.end() + 45]
        dates = find_dates(window, default_year=year)
        if dates and _DEADLINE_LEAD.match(window[: dates[0].start]):
            return dates[0].value, None
    rule = _BY_RULE.search(scope)
    if rule:
        return None, rule.group(0)
    return None, None


def _duty_id(units: UnitRegistry, sender: str, targets: list[str]) -> str:
    return f"{sender}-bao-cao-{targets[0]}"[:60].rstrip("-")


def _clause_text(clause: str, sentence: str) -> str:
    """The duty's own words: its ';' clause when that stands on its own, else the whole sentence."""
    if clause != sentence.strip() and len(clause) >= 40:
        return _sentence(clause[:1].upper() + clause[1:])
    return _sentence(sentence)
