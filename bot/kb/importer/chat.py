"""A draft in chat: its key facts as a reply, and corrections typed in plain Vietnamese.

Plain functions over plain data, for the Telegram layer to call:

- `summarize_draft(draft)` -> HTML text (≤ 4,096 characters) with locality, year, theme,
  dates, opening, deadlines, and what is missing or blocks publishing;
- `apply_correction(draft, text)` -> `Correction`: the new draft (a copy; the input is not
  changed) and a confirmation, or `data=None` and a polite Vietnamese error.

`draft` is the dict `draft_plan` returns in `Draft.data` (the schema's field names; dates as
`datetime.date`), or a validated `bot.kb.schema.Plan`.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.kb.importer.body_fields import date_range
from bot.kb.importer.draft import validation_problems
from bot.kb.importer.patterns import find_dates, find_time, unit_key
from bot.kb.schema import LEVELS, Plan
from bot.messages import importer as msg
from bot.text import fold

MAX_MESSAGE = 4096
_MAX_DEADLINES = 8

Data = dict[str, Any]


@dataclass(frozen=True)
class Correction:
    data: Data | None  # the corrected draft, or None when the correction was refused
    message: str  # Telegram HTML, Vietnamese
    field: str | None = None  # the schema path changed


def as_data(draft: Data | Plan) -> Data:
    if isinstance(draft, Plan):
        return draft.model_dump(by_alias=True)
    return copy.deepcopy(draft)


# --- summary ---------------------------------------------------------------------------------------------------


def summarize_draft(draft: Data | Plan) -> str:
    data = as_data(draft)
    esc = html.escape
    locality = data.get("locality") or {}
    place = " ".join(p for p in (locality.get("level"), locality.get("name")) if p) or msg.SUMMARY_NOT_STATED
    if locality.get("province"):
        place += f" ({locality['province']})"
    lines = [msg.SUMMARY_TITLE.format(locality=esc(place))]
    lines.append(msg.SUMMARY_YEAR.format(year=esc(str(data.get("year") or msg.SUMMARY_NOT_STATED))))
    issuer = _unit_name(data, data.get("issuer"))
    if issuer:
        lines.append(msg.SUMMARY_ISSUER.format(issuer=esc(issuer)))
    if data.get("theme"):
        lines.append(msg.SUMMARY_THEME.format(theme=esc(data["theme"])))
    period = data.get("period") or {}
    if period.get("start") and period.get("end"):
        lines.append(msg.SUMMARY_PERIOD.format(start=_day(period["start"]), end=_day(period["end"])))
    for key, template in (("opening", msg.SUMMARY_OPENING), ("closing", msg.SUMMARY_CLOSING)):
        details = _ceremony(data.get(key))
        if details:
            lines.append(template.format(details=details))
    lines += _deadlines(data)
    sessions = data.get("special_sessions") or []
    if sessions:
        dates = ", ".join(_day(s["date"]) for s in sessions if s.get("date"))
        lines.append(msg.SUMMARY_SESSIONS.format(count=len(sessions), dates=dates))
    missing = missing_key_fields(data)
    lines.append(msg.SUMMARY_MISSING.format(fields=esc(", ".join(missing))) if missing else msg.SUMMARY_COMPLETE)
    problems = validation_problems(data)
    if problems:
        lines.append(msg.SUMMARY_BLOCKED.format(problems=esc("; ".join(problems[:3]))))
    return _fit("\n".join(lines))


def missing_key_fields(data: Data) -> list[str]:
    """Vietnamese labels of the key facts the draft does not have."""
    checks: list[tuple[str, Callable[[Data], Any]]] = [
        ("locality.name", lambda d: (d.get("locality") or {}).get("name")),
        ("locality.province", lambda d: (d.get("locality") or {}).get("province")),
        ("year", lambda d: d.get("year")),
        ("issuer", lambda d: d.get("issuer")),
        ("theme", lambda d: d.get("theme")),
        ("period", lambda d: d.get("period")),
        ("opening.date", lambda d: (d.get("opening") or {}).get("date")),
        ("opening.time", lambda d: (d.get("opening") or {}).get("time")),
        ("opening.venue", lambda d: (d.get("opening") or {}).get("venue")),
        ("reporting", lambda d: d.get("reporting")),
        ("document.signer.name", lambda d: ((d.get("document") or {}).get("signer") or {}).get("name")),
    ]
    return [msg.FIELD_LABELS[path] for path, get in checks if not get(data)]


def _ceremony(ceremony: Data | None) -> str | None:
    if not ceremony:
        return None
    parts = []
    if ceremony.get("time"):
        parts.append(msg.SUMMARY_AT_TIME.format(time=html.escape(ceremony["time"])))
    if ceremony.get("date"):
        parts.append(msg.SUMMARY_ON_DATE.format(date=_day(ceremony["date"])))
    if ceremony.get("venue"):
        parts.append(msg.SUMMARY_AT_VENUE.format(venue=html.escape(ceremony["venue"])))
    return " ".join(parts) or None


def _deadlines(data: Data) -> list[str]:
    duties = data.get("reporting") or []
    if not duties:
        return [msg.SUMMARY_NO_DEADLINES]
    out = [msg.SUMMARY_DEADLINES]
    for duty in duties[:_MAX_DEADLINES]:
        deadline = _day(duty["deadline"]) if duty.get("deadline") else html.escape(duty.get("deadline_text") or "")
        targets = ", ".join(_unit_name(data, t) or t for t in duty.get("to", []))
        sender = _unit_name(data, duty.get("from")) or str(duty.get("from"))
        out.append(
            msg.SUMMARY_DEADLINE_LINE.format(
                sender=html.escape(sender), targets=html.escape(targets), deadline=deadline
            )
        )
    if len(duties) > _MAX_DEADLINES:
        out.append(msg.SUMMARY_MORE.format(count=len(duties) - _MAX_DEADLINES))
    return out


def _unit_name(data: Data, unit_id: str | None) -> str | None:
    for unit in data.get("units") or []:
        if unit.get("id") == unit_id:
            return str(unit["name"])
    return None


def _day(value: Any) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value:%d/%m/%Y}"


def _fit(text: str) -> str:
    if len(text) <= MAX_MESSAGE:
        return text
    return text[: MAX_MESSAGE - 1].rsplit("\n", 1)[0] + "\n…"


# --- corrections -----------------------------------------------------------------------------------------------


def apply_correction(draft: Data | Plan, text: str) -> Correction:
    """Apply 'mục: giá trị' corrections (one per line) to a copy of the draft, all or nothing."""
    data = as_data(draft)
    done: list[str] = []
    changed: str | None = None
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return Correction(None, msg.CORRECTION_NO_COLON.format(help=msg.CORRECTION_HELP))
    for line in lines:
        result = _apply_line(data, line)
        if result.data is None:
            return result
        data = result.data
        done.append(result.message)
        changed = result.field
    problems = validation_problems(data)
    if problems:
        return Correction(None, msg.CORRECTION_INVALID.format(problem=html.escape(problems[0])))
    return Correction(data, "\n".join(done), changed)


def _apply_line(data: Data, line: str) -> Correction:
    label, colon, value = line.partition(":")
    if not colon:
        return Correction(None, msg.CORRECTION_NO_COLON.format(help=msg.CORRECTION_HELP))
    key = re.sub(r"\s+", " ", fold(label)).strip(" -•*")
    value = value.strip().strip('“”"').strip()
    if not value:
        return Correction(None, msg.CORRECTION_EMPTY_VALUE.format(field=html.escape(label.strip())))
    deadline = re.match(r"^(?:han|thoi han|han nop|han chot)(?: nop)? bao cao(?: cua (.+))?$", key)
    if deadline:
        unit = label.strip()[len(label.strip()) - len(deadline.group(1)) :] if deadline.group(1) else None
        return _deadline(data, unit, value)
    for keys, handler in _HANDLERS:
        if key in keys:
            return handler(data, value)
    return Correction(
        None, msg.CORRECTION_UNKNOWN_FIELD.format(field=html.escape(label.strip()), help=msg.CORRECTION_HELP)
    )


def _done(data: Data, path: str, old: Any, new: Any) -> Correction:
    label = msg.FIELD_LABELS.get(path, path)
    return Correction(
        data, msg.CORRECTION_DONE.format(field=label, old=html.escape(_show(old)), new=html.escape(_show(new))), path
    )


def _show(value: Any) -> str:
    if value in (None, "", []):
        return msg.SUMMARY_NOT_STATED
    if isinstance(value, dt.date):
        return _day(value)
    if isinstance(value, dict) and "start" in value:
        return f"{_day(value['start'])} – {_day(value['end'])}"
    if isinstance(value, dict):
        return html.unescape(_ceremony(value) or msg.SUMMARY_NOT_STATED)
    return str(value)


def _year(data: Data) -> int | None:
    year = data.get("year")
    return int(year) if year else None


def _one_date(data: Data, value: str) -> dt.date | None:
    full = find_dates(value)
    dates = full or find_dates(value, default_year=_year(data))
    return dates[0].value if dates else None


def _set_theme(data: Data, value: str) -> Correction:
    old, data["theme"] = data.get("theme"), value.strip(" .")
    return _done(data, "theme", old, data["theme"])


def _set_period(data: Data, value: str) -> Correction:
    full = find_dates(value)
    year = full[-1].value.year if full else _year(data)
    text = value if re.search(r"\btừ\b", value, re.IGNORECASE) else "từ " + re.sub(r"\s[-–]\s", " đến ", value)
    found = date_range(text, year)
    if not found:
        return Correction(None, msg.CORRECTION_BAD_PERIOD.format(value=html.escape(value)))
    old = data.get("period")
    data["period"] = {"start": found[0], "end": found[1], "note": None}
    return _done(data, "period", old, data["period"])


def _set_ceremony(path: str, default_name: str) -> Callable[[Data, str], Correction]:
    def apply(data: Data, value: str) -> Correction:
        day = _one_date(data, value)
        time = find_time(value)
        venue = re.search(r"\btại\s+(.+?)\s*\.?$", value, re.IGNORECASE)
        if not (day or time or venue):
            return Correction(None, msg.CORRECTION_BAD_OPENING.format(value=html.escape(value)))
        old = copy.deepcopy(data.get(path))
        ceremony = dict(data.get(path) or {"name": default_name})
        if day:
            ceremony["date"] = day
        if time:
            ceremony["time"] = time[1]
        if venue:
            ceremony["venue"] = venue.group(1)
        data[path] = ceremony
        return _done(data, path, old, ceremony)

    return apply


def _set_locality(field: str) -> Callable[[Data, str], Correction]:
    def apply(data: Data, value: str) -> Correction:
        locality = data.setdefault("locality", {})
        if field == "level":
            value = value.lower()
            if value not in LEVELS:
                return Correction(
                    None, msg.CORRECTION_BAD_LEVEL.format(value=html.escape(value), levels=", ".join(LEVELS))
                )
        old, locality[field] = locality.get(field), value
        return _done(data, f"locality.{field}", old, value)

    return apply


#: how a signer's title begins (folded): "Chủ tịch", "KT. Chủ tịch - Phó Chủ tịch", "Hiệu trưởng" ...
_TITLE_STARTS = (
    "kt", "q", "chu tich", "pho chu tich", "giam doc", "pho giam doc", "truong phong", "pho truong phong",
    "truong ban", "pho truong ban", "hieu truong", "pho hieu truong", "bi thu", "pho bi thu", "chanh van phong",
    "thu truong",
)  # fmt: skip


def _is_title(text: str) -> bool:
    folded = fold(text).strip(" .")
    return any(folded == start or folded.startswith(start + " ") or folded.startswith(start + ".")
               for start in _TITLE_STARTS)  # fmt: skip


def parse_signer(value: str) -> dict[str, str | None]:
    """'Trần Văn Minh, Chủ tịch' -> name and title; 'TM. Ủy ban nhân dân, KT. Chủ tịch - Phó Chủ tịch,
    Nguyễn Văn A' -> the three; 'Chủ tịch Trần Văn Minh' -> title and name. What is not a name, a
    "TM. …" line or a title is left out rather than guessed."""
    from bot.kb.importer.structure import looks_like_name

    name: str | None = None
    behalf: str | None = None
    titles: list[str] = []
    for part in (p.strip(" .;") for p in re.split(r"\s*[,;\n]\s*", value)):
        if not part:
            continue
        if re.match(r"^TM\s*\.", part, re.IGNORECASE):
            behalf = part
        elif looks_like_name(part) and not _is_title(part):
            name = name or part
        elif _is_title(part):
            words = part.split()
            tail = next((k for k in range(1, len(words) - 1) if looks_like_name(" ".join(words[k:]))), None)
            if tail is not None and name is None:  # "Chủ tịch Trần Văn Minh"
                titles.append(" ".join(words[:tail]))
                name = " ".join(words[tail:])
            else:
                titles.append(part)
        elif name is None:
            name = part  # a name typed in lower case: kept as typed
    return {"name": name, "title": " - ".join(titles) or None, "on_behalf_of": behalf}


def _signer_text(signer: dict[str, Any]) -> str:
    return ", ".join(str(signer[key]) for key in ("on_behalf_of", "title", "name") if signer.get(key))


def _set_year(data: Data, value: str) -> Correction:
    if not re.fullmatch(r"(?:19|20)\d\d", value.strip()):
        return Correction(None, msg.CORRECTION_BAD_YEAR.format(value=html.escape(value)))
    old, data["year"] = data.get("year"), int(value)
    return _done(data, "year", old, data["year"])


def _set_document(field: str) -> Callable[[Data, str], Correction]:
    def apply(data: Data, value: str) -> Correction:
        document = data.setdefault("document", {})
        if field == "signer":
            signer = dict(document.get("signer") or {"name": None, "title": None, "on_behalf_of": None})
            parsed = parse_signer(value)
            old = _signer_text(signer)
            # what the text gives replaces; what it leaves out (a title, "TM. …") stays as it was
            signer.update({key: part for key, part in parsed.items() if part})
            document["signer"] = signer
            return _done(data, "document.signer.name", old, _signer_text(signer))
        old, document[field] = document.get(field), re.sub(r"\s+", "", value)
        return _done(data, f"document.{field}", old, document[field])

    return apply


def _deadline(data: Data, unit: str | None, value: str) -> Correction:
    day = _one_date(data, value)
    if day is None:
        return Correction(None, msg.CORRECTION_BAD_DATE.format(value=html.escape(value)))
    duties = data.setdefault("reporting", [])
    if unit is None:
        if len(duties) == 1:
            return _set_deadline(data, duties[0], day)
        example = _unit_name(data, duties[0]["from"]) if duties else "các trường"
        return Correction(None, msg.CORRECTION_WHICH_DUTY.format(example=html.escape(example or "các trường")))
    unit_id = _find_unit(data, unit)
    if unit_id is None:
        names = ", ".join(u["name"] for u in data.get("units") or [])
        return Correction(None, msg.CORRECTION_UNKNOWN_UNIT.format(unit=html.escape(unit), units=html.escape(names)))
    mine = [d for d in duties if d.get("from") == unit_id]
    if mine:
        return _set_deadline(data, mine[0], day)
    issuer = data.get("issuer")
    if not issuer or issuer == unit_id:
        return Correction(None, msg.CORRECTION_NO_ISSUER)
    duty = {
        "id": _free_id(duties, f"{unit_id}-bao-cao"),
        "from": unit_id,
        "to": [issuer],
        "deadline": day,
        "deadline_text": None,
        "via": None,
        "channel": None,
        "form": None,
        "content": None,
        "text": f"{msg.CORRECTION_ADMIN_NOTE} Hạn báo cáo của {unit}: {_day(day)}.",
    }
    duties.append(duty)
    result = _done(data, "reporting", None, day)
    note = msg.CORRECTION_NEW_DUTY.format(
        unit=html.escape(_unit_name(data, unit_id) or unit), target=html.escape(_unit_name(data, issuer) or issuer)
    )
    return Correction(result.data, f"{result.message} {note}", result.field)


def _set_deadline(data: Data, duty: Data, day: dt.date) -> Correction:
    old = duty.get("deadline") or duty.get("deadline_text")
    duty["deadline"], duty["deadline_text"] = day, None
    label = msg.DEADLINE_OF.format(unit=_unit_name(data, duty.get("from")) or duty.get("from"))
    return Correction(
        data,
        msg.CORRECTION_DONE.format(field=html.escape(label), old=html.escape(_show(old)), new=_day(day)),
        "reporting",
    )


def _find_unit(data: Data, phrase: str) -> str | None:
    """The unit a typed phrase names ('các trường' -> 'Các đơn vị trường học'), if exactly one fits."""
    locality = data.get("locality") or {}
    places = (locality.get("name") or "", locality.get("province") or "")
    wanted = unit_key(phrase, places)
    folded = fold(phrase)
    exact, partial = [], []
    for unit in data.get("units") or []:
        names = [unit["name"], *unit.get("aliases", [])]
        if any(unit_key(n, places) == wanted for n in names):
            exact.append(unit["id"])
        elif any(_words_in(folded, fold(n)) for n in names):
            partial.append(unit["id"])
    candidates = exact or partial
    return candidates[0] if len(candidates) == 1 else None


def _words_in(phrase: str, name: str) -> bool:
    """Every word typed appears in the name ('các trường' in 'các trường mầm non, tiểu học')."""
    words = [w for w in re.findall(r"\w+", phrase) if w not in ("cac", "don", "vi")]
    return bool(words) and all(re.search(rf"\b{re.escape(w)}\b", name) for w in words)


def _free_id(duties: list[Data], base: str) -> str:
    candidate, number = base, 2
    while any(d.get("id") == candidate for d in duties):
        candidate, number = f"{base}-{number}", number + 1
    return candidate


_HANDLERS: list[tuple[tuple[str, ...], Callable[[Data, str], Correction]]] = [
    (("chu de", "chu de tuan le"), _set_theme),
    (("thoi gian", "thoi gian to chuc", "thoi gian tuan le"), _set_period),
    (
        ("khai mac", "le khai mac", "gio khai mac", "ngay khai mac", "dia diem khai mac", "noi khai mac"),
        _set_ceremony("opening", "Lễ khai mạc"),
    ),
    (("be mac", "le be mac", "tong ket", "le tong ket"), _set_ceremony("closing", "Lễ bế mạc")),
    (("dia phuong", "ten dia phuong"), _set_locality("name")),
    (("tinh", "thanh pho", "tinh/thanh pho", "tinh, thanh pho", "tinh thanh pho"), _set_locality("province")),
    (("cap", "cap dia phuong"), _set_locality("level")),
    (("nam",), _set_year),
    (("nguoi ky",), _set_document("signer")),
    (("so van ban", "so ke hoach", "so"), _set_document("number")),
]
