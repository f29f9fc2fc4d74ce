"""When summaries and reminders go out, and the work of sending them exactly once.

Pure part: a plan's summary window (from its period's start until its reporting deadline +
`summary_days_after_deadline`), and the reminder days (`reminder_days` before the deadline).

`OfficialsDesk.tick(now)` is called every minute by the bot (any number of workers):

* daily summary: once local time has passed `summary_time`, each plan in its window is
  claimed for (plan, local date) with `repo.claim_summary_run` (insert-or-skip). The owner
  sends to the officials still pending (`repo.pending_deliveries`), records each delivery
  (`repo.record_delivery`) as soon as it is known, and marks the run finished when nobody is
  pending. If some deliveries failed it releases the claim instead, so the next tick (this
  worker or another) retries only those. A worker that dies holding a claim loses it after
  `lease`. A bot that was down at `summary_time` sends on its first tick the same day.
* reminders: on reminder days, each unit without a confirmed report is claimed for the day
  (`repo.claim_reminder`) and its staff get one message with a button that starts /baocao.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import messages
from bot.clock import Clock
from bot.db import repo
from bot.db.models import Reminder, Submission, SummaryRun, Unit
from bot.db.session import Database
from bot.kb.schema import Plan
from bot.qa.facts import plan_label
from bot.render import split_message
from bot.reports.form import FormCatalog
from bot.summary.build import (
    Summary,
    compute_summary,
    render_missing,
    render_reminder,
    reporting_deadline,
)
from bot.summary.data import PlanData, UnitRow, load_plan_data, staff_by_unit, user_role
from bot.summary.documents import Export, Inputs, build_export, build_summary_messages, load_inputs, summarize
from bot.summary.sender import Button, Outcome, Outgoing, PacedSender

log = logging.getLogger(__name__)

#: callback data of the reminder's button (handled in handlers/officials.py: starts /baocao)
REPORT_BUTTON_DATA = "off:baocao"


@dataclass(frozen=True)
class ScheduleConfig:
    tz: ZoneInfo
    summary_time: dt.time = dt.time(17, 0)
    days_after_deadline: int = 7
    reminder_days: tuple[int, ...] = (3, 1)
    #: a claimed run not finished after this long is taken over (its worker died)
    lease: dt.timedelta = dt.timedelta(minutes=10)
    #: a recipient whose delivery failed this many times is given up for the day
    max_attempts: int = 3

    @classmethod
    def from_settings(cls, settings: object) -> ScheduleConfig:
        """From `bot.config.Settings` (typed loosely to keep this module free of pydantic)."""
        return cls(
            tz=settings.timezone,  # type: ignore[attr-defined]
            summary_time=settings.summary_time,  # type: ignore[attr-defined]
            days_after_deadline=settings.summary_days_after_deadline,  # type: ignore[attr-defined]
            reminder_days=tuple(settings.reminder_days),  # type: ignore[attr-defined]
        )


def summary_window(plan: Plan, cfg: ScheduleConfig) -> tuple[dt.date, dt.date] | None:
    """First and last local date of the daily summary, or None when the plan gives no dates."""
    deadline = reporting_deadline(plan)
    start = plan.period.start if plan.period else deadline
    last = deadline or (plan.period.end if plan.period else None)
    if start is None or last is None:
        return None
    return start, last + dt.timedelta(days=cfg.days_after_deadline)


def in_window(plan: Plan, day: dt.date, cfg: ScheduleConfig) -> bool:
    window = summary_window(plan, cfg)
    return window is not None and window[0] <= day <= window[1]


def plans_in_window(plans: Mapping[str, Plan], day: dt.date, cfg: ScheduleConfig) -> list[Plan]:
    return [plan for plan_id, plan in sorted(plans.items()) if in_window(plan, day, cfg)]


def is_reminder_day(plan: Plan, day: dt.date, cfg: ScheduleConfig) -> bool:
    deadline = reporting_deadline(plan)
    return deadline is not None and (deadline - day).days in cfg.reminder_days


def is_due(now: dt.datetime, cfg: ScheduleConfig) -> bool:
    """True once the local time of day has reached `summary_time`."""
    return now.astimezone(cfg.tz).time() >= cfg.summary_time


@dataclass(frozen=True)
class Access:
    role: str
    admin: bool
    plan_ids: tuple[str, ...]

    def allows(self, plan_id: str) -> bool:
        return plan_id in self.plan_ids


@dataclass
class ReminderReport:
    units: int = 0
    people: int = 0
    already: int = 0
    no_staff: int = 0
    failed: int = 0
    blocked: int = 0

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
    """What one tick did: deliveries per plan, reminders per plan."""

    summaries: dict[str, list[Outcome]] = field(default_factory=dict)
    reminders: dict[str, ReminderReport] = field(default_factory=dict)


class OfficialsDesk:
    """Summaries, exports and reminders for officials, independent of Telegram."""

    def __init__(
        self,
        db: Database,
        plans: Mapping[str, Plan],
        clock: Clock,
        cfg: ScheduleConfig,
        sender: PacedSender | None = None,
        *,
        forms: FormCatalog | None = None,
        admins: frozenset[int] = frozenset(),
        worker: str | None = None,
    ) -> None:
        self.db = db
        self.plans = plans
        self.clock = clock
        self.cfg = cfg
        self.sender = sender
        self.forms = forms or FormCatalog.load()  # each plan's report form
        self.admins = admins
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._finished: set[tuple[str, dt.date]] = set()
        self._reminded: set[tuple[str, dt.date]] = set()

    # -- access --------------------------------------------------------------------------------------

    async def access(self, user_id: int) -> Access:
        """Officials see their own plan; admins (BOT_ADMINS or role admin) see every plan."""
        async with self.db.transaction(readonly=True) as session:
            role, plan_id, _ = await user_role(session, user_id)
        admin = user_id in self.admins or role == "admin"
        if admin:
            return Access(role, True, tuple(sorted(self.plans)))
        if role == "official" and plan_id is not None and plan_id in self.plans:
            return Access(role, False, (plan_id,))
        return Access(role, False, ())

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

    async def inputs(
        self, plan_id: str, now: dt.datetime | None = None, *, with_questions: bool = True, with_sections: bool = True
    ) -> Inputs:
        """Everything one request needs, read once (one read transaction)."""
        now = now or self.clock.now()
        plan = self.plans[plan_id]
        async with self.db.transaction(readonly=True) as session:
            return await load_inputs(
                session,
                plan,
                self.forms.for_plan(plan),
                now,
                self.cfg.tz,
                with_questions=with_questions,
                with_sections=with_sections,
            )

    async def summary(self, plan_id: str, now: dt.datetime | None = None) -> tuple[Summary, PlanData]:
        inputs = await self.inputs(plan_id, now, with_sections=False)
        return summarize(inputs), inputs.data

    async def summary_messages(self, plan_id: str, now: dt.datetime | None = None) -> tuple[list[str], bytes | None]:
        """The summary's HTML messages and its chart (None when nothing is reported yet); the
        computation and the drawing run in a worker thread."""
        inputs = await self.inputs(plan_id, now, with_sections=False)
        return await asyncio.to_thread(build_summary_messages, inputs)

    def chart_caption(self, plan_id: str) -> str:
        return messages.OFF_SUMMARY_CAPTION.format(plan=plan_label(self.plans[plan_id]))

    async def export(self, plan_id: str, now: dt.datetime | None = None) -> Export:
        """/xuat: the .docx report, the .xlsx and the .csv from one load; built in a worker thread."""
        inputs = await self.inputs(plan_id, now, with_questions=False)
        return await asyncio.to_thread(build_export, inputs)

    async def missing(self, plan_id: str, now: dt.datetime | None = None) -> tuple[list[str], bool]:
        """/chuanop: messages listing the units not yet reported; True if any is missing."""
        day = self.local_day(now)
        plan = self.plans[plan_id]
        data = await self.load(plan_id, day, with_questions=False)
        summary = compute_summary(plan, self.forms.for_plan(plan), data, day, self.cfg.tz)
        async with self.db.transaction(readonly=True) as session:
            staff = await staff_by_unit(session, [unit.id for unit in summary.missing])
        return render_missing(summary, staff), bool(summary.missing)

    # -- scheduled work ------------------------------------------------------------------------------

    async def tick(self, now: dt.datetime | None = None) -> RunReport:
        """The every-minute check: daily summaries, then reminders, for plans that are due."""
        now = now or self.clock.now()
        report = await self.run_daily_summaries(now)
        if is_due(now, self.cfg):
            day = self.local_day(now)
            for plan in plans_in_window(self.plans, day, self.cfg):
                if is_reminder_day(plan, day, self.cfg) and (plan.id, day) not in self._reminded:
                    reminders = await self.remind(plan.id, now)
                    report.reminders[plan.id] = reminders
                    if not reminders.failed:
                        self._reminded.add((plan.id, day))
        return report

    async def run_daily_summaries(self, now: dt.datetime) -> RunReport:
        """Send today's summary of every plan in its window, once per official per day."""
        report = RunReport()
        if not is_due(now, self.cfg):
            return report
        day = self.local_day(now)
        for plan in plans_in_window(self.plans, day, self.cfg):
            if (plan.id, day) in self._finished:
                continue
            try:
                outcomes = await self._run_plan(plan, day, now)
            except Exception:
                log.exception("daily summary of %s on %s failed", plan.id, day)
                continue
            if outcomes is not None:
                report.summaries[plan.id] = outcomes
        return report

    async def _run_plan(self, plan: Plan, day: dt.date, now: dt.datetime) -> list[Outcome] | None:
        """Claim and send one plan's summary; None when another worker owns it or it is done."""
        async with self.db.transaction() as session:
            claimed = await repo.claim_summary_run(session, plan.id, day, self.worker, now, stale_after=self.cfg.lease)
            if not claimed:
                finished = await session.scalar(
                    select(SummaryRun.finished_at).where(SummaryRun.plan_id == plan.id, SummaryRun.run_date == day)
                )
        if not claimed:
            if finished is not None:
                self._finished.add((plan.id, day))
            return None
        log.info("summary of %s for %s claimed by %s", plan.id, day, self.worker)
        try:
            outcomes = await self._deliver_summary(plan, day, now)
        except BaseException:
            await self._release(plan.id, day)
            raise
        async with self.db.transaction() as session:
            left = await repo.pending_deliveries(session, plan.id, day, max_attempts=self.cfg.max_attempts)
            if left:
                await self._release_in(session, plan.id, day)
            else:
                await repo.finish_summary_run(session, plan.id, day, self.clock.now())
        if not left:
            self._finished.add((plan.id, day))
        return outcomes

    async def _deliver_summary(self, plan: Plan, day: dt.date, now: dt.datetime) -> list[Outcome]:
        async with self.db.transaction(readonly=True) as session:
            pending = await repo.pending_deliveries(session, plan.id, day, max_attempts=self.cfg.max_attempts)
        if not pending:
            return []
        if self.sender is None:
            raise RuntimeError("OfficialsDesk has no sender")
        inputs = await self.inputs(plan.id, now, with_sections=False)
        messages_, png = await asyncio.to_thread(build_summary_messages, inputs)
        chunks = tuple(messages_)
        caption = self.chart_caption(plan.id)
        outgoing = [Outgoing(user_id, chunks, photo=png, caption=caption) for user_id in pending]

        async def record(outcome: Outcome) -> None:
            async with self.db.transaction() as session:
                await repo.record_delivery(
                    session, plan.id, day, outcome.chat_id, outcome.status, self.clock.now(), outcome.error
                )
                if outcome.status == "blocked":
                    await repo.mark_user_blocked(session, outcome.chat_id, self.clock.now())

        return await self.sender.deliver_many(outgoing, record)

    async def _release(self, plan_id: str, day: dt.date) -> None:
        try:
            async with self.db.transaction() as session:
                await self._release_in(session, plan_id, day)
        except Exception:
            log.exception("could not release the summary claim of %s on %s", plan_id, day)

    async def _release_in(self, session: AsyncSession, plan_id: str, day: dt.date) -> None:
        """Make our unfinished claim immediately stale, so the next tick (anyone's) retries."""
        await session.execute(
            update(SummaryRun)
            .where(SummaryRun.plan_id == plan_id, SummaryRun.run_date == day, SummaryRun.claimed_by == self.worker)
            .values(claimed_at=self.clock.now() - self.cfg.lease - dt.timedelta(seconds=1))
            .execution_options(synchronize_session=False)
        )

    # -- reminders -----------------------------------------------------------------------------------

    async def missing_units(self, plan_id: str) -> list[UnitRow]:
        async with self.db.transaction(readonly=True) as session:
            reported = select(Submission.unit_id).where(Submission.plan_id == plan_id, Submission.status == "confirmed")
            rows = await session.execute(
                select(Unit.id, Unit.name, Unit.kind)
                .where(Unit.plan_id == plan_id, Unit.active.is_(True), Unit.id.not_in(reported))
                .order_by(Unit.name, Unit.id)
            )
            return [UnitRow(id=r[0], name=r[1], kind=r[2]) for r in rows]

    async def remind(self, plan_id: str, now: dt.datetime | None = None) -> ReminderReport:
        """Remind the staff of every unit without a confirmed report; one reminder per unit per day
        whoever asks (schedule or an official's button). A unit whose staff could not be reached
        (network) is released so a later attempt can try again."""
        now = now or self.clock.now()
        day = self.local_day(now)
        plan = self.plans[plan_id]
        report = ReminderReport()
        missing = await self.missing_units(plan_id)
        async with self.db.transaction(readonly=True) as session:
            staff = await staff_by_unit(session, [unit.id for unit in missing])
        report.no_staff = sum(1 for unit in missing if not staff.get(unit.id))
        reachable = [unit for unit in missing if staff.get(unit.id)]
        claimed: list[UnitRow] = []
        if reachable:
            async with self.db.transaction() as session:
                for unit in reachable:
                    if await repo.claim_reminder(session, unit.id, plan_id, day, now):
                        claimed.append(unit)
                    else:
                        report.already += 1
        if not claimed:
            return report
        if self.sender is None:
            raise RuntimeError("OfficialsDesk has no sender")
        button = (Button(messages.OFF_REMIND_BUTTON, data=REPORT_BUTTON_DATA),)
        outgoing = [
            Outgoing(user_id, tuple(split_message(render_reminder(unit, plan, day))), buttons=button)
            for unit in claimed
            for user_id in staff[unit.id]
        ]
        outcomes = await self.sender.deliver_many(outgoing)
        by_user = {outcome.chat_id: outcome for outcome in outcomes}
        unreached: list[str] = []
        blocked = [outcome.chat_id for outcome in outcomes if outcome.status == "blocked"]
        for unit in claimed:
            results = [by_user[user_id] for user_id in staff[unit.id]]
            sent = [r for r in results if r.status == "sent"]
            report.people += len(sent)
            report.blocked += sum(1 for r in results if r.status == "blocked")
            if sent:
                report.units += 1
            elif any(r.status == "failed" for r in results):
                report.failed += 1
                unreached.append(unit.id)
        if blocked or unreached:
            async with self.db.transaction() as session:
                for user_id in blocked:
                    await repo.mark_user_blocked(session, user_id, self.clock.now())
                if unreached:
                    await session.execute(
                        delete(Reminder).where(
                            Reminder.plan_id == plan_id, Reminder.remind_date == day, Reminder.unit_id.in_(unreached)
                        )
                    )
        return report
