"""The knowledge-base schema: one YAML file per plan, validated at load.

Every statement is the plan's own wording (with words damaged by PDF extraction
repaired), so each fact can be traced back to its source file. Fields a plan does
not state stay empty; the engine then says it does not know.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
LEVELS = ("xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh")
#: Kinds of reporting unit a report question can apply to (see bot/reports/categories.py for the rule).
UnitCategory = Literal["school", "learning_centre", "training_centre", "commune", "agency"]
UNIT_CATEGORIES: tuple[UnitCategory, ...] = ("school", "learning_centre", "training_centre", "commune", "agency")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Locality(Strict):
    name: str = Field(min_length=1, description="Name without level, e.g. 'Nam Triệu'")
    level: Literal["xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh"]
    province: str = Field(min_length=1, description="Province or centrally-run city")
    district: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Other spellings people type")

    @property
    def full_name(self) -> str:
        return f"{self.level} {self.name}"


class Signer(Strict):
    name: str | None = None
    title: str | None = Field(None, description="e.g. 'KT. Chủ tịch - Phó Chủ tịch'")
    on_behalf_of: str | None = Field(None, description="e.g. 'TM. Ủy ban nhân dân'")


class Document(Strict):
    kind: str = "Kế hoạch"
    number: str | None = Field(None, description="Full number when stated, e.g. '01/KH-TTHTCĐ'")
    title: str
    place_date_line: str | None = Field(None, description="The line as printed, blanks kept as '...'")
    date: dt.date | None = Field(None, description="Only when the day is stated in full")
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận, as listed")


class Unit(Strict):
    """An organisation the plan names: its own units and the ones it reports to."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    aliases: list[str] = Field(default_factory=list)
    external: bool = Field(False, description="Outside the locality (province, department, ...)")
    category: UnitCategory | None = Field(
        None,
        description="Which report questions apply to this group; only where the rule reading its name "
        "(bot/reports/categories.py) gets it wrong",
    )


class BasedOn(Strict):
    id: str = Field(pattern=ID_PATTERN)
    kind: str = Field(description="Công văn, Quyết định, ...")
    number: str
    date: dt.date
    issuer: str
    subject: str | None = None


class Period(Strict):
    start: dt.date
    end: dt.date
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Ceremony(Strict):
    name: str = Field(description="As the plan calls it: Lễ khai mạc, Lễ khai giảng, ...")
    date: dt.date | None = None
    time: str | None = Field(None, pattern=r"^\d{1,2}:\d{2}$")
    venue: str | None = None
    participants: str | None = None
    note: str | None = None


class Statement(Strict):
    """One sentence or clause of the plan, as written (repaired)."""

    text: str = Field(min_length=3)
    topic: str | None = Field(None, description="Short heading the plan gives it, if any")
    item: int | None = Field(
        None,
        ge=1,
        description="Number (1, 2, ...) of the top-level list item of its section that the sentence belongs to, "
        "as the plan's text lays the section out ('3.1.', 'a)', '1.' or '-' items): sentences sharing a number "
        "are one item, so counts are of the plan's items, not of its sentences; none for the section's lead-in",
    )


class SpecialSession(Strict):
    date: dt.date
    topic: str
    participants: int | None = Field(None, ge=0)
    participants_kind: str | None = Field(None, description="e.g. 'học viên'")


class Responsibility(Strict):
    unit: str = Field(description="Unit id")
    tasks: list[Statement] = Field(min_length=1)
    item: int | None = Field(
        None,
        ge=1,
        description="Number of the plan's item ('1.', 'a)') of the implementation section that names this unit; "
        "units named together in one item share it",
    )


class Reporting(Strict):
    id: str = Field(pattern=ID_PATTERN)
    from_: str = Field(alias="from", description="Unit id that reports")
    to: list[str] = Field(min_length=1, description="Unit ids reported to")
    deadline: dt.date | None = None
    deadline_text: str | None = Field(None, description="When no date: 'theo quy định', ...")
    via: str | None = Field(None, description="Through whom: 'qua phòng Văn hóa - Xã hội'")
    channel: str | None = Field(None, description="email address, portal, ...")
    form: str | None = Field(None, description="Template to use, as the plan says")
    content: str | None = Field(None, description="What is reported")
    text: str = Field(description="The plan's sentence")

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=True)


class Contact(Strict):
    kind: Literal["email", "phone", "website", "address"]
    value: str
    unit: str | None = None
    purpose: str | None = None


class TemplateRow(Strict):
    section: str
    items: list[str] = Field(default_factory=list)


class ReportTemplate(Strict):
    title: str
    sent_to: str | None = None
    columns: list[str] = Field(min_length=1)
    parts: list[str] = Field(default_factory=list, description="Top-level headings I., II., ...")
    rows: list[TemplateRow] = Field(default_factory=list)


class Fact(Strict):
    topic: str
    text: str


class Plan(Strict):
    id: str = Field(pattern=ID_PATTERN)
    source_file: str
    year: int = Field(ge=2000, le=2100)
    locality: Locality
    issuer: str = Field(description="Unit id of the body that issued the plan")
    document: Document
    based_on: list[BasedOn] = Field(default_factory=list)
    units: list[Unit] = Field(min_length=1)
    theme: str | None = None
    period: Period | None = None
    opening: Ceremony | None = None
    closing: Ceremony | None = None
    other_ceremonies: list[Ceremony] = Field(default_factory=list)
    sections: list[str] = Field(
        default_factory=list,
        description="The plan's top-level headings ('I. MỤC ĐÍCH, YÊU CẦU', 'II. ...'), as printed, in order",
    )
    objectives: list[Statement] = Field(default_factory=list)
    requirements: list[Statement] = Field(default_factory=list)
    activities: list[Statement] = Field(default_factory=list)
    special_sessions: list[SpecialSession] = Field(default_factory=list)
    participants: list[Statement] = Field(default_factory=list, description="Who takes part / is invited")
    responsibilities: list[Responsibility] = Field(default_factory=list)
    reporting: list[Reporting] = Field(default_factory=list)
    budget: list[Statement] = Field(default_factory=list)
    slogans: list[str] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    report_template: ReportTemplate | None = None
    report_form: str | None = Field(
        None,
        pattern=ID_PATTERN,
        description="Id of the form /baocao asks (a file in knowledge/forms/); none: knowledge/report_form.yaml",
    )
    extra_facts: list[Fact] = Field(default_factory=list)

    @field_validator("source_file")
    @classmethod
    def _txt(cls, value: str) -> str:
        if not re.fullmatch(r"[\w.-]+\.txt", value):
            raise ValueError("must be a plan file name such as 'anlao-2023.txt'")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        unit_ids = [u.id for u in self.units]
        _no_duplicates("units", unit_ids)
        _no_duplicates("based_on", [b.id for b in self.based_on])
        _no_duplicates("reporting", [r.id for r in self.reporting])
        known = set(unit_ids)

        def need(field: str, unit_id: str | None) -> None:
            if unit_id is not None and unit_id not in known:
                raise ValueError(f"{field}: unknown unit '{unit_id}' (declared units: {', '.join(unit_ids)})")

        need("issuer", self.issuer)
        for resp in self.responsibilities:
            need("responsibilities.unit", resp.unit)
        for rep in self.reporting:
            need(f"reporting[{rep.id}].from", rep.from_)
            for target in rep.to:
                need(f"reporting[{rep.id}].to", target)
            if rep.deadline is None and not rep.deadline_text:
                raise ValueError(f"reporting[{rep.id}]: give a deadline date or deadline_text")
        for contact in self.contacts:
            need("contacts.unit", contact.unit)
        for name in ("objectives", "requirements", "activities", "participants", "budget", "responsibilities"):
            _items_in_order(name, [s.item for s in getattr(self, name)])
        for day, label in self._dated():
            if abs(day.year - self.year) > 1:
                raise ValueError(f"{label} {day} is far from the plan year {self.year}")
        if self.period:
            for ceremony, label in ((self.opening, "opening"), (self.closing, "closing")):
                month = dt.timedelta(days=31)
                if (
                    ceremony
                    and ceremony.date
                    and not (self.period.start - month <= ceremony.date <= self.period.end + month)
                ):
                    raise ValueError(f"{label}.date {ceremony.date} is not near the period")
        return self

    def _dated(self) -> list[tuple[dt.date, str]]:
        out: list[tuple[dt.date, str]] = []
        if self.period:
            out += [(self.period.start, "period.start"), (self.period.end, "period.end")]
        out += [(s.date, "special_sessions.date") for s in self.special_sessions]
        out += [(r.deadline, f"reporting[{r.id}].deadline") for r in self.reporting if r.deadline]
        return out

    def unit(self, unit_id: str) -> Unit:
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)


def _items_in_order(field: str, items: list[int | None]) -> None:
    """A section's item numbers run 1, 2, 3... in the plan's order (an item may span several entries)."""
    last = 0
    for item in items:
        if item is None:
            continue
        if item not in (last, last + 1):
            raise ValueError(f"{field}: item {item} after item {last} (items are numbered 1, 2, 3... in order)")
        last = item


def _no_duplicates(field: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{field}: duplicate id '{item}'")
        seen.add(item)
