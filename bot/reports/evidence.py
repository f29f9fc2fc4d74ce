"""Evidence: photos and documents staff send with their unit's report.

Each file is kept twice: Telegram's ids (to forward it again cheaply) and a copy of its bytes in
the evidence folder (`EVIDENCE_DIR`), so nothing depends on Telegram keeping it. A file belongs to
the unit's report for the plan, with the report version that was current when it came.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from bot.catalog import LiveKnowledge
from bot.clock import Clock
from bot.db import evidence as evidence_rows
from bot.db import submissions, users
from bot.db.models import Unit
from bot.db.session import Database
from bot.messages import evidence as texts
from bot.roles import may_report

MAX_BYTES = 10 * 1024 * 1024  # Telegram lets bots download up to 20 MB; a report needs far less
MAX_FILES = 30
#: documents accepted besides images: PDF, Word, Excel, OpenDocument
DOCUMENT_TYPES = (
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
)
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png", ".heic")


@dataclass(frozen=True)
class Incoming:
    """A file as Telegram announced it (before it is downloaded)."""

    kind: str  # photo | document
    file_id: str
    file_unique_id: str
    size: int
    file_name: str | None = None
    mime_type: str | None = None
    caption: str | None = None

    def describe(self) -> str:
        if self.kind == "photo":
            return texts.PHOTO
        return texts.DOCUMENT.format(name=html.escape(self.file_name or "tệp"))


def refusal(incoming: Incoming) -> str | None:
    """Why the file cannot be taken (type, size), before anything is downloaded; None if it can."""
    if incoming.kind == "document" and not _accepted_document(incoming):
        return texts.WRONG_TYPE.format(name=html.escape(incoming.file_name or "?"))
    if incoming.size > MAX_BYTES:
        return texts.TOO_BIG.format(size=f"{incoming.size / 1024 / 1024:.1f}", limit=MAX_BYTES // 1024 // 1024)
    return None


def _accepted_document(incoming: Incoming) -> bool:
    mime = (incoming.mime_type or "").lower()
    name = (incoming.file_name or "").lower()
    return mime.startswith("image/") or mime in DOCUMENT_TYPES or name.endswith(DOCUMENT_SUFFIXES)


class EvidenceDesk:
    def __init__(self, db: Database, clock: Clock, knowledge: LiveKnowledge, storage: Path) -> None:
        self.db = db
        self.clock = clock
        self.knowledge = knowledge
        self.storage = storage

    async def reporter(self, user_id: int) -> Unit | None:
        """The unit `user_id` reports for, or None (citizens, officials)."""
        async with self.db.transaction(readonly=True) as session:
            user = await users.get(session, user_id)
            if user is None or not may_report(user.role, user.unit_id):
                return None
            unit = await session.get(Unit, user.unit_id)
        if unit is None or not unit.active or self.knowledge.catalog.get(unit.plan_id) is None:
            return None
        return unit

    async def add(self, user_id: int, unit: Unit, incoming: Incoming, data: bytes, *, reporting: bool) -> str:
        """Keep the file for the unit's report; the reply to send (HTML)."""
        now = self.clock.now()
        relative = self._relative_path(unit, incoming)
        async with self.db.transaction() as session:
            if await evidence_rows.count(session, unit.id, unit.plan_id) >= MAX_FILES:
                return texts.TOO_MANY.format(limit=MAX_FILES)
            self._write(relative, data)
            current = await submissions.submission(session, unit.id, unit.plan_id)
            added = await evidence_rows.add(
                session,
                unit_id=unit.id,
                plan_id=unit.plan_id,
                user_id=user_id,
                kind=incoming.kind,
                file_id=incoming.file_id,
                file_unique_id=incoming.file_unique_id,
                file_name=incoming.file_name,
                mime_type=incoming.mime_type,
                size=len(data),
                caption=(incoming.caption or "").strip()[:1000] or None,
                path=str(relative),
                version=current.version if current is not None else 0,
                created_at=now,
            )
            count = await evidence_rows.count(session, unit.id, unit.plan_id)
        what = incoming.describe()
        if not added:
            return texts.ALREADY.format(what_cap=what[:1].upper() + what[1:])
        lines = [texts.RECEIVED.format(what=what, unit=html.escape(unit.name), count=count, limit=MAX_FILES)]
        if incoming.caption and incoming.caption.strip():
            lines.append(texts.RECEIVED_CAPTION.format(caption=html.escape(incoming.caption.strip()[:300])))
        if reporting:
            lines.append(texts.DURING_REPORT)
        return "\n".join(lines)

    def _relative_path(self, unit: Unit, incoming: Incoming) -> Path:
        suffix = Path(incoming.file_name or "").suffix.lower() if incoming.kind == "document" else ".jpg"
        safe = re.sub(r"[^A-Za-z0-9_-]", "_", incoming.file_unique_id)[:64]
        return Path(unit.plan_id) / unit.id / f"{safe}{suffix[:10]}"

    def _write(self, relative: Path, data: bytes) -> None:
        """Write atomically: a crash leaves the old file or the new one, never half of it."""
        target = self.storage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".part")
        temporary.write_bytes(data)
        os.replace(temporary, target)


def receipt_line(photos: int, documents: int) -> str:
    if photos == 0 and documents == 0:
        return texts.RECEIPT_NONE
    return texts.RECEIPT_LINE.format(photos=photos, documents=documents)
