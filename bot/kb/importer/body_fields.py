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
from bot.kb.importer.patterns import BULLET, UPPER, find_dates, find_spans
from bot.kb.importer.repair import Line
from bot.kb.importer.structure import Layout, Section
from bot.kb.importer.tables import cells
from bot.text import fold

# What a list item starts with: a bullet, "1.", "1.1.", "1)", "1 -", "1/ ", "a)" (not "1/10/2026", "1.000.000").
_ITEM_MARK = re.compile(
    r"^\s*(?:" + BULLET + r"\s*|\d{1,2}(?:\.\d{1,2})*\s*(?:[.)](?!\d)|[-/](?=\s))\s*|[a-zđ][.)]\s*)"
)
_SENTENCE_END = re.compile(rf"(?<=[.!?…])\s+(?=[{UPPER}“\"(-])")
_QUOTED = re.compile(r"[“\"](.+)[”\"]")


@dataclass(frozen=True)
class Piece:
    """A sentence (or ';' clause) of a logical line, with its source line."""

    text: str
    line: int
    section: Section | None
    context: str = ""  # the whole logical line, for what the sentence refers back to
    cells: tuple[tuple[str, str], ...] = ()  # a table row's (column name, cell): the row is one piece


def pieces(lines: list[Line], section: Section | None = None) -> Iterator[Piece]:
    for line in lines:
        text = line.text
        row = cells(text, line.columns)
        if row:
            yield Piece(_ITEM_MARK.sub("", text).strip(), line.number, section, text, tuple(row))
            continue
        offset = 0
        for part in _SENTENCE_END.split(text):
            start = text.find(part, offset)
            offset = start + len(part)
            clean = _ITEM_MARK.sub("", part).strip()
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


_SCHEDULE_WORDS = ("lich", "chuyen de", "hoi thi", "cuoc thi", "sinh hoat", "hoat dong")
_THEME_LABEL = re.compile(r"^\s*(?:" + BULLET + r"\s*)?Chủ đề\b[^:“\"]{0,60}:\s*(.*)$", re.IGNORECASE)
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
    in_schedule = {id(line) for s in sections_named(layout, *_SCHEDULE_WORDS) for line in s.all_lines()}
    for index, line in enumerate(lines):
        label = _THEME_LABEL.match(line.text)
        if label and id(line) not in in_schedule and not _dated_not_the_week(line.text):  # not a session's topic
            found = _theme_from(lines[index:], label.start(1))
            if found:
                return str(evidence.add("theme", found[0], found[1]))
    for line in layout.body():
        if id(line) in in_schedule or _dated_not_the_week(line.text):
            continue
        for match in _THEME_IN_TEXT.finditer(line.text):
            if not _EVENT_BEFORE.search(line.text[: match.start()]):
                theme = _quoted_or_plain(f"“{match.group(1)}”")
                if theme:
                    return str(evidence.add("theme", theme, line.source_line(match.start(1))))
    return None


def _dated_not_the_week(text: str) -> bool:
    """A dated line about something else than the week itself: a session's "chủ đề", not the week's."""
    return bool(find_dates(text)) and "tuan le" not in fold(text)


def _theme_in_section(section: Section) -> tuple[str, int] | None:
    """The section's first quoted phrase that is no slogan; an unquoted line only in a section about the theme
    alone ("2. CHỦ ĐỀ" / "Học tập …"), not in one that also holds the dates or the slogans."""
    lines = section.all_lines()
    first = Line(section.inline, [(0, section.line.number)]) if section.inline else None
    rest = [first] if first else []
    rest += lines[1:]
    alone = "," not in section.label and " va " not in f" {section.folded_label} "
    return _theme_from(rest, 0, plain=alone) if rest else None


def _theme_from(lines: list[Line], offset: int, plain: bool = True) -> tuple[str, int] | None:
    """From `lines[0]` (at `offset`) on: a quoted phrase that is no slogan; else the unquoted rest of a
    "Chủ đề:" line (or, when `plain`, of the line itself); a line that only introduces it ("… là:") or
    that quotes something else is passed over for the next one."""
    for index, line in enumerate(lines[:3]):
        start = offset if index == 0 else 0
        text = line.text[start:]
        quoted = list(_QUOTED_LAZY.finditer(text))
        for match in quoted:
            if _SLOGAN_BEFORE.search(text[: match.start()]) or len(match.group(1).strip()) < 5:
                continue
            if _WEEK_NAME.search(fold(match.group(1))):
                continue  # "Tổ chức “Tuần lễ hưởng ứng học tập suốt đời” với chủ đề “…”": the week, not its theme
            return _clean_theme(match.group(1)), line.source_line(start + match.start())
        if index > 0 and _starts_section(text):
            return None  # a new numbered item is no longer the theme
        if quoted:
            continue  # "Khẩu hiệu của xã: “…”": the theme comes after
        bare = _ITEM_MARK.sub("", text).strip()
        label = _THEME_LABEL.match(bare)
        value = label.group(1).strip() if label else bare
        if not value or value.endswith(":"):
            continue  # "Chủ đề" heading alone, or "… chủ đề Tuần lễ trên địa bàn xã là:": the theme follows
        if not (label or plain) or re.match(r"^[^:]{2,40}:", value):
            continue  # "Thời gian: …", another item of the section
        theme = _clean_theme(value)
        if 5 <= len(theme) <= 200 and "chủ đề" not in theme.lower():
            return theme, line.number
        return None
    return None


# The week's own name in quotes ("“Tuần lễ hưởng ứng học tập suốt đời”"), never its theme.
_WEEK_NAME = re.compile(r"^(?:tuan le\b.*|(?:huong ung\s+)?hoc tap suot doi(?:\s+nam \d{4})?)$")
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

# "từ (thứ Năm,) ngày 01/10/2026 (Thứ Năm) đến (hết) (thứ Tư,) ngày 07/10/2026"; "từ 01-10-2026 đến 07-10-2026"
_WEEKDAY = r"(?:(?:thứ\s+\w+|chủ nhật)\s*,?\s*(?:ngày\s+)?)?"
_FROM = re.compile(rf"\btừ\s+(?:ngày\s+)?{_WEEKDAY}(?:mùng\s+|mồng\s+)?", re.IGNORECASE)
_UNTIL = re.compile(
    rf"^\s*\)?\s*(?:\([^()]{{0,30}}\)\s*)?,?\s*(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?{_WEEKDAY}"
    r"(?:mùng\s+|mồng\s+)?\(?\s*$",
    re.IGNORECASE,
)
_BARE_DAY = re.compile(r"^(\d{1,2})(?!\s*[/.\-]\s*\d|\s+tháng)")
# "trong thời gian 07 ngày, bắt đầu từ ngày 01/10/2026": a length and a first day.
_LENGTH = re.compile(r"\b(?:trong|kéo dài|diễn ra)\s+(?:thời gian\s+|vòng\s+)?(\d{1,2})\s+ngày\b", re.IGNORECASE)


def date_range(text: str, year: int | None) -> tuple[dt.date, dt.date, int] | None:
    """(start, end, offset) of 'từ ngày 01/10/2025 đến (hết) ngày 07/10/2025' (start may omit the year,
    or be a bare day: 'từ ngày 01 đến ngày 07/10/2026'); the end needs its year."""
    for mark in _FROM.finditer(text):
        rest = text[mark.end() : mark.end() + 120]
        for end in find_dates(rest):
            if end.start == 0:
                continue
            found = _range_start(rest[: end.start], end.value)
            if found and found <= end.value <= found + dt.timedelta(days=62):
                return found, end.value, mark.start()
    return None


def _range_start(before_end: str, end: dt.date) -> dt.date | None:
    """The first day of a range from the words between "từ" and its last day, if they are "<day> đến"."""
    starts = [d for d in find_dates(before_end, default_year=end.year) if d.start <= 2]
    if starts and _UNTIL.match(before_end[starts[0].end :]):
        return starts[0].value
    bare = _BARE_DAY.match(before_end)
    if bare and _UNTIL.match(before_end[bare.end() :]) and 1 <= int(bare.group(1)) <= end.day:
        return end.replace(day=int(bare.group(1)))
    return None


def _labelled_range(text: str) -> tuple[dt.date, dt.date, int] | None:
    """'Thời gian: 05/10 - 11/10/2026' (no "từ"): a range right after the label "Thời gian (tổ chức):"."""
    label = re.match(r"^\s*Thời gian(?:\s+tổ chức)?(?:\s+Tuần lễ)?\s*:\s*(?:ngày\s+)?", text, re.IGNORECASE)
    return date_range("từ " + text[label.end() :], None) if label else None


def _span_or_length(text: str, year: int | None) -> tuple[dt.date, dt.date] | None:
    """The week as one span ("Tuần lễ … (01-07/10/2026)"), else by its length and first day; two spans: none."""
    spans = find_spans(text, year)
    if spans:
        return (spans[0][1], spans[0][2]) if len(spans) == 1 else None
    return _length_and_start(text, year)


def _length_and_start(text: str, year: int | None) -> tuple[dt.date, dt.date] | None:
    """'… trong thời gian 07 ngày, bắt đầu từ ngày 01/10/2026': the first and the last day."""
    length = _LENGTH.search(text)
    if not length or not 1 <= int(length.group(1)) <= 31:
        return None
    starts = []
    for mark in _FROM.finditer(text):
        dates = find_dates(text[mark.end() : mark.end() + 40], default_year=year)
        if dates and dates[0].start <= 2:
            starts.append(dates[0].value)
    if len(set(starts)) != 1 or len(find_dates(text, default_year=year)) != 1:
        return None  # a second date in the sentence: which one starts the week?
    return starts[0], starts[0] + dt.timedelta(days=int(length.group(1)) - 1)


def period_of(layout: Layout, year: int | None, evidence: Evidence) -> dict[str, object] | None:
    timed = [p for s in sections_named(layout, "thoi gian") for p in pieces(s.all_lines(), s)]
    everywhere = [p for p in section_pieces(layout) if "tuan le" in fold(p.text)]
    for piece in timed + everywhere:
        if re.search(r"\blễ\s+(?:phát động|ra quân)|chuyên đề", piece.text, re.IGNORECASE):
            continue
        ranged = date_range(piece.text, year) or _labelled_range(piece.text)
        about_week = "tuan le" in fold(piece.text)
        found = ranged[:2] if ranged else _span_or_length(piece.text, year) if about_week else None
        if found:
            start, end = found
            evidence.add("period.start", start, piece.line)
            evidence.add("period.end", end, piece.line)
            return {"start": start, "end": end, "note": as_sentence(piece.text)}
    return None


def as_sentence(text: str) -> str:
    text = re.sub(r"\s*\./\.$", ".", text.strip().rstrip(";,"))  # the closing "./." mark
    return text if text.endswith((".", "!", "?", "…", ":")) else text + "."
