"""Telegram handlers for citizens: translate updates to `CitizenDesk` calls and back."""

from __future__ import annotations

import html
import logging

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import messages
from bot.buttons import Button, Keyboard, column
from bot.catalog import plan_label
from bot.kb.schema import Plan
from bot.messages import chat as chat_texts
from bot.qa.engine import Answer, Engine, Option, Suggestion
from bot.render import answer_html
from bot.roles import Role
from handlers.context import edit, is_private, person, reply, services
from handlers.menus import commands_for, refresh_menu

log = logging.getLogger(__name__)


def short_label(label: str) -> str:
    """'phường Nam Triệu (Hải Phòng), năm 2025' -> 'Phường Nam Triệu (Hải Phòng) – 2025'."""
    label = label.replace(", năm ", " – ")
    return label[:1].upper() + label[1:]


def locality_keyboard(options: list[Option], prefix: str) -> Keyboard:
    """One button per plan; callback data is '<prefix>:<plan id>' (well under 64 bytes)."""
    return column([Button(short_label(o.label), data=f"{prefix}:{o.plan_id}") for o in options])


def suggestion_keyboard(suggestions: list[Suggestion]) -> Keyboard:
    return column([Button(s.text[:60], data=f"sug:{s.key}") for s in suggestions])


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: greet, list the localities covered, offer them as buttons."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    await svc.citizens.greet(person(user))
    engine = svc.knowledge.current.engine
    plans = "\n".join(f"• {html.escape(line)}" for line in engine.catalogue_lines())
    name = f", {html.escape(user.first_name)}" if user.first_name else ""
    choose, options = engine.greeting_choice()
    text = messages.GREETING.format(name=name, plans=plans, choose=html.escape(choose))
    reply(message.chat_id, text, locality_keyboard(options, "loc"))
    if user.id in svc.admins:
        await refresh_menu(context, message.chat_id, user.id)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: examples, and the commands of the sender's role."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    profile = await services(context).citizens.profile(user.id)
    sections = [messages.HELP]
    for role, title in ((Role.STAFF, chat_texts.HELP_STAFF), (Role.OFFICIAL, chat_texts.HELP_OFFICIAL)):
        if profile.role in (role, Role.ADMIN):
            sections.append(title + "\n" + _command_lines(role))
    if profile.role == Role.ADMIN:
        sections.append(chat_texts.HELP_ADMIN + "\n" + _command_lines(Role.ADMIN))
    reply(message.chat_id, "\n\n".join(sections))


def _command_lines(role: Role) -> str:
    pairs = {Role.STAFF: messages.STAFF_COMMANDS, Role.OFFICIAL: messages.OFFICIAL_COMMANDS}.get(
        role, messages.ADMIN_COMMANDS
    )
    return "\n".join(chat_texts.HELP_LINE.format(command=c, description=d) for c, d in pairs)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command nobody handles (private chats): say which ones this user may use."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not is_private(message):
        return
    typed = (message.text or "").split()[0][1:].split("@")[0]
    profile = await services(context).citizens.profile(user.id)
    lines = "\n".join(chat_texts.HELP_LINE.format(command=c, description=d) for c, d in commands_for(profile.role))
    reply(message.chat_id, chat_texts.UNKNOWN_COMMAND.format(command=html.escape(typed[:32]), commands=lines))


async def choose_locality(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/diaphuong [tên]: the locality buttons (found by the typed name when the catalogue is big)."""
    message = update.effective_message
    if message is None:
        return
    svc = services(context)
    typed = " ".join(context.args or [])
    knowledge = svc.knowledge.current
    text, options = knowledge.engine.locality_prompt(typed, svc.clock.now().year)
    plan = knowledge.catalog.get(options[0].plan_id) if typed and len(options) == 1 else None
    if plan is not None and update.effective_user is not None:  # "/diaphuong an lão": one match, chosen
        await svc.citizens.choose(person(update.effective_user), plan.id)
        reply(message.chat_id, locality_chosen_text(knowledge.engine, plan))
        return
    reply(message.chat_id, html.escape(text), locality_keyboard(options, "loc"))


def locality_chosen_text(engine: Engine, plan: Plan) -> str:
    examples = "\n".join(f"• {html.escape(s.text)}" for s in engine.suggestions([plan.id], limit=3))
    return messages.LOCALITY_CHOSEN.format(label=html.escape(plan_label(plan)), examples=examples)


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a message, or None when a group message is not for the bot."""
    text = message.text or ""
    if is_private(message):
        return text
    mention = f"@{bot_username}".lower()
    if mention in text.lower():
        start_at = text.lower().index(mention)
        return (text[:start_at] + text[start_at + len(mention) :]).strip()
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
    answer = await services(context).citizens.ask(person(user), text, message.chat.type, chat_id=message.chat_id)
    prefix = messages.EDITED_PREFIX + "\n" if update.edited_message is not None else ""
    send_answer(message, answer, prefix=prefix)


def send_answer(message: Message, answer: Answer, prefix: str = "") -> None:
    body = answer_html(answer.text)
    markup: Keyboard = ()
    if answer.status == "clarify" and answer.options:
        body += "\n\n" + messages.CLARIFY_BUTTONS_HINT
        markup = locality_keyboard(answer.options, "clar")
    elif answer.status == "unknown" and answer.suggestions:
        markup = suggestion_keyboard(answer.suggestions)
    reply(message.chat_id, html.escape(prefix) + body, markup, reply_to=message.message_id)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Locality choice ('loc:'), clarification ('clar:') and suggestion ('sug:') buttons."""
    query = update.callback_query
    if query is None:
        return
    svc = services(context)
    knowledge = svc.knowledge.current
    kind, _, value = (query.data or "").partition(":")
    message = query.message if isinstance(query.message, Message) else None
    who = person(query.from_user)
    plan = knowledge.catalog.get(value)

    if kind == "loc" and plan is not None:
        await svc.citizens.choose(who, value)
        await answer_query(query)
        if message is not None:
            edit(message.chat_id, message.message_id, locality_chosen_text(knowledge.engine, plan))
        return

    if kind == "clar" and plan is not None and message is not None:
        original = message.reply_to_message.text if message.reply_to_message else None
        answer = await svc.citizens.answer_option(
            who, value, message.chat.type, chat_id=message.chat_id, question=original
        )
        if answer is not None:
            await answer_query(query)
            edit(message.chat_id, message.message_id, answer_html(answer.text))
            return

    if kind == "sug" and message is not None:
        suggested = knowledge.engine.suggestion_text(value)
        if suggested:
            await answer_query(query)
            answer = await svc.citizens.ask(who, suggested, message.chat.type, chat_id=message.chat_id)
            reply(message.chat_id, f"<b>{html.escape(suggested)}</b>\n{answer_html(answer.text)}")
            return

    await answer_query(query, messages.STALE_BUTTON)


async def stale_button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button whose data no handler recognises (old message, tampered data)."""
    if update.callback_query is not None:
        await answer_query(update.callback_query, messages.STALE_BUTTON)


async def answer_query(query: CallbackQuery, text: str | None = None) -> None:
    """Stop the button's spinner (at once, not through the outbox: Telegram allows seconds only)."""
    try:
        await query.answer(text=text, show_alert=bool(text))
    except BadRequest as exc:  # an old query Telegram no longer accepts: nothing to tell the user
        log.info("callback query not answered: %s", exc)


async def not_text(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice…: ask for a text question (private chats only)."""
    message = update.effective_message
    if message is not None and is_private(message):
        reply(message.chat_id, messages.NOT_TEXT, reply_to=message.message_id)
