"""The officials' summary of one plan on one local date: pure computation, then Telegram HTML.

`compute_summary` turns plain rows (see `bot.summary.data`) into a `Summary`;
`render_summary` writes it in Vietnamese, escaping everything we did not write, and
splits it into messages of at most 4,096 characters.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Protocol
from zoneinfo import ZoneInfo

from bot import messages
from bot.catalog import Deadline, plan_label
from bot.formats import vn_date
from bot.kb.schema import Plan
from bot.messages import summary as summary_texts
from bot.render import split_message
from bot.reports.form import Form, Indicator
from bot.reports.numbers import format_value
from bot.summary.data import PlanData, SubmissionRow, UnitRow
from bot.summary.status import REPORTED, UnitState, count_statuses, status_phrase, unit_states
from bot.text import fold

#: At most this many names are listed inline (missing / late units); the rest are counted.
MAX_NAMES = 40
#: At most this many unanswered questions are quoted in the digest, each cut to QUESTION_CHARS.
MAX_UNANSWERED = 8
QUESTION_CHARS = 160
TOP_TOPICS = 3


class DeadlineRules(Protocol):
    """The reporting rules the summary needs: `bot.catalog.Catalog`, or a plan's rules copied out of
    it as plain data (`bot.summary.documents.PlanDeadlines`, which a worker process can receive)."""

    def deadline_for(self, plan: Plan, unit_kind: str | None) -> Deadline: ...

    def units_deadline(self, plan: Plan, unit_kinds: Iterable[str] = ()) -> dt.date | None: ...

    def is_late(self, deadline: dt.date | None, confirmed_at: dt.datetime | None, tz: ZoneInfo) -> bool: ...


@dataclass(frozen=True)
class IndicatorTotal:
    """A figure summed over units; for a yes/no indicator, the number of units answering "có"."""

    indicator: Indicator
    total: int
    #: reports with a non-zero figure for it
    units: int = 0
    #: reports giving a figure for it, 0 included (None: not counted, taken as some)
    answered: int | None = None
    #: reports whose unit was asked it (None: not counted, taken as some)
    asked: int | None = None

    @property
    def reported(self) -> bool:
        """Whether any report gives a figure (a 0 reported is a figure; nobody answering is not)."""
        return self.answered is None or self.answered > 0


@dataclass(frozen=True)
class SectionTotals:
    number: int
    title: str
    key: str
    items: tuple[IndicatorTotal, ...]


@dataclass(frozen=True)
class QuestionDigest:
    count: int
    top_topics: tuple[tuple[str, int], ...]
    #: (the question as first typed, how many times it was asked), the most frequent first
    unanswered: tuple[tuple[str, int], ...]
    unanswered_count: int


@dataclass
class Summary:
    plan_id: str
    plan_label: str
    day: dt.date
    expected: int
    reported: int
    late: list[UnitRow]
    missing: list[UnitRow]
    #: every indicator of the form, in form order (zeros included; rendering drops them)
    sections: list[SectionTotals]
    deadline: dt.date | None
    questions: QuestionDigest
    reported_units: list[UnitRow] = field(default_factory=list)
    #: every active unit with its report's status, in roster order
    states: list[UnitState] = field(default_factory=list)
    #: units per status (complete / incomplete / draft / missing) and per review (accepted / returned)
    status_counts: dict[str, int] = field(default_factory=dict)
    #: confirmed reports whose first confirmation was after the deadline (unit ids)
    late_ids: frozenset[str] = frozenset()

    @property
    def days_left(self) -> int | None:
        """Days until the deadline (0 = today, negative = overdue)."""
        return None if self.deadline is None else (self.deadline - self.day).days

    def total(self, key: str) -> int:
        for section in self.sections:
            for item in section.items:
                if item.indicator.key == key:
                    return item.total
        raise KeyError(key)

    def is_late(self, unit_id: str) -> bool:
        """Whether the unit's report came after its deadline (the catalogue's rule)."""
        return unit_id in self.late_ids

    @property
    def has_data(self) -> bool:
        return self.reported > 0


def no_figure_note(item: IndicatorTotal, reported: int) -> str:
    """Why an indicator has no figure: no reporting unit was asked it, or none answered it."""
    if reported and item.asked == 0:
        return summary_texts.DOC_NOT_ASKED_NOTE
    return summary_texts.DOC_NOT_ANSWERED_NOTE if reported else ""


def indicator_totals(form: Form, submissions: list[SubmissionRow]) -> list[SectionTotals]:
    """Sum of each indicator over the submissions (yes/no answers are 0/1: the sum counts "có"), and
    how many reports have a non-zero figure for it. Reports with every figure are summed by column
    in C (itemgetter, zip, sum): 10,000 reports of 34 figures take a few milliseconds."""
    keys = [indicator.key for indicator in form.indicators]
    sums = dict.fromkeys(keys, 0)
    contributors = dict.fromkeys(keys, 0)
    answered = dict.fromkeys(keys, 0)
    asked = dict.fromkeys(keys, 0)
    question_sets: Counter[frozenset[str] | None] = Counter()
    whole = itemgetter(*keys)
    rows: list[tuple[int, ...]] = []
    for submission in submissions:
        values = submission.values
        question_sets[submission.asked] += 1  # the same few sets for every report: hashed once each
        try:
            rows.append(whole(values) if len(keys) > 1 else (whole(values),))
        except KeyError:  # some figures missing: add what there is
            for key in keys:
                value = values.get(key)
                if value is not None:
                    answered[key] += 1
                    if value:
                        sums[key] += value
                        contributors[key] += 1
    for key, column in zip(keys, zip(*rows, strict=True) if rows else [()] * len(keys), strict=True):
        sums[key] += sum(column)
        contributors[key] += len(column) - column.count(0)
        answered[key] += len(column)
    for questions, count in question_sets.items():
        for key in keys if questions is None else questions & asked.keys():
            asked[key] += count
    out = []
    for number, section in enumerate(form.sections, start=1):
        items = tuple(
            IndicatorTotal(
                indicator,
                sums[indicator.key],
                contributors[indicator.key],
                answered[indicator.key],
                asked[indicator.key],
            )
            for indicator in section.indicators
        )
        out.append(SectionTotals(number, section.title, section.key, items))
    return out


def question_digest(data: PlanData) -> QuestionDigest:
    """Citizens' questions of the day: how many, the topics most asked, and those the bot could not
    answer — verbatim (the same question typed alike counted once), the most frequent first."""
    topics = Counter(q.topic for q in data.questions if q.topic)
    asked: Counter[str] = Counter()
    first_typed: dict[str, str] = {}
    for question in data.questions:
        if question.status == "unknown":
            text = " ".join(question.question.split())
            key = fold(text)
            asked[key] += 1
            first_typed.setdefault(key, text)
    order = sorted(asked, key=lambda key: (-asked[key], list(first_typed).index(key)))
    shown = tuple((_shorten(first_typed[key]), asked[key]) for key in order[:MAX_UNANSWERED])
    return QuestionDigest(
        count=len(data.questions),
        top_topics=tuple(topics.most_common(TOP_TOPICS)),
        unanswered=shown,
        unanswered_count=len(asked),
    )


def _shorten(text: str) -> str:
    return text if len(text) <= QUESTION_CHARS else text[: QUESTION_CHARS - 1].rstrip() + "…"


def compute_summary(
    catalog: DeadlineRules, plan: Plan, form: Form, data: PlanData, day: dt.date, tz: ZoneInfo
) -> Summary:
    """The summary of `plan` as of local date `day` (figures: every confirmed report, whatever its
    review status; the statuses are counted apart).

    Each unit's deadline and lateness come from the catalogue's rule, as on the unit's receipt."""
    units = {unit.id: unit for unit in data.units}
    submissions = [s for s in data.submissions if s.unit_id in units]
    reported_ids = {s.unit_id for s in submissions}
    deadlines = {kind: catalog.deadline_for(plan, kind).day for kind in {unit.kind for unit in data.units}}
    late_ids = frozenset(
        s.unit_id for s in submissions if catalog.is_late(deadlines[units[s.unit_id].kind], s.first_confirmed_at, tz)
    )
    states = unit_states(form, PlanData(data.plan_id, data.units, submissions, drafts=data.drafts))
    return Summary(
        plan_id=plan.id,
        plan_label=plan_label(plan),
        day=day,
        expected=len(units),
        reported=len(reported_ids),
        late=[unit for unit in data.units if unit.id in late_ids],
        missing=[unit for unit in data.units if unit.id not in reported_ids],
        sections=indicator_totals(form, submissions),
        deadline=catalog.units_deadline(plan, {unit.kind for unit in data.units}),
        questions=question_digest(data),
        reported_units=[unit for unit in data.units if unit.id in reported_ids],
        states=states,
        status_counts=count_statuses(states),
        late_ids=late_ids,
    )


def reported_states(summary: Summary) -> list[UnitState]:
    return [state for state in summary.states if state.status in REPORTED]


# -- rendering ------------------------------------------------------------------------------------------


def _names(units: list[UnitRow], limit: int = MAX_NAMES) -> str:
    shown = ", ".join(html.escape(unit.name, quote=False) for unit in units[:limit])
    if len(units) > limit:
        shown += " " + messages.OFF_SUMMARY_MORE.format(count=len(units) - limit)
    return shown


def deadline_line(summary: Summary) -> str:
    if summary.deadline is None or summary.days_left is None:
        return messages.OFF_SUMMARY_NO_DEADLINE
    deadline = vn_date(summary.deadline)
    if summary.days_left > 0:
        return messages.OFF_SUMMARY_DEADLINE_LEFT.format(deadline=deadline, days=summary.days_left)
    if summary.days_left == 0:
        return messages.OFF_SUMMARY_DEADLINE_TODAY.format(deadline=deadline)
    return messages.OFF_SUMMARY_DEADLINE_OVERDUE.format(deadline=deadline, days=-summary.days_left)


def format_total(item: IndicatorTotal) -> str:
    if item.indicator.kind == "yesno":
        return messages.OFF_SUMMARY_YES_UNITS.format(count=item.total)
    return format_value(item.total, item.indicator)


def render_summary_html(summary: Summary) -> str:
    """The whole summary as one HTML text (split it with `render_summary`)."""
    lines = [
        messages.OFF_SUMMARY_TITLE.format(plan=html.escape(summary.plan_label, quote=False)),
        messages.OFF_SUMMARY_DATE.format(date=vn_date(summary.day)),
        deadline_line(summary),
        "",
    ]
    if summary.expected == 0:
        lines.append(messages.OFF_SUMMARY_NO_UNITS)
    else:
        lines.append(messages.OFF_SUMMARY_REPORTED.format(reported=summary.reported, expected=summary.expected))
        status_line = _status_line(summary)
        if status_line:
            lines.append(status_line)
        if summary.late:
            lines.append(messages.OFF_SUMMARY_LATE.format(count=len(summary.late), names=_names(summary.late)))
        if summary.missing:
            lines.append(messages.OFF_SUMMARY_MISSING.format(count=len(summary.missing), names=_names(summary.missing)))
        else:
            lines.append(messages.OFF_SUMMARY_ALL_REPORTED)
    lines += ["", messages.OFF_SUMMARY_TOTALS]
    any_figure = False
    for section in summary.sections:
        items = [item for item in section.items if item.total]
        if not items:
            continue
        any_figure = True
        lines.append(messages.OFF_SUMMARY_SECTION.format(number=section.number, title=html.escape(section.title)))
        for item in items:
            lines.append(
                messages.OFF_SUMMARY_LINE.format(
                    label=html.escape(item.indicator.label, quote=False), value=html.escape(format_total(item))
                )
            )
    if not any_figure:
        lines.append(messages.OFF_SUMMARY_NO_FIGURES)
    lines.append("")
    digest = summary.questions
    if digest.count == 0:
        lines.append(messages.OFF_SUMMARY_NO_QUESTIONS)
    else:
        lines.append(messages.OFF_SUMMARY_QUESTIONS.format(count=digest.count))
        if digest.top_topics:
            topics = ", ".join(
                f"{html.escape(messages.OFF_TOPIC_LABELS.get(topic, topic), quote=False)} ({n})"
                for topic, n in digest.top_topics
            )
            lines.append(messages.OFF_SUMMARY_TOP_TOPICS.format(topics=topics))
        if digest.unanswered:
            lines.append(messages.OFF_SUMMARY_UNANSWERED.format(count=digest.unanswered_count))
            lines += [
                messages.OFF_SUMMARY_QUESTION_LINE.format(question=html.escape(question, quote=False))
                + (summary_texts.DIGEST_TIMES.format(count=times) if times > 1 else "")  # outside the quotes
                for question, times in digest.unanswered
            ]
    lines += ["", messages.OFF_SUMMARY_FOOTER]
    return "\n".join(lines)


def _status_line(summary: Summary) -> str:
    """'Trong đó: 7 đủ, 2 thiếu số liệu; đã xem xét: 1 bị trả lại.' — only when not every report is simply
    complete."""
    counts = summary.status_counts
    if not any(counts.get(status) for status in ("incomplete", "accepted", "returned", "draft")):
        return ""
    return summary_texts.SUMMARY_STATUS_LINE_HTML.format(parts=status_phrase(counts))


def render_summary(summary: Summary) -> list[str]:
    """The summary as Telegram HTML messages, each at most 4,096 characters."""
    return split_message(render_summary_html(summary))


def render_missing(summary: Summary, staff: dict[str, list[int]], limit: int = 200) -> list[str]:
    """/chuanop: the units still missing, marking those nobody can be reminded at."""
    label = html.escape(summary.plan_label, quote=False)
    if summary.expected and not summary.missing:
        return split_message(messages.OFF_MISSING_NONE.format(expected=summary.expected, plan=label))
    if not summary.expected:
        return split_message(messages.OFF_SUMMARY_NO_UNITS)
    lines = [messages.OFF_MISSING_TITLE.format(plan=label, reported=summary.reported, expected=summary.expected)]
    for unit in summary.missing[:limit]:
        lines.append(
            messages.OFF_MISSING_LINE.format(
                name=html.escape(unit.name, quote=False),
                staff="" if staff.get(unit.id) else messages.OFF_MISSING_NO_STAFF,
            )
        )
    if len(summary.missing) > limit:
        lines.append(messages.OFF_SUMMARY_MORE.format(count=len(summary.missing) - limit))
    return split_message("\n".join(lines))


def render_reminder(catalog: DeadlineRules, unit: UnitRow, plan: Plan, day: dt.date) -> str:
    deadline = catalog.deadline_for(plan, unit.kind).day
    if deadline is None:
        when = messages.OFF_REMIND_NO_DEADLINE
    else:
        left = (deadline - day).days
        if left > 0:
            when = messages.OFF_REMIND_DEADLINE_LEFT.format(deadline=vn_date(deadline), days=left)
        elif left == 0:
            when = messages.OFF_REMIND_DEADLINE_TODAY.format(deadline=vn_date(deadline))
        else:
            when = messages.OFF_REMIND_DEADLINE_OVERDUE.format(deadline=vn_date(deadline), days=-left)
    return messages.OFF_REMIND_TEXT.format(
        unit=html.escape(unit.name, quote=False), plan=html.escape(plan_label(plan), quote=False), deadline=when
    )
