"""Opening, closing and other ceremonies: name, date, time, venue and who takes part.

A plan names its opening ceremony many times ("chuẩn bị Lễ khai mạc", "tham gia Lễ khai mạc") but
dates it once, in the sentence whose subject it is ("Lễ khai mạc … được tổ chức vào lúc 07 giờ 00, ngày
04/10/2026"): that date counts before a date that belongs to something listed with it ("chuẩn bị Lễ khai
mạc và Lớp bồi dưỡng ngày 02/10/2026"). Two dates of the same standing leave the date empty with a note.
Without a "khai mạc" or "khai giảng", the launch ceremony of the week ("Lễ phát động hưởng ứng Tuần lễ")
is its opening. "Không tổ chức lễ khai mạc" is no opening.

A ceremony that heads a section takes its date, time and place from the items below it ("a) Thời gian:
…", "b) Địa điểm: …"); one in a schedule table's row from the row's day, time and place cells. A date
that is only that of something listed with it, the date of a named day ("chào mừng Ngày Khuyến học Việt
Nam 02/10"), the last day of a span ("05-11/10") and two days close together date nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.kb.importer.body_fields import Piece, as_sentence, date_range, pieces, section_pieces, sections_named
from bot.kb.importer.evidence import Evidence
from bot.kb.importer.patterns import DateAt, find_dates, find_time, in_span
from bot.kb.importer.structure import Layout, Section
from bot.kb.importer.tables import cells_of_kind
from bot.text import fold

_OPENING = re.compile(r"\b(?:lễ\s+)?(khai mạc|khai giảng)\b", re.IGNORECASE)
_CLOSING = re.compile(r"\b(?:lễ\s+bế mạc|bế mạc|tổng kết\s+(?:“)?tuần lễ)", re.IGNORECASE)
_LAUNCH = re.compile(r"\blễ\s+(?:phát động|ra quân)", re.IGNORECASE)
_OTHER = re.compile(r"\blễ\s+(?:phát động|ra quân|tuyên dương|mít tinh)", re.IGNORECASE)
_NAME_END = re.compile(
    r"\s+(?:được|tại|vào|lúc|sẽ|có sự|với|trong|diễn ra|tổ chức|lồng ghép|kết hợp)\b|[,;(:]|$", re.IGNORECASE
)
_NEGATED = re.compile(r"\bkhông\s+(?:tổ chức|có|thực hiện)\s+(?:lễ\s+)?$", re.IGNORECASE)
# Between a ceremony and a date that is not its own: another thing listed with it ("… và Lớp bồi dưỡng ngày …").
_SOMETHING_ELSE = re.compile(r"\s(?:và|cùng)\s+(?:[A-ZĐ]|các\s|những\s)|;")
# The end of a venue: "tại Hội trường UBND xã, lồng ghép với …".
_VENUE_END = (
    r"(?=\s+(?:được|vào|lúc|với|có sự|từ|trong thời gian)\b|,\s*(?:lồng ghép|kết hợp|kết nối|đồng thời|"
    r"có sự|với sự|thành phần)\b|[;(]|\.\s|\.$|$)"
)
_LABEL = {"opening": "Lễ khai mạc", "closing": "Tổng kết/bế mạc"}


@dataclass
class Mention:
    piece: Piece
    item: dict[str, object]
    own_date: bool  # the date is the ceremony's own, not that of something listed with it


def ceremonies_of(
    layout: Layout, year: int | None, evidence: Evidence, period: dict[str, object] | None = None
) -> dict[str, object]:
    timed = [p for s in sections_named(layout, "thoi gian", "dia diem", "khai mac") for p in _all_pieces(s)]
    ordered = timed + [p for p in section_pieces(layout) if p not in timed]
    opening = _ceremony(ordered, _OPENING, "opening", year, evidence, _headed(layout, _OPENING, year))
    launches_open = False
    if opening is None:
        opening = _launch_as_opening(ordered, year, period, evidence)
        launches_open = opening is not None
    if opening is not None:
        _joint_opening(opening, layout, year, evidence)
    closing = _ceremony(ordered, _CLOSING, "closing", year, evidence, _headed(layout, _CLOSING, year))
    others: list[dict[str, object]] = []
    for piece in ordered:
        match = _OTHER.search(piece.text)
        if not match or (launches_open and _LAUNCH.match(piece.text, match.start())):
            continue
        if any(o["name"] == _name_at(piece.text, match.start()) for o in others):
            continue
        item = _describe(piece, match.start(), year)
        item["date"] = None if date_range(piece.text, year) else item["date"]
        line = piece.line
        if item["date"] is None and not date_range(piece.text, year):  # named here, dated on a line of its own
            found = _dated_elsewhere(str(item["name"]), layout, year, str(item["note"]))
            if found is not None:
                item.update({k: found[k] for k in ("date", "time", "venue")}, note=found["note"])
                line = int(str(found["line"]))
        path = f"other_ceremonies[{len(others)}]"
        evidence.add(f"{path}.name", item["name"], line)
        for key in ("date", "time", "venue"):
            evidence.add(f"{path}.{key}", item.get(key), line)
        others.append(item)
    return {"opening": opening, "closing": closing, "other_ceremonies": others}


# "Lễ khai mạc … (được) tổ chức cùng Lễ …", "… lồng ghép với Lễ …", "… kết hợp với Chương trình …".
_JOINT = re.compile(
    r"\s(?:(?:được\s+)?tổ chức\s+cùng(?:\s+với)?|(?:được\s+)?(?:lồng ghép|kết hợp|tổ chức chung)"
    r"(?:\s+(?:với|vào|trong|cùng))?)\s+(?=(?:Lễ|lễ|Buổi|buổi|Chương trình|chương trình|Ngày hội|ngày hội|Hội)\b)"
)
# What the sentence says the two events share: "(cùng thời gian, địa điểm)", "cùng ngày và địa điểm".
_SHARED = re.compile(
    r"\bcùng\s+(?:một\s+)?((?:thời gian|ngày|buổi|thời điểm|địa điểm)(?:\s*(?:,|và)\s*"
    r"(?:thời gian|ngày|giờ|buổi|thời điểm|địa điểm))*)",
    re.IGNORECASE,
)


# "… không tổ chức (riêng) lễ khai mạc (riêng) mà lồng ghép vào …": what comes before says why, not when.
_NOT_ON_ITS_OWN = re.compile(r"\bkhông\s+(?:tổ chức|làm)\s+(?:riêng\s+)?(?:lễ\s+)?$", re.IGNORECASE)


def _joint_opening(opening: dict[str, object], layout: Layout, year: int | None, evidence: Evidence) -> None:
    """An opening held together with another event ("Lễ khai mạc Tuần lễ được tổ chức cùng Lễ khai giảng năm
    học mới (cùng thời gian, địa điểm)"): the date, time and place the sentence gives the two (after the other
    event's name), else those of the other event where the plan dates it, when the sentence says they are
    shared; else nothing, with a note. Never a date or place of the other event the sentence does not share.
    An opening "not held on its own but within" the other event ("Do ngày 01/10/2026 rơi vào giữa tuần, không tổ
    chức lễ khai mạc riêng mà lồng ghép vào buổi chào cờ đầu tuần, … ngày 05/10/2026") is read from that mention:
    a date before it says why, not when."""
    sentence = str(opening.get("note") or "")
    own = _OPENING.search(sentence) or _LAUNCH.search(sentence)
    joint = _JOINT.search(sentence, own.end()) if own else None
    if joint is None or own is None:
        return
    for again in _OPENING.finditer(sentence, own.end(), joint.start()):
        if _NOT_ON_ITS_OWN.search(sentence[: again.start()]):
            own = again  # "Do ngày 01/10 rơi vào giữa tuần, … không tổ chức lễ khai mạc riêng mà lồng ghép vào …"
    between = sentence[own.end() : joint.start()]
    if _event_dates(between, year) or find_time(between) or re.search(r"\btại\b", between):
        return  # "Lễ khai mạc … lúc 7 giờ ngày 01/10/2026 tại …, kết hợp với Lễ tuyên dương …": its own time
    other = _name_at(sentence, joint.end())
    after = sentence[joint.end() + len(other) :]
    line = next((f.line for f in evidence.found if f.field == "opening.name"), None)
    facts: dict[str, object] = {"date": None, "time": None, "venue": None}
    dates = _event_dates(after, year)
    shared = _SHARED.search(after)
    how = ""
    if dates and not _crowded(dates) and not date_range(after, year) and not shared:
        told = _describe(Piece(after, line or 0, None, after), 0, year)
        facts.update({k: told[k] for k in ("date", "time", "venue")})
        how = "ngày giờ, địa điểm trong câu là của cả hai"
    elif shared and not dates:
        found = _dated_elsewhere(other, layout, year, sentence)
        words = fold(shared.group(1))
        if found is not None:
            if re.search(r"thoi gian|ngay|buoi|thoi diem", words):
                facts.update(date=found["date"], time=found["time"])
            if "dia diem" in words:
                facts["venue"] = found["venue"]
            how = f"lấy theo {other} (dòng {found['line']})"
    evidence.found = [f for f in evidence.found if f.field not in ("opening.date", "opening.time", "opening.venue")]
    opening.update(facts)
    for key, value in facts.items():
        evidence.add(f"opening.{key}", value, line or 0)
    if how:
        evidence.warn(line, f"Lễ khai mạc tổ chức cùng {other}: {how}; hãy kiểm tra.")
    else:
        evidence.warn(
            line,
            f"Lễ khai mạc tổ chức cùng {other}; kế hoạch không nêu ngày giờ, địa điểm chung: để trống, hãy kiểm tra.",
        )


_ITEM_MARK = re.compile(r"^\s*(?:[-–+•*]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s*|[a-zđ][.)]\s*)")  # "- ", "1.2. ", "a) "


def _dated_elsewhere(name: str, layout: Layout, year: int | None, skip: str) -> dict[str, object] | None:
    """The date, time and place of the event named `name` on the one line of the plan about it that dates it
    ("1. Lễ khai giảng năm học mới: vào lúc 7 giờ 00 ngày 05/9/2026 tại sân trường")."""
    key, skipped = fold(name), fold(skip)
    found: list[dict[str, object]] = []
    for line in layout.body():
        text = line.text
        at = fold(text).find(key)
        if at < 0:
            continue
        sentence = as_sentence(text)
        if sentence == skip or skipped in fold(sentence):
            continue
        if _ITEM_MARK.sub("", text[:at]).strip():
            continue  # the line is about something else that names the event
        told = _describe(Piece(text, line.number, None, text), at, year)
        if told["date"] is not None:
            found.append({**told, "line": line.number})
    if len({(f["date"], f["time"], f["venue"]) for f in found}) != 1:
        return None
    return found[0]


# The items below a ceremony's heading: "a) Thời gian: 8 giờ 00, ngày 01/10/2026", "- Địa điểm: Hội trường …".
_ITEM = re.compile(
    r"^\s*(?:[-–+•*]\s*|\d{1,2}[.)]\s*|[a-zđ][.)]\s*)?"
    r"(Thời gian|Thời điểm|Ngày|Giờ|Địa điểm|Thành phần)[^:\d]{0,20}:\s*(.+)$",
    re.IGNORECASE,
)


def _headed(layout: Layout, pattern: re.Pattern[str], year: int | None) -> list[Mention]:
    """A ceremony that heads a section ("2. Lễ khai mạc Tuần lễ") with its time and place as items below it
    ("a) Thời gian: 8 giờ 00, ngày 01 tháng 10 năm 2026 (Thứ Năm)." / "b) Địa điểm: …"); a time item naming
    two different days dates nothing."""
    found: list[Mention] = []
    for section in layout.all_sections():
        label = section.label
        match = pattern.search(label)
        if not match or _NEGATED.search(label[: match.start()]) or len(label) > 120:
            continue
        if _OPENING.search(label) and _CLOSING.search(label):
            continue  # "Lễ khai mạc và bế mạc": whose is the time below?
        items: dict[str, tuple[str, int]] = {}
        for child in section.children:
            if child.inline:
                items.setdefault(fold(child.label)[:6], (child.inline, child.line.number))
        for line in section.body:
            listed = _ITEM.match(line.text)
            if listed:
                items.setdefault(fold(listed.group(1))[:6], (listed.group(2), line.number))
        timed = [items[k] for k in ("thoi g", "thoi d", "ngay", "gio") if k in items]  # "Ngày: …" / "Giờ: …"
        if not timed:
            continue
        when = (" ; ".join(value for value, _ in timed), timed[0][1])
        days = {d.value for d in find_dates(when[0], default_year=year)}
        time = find_time(when[0])
        venue = items.get("dia di")
        who = items.get("thanh ")
        text = f"{label}: " + "; ".join(value for value, _ in items.values())
        piece = Piece(text, when[1], section, text)
        item: dict[str, object] = {
            "name": _name_at(label, match.start()),
            "date": days.pop() if len(days) == 1 and not date_range(when[0], year) else None,
            "time": time[1] if time else None,
            "venue": venue[0].strip(" .;") if venue else None,
            "participants": who[0].strip(" .;") if who else None,
            "note": as_sentence(text),
        }
        if not venue:  # "a) Thời gian, địa điểm: … vào lúc 07 giờ 00, ngày 01/10/2026, tại Trường …"
            item["venue"] = _describe(Piece(when[0], when[1], section, when[0]), 0, year)["venue"]
        found.append(Mention(piece, item, own_date=True))
    return found


def _all_pieces(section: Section) -> list[Piece]:
    return list(pieces(section.all_lines(), section))


def _launch_as_opening(
    ordered: list[Piece], year: int | None, period: dict[str, object] | None, evidence: Evidence
) -> dict[str, object] | None:
    """The launch ceremony of the week itself (named after it, or held during it) opens it."""
    mentions = _mentions(ordered, _LAUNCH, "opening", year)
    start, end = (period or {}).get("start"), (period or {}).get("end")

    def of_the_week(mention: Mention) -> bool:
        name, day = fold(str(mention.item["name"])), mention.item.get("date")
        in_period = isinstance(day, dt.date) and isinstance(start, dt.date) and isinstance(end, dt.date)
        if re.search(r"\b(?:phong trao|cuoc thi|hoi thi|quyen gop|ung ho|thi dua)\b", name):
            return False  # "Lễ phát động phong trào …": a campaign of its own, not the week's opening
        return "tuan le" in name or "huong ung" in name or (in_period and start <= day <= end)  # type: ignore[operator]

    chosen = [m for m in mentions if of_the_week(m)]
    return _choose(chosen, "opening", evidence) if chosen else None


def _ceremony(
    ordered: list[Piece],
    pattern: re.Pattern[str],
    path: str,
    year: int | None,
    evidence: Evidence,
    headed: list[Mention] | None = None,
) -> dict[str, object] | None:
    mentions = (headed or []) + _mentions(ordered, pattern, path, year)
    negated = [p for p in ordered if path == "opening" and _negated(p, pattern)]
    if not mentions:
        if negated:
            evidence.warn(negated[0].line, f"{_LABEL[path]}: kế hoạch nêu không tổ chức: “{negated[0].text[:90]}”.")
        return None
    return _choose(mentions, path, evidence)


def _negated(piece: Piece, pattern: re.Pattern[str]) -> bool:
    match = pattern.search(piece.text)
    return bool(match and _NEGATED.search(piece.text[: match.start()]))


def _mentions(ordered: list[Piece], pattern: re.Pattern[str], path: str, year: int | None) -> list[Mention]:
    found: list[Mention] = []
    for index, piece in enumerate(ordered):
        match = pattern.search(piece.text)
        if not match or _NEGATED.search(piece.text[: match.start()]):
            continue
        if path == "opening" and pattern is _OPENING and _OTHER.search(piece.text[: match.start()]):
            continue
        item, own_date = _describe_with_standing(piece, match.start(), year)
        if path == "opening" and not item.get("venue"):
            item["venue"] = _venue_nearby(ordered, index)
        found.append(Mention(piece, item, own_date))
    return found


def _choose(mentions: list[Mention], path: str, evidence: Evidence) -> dict[str, object]:
    dated = [m for m in mentions if m.item.get("date")]
    pool = [m for m in dated if m.own_date]
    chosen = pool[0] if pool else mentions[0]
    item = chosen.item
    if not pool and isinstance(item.get("date"), dt.date):
        evidence.warn(
            chosen.piece.line,
            f"{_LABEL[path]}: ngày {item['date']:%d/%m/%Y} trong câu có thể là của việc khác nêu cùng; để trống, "
            "hãy kiểm tra.",
        )
        item["date"] = item["time"] = None
    dates = {m.item["date"] for m in pool if isinstance(m.item["date"], dt.date)}
    if len(dates) > 1:
        shown = ", ".join(f"{d:%d/%m/%Y}" for d in sorted(dates))
        evidence.warn(
            chosen.piece.line, f"{_LABEL[path]}: kế hoạch nêu nhiều ngày ({shown}); để trống, hãy chọn ngày đúng."
        )
        item["date"] = None
    for key in ("name", "date", "time", "venue", "participants"):
        evidence.add(f"{path}.{key}", item.get(key), chosen.piece.line)
    return item


def _describe_with_standing(piece: Piece, start: int, year: int | None) -> tuple[dict[str, object], bool]:
    item = _describe(piece, start, year)
    row = _row_facts(piece, year)
    if row is not None:
        item.update(row)
        return item, True
    after = piece.text[start:]
    dates = _event_dates(after, year)
    if not dates:
        return item, False
    between = re.sub(r"“[^”]*”", "", after[: dates[0].start])
    return item, not _SOMETHING_ELSE.search(between)


# A day of the calendar named before its date: "chào mừng Ngày Khuyến học Việt Nam (02/10)", "Ngày Sách 21/4".
_NAMED_DAY = re.compile(r"\bNgày\s+(?!Thứ\b|Chủ nhật\b)[A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+){0,7}\s*\(?\s*$")


def _event_dates(text: str, year: int | None) -> list[DateAt]:
    """The dates in `text` that may date an event: not the date of a named day of the calendar."""
    return [
        d
        for d in find_dates(text, default_year=year)
        if not _NAMED_DAY.search(text[: d.start]) and not in_span(text, d)
    ]


def _crowded(dates: list[DateAt]) -> bool:
    """Another day right after the first one ("… 05/10/2026 Khuyến học 02/10 2 07/10/2026 19h00 …", a table
    that lost its columns, or "ngày 05/10 hoặc 06/10/2026"): which one is the ceremony's?"""
    return len(dates) > 1 and dates[1].value != dates[0].value and dates[1].start - dates[0].end < 30


def _row_facts(piece: Piece, year: int | None) -> dict[str, object] | None:
    """A ceremony in a schedule table's row takes the row's day, time and place ("Ngày: Thứ Năm, 01-10-2026;
    Thời gian: 7h15 - 8h00; Nội dung hoạt động: Lễ khai mạc …; Địa điểm: …"), not a date its own cell
    mentions ("chào mừng Ngày Khuyến học Việt Nam 02/10"); two days in the row date nothing."""
    when = cells_of_kind(piece.cells, "when")
    if not when:
        return None
    days = {d.value for cell in when for d in find_dates(cell, default_year=year)}
    times = [found[1] for found in (find_time(cell) for cell in when) if found]
    place = cells_of_kind(piece.cells, "place")
    facts: dict[str, object] = {
        "date": days.pop() if len(days) == 1 and not any(date_range(c, year) for c in when) else None,
        "time": times[0] if times else None,
    }
    if place:
        facts["venue"] = re.sub(r"^tại\s+", "", place[0], flags=re.IGNORECASE).strip(" .;")
    return facts


def _describe(piece: Piece, start: int, year: int | None) -> dict[str, object]:
    text = piece.text
    name = _name_at(text, start)
    after = text[start:]
    dates = _event_dates(after, year)
    time = None if _crowded(dates) else find_time(after[: dates[0].end + 40] if dates else after[:160])
    venue = None
    venue_match = re.search(rf"\btại\s+(.+?){_VENUE_END}", after)
    place = re.search(r"\bđịa điểm\s*(?::|là)?\s*(?:tại\s+)?(.+?)(?=[;(]|\.\s|\.$|$)", after, re.IGNORECASE)
    if venue_match and not find_dates(venue_match.group(1)):
        venue = venue_match.group(1).strip(" ,.")
    elif place and not find_dates(place.group(1)):
        venue = place.group(1).strip(" ,.")
        venue = venue[:1].upper() + venue[1:]
    participants = None
    who = re.search(r"có sự tham gia của\s+(.+?)(?:\.$|$)", after)
    if who:
        participants = who.group(1).strip(" .")
    if venue is not None and not re.search(r"[^\W\d_]", venue):  # "(cùng thời gian, địa điểm)." left ")"
        venue = None
    return {
        "name": name,
        "date": dates[0].value if dates and not date_range(after, year) and not _crowded(dates) else None,
        "time": time[1] if time else None,
        "venue": venue,
        "participants": participants,
        "note": as_sentence(text),
    }


def _name_at(text: str, start: int) -> str:
    """'… trong đó Lễ khai mạc Tuần lễ được tổ chức …' -> 'Lễ khai mạc Tuần lễ'."""
    lead = re.search(r"(?:\blễ\s+)$", text[:start], re.IGNORECASE)
    begin = lead.start() if lead else start
    rest = text[begin:]
    quoted = re.match(r"[^“]*“[^”]*”", rest)
    end = _NAME_END.search(rest, quoted.end() if quoted and quoted.end() < 120 else 0)
    name = rest[: end.start()] if end else rest
    name = name.strip(" .,:")
    return name[:1].upper() + name[1:]


def _venue_nearby(ordered: list[Piece], index: int) -> str | None:
    """'- Địa điểm tại hội trường …' right after the ceremony's line, in the same section."""
    piece = ordered[index]
    for other in ordered[index + 1 : index + 3]:
        if other.section is not piece.section:
            break
        match = re.match(r"^\s*Địa điểm\s*(?::|tại)?\s*(?:tại\s+)?(.+?)\.?$", other.text, re.IGNORECASE)
        if match:
            value = match.group(1).strip()
            return value[:1].upper() + value[1:]
    return None
