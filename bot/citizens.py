"""What the bot does for citizens, independent of Telegram: answer with the user's
chosen locality, remember a chosen locality, and log questions for the officials."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.db import repo
from bot.db.session import Database
from bot.qa.engine import Answer, Engine


@dataclass(frozen=True)
class Person:
    """The sender of an update, as the core needs it."""

    id: int
    first_name: str | None = None
    username: str | None = None


class CitizenDesk:
    def __init__(self, engine: Engine, db: Database, clock: Clock):
        self.engine = engine
        self.db = db
        self.clock = clock

    async def claim_update(self, update_id: int) -> bool:
        """True the first time an update id is seen by any worker sharing the database."""
        async with self.db.transaction() as session:
            return await repo.claim_update(session, update_id, self.clock.now())

    async def ask(self, person: Person, question: str, chat_type: str, plan_id: str | None = None) -> Answer:
        """Answer using `plan_id`, else the person's chosen locality; log the question."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            user = await repo.get_or_create_user(session, person.id, person.first_name, person.username, now)
            context = plan_id or user.chosen_plan_id
            answer = self.engine.answer(question, today=now.date(), plan_context=context)
            await repo.log_question(
                session,
                user_id=person.id,
                chat_type=chat_type,
                plan_ids=answer.plans or ([context] if context else []),
                status=answer.status,
                topic=answer.topic,
                question=question[:1000],
                now=now,
            )
        return answer

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
