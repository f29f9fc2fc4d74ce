"""One update, one unit of work: its claim, its effects and the messages it sends commit together.

While an update is handled, `Database.transaction()` joins the update's transaction (see
`bot.db.session.CURRENT_UNIT`), whose first statement claims the update id. Messages are
collected with `send()` and written to the outbox in that same transaction. So a crash at any
moment either leaves nothing (the update is delivered again and handled then) or has applied the
whole update: the state change, the claim and the messages to send.

An update that only reads (a citizen's question) never opens that transaction: its claim, its
small writes (`defer`) and its messages are committed by `GroupCommit` together with those of
other updates being handled at the same moment — one write for many updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db import conversations, questions, updates, users
from bot.db import outbox as outbox_rows
from bot.db.session import CURRENT_UNIT, Database, UnitOfWork
from bot.outbox import Dispatcher, Outgoing, Record

log = logging.getLogger(__name__)

Deferred = Callable[[AsyncSession], Awaitable[None]]
#: how rows of each kind that many updates defer are written together: one statement per kind
BatchWriter = Callable[[AsyncSession, list[dict[str, Any]]], Awaitable[None]]
BATCH_WRITERS: dict[str, BatchWriter] = {
    "citizen": users.insert_citizens,
    "question": questions.log_many,
    "conversation": conversations.put_many,
}


async def write_rows(session: AsyncSession, rows: dict[str, list[dict[str, Any]]]) -> None:
    for kind, items in rows.items():
        if items:
            await BATCH_WRITERS[kind](session, items)


class AlreadyProcessed(Exception):
    """Another worker (or an earlier delivery) already handled this update."""


class Postman:
    """Puts messages in the outbox inside a transaction and hands them to the dispatcher once it commits."""

    def __init__(self, db: Database, clock: Clock, owner: str, dispatcher: Dispatcher | None = None) -> None:
        self.db = db
        self.clock = clock
        self.owner = owner
        self.dispatcher = dispatcher

    async def enqueue(self, session: AsyncSession, messages: Sequence[Outgoing]) -> list[Record]:
        """Record the messages in `session`'s transaction; call `deliver` with the result after commit."""
        return await outbox_rows.enqueue(session, messages, self.owner, self.clock.now())

    def deliver(self, records: Sequence[Record]) -> None:
        if self.dispatcher is not None and records:
            self.dispatcher.submit(records)

    async def send(self, messages: Sequence[Outgoing]) -> list[Record]:
        """Record and send, in a transaction of their own (scheduled work, command-line tools)."""
        async with self.db.own_transaction() as session:
            records = await self.enqueue(session, messages)
        self.deliver(records)
        return records


@dataclass
class Work:
    """The unit of work of one update (see the module docstring)."""

    db: Database
    clock: Clock
    update_id: int
    opened: AsyncSession | None = None
    messages: list[Outgoing] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failed: BaseException | None = None
    duplicate: bool = False
    #: what the update's handlers read once and share (the sender's profile)
    cache: dict[object, object] = field(default_factory=dict)
    _stack: contextlib.AsyncExitStack = field(default_factory=contextlib.AsyncExitStack)

    # -- what handlers use ---------------------------------------------------------------------------

    def send(self, *messages: Outgoing) -> None:
        """Send these when (and only if) the update commits."""
        self.messages.extend(messages)

    def defer(self, write: Deferred) -> None:
        """A write to commit with the update (in its transaction, or in the next group commit)."""
        self.deferred.append(write)

    def defer_row(self, kind: str, row: dict[str, Any]) -> None:
        """A row to write with the update; rows of one kind from many updates go in one statement."""
        self.rows.setdefault(kind, []).append(row)

    async def open(self) -> AsyncSession:
        """The update's write transaction, opened on first use; its first statement claims the update."""
        if self.opened is None:
            session = await self._stack.enter_async_context(self.db.own_transaction())
            if not await updates.claim(session, self.update_id, self.clock.now()):
                await self._stack.aclose()
                self.duplicate = True
                raise AlreadyProcessed(self.update_id)
            self.opened = session
        return self.opened

    # -- what the pipeline uses ----------------------------------------------------------------------

    def activate(self) -> contextvars.Token[UnitOfWork | None]:
        return CURRENT_UNIT.set(self)

    @staticmethod
    def deactivate(token: contextvars.Token[UnitOfWork | None]) -> None:
        CURRENT_UNIT.reset(token)

    @property
    def has_effects(self) -> bool:
        return self.opened is not None or bool(self.messages or self.deferred or self.rows)

    async def commit(self, postman: Postman, group: GroupCommit) -> list[Record]:
        """Commit the update (claim + writes + messages); returns the records to deliver.

        Raises `AlreadyProcessed` when another delivery of the update won the claim."""
        if self.opened is None:
            return await group.commit(self)
        try:
            for write in self.deferred:
                await write(self.opened)
            await write_rows(self.opened, self.rows)
            records = await postman.enqueue(self.opened, self.messages)
        except BaseException as exc:
            await self._stack.__aexit__(type(exc), exc, exc.__traceback__)
            raise
        await self._stack.aclose()
        return records

    async def rollback(self) -> None:
        """Undo whatever the update wrote (its claim too): nothing of it remains."""
        if self.opened is not None:
            error = RuntimeError("rolled back")
            with contextlib.suppress(RuntimeError):
                await self._stack.__aexit__(RuntimeError, error, None)
            self.opened = None
        self.messages.clear()
        self.deferred.clear()
        self.rows.clear()


@dataclass
class _Pending:
    work: Work
    future: asyncio.Future[list[Record]]


class GroupCommit:
    """Commits the read-only updates waiting at the same moment in one transaction."""

    def __init__(self, db: Database, clock: Clock, postman: Postman, max_batch: int = 200) -> None:
        self.db = db
        self.clock = clock
        self.postman = postman
        self.max_batch = max_batch
        self._waiting: list[_Pending] = []
        self._runner: asyncio.Task[None] | None = None

    async def commit(self, work: Work) -> list[Record]:
        future: asyncio.Future[list[Record]] = asyncio.get_running_loop().create_future()
        self._waiting.append(_Pending(work, future))
        if self._runner is None or self._runner.done():
            # A fresh context: the batch must not join the unit of work of the update that started it.
            self._runner = asyncio.get_running_loop().create_task(self._run(), context=contextvars.Context())
        return await future

    async def _run(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[: self.max_batch], self._waiting[self.max_batch :]
            try:
                results = await self._commit(batch)
            except Exception as exc:
                for pending in batch:
                    if not pending.future.done():
                        pending.future.set_exception(exc)
                continue
            for pending, result in zip(batch, results, strict=True):
                if pending.future.done():
                    continue
                if result is None:
                    pending.work.duplicate = True
                    pending.future.set_exception(AlreadyProcessed(pending.work.update_id))
                else:
                    pending.future.set_result(result)

    async def _commit(self, batch: list[_Pending]) -> list[list[Record] | None]:
        """One transaction: the claims, every claimed update's rows (one statement per kind) and
        messages (one statement); an update another delivery claimed first adds nothing."""
        now = self.clock.now()
        async with self.db.own_transaction() as session:
            claimed = await updates.claim_many(session, [p.work.update_id for p in batch], now)
            accepted: list[Work | None] = []
            seen: set[int] = set()
            rows: dict[str, list[dict[str, Any]]] = {}
            messages: list[Outgoing] = []
            for pending in batch:
                work = pending.work
                if work.update_id not in claimed or work.update_id in seen:
                    accepted.append(None)
                    continue
                seen.add(work.update_id)
                accepted.append(work)
                for write in work.deferred:
                    await write(session)
                for kind, items in work.rows.items():
                    rows.setdefault(kind, []).extend(items)
                messages.extend(work.messages)
            await write_rows(session, rows)
            records = iter(await self.postman.enqueue(session, messages))
        return [None if work is None else [next(records) for _ in work.messages] for work in accepted]


async def write_row_with_update(db: Database, kind: str, row: dict[str, Any]) -> None:
    """`defer_row` in the update being handled, or at once in a transaction of its own."""
    unit = CURRENT_UNIT.get()
    if isinstance(unit, Work) and unit.db is db:
        unit.defer_row(kind, row)
        return
    async with db.own_transaction() as session:
        await write_rows(session, {kind: [row]})


async def write_with_update(db: Database, write: Deferred) -> None:
    """Commit `write` with the update being handled (deferred into its unit of work), or at once
    in a transaction of its own when no update is being handled (command line, scheduled work)."""
    unit = CURRENT_UNIT.get()
    if isinstance(unit, Work) and unit.db is db:
        unit.defer(write)
        return
    async with db.own_transaction() as session:
        await write(session)


def current_work() -> Work | None:
    unit = CURRENT_UNIT.get()
    return unit if isinstance(unit, Work) else None


async def send_with_update(postman: Postman, messages: Sequence[Outgoing]) -> None:
    """Send `messages` with the update being handled (they commit with it), or at once in a
    transaction of their own when no update is being handled."""
    work = current_work()
    if work is not None and work.db is postman.db:
        work.send(*messages)
        return
    await postman.send(messages)
