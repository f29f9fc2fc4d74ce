"""The report conversation (/baocao) as a state machine over the user's row in `report_drafts`.

Every update is handled in ONE transaction that first locks the user's row
(`drafts.lock`), reads the draft, computes the reply and writes the new state. The
state therefore survives restarts and is shared by all worker processes: whoever gets the
user's next message continues where the user was. Nothing here knows Telegram: replies are
`Reply` objects (HTML text + buttons whose `action` the handler sends back).

Draft state:
    step    index of the indicator asked in the plan's form (len(form) = the summary)
    values  {indicator key: int | None} — starts from the unit's current confirmed values
    mode    ask | bound | free | summary | edit | saved
    pending_free_text (the flow's auxiliary JSON):
        base     version of the confirmed report the draft started from
        back     True when one question is being edited from the summary
        pending  {"key", "value"} (mode bound) or {"values", "notes", "resume"} (mode free)
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import messages
from bot.buttons import Button, Keyboard
from bot.catalog import Deadline, LiveKnowledge, plan_label
from bot.clock import Clock
from bot.db import drafts, questions, users
from bot.db import evidence as evidence_rows
from bot.db import submissions as store
from bot.db.models import ReportDraft, Unit, User
from bot.db.outbox import new_id
from bot.db.session import Database
from bot.formats import vn_date, vn_datetime
from bot.kb.schema import Plan
from bot.messages import reports as report_texts
from bot.render import answer_html
from bot.replies import Reply
from bot.reports.evidence import receipt_line
from bot.reports.form import Form, Indicator
from bot.reports.freetext import FreeTextResult, parse_free_text
from bot.reports.numbers import (
    MAYBE_OTHER_FIGURES,
    QUICK_VERBS,
    Control,
    ErrorKind,
    ParsedValue,
    ParseError,
    money_choices,
    money_unit_question,
    parse_control,
    parse_value,
    parse_yes_no,
    quick_answer,
    quick_answers,
)
from bot.reports.numbers import format_value as _format_value
from bot.roles import Role, may_report
from bot.text import fold, words

ASK, BOUND, FREE, SUMMARY, EDIT, SAVED = "ask", "bound", "free", "summary", "edit", "saved"
MONEY = "money"  # a bare small amount ("3"): đồng, nghìn or triệu đồng?
REPLACE, INCOMPLETE = "replace", "incomplete"

_QUESTION_WORDS = re.compile(
    r"\b(?:bao nhieu|khi nao|luc nao|bao gio|la gi|o dau|the nao|nhu the nao|ai|may|han|co phai|duoc khong|chua)\s*$"
    r"|^(?:ai|khi nao|bao gio|o dau|tai sao|vi sao|lam sao|lam the nao|hoi)\b"
)
_SEND_WORDS = frozenset({"gui", "xac nhan", "dong y", "ok", "gui di", "gui bao cao", "xac nhan gui", "co", "dung"})
_EDIT_WORDS = frozenset({"sua", "chinh sua", "sua lai", "sua bao cao"})


@dataclass
class _Ctx:
    """What one update works on, inside its transaction."""

    session: AsyncSession
    user: User
    unit: Unit
    plan: Plan
    draft: ReportDraft
    form: Form  # the plan's report form: what is asked, in which order
    indicators: tuple[Indicator, ...] = field(init=False)
    total: int = field(init=False)  # number of questions; step == total is the summary

    def __post_init__(self) -> None:
        self.indicators = self.form.indicators
        self.total = len(self.indicators)


#: callback data of the flow's buttons: "rep:<verb>:<step>"
CALLBACK_PREFIX = "rep:"


def _act(text: str, action: str) -> Button:
    """A button of the flow; `action` ("<verb>:<step>") comes back to `ReportFlow.button`."""
    return Button(text, data=CALLBACK_PREFIX + action)


def can_report(user: User) -> bool:
    return may_report(user.role, user.unit_id)


class ReportFlow:
    """The /baocao conversation and the free-text path, over the database."""

    def __init__(self, db: Database, clock: Clock, knowledge: LiveKnowledge, admins: frozenset[int] = frozenset()):
        self.db = db
        self.clock = clock
        self.knowledge = knowledge
        self.admins = admins

    def _new_ctx(self, session: AsyncSession, user: User, unit: Unit, plan: Plan, draft: ReportDraft) -> _Ctx:
        return _Ctx(session, user, unit, plan, draft, self.knowledge.catalog.forms.for_unit(plan, unit.kind, unit.name))

    # ------------------------------------------------------------------ entry points

    async def start(self, user_id: int, first_name: str | None = None, username: str | None = None) -> list[Reply]:
        """/baocao: start, resume a saved draft, or amend the confirmed report."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            user, draft = await self._load(session, user_id, first_name, username)
            if not can_report(user):
                return [Reply(messages.NOT_STAFF)]
            found = await self._unit_and_plan(session, user)
            if found is None:
                return [Reply(messages.UNIT_GONE)]
            unit, plan = found
            if draft is not None and draft.unit_id == unit.id:
                ctx = self._new_ctx(session, user, unit, plan, draft)
                aux = self._aux(draft)
                started = not aux.get("outside")  # figures typed outside a report: the questions never began
                if draft.mode in (SAVED, FREE, SUMMARY, INCOMPLETE, EDIT):
                    self._resume_questions(ctx)
                draft.step = min(draft.step, ctx.total)
                self._set_aux(draft, summary_msg=None, outside=None, asked=None)  # a fresh summary further down
                draft.updated_at = now
                intro = messages.REPORT_RESUME.format(unit=html.escape(unit.name)) if started else self._intro(ctx)
                if draft.mode == SUMMARY:
                    return [Reply(intro), *self._summary_replies(ctx)]
                return [Reply(intro), self._prompt(ctx, header=True)]
            draft = await self._fresh_draft(session, user, unit, plan, draft, step=0, mode=ASK, now=now)
            base = (draft.pending_free_text or {}).get("base")
            ctx = self._new_ctx(session, user, unit, plan, draft)
            intro = self._intro(ctx)
            if base:
                sub = await store.submission(session, unit.id, plan.id)
                when = self._when(sub.confirmed_at) if sub and sub.confirmed_at else ""
                intro += "\n\n" + messages.REPORT_AMEND.format(version=base, when=when)
            return [Reply(intro), self._prompt(ctx, header=True)]

    async def text(
        self, user_id: int, text: str, first_name: str | None = None, username: str | None = None
    ) -> list[Reply] | None:
        """A message from the user: the flow's if a draft is active, or figures typed by staff.

        None means "not for the report" (the caller treats it as a question)."""
        async with self.db.transaction(readonly=True) as session:  # citizens: no write transaction
            known = await session.get(User, user_id)
            if known is None or not can_report(known):
                return None
        async with self.db.transaction() as session:
            user, draft = await self._load(session, user_id, first_name, username)
            if not can_report(user):
                return None
            if draft is None or draft.mode == SAVED:
                return await self._outside(session, user, draft, text)
            ctx = await self._ctx(session, user, draft)
            if ctx is None:
                await session.delete(draft)
                return [Reply(messages.UNIT_GONE)]
            replies = self._restore_held(ctx, await self._on_text(ctx, text))
            self._touch(ctx)
            return replies

    async def button(
        self, user_id: int, action: str, first_name: str | None = None, username: str | None = None
    ) -> list[Reply]:
        """A button of the flow was pressed (`action` = "<verb>:<step>")."""
        async with self.db.transaction() as session:
            user, draft = await self._load(session, user_id, first_name, username)
            if draft is None:
                return [Reply(messages.NO_DRAFT_BUTTON)]
            ctx = await self._ctx(session, user, draft)
            if ctx is None:
                await session.delete(draft)
                return [Reply(messages.UNIT_GONE)]
            verb, _, step = action.partition(":")
            if not step.isdigit() or int(step) != draft.step or verb not in _VERBS.get(draft.mode, ()):
                return [Reply(messages.STALE_REPORT_BUTTON), self._prompt(ctx)]
            replies = self._restore_held(ctx, await self._on_button(ctx, verb))
            self._touch(ctx)
            return replies

    async def is_reporting(self, user_id: int) -> bool:
        """Whether the user is in the middle of typing a report (not saved for later)."""
        async with self.db.transaction(readonly=True) as session:
            draft = await session.get(ReportDraft, user_id)
            return draft is not None and draft.mode != SAVED

    async def cancel(self, user_id: int) -> list[Reply]:
        """/huy: forget the draft (the confirmed report, if any, is untouched)."""
        async with self.db.transaction() as session:
            user = await users.get_or_create(session, user_id, None, None, self.clock.now())
            draft = await drafts.lock(session, user.id)
            if draft is None:
                return [Reply(messages.NOTHING_TO_CANCEL)]
            ctx = await self._ctx(session, user, draft)
            if ctx is None:
                await session.delete(draft)
                return [Reply(messages.CANCELLED)]
            return await self._cancel(ctx)

    async def _cancel(self, ctx: _Ctx) -> list[Reply]:
        """/huy: a draft holding figures not sent yet is only discarded after a tap."""
        count = await self._unsent_figures(ctx)
        if not count:
            await ctx.session.delete(ctx.draft)
            return [Reply(messages.CANCELLED)]
        step = ctx.draft.step
        buttons = (
            (_act(report_texts.BUTTON_CANCEL_OK, f"hok:{step}"), _act(report_texts.BUTTON_CANCEL_KEEP, f"hno:{step}")),
        )
        return [Reply(report_texts.CANCEL_ASK.format(count=count), buttons)]

    async def _unsent_figures(self, ctx: _Ctx) -> int:
        """How many figures of the draft (confirmed into it or waiting for a tap) differ from the sent report."""
        _, sent = await store.current(ctx.session, ctx.unit.id, ctx.plan.id)
        values = ctx.draft.values or {}
        aux = self._aux(ctx.draft)
        keys = {k for k, v in values.items() if v is not None and ctx.form.has(k) and sent.get(k) != v}
        for box in (aux.get("pending"), aux.get("held")):
            if isinstance(box, dict):
                keys |= {k for k in box.get("values") or {} if ctx.form.has(k)}
        return len(keys)

    # ------------------------------------------------------------------ loading

    async def _load(
        self, session: AsyncSession, user_id: int, first_name: str | None, username: str | None
    ) -> tuple[User, ReportDraft | None]:
        now = self.clock.now()
        user = await users.get_or_create(session, user_id, first_name, username, now)
        draft = await drafts.lock(session, user.id)
        if user_id in self.admins:
            await users.make_admin(session, user, now)
        return user, draft

    async def _unit_and_plan(self, session: AsyncSession, user: User) -> tuple[Unit, Plan] | None:
        if user.unit_id is None:
            return None
        unit = await session.get(Unit, user.unit_id)
        plan = self.knowledge.catalog.get(unit.plan_id) if unit is not None else None
        if unit is None or not unit.active or plan is None:
            return None
        return unit, plan

    async def _ctx(self, session: AsyncSession, user: User, draft: ReportDraft) -> _Ctx | None:
        unit = await session.get(Unit, draft.unit_id)
        plan = self.knowledge.catalog.get(draft.plan_id)
        if unit is None or plan is None or user.unit_id != draft.unit_id:
            return None
        return self._new_ctx(session, user, unit, plan, draft)

    def _touch(self, ctx: _Ctx) -> None:
        if ctx.draft in ctx.session:
            ctx.draft.updated_at = self.clock.now()

    # ------------------------------------------------------------------ state helpers

    @staticmethod
    def _aux(draft: ReportDraft) -> dict[str, Any]:
        return dict(draft.pending_free_text or {})

    @staticmethod
    def _set_aux(draft: ReportDraft, **changes: Any) -> None:
        aux = dict(draft.pending_free_text or {})
        aux.update(changes)
        draft.pending_free_text = {k: v for k, v in aux.items() if v is not None}

    @staticmethod
    def _set_value(draft: ReportDraft, key: str, value: int | None) -> None:
        values = dict(draft.values or {})
        values[key] = value
        draft.values = values  # a new dict: top-level assignment is what the column tracks

    def _advance(self, ctx: _Ctx) -> None:
        """To the next question not yet answered by figures typed freely, or to the summary."""
        draft = ctx.draft
        if self._aux(draft).get("back"):
            self._set_aux(draft, back=None)
            draft.step, draft.mode = ctx.total, SUMMARY
            return
        aux = self._aux(draft)
        filled = set(aux.get("filled") or [])
        if aux.get("gaps"):  # answering the questions left without an answer: the others are skipped
            filled |= {key for key, value in (draft.values or {}).items() if value is not None}
        step = draft.step + 1
        while step < ctx.total and ctx.indicators[step].key in filled:
            step += 1
        draft.step = min(step, ctx.total)
        draft.mode = SUMMARY if draft.step >= ctx.total else ASK

    def _first_unanswered(self, ctx: _Ctx) -> int:
        """The index of the first question without an answer (`total` when all are answered)."""
        values = ctx.draft.values or {}
        return next((i for i, ind in enumerate(ctx.indicators) if values.get(ind.key) is None), ctx.total)

    def _resume_questions(self, ctx: _Ctx) -> None:
        """/baocao on a draft: the questions again, at the remembered question or, from the summary,
        at the first one without an answer; figures waiting for a tap are offered first."""
        draft = ctx.draft
        if draft.step >= ctx.total or draft.mode in (SUMMARY, INCOMPLETE, EDIT):
            draft.step = self._first_unanswered(ctx)
            if draft.step < ctx.total:
                self._set_aux(draft, gaps=True, back=None)  # only the questions still without an answer
        self._held_to_pending(draft)
        questions_left = draft.step < ctx.total
        if self._pending_values(ctx):
            draft.mode = FREE
            self._set_aux(draft, resume=ASK if questions_left else SUMMARY)
        else:
            self._set_aux(draft, pending=None, resume=None)
            draft.mode = ASK if questions_left else SUMMARY

    def _drop_pending(self, ctx: _Ctx) -> None:
        """The answer waiting for a tap is not taken: back to the questions."""
        self._set_aux(ctx.draft, pending=None)
        ctx.draft.mode = ASK

    def _take_pending(self, ctx: _Ctx) -> dict[str, Any]:
        """The answer waiting for a tap, taken out of the draft (the questions resume either way)."""
        pending: dict[str, Any] = self._aux(ctx.draft).get("pending") or {}
        self._drop_pending(ctx)
        return pending

    def _held_to_pending(self, draft: ReportDraft) -> None:
        """Figures set aside while one answer needed a tap become the figures waiting again."""
        held = self._aux(draft).get("held")
        if held:
            self._set_aux(draft, pending=held, held=None)

    # ------------------------------------------------------------------ texts

    async def _on_text(self, ctx: _Ctx, text: str) -> list[Reply]:
        mode = ctx.draft.mode
        control = parse_control(text)
        if control == Control.CANCEL:
            return await self._cancel(ctx)
        if control == Control.SAVE:
            return [self._save(ctx)]
        if mode == BOUND:
            return await self._text_bound(ctx, text, control)
        if mode == MONEY:
            return await self._text_money(ctx, text, control)
        if mode == FREE:
            return await self._text_free(ctx, text, control)
        if mode == REPLACE:
            return await self._text_replace(ctx, text, control)
        if mode == INCOMPLETE:
            return await self._text_incomplete(ctx, text, control)
        if mode == SUMMARY:
            return await self._text_summary(ctx, text, control)
        if mode == EDIT:
            return await self._text_edit(ctx, text, control)
        return await self._text_ask(ctx, text)

    async def _text_ask(self, ctx: _Ctx, text: str) -> list[Reply]:
        draft = ctx.draft
        if draft.step >= ctx.total:
            return self._summary_again(ctx)
        indicator = ctx.indicators[draft.step]
        result = parse_value(text, indicator)
        if isinstance(result, Control):
            return self._control(ctx, result)
        if isinstance(result, ParsedValue):
            figures = self._figures(ctx.form, text) if _has_words_besides_number(text, indicator) else None
            if figures is not None and figures.matches and indicator.key not in figures.values:
                return [self._offer_free(ctx, figures, resume=ASK, asked=True)]
            return self._accept(ctx, result)
        if result.kind in MAYBE_OTHER_FIGURES:
            figures = self._figures(ctx.form, text)
            if figures is not None and figures.matches:
                return [self._offer_free(ctx, figures, resume=ASK, asked=True)]
        if result.kind in (ErrorKind.NOT_A_NUMBER, ErrorKind.NOT_YES_NO, ErrorKind.UNKNOWN_VALUE):
            # "không biết" is an answer; "hạn báo cáo là khi nào?" is a question: only those that ask
            answer = await self._answer_question(ctx, text, strict=result.kind == ErrorKind.UNKNOWN_VALUE)
            if answer is not None:
                return [answer, Reply(messages.QUESTION_ANSWERED_RESUME), self._prompt(ctx)]
        return [Reply(html.escape(result.message, quote=False)), self._prompt(ctx)]

    def _accept(self, ctx: _Ctx, parsed: ParsedValue, *, replacing: bool = False) -> list[Reply]:
        draft = ctx.draft
        if parsed.money_unsure:  # never stored as typed: which amount it is comes first
            draft.mode = MONEY
            self._set_aux(draft, pending={"key": parsed.key, "number": parsed.value})
            return [self._prompt(ctx)]
        old = (draft.values or {}).get(parsed.key)
        editing = bool(self._aux(draft).get("back"))  # the user chose this question from the summary to change it
        if old is not None and int(old) != parsed.value and not replacing and not editing:
            draft.mode = REPLACE
            self._set_aux(draft, pending={"key": parsed.key, "value": parsed.value, "bound": parsed.over_bound})
            return [self._prompt(ctx)]
        if parsed.over_bound:
            draft.mode = BOUND
            self._set_aux(draft, pending={"key": parsed.key, "value": parsed.value})
            return [self._prompt(ctx)]
        return self._store_answer(ctx, parsed.key, parsed.value)

    def _store_answer(self, ctx: _Ctx, key: str, value: int) -> list[Reply]:
        """Keep the answer and move on (an answer changed from the summary updates it in place)."""
        draft = ctx.draft
        old = (draft.values or {}).get(key)
        self._set_value(draft, key, value)
        returning = bool(self._aux(draft).get("back"))
        self._advance(ctx)
        if returning:
            return self._summary_replies(ctx, self._changed(ctx, key, old, value))
        return self._replies_after_step(ctx)

    def _replies_after_step(self, ctx: _Ctx) -> list[Reply]:
        if ctx.draft.mode == SUMMARY:
            return self._summary_replies(ctx)
        return [self._prompt(ctx, header=True)]

    def _changed(self, ctx: _Ctx, key: str, old: int | None, new: int | None) -> str:
        indicator = ctx.form.indicator(key)
        i, _ = ctx.form.position(key)
        return report_texts.SUMMARY_UPDATED_WHAT.format(
            i=i, old=self._show(indicator, old), new=self._show(indicator, new)
        )

    def _control(self, ctx: _Ctx, control: Control) -> list[Reply]:
        draft = ctx.draft
        if control == Control.SKIP:
            self._advance(ctx)
            return self._replies_after_step(ctx)
        if control == Control.BACK:
            self._set_aux(draft, back=None)
            draft.step = max(0, min(draft.step, ctx.total) - 1)
            draft.mode = ASK
            return [self._prompt(ctx, header=True)]
        if control == Control.SAVE:
            return [self._save(ctx)]
        raise AssertionError(control)  # CANCEL is handled before

    def _save(self, ctx: _Ctx) -> Reply:
        """Save for later. Figures read from a message and not yet confirmed are kept (offered again
        at /baocao); a single pending answer (bound, replacement) is simply not taken."""
        draft = ctx.draft
        if draft.mode in (BOUND, MONEY, REPLACE, INCOMPLETE):
            self._set_aux(draft, pending=None)
        self._held_to_pending(draft)
        draft.mode = SAVED
        i = min(draft.step + 1, ctx.total)
        return Reply(messages.SAVED.format(i=i, n=ctx.total))

    async def _text_bound(self, ctx: _Ctx, text: str, control: Control | None) -> list[Reply]:
        if control is not None:
            self._drop_pending(ctx)
            return self._control(ctx, control)
        if any(ch.isdigit() for ch in text):
            self._drop_pending(ctx)
            return await self._text_ask(ctx, text)
        answer = parse_yes_no(text)
        if answer is None:
            return [self._prompt(ctx)]
        return self._confirm_bound(ctx, answer)

    async def _text_money(self, ctx: _Ctx, text: str, control: Control | None) -> list[Reply]:
        """At "3 đồng hay 3 triệu đồng?": a control, a new figure, or the word for the size."""
        if control is not None or any(ch.isdigit() for ch in text):
            self._drop_pending(ctx)
            return self._control(ctx, control) if control is not None else await self._text_ask(ctx, text)
        said = set(words(text))
        for verb, names in (("mtr", {"trieu", "tr"}), ("mng", {"nghin", "ngan", "k"}), ("mdg", {"dong", "d", "vnd"})):
            if said & names:
                return self._choose_money(ctx, verb)
        return [self._prompt(ctx)]

    def _choose_money(self, ctx: _Ctx, verb: str) -> list[Reply]:
        pending = self._take_pending(ctx)
        key = pending.get("key")
        if key is None or not ctx.form.has(key):
            return [self._prompt(ctx)]
        value = dict(money_choices(int(pending.get("number", 0))))[verb]
        indicator = ctx.form.indicator(key)
        checked = parse_value(str(value), indicator)
        bound = isinstance(checked, ParsedValue) and checked.over_bound
        return self._accept(ctx, ParsedValue(key, value, str(value), over_bound=bound))

    def _confirm_bound(self, ctx: _Ctx, ok: bool) -> list[Reply]:
        pending = self._take_pending(ctx)
        if not ok or "key" not in pending:
            return [Reply(messages.BOUND_RETYPE), self._prompt(ctx)]
        return self._store_answer(ctx, pending["key"], int(pending["value"]))

    async def _text_free(self, ctx: _Ctx, text: str, control: Control | None) -> list[Reply]:
        """Figures read from a message wait for a tap: anything else typed meanwhile never drops them."""
        answer = parse_yes_no(text)
        if answer is not None and not any(ch.isdigit() for ch in text):
            return await self._confirm_free(ctx, answer)
        direct = self._answer_while_pending(ctx, text)
        if direct is not None:
            return direct
        figures = self._figures(ctx.form, text)
        if figures is not None and figures.matches:  # more figures: added to those waiting
            pending = self._aux(ctx.draft).get("pending") or {}
            merged = {**(pending.get("values") or {}), **{m.key: m.value for m in figures.matches}}
            notes = [*(pending.get("notes") or []), *(u.message for u in figures.unattributed)]
            self._set_aux(ctx.draft, pending={**pending, "values": merged, "notes": notes})
            return [self._prompt(ctx)]
        question = await self._answer_question(ctx, text)
        still = report_texts.FREE_STILL_PENDING.format(count=len(self._pending_values(ctx)))
        if question is not None:
            return [question, Reply(still), self._prompt(ctx)]
        return [Reply(still), self._prompt(ctx)]

    def _answer_while_pending(self, ctx: _Ctx, text: str) -> list[Reply] | None:
        """A bare answer ("7") to the question shown while figures wait for a tap: taken as that answer;
        the figures are set aside meanwhile and offered again (see `_restore_held`)."""
        draft = ctx.draft
        aux = self._aux(draft)
        if aux.get("resume") != ASK or aux.get("asked") != draft.step or draft.step >= ctx.total:
            return None
        indicator = ctx.indicators[draft.step]
        parsed = parse_value(text, indicator)
        if not isinstance(parsed, ParsedValue) or _has_words_besides_number(text, indicator):
            return None
        pending = aux.get("pending") or {}
        values = {k: v for k, v in (pending.get("values") or {}).items() if k != indicator.key}  # her answer wins
        self._set_aux(
            draft,
            pending=None,
            resume=None,
            asked=None,
            held={"values": values, "notes": pending.get("notes") or [], "key": indicator.key, "step": draft.step},
        )
        draft.mode = ASK
        return self._accept(ctx, parsed)

    def _restore_held(self, ctx: _Ctx, replies: list[Reply]) -> list[Reply]:
        """After the answer typed while figures waited is settled, the figures are offered again."""
        draft = ctx.draft
        held = self._aux(draft).get("held")
        if not held or draft.mode not in (ASK, SUMMARY) or draft in ctx.session.deleted:
            return replies
        self._set_aux(draft, held=None)
        if not {k for k in held.get("values") or {} if ctx.form.has(k)}:
            return replies  # nothing left waiting: the flow simply goes on
        summary_msg = self._aux(draft).get("summary_msg")
        kept: list[Reply] = []
        for item in replies:  # the next question or the summary is asked after the tap instead
            if not item.buttons:
                kept.append(item)
            elif item.edit_of is not None or (item.record_id is not None and item.record_id == summary_msg):
                self._set_aux(draft, summary_msg=None)  # not sent or not updated: a fresh one later
        key = str(held.get("key", ""))
        value = (draft.values or {}).get(key)
        taken = ""
        if ctx.form.has(key) and value is not None and draft.step != held.get("step"):
            indicator = ctx.form.indicator(key)
            i, _ = ctx.form.position(key)
            taken = report_texts.ANSWER_TAKEN.format(i=i, value=self._show(indicator, value)) + " "
        resume = ASK if draft.mode == ASK and draft.step < ctx.total else SUMMARY
        self._set_aux(
            draft, pending={"values": held.get("values") or {}, "notes": held.get("notes") or []}, resume=resume
        )
        draft.mode = FREE
        then = (
            report_texts.THEN_QUESTION.format(i=draft.step + 1, n=ctx.total)
            if resume == ASK
            else report_texts.THEN_SUMMARY
        )
        kept.append(Reply(taken + report_texts.FREE_OFFERED_AGAIN.format(then=then)))
        return [*kept, self._free_prompt(ctx)]

    def _pending_values(self, ctx: _Ctx) -> dict[str, int]:
        """The figures waiting for confirmation that this unit's form asks (an old draft may hold others)."""
        pending = self._aux(ctx.draft).get("pending") or {}
        return {k: int(v) for k, v in (pending.get("values") or {}).items() if ctx.form.has(k)}

    async def _confirm_free(self, ctx: _Ctx, ok: bool) -> list[Reply]:
        draft = ctx.draft
        aux = self._aux(draft)
        found = self._pending_values(ctx)
        resume = aux.get("resume", ASK)
        outside = bool(aux.get("outside"))
        self._set_aux(draft, pending=None, resume=None, asked=None, outside=None)
        if not ok:
            if outside:  # figures typed with no report begun, refused: nothing to keep
                await ctx.session.delete(draft)
                return [Reply(messages.FREE_DISCARDED)]
            return self._resume(ctx, resume, [Reply(messages.FREE_DISCARDED)])
        values = dict(draft.values or {})
        changed = [(key, values.get(key), value) for key, value in found.items() if values.get(key) != value]
        values.update(found)
        draft.values = values
        self._set_aux(draft, filled=sorted({*(aux.get("filled") or []), *found}))
        if resume == SAVED:
            draft.mode = SAVED
            i = min(draft.step + 1, ctx.total)
            return [Reply(report_texts.FREE_APPLIED_SAVED.format(count=len(found), i=i, n=ctx.total))]
        applied = Reply(messages.FREE_APPLIED.format(count=len(found)))
        if resume == ASK and draft.step < ctx.total:
            draft.mode = ASK
            if ctx.indicators[draft.step].key in found:
                self._advance(ctx)
            return [applied, *self._replies_after_step(ctx)]
        draft.step, draft.mode = ctx.total, SUMMARY
        note = None
        if aux.get("summary_msg") is not None and changed:
            note = (
                self._changed(ctx, *changed[0])
                if len(changed) == 1
                else report_texts.SUMMARY_UPDATED_SOME.format(count=len(changed))
            )
        return self._summary_replies(ctx, note) if note else [applied, *self._summary_replies(ctx)]

    def _resume(self, ctx: _Ctx, resume: str, before: list[Reply]) -> list[Reply]:
        draft = ctx.draft
        if resume == SAVED:
            draft.mode = SAVED
            return before
        draft.mode = ASK if resume == ASK and draft.step < ctx.total else SUMMARY
        return [*before, self._prompt(ctx)]

    async def _text_replace(self, ctx: _Ctx, text: str, control: Control | None) -> list[Reply]:
        if control is not None:
            self._drop_pending(ctx)
            return self._control(ctx, control)
        answer = parse_yes_no(text)
        if answer is not None and not any(ch.isdigit() for ch in text):
            return self._confirm_replace(ctx, answer)
        self._drop_pending(ctx)
        return await self._text_ask(ctx, text)  # another figure: checked again

    def _confirm_replace(self, ctx: _Ctx, ok: bool) -> list[Reply]:
        draft = ctx.draft
        pending = self._take_pending(ctx)
        key = pending.get("key")
        if key is None or not ctx.form.has(key):
            return [self._prompt(ctx)]
        indicator = ctx.form.indicator(key)
        if not ok:
            kept = Reply(report_texts.REPLACE_KEPT.format(old=self._show(indicator, (draft.values or {}).get(key))))
            self._advance(ctx)
            return [kept, *self._replies_after_step(ctx)]
        parsed = ParsedValue(key, int(pending["value"]), str(pending["value"]), over_bound=bool(pending.get("bound")))
        return self._accept(ctx, parsed, replacing=True)

    async def _text_incomplete(self, ctx: _Ctx, text: str, control: Control | None) -> list[Reply]:
        said = " ".join(words(text))
        if said in _SEND_WORDS:
            return await self._send(ctx, incomplete_ok=True)
        ctx.draft.mode = SUMMARY
        if control == Control.BACK or parse_yes_no(text) is False:
            return self._answer_missing(ctx)
        return await self._text_summary(ctx, text, control)

    def _answer_missing(self, ctx: _Ctx) -> list[Reply]:
        """Back to the first question without an answer; then to the summary again."""
        draft = ctx.draft
        missing = self._missing(ctx)
        if not missing:
            draft.mode = SUMMARY
            return self._summary_replies(ctx)
        draft.step, draft.mode = ctx.indicators.index(missing[0]), ASK
        self._set_aux(draft, gaps=True, back=None)  # only the questions still without an answer
        return [self._prompt(ctx, header=True)]

    def _missing(self, ctx: _Ctx) -> list[Indicator]:
        values = ctx.draft.values or {}
        return [indicator for indicator in ctx.indicators if values.get(indicator.key) is None]

    def _missing_sections(self, ctx: _Ctx, missing: list[Indicator]) -> str:
        counts: dict[int, int] = {}
        for indicator in missing:
            number = ctx.form.section_number(indicator.key)
            counts[number] = counts.get(number, 0) + 1
        return ", ".join(
            report_texts.INCOMPLETE_SECTION.format(number=number, count=count)
            for number, count in sorted(counts.items())
        )

    async def _text_summary(self, ctx: _Ctx, text: str, control: Control | None) -> list[Reply]:
        draft = ctx.draft
        if control == Control.BACK:
            return self._control(ctx, control)
        said = " ".join(words(text))
        if said in _SEND_WORDS:
            return await self._send(ctx)
        if said in _EDIT_WORDS:
            draft.mode = EDIT
            return [self._prompt(ctx)]
        figures = self._figures(ctx.form, text)
        if figures is not None and figures.matches:
            return [self._offer_free(ctx, figures, resume=SUMMARY)]
        answer = await self._answer_question(ctx, text)
        if answer is not None:
            return [answer, *self._summary_again(ctx)]
        return self._summary_again(ctx)

    def _summary_again(self, ctx: _Ctx) -> list[Reply]:
        """At the summary, anything else typed: a short pointer to its buttons, not the whole summary again
        (sent in full only when this chat has not had it yet)."""
        ctx.draft.mode = SUMMARY
        if self._aux(ctx.draft).get("summary_msg") is None:
            return self._summary_replies(ctx)
        return [Reply(report_texts.SUMMARY_POINTER, self._summary_buttons(ctx))]

    async def _text_edit(self, ctx: _Ctx, text: str, control: Control | None) -> list[Reply]:
        draft = ctx.draft
        if control is not None:
            draft.mode = SUMMARY
            return [self._prompt(ctx)]
        said = " ".join(words(text))
        number = re.fullmatch(r"(?:cau\s*)?(\d{1,3})", said)
        if number:
            n = int(number.group(1))
            if not 1 <= n <= ctx.total:
                return [Reply(messages.EDIT_BAD_NUMBER.format(number=n, n=ctx.total)), self._prompt(ctx)]
            draft.step, draft.mode = n - 1, ASK
            self._set_aux(draft, back=True)
            return [self._prompt(ctx, header=True)]
        if said in _SEND_WORDS:
            draft.mode = SUMMARY
            return [self._prompt(ctx)]
        figures = self._figures(ctx.form, text)
        if figures is not None and figures.matches:
            return [self._offer_free(ctx, figures, resume=SUMMARY)]
        return [Reply(messages.FREE_NOTHING), self._prompt(ctx)]

    # ------------------------------------------------------------------ buttons

    async def _on_button(self, ctx: _Ctx, verb: str) -> list[Reply]:
        draft = ctx.draft
        if verb == "hok":
            await ctx.session.delete(draft)
            return [Reply(messages.CANCELLED)]
        if verb == "hno":
            kept = Reply(report_texts.CANCEL_KEPT)
            if draft.mode == SAVED:
                return [Reply(kept.text + report_texts.CANCEL_KEPT_SAVED)]
            if draft.mode == SUMMARY:
                return [kept, *self._summary_again(ctx)]
            return [kept, self._prompt(ctx)]
        if verb == "skip":
            return self._control(ctx, Control.SKIP)
        if verb == "back":
            return self._control(ctx, Control.BACK)
        if verb == "save":
            return [self._save(ctx)]
        if verb in QUICK_VERBS:
            parsed = quick_answer(ctx.indicators[draft.step], verb)
            if parsed is None:
                return [Reply(messages.STALE_REPORT_BUTTON), self._prompt(ctx)]
            return self._accept(ctx, parsed)
        if verb in ("bok", "bno"):
            return self._confirm_bound(ctx, verb == "bok")
        if verb in ("mtr", "mng", "mdg"):
            return self._choose_money(ctx, verb)
        if verb in ("fok", "fno"):
            return await self._confirm_free(ctx, verb == "fok")
        if verb in ("rok", "rno"):
            return self._confirm_replace(ctx, verb == "rok")
        if verb == "send":
            return await self._send(ctx)
        if verb == "sok":
            return await self._send(ctx, incomplete_ok=True)
        if verb == "sno":
            return self._answer_missing(ctx)
        if verb == "edit":
            draft.mode = EDIT
            return [self._prompt(ctx)]
        if verb == "top":
            draft.step, draft.mode = 0, ASK
            self._set_aux(draft, back=None, gaps=None)  # every question again, in order
            return [self._prompt(ctx, header=True)]
        if verb == "sum":
            draft.mode = SUMMARY
            return self._summary_replies(ctx)
        raise AssertionError(verb)

    async def _send(self, ctx: _Ctx, *, incomplete_ok: bool = False) -> list[Reply]:
        draft = ctx.draft
        missing = self._missing(ctx)
        if missing and not incomplete_ok:
            draft.mode = INCOMPLETE
            return [self._prompt(ctx)]
        now = self.clock.now()
        deadline = self._deadline(ctx).day
        receipt = await store.confirm(
            ctx.session,
            unit_id=ctx.unit.id,
            plan_id=ctx.plan.id,
            form=ctx.form,
            values={k: (None if v is None else int(v)) for k, v in (draft.values or {}).items() if ctx.form.has(k)},
            user_id=ctx.user.id,
            now=now,
            late=self.knowledge.catalog.is_late(deadline, now, self.clock.tz),
            base_version=int(self._aux(draft).get("base", 0)),
        )
        await ctx.session.delete(draft)
        late = messages.RECEIPT_LATE.format(deadline=vn_date(deadline)) if receipt.late and deadline else ""
        text = messages.RECEIPT.format(
            time=self._when(receipt.confirmed_at),
            unit=html.escape(ctx.unit.name),
            plan=html.escape(plan_label(ctx.plan)),
            version=receipt.version,
            late=late,
            lines=self._value_lines(ctx.form, receipt.values, answered_only=True),
        )
        if receipt.version > 1:
            text += messages.RECEIPT_CHANGES.format(count=len(receipt.changes))
        if receipt.overtaken:
            text += messages.RECEIPT_OVERTAKEN.format(versions=", ".join(str(v) for v in receipt.overtaken))
        if missing:
            sections = self._missing_sections(ctx, missing)
            text += "\n\n" + report_texts.RECEIPT_INCOMPLETE.format(
                missing=len(missing), total=ctx.total, sections=sections
            )
        else:
            text += "\n\n" + report_texts.RECEIPT_COMPLETE.format(total=ctx.total)
        files = await evidence_rows.of_unit(ctx.session, ctx.unit.id, ctx.plan.id)
        photos = sum(1 for f in files if f.kind == "photo")
        text += "\n\n" + receipt_line(photos, len(files) - photos)
        return [Reply(text)]

    # ------------------------------------------------------------------ free text and questions

    @staticmethod
    def _figures(form: Form, text: str) -> FreeTextResult | None:
        if "?" in text:
            return None
        return parse_free_text(text, form)

    def _offer_free(self, ctx: _Ctx, figures: FreeTextResult, resume: str, *, asked: bool = False) -> Reply:
        """Figures read from a message wait for a tap; `asked`: typed in answer to the question shown."""
        draft = ctx.draft
        notes = [u.message for u in figures.unattributed]
        self._set_aux(
            draft,
            pending={"values": {m.key: m.value for m in figures.matches}, "notes": notes},
            resume=resume,
            asked=draft.step if asked else None,
        )
        draft.mode = FREE
        return self._prompt(ctx)

    async def _outside(
        self, session: AsyncSession, user: User, draft: ReportDraft | None, text: str
    ) -> list[Reply] | None:
        """Figures typed by staff with no report open: parse, then ask before anything is kept."""
        found = await self._unit_and_plan(session, user)
        if found is None:
            return None
        unit, plan = found
        form = self.knowledge.catalog.forms.for_unit(plan, unit.kind, unit.name)
        figures = self._figures(form, text)
        if figures is None or not figures.matches:
            return None
        now = self.clock.now()
        if draft is None or draft.unit_id != unit.id:
            # no report begun: once confirmed, the summary (to send just these); /baocao leads to the questions
            draft = await self._fresh_draft(
                session, user, unit, plan, draft, step=len(form.indicators), mode=SUMMARY, now=now
            )
            ctx = self._new_ctx(session, user, unit, plan, draft)
            self._set_aux(draft, outside=True)
            resume = SUMMARY
        else:  # a report saved for later keeps its place: the figures go into it, the questions wait
            ctx = self._new_ctx(session, user, unit, plan, draft)
            resume = SAVED
        draft.updated_at = now
        return [self._offer_free(ctx, figures, resume=resume)]

    @staticmethod
    async def _fresh_draft(
        session: AsyncSession,
        user: User,
        unit: Unit,
        plan: Plan,
        old: ReportDraft | None,
        *,
        step: int,
        mode: str,
        now: dt.datetime,
    ) -> ReportDraft:
        """Replace the user's draft with one starting from the unit's confirmed figures."""
        if old is not None:
            await session.delete(old)
            await session.flush()
        base, values = await store.current(session, unit.id, plan.id)
        draft = ReportDraft(
            user_id=user.id,
            unit_id=unit.id,
            plan_id=plan.id,
            step=step,
            values=dict(values),
            mode=mode,
            pending_free_text={"base": base},
            updated_at=now,
        )
        session.add(draft)
        await session.flush()
        return draft

    async def _answer_question(self, ctx: _Ctx, text: str, *, strict: bool = False) -> Reply | None:
        """Answer a question asked in the middle of the report (None if it is not one).

        A question is text with "?" or question words, or (unless `strict`) one the engine answers."""
        asks = "?" in text or bool(_QUESTION_WORDS.search(fold(text)))
        if strict and not asks:
            return None
        now = self.clock.now()
        answer = self.knowledge.current.engine.answer(text, today=now.date(), plan_context=ctx.plan.id)
        if not asks and answer.status != "answered":
            return None
        await questions.log_many(
            ctx.session,
            [
                {
                    "user_id": ctx.user.id,
                    "asker_role": str(Role(ctx.user.role)),
                    "chat_type": "private",
                    "plan_ids": answer.plans or answer.asked_about or [ctx.plan.id],
                    "status": answer.status,
                    "topic": answer.topic,
                    "question": text[:1000],
                    "asked_at": now,
                }
            ],
        )
        return Reply(answer_html(answer.text))

    # ------------------------------------------------------------------ rendering

    def _when(self, moment: dt.datetime) -> str:
        return vn_datetime(moment, self.clock.tz)

    def _deadline(self, ctx: _Ctx) -> Deadline:
        return self.knowledge.catalog.deadline_for(ctx.plan, ctx.unit.kind)

    def _deadline_text(self, ctx: _Ctx) -> str:
        deadline = self._deadline(ctx)
        shown = html.escape(deadline.shown(messages.DEADLINE_NONE))
        if self.knowledge.catalog.is_late(deadline.day, self.clock.now(), self.clock.tz):
            shown += messages.DEADLINE_PASSED
        return shown

    def _intro(self, ctx: _Ctx) -> str:
        return messages.REPORT_INTRO.format(
            unit=html.escape(ctx.unit.name),
            plan=html.escape(plan_label(ctx.plan)),
            deadline=self._deadline_text(ctx),
            total=ctx.total,
        )

    def _show(self, indicator: Indicator, value: Any) -> str:
        return messages.NO_VALUE if value is None else html.escape(_format_value(int(value), indicator))

    def _value_lines(self, form: Form, values: dict[str, Any], *, answered_only: bool = False) -> str:
        lines: list[str] = []
        for number, section in enumerate(form.sections, start=1):
            rows = []
            for indicator in section.indicators:
                value = values.get(indicator.key)
                if answered_only and value is None:
                    continue
                i, _ = form.position(indicator.key)
                rows.append(
                    messages.SUMMARY_LINE.format(
                        i=i, label=html.escape(indicator.label), value=self._show(indicator, value)
                    )
                )
            if rows:
                lines.append(messages.SUMMARY_SECTION.format(number=number, title=html.escape(section.title)))
                lines.extend(rows)
        return "\n".join(lines) if lines else messages.NO_VALUE

    def _prompt(self, ctx: _Ctx, *, header: bool = False) -> Reply:
        """The message that asks for what the current state expects."""
        draft = ctx.draft
        step = draft.step
        if draft.mode == BOUND:
            pending = self._aux(draft).get("pending") or {}
            indicator = ctx.form.indicator(pending.get("key", ctx.indicators[min(step, ctx.total - 1)].key))
            parsed = parse_value(str(pending.get("value", "")), indicator)
            text = parsed.message if isinstance(parsed, ParsedValue) and parsed.message else messages.BOUND_RETYPE
            return Reply(
                html.escape(text, quote=False),
                (
                    (
                        _act(messages.BUTTON_BOUND_OK, f"bok:{step}"),
                        _act(messages.BUTTON_BOUND_RETYPE, f"bno:{step}"),
                    ),
                ),
            )
        if draft.mode == MONEY:
            return self._money_prompt(ctx)
        if draft.mode == FREE:
            return self._free_prompt(ctx)
        if draft.mode == REPLACE:
            return self._replace_prompt(ctx)
        if draft.mode == INCOMPLETE:
            missing = self._missing(ctx)
            return Reply(
                report_texts.INCOMPLETE_ASK.format(
                    missing=len(missing), total=ctx.total, sections=self._missing_sections(ctx, missing)
                ),
                (
                    (
                        _act(report_texts.BUTTON_SEND_INCOMPLETE, f"sok:{step}"),
                        _act(report_texts.BUTTON_ANSWER_MISSING, f"sno:{step}"),
                    ),
                ),
            )
        if draft.mode == EDIT:
            return Reply(
                messages.EDIT_HOW.format(n=ctx.total),
                (
                    (_act(messages.BUTTON_FROM_START, f"top:{step}"),),
                    (_act(messages.BUTTON_TO_SUMMARY, f"sum:{step}"),),
                ),
            )
        if draft.mode == SUMMARY or step >= ctx.total:
            return self._summary(ctx)
        return self._question(ctx, header=header)

    def _summary_buttons(self, ctx: _Ctx) -> Keyboard:
        step = ctx.draft.step
        return ((_act(messages.BUTTON_SEND, f"send:{step}"), _act(messages.BUTTON_EDIT, f"edit:{step}")),)

    def _summary(self, ctx: _Ctx, *, record_id: int | None = None, edit_of: int | None = None) -> Reply:
        values = dict(ctx.draft.values or {})
        answered = sum(1 for ind in ctx.indicators if values.get(ind.key) is not None)
        text = messages.SUMMARY.format(
            unit=html.escape(ctx.unit.name),
            plan=html.escape(plan_label(ctx.plan)),
            lines=self._value_lines(ctx.form, values),
            answered=answered,
            total=ctx.total,
        )
        return Reply(text, self._summary_buttons(ctx), record_id=record_id, edit_of=edit_of)

    def _summary_replies(self, ctx: _Ctx, note: str | None = None) -> list[Reply]:
        """The summary is sent once; after a change it is edited in place, with a short note below."""
        ctx.draft.mode = SUMMARY
        earlier = self._aux(ctx.draft).get("summary_msg")
        if earlier is not None and note is not None:
            updated = Reply(report_texts.SUMMARY_UPDATED.format(what=note), self._summary_buttons(ctx))
            return [self._summary(ctx, edit_of=int(earlier)), updated]
        record = new_id()
        self._set_aux(ctx.draft, summary_msg=record)
        return [self._summary(ctx, record_id=record)]

    def _replace_prompt(self, ctx: _Ctx) -> Reply:
        draft = ctx.draft
        pending = self._aux(draft).get("pending") or {}
        key = pending.get("key", "")
        if not ctx.form.has(key):
            draft.mode = ASK
            return self._prompt(ctx)
        indicator = ctx.form.indicator(key)
        i, _ = ctx.form.position(key)
        old = self._show(indicator, (draft.values or {}).get(key))
        new = self._show(indicator, pending.get("value"))
        step = draft.step
        return Reply(
            report_texts.REPLACE_ASK.format(i=i, label=html.escape(indicator.label), old=old, new=new),
            (
                (
                    _act(report_texts.BUTTON_REPLACE_OK.format(new=new)[:40], f"rok:{step}"),
                    _act(report_texts.BUTTON_REPLACE_KEEP.format(old=old)[:40], f"rno:{step}"),
                ),
            ),
        )

    def _question(self, ctx: _Ctx, *, header: bool) -> Reply:
        draft = ctx.draft
        step = draft.step
        indicator = ctx.indicators[step]
        section = ctx.form.section_of(indicator.key)
        section_number = ctx.form.section_number(indicator.key)
        lines: list[str] = []
        first_of_section = section.indicators[0].key == indicator.key
        if header or first_of_section:
            lines.append(
                messages.SECTION_HEADER.format(
                    number=section_number, count=len(ctx.form.sections), title=html.escape(section.title)
                )
            )
        i, n = ctx.form.position(indicator.key)
        if indicator.kind == "yesno":
            lines.append(messages.QUESTION_YESNO.format(i=i, n=n, label=html.escape(indicator.label)))
        else:
            unit = f" ({html.escape(indicator.unit)})" if indicator.unit else ""
            lines.append(messages.QUESTION.format(i=i, n=n, label=html.escape(indicator.label), unit=unit))
        current = (draft.values or {}).get(indicator.key)
        if current is not None:
            lines.append(messages.CURRENT_VALUE.format(value=self._show(indicator, current)))
        if indicator.help:
            lines.append(messages.QUESTION_HINT.format(hint=html.escape(indicator.help)))
        rows: list[tuple[Button, ...]] = []
        rows.append(tuple(_act(quick.text, f"{quick.verb}:{step}") for quick in quick_answers(indicator)))
        rows.append(
            (
                _act(messages.BUTTON_BACK, f"back:{step}"),
                _act(messages.BUTTON_SKIP, f"skip:{step}"),
                _act(messages.BUTTON_SAVE, f"save:{step}"),
            )
        )
        return Reply("\n".join(lines), tuple(rows))

    def _money_prompt(self, ctx: _Ctx) -> Reply:
        draft = ctx.draft
        pending = self._aux(draft).get("pending") or {}
        key = pending.get("key", "")
        if not ctx.form.has(key):
            draft.mode = ASK
            return self._prompt(ctx)
        indicator = ctx.form.indicator(key)
        number = int(pending.get("number", 0))
        text = money_unit_question(number, indicator)
        row = tuple(_act(self._show(indicator, value), f"{verb}:{draft.step}") for verb, value in money_choices(number))
        return Reply(html.escape(text, quote=False), (row,))

    def _free_prompt(self, ctx: _Ctx) -> Reply:
        draft = ctx.draft
        pending = self._aux(draft).get("pending") or {}
        found = self._pending_values(ctx)
        current = draft.values or {}
        rows = []
        for key, value in found.items():
            indicator = ctx.form.indicator(key)
            i, _ = ctx.form.position(key)
            line = messages.SUMMARY_LINE.format(
                i=i, label=html.escape(indicator.label), value=self._show(indicator, value)
            )
            old = current.get(key)
            if old is not None and int(old) != value:  # replacing a figure: shown old → new
                line += report_texts.FREE_REPLACES.format(old=self._show(indicator, old))
            checked = parse_value(str(value), indicator)
            if isinstance(checked, ParsedValue) and checked.over_bound:
                line += " ⚠️"
            rows.append(line)
        text = messages.FREE_PARSED.format(lines="\n".join(rows))
        notes = [html.escape(note, quote=False) for note in pending.get("notes") or []]
        if notes:
            text += messages.FREE_UNCLEAR.format(lines="\n".join(f"• {n}" for n in notes))
        text += messages.FREE_ASK.format(unit=html.escape(ctx.unit.name))
        step = draft.step
        return Reply(
            text, ((_act(messages.BUTTON_FREE_OK, f"fok:{step}"), _act(messages.BUTTON_FREE_NO, f"fno:{step}")),)
        )


#: the buttons of "Xoá bản nháp?" (after /huy), valid in every mode
_CANCEL_VERBS = ("hok", "hno")
#: the button verbs each mode accepts
_VERBS: dict[str, tuple[str, ...]] = {
    mode: (*verbs, *_CANCEL_VERBS)
    for mode, verbs in {
        ASK: ("skip", "back", "save", *QUICK_VERBS),
        BOUND: ("bok", "bno"),
        MONEY: ("mtr", "mng", "mdg"),
        FREE: ("fok", "fno"),
        REPLACE: ("rok", "rno"),
        INCOMPLETE: ("sok", "sno"),
        SUMMARY: ("send", "edit"),
        EDIT: ("top", "sum"),
        SAVED: (),
    }.items()
}


def _has_words_besides_number(text: str, indicator: Indicator) -> bool:
    """ "12 băng rôn" while asked about leaflets: words other than the indicator's unit."""
    own = set(words(indicator.unit)) | {"nguoi", "cai", "dong", "d", "vnd", "trieu", "nghin", "k", "tr", "ty"}
    return any(w not in own and not any(ch.isdigit() for ch in w) for w in words(text))


__all__ = ["CALLBACK_PREFIX", "ParseError", "Reply", "ReportFlow", "can_report"]
