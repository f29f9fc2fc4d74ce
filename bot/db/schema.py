"""Bring the database to the schema this code needs, cheaply when it already is there.

Most starts find the schema current: one query on `alembic_version` tells, without importing
Alembic (which costs a noticeable part of start-up). Only an older or empty database runs the
migrations (`bot.db.migrate`).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.db.session import Database

#: the newest migration in bot/db/migrations/versions (tests/test_migrations.py checks it)
HEAD_REVISION = "0006"


async def current_revision(db: Database) -> str | None:
    try:
        async with db.own_transaction(readonly=True) as session:
            return (await session.execute(text("SELECT version_num FROM alembic_version"))).scalar_one_or_none()
    except DBAPIError as exc:
        if "alembic_version" in str(exc):  # an empty database: no version table yet
            return None
        raise


async def ensure_current(db: Database) -> bool:
    """Upgrade the database unless it is at `HEAD_REVISION`; True if migrations ran."""
    if await current_revision(db) == HEAD_REVISION:
        return False
    from bot.db.migrate import upgrade_async  # Alembic only when there is work for it

    await upgrade_async(db)
    return True


async def open_database(url: str, schema: str | None = None) -> Database:
    """A `Database` at `url`, with the schema this code needs; `OperatorError` (one line naming
    DATABASE_URL, password hidden) when it cannot be reached, created or upgraded."""
    from bot.operator_errors import OperatorError, database_problem

    try:
        db = Database(url, schema=schema)
    except (ValueError, OSError) as exc:
        raise database_problem(exc, url) from None
    try:
        await ensure_current(db)
    except (SQLAlchemyError, OSError) as exc:
        await db.dispose()
        raise database_problem(exc, url) from None
    except OperatorError:
        await db.dispose()
        raise
    return db
