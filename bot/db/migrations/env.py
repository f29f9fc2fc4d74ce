"""Alembic environment for the bot's database.

There is no alembic.ini: ``bot.db.migrate`` builds the Alembic ``Config`` in code
and runs commands inside ``AsyncConnection.run_sync``, handing the (sync-facing)
connection over in ``config.attributes["connection"]`` with a transaction already
open. Alembic then treats that transaction as external and leaves commit/rollback
to ``bot.db.migrate``, so one upgrade is one transaction (BEGIN IMMEDIATE on SQLite,
under an advisory lock on PostgreSQL).

Offline mode (``python -m bot.db.migrate upgrade --sql``) renders SQL from the URL.
"""

from __future__ import annotations

from typing import Literal

from alembic import context
from sqlalchemy.engine import Connection

from bot.db.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: object, autogen_context: object) -> str | Literal[False]:
    """Autogenerate: write UTCDateTime as plain sa.DateTime(timezone=True), so that
    migrations never import the models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure_options(dialect_name: str) -> dict[str, object]:
    return {
        "target_metadata": target_metadata,
        "compare_type": True,
        "render_item": _render_item,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        "render_as_batch": dialect_name == "sqlite",
    }


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    dialect_name = (url or "").split(":", 1)[0].split("+", 1)[0]
    context.configure(
        url=url,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **_configure_options(dialect_name),  # type: ignore[arg-type]
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online(connection: Connection) -> None:
    context.configure(connection=connection, **_configure_options(connection.dialect.name))  # type: ignore[arg-type]
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "run migrations through bot.db.migrate (e.g. `python -m bot.db.migrate upgrade`), "
            "which supplies the database connection"
        )
    run_migrations_online(connection)
