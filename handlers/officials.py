"""Telegram handlers and the scheduled job for officials: summaries, reminders, exports.

Thin layer over `bot.summary.schedule.OfficialsDesk`: commands /tonghop, /chuanop, /xuat, buttons
with the `off:` prefix, and a job that runs every minute and lets the desk decide (with database
claims) whether today's summary or reminders are due. JobQueue's run_daily is not used on purpose:
it runs in UTC by default and drops runs missed while the bot was down.
"""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import messages
from bot.buttons import Button, column
from bot.catalog import plan_label
from bot.messages import summary as summary_texts
from bot.roles import Role
from bot.summary import section_edit
from bot.summary.schedule import OfficialsDesk
from handlers.citizen import answer_query, short_label
from handlers.context import document, photo, reply, services

log = logging.getLogger(__name__)

#: Seconds between two checks of the schedule (tests lower it; the clock decides what is due).
CHECK_INTERVAL_SECONDS: float = 60.0
ACTIONS = {"sum", "mis", "xls", "rem", "sec"}


async def scheduled_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every minute: send what is due now by the injectable clock (the desk claims it in the DB)."""
    svc = services(context)
    try:
        report = await svc.officials.tick(svc.clock.now())
    except Exception:
        log.exception("scheduled summary check failed")
        return
    for plan_id, recipients in report.summaries.items():
        log.info("daily summary %s queued for %s", plan_id, recipients)


async def summary_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tonghop: the summary now."""
    await _command(update, context, "sum")


async def missing_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/chuanop: the units that have not reported, with a button to remind them."""
    await _command(update, context, "mis")


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/xuat: the aggregated report as files."""
    await _command(update, context, "xls")


async def _command(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    if chat.type != ChatType.PRIVATE:
        reply(chat.id, messages.OFF_PRIVATE_ONLY)
        return
    desk = services(context).officials
    access = await desk.access(user.id)
    if not access.plan_ids:
        reply(chat.id, _refusal(access.role))
        return
    if len(access.plan_ids) == 1:
        await _act(context, chat.id, action, access.plan_ids[0])
        return
    keyboard = column(
        [Button(short_label(_label(desk, plan_id)), data=f"off:{action}:{plan_id}") for plan_id in access.plan_ids]
    )
    reply(chat.id, messages.OFF_CHOOSE_PLAN, keyboard)


def _refusal(role: str) -> str:
    return messages.OFF_NOT_ALLOWED_STAFF if role == Role.STAFF else messages.OFF_NOT_ALLOWED


def _label(desk: OfficialsDesk, plan_id: str) -> str:
    return plan_label(desk.plans[plan_id])


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'off:<action>:<plan>': a plan chosen for an action, or 'remind them now'."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or query.message is None:
        return
    parts = (query.data or "").split(":", 2)
    if len(parts) != 3 or parts[1] not in ACTIONS:
        await answer_query(query, messages.STALE_BUTTON)
        return
    _, action, plan_id = parts
    desk = services(context).officials
    if plan_id not in desk.plans:
        await answer_query(query, messages.OFF_PLAN_UNKNOWN)
        return
    access = await desk.access(user.id)
    if not access.allows(plan_id):
        await answer_query(query, _refusal(access.role))
        return
    await answer_query(query)
    await _act(context, query.message.chat.id, action, plan_id)


async def _act(context: ContextTypes.DEFAULT_TYPE, chat_id: int, action: str, plan_id: str) -> None:
    desk, sections = services(context).officials, services(context).sections
    if action == "sum":
        chunks, png = await desk.summary_messages(plan_id)
        for chunk in chunks:
            reply(chat_id, chunk)
        if png is not None:
            photo(chat_id, png, desk.chart_caption(plan_id))
    elif action == "mis":
        chunks, any_missing = await desk.missing(plan_id)
        remind = ((Button(messages.OFF_MISSING_REMIND_BUTTON, data=f"off:rem:{plan_id}"),),) if any_missing else ()
        for index, chunk in enumerate(chunks):
            reply(chat_id, chunk, remind if index == len(chunks) - 1 else ())
    elif action == "xls":
        export = await desk.export(plan_id)
        label = html.escape(_label(desk, plan_id))
        document(chat_id, export.docx, export.docx_name, summary_texts.EXPORT_CAPTION_DOCX_HTML.format(plan=label))
        document(chat_id, export.xlsx, export.xlsx_name, messages.OFF_EXPORT_CAPTION_XLSX.format(plan=label))
        document(chat_id, export.csv, export.csv_name, messages.OFF_EXPORT_CAPTION_CSV.format(plan=label))
    elif action == "rem":
        report = await desk.remind(plan_id)
        reply(chat_id, report.text())
    elif action == "sec":
        overview = await sections.overview(plan_id)
        reply(chat_id, overview.text, overview.buttons)


async def sections_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/noidung: the report's parts I, II.2, III, IV as the .docx will print them, to write anew."""
    await _command(update, context, "sec")


async def section_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'sec:write|auto:<plan>:<key>': write a part anew, or go back to the pre-filled text."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.message is None:
        return
    parsed = section_edit.parse(query.data or "")
    desk = services(context).sections
    if parsed is None:
        await answer_query(query, messages.STALE_BUTTON)
        return
    verb, plan_id, key = parsed
    if not await desk.allowed(user.id, plan_id):
        await answer_query(query, messages.OFF_NOT_ALLOWED)
        return
    await answer_query(query)
    answer = await (
        desk.ask(user.id, plan_id, key) if verb == "write" else desk.reset(user.id, user.first_name or "", plan_id, key)
    )
    reply(query.message.chat.id, answer.text, answer.buttons)
