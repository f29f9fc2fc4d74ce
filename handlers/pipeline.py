"""How an update reaches the handlers: in order per chat, as one unit of work, never lost.

`Pipeline.handle(update)` runs python-telegram-bot's own `Application.process_update` inside a
`bot.work.Work`, then commits the update's claim, effects and messages together and hands the
messages to the outbox. It returns only once that is durable, and raises when it is not (the
database is unreachable): the caller then leaves the update to Telegram to deliver again.

Updates are first stored in the database (`Inbox`): long polling confirms them to Telegram (the
next `getUpdates` offset) and a webhook request is answered 200 only once they are stored. A crash
at any moment therefore leaves each update either fully applied, or stored and handled again after
the restart (`Inbox.recover`), or still at Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime as dt
import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError
from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, TimedOut
from telegram.ext import Application

from bot import messages
from bot.clock import Clock
from bot.db import updates as update_rows
from bot.db.session import CURRENT_UNIT, Database
from bot.outbox import texts
from bot.work import AlreadyProcessed, GroupCommit, Postman, Work

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]


class RetryLater(Exception):
    """The update could not be made durable now (database trouble); it must be delivered again."""


def chat_key(update: Update) -> int | None:
    chat = update.effective_chat
    if chat is not None:
        return chat.id
    return update.effective_user.id if update.effective_user is not None else None


def is_transient(error: BaseException) -> bool:
    """Errors of the database itself, not of the update: worth handling the update again later."""
    if isinstance(error, OperationalError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


class Pipeline:
    """Handles updates concurrently across chats, in order within a chat (see the module docstring)."""

    def __init__(self, application: Application, db: Database, clock: Clock, postman: Postman, group: GroupCommit):
        self.application = application
        self.db = db
        self.clock = clock
        self.postman = postman
        self.group = group
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def handle(self, update: Update) -> None:
        key = chat_key(update)
        if key is None:
            await self._handle(update)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await self._handle(update)
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    async def _handle(self, update: Update) -> None:
        work = Work(self.db, self.clock, update.update_id)
        token = work.activate()
        try:
            await self.application.process_update(update)
        finally:
            work.deactivate(token)
        if work.duplicate:
            await work.rollback()
            log.info("update %s already handled; skipped", update.update_id)
            return
        if work.failed is not None:
            await work.rollback()
            if is_transient(work.failed):
                raise RetryLater(str(work.failed)) from work.failed
            await self._apologise(update)
            return
        if not work.has_effects:
            return
        try:
            records = await work.commit(self.postman, self.group)
        except AlreadyProcessed:
            log.info("update %s already handled; skipped", update.update_id)
            return
        except Exception as exc:
            if is_transient(exc):
                raise RetryLater(str(exc)) from exc
            raise
        self.postman.deliver(records)

    async def _apologise(self, update: Update) -> None:
        """A handler failed on this update: its effects are undone; claim it with an apology so that
        the same failure is not repeated at every delivery."""
        work = Work(self.db, self.clock, update.update_id)
        chat = update.effective_chat
        if chat is not None:
            work.send(*texts(chat.id, messages.ERROR))
        try:
            records = await self.group.commit(work)
        except AlreadyProcessed:
            return
        except Exception as exc:
            if is_transient(exc):
                raise RetryLater(str(exc)) from exc
            raise
        self.postman.deliver(records)


def note_failure(error: BaseException) -> bool:
    """Tell the current update's unit of work that a handler failed; False outside one."""
    work = CURRENT_UNIT.get()
    if not isinstance(work, Work):
        return False
    if not isinstance(error, AlreadyProcessed):
        work.failed = error
    return True


@dataclass
class _Arrival:
    updates: list[Update]
    payloads: list[JSONDict] | None
    fresh: asyncio.Future[int]


class Inbox:
    """Updates are stored in the database on arrival, before Telegram is told they were received,
    then handled in the background; what a crash or an outage left unhandled is handled again."""

    RECOVER_AFTER = 10.0  # seconds an update may stay unhandled before another pass takes it
    STORE_BATCH = 300  # updates stored in one statement at most

    def __init__(self, pipeline: Pipeline, *, concurrency: int = 64) -> None:
        self.pipeline = pipeline
        self._slots = asyncio.Semaphore(concurrency)
        self._in_flight: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._arrived: deque[_Arrival] = deque()
        self._storer: asyncio.Task[None] | None = None

    async def receive(self, updates: list[Update], payloads: list[JSONDict] | None = None) -> int:
        """Store the updates (raises when the database cannot), then start handling the new ones;
        returns how many were new. `payloads`: the updates as received (else `Update.to_dict`).

        What arrives while a store is being written is stored together in the next transaction
        (webhook requests come one update each): one write for many requests, each answered only
        once its own update is stored."""
        if not updates:
            return 0
        loop = asyncio.get_running_loop()
        arrival = _Arrival(updates, payloads, loop.create_future())
        self._arrived.append(arrival)
        if self._storer is None or self._storer.done():
            # A fresh context: the tasks the store starts must not inherit the caller's.
            self._storer = loop.create_task(self._store_arrived(), context=contextvars.Context())
        return await arrival.fresh

    async def _store_arrived(self) -> None:
        await asyncio.sleep(0)  # let the requests arriving at this moment join
        while self._arrived:
            batch: list[_Arrival] = []
            size = 0
            while self._arrived and (not batch or size + len(self._arrived[0].updates) <= self.STORE_BATCH):
                batch.append(self._arrived.popleft())
                size += len(batch[-1].updates)
            rows: dict[int, tuple[Update, JSONDict]] = {}
            for arrival in batch:
                payloads = arrival.payloads or [u.to_dict() for u in arrival.updates]
                for update, payload in zip(arrival.updates, payloads, strict=True):
                    rows.setdefault(update.update_id, (update, payload))
            pipeline = self.pipeline
            try:
                async with pipeline.db.own_transaction() as session:
                    fresh = await update_rows.store(
                        session, [(uid, payload) for uid, (_u, payload) in rows.items()], pipeline.clock.now()
                    )
            except Exception as exc:
                for arrival in batch:
                    if not arrival.fresh.done():
                        arrival.fresh.set_exception(exc)
                continue
            for update_id in sorted(rows):
                if update_id in fresh:
                    self._start(rows[update_id][0])
            for arrival in batch:
                if not arrival.fresh.done():
                    arrival.fresh.set_result(sum(1 for u in arrival.updates if u.update_id in fresh))

    async def recover(self, older_than: float | None = None) -> int:
        """Handle again what is stored but unhandled for `older_than` seconds (default
        `RECOVER_AFTER`): after a crash or an outage. At start-up everything unhandled is taken."""
        pipeline = self.pipeline
        wait = self.RECOVER_AFTER if older_than is None else older_than
        cutoff = pipeline.clock.now() - dt.timedelta(seconds=wait) + dt.timedelta(microseconds=1)
        async with pipeline.db.own_transaction(readonly=True) as session:
            rows = await update_rows.unhandled(session, cutoff)
        started = 0
        for update_id, payload in rows:
            if update_id in self._in_flight:
                continue
            update = Update.de_json(payload, pipeline.application.bot)
            if update is None:
                continue
            self._start(update)
            started += 1
        if started:
            log.info("handling %d update(s) left unhandled", started)
        return started

    def _start(self, update: Update) -> None:
        self._in_flight.add(update.update_id)
        task = asyncio.create_task(self._run_one(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_one(self, update: Update) -> None:
        try:
            async with self._slots:
                await self.pipeline.handle(update)
        except RetryLater as exc:
            log.warning("update %s not handled now (%s); it will be handled again", update.update_id, exc)
        except Exception:
            log.exception("update %s failed outside its handlers", update.update_id)
        finally:
            self._in_flight.discard(update.update_id)

    async def drain(self, timeout: float = 5.0) -> None:
        """Let the updates being handled finish (at stop)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    async def recover_forever(self, stop: asyncio.Event, every: float = 30.0) -> None:
        while not stop.is_set():
            try:
                await self.recover()
            except Exception as exc:
                log.warning("could not look for unhandled updates: %s", exc)
            await sleep_or_stop(stop, every)


class Poller:
    """Long polling: each answer of getUpdates is stored (`Inbox.receive`) before the next call
    confirms it to Telegram; while the database cannot store, the offset does not move, so
    Telegram keeps the updates."""

    BACKOFF_FIRST, BACKOFF_MAX = 0.5, 30.0

    def __init__(self, application: Application, inbox: Inbox, *, allowed_updates: Iterable[str], timeout: int = 10):
        self.application = application
        self.inbox = inbox
        self.allowed_updates = list(allowed_updates)
        self.timeout = timeout
        self.offset: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; a call in progress is abandoned at once."""
        delay = self.BACKOFF_FIRST
        while not stop.is_set():
            try:
                updates, payloads = await self._poll(stop) or ([], [])
                if updates:
                    await self.inbox.receive(updates, payloads)
                    self.offset = max(u.update_id for u in updates) + 1
            except (InvalidToken, asyncio.CancelledError):
                raise
            except Conflict as exc:
                log.error("another bot instance is polling with this token: %s", exc)
                await sleep_or_stop(stop, 5.0)
                continue
            except (TimedOut, NetworkError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.1fs", exc, delay)
                await sleep_or_stop(stop, delay)
                delay = min(delay * 2, self.BACKOFF_MAX)
                continue
            except Exception as exc:  # the database could not store them: Telegram keeps them
                log.error("could not store updates (%s); retrying in %.1fs", exc, delay)
                await sleep_or_stop(stop, delay)
                delay = min(delay * 2, self.BACKOFF_MAX)
                continue
            delay = self.BACKOFF_FIRST
        await self._confirm()

    async def _poll(self, stop: asyncio.Event) -> tuple[list[Update], list[JSONDict]] | None:
        """One getUpdates call, abandoned when `stop` is set: the updates, and each as received."""
        call = asyncio.ensure_future(self._get_updates())
        stopping = asyncio.ensure_future(stop.wait())
        try:
            done, _ = await asyncio.wait({call, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if call not in done:
            call.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await call
            return None
        return call.result()

    async def _get_updates(self) -> tuple[list[Update], list[JSONDict]]:
        """getUpdates as `Bot.get_updates` makes it (same request layer, errors and read timeout),
        keeping the JSON of each update: the inbox stores that instead of rebuilding it with
        `Update.to_dict` (a third of a millisecond per update)."""
        bot = self.application.bot
        data: JSONDict = {"timeout": self.timeout, "offset": self.offset, "allowed_updates": self.allowed_updates}
        read_timeout = (bot._request[0].read_timeout or 0) + self.timeout  # as get_updates does
        result = await bot._post("getUpdates", data, read_timeout=read_timeout)
        payloads = [item for item in (result if isinstance(result, list) else []) if isinstance(item, dict)]
        updates = [Update.de_json(payload, bot) for payload in payloads]
        return [u for u in updates if u is not None], [p for p, u in zip(payloads, updates, strict=True) if u]

    async def _confirm(self) -> None:
        """Tell Telegram what was stored, so that a restart does not receive it again."""
        if self.offset is not None:
            with contextlib.suppress(Exception):
                await self.application.bot.get_updates(offset=self.offset, timeout=0, limit=1)


async def sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    """Wait `seconds`, or less if `stop` is set. asyncio.timeout, not wait_for: in Python 3.11
    wait_for can swallow a cancellation that arrives as its timeout expires (see bot/outbox.py)."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()
