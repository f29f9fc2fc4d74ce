"""What the bot does for citizens, independent of Telegram: answer with the user's chosen locality,
remember a chosen locality, and log questions for the officials' digest."""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
from dataclasses import dataclass

from bot.catalog import LiveKnowledge
from bot.clock import Clock
from bot.db import conversations, users
from bot.db.session import Database
from bot.qa.conversation import Conversation
from bot.qa.engine import Answer
from bot.roles import Role, may_report
from bot.work import current_work, write_row_with_update


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
    #: what the bot waits for them to type (a review comment…), see bot/db/prompts.py
    prompt: str | None = None

    @property
    def may_report(self) -> bool:
        return may_report(self.role, self.unit_id)

    @property
    def locality(self) -> str | None:
        """The plan their questions are about unless they name another locality: the one they chose,
        else, for staff and officials, the plan their unit or duty belongs to."""
        if self.chosen_plan_id:
            return self.chosen_plan_id
        return self.plan_id if self.role in (Role.STAFF, Role.OFFICIAL) else None


class CitizenDesk:
    """Questions are answered from a read-only look-up of the user; the question log (and a
    first-time user's row) is written with the update's claim, in one group commit."""

    def __init__(self, knowledge: LiveKnowledge, db: Database, clock: Clock, admins: frozenset[int] = frozenset()):
        self.knowledge = knowledge
        self.db = db
        self.clock = clock
        self.admins = admins
        self._reader = ProfileReader(db)

    async def profile(self, user_id: int) -> Profile:
        """What is stored about the user; read once per update (the handlers of one update share it)."""
        work = current_work()
        key = ("profile", user_id)
        cached = work.cache.get(key) if work is not None else None
        if isinstance(cached, Profile):
            return cached
        if work is not None and work.opened is not None:  # this update changed things: read them in its transaction
            async with self.db.transaction(readonly=True) as session:
                row = await users.profile(session, user_id)
                state: object = await conversations.get(session, user_id)
        else:
            row, state = await self._reader.read(user_id)
        if work is not None:
            work.cache[("conversation", user_id)] = state
        if row is None:
            found = Profile(Role.ADMIN if user_id in self.admins else Role.CITIZEN)
        else:
            role, unit_id, plan_id, chosen, prompt = row
            found = Profile(
                Role.ADMIN if user_id in self.admins else Role(role), unit_id, plan_id, chosen, True, prompt
            )
        if work is not None:
            work.cache[key] = found
        return found

    def forget_profile(self, user_id: int) -> None:
        """The user's row changed during this update (a registration): read it again next time."""
        work = current_work()
        if work is not None:
            work.cache.pop(("profile", user_id), None)

    async def ask(
        self,
        person: Person,
        question: str,
        chat_type: str,
        plan_id: str | None = None,
        *,
        chat_id: int | None = None,
        profile: Profile | None = None,
    ) -> Answer:
        """Answer with the chat's conversation (follow-ups, clarifications) and the person's chosen
        locality (`plan_id` overrides it); remember the conversation and log the question."""
        profile = profile or await self.profile(person.id)
        now = self.clock.now()
        chosen = plan_id or self._locality(profile)
        state = await self._conversation(chat_id)
        engine = self.knowledge.current.engine
        answer = engine.answer(question, today=now.date(), plan_context=chosen, conversation=state, now=now)
        await self._remember(chat_id, answer, now)
        await self.log(person, profile, chat_type, answer, question, chosen, now)
        return answer

    async def answer_option(
        self, person: Person, plan_id: str, chat_type: str, *, chat_id: int, question: str | None = None
    ) -> Answer | None:
        """A clarification button: the clarified question answered for that locality; None for an old
        button (the caller may then answer `question`, the message the button was under, afresh)."""
        profile = await self.profile(person.id)
        now = self.clock.now()
        state = await self._conversation(chat_id)
        engine = self.knowledge.current.engine
        answer = engine.answer_option(
            plan_id, conversation=state, today=now.date(), plan_context=self._locality(profile), now=now
        )
        if answer is None:
            if question is None:
                return None
            return await self.ask(person, question, chat_type, plan_id, chat_id=chat_id, profile=profile)
        await self._remember(chat_id, answer, now)
        await self.log(person, profile, chat_type, answer, question or "", plan_id, now)
        return answer

    def _locality(self, profile: Profile) -> str | None:
        """`Profile.locality`, if that plan is still in the catalogue."""
        plan_id = profile.locality
        return plan_id if plan_id is not None and self.knowledge.catalog.get(plan_id) is not None else None

    async def _conversation(self, chat_id: int | None) -> Conversation | None:
        if chat_id is None:
            return None
        work = current_work()
        key = ("conversation", chat_id)
        if work is not None and key in work.cache:
            row = work.cache[key]
        else:
            async with self.db.transaction(readonly=True) as session:
                row = await conversations.get(session, chat_id)
        if not isinstance(row, tuple):
            return None
        return Conversation.from_json(row[0])

    async def _remember(self, chat_id: int | None, answer: Answer, now: dt.datetime) -> None:
        if chat_id is None or answer.conversation is None:
            return
        row = {"chat_id": chat_id, "state": answer.conversation.to_json(), "updated_at": now}
        await write_row_with_update(self.db, "conversation", row)

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
            "plan_ids": answer.plans or answer.asked_about or ([plan_id] if plan_id else []),
            "status": answer.status,
            "topic": answer.topic,
            "question": question[:1000],
            "asked_at": now,
        }

        if not profile.known:
            citizen = {"id": person.id, "first_name": person.first_name, "username": person.username, "at": now}
            await write_row_with_update(self.db, "citizen", citizen)
        await write_row_with_update(self.db, "question", entry)

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


class ProfileReader:
    """Reads the profiles (and private chats' conversations) asked for at the same moment in one
    read transaction: under load, one query for many updates instead of one each. Each update's
    read still happens after the previous update of its chat committed (updates of a chat are
    handled in order), so it sees that update's changes."""

    MAX_BATCH = 200

    def __init__(self, db: Database) -> None:
        self.db = db
        self._waiting: dict[int, list[asyncio.Future[tuple[users.ProfileRow | None, object]]]] = {}
        self._runner: asyncio.Task[None] | None = None

    async def read(self, user_id: int) -> tuple[users.ProfileRow | None, object]:
        future: asyncio.Future[tuple[users.ProfileRow | None, object]] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(user_id, []).append(future)
        if self._runner is None or self._runner.done():
            # A fresh context: the batch must not join the unit of work of the update that started it.
            self._runner = asyncio.get_running_loop().create_task(self._run(), context=contextvars.Context())
        return await future

    async def _run(self) -> None:
        await asyncio.sleep(0)  # let the updates being handled at this moment ask too
        while self._waiting:
            ids = list(self._waiting)[: self.MAX_BATCH]
            batch = {user_id: self._waiting.pop(user_id) for user_id in ids}
            try:
                async with self.db.own_transaction(readonly=True) as session:
                    found = await users.profiles(session, ids)
                    states = await conversations.get_many(session, ids)
            except Exception as exc:
                for futures in batch.values():
                    for future in futures:
                        if not future.done():
                            future.set_exception(exc)
                continue
            for user_id, futures in batch.items():
                for future in futures:
                    if not future.done():
                        future.set_result((found.get(user_id), states.get(user_id)))
