"""When summaries and reminders go out, and the work of sending them exactly once.

Pure part: a plan's summary window (from its period's start until its units' reporting deadline
+ `summary_days_after_deadline`), and the reminder days (`reminder_days` before the deadline).

`OfficialsDesk.tick(now)` is called every minute by the bot (any number of workers):

* daily summary: once local time has passed `summary_time`, each plan in its window is claimed
  for (plan, local date) with an insert-or-skip; in the same transaction the summary is put in the
  outbox for every official not yet sent it, and the run is marked finished. The outbox then
  delivers (paced behind users' replies, retried for up to a day). A crash before the commit
  leaves nothing claimed; a bot that was down at `summary_time` sends on its first tick that day.
* reminders: on reminder days, each unit without a confirmed report is claimed for the day and
  its staff get one message with a button that starts /baocao, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import socket
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot import messages
from bot.access import Access, oversight
from bot.buttons import Button
from bot.catalog import Catalog, LiveKnowledge, plan_label
from bot.clock import Clock
from bot.db import summaries, users
from bot.db.session import Database
from bot.kb.schema import Plan
from bot.messages import summary as summary_texts
from bot.outbox import Method, Outgoing, Priority, texts
from bot.summary import worker
from bot.summary.build import (
    Summary,
    compute_summary,
    render_missing,
    render_reminder,
)
from bot.summary.data import PlanData, UnitRow, load_plan_data
from bot.summary.documents import Export, Inputs, PlanDeadlines, load_inputs, summarize
from bot.work import Postman

log = logging.getLogger(__name__)

#: callback data of the reminder's button (handled in handlers/officials.py: starts /baocao)
REPORT_BUTTON_DATA = "off:baocao"


@dataclass(frozen=True)
class ScheduleConfig:
    tz: ZoneInfo
    summary_time: dt.time = dt.time(17, 0)
    days_after_deadline: int = 7
    reminder_days: tuple[int, ...] = (3, 1)

    @classmethod
    def from_settings(cls, settings: object) -> ScheduleConfig:
        """From `bot.config.Settings` (typed loosely to keep this module free of pydantic)."""
        return cls(
            tz=settings.timezone,  # type: ignore[attr-defined]
            summary_time=settings.summary_time,  # type: ignore[attr-defined]
            days_after_deadline=settings.summary_days_after_deadline,  # type: ignore[attr-defined]
            reminder_days=tuple(settings.reminder_days),  # type: ignore[attr-defined]
        )


def summary_window(catalog: Catalog, plan: Plan, cfg: ScheduleConfig) -> tuple[dt.date, dt.date] | None:
    """First and last local date of the daily summary, or None when the plan gives no dates."""
    deadline = units_deadline(catalog, plan)
    start = plan.period.start if plan.period else deadline
    last = deadline or (plan.period.end if plan.period else None)
    if start is None or last is None:
        return None
    return start, last + dt.timedelta(days=cfg.days_after_deadline)


def units_deadline(catalog: Catalog, plan: Plan) -> dt.date | None:
    """The first deadline among the plan's units in the roster (or of its units' duties)."""
    return catalog.units_deadline(plan, {unit.kind for unit in catalog.units if unit.plan_id == plan.id})


def in_window(catalog: Catalog, plan: Plan, day: dt.date, cfg: ScheduleConfig) -> bool:
    window = summary_window(catalog, plan, cfg)
    return window is not None and window[0] <= day <= window[1]


def plans_in_window(catalog: Catalog, day: dt.date, cfg: ScheduleConfig) -> list[Plan]:
    return [plan for _, plan in sorted(catalog.plans.items()) if in_window(catalog, plan, day, cfg)]


def is_reminder_day(catalog: Catalog, plan: Plan, day: dt.date, cfg: ScheduleConfig) -> bool:
    deadline = units_deadline(catalog, plan)
    return deadline is not None and (deadline - day).days in cfg.reminder_days


def is_due(now: dt.datetime, cfg: ScheduleConfig) -> bool:
    """True once the local time of day has reached `summary_time`."""
    return now.astimezone(cfg.tz).time() >= cfg.summary_time


@dataclass
class ReminderReport:
    units: int = 0
    people: int = 0
    already: int = 0
    no_staff: int = 0

    def text(self) -> str:
        lines = []
        if self.units:
            lines.append(messages.OFF_REMIND_DONE.format(units=self.units, people=self.people))
        if self.already:
            lines.append(messages.OFF_REMIND_ALREADY.format(count=self.already))
        if self.no_staff:
            lines.append(messages.OFF_REMIND_NO_STAFF.format(count=self.no_staff))
        return "\n".join(lines) or messages.OFF_REMIND_NOTHING


@dataclass
class RunReport:
    """What one tick did: officials the summary was queued for, per plan; reminders per plan."""

    summaries: dict[str, list[int]] = field(default_factory=dict)
    reminders: dict[str, ReminderReport] = field(default_factory=dict)


class OfficialsDesk:
    """Summaries, exports and reminders for officials, independent of Telegram."""

    def __init__(
        self,
        db: Database,
        knowledge: LiveKnowledge,
        clock: Clock,
        cfg: ScheduleConfig,
        postman: Postman,
        *,
        admins: frozenset[int] = frozenset(),
        worker: str | None = None,
    ) -> None:
        self.db = db
        self.knowledge = knowledge
        self.clock = clock
        self.cfg = cfg
        self.postman = postman
        self.admins = admins
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._finished: set[tuple[str, dt.date]] = set()
        self._reminded: set[tuple[str, dt.date]] = set()

    @property
    def plans(self) -> Mapping[str, Plan]:
        return self.knowledge.catalog.plans

    # -- access --------------------------------------------------------------------------------------

    async def access(self, user_id: int) -> Access:
        """Officials see their own plan; admins see every plan (`bot.access`)."""
        return await oversight(self.db, self.knowledge.catalog, user_id, self.admins)

    # -- content -------------------------------------------------------------------------------------

    def local_day(self, now: dt.datetime | None = None) -> dt.date:
        return (now or self.clock.now()).astimezone(self.cfg.tz).date()

    async def load(
        self, plan_id: str, day: dt.date, *, with_history: bool = False, with_questions: bool = True
    ) -> PlanData:
        async with self.db.transaction(readonly=True) as session:
            return await load_plan_data(
                session, plan_id, day, self.cfg.tz, with_history=with_history, with_questions=with_questions
            )

    def _compute(self, catalog: Catalog, plan: Plan, data: PlanData, day: dt.date) -> Summary:
        return compute_summary(catalog, plan, catalog.form_for(plan), data, day, self.cfg.tz)

    async def inputs(
        self, plan_id: str, now: dt.datetime | None = None, *, with_questions: bool = True, with_sections: bool = True
    ) -> Inputs:
        """Everything one request needs, read once (one read transaction)."""
        now = now or self.clock.now()
        catalog = self.knowledge.catalog
        plan = catalog.plans[plan_id]
        async with self.db.transaction(readonly=True) as session:
            return await load_inputs(
                session,
                catalog,
                plan,
                now,
                self.cfg.tz,
                with_questions=with_questions,
                with_sections=with_sections,
            )

    async def summary(self, plan_id: str, now: dt.datetime | None = None) -> tuple[Summary, PlanData]:
        inputs = await self.inputs(plan_id, now, with_sections=False)
        return summarize(inputs), inputs.data

    async def summary_messages(self, plan_id: str, now: dt.datetime | None = None) -> tuple[list[str], bytes | None]:
        """The summary's HTML messages and its chart (None when nothing is reported yet); read,
        computed and drawn in the worker process (`bot.summary.worker`)."""
        result = await worker.run(self.db, self._request("summary", plan_id, now, with_sections=False))
        assert isinstance(result, tuple)
        return result

    def chart_caption(self, plan_id: str) -> str:
        return summary_texts.CHART_CAPTION_HTML.format(plan=html.escape(plan_label(self.plans[plan_id])))

    async def export(self, plan_id: str, now: dt.datetime | None = None) -> Export:
        """/xuat: the .docx report, the .xlsx and the .csv from one load, read and built in the
        worker process (`bot.summary.worker`)."""
        result = await worker.run(self.db, self._request("export", plan_id, now, with_questions=False))
        assert isinstance(result, Export)
        return result

    def _request(
        self,
        kind: worker.Kind,
        plan_id: str,
        now: dt.datetime | None,
        *,
        with_questions: bool = True,
        with_sections: bool = True,
    ) -> worker.Request:
        """What the worker needs from the catalogue, as plain values (read here: the catalogue may
        have been reloaded since the worker started)."""
        catalog = self.knowledge.catalog
        plan = catalog.plans[plan_id]
        return worker.Request(
            kind=kind,
            url=self.db.url,
            schema=self.db.schema,
            rules=PlanDeadlines.of(catalog, plan),
            plan=plan,
            form=catalog.form_for(plan),
            now=now or self.clock.now(),
            tz=self.cfg.tz,
            with_questions=with_questions,
            with_sections=with_sections,
        )

    async def missing(self, plan_id: str, now: dt.datetime | None = None) -> tuple[list[str], bool]:
        """/chuanop: messages listing the units not yet reported; True if any is missing."""
        day = self.local_day(now)
        catalog = self.knowledge.catalog
        data = await self.load(plan_id, day, with_questions=False)
        summary = self._compute(catalog, catalog.plans[plan_id], data, day)
        async with self.db.transaction(readonly=True) as session:
            staff = await users.staff_of_units(session, [unit.id for unit in summary.missing])
        return render_missing(summary, staff), bool(summary.missing)

    # -- scheduled work ------------------------------------------------------------------------------

    async def tick(self, now: dt.datetime | None = None) -> RunReport:
        """The every-minute check: daily summaries, then reminders, for plans that are due."""
        now = now or self.clock.now()
        report = await self.run_daily_summaries(now)
        if is_due(now, self.cfg):
            day = self.local_day(now)
            catalog = self.knowledge.catalog
            for plan in plans_in_window(catalog, day, self.cfg):
                if is_reminder_day(catalog, plan, day, self.cfg) and (plan.id, day) not in self._reminded:
                    report.reminders[plan.id] = await self.remind(plan.id, now)
                    self._reminded.add((plan.id, day))
        return report

    async def run_daily_summaries(self, now: dt.datetime) -> RunReport:
        """Queue today's summary of every plan in its window, once per official per day."""
        report = RunReport()
        if not is_due(now, self.cfg):
            return report
        day = self.local_day(now)
        catalog = self.knowledge.catalog
        for plan in plans_in_window(catalog, day, self.cfg):
            if (plan.id, day) in self._finished:
                continue
            try:
                queued = await self._run_plan(catalog, plan, day, now)
            except Exception:
                log.exception("daily summary of %s on %s failed", plan.id, day)
                continue
            self._finished.add((plan.id, day))
            if queued is not None:
                report.summaries[plan.id] = queued
        return report

    async def _run_plan(self, catalog: Catalog, plan: Plan, day: dt.date, now: dt.datetime) -> list[int] | None:
        """Claim the plan's summary of `day` and queue it for its officials, in one transaction;
        None when another worker (or an earlier run) did it."""
        async with self.db.transaction(readonly=True) as session:
            if await summaries.run_finished(session, plan.id, day):
                return None
        body, png = await self.summary_messages(plan.id, now)
        caption = self.chart_caption(plan.id)
        async with self.db.transaction() as session:
            if not await summaries.claim_run(session, plan.id, day, self.worker, now):
                return None
            pending = await summaries.pending_recipients(session, plan.id, day)
            outgoing: list[Outgoing] = []
            for user_id in pending:
                outgoing += [Outgoing(user_id, Method.SEND_TEXT, chunk, priority=Priority.BROADCAST) for chunk in body]
                if png is not None:
                    outgoing.append(
                        Outgoing(user_id, Method.SEND_PHOTO, caption, blob=png, priority=Priority.BROADCAST)
                    )
            records = await self.postman.enqueue(session, outgoing)
            await summaries.record_queued(session, plan.id, day, pending, now)
            await summaries.finish_run(session, plan.id, day, now)
        self.postman.deliver(records)
        log.info("summary of %s for %s queued for %d official(s)", plan.id, day, len(pending))
        return pending

    # -- reminders -----------------------------------------------------------------------------------

    async def missing_units(self, plan_id: str) -> list[UnitRow]:
        async with self.db.transaction(readonly=True) as session:
            rows = await summaries.units_without_report(session, plan_id)
        return [UnitRow(id=uid, name=name, kind=kind) for uid, name, kind in rows]

    async def remind(self, plan_id: str, now: dt.datetime | None = None) -> ReminderReport:
        """Remind the staff of every unit without a confirmed report; one reminder per unit per day
        whoever asks (schedule or an official's button)."""
        now = now or self.clock.now()
        day = self.local_day(now)
        catalog = self.knowledge.catalog
        plan = catalog.plans[plan_id]
        report = ReminderReport()
        missing = await self.missing_units(plan_id)
        async with self.db.transaction(readonly=True) as session:
            staff = await users.staff_of_units(session, [unit.id for unit in missing])
        report.no_staff = sum(1 for unit in missing if not staff.get(unit.id))
        reachable = [unit for unit in missing if staff.get(unit.id)]
        if not reachable:
            return report
        button = ((Button(messages.OFF_REMIND_BUTTON, data=REPORT_BUTTON_DATA),),)
        async with self.db.transaction() as session:
            outgoing: list[Outgoing] = []
            for unit in reachable:
                if not await summaries.claim_reminder(session, unit.id, plan_id, day, now):
                    report.already += 1
                    continue
                text = render_reminder(catalog, unit, plan, day)
                for user_id in staff[unit.id]:
                    outgoing += texts(user_id, text, button, priority=Priority.BROADCAST)
                report.units += 1
                report.people += len(staff[unit.id])
            records = await self.postman.enqueue(session, outgoing)
        self.postman.deliver(records)
        return report
