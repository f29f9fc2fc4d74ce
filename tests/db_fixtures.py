"""Database fixtures: a fresh store per test, SQLite by default, PostgreSQL when
``TEST_DATABASE_URL`` is set (e.g. ``eval "$(.ci/postgres.sh start)"``).

    db_target   an empty, unmigrated store: ``.url``, ``.schema``, ``.connect()``
    db_factory  migrated store; ``db_factory()`` opens another ``Database`` on it
                (a second bot process, or the same one after a restart)
    db          a migrated, empty ``Database`` (the first ``db_factory()``)

SQLite: a file in pytest's ``tmp_path``. PostgreSQL: a new schema named
``t_<random>`` in that database, put first on each connection's ``search_path``
and dropped (CASCADE) afterwards, so tests can run in parallel on one database.
Every ``Database`` handed out is disposed at teardown.

To use them from conftest.py:  ``from tests.db_fixtures import db, db_factory, db_target  # noqa: F401``
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.pool import NullPool

from bot.db.migrate import upgrade_async
from bot.db.session import Database

TEST_DATABASE_URL_ENV = "TEST_DATABASE_URL"


@dataclass
class DatabaseTarget:
    """Where a test's database lives; ``connect()`` opens a ``Database`` on it."""

    url: str
    schema: str | None = None
    opened: list[Database] = field(default_factory=list)

    @property
    def is_postgresql(self) -> bool:
        return self.url.startswith("postgres")

    def connect(self, **kwargs: Any) -> Database:
        database = Database(self.url, schema=self.schema, **kwargs)
        self.opened.append(database)
        return database

    async def close_all(self) -> None:
        while self.opened:
            await self.opened.pop().dispose()


def configured_database_url() -> str | None:
    """$TEST_DATABASE_URL, or None for SQLite."""
    return os.environ.get(TEST_DATABASE_URL_ENV) or None


@pytest.fixture
async def db_target(tmp_path: Path) -> AsyncIterator[DatabaseTarget]:
    url = configured_database_url()
    if url is None:
        target = DatabaseTarget(f"sqlite+aiosqlite:///{tmp_path / 'bot-test.sqlite3'}")
        try:
            yield target
        finally:
            await target.close_all()
        return

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = Database(url, poolclass=NullPool)
    async with admin.engine.begin() as conn:
        await conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    target = DatabaseTarget(url, schema)
    try:
        yield target
    finally:
        await target.close_all()
        async with admin.engine.begin() as conn:
            await conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await admin.dispose()


@pytest.fixture
async def db_factory(db_target: DatabaseTarget) -> Callable[..., Database]:
    await upgrade_async(db_target.connect())
    return db_target.connect


@pytest.fixture
async def db(db_factory: Callable[..., Database]) -> Database:
    return db_factory()
