"""Tables of plans published in chat: `plan_drafts`, `plan_versions` and the one-row `catalog_state`
(the catalogue version every worker polls). The publishing rules are in bot/publish/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import for_update, insert_or_skip, require_aware, rowcount
from bot.db.models import CatalogState, PlanDraft, PlanVersion

STATE_ID = 1


# -- the catalogue version ------------------------------------------------------------------------------


async def catalogue_version(session: AsyncSession) -> int:
    """The number every worker compares with the one its catalogue was built from (one indexed row)."""
    found = await session.scalar(select(CatalogState.version).where(CatalogState.id == STATE_ID))
    return int(found or 0)


async def bump(session: AsyncSession, now: dt.datetime) -> int:
    """Next catalogue version, in the caller's transaction. The row lock it takes (PostgreSQL; SQLite's
    writer lock) also serialises publishers, so version numbers of a plan are taken one at a time."""
    require_aware(now)
    statement = (
        update(CatalogState)
        .where(CatalogState.id == STATE_ID)
        .values(version=CatalogState.version + 1, changed_at=now)
        .returning(CatalogState.version)
    )
    found = await session.scalar(statement)
    if found is not None:
        return int(found)
    # The row the migration inserts is missing (a database made another way): start it.
    await insert_or_skip(session, CatalogState, id=STATE_ID, version=0, changed_at=now)
    return await bump(session, now)


async def claim_problem(session: AsyncSession, digest: str) -> bool:
    """True for the one worker that first meets this catalogue problem: it tells the admins."""
    statement = (
        update(CatalogState)
        .where(CatalogState.id == STATE_ID, CatalogState.problem_digest.is_distinct_from(digest))
        .values(problem_digest=digest)
    )
    return await rowcount(session, statement) == 1


async def clear_problem(session: AsyncSession) -> bool:
    """True for the one worker that first loads the catalogue after a reported problem."""
    statement = (
        update(CatalogState)
        .where(CatalogState.id == STATE_ID, CatalogState.problem_digest.is_not(None))
        .values(problem_digest=None)
    )
    return await rowcount(session, statement) == 1


# -- drafts -----------------------------------------------------------------------------------------------


async def add_draft(
    session: AsyncSession,
    *,
    plan_id: str,
    created_by: int,
    document_name: str,
    source_text: str,
    data: dict[str, Any],
    now: dt.datetime,
) -> PlanDraft:
    require_aware(now)
    draft = PlanDraft(
        plan_id=plan_id,
        created_by=created_by,
        document_name=document_name[:255],
        source_text=source_text,
        data=data,
        status="draft",
        created_at=now,
        updated_at=now,
    )
    session.add(draft)
    await session.flush()
    return draft


async def lock_draft(session: AsyncSession, draft_id: int) -> PlanDraft | None:
    statement = for_update(session, select(PlanDraft).where(PlanDraft.id == draft_id))
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def get_draft(session: AsyncSession, draft_id: int) -> PlanDraft | None:
    return await session.get(PlanDraft, draft_id, populate_existing=True)


async def open_drafts(session: AsyncSession, admin: int) -> list[PlanDraft]:
    """The admin's drafts neither published nor discarded, newest first."""
    statement = (
        select(PlanDraft)
        .where(PlanDraft.created_by == admin, PlanDraft.status == "draft")
        .order_by(PlanDraft.id.desc())
    )
    return list((await session.execute(statement)).scalars())


# -- versions ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServedRow:
    """The current version of a plan published in the database (what the catalogue merges in)."""

    id: int
    plan_id: str
    version: int
    data: dict[str, Any]


async def in_service(session: AsyncSession) -> list[ServedRow]:
    """The latest version of every plan, unless that version withdrew it; by plan id."""
    latest = (
        select(PlanVersion.plan_id, func.max(PlanVersion.version).label("version"))
        .group_by(PlanVersion.plan_id)
        .subquery()
    )
    statement = (
        select(PlanVersion.id, PlanVersion.plan_id, PlanVersion.version, PlanVersion.data)
        .join(latest, (latest.c.plan_id == PlanVersion.plan_id) & (latest.c.version == PlanVersion.version))
        .where(PlanVersion.data.is_not(None))
        .order_by(PlanVersion.plan_id)
    )
    rows = (await session.execute(statement)).all()
    return [ServedRow(row[0], row[1], row[2], dict(row[3])) for row in rows if row[3] is not None]


async def in_service_ids(session: AsyncSession) -> set[str]:
    """Ids of the plans served from the database (without loading the plans)."""
    return {head.plan_id for head in await heads(session) if not head.withdrawn}


async def history(session: AsyncSession, plan_id: str) -> list[PlanVersion]:
    """Every version of the plan, oldest first."""
    statement = select(PlanVersion).where(PlanVersion.plan_id == plan_id).order_by(PlanVersion.version)
    return list((await session.execute(statement)).scalars())


@dataclass(frozen=True)
class Head:
    """The latest version of a plan, without its data."""

    id: int
    plan_id: str
    version: int
    withdrawn: bool


async def heads(session: AsyncSession) -> list[Head]:
    """The latest version of every plan ever published (withdrawn ones too), by plan id."""
    latest = (
        select(PlanVersion.plan_id, func.max(PlanVersion.version).label("version"))
        .group_by(PlanVersion.plan_id)
        .subquery()
    )
    statement = (
        select(PlanVersion.id, PlanVersion.plan_id, PlanVersion.version, PlanVersion.data.is_(None))
        .join(latest, (latest.c.plan_id == PlanVersion.plan_id) & (latest.c.version == PlanVersion.version))
        .order_by(PlanVersion.plan_id)
    )
    return [Head(r[0], r[1], r[2], bool(r[3])) for r in (await session.execute(statement)).all()]


async def get_version(session: AsyncSession, version_id: int) -> PlanVersion | None:
    return await session.get(PlanVersion, version_id)


async def add_version(
    session: AsyncSession,
    *,
    plan_id: str,
    data: dict[str, Any] | None,
    now: dt.datetime,
    published_by: int | None,
    source_text: str | None = None,
    document_name: str | None = None,
    draft_id: int | None = None,
    restored_from: int | None = None,
) -> PlanVersion:
    """The plan's next version. Call `bump` first in the same transaction (it serialises publishers)."""
    require_aware(now)
    last = await session.scalar(select(func.max(PlanVersion.version)).where(PlanVersion.plan_id == plan_id))
    row = PlanVersion(
        plan_id=plan_id,
        version=int(last or 0) + 1,
        data=data,
        source_text=source_text,
        document_name=(document_name or None) and document_name[:255],
        draft_id=draft_id,
        restored_from=restored_from,
        published_by=published_by,
        published_at=now,
    )
    session.add(row)
    await session.flush()
    return row
