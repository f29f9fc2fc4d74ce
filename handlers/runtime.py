"""The composition root: settings → knowledge → database → desks → Telegram application.

Everything the bot is made of is built in `build_runtime`, and every handler is registered in
`register_handlers`, in the order python-telegram-bot tries them. Updates do not reach the
handlers through python-telegram-bot's own updater: they are stored first (`handlers.pipeline`),
so that none is lost to a crash, then handled one unit of work each.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import hmac
import json
import logging
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TimedOut
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import memory, messages
from bot.catalog import Knowledge, LiveKnowledge
from bot.citizens import CitizenDesk
from bot.clock import Clock
from bot.config import ConfigError, Settings, load_settings
from bot.db import outbox as outbox_rows
from bot.db import plans as plan_rows
from bot.db import units as unit_rows
from bot.db.plans import ServedRow
from bot.db.schema import ensure_current
from bot.db.session import Database
from bot.housekeeping import Housekeeping
from bot.invites import Onboarding
from bot.kb.loader import KnowledgeBaseError
from bot.outbox import Dispatcher
from bot.publish import catalogue
from bot.publish.desk import PlanDesk
from bot.publish.reloader import CatalogueReloader
from bot.reports.evidence import EvidenceDesk
from bot.reports.flow import CALLBACK_PREFIX, ReportFlow
from bot.reports.review import ReviewDesk
from bot.summary.schedule import REPORT_BUTTON_DATA, OfficialsDesk, ScheduleConfig
from bot.summary.section_edit import SectionDesk
from bot.work import AlreadyProcessed, GroupCommit, Postman
from handlers import citizen, officials, prompts, publish, review, staff
from handlers.context import SERVICES_KEY, Services
from handlers.http import AiohttpRequest
from handlers.menus import register_citizen_menu
from handlers.pipeline import Inbox, Pipeline, Poller, note_failure, sleep_or_stop
from handlers.transport import TelegramTransport

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
CONCURRENT_UPDATES = 64
#: A few connections carry Telegram's 30 messages/s at real-world latency; httpcore scans its whole
#: pool on every request, so python-telegram-bot's default of 256 costs CPU for nothing.
HTTP_CONNECTIONS = 8
OUTBOX_CHECK_SECONDS = 5.0
HOUSEKEEPING_SECONDS = 3600.0
#: how often each worker checks the catalogue version and the plan files (a publish also pokes it at once)
CATALOGUE_CHECK_SECONDS = 2.0

#: commands of staff and officials: in a group they get a pointer to the private chat
PRIVATE_COMMANDS = ["baocao", "huy", "dangky", "moi", "tonghop", "chuanop", "xuat", "donvi", "noidung"]
PRIVATE_COMMANDS += ["kehoach", "tailai"]  # admins publishing plans (handlers/publish.py)
EVIDENCE = filters.PHOTO | filters.Document.ALL
MEDIA = (
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


def register_handlers(app: Application) -> None:
    """Every handler of the bot. In each group python-telegram-bot runs the first handler that
    matches; the next group runs unless a handler stopped the update (ApplicationHandlerStop)."""
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    invite_link = filters.Regex(r"^/start(@\w+)?\s+\S")
    text = filters.TEXT & ~filters.COMMAND
    new_private_text = text & private & filters.UpdateType.MESSAGE

    # Group -1: an admin's plan document (or units CSV), the corrections the bot asked for, /huy of those.
    app.add_handler(MessageHandler(filters.Document.ALL & private & filters.UpdateType.MESSAGE, publish.document), -1)
    app.add_handler(CommandHandler("huy", publish.cancel_command, filters=private), -1)
    app.add_handler(MessageHandler(new_private_text, publish.awaited_text), -1)

    # Group 0: commands, buttons, files, and text the bot asked for (a review comment).
    app.add_handler(CommandHandler(PRIVATE_COMMANDS, staff.private_only, filters=groups))
    app.add_handler(CommandHandler("start", staff.register_command, filters=private & invite_link))
    app.add_handler(CommandHandler("start", citizen.start))
    app.add_handler(CommandHandler(["help", "trogiup"], citizen.help_command))
    app.add_handler(CommandHandler("diaphuong", citizen.choose_locality))
    app.add_handler(CommandHandler("dangky", staff.register_command, filters=private))
    app.add_handler(CommandHandler("moi", staff.invite_command, filters=private))
    app.add_handler(CommandHandler("baocao", staff.report_command, filters=private))
    app.add_handler(CommandHandler("huy", staff.cancel_command, filters=private))
    app.add_handler(CommandHandler("tonghop", officials.summary_command))
    app.add_handler(CommandHandler("chuanop", officials.missing_command))
    app.add_handler(CommandHandler("xuat", officials.export_command))
    app.add_handler(CommandHandler("donvi", review.units_command))
    app.add_handler(CommandHandler("noidung", officials.sections_command))
    app.add_handler(CommandHandler("kehoach", publish.plans_command, filters=private))
    app.add_handler(CommandHandler("tailai", publish.reload_command, filters=private))
    app.add_handler(MessageHandler(filters.COMMAND & private, citizen.unknown_command))
    app.add_handler(CallbackQueryHandler(staff.report_button, pattern=rf"^({CALLBACK_PREFIX}|{REPORT_BUTTON_DATA}$)"))
    app.add_handler(CallbackQueryHandler(officials.button, pattern=r"^off:"))
    app.add_handler(CallbackQueryHandler(review.button, pattern=r"^rv:"))
    app.add_handler(CallbackQueryHandler(officials.section_button, pattern=r"^sec:"))
    app.add_handler(CallbackQueryHandler(publish.button, pattern=r"^pl:"))
    app.add_handler(CallbackQueryHandler(citizen.button, pattern=r"^(loc|clar|sug):"))
    app.add_handler(CallbackQueryHandler(citizen.stale_button))
    app.add_handler(MessageHandler(EVIDENCE & private & filters.UpdateType.MESSAGE, staff.evidence))
    app.add_handler(MessageHandler(MEDIA & filters.UpdateType.MESSAGE, citizen.not_text))
    app.add_handler(MessageHandler(new_private_text, prompts.awaited_text))

    # Group 1: staff's text while reporting, or figures typed freely.
    app.add_handler(MessageHandler(new_private_text, staff.report_text), 1)
    # Group 2: an official's text naming one of their units opens its report.
    app.add_handler(MessageHandler(new_private_text, review.unit_named), 2)
    # Group 3: any other text is a question (in groups: when it mentions or replies to the bot).
    app.add_handler(MessageHandler(text & filters.UpdateType.MESSAGES, citizen.question), 3)

    app.add_error_handler(on_error)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A handler failed: its update is undone and the user gets an apology (handlers.pipeline)."""
    error = context.error
    if isinstance(error, AlreadyProcessed):
        raise ApplicationHandlerStop
    where = ""
    if isinstance(update, Update):
        chat = update.effective_chat
        where = f" update_id={update.update_id} chat={chat.id if chat else None}"
    if error is not None and note_failure(error):
        log.error("error while handling%s: %r", where, error, exc_info=error)
        raise ApplicationHandlerStop
    log.error("error in a job%s: %r", where, error, exc_info=error)


@dataclass
class Runtime:
    settings: Settings
    application: Application
    db: Database
    services: Services
    dispatcher: Dispatcher
    pipeline: Pipeline
    inbox: Inbox

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until `stop` is set, then stop within a few seconds (what is unsent stays in the outbox)."""
        application = self.application
        if not await self._connect(stop):
            return
        try:
            await register_citizen_menu(application)
            await application.start()
            self.dispatcher.start()
            await self._take_over_outbox()
            await self.inbox.recover(older_than=0)
            if self.settings.webhook_url:
                await self._serve_webhook(stop)
            else:
                await self._poll(stop)
            await self.inbox.drain()
        finally:
            await self.services.catalogue.close()
            if application.running:
                await application.stop()
            await self.dispatcher.stop()
            await application.shutdown()

    async def _connect(self, stop: asyncio.Event) -> bool:
        """Reach the Bot API (getMe), retrying with backoff while it is unreachable; False if
        stopped meanwhile. A token the server rejects raises InvalidToken at once."""
        delay = 1.0
        where = self.settings.telegram_api_base_url or "api.telegram.org"
        while not stop.is_set():
            try:
                await self.application.initialize()
                return True
            except InvalidToken:
                raise
            except (TimedOut, NetworkError) as exc:
                log.warning("cannot reach the Bot API at %s (%s); trying again in %.0f s", where, exc, delay)
                await sleep_or_stop(stop, delay)
                delay = min(delay * 2, 30.0)
        return False

    async def _poll(self, stop: asyncio.Event) -> None:
        await self.application.bot.delete_webhook(drop_pending_updates=False)
        poller = Poller(self.application, self.inbox, allowed_updates=ALLOWED_UPDATES)
        log.info("bot started (long polling)")
        await poller.run(stop)

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        from aiohttp import web  # the webhook server: only in webhook mode

        settings = self.settings
        assert settings.webhook_url is not None
        path = "/" + settings.webhook_url.split("://", 1)[1].partition("/")[2]
        path = path if path != "/" else "/telegram"
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        runner = web.AppRunner(webhook_app(self, secret, path), access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, settings.listen, settings.port)
            try:
                await site.start()
            except OSError as exc:
                raise StartupError(
                    f"PORT: cannot listen on {settings.listen}:{settings.port} "
                    f"({'already in use' if exc.errno == errno.EADDRINUSE else exc.strerror or exc})"
                ) from None
            await self.application.bot.set_webhook(
                settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
            )
            log.info("bot started (webhook on port %s, path %s)", settings.port, path)
            await stop.wait()
        finally:
            await runner.cleanup()

    async def _take_over_outbox(self) -> None:
        """Messages left unsent by a crashed process (this one's earlier life, say): send them now."""
        postman = self.services.postman
        async with self.db.own_transaction() as session:
            records = await outbox_rows.take_over(session, postman.owner, self.services.clock.now())
        if records:
            log.info("resending %d message(s) left in the outbox", len(records))
        postman.deliver(records)

    async def close(self) -> None:
        from bot.summary import worker as document_worker

        await asyncio.to_thread(document_worker.shutdown)  # the process building officials' documents
        await self.db.dispose()


def webhook_app(runtime: Runtime, secret: str | None, path: str) -> web.Application:
    """aiohttp app: POST <path> stores the update (secret checked in constant time), GET /healthz."""
    from aiohttp import web

    application = runtime.application

    async def receive(request: web.Request) -> web.Response:
        if secret is not None:
            given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                return web.Response(status=403, text="forbidden")
        try:
            payload = await request.json()
            update = Update.de_json(payload, application.bot)
        except (json.JSONDecodeError, ValueError, KeyError, TypeError):
            return web.Response(status=400, text="bad update")
        if update is None or not isinstance(payload, dict):
            return web.Response(status=400, text="bad update")
        try:
            await runtime.inbox.receive([update], [payload])
        except Exception as exc:  # not stored: Telegram delivers it again
            log.error("could not store update %s: %s", update.update_id, exc)
            return web.Response(status=503, text="try again")
        return web.Response(text="ok")

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "running": application.running})

    app = web.Application()
    app.router.add_post(path, receive)
    app.router.add_get("/healthz", health)
    return app


class StartupError(Exception):
    """A problem an operator must fix before the bot can start; the message says which."""


def load_knowledge(settings: Settings, published: list[ServedRow] | None = None) -> catalogue.Built:
    """The plan files of PLANS_DIR merged with the plans published in the database."""
    try:
        return catalogue.build(catalogue.Sources.from_settings(settings), published or [])
    except KnowledgeBaseError as exc:
        raise StartupError(f"Knowledge base error:\n{exc}") from None


async def create_runtime(
    settings: Settings, clock: Clock | None = None, db: Database | None = None, knowledge: Knowledge | None = None
) -> Runtime:
    """Everything the bot needs; `db` may be given (tests share one), else made from DATABASE_URL.

    The catalogue is PLANS_DIR's files merged with the plans published in the database, built off
    the event loop; `knowledge` (tests) replaces it."""
    own_db = db is None
    db = db or Database(settings.database_url, schema=settings.database_schema)
    sources = catalogue.Sources.from_settings(settings)
    prints = catalogue.fingerprint(sources)
    try:
        await ensure_current(db)
        async with db.own_transaction(readonly=True) as session:
            version, published = await plan_rows.catalogue_version(session), await plan_rows.in_service(session)
    except Exception as exc:
        await db.dispose()
        raise StartupError(
            f"Could not prepare the database {db!r}: {exc}\n"
            "Check DATABASE_URL, or run `python run_bot.py migrate` to see the details."
        ) from None
    built: catalogue.Built | None = None
    try:
        if knowledge is None:
            built = await asyncio.to_thread(load_knowledge, settings, published)
            knowledge = built.knowledge
    except StartupError:
        if own_db:
            await db.dispose()
        raise
    live = LiveKnowledge(knowledge)
    try:
        async with db.own_transaction() as session:
            await unit_rows.sync(session, live.catalog.units)
    except Exception as exc:
        await db.dispose()
        raise StartupError(f"Could not prepare the database {db!r}: {exc}") from None
    runtime = build_runtime(settings, clock or Clock(settings.timezone), db, live)
    if built is not None:
        runtime.services.catalogue.mark_built(version, prints, built.served, built.file_set)
    else:  # knowledge given by the caller (tests): rebuilt at the first check if the database holds plans
        runtime.services.catalogue.mark_built(None if published else version, prints, {})
    return runtime


def build_runtime(settings: Settings, clock: Clock, db: Database, knowledge: LiveKnowledge) -> Runtime:
    token = settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is required to build the Telegram application")
    builder = (
        Application.builder()
        .token(token)
        .updater(None)  # updates come through handlers.pipeline (stored before they are confirmed)
        .request(AiohttpRequest(HTTP_CONNECTIONS, pool_timeout=10.0))
        .get_updates_request(AiohttpRequest(1))
    )
    if settings.telegram_api_base_url:
        builder = builder.base_url(settings.telegram_api_base_url).base_file_url(settings.base_file_url or "")
    application = builder.build()

    admins = frozenset(settings.bot_admins)
    dispatcher = Dispatcher(
        TelegramTransport(application.bot),
        outbox_rows.OutboxLog(db, clock.now),
        rate=settings.rate_limit_per_second,
        concurrency=HTTP_CONNECTIONS,
        wall=lambda: clock.now().timestamp(),
    )
    postman = Postman(db, clock, outbox_rows.worker_name(), dispatcher)
    group = GroupCommit(db, clock, postman)
    reloader = CatalogueReloader(knowledge, db, catalogue.Sources.from_settings(settings), postman, admins)
    svc = Services(
        settings=settings,
        clock=clock,
        db=db,
        knowledge=knowledge,
        postman=postman,
        citizens=CitizenDesk(knowledge, db, clock, admins),
        reports=ReportFlow(db, clock, knowledge, admins),
        onboarding=Onboarding(db, clock, knowledge, admins),
        officials=OfficialsDesk(db, knowledge, clock, ScheduleConfig.from_settings(settings), postman, admins=admins),
        evidence=EvidenceDesk(db, clock, knowledge, Path(settings.evidence_dir)),
        review=ReviewDesk(db, clock, knowledge, postman, Path(settings.evidence_dir), admins),
        sections=SectionDesk(db, clock, knowledge, admins),
        admins=admins,
        plans=PlanDesk(db, clock, knowledge, reloader),
        catalogue=reloader,
    )
    application.bot_data[SERVICES_KEY] = svc
    register_handlers(application)
    pipeline = Pipeline(application, db, clock, postman, group)
    inbox = Inbox(pipeline, concurrency=CONCURRENT_UPDATES)
    runtime = Runtime(settings, application, db, svc, dispatcher, pipeline, inbox)
    schedule_jobs(runtime)
    return runtime


def schedule_jobs(runtime: Runtime) -> None:
    """The repeating work: officials' schedule, the outbox's leases, unhandled updates, housekeeping."""
    jobs = runtime.application.job_queue
    if jobs is None:
        log.warning("no JobQueue (install python-telegram-bot[job-queue]): scheduled work is off")
        return
    keeper = Housekeeping(runtime.db, runtime.services.clock, runtime.settings)

    async def outbox(_context: ContextTypes.DEFAULT_TYPE) -> None:
        postman = runtime.services.postman
        now = runtime.services.clock.now()
        async with runtime.db.own_transaction() as session:
            await outbox_rows.renew(session, runtime.dispatcher.pending_ids(), postman.owner, now)
            records = await outbox_rows.take_over(session, postman.owner, now)
        postman.deliver(records)

    async def inbox(_context: ContextTypes.DEFAULT_TYPE) -> None:
        await runtime.inbox.recover()

    async def housekeeping(_context: ContextTypes.DEFAULT_TYPE) -> None:
        await keeper.run()

    async def catalogue_check(_context: ContextTypes.DEFAULT_TYPE) -> None:
        await runtime.services.catalogue.tick()

    jobs.run_repeating(officials.scheduled_tick, interval=officials.CHECK_INTERVAL_SECONDS, first=1, name="officials")
    jobs.run_repeating(outbox, interval=OUTBOX_CHECK_SECONDS, first=OUTBOX_CHECK_SECONDS, name="outbox")
    jobs.run_repeating(inbox, interval=Inbox.RECOVER_AFTER * 3, first=Inbox.RECOVER_AFTER * 3, name="inbox")
    jobs.run_repeating(housekeeping, interval=HOUSEKEEPING_SECONDS, first=60, name="housekeeping")
    jobs.run_repeating(
        catalogue_check, interval=CATALOGUE_CHECK_SECONDS, first=CATALOGUE_CHECK_SECONDS, name="catalogue"
    )


# -- the process ----------------------------------------------------------------------------------------


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The HTTP client logs request URLs, which contain the bot token.
    for noisy in ("httpx", "httpcore", "telegram.request", "apscheduler", "aiohttp.access", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    redact_in_logs(*secrets)


def redact_in_logs(*secrets: str) -> None:
    """Replace secrets (the bot token) in every log record, whoever logs it: python-telegram-bot
    itself logs its API URL, token included, at DEBUG."""
    # The whole token, and its secret part alone (after the colon), wherever it shows up.
    hidden = sorted({part for s in secrets if s for part in (s, s.partition(":")[2]) if len(part) >= 8}, key=len)[::-1]
    if not hidden:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return record
        if any(secret in message for secret in hidden):
            for secret in hidden:
                message = message.replace(secret, "<token>")
            record.msg, record.args = message, ()
        return record

    logging.setLogRecordFactory(factory)


async def serve(settings: Settings, stop: asyncio.Event | None = None, clock: Clock | None = None) -> None:
    """Run until `stop` is set or the process receives SIGINT/SIGTERM."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on every platform
            loop.add_signal_handler(sig, stop.set)
    with memory.built_to_last():  # the catalogue is frozen out of the collector's reach (bot/memory.py)
        runtime = await create_runtime(settings, clock)
    try:
        await runtime.run(stop)
    finally:
        await runtime.close()


def cmd_run(_args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"Invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    if not settings.token:
        print(messages.NO_TOKEN, file=sys.stderr)
        return 2
    configure_logging(settings.log_level, secrets=(settings.token or "",))
    try:
        asyncio.run(serve(settings))
    except StartupError as exc:
        print(exc, file=sys.stderr)
        return 1
    except InvalidToken:
        print(
            "TELEGRAM_BOT_TOKEN: the Bot API server rejected this token (401). Check it with @BotFather.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        pass
    return 0
