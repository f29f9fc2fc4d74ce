"""The units a published plan names as reporting, ready for the `units` table (so invites can follow).

Offered: the plan's own units that report to its issuer (their duties' senders), and the recipients
("Nơi nhận") that are the plan's own units and owe no report elsewhere. Never offered: a unit that
reports to someone else (the ward's Phòng VH-XH sending the ward's report to the city is the
official's own office, not a unit reporting to it), and a group row ("Các trường học trên địa bàn
phường", "Các trường Mầm non, Tiểu học, THCS trên địa bàn xã"): a group is not one unit that can
report, and counted as one it would make a wrong "x/N đơn vị". Each school of a group comes from a
CSV sent next.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.kb.importer.patterns import unit_key
from bot.kb.schema import Plan, Unit
from bot.units import KIND_RE, UNIT_ID_RE, UnitRecord

#: recipients that are never a reporting unit: the file copy, "as above", the bodies informed
_NOT_UNITS = re.compile(r"^(?:lưu|như trên|như điều)|\b(?:b/c|để b/c|báo cáo)\b", re.IGNORECASE)
MATCH = 90
#: a name that stands for several units: "Các trường …", "Những …", "… trên địa bàn xã"
_COLLECTIVE = re.compile(r"^\s*(?:các|những|tất cả|toàn bộ)\s|\btrên địa bàn\b", re.IGNORECASE)


def is_collective(name: str) -> bool:
    """Whether a unit's name stands for a group of units rather than one."""
    return bool(_COLLECTIVE.search(name))


def plan_units(plan: Plan) -> list[UnitRecord]:
    """The plan's reporting units as rows of the `units` table (id `<plan>-<unit>`, kind = the unit's id)."""
    own = {
        unit.id: unit
        for unit in plan.units
        if not unit.external and unit.id != plan.issuer and not is_collective(unit.name)
    }
    receivers = {target for duty in plan.reporting for target in duty.to}
    # a unit owing a report to someone other than the issuer answers to that one, not to this roster
    elsewhere = {duty.from_ for duty in plan.reporting if plan.issuer not in duty.to}
    chosen: list[str] = [duty.from_ for duty in plan.reporting if duty.from_ in own and plan.issuer in duty.to]
    places = (plan.locality.name, plan.locality.province)
    for recipient in plan.document.recipients:
        if _NOT_UNITS.search(recipient):
            continue
        unit = _named(recipient, [u for u in own.values() if u.id not in receivers | elsewhere], places)
        if unit is not None:
            chosen.append(unit.id)
    records: list[UnitRecord] = []
    for unit_id in dict.fromkeys(chosen):
        row_id = f"{plan.id}-{unit_id}"[:64].rstrip("-")
        if UNIT_ID_RE.match(row_id) and KIND_RE.match(unit_id):
            records.append(UnitRecord(row_id, plan.id, own[unit_id].name, unit_id))
    return records


def _named(recipient: str, units: list[Unit], places: tuple[str, str]) -> Unit | None:
    """The one unit a recipient line names, if it clearly names one."""
    wanted = unit_key(recipient, places)
    if not wanted:
        return None
    scored = []
    for unit in units:
        best = max(fuzz.token_set_ratio(wanted, unit_key(name, places)) for name in [unit.name, *unit.aliases])
        if best >= MATCH:
            scored.append((best, unit))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]
