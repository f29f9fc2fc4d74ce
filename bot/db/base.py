"""Dialect helpers shared by the repositories (SQLite and PostgreSQL alike).

Every repository function takes the `AsyncSession` of the caller's transaction and never
commits; time comes in as `now` (timezone-aware), never from the system clock. "Claims" are
insert-or-skip (`INSERT … ON CONFLICT DO NOTHING`): the transaction whose insert lands owns the
work, and if it rolls back the claim disappears with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Select, Table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Base

S = TypeVar("S", bound=Select[Any])


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def table_of(model: type[Base]) -> Table:
    """The model's Core table (for statements run as executemany, without the ORM)."""
    return cast(Table, model.__table__)


def insert_for(session: AsyncSession, model: type[Base] | Table) -> Any:
    """A dialect-specific INSERT (it has on_conflict_do_nothing / do_update). Given a model's
    `__table__`, a Core statement: executed with a list of rows it is one cached executemany,
    without the ORM's bulk machinery."""
    name = dialect_name(session)
    if name == "postgresql":  # imported when used: the PostgreSQL dialect costs start-up time on SQLite
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(model)
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(model)
    raise NotImplementedError(f"unsupported dialect {name!r}")


async def rowcount(session: AsyncSession, statement: Any) -> int:
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount


async def insert_or_skip(session: AsyncSession, model: type[Base], **values: Any) -> bool:
    """INSERT the row unless it conflicts with an existing one; True if inserted.

    On PostgreSQL a concurrent uncommitted insert of the same key makes this wait for that
    transaction: it then returns False (committed) or inserts (rolled back)."""
    statement = insert_for(session, model).values(**values).on_conflict_do_nothing()
    return await rowcount(session, statement) == 1


async def insert_many_or_skip(session: AsyncSession, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """One multi-row INSERT that skips rows conflicting with existing ones."""
    if rows:
        await session.execute(insert_for(session, table_of(model)).on_conflict_do_nothing(), list(rows))


def for_update(session: AsyncSession, statement: S) -> S:
    """`SELECT … FOR UPDATE` on PostgreSQL; unchanged on SQLite, where the transaction's
    `BEGIN IMMEDIATE` already serialises writers."""
    if dialect_name(session) == "postgresql":
        return statement.with_for_update()
    return statement


def require_aware(now: dt.datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
