"""The outbox dispatcher: order per chat, answers before broadcasts within the cap, retries, 403, edits."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from bot.outbox import (
    Dispatcher,
    Method,
    Outgoing,
    PermanentSendError,
    Priority,
    RateLimited,
    RecipientBlocked,
    Record,
    TransientSendError,
)


class Transport:
    def __init__(self) -> None:
        self.calls: list[Outgoing] = []
        self.edited: list[int | None] = []
        self.fail: dict[int, list[Exception]] = {}
        self.delay = 0.0

    async def call(self, message: Outgoing, message_id: int | None) -> int | None:
        await asyncio.sleep(self.delay)
        errors = self.fail.get(message.chat_id)
        if errors:
            raise errors.pop(0)
        self.calls.append(message)
        if message.method == Method.EDIT_TEXT:
            self.edited.append(message_id)
            return message_id
        return 1000 + len(self.calls)


class DeliveryLog:
    """What the dispatcher records (the outbox table, in memory)."""

    def __init__(self) -> None:
        self.sent_ids: list[tuple[int, int | None]] = []
        self.failed_ids: list[int] = []
        self.blocked_chats: list[tuple[int, list[int]]] = []

    async def sent(self, results: Sequence[tuple[int, int | None]]) -> None:
        self.sent_ids.extend(results)

    async def failed(self, record_id: int, error: str) -> None:
        self.failed_ids.append(record_id)

    async def blocked(self, chat_id: int, record_ids: Sequence[int]) -> None:
        self.blocked_chats.append((chat_id, list(record_ids)))

    async def message_id_of(self, record_id: int) -> int | None:
        return None


def records(*messages: Outgoing, start: int = 1) -> list[Record]:
    return [Record(start + n, message) for n, message in enumerate(messages)]


async def run(dispatcher: Dispatcher, items: list[Record], timeout: float = 10) -> None:
    dispatcher.start()
    dispatcher.submit(items)
    assert await dispatcher.drained(timeout)
    await dispatcher.stop()


def make(transport: Transport, **kwargs: object) -> tuple[Dispatcher, DeliveryLog]:
    log = DeliveryLog()
    dispatcher = Dispatcher(transport, log, **kwargs)  # type: ignore[arg-type]
    dispatcher.FIRST_BACKOFF = 0.01
    return dispatcher, log


async def test_messages_of_one_chat_go_in_order_even_when_one_is_retried():
    transport = Transport()
    transport.fail[5] = [TransientSendError("502"), TransientSendError("timeout")]
    dispatcher, log = make(transport, rate=0)
    await run(dispatcher, records(*(Outgoing(5, text=f"m{n}") for n in range(5)), Outgoing(6, text="other")))
    assert [m.text for m in transport.calls if m.chat_id == 5] == ["m0", "m1", "m2", "m3", "m4"]
    assert sorted(rid for rid, _ in log.sent_ids) == [1, 2, 3, 4, 5, 6]


async def test_answers_go_before_broadcasts_under_the_cap():
    transport = Transport()
    dispatcher, _log = make(transport, rate=20)
    broadcast = [Outgoing(1000 + n, text="tổng hợp", priority=Priority.BROADCAST) for n in range(30)]
    dispatcher.start()
    dispatcher.submit(records(*broadcast))
    await asyncio.sleep(0.3)
    dispatcher.submit(records(*(Outgoing(n, text="trả lời") for n in range(10)), start=100))
    assert await dispatcher.drained(10)
    await dispatcher.stop()
    order = [m.text for m in transport.calls]
    first_answer, last_answer = order.index("trả lời"), len(order) - 1 - order[::-1].index("trả lời")
    assert last_answer - first_answer == 9  # once answers arrive they all go first, back to back
    assert order.count("tổng hợp") == 30


async def test_a_429_holds_that_chat_and_403_drops_its_messages_once():
    transport = Transport()
    transport.fail[7] = [RateLimited(0.2)]
    transport.fail[8] = [RecipientBlocked("blocked")]
    dispatcher, log = make(transport, rate=0)
    await run(dispatcher, records(Outgoing(7, text="a"), Outgoing(8, text="b"), Outgoing(8, text="c")))
    assert [m.chat_id for m in transport.calls] == [7]
    assert log.blocked_chats == [(8, [2, 3])]


async def test_a_refused_message_fails_alone_and_the_chat_goes_on():
    transport = Transport()
    transport.fail[9] = [PermanentSendError("Bad Request: can't parse entities")]
    dispatcher, log = make(transport, rate=0)
    await run(dispatcher, records(Outgoing(9, text="<b"), Outgoing(9, text="ok")))
    assert log.failed_ids == [1] and [m.text for m in transport.calls] == ["ok"]


async def test_an_edit_refers_to_a_message_sent_just_before_by_its_outbox_id():
    transport = Transport()
    dispatcher, _log = make(transport, rate=0)
    first = Outgoing(3, text="tóm tắt")
    edit = Outgoing(3, Method.EDIT_TEXT, "tóm tắt (đã sửa)", edit_of=1)
    await run(dispatcher, records(first, edit))
    assert transport.edited == [1001]


async def test_broadcasts_to_a_person_are_paced_to_one_a_second():
    transport = Transport()
    dispatcher, _log = make(transport, rate=0)
    dispatcher.PRIVATE_BROADCAST_SPACING = 0.2
    loop = asyncio.get_running_loop()
    started = loop.time()
    await run(dispatcher, records(*(Outgoing(4, text=str(n), priority=Priority.BROADCAST) for n in range(4))))
    assert loop.time() - started >= 0.6


class TransactionLog(DeliveryLog):
    """A delivery log whose writes are transactions, as the outbox table's are: a write that is
    cancelled half-way is counted (on SQLite its connection was thrown away with the write lock
    still held, and the next BEGIN IMMEDIATE waited for it)."""

    def __init__(self) -> None:
        super().__init__()
        self.writing = asyncio.Event()
        self.release = asyncio.Event()
        self.cut_short = 0

    async def sent(self, results: Sequence[tuple[int, int | None]]) -> None:
        if not self.writing.is_set():  # the first write is in its transaction when the bot stops
            self.writing.set()
            try:
                await self.release.wait()
            except asyncio.CancelledError:
                self.cut_short += 1
                raise
        self.sent_ids.extend(results)


async def test_deliveries_being_written_when_the_bot_stops_are_recorded_by_that_write_not_cancelled():
    log = TransactionLog()
    dispatcher = Dispatcher(Transport(), log)  # type: ignore[arg-type]
    dispatcher.FLUSH_EVERY = 0.01
    dispatcher.start()
    dispatcher.submit(records(Outgoing(chat_id=5, text="a"), Outgoing(chat_id=6, text="b")))
    await asyncio.wait_for(log.writing.wait(), 10)
    stopping = asyncio.create_task(dispatcher.stop(grace=0.0))
    for _ in range(20):  # stop() runs as far as it can before the write ends
        await asyncio.sleep(0)
    log.release.set()
    done, _ = await asyncio.wait({stopping}, timeout=10)
    assert stopping in done, "Dispatcher.stop() never returned"
    assert log.cut_short == 0
    assert sorted(rid for rid, _ in log.sent_ids) == [1, 2]


async def test_a_message_submitted_as_the_bot_stops_does_not_keep_the_dispatcher_running():
    transport = Transport()
    dispatcher, _log = make(transport)
    dispatcher.start()
    await run_until_idle(dispatcher)
    for n in range(50):  # the runner is woken by the message in the same turn it is cancelled
        dispatcher.submit(records(Outgoing(chat_id=7, text=f"m{n}"), start=100 + n))
        await stopped(dispatcher, grace=0.0)
        dispatcher.start()
        await run_until_idle(dispatcher)
    await stopped(dispatcher)


async def stopped(dispatcher: Dispatcher, grace: float = 2.0) -> None:
    """stop(), with a guard: a stop() that never returns fails the test instead of hanging it."""
    stopping = asyncio.create_task(dispatcher.stop(grace=grace))
    done, _ = await asyncio.wait({stopping}, timeout=10)
    assert stopping in done, "Dispatcher.stop() never returned"
    await stopping


async def run_until_idle(dispatcher: Dispatcher) -> None:
    assert await dispatcher.drained(10)
    for _ in range(5):  # the runner is back waiting for work
        await asyncio.sleep(0)
