"""The `outbox` table: messages recorded with the change that caused them, until delivered.

Rows are written by `enqueue` inside the caller's transaction; after it commits, the records go
to the `bot.outbox.Dispatcher`, which confirms deliveries through `OutboxLog`. Each pending row is
leased by the worker that sends it: a worker renews its leases while it retries, and takes over
rows whose lease ran out (their worker died) — at start-up at once for rows of a dead process of
the same host.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import socket
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.buttons import from_json, to_json
from bot.db.base import table_of
from bot.db.models import OutboxMessage, User
from bot.db.session import Database
from bot.outbox import Method, Outgoing, Priority, Record

LEASE = dt.timedelta(seconds=20)

_EPOCH_MS = 1_577_836_800_000  # 2020-01-01: 42 bits of milliseconds last until the 2150s
_SALT = uuid.uuid4().int & 0x3FF  # tells processes apart within one millisecond
_counter = itertools.count()
_counter_lock = threading.Lock()


def new_id() -> int:
    """A time-ordered 63-bit id: milliseconds, a per-process salt, a counter (2,048 per millisecond)."""
    with _counter_lock:
        count = next(_counter) & 0x7FF
    return (time.time_ns() // 1_000_000 - _EPOCH_MS) << 21 | _SALT << 11 | count


def worker_name() -> str:
    """hostname:pid:random — unique per process, and tells a dead process of this host apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _payload(message: Outgoing) -> dict[str, Any]:
    payload: dict[str, Any] = {"text": message.text}
    if message.buttons:
        payload["buttons"] = to_json(message.buttons)
    for key in ("reply_to", "message_id", "edit_of", "filename"):
        value = getattr(message, key)
        if value is not None:
            payload[key] = value
    return payload


def _message(row: OutboxMessage) -> Outgoing:
    payload = row.payload or {}
    return Outgoing(
        chat_id=row.chat_id,
        method=Method(row.method),
        text=payload.get("text", ""),
        buttons=from_json(payload.get("buttons")),
        reply_to=payload.get("reply_to"),
        message_id=payload.get("message_id"),
        edit_of=payload.get("edit_of"),
        blob=row.blob,
        filename=payload.get("filename"),
        priority=Priority(row.priority),
    )


async def enqueue(session: AsyncSession, messages: Sequence[Outgoing], owner: str, now: dt.datetime) -> list[Record]:
    """Record `messages` (in order) in the caller's transaction; returns them for the dispatcher.

    A message may bring its id (`Outgoing.id`, from `new_id`): a later message edits it by that id."""
    if not messages:
        return []
    ids = [message.id if message.id is not None else new_id() for message in messages]
    rows = [
        {
            "id": record_id,
            "chat_id": message.chat_id,
            "priority": int(message.priority),
            "method": str(message.method),
            "payload": _payload(message),
            "blob": message.blob,
            "status": "pending",
            "created_at": now,
            "owner": owner,
            "lease_until": now + LEASE,
        }
        for record_id, message in zip(ids, messages, strict=True)
    ]
    await session.execute(insert(table_of(OutboxMessage)), rows)  # Core executemany: no ORM bulk work
    created = now.timestamp()
    return [Record(record_id, message, created) for record_id, message in zip(ids, messages, strict=True)]


async def renew(session: AsyncSession, ids: Sequence[int], owner: str, now: dt.datetime) -> None:
    """Keep our leases on messages still being retried."""
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chunk), OutboxMessage.status == "pending")
            .values(owner=owner, lease_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )


def _dead_on_this_host(owner: str, me: str) -> bool:
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or owner == me:
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True  # an earlier life of this pid (a restarted container)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


async def take_over(session: AsyncSession, owner: str, now: dt.datetime, *, limit: int = 5000) -> list[Record]:
    """Claim pending messages nobody is sending (lease over, or their process is dead); oldest first."""
    rows = (
        await session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.status == "pending", OutboxMessage.owner != owner)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    ).scalars()
    taken = [row for row in rows if row.lease_until <= now or _dead_on_this_host(row.owner, owner)]
    if not taken:
        return []
    claimed: list[Record] = []
    for row in taken:
        # Compare-and-set on the old owner: two workers taking over the same row, one wins.
        result = await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.owner == row.owner, OutboxMessage.status == "pending")
            .values(owner=owner, lease_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(Record(row.id, _message(row), row.created_at.timestamp()))
    return claimed


async def prune(session: AsyncSession, before: dt.datetime) -> int:
    """Forget messages delivered (or given up) before `before`; returns how many."""
    result = await session.execute(
        delete(OutboxMessage).where(OutboxMessage.status != "pending", OutboxMessage.created_at < before)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def pending_count(session: AsyncSession) -> int:
    rows = await session.execute(select(OutboxMessage.id).where(OutboxMessage.status == "pending"))
    return len(rows.all())


_OUTBOX = table_of(OutboxMessage)
#: deliveries confirmed, one cached Core executemany (not the ORM's bulk update by primary key)
_MARK_SENT = update(_OUTBOX).where(_OUTBOX.c.id == bindparam("rid"))


class OutboxLog:
    """`bot.outbox.DeliveryLog` over the database."""

    def __init__(self, db: Database, now: Any) -> None:
        self.db = db
        self.now = now  # () -> aware datetime (the injectable clock)

    async def sent(self, results: Sequence[tuple[int, int | None]]) -> None:
        if not results:
            return
        async with self.db.transaction() as session:
            now = self.now()
            await session.execute(
                _MARK_SENT, [{"rid": rid, "status": "sent", "sent_at": now, "message_id": mid} for rid, mid in results]
            )

    async def failed(self, record_id: int, error: str) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == record_id)
                .values(status="failed", error=error)
                .execution_options(synchronize_session=False)
            )

    async def blocked(self, chat_id: int, record_ids: Sequence[int]) -> None:
        """The user blocked the bot: their queued messages are dropped and they are marked inactive."""
        now = self.now()
        async with self.db.transaction() as session:
            if record_ids:
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(list(record_ids)))
                    .values(status="blocked", error="403")
                    .execution_options(synchronize_session=False)
                )
            await session.execute(
                update(User)
                .where(User.id == chat_id, User.active.is_(True))
                .values(active=False, updated_at=now)
                .execution_options(synchronize_session=False)
            )

    async def message_id_of(self, record_id: int) -> int | None:
        async with self.db.transaction(readonly=True) as session:
            return await session.scalar(select(OutboxMessage.message_id).where(OutboxMessage.id == record_id))
