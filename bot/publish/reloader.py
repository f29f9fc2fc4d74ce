"""Every worker keeps its catalogue current without a restart.

A tick every few seconds reads one row (the catalogue version in `catalog_state`) and stats the
plan files; when either changed since the catalogue in service was built, the catalogue is
rebuilt off the event loop (`asyncio.to_thread`: building the engine for a thousand plans takes
seconds and answering goes on meanwhile) and swapped whole into `LiveKnowledge`. A source that
does not validate leaves the catalogue in service as it was, and the admins are told once
(whichever worker sees it first claims the report in the database), with file:line.
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import html
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from bot import memory
from bot.catalog import LiveKnowledge, plan_label
from bot.db import plans as rows
from bot.db import units as unit_rows
from bot.db.plans import ServedRow
from bot.db.session import Database
from bot.kb.loader import KnowledgeBaseError
from bot.messages import publish as texts
from bot.outbox import Outgoing
from bot.outbox import texts as text_messages
from bot.publish.catalogue import Built, FileSet, Fingerprint, Sources, build, fingerprint, read_files
from bot.work import Postman

log = logging.getLogger(__name__)

CHECK_SECONDS = 2.0
#: a file being saved changes size/mtime for a moment: wait until two looks agree
SETTLE_SECONDS = 0.25
MAX_PROBLEMS_SHOWN = 12
#: how long a publishing admin waits for the "now answering" notice before it is dropped
NOTICE_WAIT_SECONDS = 120.0
#: after a swap, the collector is settled again this much later (`bot.memory.resettle`): updates
#: still answering from the previous catalogue have finished by then, so it is garbage
RESETTLE_SECONDS = 10.0


@dataclass(frozen=True)
class Outcome:
    ok: bool
    problems: list[str] = field(default_factory=list)
    built: Built | None = None


@dataclass(frozen=True)
class _Waiting:
    """An admin who published, waiting to hear that the plan answers."""

    plan_id: str
    version_id: int
    chat_id: int
    started: float
    #: the catalogue version that brings the plan in
    catalogue_version: int


class CatalogueReloader:
    def __init__(
        self,
        live: LiveKnowledge,
        db: Database,
        sources: Sources,
        postman: Postman,
        admins: frozenset[int],
    ) -> None:
        self.live = live
        self.db = db
        self.sources = sources
        self.postman = postman
        self.admins = admins
        #: what the catalogue in service was built from (the version and files last tried, too)
        self.version: int | None = None
        self.prints: Fingerprint | None = None
        self.served: dict[str, int] = {}
        #: the plan files and roster last read whole: used while a file is broken
        self.file_set: FileSet | None = None
        self._synced_units = frozenset(live.catalog.units)
        self._lock = asyncio.Lock()
        self._waiting: list[_Waiting] = []
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- state ---------------------------------------------------------------------------------------------

    def mark_built(
        self, version: int | None, prints: Fingerprint | None, served: dict[str, int], files: FileSet | None = None
    ) -> None:
        self.version, self.prints, self.served = version, prints, dict(served)
        if files is not None:
            self.file_set = files

    async def snapshot(self) -> tuple[int, list[ServedRow]]:
        """The catalogue version and the plans published in the database, read together."""
        async with self.db.own_transaction(readonly=True) as session:
            return await rows.catalogue_version(session), await rows.in_service(session)

    async def _version(self) -> int:
        async with self.db.own_transaction(readonly=True) as session:
            return await rows.catalogue_version(session)

    async def changed(self) -> bool:
        version = await self._version()
        prints = await asyncio.to_thread(fingerprint, self.sources)
        return version != self.version or prints != self.prints

    # -- the periodic check ----------------------------------------------------------------------------------

    async def tick(self) -> None:
        """Cheap: one row and a stat per file. A change starts a rebuild in the background."""
        if self._lock.locked():
            return
        try:
            changed = await self.changed()
        except Exception as exc:  # the database is away for a moment: the catalogue stays, try again later
            log.warning("catalogue: could not check for changes: %s", exc)
            return
        if changed:
            self._spawn(self.reload(only_if_changed=True))

    def expect(self, catalogue_version: int, plan_id: str, version_id: int, chat_id: int, started: float) -> None:
        """An admin just published (the update commits in a moment): reload as soon as the new
        catalogue version is visible, and tell them when the plan answers."""
        self._waiting.append(_Waiting(plan_id, version_id, chat_id, started, catalogue_version))
        self._spawn(self._when_committed(catalogue_version))

    async def _when_committed(self, wanted: int, patience: float = 10.0) -> None:
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            if (self.version or 0) >= wanted:
                return
            try:
                if await self._version() >= wanted:
                    await self.reload(only_if_changed=True)
                    return
            except Exception as exc:
                log.warning("catalogue: could not check for changes: %s", exc)
            await asyncio.sleep(0.05)

    # -- rebuilding ----------------------------------------------------------------------------------------

    async def reload(self, *, only_if_changed: bool = False, signal: bool = False, report: bool = True) -> Outcome:
        """Rebuild from every source and swap it in; a broken source never reaches the catalogue.

        A broken plan file (or roster) keeps the files as they last loaded, so plans published
        meanwhile still go live; a broken published plan keeps the catalogue as it is. `signal`:
        bump the catalogue version once built, so that every other worker reloads too (`/tailai`).
        `report`: tell the admins about problems (automatic reloads)."""
        async with self._lock:
            if only_if_changed and not await self.changed():
                return Outcome(True)
            prints = await self._settled()
            version, served_rows = await self.snapshot()
            try:
                files, file_problems = await asyncio.to_thread(self._read_files, not served_rows, signal)
            except KnowledgeBaseError as exc:
                return await self._refused(version, prints, exc.problems, report)
            if file_problems and version == self.version:  # only the files changed, and they are broken
                return await self._refused(version, prints, file_problems, report)
            try:
                built = await asyncio.to_thread(build, self.sources, served_rows, files)
            except KnowledgeBaseError as exc:
                return await self._refused(version, prints, file_problems + exc.problems, report)
            except Exception as exc:
                log.exception("catalogue: build failed")
                return await self._refused(version, prints, [f"internal error while building: {exc!r}"], False)
            if signal and not file_problems:
                version = await self._signal(version)
            self.live.swap(built.knowledge)
            self._spawn(self._resettle_later())
            self.mark_built(version, prints, built.served, None if file_problems else files)
            log.info(
                "catalogue reloaded: %d plans (%d from files, %d published) in %.2f s",
                built.plans,
                built.files,
                len(built.served),
                built.seconds,
            )
        await self._after_swap(built, recovered=not file_problems)
        if file_problems:
            log.warning("catalogue: plan files not reloaded (the ones last loaded stay):\n%s", "\n".join(file_problems))
            if report:
                await self._report(file_problems)
            return Outcome(False, file_problems, built)
        return Outcome(True, built=built)

    def _read_files(self, plans_required: bool, every_file: bool) -> tuple[FileSet, list[str]]:
        """The files now (only the changed ones parsed, unless `every_file`), or, when one is
        broken, the ones last loaded and the problems."""
        previous = None if every_file else self.file_set
        try:
            return read_files(self.sources, plans_required=plans_required, previous=previous), []
        except KnowledgeBaseError as exc:
            if self.file_set is None:
                raise
            return self.file_set, exc.problems

    async def _refused(self, version: int, prints: Fingerprint, problems: list[str], report: bool) -> Outcome:
        """Keep the catalogue in service; do not try this state again until something changes."""
        self.mark_built(version, prints, self.served)
        log.warning("catalogue not reloaded, the one in service stays:\n%s", "\n".join(problems))
        if report:
            await self._report(problems)
        await self._tell_waiting(version, problems)
        return Outcome(False, problems)

    async def _settled(self) -> Fingerprint:
        prints = await asyncio.to_thread(fingerprint, self.sources)
        if prints == self.prints:
            return prints
        for _ in range(8):
            await asyncio.sleep(SETTLE_SECONDS)
            again = await asyncio.to_thread(fingerprint, self.sources)
            if again == prints:
                break
            prints = again
        return prints

    async def _signal(self, built_from: int) -> int:
        """Bump the catalogue version: the others reload. The version this worker then holds is the
        new one only when nothing else changed in between (else the next tick rebuilds)."""
        async with self.db.own_transaction() as session:
            new = await rows.bump(session, self.postman.clock.now())
        return new if new == built_from + 1 else built_from

    async def _after_swap(self, built: Built, *, recovered: bool) -> None:
        """Units of plans new to the roster into the units table; "fixed" to the admins; publish notices."""
        try:
            units = frozenset(built.knowledge.catalog.units)
            async with self.db.own_transaction() as session:
                await unit_rows.sync(session, sorted(units - self._synced_units, key=lambda u: u.id))
                recovered = recovered and await rows.clear_problem(session)
                records = []
                if recovered and self.admins:
                    notice = texts.RELOAD_RECOVERED.format(plans=built.plans)
                    records = await self.postman.enqueue(session, self._to_admins(notice))
            self.postman.deliver(records)
            self._synced_units = units
            await self._notify_published(built)
        except Exception as exc:
            log.warning("catalogue: swapped, but could not finish the follow-up (units, notices): %s", exc)

    async def _notify_published(self, built: Built) -> None:
        now = time.monotonic()
        due: list[Outgoing] = []
        for waiting in list(self._waiting):
            if built.served.get(waiting.plan_id) == waiting.version_id:
                plan = built.knowledge.catalog.get(waiting.plan_id)
                label = plan_label(plan) if plan is not None else waiting.plan_id
                seconds = f"{now - waiting.started:.1f}".replace(".", ",")
                due += text_messages(waiting.chat_id, texts.LIVE.format(label=html.escape(label), seconds=seconds))
                self._waiting.remove(waiting)
            elif now - waiting.started > NOTICE_WAIT_SECONDS:
                self._waiting.remove(waiting)
        if due:
            await self.postman.send(due)

    async def _tell_waiting(self, version: int, problems: list[str]) -> None:
        """Admins whose publishing this refused build included learn that their plan is stored but
        not in service yet, and why."""
        refused = [w for w in self._waiting if w.catalogue_version <= version]
        if not refused:
            return
        shown = html.escape("\n".join(problems[:MAX_PROBLEMS_SHOWN]))
        due = [m for w in refused for m in text_messages(w.chat_id, texts.NOT_LIVE.format(problems=shown))]
        self._waiting = [w for w in self._waiting if w not in refused]
        try:
            await self.postman.send(due)
        except Exception as exc:
            log.warning("catalogue: could not tell the publishing admins: %s", exc)

    async def _report(self, problems: list[str]) -> None:
        """Tell the admins, once for all workers (the first to claim this problem sends it)."""
        if not self.admins:
            return
        digest = hashlib.sha256("\n".join(problems).encode()).hexdigest()
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = texts.RELOAD_MORE.format(count=len(problems) - len(shown)) if len(problems) > len(shown) else ""
        text = texts.RELOAD_FAILED.format(problems=html.escape("\n".join(shown)), more=more)
        try:
            async with self.db.own_transaction() as session:
                if not await rows.claim_problem(session, digest):
                    return
                records = await self.postman.enqueue(session, self._to_admins(text))
            self.postman.deliver(records)
        except Exception as exc:
            log.warning("catalogue: could not report the problem to the admins: %s", exc)

    def _to_admins(self, text: str) -> list[Outgoing]:
        return [message for admin in sorted(self.admins) for message in text_messages(admin, text)]

    # -- tasks -----------------------------------------------------------------------------------------------

    @staticmethod
    async def _resettle_later() -> None:
        """The replaced catalogue was frozen with the rest at start (`bot.memory.settle`): its
        cycles are freed only by settling again, and the new catalogue, unfrozen, would be walked
        by every full collection. Once nothing answers from the old one any more, settle again (a
        no-op in a process that never settled: tests, command-line tools)."""
        await asyncio.sleep(RESETTLE_SECONDS)
        memory.resettle()

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        # A fresh context: the update that asked for it must not lend its unit of work (transaction).
        task = asyncio.get_running_loop().create_task(work, context=contextvars.Context())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Stop waiting (at shutdown); a build already running in its thread finishes on its own."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=1.0)
