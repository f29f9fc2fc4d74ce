"""Telegram handlers for staff reports, invites and registration (issue 4).

Thin: each handler turns an update into a call to the core (`bot.invites.Onboarding`,
`bot.reports.flow.ReportFlow`) and sends back what the core returns. Buttons of the report
flow carry `rep:<verb>:<step>` callback data.
"""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import messages
from bot.invites import Onboarding
from bot.reports.flow import Reply, ReportFlow
from bot.summary.data import user_role
from handlers.common import send_html, services

log = logging.getLogger(__name__)

CALLBACK_PREFIX = "rep:"
_FLOW_KEY = "staff_flow"
_ONBOARDING_KEY = "staff_onboarding"


def register(application: Application) -> None:
    """Add this module's handlers; called before the citizens' handlers are added."""
    private = filters.ChatType.PRIVATE
    # /start with a code only: a bare /start still reaches the citizens' greeting.
    application.add_handler(
        CommandHandler("start", start_with_code, filters=private & filters.Regex(r"^/start(@\w+)?\s+\S"))
    )
    application.add_handler(CommandHandler("dangky", register_command, filters=private))
    application.add_handler(CommandHandler("baocao", report_command, filters=private))
    application.add_handler(CommandHandler("huy", cancel_command, filters=private))
    application.add_handler(CommandHandler("moi", invite_command, filters=private))
    application.add_handler(CallbackQueryHandler(button, pattern=rf"^{CALLBACK_PREFIX}"))


def flow(context: ContextTypes.DEFAULT_TYPE) -> ReportFlow:
    data = context.application.bot_data
    if _FLOW_KEY not in data:
        svc = services(context)
        data[_FLOW_KEY] = ReportFlow(svc.desk.db, svc.clock, svc.engine, forms=svc.forms, admins=svc.admins)
    return data[_FLOW_KEY]


def onboarding(context: ContextTypes.DEFAULT_TYPE) -> Onboarding:
    data = context.application.bot_data
    if _ONBOARDING_KEY not in data:
        svc = services(context)
        data[_ONBOARDING_KEY] = Onboarding(svc.desk.db, svc.clock, svc.engine, svc.admins)
    return data[_ONBOARDING_KEY]


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    rows = [
        [InlineKeyboardButton(b.text, callback_data=f"{CALLBACK_PREFIX}{b.action}"[:64]) for b in row]
        for row in reply.buttons
    ]
    return InlineKeyboardMarkup(rows)


async def send_replies(context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: list[Reply]) -> None:
    for reply in replies:
        await send_html(context, chat_id, reply.text, reply_markup=keyboard(reply))


async def start_with_code(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await register_command(update, context)


async def register_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    code = " ".join(context.args or [])
    if not code.strip():
        await send_html(context, message.chat_id, messages.REGISTER_HOW)
        return
    text = await onboarding(context).register(user.id, user.first_name, user.username, code)
    await send_html(context, message.chat_id, text)
    await refresh_menu(context, message.chat_id, user.id)


async def refresh_menu(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> None:
    """Show a registered person the commands of their role in this chat's menu."""
    async with services(context).desk.db.transaction(readonly=True) as session:
        role, _plan, _known = await user_role(session, user_id)
    if user_id in services(context).admins:
        role = "admin"
    pairs = list(messages.CITIZEN_COMMANDS)
    if role in ("staff", "admin"):
        pairs += messages.STAFF_COMMANDS
    if role in ("official", "admin"):
        pairs += messages.OFFICIAL_COMMANDS
    if role == "admin":
        pairs += messages.ADMIN_COMMANDS
    if role == "citizen":
        return
    try:
        await context.bot.set_my_commands(
            [BotCommand(name, text) for name, text in pairs], scope=BotCommandScopeChat(chat_id)
        )
    except TelegramError as exc:  # the menu is a convenience: never fail a registration over it
        log.warning("could not set the command menu for chat %s: %s", chat_id, exc)


async def invite_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    text = await onboarding(context).invite(user.id, list(context.args or []), context.bot.username)
    await send_html(context, message.chat_id, text)


async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    await onboarding(context).ensure_units()
    replies = await flow(context).start(user.id, user.first_name, user.username)
    await send_replies(context, message.chat_id, replies)


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    await send_replies(context, message.chat_id, await flow(context).cancel(user.id))


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    try:
        await query.answer()
    except BadRequest as exc:
        log.info("callback query not answered: %s", exc)
    user = query.from_user
    replies = await flow(context).button(
        user.id, query.data.removeprefix(CALLBACK_PREFIX), user.first_name, user.username
    )
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    try:  # the pressed keyboard is spent: remove it so it cannot be pressed again
        await context.bot.edit_message_reply_markup(chat_id=message.chat_id, message_id=message.message_id)
    except BadRequest as exc:
        log.info("could not remove the keyboard: %s", exc)
    await send_replies(context, message.chat_id, replies)


async def handle_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Give staff text (a report step, figures typed freely) to the report flow.

    Returns True when the message was consumed here, False to treat it as a citizen's question."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None or message.chat.type != ChatType.PRIVATE:
        return False
    replies = await flow(context).text(user.id, message.text, user.first_name, user.username)
    if replies is None:
        return False
    await send_replies(context, message.chat_id, replies)
    return True
