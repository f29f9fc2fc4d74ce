"""Text the bot asked for (a return comment, a report part's text): taken before anything else.

What the bot waits for lives in the database (`bot/db/prompts.py`), so it survives a restart and
any worker gets it; the sender's profile says whether there is one, without another read."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.reports import review as review_core
from bot.summary import section_edit
from handlers.context import is_private, reply, services


async def awaited_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.text is None or not is_private(message):
        return
    svc = services(context)
    kind = (await svc.citizens.profile(user.id)).prompt
    if kind == review_core.PROMPT_RETURN:
        data = await svc.review.pending(user.id)
        if data is not None:
            answer = await svc.review.finish_return(user.id, data, message.text)
            reply(message.chat_id, answer.text, answer.buttons)
            raise ApplicationHandlerStop
    elif kind == section_edit.PROMPT:
        data = await svc.sections.pending(user.id)
        if data is not None:
            answer = await svc.sections.write(user.id, user.first_name or "", data, message.text)
            reply(message.chat_id, answer.text, answer.buttons)
            raise ApplicationHandlerStop


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """/huy while the bot waits for a text: stop waiting; False when it waits for nothing."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return False
    svc = services(context)
    kind = (await svc.citizens.profile(user.id)).prompt
    if kind is None:
        return False
    answer = await (
        svc.review.cancel_return(user.id) if kind == review_core.PROMPT_RETURN else svc.sections.cancel(user.id)
    )
    reply(message.chat_id, answer.text)
    return True
