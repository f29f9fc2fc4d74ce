"""The plan catalogue: every plan, its report form, the units that report, and the rules that
depend on them (which reporting duty applies to a unit, its deadline, whether a report is late).

One `Catalog` is built at start-up (or by a reload) and never changed; `Knowledge` pairs it with
the answering engine built from the same plans, and `LiveKnowledge` holds the current pair, swapped
as a whole, so a question or a report step reads one consistent version from start to end.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot import messages
from bot.cache import DiskCache
from bot.formats import vn_date
from bot.kb.loader import DEFAULT_PLANS_DIR, load_plans
from bot.kb.schema import Plan, Reporting
from bot.reports.form import Form, FormCatalog
from bot.units import DEFAULT_UNITS_PATH, UnitRecord, load_units

if TYPE_CHECKING:
    from bot.qa.engine import Engine


def plan_label(plan: Plan) -> str:
    """'phường Nam Triệu (Hải Phòng), năm 2025' — how a plan is named to users."""
    locality = plan.locality
    return messages.PLAN_LABEL.format(
        level=locality.level, name=locality.name, province=locality.province, year=plan.year
    )


_versions = itertools.count(1)


@dataclass(frozen=True)
class Deadline:
    """When a unit's report is due: a date, or only the plan's words ("theo quy định"), or nothing."""

    day: dt.date | None
    text: str | None = None

    def shown(self, none: str) -> str:
        """The date as users read it, else the plan's words, else `none`."""
        if self.day is not None:
            return vn_date(self.day)
        return self.text or none


@dataclass(frozen=True)
class Catalog:
    """Plans in load order, their forms, and the roster of reporting units."""

    plans: Mapping[str, Plan]
    forms: FormCatalog
    units: tuple[UnitRecord, ...] = ()
    plans_dir: Path = DEFAULT_PLANS_DIR
    version: int = field(default_factory=lambda: next(_versions))

    @classmethod
    def from_plans(
        cls,
        plans: Iterable[Plan],
        forms: FormCatalog | None = None,
        units: Iterable[UnitRecord] = (),
        plans_dir: Path = DEFAULT_PLANS_DIR,
    ) -> Catalog:
        ordered = {plan.id: plan for plan in plans}
        forms = forms or FormCatalog.load()
        forms.check(ordered.values(), plans_dir)
        return cls(MappingProxyType(ordered), forms, tuple(units), plans_dir)

    @classmethod
    def load(cls, plans_dir: Path | None = None, units_path: Path | None = DEFAULT_UNITS_PATH) -> Catalog:
        """Read and validate everything; raises `KnowledgeBaseError` with `file:line` problems.

        `units_path` None: no roster file (units come from `units import` only)."""
        plans_dir = plans_dir or DEFAULT_PLANS_DIR
        plans = load_plans(plans_dir)
        known = {plan.id for plan in plans}
        # Units of a plan not in service (retired, or another PLANS_DIR) wait for it: not an error.
        roster = load_units(units_path) if units_path is not None else []
        units = [unit for unit in roster if unit.plan_id in known]
        return cls.from_plans(plans, FormCatalog.load(), units, plans_dir)

    # -- plans ------------------------------------------------------------------------------------

    @property
    def order(self) -> list[str]:
        return list(self.plans)

    def get(self, plan_id: str | None) -> Plan | None:
        return self.plans.get(plan_id or "")

    def label(self, plan_id: str) -> str:
        plan = self.plans.get(plan_id)
        return plan_label(plan) if plan is not None else plan_id

    def form_for(self, plan: Plan) -> Form:
        """The report form units of `plan` fill in."""
        return self.forms.for_plan(plan)

    # -- reporting rules: the one place they are decided ------------------------------------------

    def duty_for(self, plan: Plan, unit_kind: str | None) -> Reporting | None:
        """The reporting duty a unit of `unit_kind` fulfils with its report.

        The plan's duty from the unit's own group (the dated one that comes first); a unit whose
        group has no duty reports like the plan's other units: the earliest dated duty not sent by
        the plan's issuer (the issuer's own duty is its report upward), else the earliest of all."""
        duties = list(plan.reporting)
        own = [d for d in duties if unit_kind is not None and d.from_ == unit_kind]
        if own:
            return _earliest(own)
        downward = [d for d in duties if d.from_ != plan.issuer]
        return _earliest([d for d in downward if d.deadline]) or _earliest([d for d in duties if d.deadline])

    def deadline_for(self, plan: Plan, unit_kind: str | None) -> Deadline:
        duty = self.duty_for(plan, unit_kind)
        if duty is None:
            return Deadline(None)
        return Deadline(duty.deadline, None if duty.deadline else duty.deadline_text)

    def units_deadline(self, plan: Plan, unit_kinds: Iterable[str] = ()) -> dt.date | None:
        """The first deadline among the plan's reporting units (the summary's headline)."""
        kinds: set[str | None] = set(unit_kinds) or {None}
        days = [self.deadline_for(plan, kind).day for kind in kinds]
        return min((day for day in days if day is not None), default=None)

    @staticmethod
    def is_late(deadline: dt.date | None, confirmed_at: dt.datetime | None, tz: ZoneInfo) -> bool:
        """A report is due by the end of the deadline day, local time; its first confirmation counts."""
        return deadline is not None and confirmed_at is not None and confirmed_at.astimezone(tz).date() > deadline


def _earliest(duties: list[Reporting]) -> Reporting | None:
    if not duties:
        return None
    return min(duties, key=lambda d: (d.deadline is None, d.deadline or dt.date.max))


@dataclass(frozen=True)
class Knowledge:
    """A catalogue and the engine built from its plans: always used together, swapped together."""

    catalog: Catalog
    engine: Engine

    @classmethod
    def build(cls, catalog: Catalog, cache: DiskCache | None = None) -> Knowledge:
        """`cache`: CACHE_DIR's store (the engine's index is read from it when still valid)."""
        from bot.qa.engine import Engine

        return cls(catalog, Engine(list(catalog.plans.values()), cache))


class LiveKnowledge:
    """The knowledge currently in service. Read `.current` once per update and use that object
    throughout: a swap (plan published, files reloaded) replaces the reference in one step, so
    work in progress keeps the version it started with."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._current = knowledge

    @property
    def current(self) -> Knowledge:
        return self._current

    @property
    def catalog(self) -> Catalog:
        return self._current.catalog

    def swap(self, knowledge: Knowledge) -> Knowledge:
        """Put `knowledge` in service; returns the previous one."""
        previous, self._current = self._current, knowledge
        return previous
