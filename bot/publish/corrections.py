"""Corrections typed in chat, without leaving the plan contradicting itself.

`bot.kb.importer.apply_correction` changes a key field (the opening's time, a deadline). The
plan's own sentences that quoted the old value stay as the document wrote them, and citizens
would then be told two times or two dates. So each sentence quoting a replaced value gets the
reviewer's correction appended, in the open: the document's words are kept, nothing is hidden,
and the answer says which value holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from bot.kb import importer  # its modules load with the first correction
from bot.messages import publish as texts
from bot.text import fold

Data = dict[str, Any]

_CEREMONY_WORDS = {"opening": ("khai mac",), "closing": ("be mac", "tong ket")}


@dataclass(frozen=True)
class _Replaced:
    """A value the correction replaced: how the document may have printed it, and the note to add."""

    patterns: tuple[re.Pattern[str], ...]
    #: a sentence must also mention one of these (folded) to be about it; empty: the field's own sentence
    topic: tuple[str, ...]
    note: str
    own: Callable[[Data], list[Data]]  # the field's own sentence holders (ceremony note, duty text)
    #: the unit whose deadline it is: a sentence of another unit's duty or tasks quoting the same
    #: date is about that unit's deadline, which did not change
    unit: str | None = None


def correct(data: Data, text: str) -> importer.Correction:
    """`apply_correction`, plus the note on every sentence still quoting a replaced value."""
    result = importer.apply_correction(data, text)
    if result.data is None:
        return result
    corrected = result.data
    for replaced in _replacements(data, corrected):
        for holder, key, owner in _sentences(corrected):
            sentence = holder.get(key)
            if not isinstance(sentence, str) or replaced.note in sentence:
                continue
            if not any(p.search(sentence) for p in replaced.patterns):
                continue
            is_own = any(holder is own for own in replaced.own(corrected))
            if not is_own and replaced.unit and owner and owner != replaced.unit:
                continue  # another unit's sentence quoting the same date
            if is_own or any(word in fold(sentence) for word in replaced.topic):
                holder[key] = f"{sentence.rstrip()} {replaced.note}"
    return importer.Correction(corrected, result.message, result.field)


def _replacements(before: Data, after: Data) -> Iterator[_Replaced]:
    for key in ("opening", "closing"):
        old, new = before.get(key) or {}, after.get(key) or {}
        patterns: list[re.Pattern[str]] = []
        if old.get("date") and old.get("date") != new.get("date"):
            patterns += date_patterns(_as_date(old["date"]))
        if old.get("time") and old.get("time") != new.get("time"):
            patterns.append(time_pattern(old["time"]))
        if old.get("venue") and old.get("venue") != new.get("venue"):
            patterns.append(re.compile(re.escape(old["venue"]), re.IGNORECASE))
        if patterns and new:
            note = texts.CORRECTED_NOTE.format(what=_ceremony_text(new))
            yield _Replaced(tuple(patterns), _CEREMONY_WORDS[key], note, _ceremony_holder(key))
    old_duties = {d.get("id"): d for d in before.get("reporting") or []}
    for duty in after.get("reporting") or []:
        old_duty = old_duties.get(duty.get("id"))
        if old_duty is None or not old_duty.get("deadline") or old_duty.get("deadline") == duty.get("deadline"):
            continue
        unit = _unit_name(after, duty.get("from")) or str(duty.get("from"))
        if re.match(r"(?:Các|Những)\s", unit):  # "hạn báo cáo của các trường học …", mid-sentence
            unit = unit[0].lower() + unit[1:]
        new_day = _as_date(duty["deadline"]) if duty.get("deadline") else None
        what = texts.CORRECTED_DEADLINE.format(unit=unit, date=f"{new_day:%d/%m/%Y}" if new_day else "")
        yield _Replaced(
            tuple(date_patterns(_as_date(old_duty["deadline"]))),
            ("bao cao",),
            texts.CORRECTED_NOTE.format(what=what),
            _duty_holder(str(duty.get("id"))),
            str(duty.get("from")) if duty.get("from") else None,
        )


def _ceremony_holder(key: str) -> Callable[[Data], list[Data]]:
    def holders(data: Data) -> list[Data]:
        return [data[key]] if data.get(key) else []

    return holders


def _duty_holder(duty_id: str) -> Callable[[Data], list[Data]]:
    def holders(data: Data) -> list[Data]:
        return [duty for duty in data.get("reporting") or [] if duty.get("id") == duty_id]

    return holders


def _sentences(data: Data) -> Iterator[tuple[Data, str, str | None]]:
    """Every (holder, key, unit) whose value is one of the plan's sentences; unit: the unit whose duty
    or task it is (None: the plan's general sentences)."""
    for group in ("objectives", "requirements", "activities", "participants", "budget", "extra_facts"):
        for item in data.get(group) or []:
            yield item, "text", None
    for responsibility in data.get("responsibilities") or []:
        for task in responsibility.get("tasks") or []:
            yield task, "text", responsibility.get("unit")
    for duty in data.get("reporting") or []:
        yield duty, "text", duty.get("from")
    for ceremony in [data.get("opening"), data.get("closing"), *(data.get("other_ceremonies") or [])]:
        if ceremony:
            yield ceremony, "note", None


def date_patterns(day: dt.date) -> list[re.Pattern[str]]:
    """'09/10/2026', '9/10/2026', '09-10-2026', 'ngày 09 tháng 10 năm 2026'."""
    d, m, y = day.day, day.month, day.year
    return [
        re.compile(rf"\b0?{d}\s*[/.-]\s*0?{m}\s*[/.-]\s*{y}\b"),
        re.compile(rf"\b0?{d}\s+tháng\s+0?{m}\s+năm\s+{y}\b", re.IGNORECASE),
    ]


def time_pattern(value: str) -> re.Pattern[str]:
    """'14:00' printed as '14 giờ 00', '14h00', '14h', '14 giờ' (not '14 giờ 30')."""
    hour, minute = (int(part) for part in value.split(":"))
    if minute == 0:
        return re.compile(rf"\b0?{hour}\s*(?:giờ|h|:)(?:\s*00)?(?!\s*\d)", re.IGNORECASE)
    return re.compile(rf"\b0?{hour}\s*(?:giờ|h|:)\s*{minute:02d}\b", re.IGNORECASE)


def _ceremony_text(ceremony: Data) -> str:
    parts = [str(ceremony.get("name") or texts.CEREMONY)]
    if ceremony.get("time"):
        parts.append(texts.AT_TIME.format(time=ceremony["time"]))
    if ceremony.get("date"):
        parts.append(texts.ON_DATE.format(date=f"{_as_date(ceremony['date']):%d/%m/%Y}"))
    if ceremony.get("venue"):
        parts.append(texts.AT_VENUE.format(venue=ceremony["venue"]))
    return " ".join(parts)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _unit_name(data: Data, unit_id: Any) -> str | None:
    for unit in data.get("units") or []:
        if unit.get("id") == unit_id:
            return str(unit.get("name"))
    return None
