"""The catalogue in service: PLANS_DIR's YAML files merged with the plans published in the database.

A plan published in chat (or rolled back) lives in `plan_versions`; when its id is also a file's,
the published version is served (it is the admins' latest decision) until it is withdrawn. Every
source is validated as the loader and `check-kb` do; one bad source fails the whole build, so the
catalogue in service is never a mix of old and new.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from bot.cache import DiskCache
from bot.catalog import Catalog, Knowledge
from bot.config import Settings
from bot.db.plans import ServedRow
from bot.kb.loader import DEFAULT_PLANS_DIR, KnowledgeBaseError, ParsedPlans
from bot.kb.schema import Plan
from bot.memory import paused_gc
from bot.reports.form import FormCatalog
from bot.units import UnitRecord, load_units

#: (file name, mtime in ns, size) of every watched file: cheap to take, changes with any save
Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Sources:
    """Where the file part of the catalogue comes from."""

    plans_dir: Path = DEFAULT_PLANS_DIR
    units_path: Path | None = None
    #: CACHE_DIR: the parsed plans and the answering index kept between runs (None: not kept)
    cache_dir: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Sources:
        plans_dir = Path(settings.plans_dir) if settings.plans_dir else DEFAULT_PLANS_DIR
        return cls(plans_dir, settings.units_path, settings.cache_path)

    @property
    def cache(self) -> DiskCache | None:
        return DiskCache(self.cache_dir) if self.cache_dir is not None else None


@dataclass(frozen=True)
class FileSet:
    """What PLANS_DIR and the roster held when they were last read, and loaded as a whole."""

    plans: tuple[Plan, ...] = ()
    roster: tuple[UnitRecord, ...] = ()
    #: file name -> (mtime in ns, size, its plan): the next read parses only the files that changed
    stamps: Mapping[str, tuple[int, int, Plan]] = field(default_factory=dict)


@dataclass(frozen=True)
class Built:
    """A catalogue ready to swap in, and what it was made of."""

    knowledge: Knowledge
    #: plan id -> `plan_versions.id` of each plan served from the database
    served: dict[str, int] = field(default_factory=dict)
    files: int = 0
    seconds: float = 0.0
    #: the plan files and roster it was made from (kept to rebuild when a file is broken later)
    file_set: FileSet | None = None

    @property
    def plans(self) -> int:
        return len(self.knowledge.catalog.plans)


def fingerprint(sources: Sources) -> Fingerprint:
    """Names, modification times and sizes of the plan files and the roster (a stat per file)."""
    entries: list[tuple[str, int, int]] = []
    try:
        with os.scandir(sources.plans_dir) as found:
            for entry in found:
                if entry.name.endswith(".yaml") and entry.is_file():
                    stat = entry.stat()
                    entries.append((entry.name, stat.st_mtime_ns, stat.st_size))
    except OSError:
        entries.append(("<no plans folder>", 0, 0))
    if sources.units_path is not None:
        try:
            stat = sources.units_path.stat()
            entries.append((f"<units> {sources.units_path}", stat.st_mtime_ns, stat.st_size))
        except OSError:
            entries.append((f"<units> {sources.units_path}", 0, 0))
    return tuple(sorted(entries))


def published_plan(row: ServedRow) -> Plan:
    """A stored version as a plan; KnowledgeBaseError naming the version (and how to roll it back)."""
    try:
        return Plan.model_validate(row.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(plan)"
        message = first["msg"].removeprefix("Value error, ")
        raise KnowledgeBaseError(
            [
                f"database: plan '{row.plan_id}' version {row.version}: {where}: {message} "
                f"(roll it back: python run_bot.py plans rollback {row.plan_id})"
            ]
        ) from None


def read_files(sources: Sources, *, plans_required: bool = True, previous: FileSet | None = None) -> FileSet:
    """The plan files and the roster, validated; KnowledgeBaseError with every problem (file:line).

    `plans_required` False (plans come from the database too): an empty plans folder is fine.
    `previous`: files unchanged since (same modification time and size) are not parsed again."""
    problems: list[str] = []
    plans: list[Plan] = []
    stamps: dict[str, tuple[int, int, Plan]] = {}
    if plans_required or any(sources.plans_dir.glob("*.yaml")):
        # a full read (start-up, `/tailai`) takes unchanged files from the cache; a reload takes them
        # from `previous` (parsing what changed), and the next start parses those few files again
        parsed = ParsedPlans(sources.cache if previous is None else None)
        try:
            plans, stamps = _load_plans(sources.plans_dir, previous.stamps if previous else {}, parsed)
            parsed.save()
        except KnowledgeBaseError as exc:
            problems += exc.problems
    roster: list[UnitRecord] = []
    if sources.units_path is not None:
        try:
            roster = load_units(sources.units_path)
        except KnowledgeBaseError as exc:
            problems += exc.problems
    if problems:
        raise KnowledgeBaseError(problems)
    return FileSet(tuple(plans), tuple(roster), stamps)


def _load_plans(
    directory: Path, known: Mapping[str, tuple[int, int, Plan]], parsed: ParsedPlans
) -> tuple[list[Plan], dict[str, tuple[int, int, Plan]]]:
    """`bot.kb.loader.load_plans`, parsing only the files changed since `known` (a thousand
    plans take seconds to parse; a reload usually changes one file, or none), and at start-up
    only the files changed since the cache was written (`parsed`)."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise KnowledgeBaseError([f"{directory}: no plan files (*.yaml) found"])
    plans: list[Plan] = []
    stamps: dict[str, tuple[int, int, Plan]] = {}
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            stat = path.stat()
        except OSError as exc:
            problems.append(f"{path}: cannot read the file: {exc.strerror or exc}")
            continue
        cached = known.get(path.name)
        if cached is not None and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            plan = cached[2]
        else:
            try:
                plan = parsed.load(path)
            except KnowledgeBaseError as exc:
                problems.extend(exc.problems)
                continue
        if plan.id in seen:
            problems.append(f"{path}:1: id: duplicate plan id '{plan.id}' (also in {seen[plan.id]})")
            continue
        seen[plan.id] = path
        stamps[path.name] = (stat.st_mtime_ns, stat.st_size, plan)
        plans.append(plan)
    if problems:
        raise KnowledgeBaseError(problems)
    return plans, stamps


def build_catalog(
    sources: Sources, rows: Sequence[ServedRow], files: FileSet | None = None
) -> tuple[Catalog, dict[str, int], int]:
    """Merge the files (read now unless given) with the published plans; KnowledgeBaseError with
    every problem found. Returns the catalogue, plan id -> version row of the published ones, and
    how many plans came from files."""
    problems: list[str] = []
    if files is None:
        try:
            files = read_files(sources, plans_required=not rows)
        except KnowledgeBaseError as exc:
            problems += exc.problems
            files = FileSet()
    merged: dict[str, Plan] = {plan.id: plan for plan in files.plans}
    served: dict[str, int] = {}
    for row in rows:
        try:
            merged[row.plan_id] = published_plan(row)
        except KnowledgeBaseError as exc:
            problems += exc.problems
            continue
        served[row.plan_id] = row.id
    if problems:
        raise KnowledgeBaseError(problems)
    units = [unit for unit in files.roster if unit.plan_id in merged]
    catalog = Catalog.from_plans(merged.values(), FormCatalog.load(), units, sources.plans_dir)
    return catalog, served, len(files.plans)


def build(sources: Sources, rows: Sequence[ServedRow], files: FileSet | None = None) -> Built:
    """The catalogue and its answering engine (seconds for a thousand plans: run it off the event loop).

    The cyclic garbage collector is paused meanwhile: the engine allocates millions of objects, and
    each full collection it triggers holds the interpreter for a second or more, stalling the event
    loop that answers questions (measured on 300 plans: longest stall 1.5 s -> 0.08 s, and the
    build itself 16 s -> 9 s). Plain reference counting still frees what is dropped."""
    with paused_gc():
        return _build(sources, rows, files)


def _build(sources: Sources, rows: Sequence[ServedRow], files: FileSet | None) -> Built:
    started = time.perf_counter()
    if files is None:
        files = read_files(sources, plans_required=not rows)
    catalog, served, count = build_catalog(sources, rows, files)
    knowledge = Knowledge.build(catalog, sources.cache)
    return Built(knowledge, served, count, time.perf_counter() - started, files)
