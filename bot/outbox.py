"""Every message the bot sends goes through here: recorded, paced, retried, delivered in order.

A message is first written to the `outbox` table in the same transaction as the state change that
caused it (`bot/db/outbox.py`); once that commits it is handed to the `Dispatcher`, which sends it
and records the delivery. So a crash never loses a reply: a restart resends what was not confirmed
(a message whose confirmation was lost may go out twice; the confirmation is written within a
fraction of a second, which keeps that window small).

The dispatcher knows no Telegram types: a `Transport` performs one call and maps the API's errors
onto the exceptions below. Its rules:

* per chat, strictly in order: the next message of a chat waits for the previous one;
* answers first: a user's reply (`Priority.REPLY`) always goes before a broadcast (summaries,
  reminders), and both share the overall cap (`rate`, Telegram's 30 messages/s; 0 = no cap);
* broadcasts respect Telegram's per-chat pace (1 message/s to a person, 20/min to a group);
* 429 holds that chat for `retry_after`; 5xx, timeouts and network errors are retried with
  exponential backoff for up to `max_age` (24 h); 403 (blocked, chat gone) drops the chat's
  messages and reports the user once; other errors (a bad request) fail only that message.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import random
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum
from typing import Protocol

from bot.buttons import Keyboard
from bot.render import split_message

log = logging.getLogger(__name__)


class Priority(IntEnum):
    REPLY = 0  # an answer to what a user just did
    BROADCAST = 1  # summaries, reminders: use what replies leave of the cap


class Method(StrEnum):
    SEND_TEXT = "send_text"
    SEND_PHOTO = "send_photo"
    SEND_DOCUMENT = "send_document"
    EDIT_TEXT = "edit_text"
    EDIT_MARKUP = "edit_markup"


@dataclass(frozen=True)
class Outgoing:
    """One Bot API call to make. `text` is Telegram HTML (a caption for photos and documents)."""

    chat_id: int
    method: Method = Method.SEND_TEXT
    text: str = ""
    buttons: Keyboard = ()
    reply_to: int | None = None
    #: the message to edit (EDIT_*): its Telegram id, or the outbox id of a message sent before it
    message_id: int | None = None
    edit_of: int | None = None
    blob: bytes | None = None
    filename: str | None = None
    priority: Priority = Priority.REPLY
    #: the outbox id to give it (a later message edits it by this id); None: a new one
    id: int | None = None


def texts(
    chat_id: int,
    html_text: str,
    buttons: Keyboard = (),
    *,
    reply_to: int | None = None,
    priority: Priority = Priority.REPLY,
) -> list[Outgoing]:
    """A text of any length as messages of at most 4,096 characters; the buttons go on the last."""
    chunks = split_message(html_text)
    last = len(chunks) - 1
    return [
        Outgoing(
            chat_id,
            Method.SEND_TEXT,
            chunk,
            buttons if index == last else (),
            reply_to=reply_to if index == 0 else None,
            priority=priority,
        )
        for index, chunk in enumerate(chunks)
    ]


@dataclass(frozen=True)
class Record:
    """An outbox row handed to the dispatcher: its id and the message."""

    id: int
    message: Outgoing
    created: float = field(default_factory=time.time)  # when it was recorded (epoch seconds), for the 24 h limit
    attempts: int = 0


class RecipientBlocked(Exception):
    """403: the user blocked the bot, or the chat is gone. Never retried."""


class RateLimited(Exception):
    """429: retry after `retry_after` seconds."""

    def __init__(self, retry_after: float, message: str = "") -> None:
        super().__init__(message or f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


class TransientSendError(Exception):
    """5xx, timeout, connection error: worth retrying."""


class PermanentSendError(Exception):
    """The API refused this call for good (bad request): retrying cannot help."""


class Transport(Protocol):
    async def call(self, message: Outgoing, message_id: int | None) -> int | None:
        """Make the call; for EDIT_* `message_id` is the message to edit. Returns the sent message's id."""
        ...


class DeliveryLog(Protocol):
    """Where the dispatcher records outcomes (the outbox table)."""

    async def sent(self, results: Sequence[tuple[int, int | None]]) -> None: ...

    async def failed(self, record_id: int, error: str) -> None: ...

    async def blocked(self, chat_id: int, record_ids: Sequence[int]) -> None: ...

    async def message_id_of(self, record_id: int) -> int | None: ...


def _is_group(chat_id: int) -> bool:
    return chat_id < 0


@dataclass
class _Chat:
    queue: deque[Record] = field(default_factory=deque)
    busy: bool = False
    hold_until: float = 0.0
    recent: deque[float] = field(default_factory=deque)  # send times, groups only (20/min)


class TokenBucket:
    """`rate` tokens per second, up to `rate` banked (one second's worth); rate 0 = unlimited."""

    def __init__(self, rate: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.monotonic = monotonic
        self.stamp = monotonic()

    def wait_time(self) -> float:
        """Seconds until a token is available (0 = now)."""
        if self.rate <= 0:
            return 0.0
        now = self.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate

    def take(self) -> None:
        if self.rate > 0:
            self.tokens -= 1.0

    def wait_for(self, tokens: float) -> float:
        """Seconds until `tokens` are banked (0 = now); never more than the bucket holds."""
        if self.rate <= 0:
            return 0.0
        self.wait_time()  # refill
        wanted = min(tokens, self.capacity)
        return 0.0 if self.tokens >= wanted else (wanted - self.tokens) / self.rate


class Dispatcher:
    """Sends what `submit` is given, by the rules in the module docstring."""

    PRIVATE_BROADCAST_SPACING = 1.0
    #: a broadcast message is sent only while this share of the cap's burst stays banked for replies
    BROADCAST_RESERVE = 0.5
    GROUP_WINDOW, GROUP_MAX = 60.0, 20
    FIRST_BACKOFF, MAX_BACKOFF = 0.5, 30.0
    FLUSH_EVERY = 0.2  # seconds between writes of delivery confirmations
    MESSAGE_IDS_KEPT = 10_000

    def __init__(
        self,
        transport: Transport,
        log_to: DeliveryLog,
        *,
        rate: float = 30.0,
        concurrency: int = 8,
        max_age: float = 24 * 3600.0,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.transport = transport
        self.log_to = log_to
        self.bucket = TokenBucket(rate, monotonic)
        self.concurrency = concurrency
        self.max_age = max_age
        self.monotonic = monotonic
        self.wall = wall  # the clock of `Record.created` (the bot's injectable clock)
        self._sending = 0
        self._chats: dict[int, _Chat] = {}
        self._ready: list[tuple[int, int, int]] = []  # heap of (priority of head, seq, chat id)
        self._seq = itertools.count()
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(concurrency)
        self._sent: list[tuple[int, int | None]] = []
        self._message_ids: OrderedDict[int, int] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None
        self._flusher: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._writes: set[asyncio.Task[None]] = set()  # records of failures being written (`_record`)
        self._idle = asyncio.Event()
        self._idle.set()

    # -- input -------------------------------------------------------------------------------------

    def submit(self, records: Sequence[Record]) -> None:
        """Queue committed outbox rows (in order) for sending."""
        for record in records:
            chat = self._chats.setdefault(record.message.chat_id, _Chat())
            was_empty = not chat.queue
            chat.queue.append(record)
            if was_empty and not chat.busy:
                self._mark_ready(record.message.chat_id, chat)
        if records:
            self._idle.clear()
            self._wake.set()

    @property
    def pending(self) -> int:
        return sum(len(chat.queue) for chat in self._chats.values())

    def pending_ids(self) -> list[int]:
        return [record.id for chat in self._chats.values() for record in chat.queue]

    async def drained(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted is delivered or given up; False on timeout."""
        try:
            async with asyncio.timeout(timeout):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True

    # -- life cycle --------------------------------------------------------------------------------

    def start(self) -> None:
        if self._runner is None:
            self._stopping.clear()
            self._runner = asyncio.create_task(self._run(), name="outbox-dispatcher")
            self._flusher = asyncio.create_task(self._flush_loop(), name="outbox-confirmations")

    async def stop(self, grace: float = 2.0) -> None:
        """Stop sending; what is still queued stays in the outbox for the next start.

        No database write is cancelled half-way: the confirmations' writer finishes the batch it is
        writing and ends (`_stopping`), and failures being recorded are awaited (`_writes`). A task
        cancelled inside a transaction made SQLAlchemy throw its connection away while SQLite still
        held that transaction's write lock, and the last flush's BEGIN IMMEDIATE then waited for it.
        The sending tasks are cancelled (in the middle of an HTTP call at worst)."""
        if self._runner is not None:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(grace):
                    await self._idle.wait()
        self._stopping.set()
        senders = [task for task in [self._runner, *self._tasks] if task is not None]
        for task in senders:
            task.cancel()
        flusher = [self._flusher] if self._flusher is not None else []
        for task in [*senders, *flusher, *self._writes]:
            await _finished(task)
        self._runner = self._flusher = None
        self._tasks.clear()
        await self._flush()

    # -- scheduling --------------------------------------------------------------------------------

    def _mark_ready(self, chat_id: int, chat: _Chat) -> None:
        head = chat.queue[0]
        heapq.heappush(self._ready, (int(head.message.priority), next(self._seq), chat_id))

    def _next_chat(self) -> tuple[int | None, float]:
        """The chat to serve now (answers first, then the oldest), or how long to wait for one."""
        now = self.monotonic()
        deferred: list[tuple[int, int, int]] = []
        wait = 3600.0
        chosen: int | None = None
        while self._ready:
            priority, seq, chat_id = heapq.heappop(self._ready)
            chat = self._chats.get(chat_id)
            if chat is None or chat.busy or not chat.queue:
                continue
            ready_at = max(chat.hold_until, self._group_slot(chat_id, chat, now))
            if priority == Priority.BROADCAST:  # only what replies leave: keep a reserve banked for them
                ready_at = max(ready_at, now + self.bucket.wait_for(1 + self.BROADCAST_RESERVE * self.bucket.capacity))
            if ready_at > now:
                wait = min(wait, ready_at - now)
                deferred.append((priority, seq, chat_id))
                continue
            chosen = chat_id
            break
        for entry in deferred:
            heapq.heappush(self._ready, entry)
        return chosen, wait

    def _group_slot(self, chat_id: int, chat: _Chat, now: float) -> float:
        if not _is_group(chat_id):
            return 0.0
        while chat.recent and chat.recent[0] <= now - self.GROUP_WINDOW:
            chat.recent.popleft()
        if len(chat.recent) < self.GROUP_MAX:
            return 0.0
        return chat.recent[0] + self.GROUP_WINDOW

    async def _run(self) -> None:
        while True:
            await self._slots.acquire()
            try:
                chat_id = await self._take_chat()
            except BaseException:
                self._slots.release()
                raise
            chat = self._chats[chat_id]
            chat.busy = True
            self._sending += 1
            record = chat.queue[0]
            self.bucket.take()
            task = asyncio.create_task(self._send(chat_id, chat, record))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _take_chat(self) -> int:
        while True:
            token_wait = self.bucket.wait_time()
            if token_wait > 0:
                await asyncio.sleep(token_wait)
                continue
            chat_id, wait = self._next_chat()
            if chat_id is not None:
                return chat_id
            if self._sending == 0 and self.pending == 0:
                self._idle.set()
            self._wake.clear()
            # asyncio.timeout, not wait_for: in Python 3.11 wait_for can swallow the cancellation
            # that arrives as its timeout expires, and stop() then waited for this loop for ever
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wake.wait()

    async def _send(self, chat_id: int, chat: _Chat, record: Record) -> None:
        try:
            await self._attempt(chat_id, chat, record)
        except Exception:  # never let one message stop the dispatcher
            log.exception("outbox: unexpected error sending message %s", record.id)
            self._finish(chat)
        finally:
            chat.busy = False
            self._sending -= 1
            if chat.queue:
                self._mark_ready(chat_id, chat)
            elif not chat.recent and chat.hold_until <= self.monotonic():
                self._chats.pop(chat_id, None)  # nothing to remember: a pace or hold still pending keeps it
            self._slots.release()
            self._wake.set()

    def _finish(self, chat: _Chat) -> None:
        if chat.queue:
            chat.queue.popleft()

    async def _attempt(self, chat_id: int, chat: _Chat, record: Record) -> None:
        message = record.message
        try:
            target = await self._target(message)
            if message.method in (Method.EDIT_TEXT, Method.EDIT_MARKUP) and target is None:
                raise PermanentSendError("the message to edit was never sent")
            sent_id = await self.transport.call(message, target)
        except RecipientBlocked as exc:
            dropped = [r.id for r in chat.queue]
            chat.queue.clear()
            log.info("chat %s blocked the bot (%s); %d message(s) dropped", chat_id, exc, len(dropped))
            await self._record(self.log_to.blocked(chat_id, dropped))
            return
        except RateLimited as exc:
            chat.hold_until = self.monotonic() + max(exc.retry_after, 0.0)
            log.info("429 for chat %s: waiting %.1fs", chat_id, exc.retry_after)
            return
        except TransientSendError as exc:
            self._retry_later(chat, record, str(exc))
            return
        except PermanentSendError as exc:
            log.warning("message %s to chat %s refused: %s", record.id, chat_id, exc)
            self._finish(chat)
            await self._record(self.log_to.failed(record.id, str(exc)[:500]))
            return
        self._finish(chat)
        now = self.monotonic()
        if message.priority == Priority.BROADCAST and not _is_group(chat_id):
            chat.hold_until = now + self.PRIVATE_BROADCAST_SPACING
        if _is_group(chat_id):
            chat.recent.append(now)
        if sent_id is not None:
            self._message_ids[record.id] = sent_id
            while len(self._message_ids) > self.MESSAGE_IDS_KEPT:
                self._message_ids.popitem(last=False)
        self._sent.append((record.id, sent_id))

    def _retry_later(self, chat: _Chat, record: Record, error: str) -> None:
        attempts = record.attempts + 1
        if self.wall() - record.created > self.max_age:
            log.error("message %s given up after %d attempts: %s", record.id, attempts, error)
            self._finish(chat)
            task = asyncio.create_task(self.log_to.failed(record.id, f"gave up: {error}"[:500]))
            self._writes.add(task)
            task.add_done_callback(self._writes.discard)
            return
        backoff = min(self.MAX_BACKOFF, self.FIRST_BACKOFF * 2 ** min(attempts - 1, 16))
        backoff *= random.uniform(0.8, 1.2)
        chat.queue[0] = replace(record, attempts=attempts)
        chat.hold_until = self.monotonic() + backoff
        log.warning(
            "send to chat %s failed (attempt %d), retrying in %.1fs: %s",
            record.message.chat_id,
            attempts,
            backoff,
            error,
        )

    async def _target(self, message: Outgoing) -> int | None:
        if message.message_id is not None or message.edit_of is None:
            return message.message_id
        known = self._message_ids.get(message.edit_of)
        if known is not None:
            return known
        return await self.log_to.message_id_of(message.edit_of)

    # -- confirmations -----------------------------------------------------------------------------

    async def _record(self, write: Coroutine[object, object, None]) -> None:
        """A write of the delivery log that a cancellation of the sender does not cut short (its own
        task; stop() awaits it)."""
        task = asyncio.create_task(write)
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)
        await asyncio.shield(task)

    async def _flush_loop(self) -> None:
        """Write the confirmations every FLUSH_EVERY seconds until stop() (never cancelled: a
        cancelled write would leave its transaction to SQLite; see stop)."""
        while not self._stopping.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.FLUSH_EVERY):
                    await self._stopping.wait()
            await self._flush()

    async def _flush(self) -> None:
        if not self._sent:
            return
        batch, self._sent = self._sent, []
        try:
            await self.log_to.sent(batch)
        except asyncio.CancelledError:
            # Stopping mid-write: keep the batch so stop()'s last flush records it; otherwise
            # a restart would resend replies the users already have.
            self._sent = batch + self._sent
            raise
        except Exception:
            log.exception("could not record %d deliveries; will retry", len(batch))
            self._sent = batch + self._sent


async def _finished(task: asyncio.Task[None]) -> None:
    """Wait for a task that was cancelled or asked to end, whatever it raised; a cancellation of
    the caller itself still propagates."""
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
    except Exception:
        log.exception("outbox: %s ended with an error", task.get_name())
