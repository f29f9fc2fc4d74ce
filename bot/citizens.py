"""What the bot does for citizens, independent of Telegram: answer with the user's chosen locality,
remember a chosen locality, and log questions for the officials' digest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalog import LiveKnowledge
from bot.clock import Clock
from bot.db import questions, users
from bot.db.session import Database
from bot.qa.engine import Answer
from bot.roles import Role, may_report
from bot.work import write_with_update


@dataclass(frozen=True)
class Person:
    """The sender of an update, as the core needs it."""

    id: int
    first_name: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class Profile:
    """What is stored about a user: role, unit, plan followed, locality chosen."""

    role: Role = Role.CITIZEN
    unit_id: str | None = None
    plan_id: str | None = None
    chosen_plan_id: str | None = None
    known: bool = False

    @property
    def may_report(self) -> bool:
        return may_report(self.role, self.unit_id)


class CitizenDesk:
    """Questions are answered from a read-only look-up of the user; the question log (and a
    first-time user's row) is written with the update's claim, in one group commit."""

    def __init__(self, knowledge: LiveKnowledge, db: Database, clock: Clock, admins: frozenset[int] = frozenset()):
        self.knowledge = knowledge
        self.db = db
        self.clock = clock
        self.admins = admins

    async def profile(self, user_id: int) -> Profile:
        async with self.db.transaction(readonly=True) as session:
            row = await users.profile(session, user_id)
        if row is None:
            return Profile(Role.ADMIN if user_id in self.admins else Role.CITIZEN)
        role, unit_id, plan_id, chosen = row
        return Profile(Role.ADMIN if user_id in self.admins else Role(role), unit_id, plan_id, chosen, True)

    async def ask(
        self,
        person: Person,
        question: str,
        chat_type: str,
        plan_id: str | None = None,
        *,
        profile: Profile | None = None,
    ) -> Answer:
        """Answer using `plan_id`, else the person's chosen locality; log the question."""
        profile = profile or await self.profile(person.id)
        now = self.clock.now()
        chosen = plan_id or profile.chosen_plan_id
        engine = self.knowledge.current.engine
        answer = engine.answer(question, today=now.date(), plan_context=chosen)
        await self.log(person, profile, chat_type, answer, question, chosen, now)
        return answer

    async def log(
        self,
        person: Person,
        profile: Profile,
        chat_type: str,
        answer: Answer,
        question: str,
        plan_id: str | None,
        now: dt.datetime,
    ) -> None:
        entry = {
            "user_id": person.id,
            "asker_role": str(profile.role),
            "chat_type": chat_type,
            "plan_ids": answer.plans or ([plan_id] if plan_id else []),
            "status": answer.status,
            "topic": answer.topic,
            "question": question[:1000],
            "asked_at": now,
        }

        async def write(session: AsyncSession) -> None:
            if not profile.known:
                await users.insert_citizen(session, person.id, person.first_name, person.username, now)
            await questions.log_many(session, [entry])

        await write_with_update(self.db, write)

    async def greet(self, person: Person) -> str | None:
        """Register the person; return their chosen plan id, if any."""
        async with self.db.transaction() as session:
            user = await users.get_or_create(session, person.id, person.first_name, person.username, self.clock.now())
            return user.chosen_plan_id

    async def choose(self, person: Person, plan_id: str) -> bool:
        """Remember the person's locality; False if the plan is unknown."""
        if self.knowledge.catalog.get(plan_id) is None:
            return False
        now = self.clock.now()
        async with self.db.transaction() as session:
            await users.get_or_create(session, person.id, person.first_name, person.username, now)
            await users.set_chosen_plan(session, person.id, plan_id, now)
        return True
