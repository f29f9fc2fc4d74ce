"""Everything an official gets from one load of the data: the summary messages and chart (/tonghop),
the .docx report, the .xlsx and the .csv (/xuat).

`load_inputs` reads the tables once (one read transaction); `build_export` and
`build_summary_messages` are pure and thread-safe (plain frozen values in, bytes out); the bot reads
and builds in a worker process (`bot.summary.worker`: the inputs pickle).
matplotlib, openpyxl and python-docx are imported when a document is first built (start-up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import Catalog, Deadline
from bot.db import report_sections
from bot.kb.schema import Plan
from bot.reports.form import Form
from bot.summary.build import Summary, compute_summary, render_summary
from bot.summary.data import PlanData, load_plan_data


@dataclass(frozen=True)
class PlanDeadlines:
    """One plan's reporting rules copied out of the catalogue: plain data, so the documents can be
    built in another process (the catalogue does not pickle). A unit's deadline depends on its kind
    only through the plan's duties (`Catalog.duty_for`): a kind no duty is sent from has the plan's
    fallback, kept under None, so the roster's kinds need not be read first."""

    by_kind: dict[str | None, Deadline]

    @classmethod
    def of(cls, catalog: Catalog, plan: Plan, unit_kinds: Iterable[str] = ()) -> PlanDeadlines:
        kinds: set[str | None] = {*unit_kinds, *(duty.from_ for duty in plan.reporting), None}
        return cls({kind: catalog.deadline_for(plan, kind) for kind in kinds})

    def deadline_for(self, plan: Plan, unit_kind: str | None) -> Deadline:
        return self.by_kind.get(unit_kind) or self.by_kind[None]

    def units_deadline(self, plan: Plan, unit_kinds: Iterable[str] = ()) -> dt.date | None:
        """As `Catalog.units_deadline`: the first deadline among the given units' kinds."""
        kinds: set[str | None] = set(unit_kinds) or {None}
        days = [self.deadline_for(plan, kind).day for kind in kinds]
        return min((day for day in days if day is not None), default=None)

    def is_late(self, deadline: dt.date | None, confirmed_at: dt.datetime | None, tz: ZoneInfo) -> bool:
        return Catalog.is_late(deadline, confirmed_at, tz)


@dataclass(frozen=True)
class Inputs:
    """One plan's data as of `now`, with the section texts its officials wrote."""

    rules: PlanDeadlines
    plan: Plan
    form: Form
    data: PlanData
    now: dt.datetime
    tz: ZoneInfo
    #: section key -> the officials' current text (sections absent: the bot's pre-filled text)
    written: dict[str, str] = field(default_factory=dict)

    @property
    def day(self) -> dt.date:
        return self.now.astimezone(self.tz).date()


@dataclass(frozen=True)
class Export:
    xlsx: bytes
    csv: bytes
    xlsx_name: str
    csv_name: str
    docx: bytes = b""
    docx_name: str = ""


async def load_inputs(
    session: AsyncSession,
    catalog: Catalog,
    plan: Plan,
    now: dt.datetime,
    tz: ZoneInfo,
    *,
    with_questions: bool = True,
    with_sections: bool = True,
) -> Inputs:
    """The data of `plan` and its written section texts, read in the caller's transaction."""
    return await read_inputs(
        session,
        PlanDeadlines.of(catalog, plan),
        plan,
        catalog.form_for(plan),
        now,
        tz,
        with_questions=with_questions,
        with_sections=with_sections,
    )


async def read_inputs(
    session: AsyncSession,
    rules: PlanDeadlines,
    plan: Plan,
    form: Form,
    now: dt.datetime,
    tz: ZoneInfo,
    *,
    with_questions: bool = True,
    with_sections: bool = True,
) -> Inputs:
    """`load_inputs` with the catalogue's part given (plain values: a worker process has no catalogue)."""
    day = now.astimezone(tz).date()
    data = await load_plan_data(session, plan.id, day, tz, with_history=True, with_questions=with_questions)
    written = (
        report_sections.written_texts(await report_sections.current_texts(session, plan.id)) if with_sections else {}
    )
    return Inputs(rules=rules, plan=plan, form=form, data=data, now=now, tz=tz, written=written)


def summarize(inputs: Inputs) -> Summary:
    return compute_summary(inputs.rules, inputs.plan, inputs.form, inputs.data, inputs.day, inputs.tz)


def build_summary_messages(inputs: Inputs, summary: Summary | None = None) -> tuple[list[str], bytes | None]:
    """/tonghop: the HTML messages and the chart (None when no unit has reported)."""
    from bot.summary.chart import render_chart

    summary = summary or summarize(inputs)
    return render_summary(summary), render_chart(inputs.plan, summary, inputs.data, inputs.tz, inputs.now)


def build_docx_report(inputs: Inputs, summary: Summary | None = None) -> bytes:
    from bot.summary.report_doc import build_docx
    from bot.summary.sections import prefilled_texts, report_texts

    summary = summary or summarize(inputs)
    prefilled = prefilled_texts(inputs.plan, summary, inputs.data, inputs.now, inputs.tz)
    return build_docx(inputs.plan, summary, report_texts(prefilled, inputs.written), inputs.now, inputs.tz)


def build_export(inputs: Inputs, summary: Summary | None = None) -> Export:
    """/xuat: the .docx report, the .xlsx workbook and the .csv, from one computation."""
    from bot.summary.export import build_csv, build_xlsx, export_filename

    summary = summary or summarize(inputs)
    plan, form, tz, day = inputs.plan, inputs.form, inputs.tz, inputs.day
    return Export(
        xlsx=build_xlsx(plan, form, summary, inputs.data, tz, inputs.now),
        csv=build_csv(plan, form, summary, tz),
        xlsx_name=export_filename(plan.id, day, "xlsx"),
        csv_name=export_filename(plan.id, day, "csv"),
        docx=build_docx_report(inputs, summary),
        docx_name=export_filename(plan.id, day, "docx", kind="bao-cao"),
    )
