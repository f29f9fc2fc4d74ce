"""Draft a plan YAML from its document (issue 12): the core that chat publishing builds on.

No Telegram here; plain functions over plain data (the draft is the dict of the schema's fields,
dates as `datetime.date`; a validated `bot.kb.schema.Plan` is accepted where noted):

- `read_document(path) -> str`: text of a .txt/.docx/text .pdf; raises `DocumentError`, whose
  `reason` ("scanned", "empty", "not_plan", "unsupported", "unreadable", "too_large") keys the
  Vietnamese reply in `bot.messages.importer.REASONS` and whose `str()` is one line for operators.
- `draft_plan(text, plan_id=None, source_file="plan.txt") -> Draft`: pure; `Draft.data` is the plan
  as a dict, `Draft.evidence` every value with its source line, `Draft.problems` what keeps it from
  validating (empty: valid). Raises `DocumentError("not_plan")`.
- `import_document(path, out_dir, plan_id=None) -> ImportResult`: reads, drafts and writes
  `<id>.yaml`, `<id>.review.txt` and the source text `<id>.txt` (for .docx/.pdf); `problems` are
  the loader's `file:line: field: message` lines.
- `review_text(draft, draft_name, source_name, folder, problems) -> str`: the review list.
- `summarize_draft(draft | Plan) -> str`: the key facts for a chat reply (Telegram HTML, ≤ 4,096).
- `apply_correction(draft | Plan, text) -> Correction`: corrections such as "khai mạc: 7h30 ngày
  01/10/2026 tại hội trường UBND xã" applied to a copy (`data`, a Vietnamese `message`), or
  `data=None` and a Vietnamese error; all or nothing.
- `validation_problems(data) -> list[str]` and `plan_yaml(data, document_name) -> str`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.kb.importer.chat import Correction, apply_correction, summarize_draft
    from bot.kb.importer.draft import Draft, draft_plan, validation_problems
    from bot.kb.importer.files import ImportResult, import_document, plan_yaml
    from bot.kb.importer.reading import DocumentError, read_document
    from bot.kb.importer.review import review_text

# The names are loaded when first used (PEP 562): the bot starts without the importer's modules and
# their hundreds of patterns, which only a plan document sent by an admin needs.
_HOME = {
    "Correction": "chat",
    "apply_correction": "chat",
    "summarize_draft": "chat",
    "Draft": "draft",
    "draft_plan": "draft",
    "validation_problems": "draft",
    "ImportResult": "files",
    "import_document": "files",
    "plan_yaml": "files",
    "DocumentError": "reading",
    "read_document": "reading",
    "review_text": "review",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Correction",
    "DocumentError",
    "Draft",
    "ImportResult",
    "apply_correction",
    "draft_plan",
    "import_document",
    "plan_yaml",
    "read_document",
    "review_text",
    "summarize_draft",
    "validation_problems",
]
