"""The catalogue in service: PLANS_DIR's YAML files merged with the plans published in the database.

A plan published in chat (or rolled back) lives in `plan_versions`; when its id is also a file's,
the published version is served (it is the admins' latest decision) until it is withdrawn. Every
source is validated as the loader and `check-kb` do; one bad source fails the whole build, so the
catalogue in service is never a mix of old and new.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from bot.catalog import Catalog, Knowledge
from bot.config import Settings
from bot.db.plans import ServedRow
from bot.kb.loader import DEFAULT_PLANS_DIR, KnowledgeBaseError, load_plans
from bot.kb.schema import Plan
from bot.reports.form import FormCatalog
from bot.units import load_units

#: (file name, mtime in ns, size) of every watched file: cheap to take, changes with any save
Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Sources:
    """Where the file part of the catalogue comes from."""

    plans_dir: Path = DEFAULT_PLANS_DIR
    units_path: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Sources:
        return cls(Path(settings.plans_dir) if settings.plans_dir else DEFAULT_PLANS_DIR, settings.units_path)


@dataclass(frozen=True)
class Built:
    """A catalogue ready to swap in, and what it was made of."""

    knowledge: Knowledge
    #: plan id -> `plan_versions.id` of each plan served from the database
    served: dict[str, int] = field(default_factory=dict)
    files: int = 0
    seconds: float = 0.0

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


def build_catalog(sources: Sources, rows: Sequence[ServedRow]) -> tuple[Catalog, dict[str, int], int]:
    """Validate every source and merge them; raises KnowledgeBaseError with every problem found."""
    problems: list[str] = []
    file_plans: list[Plan] = []
    # When plans come from the database, an empty (or absent) plans folder is fine.
    if not rows or any(sources.plans_dir.glob("*.yaml")):
        try:
            file_plans = load_plans(sources.plans_dir)
        except KnowledgeBaseError as exc:
            problems += exc.problems
    merged: dict[str, Plan] = {plan.id: plan for plan in file_plans}
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
    roster = load_units(sources.units_path) if sources.units_path is not None else []
    units = [unit for unit in roster if unit.plan_id in merged]
    catalog = Catalog.from_plans(merged.values(), FormCatalog.load(), units, sources.plans_dir)
    return catalog, served, len(file_plans)


def build(sources: Sources, rows: Sequence[ServedRow]) -> Built:
    """The catalogue and its answering engine (seconds for a thousand plans: run it off the event loop)."""
    started = time.perf_counter()
    catalog, served, files = build_catalog(sources, rows)
    knowledge = Knowledge.build(catalog)
    return Built(knowledge, served, files, time.perf_counter() - started)
