"""The roster of units (schools, agencies, communes) that report, per plan.

Units come from `knowledge/units.yaml` (an example roster a deployment edits) or from a
CSV file `id,plan_id,name,kind`. Operators edit both by hand, so every problem is reported
as `file:line: message`, never as a traceback. `bot.db.units.sync` copies a roster into the
`units` table, where invites and submissions refer to it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.kb.loader import KnowledgeBaseError, read_yaml

DEFAULT_UNITS_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "units.yaml"
UNIT_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
KIND_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
CSV_COLUMNS = ("id", "plan_id", "name", "kind")


class UnitsError(KnowledgeBaseError):
    """Problems in a roster; each entry of `problems` reads `file:line: message`."""


@dataclass(frozen=True)
class UnitRecord:
    id: str
    plan_id: str
    name: str
    kind: str


def _check(
    where: str, raw: dict[str, Any], plan_ids: Iterable[str] | None, seen: dict[str, str]
) -> tuple[UnitRecord | None, list[str]]:
    """Validate one unit; returns the record or the problems (prefixed with `where`)."""
    problems: list[str] = []
    values = {k: str(raw.get(k) or "").strip() for k in CSV_COLUMNS}
    unit_id, plan_id, name, kind = values["id"], values["plan_id"], " ".join(values["name"].split()), values["kind"]
    if not unit_id:
        problems.append(f"{where}: id: required")
    elif not UNIT_ID_RE.match(unit_id):
        problems.append(f"{where}: id: '{unit_id}' is not a valid id (lower-case ASCII letters, digits, '-')")
    elif unit_id in seen:
        problems.append(f"{where}: id: duplicate id '{unit_id}' (first at {seen[unit_id]})")
    known = sorted(plan_ids) if plan_ids is not None else None
    if not plan_id:
        problems.append(f"{where}: plan_id: required")
    elif known is not None and plan_id not in known:
        problems.append(f"{where}: plan_id: unknown plan '{plan_id}' (known: {', '.join(known)})")
    if not name:
        problems.append(f"{where}: name: required")
    if not kind:
        problems.append(f"{where}: kind: required (the plan's unit id of the group, e.g. 'cac-truong')")
    elif not KIND_RE.match(kind):
        problems.append(f"{where}: kind: '{kind}' is not a valid kind (lower-case ASCII letters, digits, '-')")
    if problems:
        return None, problems
    seen[unit_id] = where
    return UnitRecord(unit_id, plan_id, name, kind), []


def load_units(path: str | Path = DEFAULT_UNITS_PATH, plan_ids: Iterable[str] | None = None) -> list[UnitRecord]:
    """Read a YAML roster (`plans: {plan_id: [{id, name, kind}, ...]}`); raise UnitsError on problems."""
    path = Path(path)
    try:
        loaded = read_yaml(path)
    except OSError as exc:
        raise UnitsError([f"{path}: cannot read the roster: {exc.strerror or exc}"]) from None
    except KnowledgeBaseError as exc:
        raise UnitsError(exc.problems) from None
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("plans"), dict):
        raise UnitsError([f"{path}:1: the file must hold 'plans:' mapping plan ids to lists of units"])
    known = list(plan_ids) if plan_ids is not None else None
    units: list[UnitRecord] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for plan_id, items in data["plans"].items():
        plan_line = loaded.lines.get(("plans", plan_id), "?")
        if not isinstance(items, list):
            problems.append(f"{path}:{plan_line}: plans.{plan_id}: must be a list of units")
            continue
        for index, item in enumerate(items):
            line = loaded.lines.get(("plans", plan_id, index), plan_line)
            if not isinstance(item, dict):
                problems.append(f"{path}:{line}: plans.{plan_id}[{index}]: must be a mapping with id, name, kind")
                continue
            unknown = sorted(set(item) - {"id", "name", "kind"})
            if unknown:
                problems.append(f"{path}:{line}: plans.{plan_id}[{index}]: unknown field(s) {', '.join(unknown)}")
                continue
            record, found = _check(f"{path}:{line}", {**item, "plan_id": plan_id}, known, seen)
            problems += found
            if record:
                units.append(record)
    if problems:
        raise UnitsError(problems)
    return units


def read_units_csv(path: str | Path, plan_ids: Iterable[str] | None = None) -> list[UnitRecord]:
    """Read a CSV roster with the header `id,plan_id,name,kind` (UTF-8, BOM allowed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UnitsError([f"{path}: cannot read the file: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise UnitsError([f"{path}:1: the file is not UTF-8 text (save it as 'CSV UTF-8')"]) from None
    reader = csv.reader(text.splitlines())
    rows = list(enumerate(reader, start=1))
    if not rows:
        raise UnitsError([f"{path}:1: empty file (expected the header {','.join(CSV_COLUMNS)})"])
    _, header = rows[0]
    header = [h.strip().lower() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise UnitsError(
            [f"{path}:1: header must have the columns {','.join(CSV_COLUMNS)}; missing {', '.join(missing)}"]
        )
    known = list(plan_ids) if plan_ids is not None else None
    units: list[UnitRecord] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(f"{path}:{line}: expected {len(header)} columns, found {len(row)}")
            continue
        record, found = _check(f"{path}:{line}", dict(zip(header, row, strict=True)), known, seen)
        problems += found
        if record:
            units.append(record)
    if problems:
        raise UnitsError(problems)
    return units
