"""Alembic, configured in code (no alembic.ini).

    upgrade(url)            # sync; safe to call from inside a running event loop
    await upgrade_async(db) # async; takes a URL or a Database
    current_revision(url) / head_revision() / is_up_to_date(url)

Migrations run on the async driver through ``AsyncConnection.run_sync``; the sync
wrappers run that on a private event loop (in a worker thread when the caller's
thread already has a loop). Each command uses its own short-lived engine
(``NullPool``), so the caller's pool is never left with migration-time settings.

One upgrade is one transaction: ``BEGIN IMMEDIATE`` on SQLite (with foreign-key
enforcement off while tables are rebuilt, checked with ``PRAGMA foreign_key_check``
before commit), and on PostgreSQL a transaction-scoped advisory lock so that bot
processes starting together do not migrate at the same time.

Command line (developers, deploy scripts):

    python -m bot.db.migrate [--url URL] upgrade [REV] [--sql]
    python -m bot.db.migrate [--url URL] downgrade REV
    python -m bot.db.migrate [--url URL] current | check
    python -m bot.db.migrate heads
    python -m bot.db.migrate [--url URL] revision -m MESSAGE [--autogenerate]

``--url`` defaults to $DATABASE_URL, then to the default SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from bot.db.session import _SQLITE_BEGIN_OPTION, _SQLITE_FK_OFF_OPTION, Database, normalise_url

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
#: pg_advisory_xact_lock key held while migrating ("htsd" in ASCII)
MIGRATION_LOCK_KEY = 0x68747364

Target = str | Database | None


def alembic_config(database_url: str | None = None) -> Config:
    """An Alembic Config pointing at bot/db/migrations (and at the URL, if given)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if database_url is not None:
        # ConfigParser interpolation: a literal % must be doubled.
        cfg.set_main_option("sqlalchemy.url", normalise_url(database_url).replace("%", "%%"))
    return cfg


def _migration_database(target: Target) -> Database:
    if isinstance(target, Database):
        return Database(target.url, schema=target.schema, poolclass=NullPool)
    return Database(target, poolclass=NullPool)


async def _run_in_connection(target: Target, fn: Callable[[Connection], T], *, write: bool) -> T:
    db = _migration_database(target)
    try:
        async with db.engine.connect() as conn:
            if db.is_sqlite:
                options: dict[str, Any] = {_SQLITE_BEGIN_OPTION: "BEGIN IMMEDIATE" if write else "BEGIN"}
                if write:
                    options[_SQLITE_FK_OFF_OPTION] = True
                conn = await conn.execution_options(**options)
            async with conn.begin():
                if write and db.is_postgresql:
                    await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                result = await conn.run_sync(fn)
                if write and db.is_sqlite:
                    problems = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
                    if problems:
                        raise RuntimeError(f"migration left foreign-key violations: {problems[:10]}")
            return result
    finally:
        await db.dispose()


def _alembic_command(target: Target, action: Callable[[Config], None]) -> Callable[[Connection], None]:
    url = target.url if isinstance(target, Database) else normalise_url(target)

    def run(connection: Connection) -> None:
        cfg = alembic_config(url)
        cfg.attributes["connection"] = connection
        action(cfg)

    return run


def _get_current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


# --- async API ---------------------------------------------------------------


async def upgrade_async(target: Target = None, revision: str = "head") -> None:
    """Upgrade the database (URL or Database) to ``revision``."""
    await _run_in_connection(target, _alembic_command(target, lambda c: command.upgrade(c, revision)), write=True)


async def downgrade_async(target: Target, revision: str) -> None:
    await _run_in_connection(target, _alembic_command(target, lambda c: command.downgrade(c, revision)), write=True)


async def current_revision_async(target: Target = None) -> str | None:
    return await _run_in_connection(target, _get_current, write=False)


async def is_up_to_date_async(target: Target = None) -> bool:
    return await current_revision_async(target) == head_revision()


# --- sync API (usable with or without a running event loop) ------------------


def _run_sync(factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await factory()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())
    # Called from async code: run on a private loop in a worker thread and wait.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="htsd-migrate") as pool:
        return pool.submit(asyncio.run, main()).result()


def upgrade(database_url: Target = None, revision: str = "head") -> None:
    """Upgrade to ``revision`` (default: head). Blocks until done."""
    _run_sync(lambda: upgrade_async(database_url, revision))


def downgrade(database_url: Target, revision: str) -> None:
    _run_sync(lambda: downgrade_async(database_url, revision))


def current_revision(url: Target = None) -> str | None:
    """The revision the database is at (None for an empty database)."""
    return _run_sync(lambda: current_revision_async(url))


def head_revision() -> str:
    """The newest revision in bot/db/migrations/versions."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def is_up_to_date(url: Target = None) -> bool:
    return current_revision(url) == head_revision()


# --- command line ------------------------------------------------------------


def _next_rev_id() -> str | None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        return "0001"
    return f"{int(head) + 1:04d}" if head.isdigit() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.db.migrate", description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL"), help="database URL")
    sub = parser.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("upgrade")
    up.add_argument("revision", nargs="?", default="head")
    up.add_argument("--sql", action="store_true", help="print the SQL instead of running it")
    down = sub.add_parser("downgrade")
    down.add_argument("revision")
    sub.add_parser("current")
    sub.add_parser("heads")
    sub.add_parser("check", help="exit 1 unless the database is at head")
    rev = sub.add_parser("revision")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--autogenerate", action="store_true")
    args = parser.parse_args(argv)

    if args.cmd == "upgrade" and args.sql:
        command.upgrade(alembic_config(args.url), args.revision, sql=True)
    elif args.cmd == "upgrade":
        upgrade(args.url, args.revision)
    elif args.cmd == "downgrade":
        downgrade(args.url, args.revision)
    elif args.cmd == "current":
        print(current_revision(args.url))
    elif args.cmd == "heads":
        print(head_revision())
    elif args.cmd == "check":
        current, head = current_revision(args.url), head_revision()
        print(f"current={current} head={head}")
        return 0 if current == head else 1
    elif args.cmd == "revision":
        rev_id = _next_rev_id()

        def make(cfg: Config) -> None:
            command.revision(cfg, message=args.message, autogenerate=args.autogenerate, rev_id=rev_id)

        if args.autogenerate:
            _run_sync(lambda: _run_in_connection(args.url, _alembic_command(args.url, make), write=False))
        else:
            make(alembic_config(args.url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
