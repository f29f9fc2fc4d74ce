"""Assemble and run the bot: settings -> knowledge base -> database (migrated) -> Application."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from telegram.ext import Application

from bot import messages
from bot.clock import Clock
from bot.config import ConfigError, Settings, load_settings
from bot.db.migrate import upgrade_async
from bot.db.session import Database
from bot.kb.loader import DEFAULT_PLANS_DIR, KnowledgeBaseError, load_plans
from bot.qa.engine import Engine
from bot.reports.form import FormCatalog
from handlers.app import build_application, run_polling, run_webhook

log = logging.getLogger(__name__)


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # The HTTP client logs request URLs, which contain the bot token.
    for noisy in ("httpx", "httpcore", "telegram.request", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    redact_in_logs(*secrets)


def redact_in_logs(*secrets: str) -> None:
    """Replace secrets (the bot token) in every log record, whoever logs it: python-telegram-bot
    itself logs its API URL, token included, at DEBUG."""
    hidden = [s for s in secrets if s]
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


@dataclass
class Runtime:
    settings: Settings
    application: Application
    db: Database
    engine: Engine

    async def run(self, stop: asyncio.Event) -> None:
        if self.settings.webhook_url:
            await run_webhook(self.application, self.settings, stop)
        else:
            await run_polling(self.application, stop)

    async def close(self) -> None:
        await self.db.dispose()


class StartupError(Exception):
    """A problem an operator must fix before the bot can start; the message says which."""


async def create_runtime(settings: Settings, clock: Clock | None = None, db: Database | None = None) -> Runtime:
    """Everything the bot needs; `db` may be given (tests share one), else made from DATABASE_URL."""
    plans_dir = Path(settings.plans_dir) if settings.plans_dir else DEFAULT_PLANS_DIR
    try:
        engine = Engine(load_plans(plans_dir))
        forms = FormCatalog.load()
        forms.check(engine.plans.values(), plans_dir)
    except KnowledgeBaseError as exc:
        raise StartupError(f"Knowledge base error:\n{exc}") from None
    db = db or Database(settings.database_url)
    try:
        await upgrade_async(db)
    except Exception as exc:
        await db.dispose()
        raise StartupError(
            f"Could not prepare the database {db!r}: {exc}\n"
            "Check DATABASE_URL, or run `python run_bot.py migrate` to see the details."
        ) from None
    application = build_application(settings, engine, db, clock or Clock(settings.timezone), forms=forms)
    return Runtime(settings, application, db, engine)


async def serve(settings: Settings, stop: asyncio.Event | None = None, clock: Clock | None = None) -> None:
    """Run until `stop` is set or the process receives SIGINT/SIGTERM."""
    runtime = await create_runtime(settings, clock)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on every platform
            loop.add_signal_handler(sig, stop.set)
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
    except KeyboardInterrupt:
        pass
    return 0
