"""Alembic: upgrade from empty, models == migrations, sync API inside a loop."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db import migrate, schema
from bot.db.models import Base
from tests import db_fixtures

db_target = db_fixtures.db_target
db_factory = db_fixtures.db_factory
db = db_fixtures.db

DatabaseTarget = db_fixtures.DatabaseTarget
ALL_TABLES = set(Base.metadata.tables)


async def _table_names(target: DatabaseTarget) -> set[str]:
    database = target.connect()
    async with database.engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def test_upgrade_from_empty(db_target: DatabaseTarget) -> None:
    database = db_target.connect()
    assert await migrate.current_revision_async(database) is None
    assert not await migrate.is_up_to_date_async(database)
    assert await _table_names(db_target) == set()

    await migrate.upgrade_async(database)

    assert await migrate.current_revision_async(database) == migrate.head_revision()
    assert await migrate.is_up_to_date_async(database)
    assert await _table_names(db_target) == ALL_TABLES | {"alembic_version"}

    # Running it again is a no-op.
    await migrate.upgrade_async(database)
    assert await migrate.is_up_to_date_async(database)


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": True})
    return compare_metadata(context, Base.metadata)


async def test_models_match_migrations(db_factory: Any) -> None:
    database = db_factory()
    async with database.engine.connect() as conn:
        diff = await conn.run_sync(_diff)
    assert diff == [], f"models and migrations differ: {diff}"


async def test_downgrade_to_base_and_back(db_target: DatabaseTarget) -> None:
    database = db_target.connect()
    await migrate.upgrade_async(database)
    await migrate.downgrade_async(database, "base")
    assert await migrate.current_revision_async(database) is None
    assert await _table_names(db_target) <= {"alembic_version"}
    await migrate.upgrade_async(database)
    assert await migrate.is_up_to_date_async(database)


async def test_sync_api_works_inside_a_running_event_loop(db_target: DatabaseTarget) -> None:
    asyncio.get_running_loop()  # we are inside one
    database = db_target.connect()
    assert migrate.current_revision(database) is None
    migrate.upgrade(database)
    assert migrate.current_revision(database) == migrate.head_revision()
    assert migrate.is_up_to_date(database)


def test_sync_api_with_a_url_and_no_loop(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'dir' / 'bot.sqlite3'}"  # parent dirs do not exist yet
    assert migrate.current_revision(url) is None
    migrate.upgrade(url)
    assert migrate.is_up_to_date(url)
    assert migrate.main(["--url", url, "check"]) == 0


async def test_concurrent_upgrades_do_not_collide(db_target: DatabaseTarget) -> None:
    """Several bot processes starting at once all migrate; exactly one does the work."""
    await asyncio.gather(*(migrate.upgrade_async(db_target.connect()) for _ in range(3)))
    assert await migrate.is_up_to_date_async(db_target.connect())


def test_head_revision_is_the_only_head() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_heads() == [migrate.head_revision()]


def test_offline_sql_renders_for_postgresql(capsys: pytest.CaptureFixture[str]) -> None:
    assert migrate.main(["--url", "postgresql://u@localhost/x", "upgrade", "--sql"]) == 0
    sql = capsys.readouterr().out
    assert "CREATE TABLE users" in sql
    assert "TIMESTAMP WITH TIME ZONE" in sql


def test_the_start_up_check_knows_the_newest_migration() -> None:
    assert migrate.head_revision() == schema.HEAD_REVISION


async def test_a_current_database_is_not_migrated_again_and_an_empty_one_is(db_target: DatabaseTarget) -> None:
    database = db_target.connect()
    assert await schema.current_revision(database) is None
    assert await schema.ensure_current(database) is True
    assert await schema.current_revision(database) == schema.HEAD_REVISION
    assert await schema.ensure_current(database) is False
