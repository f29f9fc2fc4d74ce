"""The report form as data: ordered sections of indicators, validated at load.

A form is a YAML file (see knowledge/report_form.yaml, the default one, taken from
the "Mẫu Báo cáo" of the An Lão 2023 plan). Other forms go in knowledge/forms/*.yaml
and a plan names its own with `report_form` (`FormCatalog`). Operators edit them by hand,
so every problem is reported as `file:line: field: message`, never as a traceback.

Each indicator is one question the bot asks ("câu i/N"): a count, a number of
people, an amount of money or a yes/no, with the words staff type for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
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
from bot.kb.schema import Plan

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

    @field_validator("aliases", "context")
    @classmethod
    def _words(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _clean_words(values)

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
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @field_validator("aliases")
    @classmethod
    def _words(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return _clean_words(values)


class Form(_Strict):
    id: str = Field(pattern=FORM_ID_PATTERN)
    title: str = Field(min_length=1)
    source_file: str | None = Field(None, description="Plan file the template comes from")
    note: str | None = None
    default: bool = False
    sections: tuple[Section, ...] = Field(min_length=1)

    _by_key: dict[str, tuple[int, Indicator, Section]] = PrivateAttr(default_factory=dict)

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

    def for_plan(self, plan: Plan) -> Form:
        """The form the plan names, or the default one."""
        if plan.report_form is None:
            return self.default
        form = self.forms.get(plan.report_form)
        if form is None:
            raise FormError([self._unknown(plan)])
        return form

    def check(self, plans: Iterable[Plan], plans_dir: str | Path | None = None) -> None:
        """Raise FormError for every plan naming a form the catalog lacks (`plans_dir`: to say file:line)."""
        problems = [
            self._unknown(plan, plans_dir)
            for plan in plans
            if plan.report_form is not None and plan.report_form not in self.forms
        ]
        if problems:
            raise FormError(problems)

    def _unknown(self, plan: Plan, plans_dir: str | Path | None = None) -> str:
        where = f"plan '{plan.id}'"
        if plans_dir is not None:
            path = Path(plans_dir) / f"{plan.id}.yaml"  # the loader checks that id = file name
            with contextlib.suppress(OSError, KnowledgeBaseError):
                where = f"{path}:{read_yaml(path).lines.get(('report_form',), '?')}"
        known = ", ".join(sorted(self.forms))
        return f"{where}: report_form: unknown form '{plan.report_form}' (known forms: {known})"


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
        return f"unknown value {given!r} (expected one of: {', '.join(KINDS)})"
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
