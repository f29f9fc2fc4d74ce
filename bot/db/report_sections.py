"""The texts officials write for the .docx report (parts I, II.2, III, IV), kept per plan, versioned.

Every change is a new row (author, time); nothing is overwritten, so the history is complete.
The current text of a section is its highest version; a version whose text is None means the
official went back to the text the bot pre-fills from the data (`bot.summary.sections`).

Functions take the caller's session (``async with db.transaction() as session``) and never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import REPORT_SECTION_KEYS, ReportSectionText

#: longest text accepted for one section (a few pages of the report)
MAX_TEXT_CHARS = 8000
#: tries when two officials save the same section at the same moment (PostgreSQL)
_VERSION_TRIES = 5


class SectionTextError(ValueError):
    """A section text that cannot be stored; `reason` is "unknown_key" or "too_long"."""

    def __init__(self, reason: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details


@dataclass(frozen=True)
class SectionText:
    plan_id: str
    key: str
    version: int
    #: None: the bot's pre-filled text is used
    text: str | None
    author_id: int | None
    author_name: str
    created_at: dt.datetime


def _row(row: ReportSectionText) -> SectionText:
    return SectionText(
        plan_id=row.plan_id,
        key=row.section_key,
        version=row.version,
        text=row.text,
        author_id=row.author_id,
        author_name=row.author_name,
        created_at=row.created_at,
    )


def clean_text(text: str | None) -> str | None:
    """Paragraphs kept, spaces inside lines collapsed, blank lines between paragraphs reduced to one;
    an empty text is None (back to the pre-filled one)."""
    if text is None:
        return None
    paragraphs = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    kept = [line for line in paragraphs if line]
    return "\n".join(kept) or None


def check_key(key: str) -> None:
    if key not in REPORT_SECTION_KEYS:
        raise SectionTextError(
            "unknown_key", f"unknown report section {key!r} (known: {', '.join(REPORT_SECTION_KEYS)})", key=key
        )


async def current_texts(session: AsyncSession, plan_id: str) -> dict[str, SectionText]:
    """The latest version of each section the officials of `plan_id` have written (key -> text)."""
    latest = (
        select(ReportSectionText.section_key, func.max(ReportSectionText.version).label("version"))
        .where(ReportSectionText.plan_id == plan_id)
        .group_by(ReportSectionText.section_key)
        .subquery()
    )
    rows = await session.execute(
        select(ReportSectionText)
        .join(
            latest,
            (ReportSectionText.section_key == latest.c.section_key) & (ReportSectionText.version == latest.c.version),
        )
        .where(ReportSectionText.plan_id == plan_id)
    )
    return {row.section_key: _row(row) for row in rows.scalars()}


def written_texts(current: dict[str, SectionText]) -> dict[str, str]:
    """Only the sections whose current version has a text (what replaces the pre-filled ones)."""
    return {key: entry.text for key, entry in current.items() if entry.text is not None}


async def set_text(
    session: AsyncSession,
    plan_id: str,
    key: str,
    text: str | None,
    *,
    author_id: int | None,
    now: dt.datetime,
    author_name: str = "",
) -> SectionText:
    """Store a new version of one section (None or blank: back to the pre-filled text)."""
    check_key(key)
    cleaned = clean_text(text)
    if cleaned is not None and len(cleaned) > MAX_TEXT_CHARS:
        raise SectionTextError(
            "too_long", f"section text of {len(cleaned)} characters (limit {MAX_TEXT_CHARS})", length=len(cleaned)
        )
    for attempt in range(_VERSION_TRIES):
        last = await session.scalar(
            select(func.max(ReportSectionText.version)).where(
                ReportSectionText.plan_id == plan_id, ReportSectionText.section_key == key
            )
        )
        row = ReportSectionText(
            plan_id=plan_id,
            section_key=key,
            version=(last or 0) + 1,
            text=cleaned,
            author_id=author_id,
            author_name=author_name,
            created_at=now,
        )
        try:
            async with session.begin_nested():
                session.add(row)
        except IntegrityError:
            # another official saved the same section meanwhile: take the next version
            if attempt == _VERSION_TRIES - 1:
                raise
            continue
        return _row(row)
    raise AssertionError("unreachable")


async def reset_text(
    session: AsyncSession, plan_id: str, key: str, *, author_id: int | None, now: dt.datetime, author_name: str = ""
) -> SectionText:
    """Go back to the pre-filled text (kept in the history like any change)."""
    return await set_text(session, plan_id, key, None, author_id=author_id, now=now, author_name=author_name)


async def history(session: AsyncSession, plan_id: str, key: str | None = None) -> list[SectionText]:
    """Every version (of one section, or of all), newest first."""
    statement = select(ReportSectionText).where(ReportSectionText.plan_id == plan_id)
    if key is not None:
        check_key(key)
        statement = statement.where(ReportSectionText.section_key == key)
    rows = await session.execute(statement.order_by(ReportSectionText.created_at.desc(), ReportSectionText.id.desc()))
    return [_row(row) for row in rows.scalars()]
