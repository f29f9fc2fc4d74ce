"""Telegram handlers for publishing plans in chat (`bot.publish.desk.PlanDesk`): admins only.

An admin's document in a private chat is a plan to draft (or, as .csv, units to add), unless the
admin also reports for a unit: then it is evidence as for any staff member, except right after
/kehoach or with a caption naming a plan ("/kehoach", "kế hoạch …"). Everyone else's documents
go on to the evidence handler, as before.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.db import prompts
from bot.messages import publish as texts
from bot.publish.desk import CALLBACK, PROMPT_DOCUMENT, PROMPT_FIX, IncomingFile, Reply
from bot.text import fold
from handlers.citizen import answer_query
from handlers.context import Services, is_private, remove_keyboard, reply, services

log = logging.getLogger(__name__)

VERBS = {"pub", "fix", "drop", "show", "vers", "undo", "wd", "units"}
#: buttons whose message is spent once pressed (their keyboard is removed)
SPENT = {"pub", "drop", "undo", "wd", "units"}


def send(chat_id: int, answer: Reply) -> None:
    reply(chat_id, answer.text, answer.buttons)


async def document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's document in a private chat: a plan to draft, or a CSV of units (the update stops
    here); anything else continues to the evidence handler."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.document is None or not is_private(message):
        return
    svc = services(context)
    if user.id not in svc.admins:
        return
    file = message.document
    incoming = IncomingFile(file.file_name or "tep-khong-ten", file.file_size, file.mime_type)
    desk = svc.plans
    if not incoming.is_csv and not await _is_plan_of(svc, user.id, message):
        return  # evidence for the unit they report for
    refused = desk.refusal(incoming)
    if refused is not None:
        reply(message.chat_id, refused, reply_to=message.message_id)
        raise ApplicationHandlerStop
    await _typing(context, message.chat_id)
    try:
        telegram_file = await context.bot.get_file(file.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except (TelegramError, OSError) as exc:
        log.warning("could not download the document %s: %s", file.file_unique_id, exc)
        reply(message.chat_id, texts.DOWNLOAD_FAILED, reply_to=message.message_id)
        raise ApplicationHandlerStop from None
    answer = await (desk.import_units(incoming, data) if incoming.is_csv else desk.draft(user.id, incoming, data))
    reply(message.chat_id, answer.text, answer.buttons, reply_to=message.message_id)
    raise ApplicationHandlerStop


async def _is_plan_of(svc: Services, user_id: int, message: Message) -> bool:
    """An admin's document is a plan, unless they also report for a unit and did not say it is one
    (a caption, or /kehoach just before)."""
    if not (await svc.citizens.profile(user_id)).may_report:
        return True
    caption = fold(message.caption or "")
    if caption.startswith("/kehoach") or "ke hoach" in caption:
        return True
    waiting = await svc.plans.waiting_for(user_id)
    return waiting is not None and waiting[0] == PROMPT_DOCUMENT


async def awaited_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Corrections to a draft, after "✏️ Sửa" (a question, ending with '?', still gets an answer)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None or not is_private(message):
        return
    svc = services(context)
    if user.id not in svc.admins:
        return
    waiting = await svc.plans.waiting_for(user.id)
    if waiting is None or waiting[0] != PROMPT_FIX:
        return
    if message.text.rstrip().endswith("?") and ":" not in message.text:
        return
    send(message.chat_id, await svc.plans.fix(user.id, int(waiting[1].get("draft", 0)), message.text))
    raise ApplicationHandlerStop


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huy while correcting a draft (or after /kehoach): stop that; otherwise /huy goes on as before."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    if user.id not in svc.admins or await svc.plans.waiting_for(user.id) is None:
        return
    send(message.chat_id, await svc.plans.cancel(user.id))
    raise ApplicationHandlerStop


async def plans_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kehoach: how to publish, the plans in service, drafts; /kehoach <id>: a plan's versions."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    if user.id not in svc.admins:
        reply(message.chat_id, texts.NOT_ADMIN)
        return
    args = list(context.args or [])
    if args:
        send(message.chat_id, await svc.plans.history(plan_id=args[0].strip().lower()))
        return
    send(message.chat_id, await svc.plans.overview(user.id))
    if (await svc.citizens.profile(user.id)).may_report:  # their documents are evidence unless announced
        async with svc.db.transaction() as session:
            await prompts.set_prompt(session, user.id, PROMPT_DOCUMENT, {}, svc.clock.now())
        reply(message.chat_id, texts.NEXT_DOCUMENT)


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tailai: validate the plan files and published plans and swap the catalogue now."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    if user.id not in svc.admins:
        reply(message.chat_id, texts.NOT_ADMIN)
        return
    await _typing(context, message.chat_id)
    send(message.chat_id, await svc.plans.reload())


async def _typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """'typing…' while a document is read or the catalogue rebuilt (seconds); a courtesy only."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as exc:
        log.info("chat action not sent: %s", exc)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'pl:<verb>:<id>': publish, fix, drop or show a draft; versions, restore, withdraw; add units."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or not isinstance(query.message, Message):
        return
    svc = services(context)
    if user.id not in svc.admins:
        await answer_query(query, texts.NOT_ADMIN)
        return
    _, verb, target = [*(query.data or "").split(":", 2), "", ""][:3]
    if not query.data or not query.data.startswith(f"{CALLBACK}:") or verb not in VERBS or not target.isdigit():
        await answer_query(query, texts.STALE)
        return
    await answer_query(query)
    desk, chat_id, number = svc.plans, query.message.chat_id, int(target)
    if verb in SPENT:
        remove_keyboard(chat_id, query.message.message_id)
    if verb == "pub":
        answer = await desk.publish(user.id, number, chat_id)
    elif verb == "fix":
        answer = await desk.start_fix(user.id, number)
    elif verb == "drop":
        answer = await desk.discard(user.id, number)
    elif verb == "show":
        answer = await desk.show(number)
    elif verb == "vers":
        answer = await desk.history(version_id=number)
    elif verb == "units":
        answer = await desk.add_plan_units(number)
    else:
        answer = await desk.restore(user.id, number, chat_id, withdraw=verb == "wd")
    send(chat_id, answer)
