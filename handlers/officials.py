"""Telegram handlers and scheduled jobs for officials: summaries, reminders, exports (issue 5).

Thin layer over `bot.summary.schedule.OfficialsDesk`: commands /tonghop, /chuanop, /xuat,
buttons with the `off:` prefix, and a job that runs every minute and lets the desk decide
(with database claims) whether today's summary or reminders are due. JobQueue's run_daily is
not used on purpose: it runs in UTC by default and drops runs missed while the bot was down.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import messages
from bot.config import Settings
from bot.messages import summary as summary_texts
from bot.qa.facts import plan_label
from bot.summary.schedule import REPORT_BUTTON_DATA, OfficialsDesk, ScheduleConfig
from bot.summary.sender import Button, PacedSender, RateLimited, RecipientBlocked, TransientSendError
from handlers.common import send_html, services, short_label

log = logging.getLogger(__name__)

#: Seconds between two checks of the schedule (tests lower it; the clock decides what is due).
CHECK_INTERVAL_SECONDS: float = 60.0
DESK_KEY = "officials"
ACTIONS = {"sum", "mis", "xls", "rem"}


class TelegramTransport:
    """`bot.summary.sender.Transport` over a telegram.Bot: maps PTB errors onto the core's."""

    def __init__(self, bot: object) -> None:
        self.bot = bot

    async def send(self, chat_id: int, html: str, buttons: Sequence[Button] | None) -> None:
        markup = _markup(buttons) if buttons else None
        await self._guard(
            self.bot.send_message(  # type: ignore[attr-defined]
                chat_id=chat_id, text=html, parse_mode=ParseMode.HTML, reply_markup=markup
            )
        )

    async def send_photo(self, chat_id: int, png: bytes, caption: str) -> None:
        await self._guard(
            self.bot.send_photo(chat_id=chat_id, photo=png, caption=caption[:1024])  # type: ignore[attr-defined]
        )

    @staticmethod
    async def _guard(call: object) -> None:
        try:
            await call  # type: ignore[misc]
        except Forbidden as exc:
            raise RecipientBlocked(str(exc)) from exc
        except RetryAfter as exc:
            retry = exc.retry_after
            seconds = retry.total_seconds() if isinstance(retry, dt.timedelta) else float(retry)
            raise RateLimited(seconds, str(exc)) from exc
        except BadRequest:
            raise
        except (TimedOut, NetworkError) as exc:
            raise TransientSendError(str(exc)) from exc


def _markup(buttons: Sequence[Button]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.text, callback_data=b.data, url=b.url)] for b in buttons])


def desk_of(context: ContextTypes.DEFAULT_TYPE) -> OfficialsDesk:
    desk: OfficialsDesk = context.application.bot_data[DESK_KEY]
    return desk


def register(application: Application) -> None:
    """Add this module's handlers and jobs; called before the citizens' handlers are added."""
    svc = application.bot_data["services"]
    settings: Settings = svc.settings
    desk = OfficialsDesk(
        svc.desk.db,
        svc.engine.plans,
        svc.clock,
        ScheduleConfig.from_settings(settings),
        PacedSender(TelegramTransport(application.bot)),
        admins=svc.admins,
        forms=svc.forms,
    )
    application.bot_data[DESK_KEY] = desk
    application.add_handler(CommandHandler("tonghop", summary_command))
    application.add_handler(CommandHandler("chuanop", missing_command))
    application.add_handler(CommandHandler("xuat", export_command))
    application.add_handler(CallbackQueryHandler(button, pattern=r"^off:"))
    if application.job_queue is None:
        log.warning("no JobQueue (install python-telegram-bot[job-queue]): daily summaries are off")
        return
    application.job_queue.run_repeating(
        scheduled_tick, interval=CHECK_INTERVAL_SECONDS, first=1, name="officials-daily-summary"
    )


async def scheduled_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every minute: send what is due now by the injectable clock (the desk claims it in the DB)."""
    desk = desk_of(context)
    try:
        report = await desk.tick(services(context).clock.now())
    except Exception:
        log.exception("scheduled summary check failed")
        return
    for plan_id, outcomes in report.summaries.items():
        log.info("daily summary %s: %s", plan_id, {o.chat_id: o.status for o in outcomes})


# -- commands ---------------------------------------------------------------------------------------------


async def summary_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _command(update, context, "sum")


async def missing_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _command(update, context, "mis")


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _command(update, context, "xls")


async def _command(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    if chat.type != ChatType.PRIVATE:
        await send_html(context, chat.id, messages.OFF_PRIVATE_ONLY)
        return
    desk = desk_of(context)
    access = await desk.access(user.id)
    if not access.plan_ids:
        await send_html(context, chat.id, _refusal(access.role))
        return
    if len(access.plan_ids) == 1:
        await _act(context, chat.id, action, access.plan_ids[0])
        return
    rows = [
        [InlineKeyboardButton(short_label(_label(desk, plan_id)), callback_data=f"off:{action}:{plan_id}")]
        for plan_id in access.plan_ids
    ]
    await send_html(context, chat.id, messages.OFF_CHOOSE_PLAN, reply_markup=InlineKeyboardMarkup(rows))


def _refusal(role: str) -> str:
    return messages.OFF_NOT_ALLOWED_STAFF if role == "staff" else messages.OFF_NOT_ALLOWED


def _label(desk: OfficialsDesk, plan_id: str) -> str:
    return plan_label(desk.plans[plan_id])


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or query.message is None:
        return
    chat_id = query.message.chat.id
    if query.data == REPORT_BUTTON_DATA:
        await query.answer()
        await _start_report(update, context, query)
        return
    parts = (query.data or "").split(":", 2)
    if len(parts) != 3 or parts[1] not in ACTIONS:
        await query.answer(messages.STALE_BUTTON, show_alert=True)
        return
    _, action, plan_id = parts
    desk = desk_of(context)
    if plan_id not in desk.plans:
        await query.answer(messages.OFF_PLAN_UNKNOWN, show_alert=True)
        return
    access = await desk.access(user.id)
    if not access.allows(plan_id):
        await query.answer(_refusal(access.role), show_alert=True)
        return
    await query.answer()
    await _act(context, chat_id, action, plan_id)


async def _act(context: ContextTypes.DEFAULT_TYPE, chat_id: int, action: str, plan_id: str) -> None:
    desk = desk_of(context)
    if action == "sum":
        chunks, png = await desk.summary_messages(plan_id)
        for chunk in chunks:
            await send_html(context, chat_id, chunk)
        if png is not None:
            await context.bot.send_photo(chat_id=chat_id, photo=png, caption=desk.chart_caption(plan_id)[:1024])
    elif action == "mis":
        chunks, any_missing = await desk.missing(plan_id)
        markup = (
            InlineKeyboardMarkup(
                [[InlineKeyboardButton(messages.OFF_MISSING_REMIND_BUTTON, callback_data=f"off:rem:{plan_id}")]]
            )
            if any_missing
            else None
        )
        for index, chunk in enumerate(chunks):
            await send_html(context, chat_id, chunk, reply_markup=markup if index == len(chunks) - 1 else None)
    elif action == "xls":
        export = await desk.export(plan_id)
        label = _label(desk, plan_id)
        await context.bot.send_document(
            chat_id=chat_id,
            document=export.docx,
            filename=export.docx_name,
            caption=summary_texts.EXPORT_CAPTION_DOCX_HTML.format(plan=label),
        )
        await context.bot.send_document(
            chat_id=chat_id,
            document=export.xlsx,
            filename=export.xlsx_name,
            caption=messages.OFF_EXPORT_CAPTION_XLSX.format(plan=label),
        )
        await context.bot.send_document(
            chat_id=chat_id,
            document=export.csv,
            filename=export.csv_name,
            caption=messages.OFF_EXPORT_CAPTION_CSV.format(plan=label),
        )
    elif action == "rem":
        report = await desk.remind(plan_id)
        await send_html(context, chat_id, report.text())


async def _start_report(update: Update, context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery) -> None:
    """The reminder's button: run the /baocao command handler as if the user had typed it."""
    target = None
    for handlers in context.application.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler) and "baocao" in handler.commands:
                target = handler
                break
        if target is not None:
            break
    message = query.message
    if target is None or not isinstance(message, Message) or update.effective_user is None:
        if message is not None:
            await send_html(context, message.chat.id, messages.OFF_REMIND_START_HINT)
        return
    typed = Message(
        message_id=message.message_id,
        date=message.date,
        chat=message.chat,
        from_user=update.effective_user,
        text="/baocao",
        entities=[MessageEntity(MessageEntity.BOT_COMMAND, 0, len("/baocao"))],
    )
    typed.set_bot(context.bot)
    synthetic = Update(update_id=update.update_id, message=typed)
    check = target.check_update(synthetic)
    if not check:
        await send_html(context, message.chat.id, messages.OFF_REMIND_START_HINT)
        return
    application: Any = context.application
    handler_context = application.context_types.context.from_update(synthetic, application)
    await target.handle_update(synthetic, context.application, check, handler_context)
