"""Telegram handlers for staff: registration by invite, invites (admins), and the report flow.

Thin: each handler turns an update into a call to the core (`bot.invites.Onboarding`,
`bot.reports.flow.ReportFlow`) and sends back what the core returns.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import messages
from bot.buttons import Button
from bot.messages import chat as chat_texts
from bot.messages import evidence as evidence_texts
from bot.replies import Reply
from bot.reports.evidence import Incoming, refusal
from bot.reports.flow import CALLBACK_PREFIX
from handlers import prompts
from handlers.context import is_private, remove_keyboard, reply, services
from handlers.menus import refresh_menu

log = logging.getLogger(__name__)


def send_replies(chat_id: int, replies: list[Reply]) -> None:
    for item in replies:
        reply(chat_id, item.text, item.buttons, record_id=item.record_id, edit_of=item.edit_of)


async def register_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dangky <code>, or /start <code> from an invite link."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    code = " ".join(context.args or [])
    if not code.strip():
        reply(message.chat_id, messages.REGISTER_HOW)
        return
    svc = services(context)
    text = await svc.onboarding.register(user.id, user.first_name, user.username, code)
    reply(message.chat_id, text)
    svc.citizens.forget_profile(user.id)  # the role may have just changed
    await refresh_menu(context, message.chat_id, user.id)


async def invite_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/moi <unit> | /moi quanly <plan> (admins)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    text = await services(context).onboarding.invite(user.id, list(context.args or []), context.bot.username)
    reply(message.chat_id, text)


async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/baocao: start, resume or amend the unit's report."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    replies = await services(context).reports.start(user.id, user.first_name, user.username)
    send_replies(message.chat_id, replies)


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huy: stop what the bot is waiting for (a review comment), else forget the report being typed."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if await prompts.cancel(update, context):
        return
    send_replies(message.chat_id, await services(context).reports.cancel(user.id))


async def report_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of the report flow ('rep:<verb>:<step>'), or the reminder's 'start the report'."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    try:
        await query.answer()
    except BadRequest as exc:
        log.info("callback query not answered: %s", exc)
    user = query.from_user
    flow = services(context).reports
    if query.data.startswith(CALLBACK_PREFIX):
        replies = await flow.button(user.id, query.data.removeprefix(CALLBACK_PREFIX), user.first_name, user.username)
    else:
        replies = await flow.start(user.id, user.first_name, user.username)
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    remove_keyboard(message.chat_id, message.message_id)  # the pressed keyboard is spent
    send_replies(message.chat_id, replies)


async def report_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Text from staff in a private chat: a report step or figures typed freely go to the flow,
    and stop there; anything else continues to the citizens' handlers (questions)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None or not is_private(message):
        return
    svc = services(context)
    if not (await svc.citizens.profile(user.id)).may_report:
        return
    replies = await svc.reports.text(user.id, message.text, user.first_name, user.username)
    if replies is None:
        return
    send_replies(message.chat_id, replies)
    raise ApplicationHandlerStop


async def private_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Staff and officials' commands in a group: answer briefly, with a button to the private chat."""
    message = update.effective_message
    if message is None:
        return
    link = Button(chat_texts.OPEN_PRIVATE_CHAT, url=f"https://t.me/{context.bot.username}")
    reply(message.chat_id, chat_texts.PRIVATE_ONLY, ((link,),), reply_to=message.message_id)


async def evidence(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo or document in a private chat: staff's evidence for their unit's report."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    unit = await svc.evidence.reporter(user.id)
    if unit is None:
        reply(message.chat_id, evidence_texts.NOT_STAFF, reply_to=message.message_id)
        return
    incoming = _incoming(message)
    if incoming is None:
        return
    refused = refusal(incoming)
    if refused is not None:
        reply(message.chat_id, refused, reply_to=message.message_id)
        return
    try:
        telegram_file = await context.bot.get_file(incoming.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except (TelegramError, OSError) as exc:
        log.warning("could not download evidence %s: %s", incoming.file_unique_id, exc)
        reply(message.chat_id, evidence_texts.UNREADABLE, reply_to=message.message_id)
        return
    reporting = await svc.reports.is_reporting(user.id)
    text = await svc.evidence.add(user.id, unit, incoming, data, reporting=reporting)
    reply(message.chat_id, text, reply_to=message.message_id)


def _incoming(message: Message) -> Incoming | None:
    caption = message.caption
    if message.photo:
        largest = message.photo[-1]  # Telegram lists the sizes smallest first
        return Incoming("photo", largest.file_id, largest.file_unique_id, largest.file_size or 0, caption=caption)
    document = message.document
    if document is not None:
        return Incoming(
            "document",
            document.file_id,
            document.file_unique_id,
            document.file_size or 0,
            file_name=document.file_name,
            mime_type=document.mime_type,
            caption=caption,
        )
    return None
