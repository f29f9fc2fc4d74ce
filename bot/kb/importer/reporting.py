"""Reporting duties: who reports to whom, by when, through whom, by which channel and on which form."""

from __future__ import annotations

import datetime as dt
import re

from bot.kb.importer.body_fields import Piece, as_sentence, section_pieces
from bot.kb.importer.evidence import Evidence
from bot.kb.importer.patterns import find_dates, starts_with_head, unit_names
from bot.kb.importer.structure import Layout
from bot.kb.importer.tables import cells_of_kind
from bot.kb.importer.units import UnitRegistry
from bot.text import tokens

_REPORT_VERB = re.compile(r"\b(?:báo cáo|gửi)\b", re.IGNORECASE)
_TO_MARK = re.compile(r"\b(?:báo cáo|gửi|về|lên|đến|tới|cho)\s+(?:về\s+|lên\s+|cho\s+|đến\s+|tới\s+)?", re.IGNORECASE)
_DEADLINE = re.compile(
    r"\b(?:trước|chậm nhất(?:\s+là)?(?:\s+(?:đến|vào))?|hạn chót|hạn cuối|không quá|trong ngày)\s+(?:ngày\s+)?",
    re.IGNORECASE,
)
# What may stand between "trước" and the date: "trước 16 giờ ngày …", "chậm nhất là thứ Sáu, ngày …".
_DEADLINE_LEAD = re.compile(
    r"^(?:(?:\d{1,2}\s*(?:h|giờ)\s*(?:\d{1,2})?\s*(?:phút)?|\d{1,2}:\d{2})\s*,?\s*)?"
    r"(?:(?:thứ\s+\w+|chủ nhật)\s*,?\s*)?(?:ngày\s*)?$",
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
# What makes a sentence with "gửi" a report of the week's results, not a list, a registration or an entry sent.
_A_REPORT = re.compile(r"\b(?:báo cáo|kết quả|tổng hợp)\b", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def reporting_of(
    layout: Layout, year: int | None, units: UnitRegistry, section_units: dict[int, str], evidence: Evidence
) -> list[dict[str, object]]:
    """Sentences that send a report to named bodies, with a deadline (a date, or 'theo quy định'), and the rows
    of a reporting table (who, what, by when, to whom)."""
    out: list[dict[str, object]] = []
    every = list(section_pieces(layout))
    for index, piece in enumerate(every):
        row = _row_duty(piece, year, units, evidence)
        if row is not None:
            found = [row] if row else []
        else:
            found = []
            clauses = _report_clauses(piece.text)
            later = _deadline_below(piece, every[index + 1] if index + 1 < len(every) else None, year)
            for number, clause in enumerate(clauses, start=1):
                duties = _duties(
                    clause, piece, year, units, section_units, evidence, later if number == len(clauses) else None
                )
                found += duties or _same_duty_again(clause, found, year)
        for duty in found:
            deadline_line = int(str(duty.pop("_deadline_line", piece.line)))
            if any(d["text"] == duty["text"] and d["from"] == duty["from"] for d in out):
                continue
            path = f"reporting[{len(out)}]"
            for key in ("from", "to", "deadline", "deadline_text", "via", "channel", "form"):
                evidence.add(f"{path}.{key}", duty.get(key), deadline_line if key == "deadline" else piece.line)
            out.append(duty)
    return out


# A line that only gives a deadline: "Thời hạn: trước ngày 12/10/2026", "Thời gian gửi báo cáo: chậm nhất ngày
# 12/10/2026", "Hạn nộp: 12/10/2026", "Trước ngày 12/10/2026".
_DEADLINE_LABEL = re.compile(
    r"^(?:thời hạn|hạn(?: chót| cuối)?(?: gửi| nộp)?|thời gian (?:gửi|nộp))(?: báo cáo| kết quả)*\s*:\s*",
    re.IGNORECASE,
)


def _deadline_below(piece: Piece, below: Piece | None, year: int | None) -> tuple[dt.date, Piece] | None:
    """The deadline a report's sentence leaves to the line after it, in the same section, that says nothing
    else ("- Báo cáo kết quả về UBND xã." / "- Thời hạn: trước ngày 12/10/2026.")."""
    if below is None or below.section is not piece.section or below.cells or piece.cells:
        return None
    text = below.text.strip().rstrip(".;")
    label = _DEADLINE_LABEL.match(text)
    rest = text[label.end() :] if label else text
    dates = find_dates(rest, default_year=year)
    if len(dates) != 1 or len(rest) > 60 or unit_names(rest):
        return None
    lead = _DEADLINE.match(rest)
    if lead is None and label is None:
        return None
    before_date = rest[lead.end() if lead else 0 : dates[0].start]
    if not _DEADLINE_LEAD.match(before_date) or rest[dates[0].end :].strip(" ,()"):
        return None
    return dates[0].value, below


def _row_duty(piece: Piece, year: int | None, units: UnitRegistry, evidence: Evidence) -> dict[str, object] | None:
    """A reporting table's row ("Đơn vị: Hội Khuyến học các xã; Nội dung: Báo cáo kết quả …; Thời hạn: Trước
    ngày 05/11/2026; Nơi nhận: Hội Khuyến học tỉnh (qua Văn phòng Hội)"): {} when its deadline or units are
    unclear (a note says so), None for a row of another kind of table."""
    senders = cells_of_kind(piece.cells, "from")
    recipients = cells_of_kind(piece.cells, "to")
    limits = cells_of_kind(piece.cells, "deadline") or cells_of_kind(piece.cells, "when")
    content = " ".join(cells_of_kind(piece.cells, "content"))
    if len(senders) != 1 or len(recipients) != 1 or len(limits) != 1:
        return None
    if not _REPORT_VERB.search(content or piece.text):
        return None
    days = {d.value for d in find_dates(limits[0], default_year=year)}
    rule = _BY_RULE.search(limits[0])
    if len(days) > 1 or not (days or rule):
        evidence.warn(piece.line, f"Dòng bảng báo cáo không rõ hạn: “{limits[0][:60]}”.")
        return {}
    via = _VIA.search(recipients[0])
    target_text = _VIA.sub("", recipients[0]).strip(" ()")
    sender_names, target_names = _cell_units(senders[0]), _cell_units(target_text)
    sender = units.add(sender_names[0], piece.line) if len(sender_names) == 1 else None
    targets = [t for t in (units.add(n, piece.line) for n in target_names) if t and t != sender]
    if not sender or not targets:
        evidence.warn(piece.line, f"Dòng bảng báo cáo chưa rõ đơn vị gửi/nhận: “{piece.text[:90]}”.")
        return {}
    form = _FORM.search(content)
    email = _EMAIL.search(piece.text)
    return {
        "id": _duty_id(units, sender, targets),
        "from": sender,
        "to": targets,
        "deadline": days.pop() if days else None,
        "deadline_text": rule.group(0) if rule and not days else None,
        "via": via.group(1).strip() if via else None,
        "channel": email.group(0) if email else None,
        "form": form.group(1).strip() if form else None,
        "text": as_sentence(f"{senders[0]}: {content or piece.text}; {limits[0]}; {recipients[0]}"),
    }


def _same_duty_again(clause: str, before: list[dict[str, object]], year: int | None) -> list[dict[str, object]]:
    """A clause that only adds another report and its deadline to the duty before it in the sentence ("… gửi báo
    cáo nhanh về UBND xã trước ngày 03/10/2026; báo cáo tổng kết trước ngày 14/10/2026"): the same senders
    and recipients, its own deadline."""
    if not before or not re.match(r"^(?:và\s+)?(?:gửi\s+)?báo cáo\b", clause, re.IGNORECASE):
        return []
    if any(unit_names(clause[mark.end() :]) for mark in _TO_MARK.finditer(clause)):
        return []  # it names recipients of its own, which `_duties` could not use
    deadline, _ = _deadline(clause, year)
    if deadline is None:
        return []
    last = before[-1]
    return [
        {**duty, "deadline": deadline, "deadline_text": None, "text": _clause_text(clause, clause)}
        for duty in before
        if duty["to"] == last["to"] and duty["deadline"] == last["deadline"]
    ]


def _cell_units(cell: str) -> list[str]:
    """The organisations a table cell names: the whole cell when it is one name (no verb cuts "Ban Tuyên
    truyền - Thi đua" short), else each one of a list."""
    names = unit_names(cell)
    if len(names) == 1 and starts_with_head(cell) and len(cell) <= 100:
        return [cell.strip(" .;")]
    return names


def _report_clauses(text: str) -> list[str]:
    """The ';' clauses that report, and each report of a clause that names two, each with its own deadline
    ("Báo cáo sơ kết … trước ngày 05/10/2026 và báo cáo tổng kết … trước ngày 15/10/2026")."""
    out: list[str] = []
    for clause in re.split(r";\s+", text):
        parts = re.split(r",?\s+và\s+(?=(?:gửi\s+)?báo cáo\b)", clause)
        if len(parts) > 1 and all(_DEADLINE.search(p) for p in parts):
            out += parts
        else:
            out.append(clause)
    return [c.strip() for c in out if _REPORT_VERB.search(c)]


def _duties(
    clause: str,
    piece: Piece,
    year: int | None,
    units: UnitRegistry,
    section_units: dict[int, str],
    evidence: Evidence,
    later: tuple[dt.date, Piece] | None = None,
) -> list[dict[str, object]]:
    """The duty of a reporting clause, one per sender ("các đơn vị" may stand for the units listed before);
    `later`: the deadline the next line gives, for a clause that states none."""
    verb = _REPORT_VERB.search(clause)
    assert verb is not None
    if not _A_REPORT.search(clause):
        return []  # "lập danh sách học sinh đề nghị nhận học bổng gửi về Hội trước ngày 28/9": a list, no report
    purpose = re.search(r"\s+để\s+", clause[verb.start() :])
    scope = clause[: verb.start() + purpose.start()] if purpose else clause
    target_names = [n for mark in _TO_MARK.finditer(scope, verb.start()) for n in unit_names(scope[mark.end() :])]
    if not target_names:
        return []
    deadline, deadline_text = _deadline(scope, year, verb.start())
    below: Piece | None = None
    if deadline is None and deadline_text is None and later is not None:
        deadline, below = later
    if deadline is None and deadline_text is None:
        deadline = _row_deadline(clause, piece, year)
    if deadline is None and deadline_text is None:
        condition = re.match(r"^\s*((?:trong quá trình[^,]{0,40},\s*)?(?:nếu|khi) có [^,]{3,60})", clause, re.I)
        if condition is None:  # no duty: nothing of it goes into the draft, not even the units it names
            evidence.warn(piece.line, f"Câu báo cáo không nêu hạn: “{clause[:90]}”.")
            return []
        deadline_text = condition.group(1)[:1].lower() + condition.group(1)[1:]  # "nếu có khó khăn vướng mắc"
    targets: list[str] = []
    for name in target_names:
        unit_id = units.add(name, piece.line)
        if unit_id and unit_id not in targets:
            targets.append(unit_id)
    if not targets:
        return []
    before = clause[: verb.start()]
    inherited = unit_names(piece.text) if not before.strip() and not piece.text.lstrip().startswith(clause) else []
    row_senders = cells_of_kind(piece.cells, "from")
    if len(row_senders) == 1:  # a row's clause: the unit its sender cell names (not the cell's name)
        inherited = unit_names(row_senders[0])
    senders = [s for s in _senders(before, piece, units, section_units, inherited) if s not in targets]
    if not senders:
        evidence.warn(piece.line, f"Câu báo cáo chưa rõ đơn vị gửi: “{clause[:90]}”.")
        return []
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
            "text": _clause_text(clause, piece.text) + (f" {as_sentence(below.text)}" if below else ""),
            **({"_deadline_line": below.line} if below else {}),
        }
        for sender in senders
    ]


def _row_deadline(clause: str, piece: Piece, year: int | None) -> dt.date | None:
    """The deadline a table row's deadline cell gives the report its task cell ends with ("Nhiệm vụ: Xây dựng kế
    hoạch …; báo cáo kết quả về UBND phường; Thời hạn: Trước ngày 12/10/2027"): one date after "trước" or
    "chậm nhất", the cell printed beside the end of the task; a report that is not the task's last clause, or
    a cell with two dates, has none."""
    limits = cells_of_kind(piece.cells, "deadline") or cells_of_kind(piece.cells, "when")
    if len(limits) != 1:
        return None
    ends = [re.split(r";\s+", cell.rstrip(" .;"))[-1] for _, cell in piece.cells if cell not in limits]
    if not any(end and clause.rstrip(" .;").endswith(end) and _REPORT_VERB.search(end) for end in ends):
        return None
    if len({d.value for d in find_dates(limits[0], default_year=year)}) != 1:
        return None
    deadline, _ = _deadline(limits[0], year)
    return deadline


def _senders(
    before: str, piece: Piece, units: UnitRegistry, section_units: dict[int, str], inherited: list[str]
) -> list[str]:
    """Who reports: the units named as the subject of the verb ('đề nghị <unit>', '<unit>, <unit> gửi …',
    '… để <unit> báo cáo'), else the responsibility section's unit, else — for "các đơn vị" in the closing
    paragraph — the units that paragraph "yêu cầu"s. `inherited`: the subject of the sentence, for a clause
    that has none of its own ("Trưởng các thôn thông báo …; báo cáo … trước …")."""
    names = _subject_names(before) or inherited
    named = [u for u in (units.add(n, piece.line) for n in names) if u]
    if named:
        return list(dict.fromkeys(named))
    section = piece.section
    while section is not None:
        if id(section) in section_units:
            return [section_units[id(section)]]
        section = section.parent
    if re.search(r"\bcác (?:cơ quan, )?đơn vị\s*$", before.strip(" ,"), re.IGNORECASE):
        return _units_asked(piece, units)
    return []


_AGENT = re.compile(r"\b(?:đề nghị|yêu cầu|giao|để|giúp|tham mưu(?:\s+cho)?)\s+(.+)$", re.IGNORECASE)


def _subject_names(before: str) -> list[str]:
    """The organisations the words before the verb end with. An agent after 'đề nghị', 'để', 'giúp' … is the
    subject ("Tổng hợp kết quả để Sở GD&ĐT báo cáo …"); a leading adverbial is skipped ("Chậm nhất 17 giờ
    00 ngày 09/10/2026, các cơ sở giáo dục và …"); a list names every sender ("Tổ trưởng, nhân viên thư viện")."""
    agent = _AGENT.search(before)
    text = (agent.group(1) if agent else before).strip(" ,")
    parts = re.split(r",\s*", text)
    for index in range(len(parts)):
        names = unit_names(", ".join(parts[index:]))
        if names:
            return names
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


def _deadline(scope: str, year: int | None, verb: int = 0) -> tuple[dt.date | None, str | None]:
    """The deadline of the report whose verb is at `verb`: one after the verb, else one that leads the sentence
    as an adverbial ("Chậm nhất 17 giờ 00 ngày 09/10/2026, các trường … gửi báo cáo"); a deadline before the verb
    that ends another task ("… triển khai Kế hoạch Trước 30/9/2027 Tổng hợp kết quả, … báo cáo Sở …") is not
    the report's."""
    found: list[tuple[int, dt.date, str]] = []
    for match in _DEADLINE.finditer(scope):
        window = scope[match.end() : match.end() + 45]
        dates = find_dates(window, default_year=year)
        if dates and _DEADLINE_LEAD.match(window[: dates[0].start]):
            found.append((match.start(), dates[0].value, window[dates[0].end :]))
    after = [day for at, day, _ in found if at >= verb]
    if after:
        return after[0], None
    leading = [day for _, day, rest in found if re.match(r"^\s*(?:\(\s*[^)]{0,20}\))?\s*,", rest)]
    if leading:
        return leading[0], None
    rule = _BY_RULE.search(scope)
    if rule:
        return None, rule.group(0)
    return None, None


def _duty_id(units: UnitRegistry, sender: str, targets: list[str]) -> str:
    return f"{sender}-bao-cao-{targets[0]}"[:60].rstrip("-")


def _clause_text(clause: str, sentence: str) -> str:
    """The duty's own words: its ';' clause when that stands on its own, else the whole sentence."""
    if clause != sentence.strip() and len(clause) >= 40:
        return as_sentence(clause[:1].upper() + clause[1:])
    return as_sentence(sentence)
