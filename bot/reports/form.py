"""The report form as data: ordered sections of indicators, validated at load.

A form is a YAML file (see knowledge/report_form.yaml, the default one, taken from
the "Mẫu Báo cáo" of the An Lão 2023 plan). Other forms go in knowledge/forms/*.yaml
and a plan names its own with `report_form` (`FormCatalog`). Operators edit them by hand,
so every problem is reported as `file:line: field: message`, never as a traceback.

Each indicator is one question the bot asks ("câu i/N"): a count, a number of
people, an amount of money or a yes/no, with the words staff type for it.

A form fits the unit and the plan (`FormCatalog.for_unit`):

* a section or an indicator may say `applies_to: [school, commune, ...]` (the categories of
  `bot/reports/categories.py`); an indicator's own list replaces its section's, none means every unit;
* titles, labels and hints may hold placeholders filled from the plan — `{year}`, `{locality}`
  always, `{school_year}` ("2025-2026"), `{period_start}`, `{period_end}` (dd/mm/yyyy) only when the
  plan gives a period, so those must sit in an optional part `[...]` that is dropped without them:
  "có thư viện[ (năm học {school_year})]". Nothing of the template's own year is ever shown for another plan.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.kb.loader import KnowledgeBaseError, line_of, read_yaml
from bot.kb.schema import UNIT_CATEGORIES, Plan, UnitCategory
from bot.reports.categories import Categories, group_categories, unit_categories

log = logging.getLogger(__name__)

DEFAULT_FORM_PATH = Path(__file__).resolve().parents[2] / "knowledge" / "report_form.yaml"
DEFAULT_FORMS_DIR = DEFAULT_FORM_PATH.parent / "forms"

KINDS: tuple[str, ...] = ("count", "people", "money", "yesno")
Kind = Literal["count", "people", "money", "yesno"]
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
FORM_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class FormError(KnowledgeBaseError):
    """Problems in a form file; each entry of `problems` reads `file:line: field: message`."""


def _at(message: str, *path: str | int) -> PydanticCustomError:
    """A validation error that knows which field (relative path) it is about."""
    return PydanticCustomError("form", message.replace("{", "(").replace("}", ")"), {"at": path})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# -- placeholders filled from the plan ------------------------------------------------------------------

#: placeholder -> whether every plan has a value for it (the others must sit inside "[...]")
PLACEHOLDERS: dict[str, bool] = {
    "year": True,
    "locality": True,
    "school_year": False,
    "period_start": False,
    "period_end": False,
}
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_FIELD = re.compile(r"\{([^{}]*)\}")


def check_template(text: str) -> str | None:
    """Why `text` is not a valid template (unknown placeholder, unbalanced brackets...), or None."""
    outside = _OPTIONAL.sub("", text)
    if any(c in outside for c in "[]"):
        return "unbalanced '[' / ']' (an optional part is written '[ ... ]', not nested)"
    for part, optional in [(outside, False), *((m.group(1), True) for m in _OPTIONAL.finditer(text))]:
        if any(c in _FIELD.sub("", part) for c in "{}"):
            return "unbalanced '{' / '}' (a placeholder is written '{year}')"
        for name in _FIELD.findall(part):
            if name not in PLACEHOLDERS:
                return f"unknown placeholder '{{{name}}}' (known: {', '.join(PLACEHOLDERS)})"
            if not optional and not PLACEHOLDERS[name]:
                return f"'{{{name}}}' may be missing from a plan: put it inside '[ ... ]' so it is dropped then"
    return None


def render_template(text: str, values: Mapping[str, str | None]) -> str:
    """Fill the placeholders; an optional part "[...]" with a missing value is dropped whole."""

    def optional(match: re.Match[str]) -> str:
        part = match.group(1)
        if all(values.get(name) for name in _FIELD.findall(part)):
            return part
        return ""

    filled = _FIELD.sub(lambda m: values.get(m.group(1)) or "", _OPTIONAL.sub(optional, text))
    return re.sub(r"\s+([,.;:)])", r"\1", " ".join(filled.split()))


def plan_values(plan: Plan | None) -> dict[str, str | None]:
    """The placeholder values a plan gives (None where it gives nothing)."""
    values: dict[str, str | None] = dict.fromkeys(PLACEHOLDERS)
    if plan is None:
        return values
    values["year"] = str(plan.year)
    values["locality"] = plan.locality.full_name
    if plan.period is not None:
        start, end = plan.period.start, plan.period.end
        first = start.year if start.month >= 8 else start.year - 1  # a school year starts in September
        values["school_year"] = f"{first}-{first + 1}"
        values["period_start"] = f"{start.day:02d}/{start.month:02d}/{start.year}"
        values["period_end"] = f"{end.day:02d}/{end.month:02d}/{end.year}"
    return values


def _template(value: str | None) -> str | None:
    if value is not None:
        problem = check_template(value)
        if problem is not None:
            raise ValueError(problem)
    return value


def _categories(values: tuple[UnitCategory, ...] | None) -> tuple[UnitCategory, ...] | None:
    if values is not None and len(set(values)) != len(values):
        raise ValueError("a category is listed twice")
    return values


def _clean_words(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        value = " ".join(value.split())
        if not value:
            raise ValueError("an alias cannot be blank")
        if value not in out:
            out.append(value)
    return tuple(out)


class Indicator(_Strict):
    """One figure of the report."""

    key: str = Field(pattern=KEY_PATTERN, description="Stable snake_case ASCII id")
    label: str = Field(min_length=1, description="Vietnamese wording of the template")
    kind: Kind
    unit: str = Field("", description="Display word: bài, tờ, người, đồng ...; empty for yesno")
    max: int | None = Field(None, gt=0, description="Sanity bound; larger answers need confirmation")
    aliases: tuple[str, ...] = Field((), description="What people type for the thing counted")
    context: tuple[str, ...] = Field(
        (), description="Words that set this indicator's topic without naming what is counted"
    )
    help: str | None = None
    applies_to: tuple[UnitCategory, ...] | None = Field(
        None, min_length=1, description="Categories of unit asked this question; none: its section's"
    )

    @field_validator("aliases", "context")
    @classmethod
    def _words(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _clean_words(values)

    @field_validator("label", "help")
    @classmethod
    def _placeholders(cls, value: str | None) -> str | None:
        return _template(value)

    @field_validator("applies_to")
    @classmethod
    def _no_repeat(cls, values: tuple[UnitCategory, ...] | None) -> tuple[UnitCategory, ...] | None:
        return _categories(values)

    @model_validator(mode="after")
    def _kind_rules(self) -> Indicator:
        if self.kind == "yesno":
            if self.max not in (None, 1):
                raise _at("a yesno indicator has max 1 (or none)", "max")
        else:
            if self.max is None:
                raise _at(f"max is required for a '{self.kind}' indicator", "max")
            if not self.unit:
                raise _at(f"unit is required for a '{self.kind}' indicator", "unit")
        return self

    @property
    def bound(self) -> int:
        return 1 if self.max is None else self.max


class Section(_Strict):
    key: str = Field(pattern=KEY_PATTERN)
    title: str = Field(min_length=1)
    aliases: tuple[str, ...] = Field((), description="Words that name the section (context only)")
    applies_to: tuple[UnitCategory, ...] | None = Field(
        None, min_length=1, description="Categories of unit asked this section; none: every unit"
    )
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @field_validator("aliases")
    @classmethod
    def _words(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _clean_words(values)

    @field_validator("title")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        return _template(value) or value

    @field_validator("applies_to")
    @classmethod
    def _no_repeat(cls, values: tuple[UnitCategory, ...] | None) -> tuple[UnitCategory, ...] | None:
        return _categories(values)

    def applies(self, indicator: Indicator, categories: Categories) -> bool:
        """Whether a unit of `categories` (empty: unknown, asked everything) is asked `indicator`."""
        wanted = indicator.applies_to if indicator.applies_to is not None else self.applies_to
        return wanted is None or not categories or bool(categories & set(wanted))


class Form(_Strict):
    id: str = Field(pattern=FORM_ID_PATTERN)
    title: str = Field(min_length=1)
    source_file: str | None = Field(None, description="Plan file the template comes from")
    note: str | None = None
    default: bool = False
    sections: tuple[Section, ...] = Field(min_length=1)

    _by_key: dict[str, tuple[int, Indicator, Section]] = PrivateAttr(default_factory=dict)
    _whole: Form | None = PrivateAttr(default=None)

    @field_validator("title", "note")
    @classmethod
    def _placeholders(cls, value: str | None) -> str | None:
        return _template(value)

    @model_validator(mode="after")
    def _unique_keys(self) -> Form:
        seen_sections: set[str] = set()
        seen: dict[str, tuple[int, int]] = {}
        for s, section in enumerate(self.sections):
            if section.key in seen_sections:
                raise _at(f"duplicate section key '{section.key}'", "sections", s, "key")
            seen_sections.add(section.key)
            for i, indicator in enumerate(section.indicators):
                if indicator.key in seen:
                    first = seen[indicator.key]
                    raise _at(
                        f"duplicate indicator key '{indicator.key}' "
                        f"(already used at sections[{first[0]}].indicators[{first[1]}])",
                        "sections",
                        s,
                        "indicators",
                        i,
                        "key",
                    )
                seen[indicator.key] = (s, i)
        return self

    def model_post_init(self, context: Any, /) -> None:
        position = 0
        for section in self.sections:
            for indicator in section.indicators:
                position += 1
                self._by_key[indicator.key] = (position, indicator, section)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every indicator, in the order the form asks them."""
        return tuple(entry[1] for entry in self._by_key.values())

    @property
    def question_count(self) -> int:
        """How many questions this form asks (after `restricted_to`: those that apply to the unit)."""
        return len(self._by_key)

    @property
    def whole(self) -> Form:
        """The form before `restricted_to` (itself when not restricted): to recognise figures of other units."""
        return self._whole or self

    def has(self, key: str) -> bool:
        return key in self._by_key

    def rendered(self, plan: Plan | None) -> Form:
        """This form with the placeholders of its texts filled from `plan` (see `render_template`)."""
        values = plan_values(plan)

        def text(value: str) -> str:
            return render_template(value, values)

        sections = tuple(
            section.model_copy(
                update={
                    "title": text(section.title),
                    "indicators": tuple(
                        indicator.model_copy(
                            update={
                                "label": text(indicator.label),
                                "help": None if indicator.help is None else text(indicator.help),
                            }
                        )
                        for indicator in section.indicators
                    ),
                }
            )
            for section in self.sections
        )
        update = {"title": text(self.title), "note": None if self.note is None else text(self.note)}
        return self._rebuilt(sections, **update)

    def restricted_to(self, categories: Categories) -> Form:
        """The questions asked of a unit of `categories`; sections left empty are dropped.

        Empty `categories` (a unit the rule cannot place) keeps every question. Returns `self` when
        nothing is left out, and the whole form when nothing would be left (a form error `check` reports)."""
        sections = []
        for section in self.sections:
            kept = tuple(i for i in section.indicators if section.applies(i, categories))
            if kept:
                sections.append(
                    section if len(kept) == len(section.indicators) else section.model_copy(update={"indicators": kept})
                )
        if len(sections) == len(self.sections) and all(a is b for a, b in zip(sections, self.sections, strict=True)):
            return self
        if not sections:
            log.warning("form %s asks nothing of a unit of categories %s: every question is kept", self.id, categories)
            return self
        restricted = self._rebuilt(tuple(sections))
        restricted._whole = self.whole
        return restricted

    def _rebuilt(self, sections: tuple[Section, ...], **update: Any) -> Form:
        """A new form with these sections (validated again, so its positions are recomputed)."""
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(update, sections=sections)
        return type(self)(**data)

    def indicator(self, key: str) -> Indicator:
        return self._entry(key)[1]

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"form '{self.id}' has no section '{key}'")

    def section_of(self, key: str) -> Section:
        return self._entry(key)[2]

    def section_number(self, key: str) -> int:
        """1-based number of the indicator's section, as printed in the template."""
        return self.sections.index(self.section_of(key)) + 1

    def position(self, key: str) -> tuple[int, int]:
        """(i, N): the indicator is question i of N (1-based)."""
        return self._entry(key)[0], len(self._by_key)

    def position_label(self, key: str) -> str:
        i, n = self.position(key)
        return f"câu {i}/{n}"

    def _entry(self, key: str) -> tuple[int, Indicator, Section]:
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"form '{self.id}' has no indicator '{key}'") from None


# -- loading -------------------------------------------------------------------------------------------


def load_form(path: str | Path) -> Form:
    """Read and validate a form file; raise FormError naming file, line and field."""
    path = Path(path)
    try:
        loaded = read_yaml(path)
    except OSError as exc:
        raise FormError([f"{path}: cannot read the form file: {exc.strerror or exc}"]) from None
    except KnowledgeBaseError as exc:  # invalid YAML, duplicate mapping keys
        raise FormError(exc.problems) from None
    if not isinstance(loaded.data, dict):
        raise FormError([f"{path}:1: (form): the file must hold a mapping with id, title and sections"])
    try:
        return Form.model_validate(loaded.data)
    except ValidationError as exc:
        problems = []
        errors = exc.errors()
        for error in errors:
            if error["type"] == "too_short" and any(_inside(other["loc"], error["loc"]) for other in errors):
                continue  # a list "too short" only because its items failed: the items say why
            loc = tuple(error["loc"]) + tuple((error.get("ctx") or {}).get("at", ()))
            line = line_of(loaded.lines, loc)
            problems.append(f"{path}:{line or '?'}: {_field(loc, loaded.data)}: {_message(error)}")
        raise FormError(problems) from None


class FormCatalog:
    """Every report form by id: the default one plus the forms a plan may name (`report_form`)."""

    def __init__(self, default: Form, others: Iterable[Form] = ()) -> None:
        self.default = default
        self.forms: dict[str, Form] = {default.id: default}
        self._cache: dict[tuple[int, str], tuple[Plan, Form]] = {}  # (id(plan), categories) -> (plan, form)
        for form in others:
            if form.id in self.forms:
                raise FormError([f"(form): duplicate form id '{form.id}'"])
            self.forms[form.id] = form

    @classmethod
    def load(
        cls, default_path: str | Path = DEFAULT_FORM_PATH, forms_dir: str | Path = DEFAULT_FORMS_DIR
    ) -> FormCatalog:
        """The default form and every `*.yaml` of `forms_dir` (may be absent); all problems together."""
        problems: list[str] = []
        default: Form | None = None
        try:
            default = load_form(default_path)
        except FormError as exc:
            problems.extend(exc.problems)
        seen: dict[str, Path] = {default.id: Path(default_path)} if default else {}
        others: list[Form] = []
        for path in sorted(Path(forms_dir).glob("*.yaml")):
            try:
                form = load_form(path)
            except FormError as exc:
                problems.extend(exc.problems)
                continue
            if form.id in seen:
                line = read_yaml(path).lines.get(("id",), 1)
                problems.append(f"{path}:{line}: id: duplicate form id '{form.id}' (also in {seen[form.id]})")
                continue
            seen[form.id] = path
            others.append(form)
        if problems or default is None:
            raise FormError(problems)
        return cls(default, others)

    def template_for(self, plan: Plan) -> Form:
        """The form file the plan names, or the default one, as written (placeholders unfilled)."""
        if plan.report_form is None:
            return self.default
        form = self.forms.get(plan.report_form)
        if form is None:
            raise FormError([self._unknown(plan)])
        return form

    def for_plan(self, plan: Plan) -> Form:
        """The plan's form with its texts filled from the plan: every question (officials' totals, export)."""
        key = (id(plan), "")
        cached = self._cache.get(key)
        if cached is None or cached[0] is not plan:
            cached = (plan, self.template_for(plan).rendered(plan))
            self._remember(key, cached)
        return cached[1]

    def for_unit(self, plan: Plan, unit_kind: str | None, unit_name: str | None = None) -> Form:
        """What a roster unit is asked: the plan's form, filled from the plan, with the questions that
        apply to the unit's categories (`unit_kind`: the plan unit id of its group; see categories.py)."""
        categories = unit_categories(plan, unit_kind, unit_name)
        key = (id(plan), ",".join(sorted(categories)))
        cached = self._cache.get(key)
        if cached is None or cached[0] is not plan:
            cached = (plan, self.for_plan(plan).restricted_to(categories))
            self._remember(key, cached)
        return cached[1]

    def question_count(self, plan: Plan, unit_kind: str | None, unit_name: str | None = None) -> int:
        """How many questions apply to that unit (what "Câu i/N" counts to)."""
        return self.for_unit(plan, unit_kind, unit_name).question_count

    def _remember(self, key: tuple[int, str], entry: tuple[Plan, Form]) -> None:
        if len(self._cache) >= 512:  # plans reloaded many times: forget the old ones
            self._cache.clear()
        self._cache[key] = entry

    def check(self, plans: Iterable[Plan], plans_dir: str | Path | None = None) -> None:
        """Raise FormError for every plan naming a form the catalog lacks (`plans_dir`: to say file:line),
        and for every unit of a plan to which its form would ask nothing."""
        problems: list[str] = []
        for plan in plans:
            if plan.report_form is not None and plan.report_form not in self.forms:
                problems.append(self._unknown(plan, plans_dir))
                continue
            template = self.template_for(plan)
            for number, unit in enumerate(plan.units):
                categories = group_categories(plan, unit.id)
                if unit.external or not categories:
                    continue
                if not _asks_any(template, categories):
                    where = _plan_line(plan, plans_dir, ("units", number, "id")) or f"plan '{plan.id}'"
                    problems.append(
                        f"{where}: unit '{unit.id}' ({', '.join(sorted(categories))}): "
                        f"form '{template.id}' has no question that applies to it (check applies_to)"
                    )
        if problems:
            raise FormError(problems)

    def _unknown(self, plan: Plan, plans_dir: str | Path | None = None) -> str:
        where = _plan_line(plan, plans_dir, ("report_form",)) or f"plan '{plan.id}'"
        known = ", ".join(sorted(self.forms))
        return f"{where}: report_form: unknown form '{plan.report_form}' (known forms: {known})"


def _plan_line(plan: Plan, plans_dir: str | Path | None, field: tuple[str | int, ...]) -> str | None:
    """`file:line` of a field of the plan's YAML file, when the folder is known."""
    if plans_dir is None:
        return None
    path = Path(plans_dir) / f"{plan.id}.yaml"  # the loader checks that id = file name
    with contextlib.suppress(OSError, KnowledgeBaseError):
        return f"{path}:{read_yaml(path).lines.get(field, '?')}"
    return f"{path}:?"


def _asks_any(form: Form, categories: Categories) -> bool:
    return any(section.applies(i, categories) for section in form.sections for i in section.indicators)


def _inside(loc: tuple[Any, ...], parent: tuple[Any, ...]) -> bool:
    return len(loc) > len(parent) and tuple(loc[: len(parent)]) == tuple(parent)


def _field(loc: tuple[Any, ...], data: Any) -> str:
    """`sections[2].indicators[1](banners).kind`: the path, with keys where the data has them."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("key"), str):
                out += f"({node['key']})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(form)"


def _message(error: Any) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    if kind == "literal_error":
        allowed = UNIT_CATEGORIES if "applies_to" in error["loc"] else KINDS
        return f"unknown value {given!r} (expected one of: {', '.join(allowed)})"
    if kind == "string_pattern_mismatch":
        return f"{given!r} is not a valid id (lower-case ASCII letters, digits, '_' or '-')"
    if kind == "greater_than":
        return f"must be greater than 0 (got {given!r})"
    if kind == "too_short":
        return "must not be empty"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "form":
        return message
    return f"{message} (got {given!r})" if given is not None and not isinstance(given, dict | list) else message
