"""The review list: what was extracted from which line, what was not found, what to check."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.kb.importer.draft import Draft
from bot.messages import importer as msg

# Fields a reviewer expects; those with no evidence are listed as not found.
KEY_FIELDS = [
    "year",
    "locality.name",
    "locality.level",
    "locality.province",
    "issuer",
    "document.number",
    "document.date",
    "document.place_date_line",
    "document.signer.name",
    "document.signer.title",
    "document.recipients",
    "based_on",
    "theme",
    "period",
    "opening.date",
    "opening.time",
    "opening.venue",
    "closing",
    "special_sessions",
    "reporting",
    "responsibilities",
    "participants",
    "budget",
    "slogans",
    "contacts",
]
_STATEMENT_WIDTH = 110


def label(path: str, names: dict[str, str] | None = None) -> str:
    """'reporting[1].deadline' -> 'Hạn và nơi nhận báo cáo #2 › deadline' (Vietnamese label where known)."""
    task = re.match(r"^responsibilities\[([^\]]+)\]\.tasks\[(\d+)\]$", path)
    if task:
        unit = (names or {}).get(task.group(1), task.group(1))
        return msg.REVIEW_TASK_LABEL.format(unit=unit, number=int(task.group(2)) + 1)
    plain = _strip_indexes(path)
    if plain in msg.FIELD_LABELS:
        return msg.FIELD_LABELS[plain] + _index_suffix(path)
    head, _, tail = plain.partition(".")
    base = msg.FIELD_LABELS.get(head, head)
    return f"{base}{_index_suffix(path)} › {tail}" if tail else f"{base}{_index_suffix(path)}"


def _strip_indexes(path: str) -> str:
    out, depth = [], 0
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _index_suffix(path: str) -> str:
    if "[" not in path:
        return ""
    inside = path[path.index("[") + 1 : path.index("]")]
    return f" #{int(inside) + 1}" if inside.isdigit() else f" ({inside})"


def show(value: Any) -> str:
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    text = str(value)
    return text if len(text) <= _STATEMENT_WIDTH else text[: _STATEMENT_WIDTH - 1] + "…"


def missing_fields(draft: Draft) -> list[str]:
    return [path for path in KEY_FIELDS if not draft.evidence.has(path)]


def review_text(draft: Draft, draft_name: str, source_name: str, folder: str, problems: list[str]) -> str:
    out = [msg.REVIEW_TITLE.format(draft=draft_name), msg.REVIEW_SOURCE.format(source=source_name), ""]
    out += [*_repairs(draft), ""]
    out.append(msg.REVIEW_FOUND)
    names = {u["id"]: u["name"] for u in draft.data.get("units", [])}
    for found in sorted(draft.evidence.found, key=lambda f: (f.line, f.field)):
        value = found.value
        if found.field.endswith((".from", ".to")):  # unit ids: show the names
            ids = value if isinstance(value, list) else [value]
            value = [f"{names[i]} [{i}]" if i in names else i for i in ids]
        line = found.line or "?"
        out.append(msg.REVIEW_FOUND_LINE.format(line=line, label=label(found.field, names), value=show(value)))
    out.append("")
    missing = missing_fields(draft)
    if missing:
        out.append(msg.REVIEW_MISSING)
        out += [msg.REVIEW_MISSING_LINE.format(label=msg.FIELD_LABELS.get(p, p), field=p) for p in missing]
        out.append("")
    if draft.evidence.warnings:
        out.append(msg.REVIEW_NOTES)
        for at, note in draft.evidence.warnings:
            template = msg.REVIEW_NOTE_LINE if at else msg.REVIEW_NOTE_NOLINE
            out.append(template.format(line=at, note=note))
        out.append("")
    if problems:
        out.append(msg.REVIEW_INVALID)
        out += [msg.REVIEW_INVALID_LINE.format(problem=p) for p in problems]
    else:
        out.append(msg.REVIEW_VALID.format(folder=folder))
    return "\n".join(out) + "\n"


def _repairs(draft: Draft) -> list[str]:
    repaired = draft.repaired
    out = [msg.REVIEW_REPAIRS]
    if repaired.glyph_repairs:
        examples = "; ".join(f"dòng {r.line} “{r.before}” → “{r.after}”" for r in repaired.glyph_repairs)
        out.append(msg.REVIEW_GLYPHS.format(count=len(repaired.glyph_repairs), examples=examples))
    if repaired.acronym_repairs:
        pairs = ", ".join(f"{a} → {b}" for a, b in sorted(repaired.acronym_repairs.items()))
        out.append(msg.REVIEW_ACRONYMS.format(pairs=pairs))
    joined = sum(len(line.origins) - 1 for line in repaired.lines)
    if joined:
        out.append(msg.REVIEW_JOINED.format(count=joined))
    if repaired.unrepaired:
        items = "; ".join(f"dòng {g.line} “{g.text}”" for g in repaired.unrepaired)
        out.append(msg.REVIEW_UNREPAIRED.format(items=items))
    if len(out) == 1:
        out.append(msg.REVIEW_NO_REPAIRS)
    return out
