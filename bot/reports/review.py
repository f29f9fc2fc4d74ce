"""Officials review units' reports: a status per unit, one unit's report with its history and
evidence, accept or return with a comment (the unit's staff are told, with a button to amend).

Statuses: chưa nộp (nothing confirmed) · đang nhập (a draft, nothing confirmed) · đã nộp (đủ /
thiếu N câu) · trả lại · đã duyệt. A new version confirmed by the unit waits for review again.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import Access, oversight
from bot.buttons import Button, Keyboard, column
from bot.catalog import LiveKnowledge, plan_label
from bot.clock import Clock
from bot.db import evidence as evidence_rows
from bot.db import prompts, submissions, users
from bot.db import units as unit_rows
from bot.db.models import Evidence, ReportReview, Submission, SubmissionHistory, Unit, User
from bot.db.session import Database
from bot.formats import vn_datetime
from bot.messages import review as texts
from bot.outbox import Method, Outgoing, Priority
from bot.outbox import texts as text_messages
from bot.replies import Reply
from bot.reports.form import Form
from bot.reports.numbers import format_value
from bot.text import name_words, words
from bot.work import Postman, send_with_update

CALLBACK = "rv"  # rv:<verb>:<unit id>
REPORT_BUTTON_DATA = "off:baocao"  # the staff's "amend the report" button (handled by the report flow)
PROMPT_RETURN = "review_comment"
HISTORY_SHOWN = 15
EVIDENCE_SENT = 10
#: words any unit name may have; they say nothing about which unit is meant
GENERIC_NAME_WORDS = frozenset(
    {"truong", "xa", "phuong", "huyen", "thi", "tran", "vi", "du", "ubnd", "uy", "ban", "nhan", "dan", "cua", "cac"}
)
#: a message with one of these asks a question (a deadline, a count ...) rather than for a report,
#: unless it also says to open one (REVIEW_WORDS)
QUESTION_WORDS = frozenset({"han", "nao", "bao gio", "bao nhieu", "may", "gi", "dau", "sao", "the nao", "ai"})
REVIEW_WORDS = frozenset({"xem", "mo", "duyet", "tra lai", "kiem tra"})
#: at most this many units offered as buttons when a message fits several
CHOICES_SHOWN = 8


class ReviewDesk:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        knowledge: LiveKnowledge,
        postman: Postman,
        evidence_dir: Path,
        admins: frozenset[int] = frozenset(),
    ) -> None:
        self.db = db
        self.clock = clock
        self.knowledge = knowledge
        self.postman = postman
        self.evidence_dir = evidence_dir
        self.admins = admins

    async def access(self, user_id: int) -> Access:
        return await oversight(self.db, self.knowledge.catalog, user_id, self.admins)

    # -- the list ---------------------------------------------------------------------------------

    async def unit_list(self, plan_id: str) -> Reply:
        """/donvi: every unit of the plan with its status, a button each."""
        async with self.db.transaction(readonly=True) as session:
            units = await unit_rows.active(session, plan_id)
            reports = await submissions.of_plan(session, plan_id)
            typing = await submissions.units_typing(session, plan_id)
        label = html.escape(plan_label(self.knowledge.catalog.plans[plan_id]))
        if not units:
            return Reply(texts.LIST_NONE)
        done = [reports[u.id] for u in units if u.id in reports]
        counts = texts.LIST_COUNTS.format(
            reported=len(done),
            expected=len(units),
            complete=sum(1 for r in done if r.missing_answers == 0),
            incomplete=sum(1 for r in done if r.missing_answers > 0),
            accepted=sum(1 for r in done if r.review_status == "accepted"),
            returned=sum(1 for r in done if r.review_status == "returned"),
        )
        lines = [texts.LIST_TITLE.format(plan=label, counts=counts), ""]
        buttons: list[Button] = []
        for unit in units:
            icon, status = _status(reports.get(unit.id), unit.id in typing)
            lines.append(texts.LIST_LINE.format(icon=icon, name=html.escape(unit.name), status=status))
            buttons.append(Button(f"{icon} {unit.name}"[:60], data=f"{CALLBACK}:open:{unit.id}"[:64]))
        lines += ["", texts.LIST_HINT]
        return Reply("\n".join(lines), column(buttons[:90]))

    # -- one unit ---------------------------------------------------------------------------------

    async def unit_report(self, reviewer: int, unit_id: str) -> Reply:
        """One unit's report: figures, evidence, history, reviews; buttons to decide."""
        async with self.db.transaction(readonly=True) as session:
            unit = await unit_rows.get(session, unit_id)
            denied = await self._denied(reviewer, unit)
            if denied is not None or unit is None:
                return denied or Reply(texts.UNIT_UNKNOWN)
            plan = self.knowledge.catalog.plans[unit.plan_id]
            title = texts.REPORT_TITLE.format(unit=html.escape(unit.name), plan=html.escape(plan_label(plan)))
            sub = await submissions.submission(session, unit.id, unit.plan_id)
            if sub is None or sub.version == 0:
                return Reply(f"{title}\n\n{texts.REPORT_NONE}")
            _version, values = await submissions.current(session, unit.id, unit.plan_id)
            history = await submissions.history(session, unit.id, unit.plan_id)
            reviews = await submissions.reviews(session, sub.id)
            files = await evidence_rows.of_unit(session, unit.id, unit.plan_id)
            people = {sub.confirmed_by, *(h.changed_by for h in history), *(r.reviewer for r in reviews)}
            names = await self._names(session, people)
        form = self.knowledge.catalog.form_for(plan)
        parts = [title, self._head(sub, names), "", texts.REPORT_FIGURES, *_figure_lines(form, values)]
        if files:
            parts += ["", texts.REPORT_EVIDENCE.format(count=len(files)), *self._evidence_lines(files)]
        parts += ["", texts.REPORT_HISTORY, *self._history_lines(history, names, form)]
        parts += self._review_lines(reviews, names)
        decide = (
            Button(texts.BUTTON_ACCEPT, data=f"{CALLBACK}:acc:{unit.id}"[:64]),
            Button(texts.BUTTON_RETURN, data=f"{CALLBACK}:ret:{unit.id}"[:64]),
        )
        buttons: Keyboard = (decide,)
        if files:
            buttons += ((Button(texts.BUTTON_EVIDENCE, data=f"{CALLBACK}:ev:{unit.id}"[:64]),),)
        return Reply("\n".join(parts), buttons)

    def _head(self, sub: Submission, names: dict[int, str]) -> str:
        report = submissions.UnitReport(
            sub.unit_id, sub.version, sub.questions, sub.answered, sub.review_status, sub.late, sub.confirmed_at
        )
        return texts.REPORT_HEAD.format(
            version=sub.version,
            when=vn_datetime(sub.confirmed_at, self.clock.tz) if sub.confirmed_at else "?",
            who=html.escape(names.get(sub.confirmed_by or 0, "?")),
            late=texts.REPORT_LATE if sub.late else "",
            answered=sub.answered,
            questions=sub.questions,
            status=_status(report, False)[1],
        )

    def _evidence_lines(self, files: list[Evidence]) -> list[str]:
        lines = []
        for item in files:
            caption = f" — {html.escape(item.caption[:120])}" if item.caption else ""
            kind = texts.PHOTO if item.kind == "photo" else f"{texts.DOCUMENT} {html.escape(item.file_name or '')}"
            when = vn_datetime(item.created_at, self.clock.tz)
            lines.append(texts.REPORT_EVIDENCE_LINE.format(kind=kind, when=when, caption=caption))
        return lines

    def _review_lines(self, reviews: list[ReportReview], names: dict[int, str]) -> list[str]:
        lines = []
        for review in reviews:
            decision = texts.DECISION_ACCEPTED if review.decision == "accepted" else texts.DECISION_RETURNED
            lines.append(
                texts.REPORT_REVIEW_LINE.format(
                    when=vn_datetime(review.reviewed_at, self.clock.tz),
                    who=html.escape(names.get(review.reviewer, "?")),
                    decision=decision,
                    comment=f": {html.escape(review.comment)}" if review.comment else "",
                )
            )
        return lines

    def _history_lines(self, history: list[SubmissionHistory], names: dict[int, str], form: Form) -> list[str]:
        by_version: dict[int, list[SubmissionHistory]] = {}
        for change in history:
            by_version.setdefault(change.version, []).append(change)
        lines: list[str] = []
        shown = 0
        for version, changes in sorted(by_version.items()):
            described = []
            for change in changes:
                if shown >= HISTORY_SHOWN:
                    break
                label = _short_label(form, change.indicator_key)
                described.append(f"{html.escape(label)} {_shown(change.old_value)} → {_shown(change.new_value)}")
                shown += 1
            first = changes[0]
            lines.append(
                texts.REPORT_HISTORY_LINE.format(
                    version=version,
                    when=vn_datetime(first.changed_at, self.clock.tz),
                    who=html.escape(names.get(first.changed_by or 0, "?")),
                    changes="; ".join(described) or "—",
                )
            )
        if len(history) > shown:
            lines.append(texts.REPORT_HISTORY_MORE.format(count=len(history) - shown))
        return lines

    async def evidence(self, reviewer: int, unit_id: str, chat_id: int) -> Reply | None:
        """Send the unit's evidence files (the local copies); a Reply only when there is none."""
        async with self.db.transaction(readonly=True) as session:
            unit = await unit_rows.get(session, unit_id)
            denied = await self._denied(reviewer, unit)
            if denied is not None or unit is None:
                return denied or Reply(texts.UNIT_UNKNOWN)
            files = await evidence_rows.of_unit(session, unit.id, unit.plan_id)
        if not files:
            return Reply(texts.NO_EVIDENCE)
        outgoing: list[Outgoing] = []
        for item in files[:EVIDENCE_SENT]:
            path = self.evidence_dir / item.path
            if not path.is_file():
                continue
            method = Method.SEND_PHOTO if item.kind == "photo" else Method.SEND_DOCUMENT
            caption = html.escape(f"{unit.name}: {item.caption or ''}".strip(": "))[:1000]
            outgoing.append(Outgoing(chat_id, method, caption, blob=path.read_bytes(), filename=item.file_name))
        await send_with_update(self.postman, outgoing)
        return None

    # -- decisions --------------------------------------------------------------------------------

    async def accept(self, reviewer: int, unit_id: str) -> Reply:
        now = self.clock.now()
        async with self.db.transaction() as session:
            unit = await unit_rows.get(session, unit_id)
            denied = await self._denied(reviewer, unit)
            if denied is not None or unit is None:
                return denied or Reply(texts.UNIT_UNKNOWN)
            sub = await submissions.submission(session, unit.id, unit.plan_id)
            if sub is None or sub.version == 0:
                return Reply(texts.NOTHING_TO_REVIEW)
            await submissions.add_review(
                session,
                submission_id=sub.id,
                version=sub.version,
                decision="accepted",
                comment=None,
                reviewer=reviewer,
                now=now,
            )
            notice = texts.STAFF_ACCEPTED.format(version=sub.version, unit=html.escape(unit.name))
            told = await self._tell_staff(session, unit, notice, ())
        answer = texts.ACCEPTED.format(version=sub.version, unit=html.escape(unit.name))
        return Reply(answer if told else f"{answer}\n{texts.NO_STAFF}")

    async def ask_return(self, reviewer: int, unit_id: str) -> Reply:
        """'Trả lại': ask for the comment the unit will read (kept until the reviewer types it)."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            unit = await unit_rows.get(session, unit_id)
            denied = await self._denied(reviewer, unit)
            if denied is not None or unit is None:
                return denied or Reply(texts.UNIT_UNKNOWN)
            sub = await submissions.submission(session, unit.id, unit.plan_id)
            if sub is None or sub.version == 0:
                return Reply(texts.NOTHING_TO_REVIEW)
            await prompts.set_prompt(session, reviewer, PROMPT_RETURN, {"unit": unit.id, "version": sub.version}, now)
        return Reply(texts.ASK_COMMENT.format(unit=html.escape(unit.name)))

    async def finish_return(self, reviewer: int, data: dict[str, object], comment: str) -> Reply:
        """The comment typed after 'Trả lại': return the report and tell the unit."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            await prompts.clear_prompt(session, reviewer)
            unit = await unit_rows.get(session, str(data.get("unit", "")))
            denied = await self._denied(reviewer, unit)
            if denied is not None or unit is None:
                return denied or Reply(texts.UNIT_UNKNOWN)
            sub = await submissions.submission(session, unit.id, unit.plan_id)
            if sub is None or sub.version == 0:
                return Reply(texts.NOTHING_TO_REVIEW)
            if sub.version != data.get("version"):
                return Reply(texts.CHANGED_MEANWHILE.format(version=sub.version))
            comment = comment.strip()[:1000]
            await submissions.add_review(
                session,
                submission_id=sub.id,
                version=sub.version,
                decision="returned",
                comment=comment,
                reviewer=reviewer,
                now=now,
            )
            notice = texts.STAFF_RETURNED.format(unit=html.escape(unit.name), comment=html.escape(comment))
            amend = ((Button(texts.BUTTON_AMEND, data=REPORT_BUTTON_DATA),),)
            told = await self._tell_staff(session, unit, notice, amend)
        answer = texts.RETURNED.format(unit=html.escape(unit.name))
        return Reply(answer if told else f"{answer}\n{texts.NO_STAFF}")

    async def pending(self, reviewer: int) -> dict[str, object] | None:
        """What 'Trả lại' is waiting for: the unit and version, or None."""
        async with self.db.transaction(readonly=True) as session:
            found = await prompts.get_prompt(session, reviewer)
        return found[1] if found is not None and found[0] == PROMPT_RETURN else None

    async def cancel_return(self, reviewer: int) -> Reply:
        async with self.db.transaction() as session:
            await prompts.clear_prompt(session, reviewer)
        return Reply(texts.COMMENT_CANCELLED)

    # -- officials' free text ---------------------------------------------------------------------

    async def find_units(self, reviewer: int, text: str) -> list[Unit]:
        """The units of the plans the official oversees that their message names: one (open its
        report), several (let them choose), or none (the message is a question).

        A unit is named by the words that set it apart in its plan — its name without the words every
        unit name has ("trường", "xã", the locality all its plan's units share): "trường tiểu học",
        "báo cáo trường thcs", "xem báo cáo của Trường THCS xã Đăk Plô" name the one school; a message
        whose words fit several units ("trường th" when there are a TH and a TH&THCS school without
        one of them matching exactly) offers them all."""
        access = await self.access(reviewer)
        if not access.plan_ids or not _asks_for_a_report(text):
            return []
        said = set(name_words(text))
        async with self.db.transaction(readonly=True) as session:
            by_plan = [await unit_rows.active(session, plan_id) for plan_id in access.plan_ids]
        distinct: list[tuple[Unit, frozenset[str]]] = []
        for units in by_plan:
            names = {
                unit.id: set(name_words(re.sub(r"\(.*?\)", " ", unit.name))) - GENERIC_NAME_WORDS for unit in units
            }
            shared = set.intersection(*names.values()) if len(units) > 1 else set()
            distinct += [(unit, frozenset(names[unit.id] - shared)) for unit in units]
        vocabulary = set().union(*(own for _, own in distinct)) if distinct else set()
        meant = said & vocabulary
        if not meant:
            return []
        exact = [unit for unit, own in distinct if own == meant]
        if len(exact) == 1:
            return exact
        fitting = [unit for unit, own in distinct if own and (meant <= own or own <= said)]
        return fitting[:CHOICES_SHOWN]

    def choose_unit(self, units: list[Unit]) -> Reply:
        """Several units fit an official's message: a button each."""
        names = "\n".join(f"• {html.escape(unit.name)}" for unit in units)
        buttons = [Button(unit.name[:60], data=f"{CALLBACK}:open:{unit.id}"[:64]) for unit in units]
        return Reply(texts.CHOOSE_UNIT.format(names=names), column(buttons))

    # -- helpers ----------------------------------------------------------------------------------

    async def _denied(self, reviewer: int, unit: Unit | None) -> Reply | None:
        if unit is None or self.knowledge.catalog.get(unit.plan_id) is None:
            return Reply(texts.UNIT_UNKNOWN)
        if not (await self.access(reviewer)).allows(unit.plan_id):
            return Reply(texts.NOT_ALLOWED)
        return None

    async def _tell_staff(self, session: AsyncSession, unit: Unit, notice: str, buttons: Keyboard) -> bool:
        staff = (await users.staff_of_units(session, [unit.id])).get(unit.id, [])
        messages = [m for user_id in staff for m in text_messages(user_id, notice, buttons, priority=Priority.REPLY)]
        await send_with_update(self.postman, messages)
        return bool(staff)

    @staticmethod
    async def _names(session: AsyncSession, ids: set[int | None]) -> dict[int, str]:
        found: dict[int, str] = {}
        for user_id in ids:
            if user_id is None:
                continue
            user = await session.get(User, user_id)
            if user is not None:
                found[user_id] = user.first_name or (f"@{user.username}" if user.username else str(user_id))
        return found


def _asks_for_a_report(text: str) -> bool:
    """Whether a message may ask to open a report: not a question ("hạn báo cáo của trường tiểu học
    là ngày nào?") unless it says to open, review or return one."""
    folded = f" {' '.join(words(text))} "
    if any(f" {word} " in folded for word in REVIEW_WORDS):
        return True
    return "?" not in text and not any(f" {word} " in folded for word in QUESTION_WORDS)


def _status(report: submissions.UnitReport | None, typing: bool) -> tuple[str, str]:
    """(icon, words) of a unit's status in the list."""
    if report is None:
        return ("✏️", texts.STATUS_TYPING) if typing else ("⏳", texts.STATUS_MISSING)
    late = texts.STATUS_LATE if report.late else ""
    amending = texts.STATUS_AMENDING if typing else ""
    # completeness first, the review beside it: accepting a report does not fill its blanks
    if report.missing_answers:
        icon, words = "🟡", texts.STATUS_INCOMPLETE.format(count=report.missing_answers)
    else:
        icon, words = "🟢", texts.STATUS_COMPLETE
    if report.review_status == "accepted":
        icon, words = "✅", words + ", " + texts.STATUS_ACCEPTED
    elif report.review_status == "returned":
        icon, words = "↩️", words + ", " + texts.STATUS_RETURNED
    return icon, words + late + amending


def _figure_lines(form: Form, values: dict[str, int | None]) -> list[str]:
    lines = []
    for indicator in form.indicators:
        value = values.get(indicator.key)
        if value:
            shown = html.escape(format_value(int(value), indicator))
            lines.append(f"• {html.escape(indicator.label)}: <b>{shown}</b>")
    return lines or [texts.REPORT_NO_FIGURES]


def _shown(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", ".")


def _short_label(form: Form, key: str) -> str:
    try:
        label = form.indicator(key).label
    except KeyError:
        return key
    return label if len(label) <= 60 else label[:57].rstrip() + "…"
