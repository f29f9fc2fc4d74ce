"""The admins' chat for plans: a document becomes a draft, corrections, publish, versions, units.

No Telegram here: the handlers pass plain values (file name, bytes, text) and send back `Reply`.
Every state lives in the database (the draft, the correction being typed in `user_prompts`, the
versions), so a restart or another worker carries on where the admin left off.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.buttons import Button, Keyboard, column
from bot.catalog import Catalog, LiveKnowledge, plan_label
from bot.clock import Clock
from bot.db import plans as rows
from bot.db import prompts, users
from bot.db import units as unit_rows
from bot.db.models import PlanDraft, PlanVersion
from bot.db.session import Database
from bot.formats import vn_datetime
from bot.kb import importer as plan_importer  # its modules load when a plan document first comes
from bot.kb.importer.reading import MAX_BYTES, DocumentError
from bot.kb.schema import Plan
from bot.messages import importer as importer_texts
from bot.messages import publish as texts
from bot.publish import store
from bot.publish.corrections import correct
from bot.publish.data import from_json, to_json
from bot.publish.reloader import CatalogueReloader
from bot.publish.units import plan_units
from bot.text import fold
from bot.units import UnitsError, read_units_csv

log = logging.getLogger(__name__)

CALLBACK = "pl"
PROMPT_FIX = "plan_fix"  # waiting for corrections to a draft
PROMPT_DOCUMENT = "plan_doc"  # /kehoach: the next document is a plan (for an admin who also reports)
PLAN_SUFFIXES = (".txt", ".docx", ".pdf")
CSV_MAX_BYTES = 1024 * 1024
MAX_PLANS_LISTED = 30
MAX_VERSIONS_LISTED = 12
MAX_BUTTONS = 12


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: Keyboard = ()


@dataclass(frozen=True)
class IncomingFile:
    """A document as Telegram announced it, before it is downloaded."""

    name: str
    size: int | None  # None: Telegram did not say
    mime_type: str | None = None

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    @property
    def is_csv(self) -> bool:
        return self.suffix == ".csv" or (self.mime_type or "").lower() in ("text/csv", "application/csv")


def _button(text: str, verb: str, target: int | str) -> Button:
    return Button(text, data=f"{CALLBACK}:{verb}:{target}")


class PlanDesk:
    def __init__(self, db: Database, clock: Clock, live: LiveKnowledge, reloader: CatalogueReloader) -> None:
        self.db = db
        self.clock = clock
        self.live = live
        self.reloader = reloader

    # -- a document arrives ----------------------------------------------------------------------------------

    @staticmethod
    def refusal(incoming: IncomingFile) -> str | None:
        """Why a plan document (or a units CSV) cannot be taken, before it is downloaded (type, size)."""
        if incoming.is_csv:
            if incoming.size is not None and incoming.size > CSV_MAX_BYTES:
                return texts.CSV_TOO_LARGE.format(limit=CSV_MAX_BYTES // 1024)
            return None
        if incoming.suffix not in PLAN_SUFFIXES:
            hint = texts.DOC_HINT if incoming.suffix in (".doc", ".odt", ".rtf") else ""
            return texts.NOT_DRAFTED.format(reason=importer_texts.REASONS["unsupported"]) + hint
        if incoming.size is not None and incoming.size > MAX_BYTES:
            return texts.TOO_LARGE.format(size=_megabytes(incoming.size), limit=MAX_BYTES // 1024 // 1024)
        if incoming.size == 0:
            return texts.NOT_DRAFTED.format(reason=importer_texts.REASONS["empty"])
        return None

    async def draft(self, admin: int, incoming: IncomingFile, data: bytes) -> Reply:
        """Read and draft the document (off the event loop), store the draft, show its key facts."""
        if len(data) > MAX_BYTES:
            return Reply(texts.TOO_LARGE.format(size=_megabytes(len(data)), limit=MAX_BYTES // 1024 // 1024))
        try:
            source_text, drafted = await asyncio.to_thread(_read_and_draft, incoming.name, data)
        except DocumentError as exc:
            log.info("plan document %r not drafted: %s", incoming.name, exc)
            return Reply(texts.NOT_DRAFTED.format(reason=importer_texts.REASONS.get(exc.reason, exc.reason)))
        except Exception:
            log.exception("plan document %r: the importer failed", incoming.name)
            return Reply(texts.NOT_DRAFTED.format(reason=importer_texts.REASONS["unreadable"]))
        catalog = self.live.current.catalog
        existing = same_plan(catalog, drafted)
        plan_id = existing.id if existing is not None else free_id(catalog, drafted)
        drafted["id"], drafted["source_file"] = plan_id, f"{plan_id}.txt"
        now = self.clock.now()
        async with self.db.transaction() as session:
            row = await rows.add_draft(
                session,
                plan_id=plan_id,
                created_by=admin,
                document_name=incoming.name,
                source_text=source_text,
                data=to_json(drafted),
                now=now,
            )
            await _clear_prompt_of_kind(session, admin, PROMPT_DOCUMENT)
            return await self._draft_reply(session, row)

    async def show(self, draft_id: int) -> Reply:
        async with self.db.transaction(readonly=True) as session:
            row = await rows.get_draft(session, draft_id)
            if row is None or row.status != "draft":
                return Reply(texts.DRAFT_GONE)
            return await self._draft_reply(session, row)

    async def _draft_reply(self, session: AsyncSession, row: PlanDraft) -> Reply:
        data = from_json(row.data)
        parts = [plan_importer.summarize_draft(data)]
        existing = self.live.current.catalog.get(row.plan_id)
        if existing is not None:
            parts.append(
                texts.REPLACES.format(
                    label=html.escape(plan_label(existing)), source=await self._source(session, existing.id)
                )
            )
        valid = not plan_importer.validation_problems(data)
        if not valid:
            parts.append(texts.BLOCKED_HINT)
        publish_label = texts.BUTTON_REPLACE if existing is not None else texts.BUTTON_PUBLISH
        first_row = (_button(publish_label, "pub", row.id),) if valid else ()
        buttons = ((*first_row, _button(texts.BUTTON_FIX, "fix", row.id), _button(texts.BUTTON_DROP, "drop", row.id)),)
        return Reply("\n\n".join(parts), buttons)

    async def _source(self, session: AsyncSession, plan_id: str) -> str:
        """Where the plan in service comes from: a published version (who, when) or its YAML file."""
        version_id = self.reloader.served.get(plan_id)
        row = await rows.get_version(session, version_id) if version_id is not None else None
        if row is None:
            return texts.SOURCE_FILE.format(file=html.escape(f"{plan_id}.yaml"))
        return texts.SOURCE_VERSION.format(
            version=row.version,
            when=vn_datetime(row.published_at, self.clock.tz),
            who=html.escape(await _who(session, row.published_by)),
        )

    # -- corrections ---------------------------------------------------------------------------------------

    async def start_fix(self, admin: int, draft_id: int) -> Reply:
        async with self.db.transaction() as session:
            row = await rows.get_draft(session, draft_id)
            if row is None or row.status != "draft":
                return Reply(texts.DRAFT_GONE)
            await prompts.set_prompt(session, admin, PROMPT_FIX, {"draft": draft_id}, self.clock.now())
        return Reply(texts.FIX_HOW.format(help=importer_texts.CORRECTION_HELP))

    async def waiting_for(self, admin: int) -> tuple[str, dict[str, Any]] | None:
        """What the admin's next text or document is for, if this desk asked (kind, data)."""
        async with self.db.transaction(readonly=True) as session:
            found = await prompts.get_prompt(session, admin)
        if found is None or found[0] not in (PROMPT_FIX, PROMPT_DOCUMENT):
            return None
        return found[0], found[1]

    async def fix(self, admin: int, draft_id: int, text: str) -> Reply:
        """Apply the admin's corrections (all or nothing) and show the draft again."""
        async with self.db.transaction() as session:
            row = await rows.lock_draft(session, draft_id)
            if row is None or row.status != "draft":
                await prompts.clear_prompt(session, admin)
                return Reply(texts.DRAFT_GONE)
            result = correct(from_json(row.data), text)
            if result.data is None:
                return Reply(f"{result.message}\n\n{texts.FIX_AGAIN}")
            row.data = to_json(result.data)
            row.updated_at = self.clock.now()
            await prompts.clear_prompt(session, admin)
            shown = await self._draft_reply(session, row)
        return Reply(f"{result.message}\n\n{shown.text}", shown.buttons)

    async def cancel(self, admin: int) -> Reply:
        """/huy: stop typing corrections (the draft stays), or stop waiting for a plan document."""
        async with self.db.transaction() as session:
            found = await prompts.get_prompt(session, admin)
            await prompts.clear_prompt(session, admin)
        return Reply(texts.FIX_CANCELLED if found is not None and found[0] == PROMPT_FIX else texts.CANCELLED)

    # -- publish, discard -------------------------------------------------------------------------------------

    async def publish(self, admin: int, draft_id: int, chat_id: int) -> Reply:
        """Validate and store the plan as its next version; every worker serves it within seconds."""
        started = time.monotonic()
        forms = self.live.current.catalog.forms
        now = self.clock.now()
        async with self.db.transaction() as session:
            row = await rows.lock_draft(session, draft_id)
            if row is None or row.status != "draft":
                return Reply(
                    texts.ALREADY_PUBLISHED.format(version=row.version) if row and row.version else texts.DRAFT_GONE
                )
            plan, problems = store.validate(from_json(row.data), forms)
            if plan is None:
                return Reply(
                    texts.NOT_PUBLISHED.format(problems=html.escape("\n".join(problems[:8]))),
                    ((_button(texts.BUTTON_FIX, "fix", row.id), _button(texts.BUTTON_DROP, "drop", row.id)),),
                )
            change = await store.publish(
                session,
                plan,
                now=now,
                by=admin,
                source_text=row.source_text,
                document_name=row.document_name,
                draft_id=row.id,
            )
            row.status, row.version, row.updated_at = "published", change.row.version, now
            await _clear_prompt_of_kind(session, admin, PROMPT_FIX)
            replaced = change.row.version > 1 or plan.id in self.live.current.catalog.plans
        self.reloader.expect(change.catalogue_version, plan.id, change.row.id, chat_id, started)
        template = texts.REPLACED if replaced else texts.PUBLISHED
        lines = [template.format(label=html.escape(plan_label(plan)), version=change.row.version, plan_id=plan.id)]
        buttons: list[Button] = []
        units = plan_units(plan)
        if units:
            names = "\n".join(f"• {html.escape(u.name)}" for u in units)
            lines.append(texts.UNITS_OFFER.format(units=names, count=len(units)))
            buttons.append(_button(texts.BUTTON_UNITS.format(count=len(units)), "units", change.row.id))
        lines.append(texts.UNITS_CSV_HINT.format(plan_id=plan.id, kinds=_kinds(plan)))
        buttons.append(_button(texts.BUTTON_VERSIONS, "vers", change.row.id))
        return Reply("\n\n".join(lines), column(buttons))

    async def discard(self, admin: int, draft_id: int) -> Reply:
        async with self.db.transaction() as session:
            row = await rows.lock_draft(session, draft_id)
            if row is None or row.status != "draft":
                return Reply(texts.DRAFT_GONE)
            row.status, row.updated_at = "discarded", self.clock.now()
            await _clear_prompt_of_kind(session, admin, PROMPT_FIX)
        return Reply(texts.DISCARDED)

    # -- what is in service, versions, rollback -------------------------------------------------------------

    async def overview(self, admin: int) -> Reply:
        """/kehoach: how to publish, the plans in service and where each comes from, open drafts."""
        catalog = self.live.current.catalog
        async with self.db.transaction(readonly=True) as session:
            latest = {head.plan_id: head for head in await rows.heads(session)}
            drafts = await rows.open_drafts(session, admin)
            lines = [texts.OVERVIEW_HOW, texts.OVERVIEW_TITLE.format(count=len(catalog.plans))]
            for plan in list(catalog.plans.values())[:MAX_PLANS_LISTED]:
                source = await self._source(session, plan.id)
                lines.append(
                    texts.OVERVIEW_LINE.format(label=html.escape(plan_label(plan)), plan_id=plan.id, source=source)
                )
        if len(catalog.plans) > MAX_PLANS_LISTED:
            lines.append(texts.OVERVIEW_MORE.format(count=len(catalog.plans) - MAX_PLANS_LISTED))
        buttons = [
            _button(texts.BUTTON_HISTORY.format(plan_id=plan_id), "vers", row.id)
            for plan_id, row in list(latest.items())[:MAX_BUTTONS]
        ]
        if drafts:
            lines.append(texts.OVERVIEW_DRAFTS.format(count=len(drafts)))
            buttons += [_button(texts.BUTTON_DRAFT.format(plan_id=d.plan_id), "show", d.id) for d in drafts[:5]]
        lines.append(texts.OVERVIEW_COMMANDS)
        return Reply("\n".join(lines), column(buttons))

    async def history(self, plan_id: str | None = None, version_id: int | None = None) -> Reply:
        """Every version of a plan, the one in service marked, with a restore button for the others."""
        async with self.db.transaction(readonly=True) as session:
            if plan_id is None and version_id is not None:
                picked = await rows.get_version(session, version_id)
                plan_id = picked.plan_id if picked is not None else None
            versions = await rows.history(session, plan_id) if plan_id else []
            if not versions:
                known = self.live.current.catalog.get(plan_id)
                if known is not None:
                    return Reply(texts.NO_VERSIONS_FILE.format(plan_id=html.escape(plan_id or "")))
                return Reply(texts.NO_SUCH_PLAN.format(plan_id=html.escape(plan_id or "")))
            current = versions[-1]
            lines = [texts.HISTORY_TITLE.format(plan_id=html.escape(current.plan_id))]
            for row in reversed(versions[-MAX_VERSIONS_LISTED:]):
                lines.append(await self._version_line(session, row, row is current))
        buttons = [
            _button(texts.BUTTON_RESTORE.format(version=row.version), "undo", row.id)
            for row in reversed(versions[:-1])
            if row.data is not None and row.data != current.data
        ][:MAX_BUTTONS]
        if current.data is not None:
            buttons.append(_button(texts.BUTTON_WITHDRAW, "wd", current.id))
        lines.append(texts.HISTORY_HINT.format(plan_id=current.plan_id))
        return Reply("\n".join(lines), column(buttons))

    async def _version_line(self, session: AsyncSession, row: PlanVersion, current: bool) -> str:
        if row.data is None:
            what = texts.WHAT_WITHDRAWN
        elif row.restored_from:
            what = texts.WHAT_RESTORED.format(version=row.restored_from)
        else:
            what = texts.WHAT_PUBLISHED.format(document=html.escape(row.document_name or "?"))
        return texts.HISTORY_LINE.format(
            version=row.version,
            what=what,
            when=vn_datetime(row.published_at, self.clock.tz),
            who=html.escape(await _who(session, row.published_by)),
            current=texts.IN_SERVICE if current else "",
        )

    async def restore(self, admin: int, version_id: int, chat_id: int, *, withdraw: bool = False) -> Reply:
        """Put an earlier version back (a new version copying it), or withdraw the published ones."""
        started = time.monotonic()
        async with self.db.transaction() as session:
            picked = await rows.get_version(session, version_id)
            if picked is None:
                return Reply(texts.STALE)
            history = await rows.history(session, picked.plan_id)
            if withdraw and history[-1].id != picked.id:
                return Reply(texts.STALE)
            try:
                change = await store.restore(
                    session, picked.plan_id, 0 if withdraw else picked.version, now=self.clock.now(), by=admin
                )
            except store.RollbackError as exc:
                return Reply(texts.ROLLBACK_REFUSED.get(exc.reason, texts.STALE))
        plan_id = picked.plan_id
        if change.row.data is None:
            in_file = (self.live.current.catalog.plans_dir / f"{plan_id}.yaml").is_file()
            return Reply((texts.WITHDRAWN_TO_FILE if in_file else texts.WITHDRAWN).format(plan_id=plan_id))
        self.reloader.expect(change.catalogue_version, plan_id, change.row.id, chat_id, started)
        return Reply(
            texts.RESTORED.format(plan_id=plan_id, version=change.row.version, restored=change.restored),
            column([_button(texts.BUTTON_VERSIONS, "vers", change.row.id)]),
        )

    # -- units -----------------------------------------------------------------------------------------------

    async def add_plan_units(self, version_id: int) -> Reply:
        async with self.db.transaction() as session:
            row = await rows.get_version(session, version_id)
            if row is None or row.data is None:
                return Reply(texts.STALE)
            plan = Plan.model_validate(row.data)
            records = plan_units(plan)
            if not records:
                return Reply(texts.UNITS_NONE.format(plan_id=plan.id, kinds=_kinds(plan)))
            await unit_rows.sync(session, records)
        lines = "\n".join(f"• {html.escape(u.name)} — <code>/moi {u.id}</code>" for u in records)
        return Reply(texts.UNITS_ADDED.format(count=len(records), units=lines, plan_id=plan.id, kinds=_kinds(plan)))

    async def import_units(self, incoming: IncomingFile, data: bytes) -> Reply:
        """A CSV `id,plan_id,name,kind` sent in chat: checked like `units import`, then added."""
        if len(data) > CSV_MAX_BYTES:
            return Reply(texts.CSV_TOO_LARGE.format(limit=CSV_MAX_BYTES // 1024))
        async with self.db.transaction(readonly=True) as session:
            known = set(self.live.current.catalog.plans) | await rows.in_service_ids(session)
        name = _safe_name(incoming.name) or "don-vi.csv"
        try:
            records = await asyncio.to_thread(_read_csv, name, data, known)
        except UnitsError as exc:
            shown = "\n".join(exc.problems[:10])
            more = texts.CSV_MORE.format(count=len(exc.problems) - 10) if len(exc.problems) > 10 else ""
            return Reply(texts.CSV_PROBLEMS.format(problems=html.escape(shown), more=more))
        if not records:
            return Reply(texts.CSV_EMPTY)
        async with self.db.transaction() as session:
            changed = await unit_rows.sync(session, records)
        plans = ", ".join(sorted({r.plan_id for r in records}))
        return Reply(
            texts.CSV_DONE.format(
                count=len(records), changed=changed, plans=html.escape(plans), example=html.escape(records[0].id)
            )
        )

    # -- reload ------------------------------------------------------------------------------------------------

    async def reload(self) -> Reply:
        """/tailai: rebuild from the files and the database now; every worker follows."""
        outcome = await self.reloader.reload(signal=True, report=False)
        if not outcome.ok:
            shown = "\n".join(outcome.problems[:12])
            return Reply(texts.RELOAD_REFUSED.format(problems=html.escape(shown)))
        built = outcome.built
        assert built is not None
        seconds = f"{built.seconds:.1f}".replace(".", ",")
        return Reply(
            texts.RELOADED.format(plans=built.plans, files=built.files, published=len(built.served), seconds=seconds)
        )


# -- helpers ------------------------------------------------------------------------------------------------


def _read_and_draft(name: str, data: bytes) -> tuple[str, dict[str, Any]]:
    """The document's text and its draft (runs in a worker thread: PDF and Word parsing take a while)."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="htsd-plan-") as folder:
        path = Path(folder) / f"document{suffix}"
        path.write_bytes(data)
        text = plan_importer.read_document(path)
    stem = re.sub(r"[^a-z0-9-]+", "-", fold(Path(name).stem)).strip("-") or "ke-hoach"
    drafted = plan_importer.draft_plan(text, source_file=f"{stem}.txt")
    return text, drafted.data


def _read_csv(name: str, data: bytes, known: set[str]) -> list[Any]:
    with tempfile.TemporaryDirectory(prefix="htsd-units-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return read_units_csv(path, known)
        except UnitsError as exc:
            raise UnitsError([p.replace(str(path), name) for p in exc.problems]) from None


def same_plan(catalog: Catalog, data: dict[str, Any]) -> Plan | None:
    """The plan in service for the same locality (level, name, province) and year, if any."""
    locality = data.get("locality") or {}
    wanted = (
        data.get("year"),
        fold(locality.get("level") or ""),
        fold(locality.get("name") or ""),
        fold(locality.get("province") or ""),
    )
    if not all(wanted):
        return catalog.get(str(data.get("id") or "")) if data.get("year") else None
    for plan in catalog.plans.values():
        place = plan.locality
        if (plan.year, fold(place.level), fold(place.name), fold(place.province)) == wanted:
            return plan
    return None


def free_id(catalog: Catalog, data: dict[str, Any]) -> str:
    """The draft's id, unless another locality's plan has it: then the province is added, or a number."""
    base = str(data.get("id") or "ke-hoach")
    if base not in catalog.plans:
        return base
    province = re.sub(r"[^a-z0-9]+", "", fold((data.get("locality") or {}).get("province") or ""))
    candidate = f"{base}-{province}" if province else base
    number = 2
    while candidate in catalog.plans:
        candidate, number = f"{base}-{number}", number + 1
    return candidate[:64]


def _kinds(plan: Plan) -> str:
    kinds = [unit.id for unit in plan.units if not unit.external and unit.id != plan.issuer]
    return ", ".join(f"<code>{html.escape(kind)}</code>" for kind in kinds) or "—"


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(name).name)[:100]


async def _who(session: AsyncSession, user_id: int | None) -> str:
    if user_id is None:
        return texts.BY_COMMAND_LINE
    user = await users.get(session, user_id)
    return user.first_name if user is not None and user.first_name else f"#{user_id}"


async def _clear_prompt_of_kind(session: AsyncSession, user_id: int, kind: str) -> None:
    found = await prompts.get_prompt(session, user_id)
    if found is not None and found[0] == kind:
        await prompts.clear_prompt(session, user_id)
