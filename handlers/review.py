"""Telegram handlers for the officials' review of units' reports (`bot.reports.review.ReviewDesk`)."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import messages
from bot.buttons import Button, column
from bot.catalog import plan_label
from bot.replies import Reply
from bot.reports.review import CALLBACK
from bot.roles import may_oversee
from handlers.citizen import answer_query, short_label
from handlers.context import is_private, reply, services

VERBS = {"open", "acc", "ret", "ev", "list"}


def send(chat_id: int, answer: Reply | None) -> None:
    if answer is not None:
        reply(chat_id, answer.text, answer.buttons)


async def units_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/donvi: the plan's units with their report status (officials, admins)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    if chat.type != ChatType.PRIVATE:
        reply(chat.id, messages.OFF_PRIVATE_ONLY)
        return
    desk = services(context).review
    access = await desk.access(user.id)
    if not access.plan_ids:
        reply(chat.id, messages.OFF_NOT_ALLOWED)
        return
    if len(access.plan_ids) == 1:
        send(chat.id, await desk.unit_list(access.plan_ids[0]))
        return
    catalog = services(context).knowledge.catalog
    keyboard = column(
        [Button(short_label(plan_label(catalog.plans[p])), data=f"{CALLBACK}:list:{p}") for p in access.plan_ids]
    )
    reply(chat.id, messages.OFF_CHOOSE_PLAN, keyboard)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'rv:<verb>:<unit or plan>': open a unit's report, accept, return, see evidence, list a plan."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or not isinstance(query.message, Message):
        return
    _, verb, target = [*(query.data or "").split(":", 2), "", ""][:3]
    if verb not in VERBS or not target:
        await answer_query(query, messages.STALE_BUTTON)
        return
    await answer_query(query)
    desk, chat_id = services(context).review, query.message.chat_id
    if verb == "list":
        if (await desk.access(user.id)).allows(target):
            send(chat_id, await desk.unit_list(target))
        else:
            reply(chat_id, messages.OFF_NOT_ALLOWED)
    elif verb == "open":
        send(chat_id, await desk.unit_report(user.id, target))
    elif verb == "acc":
        send(chat_id, await desk.accept(user.id, target))
    elif verb == "ret":
        send(chat_id, await desk.ask_return(user.id, target))
    else:
        send(chat_id, await desk.evidence(user.id, target, chat_id))


async def unit_named(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An official's message naming one of their units opens its report instead of a citizen answer."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None or not is_private(message):
        return
    svc = services(context)
    profile = await svc.citizens.profile(user.id)
    if not may_oversee(profile.role):
        return
    units = await svc.review.find_units(user.id, message.text)
    if not units:
        return
    if len(units) == 1:
        send(message.chat_id, await svc.review.unit_report(user.id, units[0].id))
    else:
        send(message.chat_id, svc.review.choose_unit(units))
    raise ApplicationHandlerStop
