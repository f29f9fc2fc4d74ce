"""Keeps the tables that grow with traffic bounded: old update ids, delivered messages, idle conversations."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from bot.clock import Clock
from bot.db import conversations, outbox, updates
from bot.db.session import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retention:
    updates: dt.timedelta = dt.timedelta(days=3)
    outbox: dt.timedelta = dt.timedelta(days=7)
    conversations: dt.timedelta = dt.timedelta(minutes=30)

    @classmethod
    def from_settings(cls, settings: object) -> Retention:
        return cls(
            updates=dt.timedelta(days=settings.updates_keep_days),  # type: ignore[attr-defined]
            outbox=dt.timedelta(days=settings.outbox_keep_days),  # type: ignore[attr-defined]
            conversations=dt.timedelta(minutes=settings.conversation_minutes),  # type: ignore[attr-defined]
        )


class Housekeeping:
    def __init__(self, db: Database, clock: Clock, settings: object | None = None, retention: Retention | None = None):
        self.db = db
        self.clock = clock
        self.retention = retention or (Retention.from_settings(settings) if settings is not None else Retention())

    async def run(self) -> dict[str, int]:
        """Delete what is past its retention; returns the number of rows deleted per table."""
        now = self.clock.now()
        keep = self.retention
        async with self.db.own_transaction() as session:
            done = {
                "processed_updates": await updates.prune(session, now - keep.updates),
                "outbox": await outbox.prune(session, now - keep.outbox),
                "conversations": await conversations.prune(session, now - keep.conversations),
            }
        if any(done.values()):
            log.info("housekeeping: %s", done)
        return done
