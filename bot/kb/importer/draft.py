"""Draft a plan from a document: the data in the knowledge-base schema, with its evidence.

`draft_plan(text)` is pure (text in, `Draft` out); `bot.kb.importer.files` reads documents
and writes the YAML and the review list.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from bot.kb.importer import body_fields, ceremonies, header_fields, reporting, sessions, statements
from bot.kb.importer.evidence import Evidence
from bot.kb.importer.reading import DocumentError
from bot.kb.importer.repair import RepairedText, repair
from bot.kb.importer.structure import Layout, parse_layout
from bot.kb.importer.units import UnitRegistry
from bot.kb.schema import Plan
from bot.text import fold


@dataclass
class Draft:
    data: dict[str, Any]
    evidence: Evidence
    repaired: RepairedText
    layout: Layout
    problems: list[str] = field(default_factory=list)  # why the draft is not a valid plan yet

    @property
    def valid(self) -> bool:
        return not self.problems


def draft_plan(text: str, plan_id: str | None = None, source_file: str = "plan.txt") -> Draft:
    """The draft of the plan in `text`; raises DocumentError("not_plan") for a document that is no such plan."""
    repaired = repair(text)
    layout = parse_layout(repaired.lines)
    _require_plan(layout)
    evidence = Evidence()
    year = header_fields.year_of(layout, evidence)
    issuer, issuer_line = header_fields.issuer_name(layout, evidence)
    place = header_fields.place_of(layout, issuer, evidence)
    units = UnitRegistry((place.name or "", place.province or ""))
    issuer_id = units.add(issuer, issuer_line) if issuer else None
    if issuer_id:
        evidence.add("issuer", issuer, issuer_line)
    document = header_fields.document_of(layout, evidence)
    based_on = header_fields.based_on_of(layout, evidence)
    for ref in based_on:
        units.add(str(ref["issuer"]), 0, external=True)
    section_units = statements.responsibility_units(layout, units)
    period = body_fields.period_of(layout, year, evidence)
    if year is None and period is not None and isinstance(period["start"], dt.date):
        year = period["start"].year
    found_ceremonies = ceremonies.ceremonies_of(layout, year, evidence, period)
    sorted_statements = statements.sort_statements(layout, section_units, evidence)
    duties = reporting.reporting_of(layout, year, units, section_units, evidence)
    theme = body_fields.theme_of(layout, evidence)
    plan_id = plan_id or _plan_id(place.name, year, source_file)
    data: dict[str, Any] = {
        "id": plan_id,
        "source_file": source_file,
        "year": year,
        "locality": {"name": place.name, "level": place.level, "province": place.province, "aliases": []},
        "issuer": issuer_id,
        "document": document,
        "based_on": based_on,
        "units": [],
        "theme": theme,
        "period": period,
        **found_ceremonies,
        "objectives": sorted_statements["objectives"],
        "requirements": sorted_statements["requirements"],
        "activities": sorted_statements["activities"],
        "special_sessions": sessions.sessions_of(layout, year, evidence),
        "participants": sorted_statements["participants"],
        "responsibilities": sorted_statements["responsibilities"],
        "reporting": _unique_ids(duties),
        "budget": sorted_statements["budget"],
        "slogans": statements.slogans_of(layout, theme, evidence),
        "contacts": statements.contacts_of(layout, evidence),
        "extra_facts": sorted_statements["extra_facts"],
    }
    data["units"] = _with_place_aliases(units.as_data(), place.name, place.level)
    if place.name:
        data["locality"]["aliases"] = _locality_aliases(place.name, place.level)
    draft = Draft(data, evidence, repaired, layout)
    draft.problems = validation_problems(data)
    return draft


def _with_place_aliases(units: list[dict[str, Any]], name: str | None, level: str | None) -> list[dict[str, Any]]:
    """'Ủy ban nhân dân phường' in a plan of phường Nam Triệu is also 'Ủy ban nhân dân phường Nam Triệu'."""
    if not name or not level:
        return units
    for unit in units:
        for spelling in [unit["name"], *unit["aliases"]]:
            if spelling.endswith(f" {level}") and name not in spelling:
                full = f"{spelling} {name}"
                if full not in unit["aliases"] and full != unit["name"]:
                    unit["aliases"].append(full)
    return units


def _require_plan(layout: Layout) -> None:
    text = fold(" ".join(line.text for line in layout.lines))
    if "hoc tap suot doi" not in text or "ke hoach" not in text:
        raise DocumentError(
            "not_plan", "the document is not a plan for the Lifelong Learning Week (no 'Kế hoạch … học tập suốt đời')"
        )
    if not layout.sections and len(layout.lines) < 5:
        raise DocumentError("not_plan", "the document has no numbered sections: it does not look like a plan")


def _plan_id(name: str | None, year: int | None, source_file: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "", fold(name)) if name else ""
    if not base:
        base = re.sub(r"[^a-z0-9]+", "-", fold(source_file.rsplit(".", 1)[0])).strip("-") or "ke-hoach"
    return f"{base}-{year}" if year and not base.endswith(str(year)) else base


def _locality_aliases(name: str, level: str | None) -> list[str]:
    from bot.text import strip_diacritics

    plain = strip_diacritics(name)
    out = [plain, name.replace(" ", ""), plain.replace(" ", "")]
    if level:
        out.append(f"{level} {name}")
    return [a for i, a in enumerate(out) if a != name and a not in out[:i]]


def _unique_ids(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    for item in items:
        base, number = item["id"], 2
        while item["id"] in seen:
            item["id"] = f"{base}-{number}"
            number += 1
        seen.add(item["id"])
    return items


def validation_problems(data: dict[str, Any]) -> list[str]:
    """`field: message` for everything that keeps the draft from being a valid plan (empty: valid)."""
    try:
        Plan.model_validate(data)
    except ValidationError as exc:
        return [
            f"{'.'.join(str(p) for p in e['loc']) or '(plan)'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
    return []
