"""Special sessions: the dated talks, seminars, classes and events of the week, each with its topic.

However a plan lays its schedule out — "Ngày 03/10/2026 (thứ Bảy): chuyên đề “…”", a table row
("Ngày: 02/10/2026; Nội dung hoạt động: Hội thảo “…”"), or a day-by-day list ("- Thứ Năm, ngày
01/10/2026:" then "+ Sinh hoạt dưới cờ với chủ đề “…”") — a session is a quoted topic that a kind of
session introduces (chuyên đề, hội thảo, tọa đàm, tập huấn, giao lưu, ngày hội, lớp bồi dưỡng,
sinh hoạt …, buổi ngoại khóa …) on one stated day: its own line's date, else the day heading it is
listed under. A ceremony, a date range, a deadline or a document's date is no session's date; a line
with two different days is left out (which one is the session's?).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.kb.importer.body_fields import Piece, date_range, pieces
from bot.kb.importer.evidence import Evidence
from bot.kb.importer.patterns import find_dates, find_spans
from bot.kb.importer.structure import Layout, Section
from bot.kb.importer.tables import cells_of_kind
from bot.text import fold

_KIND = re.compile(
    r"\b(?:chuyên đề|hội thảo|tọa đàm|toạ đàm|tập huấn|giao lưu|ngày hội|diễn đàn|nói chuyện|ngoại khóa|ngoại khoá|"
    r"lớp bồi dưỡng|lớp tập huấn|lớp học|sinh hoạt chuyên môn|sinh hoạt dưới cờ|sinh hoạt chuyên đề|"
    r"sinh hoạt lớp|hội nghị chuyên đề|báo cáo chuyên đề)\b",
    re.IGNORECASE,
)
_NO_SESSION = re.compile(r"\b(?:cuộc thi|hội thi|thi|phong trào|khẩu hiệu|cuộc vận động)\b", re.IGNORECASE)
_CEREMONY = re.compile(r"\b(?:khai mạc|khai giảng|bế mạc|phát động|ra quân|tổng kết|mít tinh)\b", re.IGNORECASE)
_QUOTE = re.compile(r"“\s*([^“”]{3,300}?)\s*”|\"\s*([^\"]{3,300}?)\s*\"")
_INTRODUCED_WITHIN = 90  # characters between the kind of session and its quoted topic
_NOT_A_DAY = re.compile(
    r"(?:\bsố\s*:?\s*\S+\s+(?:ban hành\s+)?(?:ngày\s+)?|\btrước\s+(?:\S+\s+){0,4}|\bchậm nhất\s+(?:\S+\s+){0,5}|"
    r"\bhạn\s+(?:\S+\s+){0,3})$",
    re.IGNORECASE,
)
_DAY_HEADING = re.compile(
    r"^(?:(?:thứ\s+\w+|chủ nhật)\s*,?\s*)?(?:(?:sáng|chiều|tối)\s+)?(?:ngày\s+)?[\d/.\s]+(?:\([^)]*\))?\s*:?$", re.I
)
_PARTICIPANTS = re.compile(r"^\s*,?\s*(?:với|có)\s+(\d[\d.]*)\s+([^\d\s][^,.;]*?)\s+tham gia", re.IGNORECASE)


@dataclass(frozen=True)
class _Found:
    day: dt.date
    topic: str
    line: int
    participants: int | None
    participants_kind: str | None


def sessions_of(layout: Layout, year: int | None, evidence: Evidence) -> list[dict[str, object]]:
    found: list[_Found] = []
    for section in layout.all_sections():
        heading_day: dt.date | None = None  # "- Thứ Năm, ngày 01/10/2026:" above the items of that day
        listed = _lists_sessions(section)  # "2. Lịch sinh hoạt chuyên đề:" above "- Thứ Bảy 03/10: “…”"
        for index, piece in enumerate(pieces([section.line, *section.body], section)):
            row = _row_session(piece, year)
            if row is not None:
                found += row
                continue
            own = _days(piece.text, year)
            if _is_day_heading(piece.text) and len(own) == 1:
                heading_day = own.pop()
                continue
            if index > 0 and piece.text.rstrip().endswith(":") and _KIND.search(piece.text):
                listed = True
                continue
            if len(own) > 1:
                found += _dated_clauses(piece, year)
                continue
            day = next(iter(own)) if own else heading_day
            if day is not None:
                found += _sessions_in(piece, day, listed and index > 0)
    out: list[dict[str, object]] = []
    seen: set[tuple[dt.date, str]] = set()
    for item in found:
        key = (item.day, fold(item.topic))
        if key in seen:
            continue
        seen.add(key)
        path = f"special_sessions[{len(out)}]"
        out.append(
            {
                "date": evidence.add(f"{path}.date", item.day, item.line),
                "topic": evidence.add(f"{path}.topic", item.topic, item.line),
                "participants": evidence.add(f"{path}.participants", item.participants, item.line),
                "participants_kind": evidence.add(f"{path}.participants_kind", item.participants_kind, item.line),
            }
        )
    return out


def _dated_clauses(piece: Piece, year: int | None) -> list[_Found]:
    """A line of several days, each clause with its own ("Ngày 06/10/2026: Tọa đàm “…”; ngày 08/10/2026:
    chuyên đề “…”"): the sessions of each clause that names one day, at its start."""
    out: list[_Found] = []
    for clause in re.split(r";\s+", piece.text):
        days = _days(clause, year)
        dates = find_dates(clause, default_year=year)
        if len(days) == 1 and dates and dates[0].start <= 12:
            out += _sessions_in(Piece(clause, piece.line, piece.section, piece.context), days.pop())
    return out


def _row_session(piece: Piece, year: int | None) -> list[_Found] | None:
    """A schedule table's row ("Ngày: 02-10-2026; Thời gian: Tiết 4; Nội dung hoạt động: Tiết đọc theo chủ điểm
    “…”; Địa điểm: …"): its day is the day column's, its session the quoted topic of its content (not a
    ceremony's); None for a row without a day column (read as a sentence)."""
    when = cells_of_kind(piece.cells, "when")
    content = cells_of_kind(piece.cells, "content")
    if not when or not content:
        return None
    if any(date_range(cell, year) for cell in when):
        return []
    days = {d.value for cell in when for d in find_dates(cell, default_year=year)}
    if len(days) != 1:
        return []
    text = "; ".join(content)
    if not _KIND.search(text) and _NO_SESSION.search(text):
        return []  # "Cuộc thi vẽ tranh “…”", "Phát động phong trào “…”": a contest or a campaign, no session
    return _sessions_in(Piece(text, piece.line, piece.section, piece.context), days.pop(), listed=True)


def _is_day_heading(text: str) -> bool:
    return len(text) <= 60 and bool(_DAY_HEADING.match(text.strip()))


def _days(text: str, year: int | None) -> set[dt.date]:
    """The days a line names, without its date ranges, deadlines and the dates of documents it cites."""
    if date_range(text, year) or find_spans(text, year):
        return set()
    return {d.value for d in find_dates(text, default_year=year) if not _NOT_A_DAY.search(text[: d.start])}


def _lists_sessions(section: Section) -> bool:
    """The section (or one it is part of) is headed as a list of sessions ("Lịch các chuyên đề")."""
    current: Section | None = section
    while current is not None:
        if _KIND.search(current.label):
            return True
        current = current.parent
    return False


def _sessions_in(piece: Piece, day: dt.date, listed: bool = False) -> list[_Found]:
    """The sessions of one dated line; in a list headed as sessions (`listed`) its first quote is one too."""
    out: list[_Found] = []
    text = piece.text
    slice_start = 0  # a topic is introduced by the words since the previous quote
    for number, match in enumerate(_QUOTE.finditer(text)):
        before = text[slice_start : match.start()]
        slice_start = match.end()
        kinds = list(_KIND.finditer(before))
        introduced = bool(kinds) and len(before) - kinds[-1].end() <= _INTRODUCED_WITHIN
        if not introduced and not (listed and number == 0):
            continue
        if _CEREMONY.search(before[kinds[-1].start() :] if kinds else before) or _CEREMONY.search(before[-40:]):
            continue  # "Lễ khai mạc … với chủ đề “…”": a ceremony, not a session
        topic = (match.group(1) or match.group(2) or "").strip(" .,;:")
        if len(topic) < 3:
            continue
        people = _PARTICIPANTS.match(text[match.end() :])
        out.append(
            _Found(
                day,
                topic,
                piece.line,
                int(people.group(1).replace(".", "")) if people else None,
                people.group(2).strip() if people else None,
            )
        )
    return out
