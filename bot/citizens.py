"""What the bot does for citizens, independent of Telegram: answer with the user's
chosen locality, remember a chosen locality, and log questions for the officials."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from bot.clock import Clock
from bot.db import repo
from bot.db.models import User
from bot.db.session import Database
from bot.qa.engine import Answer, Engine


@dataclass(frozen=True)
class Person:
    """The sender of an update, as the core needs it."""

    id: int
    first_name: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class Sender:
    """What is known of an update's sender when it is claimed."""

    chosen_plan_id: str | None = None
    role: str = "citizen"
    unit_id: str | None = None

    @property
    def may_report(self) -> bool:
        return self.unit_id is not None and self.role in ("staff", "admin")


@dataclass(frozen=True)
class _Asked:
    person: Person
    chat_type: str
    answer: Answer
    question: str
    plan_id: str | None
    at: dt.datetime


class CitizenDesk:
    """Questions are answered from a read-only look-up of the user's locality; the question
    log (and a first-time user's row) is written in batches by `flush()`, so answering never
    waits behind other writers."""

    FLUSH_EVERY = 200  # questions buffered before a flush is forced

    def __init__(self, engine: Engine, db: Database, clock: Clock):
        self.engine = engine
        self.db = db
        self.clock = clock
        self._pending: list[_Asked] = []
        self._flushing = asyncio.Lock()
        self._claims: list[tuple[int, int | None, asyncio.Future[tuple[bool, Sender]]]] = []
        self._claimer: asyncio.Task[None] | None = None

    async def claim_update(self, update_id: int, user_id: int | None = None) -> tuple[bool, Sender]:
        """(True the first time an update id is seen by any worker sharing the database,
        what is known of the sender).

        Claims arriving while a claim transaction runs are committed together in the next one
        (group commit): one write per batch instead of one per update."""
        future: asyncio.Future[tuple[bool, Sender]] = asyncio.get_running_loop().create_future()
        self._claims.append((update_id, user_id, future))
        if self._claimer is None or self._claimer.done():
            self._claimer = asyncio.create_task(self._claim_batches())
        return await future

    async def _claim_batches(self) -> None:
        while self._claims:
            batch, self._claims = self._claims, []
            try:
                async with self.db.transaction() as session:
                    claimed = await repo.claim_updates(session, [uid for uid, _, _ in batch], self.clock.now())
                    users = [user for uid, user, _ in batch if uid in claimed and user is not None]
                    known = await repo.sender_states(session, users)
            except Exception as exc:  # every waiter of the batch learns the failure
                for _, _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            seen: set[int] = set()
            for uid, user, future in batch:
                first = uid in claimed and uid not in seen
                seen.add(uid)
                if not future.done():
                    state = known.get(user) if user is not None else None
                    future.set_result((first, Sender(*state) if state else Sender()))

    async def ask(
        self, person: Person, question: str, chat_type: str, plan_id: str | None = None, *, sender: Sender | None = None
    ) -> Answer:
        """Answer using `plan_id`, else the person's chosen locality (from `sender` when the caller
        already read it with the update's claim); queue the question for the log."""
        now = self.clock.now()
        if plan_id is None:
            plan_id = sender.chosen_plan_id if sender is not None else await self.chosen(person.id)
        context = plan_id
        answer = self.engine.answer(question, today=now.date(), plan_context=context)
        self._pending.append(_Asked(person, chat_type, answer, question[:1000], context, now))
        if len(self._pending) >= self.FLUSH_EVERY:
            await self.flush()
        return answer

    async def chosen(self, user_id: int) -> str | None:
        async with self.db.transaction(readonly=True) as session:
            return await repo.get_chosen_plan(session, user_id)

    async def flush(self) -> int:
        """Write the queued questions (and first-time users) in one transaction; returns how many."""
        async with self._flushing:
            batch, self._pending = self._pending, []
            if not batch:
                return 0
            try:
                async with self.db.transaction() as session:
                    users = {a.person.id: a for a in batch}.values()
                    await repo.insert_many_or_skip(
                        session,
                        User,
                        [
                            {
                                "id": a.person.id,
                                "first_name": a.person.first_name or "",
                                "username": a.person.username,
                                "role": "citizen",
                                "active": True,
                                "created_at": a.at,
                                "updated_at": a.at,
                            }
                            for a in users
                        ],
                    )
                    await repo.log_questions(
                        session,
                        [
                            {
                                "user_id": a.person.id,
                                "chat_type": a.chat_type,
                                "plan_ids": a.answer.plans or ([a.plan_id] if a.plan_id else []),
                                "status": a.answer.status,
                                "topic": a.answer.topic,
                                "question": a.question,
                                "asked_at": a.at,
                            }
                            for a in batch
                        ],
                    )
            except Exception:
                self._pending = batch + self._pending  # keep them for the next flush
                raise
            return len(batch)

    async def greet(self, person: Person) -> str | None:
        """Register the person; return their chosen plan id, if any."""
        async with self.db.transaction() as session:
            user = await repo.get_or_create_user(
                session, person.id, person.first_name, person.username, self.clock.now()
            )
            return user.chosen_plan_id

    async def choose(self, person: Person, plan_id: str) -> bool:
        """Remember the person's locality; False if the plan is unknown."""
        if plan_id not in self.engine.plans:
            return False
        now = self.clock.now()
        async with self.db.transaction() as session:
            await repo.get_or_create_user(session, person.id, person.first_name, person.username, now)
            await repo.set_chosen_plan(session, person.id, plan_id, now)
        return True

    async def mark_blocked(self, user_id: int) -> None:
        async with self.db.transaction() as session:
            await repo.mark_user_blocked(session, user_id, self.clock.now())
