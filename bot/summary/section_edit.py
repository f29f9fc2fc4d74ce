"""Officials write the report's parts I, II.2, III and IV in chat before exporting (/noidung).

Each part shows the text the .docx will print — the official's latest version, or the bot's text
pre-filled from the data — with buttons to write it anew or go back to the pre-filled one. The text
typed after "Viết" is waited for in the database (`bot/db/prompts.py`), and every version is kept
(`bot/db/report_sections.py`).
"""

from __future__ import annotations

import html

from bot.access import oversight
from bot.buttons import Button
from bot.catalog import LiveKnowledge, plan_label
from bot.clock import Clock
from bot.db import prompts, report_sections
from bot.db.report_sections import MAX_TEXT_CHARS, SectionTextError
from bot.db.session import Database
from bot.formats import vn_datetime
from bot.messages import summary as texts
from bot.replies import Reply
from bot.summary.documents import load_inputs, summarize
from bot.summary.sections import SECTION_KEYS, section_error_message, section_views

CALLBACK = "sec"  # sec:<verb>:<plan id>:<key>
PROMPT = "section_text"
SHOWN_CHARS = 700


class SectionDesk:
    def __init__(self, db: Database, clock: Clock, knowledge: LiveKnowledge, admins: frozenset[int]) -> None:
        self.db = db
        self.clock = clock
        self.knowledge = knowledge
        self.admins = admins

    async def allowed(self, user_id: int, plan_id: str) -> bool:
        return (await oversight(self.db, self.knowledge.catalog, user_id, self.admins)).allows(plan_id)

    async def overview(self, plan_id: str) -> Reply:
        now = self.clock.now()
        catalog = self.knowledge.catalog
        plan = catalog.plans[plan_id]
        async with self.db.transaction(readonly=True) as session:
            inputs = await load_inputs(session, catalog, plan, now, self.clock.tz, with_questions=False)
            current = await report_sections.current_texts(session, plan_id)
        views = section_views(plan, summarize(inputs), inputs.data, now, self.clock.tz, current)
        parts = [texts.SECTIONS_TITLE.format(plan=html.escape(plan_label(plan)))]
        rows: list[tuple[Button, ...]] = []
        for view in views:
            if view.written is None:
                origin = texts.SECTIONS_AUTO
            else:
                origin = texts.SECTIONS_WRITTEN.format(
                    who=html.escape(view.written.author_name or "?"),
                    when=vn_datetime(view.written.created_at, self.clock.tz),
                    version=view.written.version,
                )
            shown = view.text if len(view.text) <= SHOWN_CHARS else view.text[: SHOWN_CHARS - 1].rstrip() + "…"
            parts.append(
                texts.SECTIONS_PART.format(
                    name=html.escape(view.name), origin=origin, text=html.escape(shown) or texts.SECTIONS_EMPTY
                )
            )
            short = texts.SECTIONS_SHORT[view.key]
            row = [Button(texts.SECTIONS_BUTTON_WRITE.format(short=short), data=_data("write", plan_id, view.key))]
            if view.written is not None:
                row.append(
                    Button(texts.SECTIONS_BUTTON_AUTO.format(short=short), data=_data("auto", plan_id, view.key))
                )
            rows.append(tuple(row))
        return Reply("\n\n".join(parts), tuple(rows))

    async def ask(self, user_id: int, plan_id: str, key: str) -> Reply:
        async with self.db.transaction() as session:
            await prompts.set_prompt(session, user_id, PROMPT, {"plan": plan_id, "key": key}, self.clock.now())
        return Reply(texts.SECTIONS_ASK.format(name=html.escape(texts.SECTION_NAMES[key]), limit=MAX_TEXT_CHARS))

    async def pending(self, user_id: int) -> dict[str, object] | None:
        async with self.db.transaction(readonly=True) as session:
            found = await prompts.get_prompt(session, user_id)
        return found[1] if found is not None and found[0] == PROMPT else None

    async def write(self, user_id: int, author: str, data: dict[str, object], text: str) -> Reply:
        plan_id, key = str(data.get("plan", "")), str(data.get("key", ""))
        if key not in SECTION_KEYS or self.knowledge.catalog.get(plan_id) is None:
            return await self.cancel(user_id)
        try:
            async with self.db.transaction() as session:
                await prompts.clear_prompt(session, user_id)
                saved = await report_sections.set_text(
                    session, plan_id, key, text, author_id=user_id, now=self.clock.now(), author_name=author
                )
        except SectionTextError as exc:  # the prompt stays: the official types a shorter text
            return Reply(section_error_message(exc))
        return Reply(texts.SECTIONS_SAVED.format(name=html.escape(texts.SECTION_NAMES[key]), version=saved.version))

    async def reset(self, user_id: int, author: str, plan_id: str, key: str) -> Reply:
        async with self.db.transaction() as session:
            await report_sections.reset_text(
                session, plan_id, key, author_id=user_id, now=self.clock.now(), author_name=author
            )
        return Reply(texts.SECTIONS_RESET.format(name=html.escape(texts.SECTION_NAMES[key])))

    async def cancel(self, user_id: int) -> Reply:
        async with self.db.transaction() as session:
            await prompts.clear_prompt(session, user_id)
        return Reply(texts.SECTIONS_CANCELLED)


def _data(verb: str, plan_id: str, key: str) -> str:
    return f"{CALLBACK}:{verb}:{plan_id}:{key}"[:64]


def parse(data: str) -> tuple[str, str, str] | None:
    """(verb, plan id, key) of a button, or None."""
    parts = data.split(":")
    if len(parts) != 4 or parts[0] != CALLBACK or parts[1] not in ("write", "auto") or parts[3] not in SECTION_KEYS:
        return None
    return parts[1], parts[2], parts[3]
