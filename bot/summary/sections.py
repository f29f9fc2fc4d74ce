"""Parts I, II.2, III and IV of the .docx report: pre-filled with facts, replaceable by an official.

The bot writes only what the plan and the confirmed reports say (how many units reported, on time
or late, the largest figures, what is missing); an official replaces any part in chat before
exporting (`bot.db.report_sections` keeps each version). A part with nothing factual to say is a
dotted line to fill in, as in the template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.db.models import REPORT_SECTION_KEYS
from bot.db.report_sections import MAX_TEXT_CHARS, SectionText, SectionTextError
from bot.kb.schema import Plan
from bot.messages import summary as texts
from bot.reports.numbers import format_number, format_value
from bot.summary.build import IndicatorTotal, Summary, vn_date
from bot.summary.data import PlanData, UnitRow
from bot.summary.labels import for_plan
from bot.summary.status import status_phrase

#: editable parts, in document order
SECTION_KEYS: tuple[str, ...] = REPORT_SECTION_KEYS
#: names listed in a sentence before "và N đơn vị khác"
MAX_NAMES = 10
#: largest figures quoted in part I
TOP_ITEMS = 5


@dataclass(frozen=True)
class SectionView:
    """One editable part as an official sees it before exporting."""

    key: str
    name: str
    text: str
    #: the official's current version, or None when the bot's pre-filled text is used
    written: SectionText | None = None


def _count(value: int) -> str:
    return format_number(value)


def _names(units: list[UnitRow]) -> str:
    shown = ", ".join(unit.name for unit in units[:MAX_NAMES])
    if len(units) > MAX_NAMES:
        return texts.PREFILL_MORE_NAMES.format(names=shown, count=_count(len(units) - MAX_NAMES))
    return shown


def _clock(moment: dt.datetime, tz: ZoneInfo) -> tuple[str, str]:
    local = moment.astimezone(tz)
    return local.strftime("%H:%M"), vn_date(local.date())


def lower_first(text: str) -> str:
    """'Tổ chức Tuần lễ …' -> 'tổ chức Tuần lễ …' (an acronym such as 'UBND' is kept)."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def plan_basis(plan: Plan) -> str:
    """'Thực hiện Kế hoạch số … ngày … của … về việc …' from the plan's own document."""
    document = plan.document
    number = f" số {document.number}" if document.number else ""
    if document.date:
        number += texts.DOC_ATTACHED_DATE.format(date=vn_date(document.date))
    return texts.PREFILL_PLAN_BASIS.format(
        kind=document.kind,
        number=number,
        issuer=plan.unit(plan.issuer).name,
        title_lower=lower_first(for_plan(document.title, plan.year)),
    )


def top_items(summary: Summary, limit: int = TOP_ITEMS) -> list[IndicatorTotal]:
    """The largest non-zero counts and numbers of people (money and yes/no are not activities)."""
    items = [
        item
        for section in summary.sections
        for item in section.items
        if item.total and item.indicator.kind in ("count", "people")
    ]
    return sorted(items, key=lambda item: -item.total)[:limit]


def _direction(plan: Plan, summary: Summary, data: PlanData, now: dt.datetime, tz: ZoneInfo) -> list[str]:
    lines = [plan_basis(plan)]
    if plan.period:
        theme = texts.PREFILL_THEME.format(theme=plan.theme) if plan.theme else ""
        lines.append(
            texts.PREFILL_PERIOD.format(start=vn_date(plan.period.start), end=vn_date(plan.period.end), theme=theme)
        )
    if not summary.expected:
        lines.append(texts.PREFILL_NO_UNITS)
        return lines
    time, date = _clock(now, tz)
    sentence = texts.PREFILL_REPORTED.format(
        time=time, date=date, reported=_count(summary.reported), expected=_count(summary.expected)
    )
    parts = []
    if summary.reported:
        late = len(summary.late)
        deadline = texts.PREFILL_DEADLINE.format(deadline=vn_date(summary.deadline)) if summary.deadline else ""
        parts.append(texts.PREFILL_ON_TIME.format(on_time=_count(summary.reported - late)) + deadline)
        if late:
            parts.append(texts.PREFILL_LATE.format(late=_count(late)))
    if summary.missing:
        parts.append(texts.PREFILL_NOT_REPORTED.format(missing=_count(len(summary.missing))))
    lines.append(sentence + (": " + "; ".join(parts) if parts else "") + ".")
    counted = status_phrase(summary.status_counts)
    if counted:
        lines.append(texts.PREFILL_STATUS.format(parts=counted))
    for section in summary.sections:
        for item in section.items:
            if item.indicator.kind == "yesno" and summary.reported:
                label = for_plan(item.indicator.label, plan.year)
                lines.append(
                    texts.PREFILL_YESNO.format(label=label, count=_count(item.total), reported=_count(summary.reported))
                )
    top = top_items(summary)
    if top:
        lines.append(texts.PREFILL_TOP_INTRO)
        lines += [
            texts.PREFILL_TOP_ITEM.format(
                label=for_plan(item.indicator.label, plan.year), value=format_value(item.total, item.indicator)
            )
            for item in top
        ]
        lines[-1] = lines[-1].removesuffix(";") + "."
    if data.evidence:
        units = len({row.unit_id for row in data.evidence})
        lines.append(texts.PREFILL_EVIDENCE.format(files=_count(len(data.evidence)), units=_count(units)))
    return lines


def _by_status(summary: Summary, status: str) -> list[UnitRow]:
    return [state.unit for state in summary.states if state.status == status]


def _by_review(summary: Summary, review: str) -> list[UnitRow]:
    return [state.unit for state in summary.states if state.review == review]


def _pros_cons(summary: Summary) -> list[str]:
    lines: list[str] = []
    if summary.reported:
        on_time = summary.reported - len(summary.late)
        # "trong đó": among the on-time reports, those with every figure (whatever their review)
        complete = sum(1 for state in summary.states if state.complete and not summary.is_late(state.unit.id))
        extra = texts.PREFILL_PROS_COMPLETE.format(count=_count(complete)) if complete else ""
        lines.append(
            texts.PREFILL_PROS.format(on_time=_count(on_time), expected=_count(summary.expected), complete=extra)
        )
    problems: list[str] = []
    if summary.missing:
        problems.append(
            texts.PREFILL_CONS_MISSING.format(count=_count(len(summary.missing)), names=_names(summary.missing))
        )
    if summary.late:
        problems.append(texts.PREFILL_CONS_LATE.format(count=_count(len(summary.late)), names=_names(summary.late)))
    incomplete = _by_status(summary, "incomplete")
    if incomplete:
        problems.append(texts.PREFILL_CONS_INCOMPLETE.format(count=_count(len(incomplete)), names=_names(incomplete)))
    returned = _by_review(summary, "returned")
    if returned:
        problems.append(texts.PREFILL_CONS_RETURNED.format(count=_count(len(returned)), names=_names(returned)))
    if problems:
        lines.append(texts.PREFILL_CONS_INTRO)
        lines += [texts.PREFILL_CONS_ITEM.format(problem=problem) for problem in problems]
    return lines


def _next_steps(summary: Summary) -> list[str]:
    lines: list[str] = []
    if summary.missing:
        lines.append(texts.PREFILL_NEXT_MISSING.format(count=_count(len(summary.missing))))
    # returned, or incomplete and not accepted as it is
    to_fix = sum(
        1
        for state in summary.states
        if state.review == "returned" or (state.status == "incomplete" and state.review != "accepted")
    )
    if to_fix:
        lines.append(texts.PREFILL_NEXT_FIX.format(count=_count(to_fix)))
    return lines


def prefilled_texts(plan: Plan, summary: Summary, data: PlanData, now: dt.datetime, tz: ZoneInfo) -> dict[str, str]:
    """The bot's text of each editable part ("" when it has nothing factual to say)."""
    return {
        "direction": "\n".join(_direction(plan, summary, data, now, tz)),
        "pros_cons": "\n".join(_pros_cons(summary)),
        "next_steps": "\n".join(_next_steps(summary)),
        "proposals": "",
    }


def report_texts(prefilled: Mapping[str, str], written: Mapping[str, str]) -> dict[str, str]:
    """What the document prints: the official's text where written, else the pre-filled one."""
    return {key: written.get(key) or prefilled.get(key, "") for key in SECTION_KEYS}


def section_views(
    plan: Plan,
    summary: Summary,
    data: PlanData,
    now: dt.datetime,
    tz: ZoneInfo,
    current: Mapping[str, SectionText],
) -> list[SectionView]:
    """Each part with the text the document will print and who wrote it (for the chat command)."""
    prefilled = prefilled_texts(plan, summary, data, now, tz)
    views = []
    for key in SECTION_KEYS:
        written = current.get(key)
        text = written.text if written is not None and written.text is not None else prefilled[key]
        views.append(SectionView(key, texts.SECTION_NAMES[key], text, written if written and written.text else None))
    return views


def section_error_message(error: SectionTextError) -> str:
    """The polite Vietnamese reply for a section text that cannot be stored."""
    if error.reason == "too_long":
        return texts.SECTION_TOO_LONG.format(length=error.details.get("length", "?"), limit=MAX_TEXT_CHARS)
    keys = ", ".join(f"{key} ({texts.SECTION_NAMES[key]})" for key in SECTION_KEYS)
    return texts.SECTION_UNKNOWN.format(key=error.details.get("key", ""), keys=keys)
