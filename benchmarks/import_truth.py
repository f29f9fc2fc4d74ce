"""Compare a draft with the facts a person extracted from a plan (`<id>.truth.json` beside `<id>.txt`).

A truth file holds what a careful reader takes from the document, as printed (null: not stated):
locality (name, level, province), document (number, date, signer_name), based_on (numbers),
theme, period (start, end), opening (date, time), reporting (deadlines) and sessions (how many).
Each field is right, missed (left empty) or wrong (another value, or a value where the truth has
none). Lists are scored item by item: each based-on number and each distinct reporting deadline of
the truth is right or missed, each one the draft adds is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Fields in the order they are reported: (name, path in the truth file, path in the draft).
SCALARS = [
    ("locality.name", ("locality", "name"), ("locality", "name")),
    ("locality.level", ("locality", "level"), ("locality", "level")),
    ("locality.province", ("locality", "province"), ("locality", "province")),
    ("document.number", ("document", "number"), ("document", "number")),
    ("document.date", ("document", "date"), ("document", "date")),
    ("signer.name", ("document", "signer_name"), ("document", "signer", "name")),
    ("theme", ("theme",), ("theme",)),
    ("period.start", ("period", "start"), ("period", "start")),
    ("period.end", ("period", "end"), ("period", "end")),
    ("opening.date", ("opening", "date"), ("opening", "date")),
    ("opening.time", ("opening", "time"), ("opening", "time")),
]


@dataclass
class TruthScore:
    right: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def scored(self) -> int:
        return len(self.right) + len(self.missed) + len(self.wrong)


def normal(value: Any) -> str:
    """Case, spacing, quotes and final punctuation aside; dates as ISO; '7h30' as '07:30'."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value)).casefold()
    return re.sub(r"[\s“”\"'.,:;]+", " ", text).strip()


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def compare_truth(truth: dict[str, Any], data: dict[str, Any]) -> TruthScore:
    score = TruthScore()
    for name, truth_path, draft_path in SCALARS:
        expected, got = _get(truth, truth_path), _get(data, draft_path)
        if expected in (None, ""):
            if got not in (None, ""):
                score.wrong.append(f"{name}: expected nothing, got {got!r}")
        elif got in (None, ""):
            score.missed.append(name)
        elif normal(expected) == normal(got):
            score.right.append(name)
        else:
            score.wrong.append(f"{name}: expected {expected!r}, got {got!r}")
    expected_numbers = [b["number"] for b in truth.get("based_on") or [] if b.get("number")]
    _items(score, "based_on", expected_numbers, [b.get("number") for b in data.get("based_on") or []])
    expected_deadlines = [r["deadline"] for r in truth.get("reporting") or [] if r.get("deadline")]
    _items(score, "reporting.deadline", expected_deadlines, [r.get("deadline") for r in data.get("reporting") or []])
    sessions, got_sessions = len(truth.get("sessions") or []), len(data.get("special_sessions") or [])
    if sessions or got_sessions:
        if got_sessions == sessions:
            score.right.append("sessions.count")
        elif got_sessions == 0:
            score.missed.append("sessions.count")
        else:
            score.wrong.append(f"sessions.count: expected {sessions}, got {got_sessions}")
    return score


def _items(score: TruthScore, name: str, expected: list[Any], got: list[Any]) -> None:
    wanted = {normal(e): e for e in expected}
    found = {normal(g): g for g in got if g not in (None, "")}
    for key, value in wanted.items():
        (score.right if key in found else score.missed).append(f"{name}[{value}]")
    for key, value in found.items():
        if key not in wanted:
            score.wrong.append(f"{name}: not in the plan: {value!r}")


def truth_files(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(document, truth) for every `<id>.truth.json` with its `<id>.txt` (or .docx/.pdf) beside it."""
    out = []
    for truth_path in sorted(folder.glob("*.truth.json")):
        stem = truth_path.name.removesuffix(".truth.json")
        document = next((p for p in (folder / f"{stem}{s}" for s in (".txt", ".docx", ".pdf")) if p.is_file()), None)
        if document is not None:
            out.append((document, json.loads(truth_path.read_text(encoding="utf-8"))))
    return out
