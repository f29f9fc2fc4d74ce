"""Engine, URL handling and transactions.

``Database(url)`` owns one async engine. All work goes through

    async with db.transaction() as session:
        ...

which is exactly one database transaction: committed when the block ends normally,
rolled back when it raises.

SQLite: the pysqlite/aiosqlite driver's own (legacy) transaction handling is switched
off (``isolation_level = None``) and the ``begin`` event emits ``BEGIN IMMEDIATE``
itself, so the write lock is taken at the start of the transaction. Concurrent
writers then queue on ``busy_timeout`` instead of failing late with "database is
locked" when a read transaction tries to become a write one. WAL journaling lets
readers proceed while a writer holds the lock, and foreign keys are enforced.

PostgreSQL (asyncpg): ordinary READ COMMITTED transactions; code that reads then
writes a row must lock it (``bot.db.base.for_update`` / ``bot.db.users.lock``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

DEFAULT_URL = "sqlite+aiosqlite:///./data/bot.sqlite3"


class UnitOfWork(Protocol):
    """The transaction of one update that `Database.transaction` joins (see `bot.work.Work`)."""

    db: Database
    opened: AsyncSession | None

    async def open(self) -> AsyncSession: ...


#: the unit of work of the update being handled in this task, if any
CURRENT_UNIT: ContextVar[UnitOfWork | None] = ContextVar("htsd_unit_of_work", default=None)

log = logging.getLogger(__name__)

#: connection execution options read by the SQLite ``begin`` hook: the BEGIN statement
#: to emit, and (migrations only) whether to switch foreign-key enforcement off first
#: (SQLite ignores that pragma inside a transaction).
_SQLITE_BEGIN_OPTION = "htsd_sqlite_begin"
_SQLITE_FK_OFF_OPTION = "htsd_sqlite_foreign_keys_off"
_FK_OFF_INFO_KEY = "htsd_foreign_keys_off"
_SCHEMA_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")

_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite", "sqlite+aiosqlite"}
_POSTGRES_DRIVERS = {
    "postgres",
    "postgresql",
    "postgresql+asyncpg",
    "postgresql+psycopg",
    "postgresql+psycopg2",
    "postgresql+pg8000",
}


def normalise_url(url: str | URL | None = None) -> str:
    """Map a database URL to its async driver.

    ``None``/empty gives ``DEFAULT_URL``. ``sqlite:///p`` → ``sqlite+aiosqlite:///p``;
    ``postgres://``, ``postgresql://`` (and the sync drivers) → ``postgresql+asyncpg://``,
    translating libpq's ``sslmode=`` into asyncpg's ``ssl=``. Anything else is a
    ``ValueError``.
    """
    if url is None or (isinstance(url, str) and not url.strip()):
        url = DEFAULT_URL
    parsed = make_url(url.strip() if isinstance(url, str) else url)
    driver = parsed.drivername.lower()
    if driver in _SQLITE_DRIVERS:
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif driver in _POSTGRES_DRIVERS:
        parsed = parsed.set(drivername="postgresql+asyncpg")
        query = dict(parsed.query)
        if "sslmode" in query:
            sslmode = query.pop("sslmode")
            query.setdefault("ssl", sslmode)
            parsed = parsed.set(query=query)
    else:
        raise ValueError(f"unsupported database URL scheme {parsed.drivername!r} (use sqlite or postgresql)")
    return parsed.render_as_string(hide_password=False)


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind a SQLite URL, or None (memory database, or not SQLite)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


class Database:
    """One async engine plus the project's transaction rules.

    ``schema`` (PostgreSQL only) puts that schema first on the ``search_path`` of
    every connection; tests use it to get a fresh, isolated schema.
    """

    def __init__(
        self,
        url: str | URL | None = None,
        *,
        schema: str | None = None,
        busy_timeout_ms: int = 30_000,
        echo: bool = False,
        **engine_kwargs: Any,
    ) -> None:
        self.url = normalise_url(url)
        self.schema = schema
        parsed = make_url(self.url)
        self.dialect_name = parsed.get_backend_name()
        connect_args: dict[str, Any] = dict(engine_kwargs.pop("connect_args", {}))

        if self.is_sqlite:
            if schema is not None:
                raise ValueError("schema= is only supported on PostgreSQL")
            path = sqlite_path(parsed)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            connect_args.setdefault("timeout", busy_timeout_ms / 1000)
        else:
            # Long-lived bot processes: survive server restarts and idle disconnects.
            engine_kwargs.setdefault("pool_pre_ping", True)
            if schema is not None:
                if not _SCHEMA_RE.match(schema):
                    raise ValueError(f"invalid schema name {schema!r}")
                server_settings = dict(connect_args.get("server_settings", {}))
                server_settings["search_path"] = f'"{schema}"'
                connect_args["server_settings"] = server_settings

        if self.is_sqlite:
            # Every transaction ends in a commit or a rollback (`own_transaction`), after which the
            # pool's rollback-on-return is one more round trip to aiosqlite's thread for nothing;
            # the `reset` hook below rolls back only a connection still in a transaction.
            engine_kwargs.setdefault("pool_reset_on_return", None)
        self.engine: AsyncEngine = create_async_engine(self.url, echo=echo, connect_args=connect_args, **engine_kwargs)
        if self.is_sqlite:
            _install_sqlite_hooks(self.engine, busy_timeout_ms)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        self._write_lock = asyncio.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.dialect_name == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.dialect_name == "postgresql"

    @asynccontextmanager
    async def transaction(self, *, readonly: bool = False) -> AsyncIterator[AsyncSession]:
        """One transaction: commit on success, rollback if the block raises.

        The transaction starts immediately (on SQLite: ``BEGIN IMMEDIATE``, so the
        write lock is held from here on). ``readonly=True`` uses a deferred
        ``BEGIN`` on SQLite and a READ ONLY transaction on PostgreSQL; use it for
        pure reads that must not queue behind writers.

        Inside a unit of work (`bot.work`: one Telegram update) the block joins the
        unit's transaction instead, as a SAVEPOINT: it is undone alone if it raises,
        and committed with the update's claim and messages — or not at all.

        Do not commit inside the block, and do not open a second transaction while
        one is open in the same task: on SQLite the inner BEGIN IMMEDIATE would wait
        for the outer one until ``busy_timeout`` and then fail.
        """
        unit = CURRENT_UNIT.get()
        if unit is not None and unit.db is self and (not readonly or unit.opened is not None):
            session = await unit.open()
            if readonly:
                yield session
                return
            async with session.begin_nested():
                yield session
            return
        async with self.own_transaction(readonly=readonly) as session:
            yield session

    @asynccontextmanager
    async def own_transaction(self, *, readonly: bool = False) -> AsyncIterator[AsyncSession]:
        """A transaction of its own, even inside a unit of work (what `transaction` opens)."""
        if self.is_sqlite:
            options: dict[str, Any] = {_SQLITE_BEGIN_OPTION: "BEGIN" if readonly else "BEGIN IMMEDIATE"}
        else:
            options = {"postgresql_readonly": True} if readonly else {}
        # SQLite has one writer at a time: queue this process's writers here instead of letting
        # them spin in SQLite's busy handler (which sleeps up to 100 ms per retry).
        guard = self._write_lock if self.is_sqlite and not readonly else contextlib.nullcontext()
        async with guard, self.sessionmaker() as session, session.begin():
            await session.connection(execution_options=options)
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()

    def __repr__(self) -> str:
        shown = make_url(self.url).render_as_string(hide_password=True)
        return f"Database({shown!r}{f', schema={self.schema!r}' if self.schema else ''})"


def _install_sqlite_hooks(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the driver; _on_begin below emits it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA journal_mode")
            if str(cursor.fetchone()[0]).lower() != "wal":
                # Persistent in the file, so this runs once per database. It needs an
                # exclusive lock and fails at once ("database is locked") when another
                # connection is busy, typically doing this same switch: not fatal, as
                # correctness comes from BEGIN IMMEDIATE; a later connection retries.
                try:
                    cursor.execute("PRAGMA journal_mode = WAL")
                except Exception as exc:
                    log.info("could not switch SQLite to WAL yet: %s", exc)
        finally:
            cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get(_SQLITE_FK_OFF_OPTION):
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.info[_FK_OFF_INFO_KEY] = True
        conn.exec_driver_sql(options.get(_SQLITE_BEGIN_OPTION, "BEGIN IMMEDIATE"))

    @event.listens_for(sync_engine, "reset")
    def _on_reset(dbapi_connection: Any, _record: Any, state: Any) -> None:
        # With pool_reset_on_return=None (see Database): what the pool would have rolled back.
        if state.asyncio_safe and not state.terminate_only and _in_transaction(dbapi_connection):
            dbapi_connection.rollback()

    @event.listens_for(sync_engine, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        # Never hand a pooled connection back with foreign keys still off.
        if dbapi_connection is not None and record.info.pop(_FK_OFF_INFO_KEY, False):
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("PRAGMA foreign_keys = ON")
            finally:
                cursor.close()


def _in_transaction(dbapi_connection: Any) -> bool:
    """Whether SQLite has a transaction open on this connection (read without a round trip to
    aiosqlite's thread); True when it cannot tell, so that the caller rolls back."""
    driver = getattr(dbapi_connection, "_connection", dbapi_connection)  # the adapter's aiosqlite connection
    state = getattr(driver, "in_transaction", None)
    return state if isinstance(state, bool) else True
