"""Publishing and rolling back plan versions: the rules the chat and the command line share.

Versions are only ever added: publishing adds the plan's next version, a rollback adds a copy of
an earlier one (or a "withdrawn" version, which puts the plan's YAML file, if any, back in
service). Each change bumps the catalogue version in the same transaction, so every worker
reloads exactly when the change is committed, and never sees half of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import plans as rows
from bot.db.models import PlanVersion
from bot.db.plans import ServedRow
from bot.kb.loader import KnowledgeBaseError
from bot.kb.schema import Plan
from bot.publish.catalogue import published_plan
from bot.publish.data import to_json
from bot.reports.form import FormCatalog


class RollbackError(Exception):
    """Why a rollback cannot be done; `reason` keys the Vietnamese text, `str()` is for operators."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class Change:
    """A version added, and the catalogue version that brings it into service."""

    row: PlanVersion
    catalogue_version: int
    #: for a rollback: the version copied (0: back to before the first one, i.e. withdrawn)
    restored: int | None = None


def validate(data: dict[str, object], forms: FormCatalog) -> tuple[Plan | None, list[str]]:
    """The plan, or `field: message` problems: the schema's checks (those of the loader and
    `check-kb`) and the report form the plan names."""
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        return None, [
            f"{'.'.join(str(p) for p in e['loc']) or '(plan)'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
    try:
        forms.check([plan])
    except KnowledgeBaseError as exc:
        return None, [problem.removeprefix(f"plan '{plan.id}': ") for problem in exc.problems]
    return plan, []


def stored_form(plan: Plan) -> dict[str, object]:
    """What is stored of a validated plan: its fields as JSON, under the schema's names."""
    return to_json(plan.model_dump(mode="json", by_alias=True))


async def publish(
    session: AsyncSession,
    plan: Plan,
    *,
    now: dt.datetime,
    by: int | None,
    source_text: str | None = None,
    document_name: str | None = None,
    draft_id: int | None = None,
) -> Change:
    catalogue_version = await rows.bump(session, now)
    row = await rows.add_version(
        session,
        plan_id=plan.id,
        data=stored_form(plan),
        now=now,
        published_by=by,
        source_text=source_text,
        document_name=document_name,
        draft_id=draft_id,
    )
    return Change(row, catalogue_version)


async def restore(
    session: AsyncSession, plan_id: str, version: int | None, *, now: dt.datetime, by: int | None
) -> Change:
    """Put `version` of the plan back in service (None: the one before the current one) as a new version."""
    history = await rows.history(session, plan_id)
    if not history:
        raise RollbackError("no_versions", f"plan '{plan_id}' has no published versions (it is served from its file)")
    current = history[-1]
    wanted = current.version - 1 if version is None else version
    if wanted == current.version:
        raise RollbackError("already", f"plan '{plan_id}': version {wanted} is already the one in service")
    if wanted == 0:
        target = None
    else:
        target = next((row for row in history if row.version == wanted), None)
        if target is None:
            known = ", ".join(str(row.version) for row in history)
            raise RollbackError("no_such_version", f"plan '{plan_id}' has no version {wanted} (versions: {known})")
    data = target.data if target is not None else None
    if data is None and current.data is None:
        raise RollbackError("already", f"plan '{plan_id}': its published versions are already withdrawn")
    if data is not None and target is not None:
        try:
            published_plan(ServedRow(target.id, plan_id, target.version, dict(data)))
        except KnowledgeBaseError as exc:
            raise RollbackError("invalid", exc.problems[0]) from None
    catalogue_version = await rows.bump(session, now)
    row = await rows.add_version(
        session,
        plan_id=plan_id,
        data=dict(data) if data is not None else None,
        now=now,
        published_by=by,
        source_text=target.source_text if target is not None else None,
        document_name=target.document_name if target is not None else None,
        draft_id=target.draft_id if target is not None else None,
        restored_from=wanted,
    )
    return Change(row, catalogue_version, wanted)
