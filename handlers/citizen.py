"""Telegram handlers for citizens: translate updates to `CitizenDesk` calls and back."""

from __future__ import annotations

import html
import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import messages
from bot.qa.engine import Answer
from bot.qa.facts import plan_label
from bot.render import answer_html
from handlers import staff
from handlers.common import (
    edit_or_send_html,
    locality_keyboard,
    person,
    send_html,
    sender_for,
    services,
    suggestion_keyboard,
)

log = logging.getLogger(__name__)


def _plans_list(context: ContextTypes.DEFAULT_TYPE) -> str:
    engine = services(context).engine
    return "\n".join(f"• {html.escape(plan_label(engine.plans[pid]))}" for pid in engine.order)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    await svc.desk.greet(person(user))
    name = f", {html.escape(user.first_name)}" if user.first_name else ""
    text = messages.GREETING.format(name=name, plans=_plans_list(context))
    await send_html(context, message.chat_id, text, reply_markup=locality_keyboard(svc.engine.plan_options(), "loc"))
    if user.id in svc.admins:
        await staff.refresh_menu(context, message.chat_id, user.id)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await send_html(context, update.effective_message.chat_id, messages.HELP)


async def choose_locality(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    options = services(context).engine.plan_options()
    await send_html(context, message.chat_id, messages.CHOOSE_LOCALITY, reply_markup=locality_keyboard(options, "loc"))


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a message, or None when a group message is not for the bot."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    mention = f"@{bot_username}".lower()
    if mention in text.lower():
        start = text.lower().index(mention)
        return (text[:start] + text[start + len(mention) :]).strip()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    return None


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any text is a question (in groups: only when it mentions or replies to the bot)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None:
        return
    text = addressed_text(message, context.bot.username, context.bot.id)
    if text is None:
        return
    sender = sender_for(context, update.update_id)
    may_report = sender is None or sender.may_report  # unknown: let the report flow look it up
    if message.chat.type == ChatType.PRIVATE and may_report and await staff.handle_text(update, context):
        return
    svc = services(context)
    answer = await svc.desk.ask(person(user), text, message.chat.type, sender=sender)
    prefix = messages.EDITED_PREFIX + "\n" if update.edited_message is not None else ""
    await send_answer(context, message, answer, prefix=prefix)


async def send_answer(context: ContextTypes.DEFAULT_TYPE, message: Message, answer: Answer, prefix: str = "") -> None:
    body = answer_html(answer.text)
    if answer.status == "clarify" and answer.options:
        body += "\n\n" + messages.CLARIFY_BUTTONS_HINT
        markup = locality_keyboard(answer.options, "clar")
    elif answer.status == "unknown" and answer.suggestions:
        markup = suggestion_keyboard(answer.suggestions)
    else:
        markup = None
    await send_html(
        context, message.chat_id, html.escape(prefix) + body, reply_markup=markup, reply_to=message.message_id
    )


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Locality choice ('loc:'), clarification ('clar:') and suggestion ('sug:') buttons."""
    query = update.callback_query
    if query is None:
        return
    svc = services(context)
    kind, _, value = (query.data or "").partition(":")
    message = query.message if isinstance(query.message, Message) else None
    who = person(query.from_user)

    if kind == "loc" and value in svc.engine.plans:
        await svc.desk.choose(who, value)
        await _answer_query(query)
        label = html.escape(plan_label(svc.engine.plans[value]))
        examples = "\n".join(f"• {html.escape(s.text)}" for s in svc.engine.suggestions([value], limit=3))
        text = messages.LOCALITY_CHOSEN.format(label=label, examples=examples)
        if message is not None:
            await edit_or_send_html(context, message, text, None)
        return

    if kind == "clar" and value in svc.engine.plans and message is not None:
        original = message.reply_to_message.text if message.reply_to_message else None
        if original:
            await _answer_query(query)
            chat_type = message.chat.type
            answer = await svc.desk.ask(who, original, chat_type, plan_id=value)
            await edit_or_send_html(context, message, answer_html(answer.text), None)
            return

    if kind == "sug":
        suggested = svc.engine.suggestion_text(value)
        if suggested and message is not None:
            await _answer_query(query)
            answer = await svc.desk.ask(who, suggested, message.chat.type)
            body = f"<b>{html.escape(suggested)}</b>\n{answer_html(answer.text)}"
            await send_html(context, message.chat_id, body)
            return

    await _answer_query(query, messages.STALE_BUTTON)


async def stale_button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button whose data no handler recognises (old message, tampered data)."""
    if update.callback_query is not None:
        await _answer_query(update.callback_query, messages.STALE_BUTTON)


async def _answer_query(query, text: str | None = None) -> None:
    try:
        await query.answer(text=text, show_alert=bool(text))
    except BadRequest as exc:  # an old query Telegram no longer accepts: nothing to tell the user
        log.info("callback query not answered: %s", exc)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice...: ask for a text question (private chats only)."""
    message = update.effective_message
    if message is not None and message.chat.type == ChatType.PRIVATE:
        await send_html(context, message.chat_id, messages.NOT_TEXT, reply_to=message.message_id)
