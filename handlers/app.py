"""Build the python-telegram-bot Application and run it by long polling or as a webhook server."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from telegram import BotCommand, Update
from telegram.error import Forbidden
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import messages
from bot.citizens import CitizenDesk
from bot.clock import Clock
from bot.config import Settings
from bot.db.session import Database
from bot.qa.engine import Engine
from bot.reports.form import FormCatalog
from handlers import citizen, officials, staff
from handlers.common import Services, forget_sender, remember_sender, send_html, services
from handlers.processor import PerChatUpdateProcessor

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
CONCURRENT_UPDATES = 64
HTTP_CONNECTIONS = 8


async def _claim(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Process each update_id once, even if Telegram (or another worker) delivers it again."""
    user = update.effective_user
    claimed, sender = await services(context).desk.claim_update(update.update_id, user.id if user else None)
    if not claimed:
        log.info("update %s already processed; skipped", update.update_id)
        raise ApplicationHandlerStop
    remember_sender(context, update.update_id, sender)


QUESTION_FLUSH_SECONDS = 1.0


async def _forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Drop what `_claim` remembered for this update, whichever handler (if any) used it."""
    forget_sender(context, update.update_id)


async def _flush_questions(context: ContextTypes.DEFAULT_TYPE) -> None:
    await services(context).desk.flush()


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log with the update's context and tell the user briefly; never crash the process."""
    error = context.error
    if isinstance(error, Forbidden) and isinstance(update, Update) and update.effective_user:
        await services(context).desk.mark_blocked(update.effective_user.id)
        log.info("user %s blocked the bot", update.effective_user.id)
        return
    where = ""
    if isinstance(update, Update):
        chat = update.effective_chat
        where = f" update_id={update.update_id} chat={chat.id if chat else None} type={chat.type if chat else None}"
    log.error("error while handling%s: %r", where, error, exc_info=error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await send_html(context, update.effective_chat.id, messages.ERROR)
        except Exception:
            log.warning("could not tell the user about the error")


async def register_commands(application: Application) -> None:
    commands = [BotCommand(name, description) for name, description in messages.CITIZEN_COMMANDS]
    try:
        await application.bot.set_my_commands(commands)
    except Exception as exc:
        log.warning("could not register the command menu: %s", exc)


def services_of(application: Application) -> Services:
    return application.bot_data["services"]


def build_application(
    settings: Settings,
    engine: Engine,
    db: Database,
    clock: Clock,
    *,
    forms: FormCatalog | None = None,
) -> Application:
    token = settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the Telegram application")
    builder = (
        Application.builder()
        .token(token)
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.rate_limit_per_second, max_retries=3))
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_UPDATES))
        # A few connections carry Telegram's 30 messages/s at real-world latency; httpcore scans its
        # whole pool on every request, so PTB's default of 256 costs CPU for nothing (bot_load.py).
        .connection_pool_size(HTTP_CONNECTIONS)
        .pool_timeout(10.0)
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url).base_file_url(settings.base_file_url or "")
    if settings.webhook_url:
        builder = builder.updater(None)
    application = builder.build()
    desk = CitizenDesk(engine, db, clock)
    application.bot_data["services"] = Services(
        engine=engine,
        desk=desk,
        clock=clock,
        admins=frozenset(settings.bot_admins),
        settings=settings,
        forms=forms or FormCatalog.load(),
    )

    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _flush_questions, interval=QUESTION_FLUSH_SECONDS, first=QUESTION_FLUSH_SECONDS
        )
    application.add_handler(TypeHandler(Update, _claim), group=-1)
    staff.register(application)
    officials.register(application)
    application.add_handler(CommandHandler("start", citizen.start))
    application.add_handler(CommandHandler(["help", "trogiup"], citizen.help_command))
    application.add_handler(CommandHandler("diaphuong", citizen.choose_locality))
    application.add_handler(CallbackQueryHandler(citizen.button, pattern=r"^(loc|clar|sug):"))
    text = filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(text & filters.UpdateType.MESSAGES, citizen.question))
    application.add_handler(
        MessageHandler(
            (
                filters.Sticker.ALL
                | filters.PHOTO
                | filters.VOICE
                | filters.AUDIO
                | filters.VIDEO
                | filters.Document.ALL
                | filters.VIDEO_NOTE
                | filters.LOCATION
                | filters.CONTACT
            )
            & filters.UpdateType.MESSAGE,
            citizen.not_text,
        )
    )
    application.add_handler(CallbackQueryHandler(citizen.stale_button))  # anything no handler claimed
    application.add_handler(TypeHandler(Update, _forget), group=100)
    application.add_error_handler(_on_error)
    return application


async def run_polling(application: Application, stop: asyncio.Event) -> None:
    async with application:
        await register_commands(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
        log.info("bot started (long polling)")
        await stop.wait()
        await application.updater.stop()
        await application.stop()
        await services_of(application).desk.flush()


def webhook_app(application: Application, secret: str | None, path: str) -> web.Application:
    """aiohttp app: POST <path> takes updates (secret checked in constant time), GET /healthz."""

    async def receive(request: web.Request) -> web.Response:
        if secret is not None:
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return web.Response(status=403, text="forbidden")
        try:
            data = await request.json()
            update = Update.de_json(data, application.bot)
        except (json.JSONDecodeError, ValueError, KeyError, TypeError):
            return web.Response(status=400, text="bad update")
        if update is None:
            return web.Response(status=400, text="bad update")
        await application.update_queue.put(update)
        return web.Response(text="ok")

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "running": application.running})

    app = web.Application()
    app.router.add_post(path, receive)
    app.router.add_get("/healthz", health)
    return app


async def run_webhook(application: Application, settings: Settings, stop: asyncio.Event) -> None:
    assert settings.webhook_url is not None
    path = "/" + settings.webhook_url.split("://", 1)[1].partition("/")[2]
    path = path if path != "/" else "/telegram"
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    runner = web.AppRunner(webhook_app(application, secret, path), access_log=None)
    async with application:
        await register_commands(application)
        await application.start()
        await runner.setup()
        site = web.TCPSite(runner, settings.listen, settings.port)
        await site.start()
        await application.bot.set_webhook(settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        log.info("bot started (webhook on port %s, path %s)", settings.port, path)
        await stop.wait()
        await runner.cleanup()
        await application.stop()
        await services_of(application).desk.flush()


Runner = Callable[[Application, asyncio.Event], Awaitable[None]]
