"""Where each extracted value came from: the review list is built from these records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Found:
    field: str  # schema path, e.g. "reporting[1].deadline"
    value: Any
    line: int  # 1-based line of the source text


@dataclass
class Evidence:
    found: list[Found] = field(default_factory=list)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)  # (line, Vietnamese note)

    def add(self, path: str, value: Any, line: int) -> Any:
        if value not in (None, "", []):
            self.found.append(Found(path, value, line))
        return value

    def warn(self, line: int | None, note: str) -> None:
        self.warnings.append((line, note))

    def has(self, path: str) -> bool:
        return any(
            f.field == path or f.field.startswith(path + ".") or f.field.startswith(path + "[") for f in self.found
        )
