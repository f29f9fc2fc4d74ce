"""Read a document, draft its plan and write `<id>.yaml` and `<id>.review.txt` (and `<id>.txt`).

The schema wants a `.txt` source beside each plan (so every statement can be traced), so a
.docx or .pdf is saved as `<id>.txt` — the text exactly as read, whose line numbers the
review list quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.kb.importer.draft import Draft, draft_plan
from bot.kb.importer.reading import read_document
from bot.kb.importer.review import review_text
from bot.kb.loader import KnowledgeBaseError, load_plan
from bot.kb.schema import ID_PATTERN


@dataclass
class ImportResult:
    draft: Draft
    yaml_path: Path
    review_path: Path
    source_path: Path
    problems: list[str] = field(default_factory=list)  # `file:line: field: message`, empty when valid

    @property
    def valid(self) -> bool:
        return not self.problems


def import_document(path: Path, out_dir: Path, plan_id: str | None = None) -> ImportResult:
    """Draft the plan in `path` into `out_dir`; raises DocumentError when there is nothing to draft."""
    if plan_id is not None and not re.fullmatch(ID_PATTERN, plan_id):
        raise ValueError(f"--id '{plan_id}': use lower-case letters, digits and '-', e.g. 'tanphu-2026'")
    text = read_document(path)
    keep_name = path.suffix.lower() == ".txt" and re.fullmatch(r"[\w.-]+\.txt", path.name)
    draft = draft_plan(text, plan_id=plan_id, source_file=path.name if keep_name else "pending.txt")
    plan_id = str(draft.data["id"])
    out_dir.mkdir(parents=True, exist_ok=True)
    source_path = out_dir / (path.name if keep_name else f"{plan_id}.txt")
    if source_path.resolve() != path.resolve():
        source_path.write_text(text, encoding="utf-8")
    draft.data["source_file"] = source_path.name
    yaml_path = out_dir / f"{plan_id}.yaml"
    yaml_path.write_text(plan_yaml(draft.data, path.name), encoding="utf-8")
    problems = _check(yaml_path)
    review_path = out_dir / f"{plan_id}.review.txt"
    review_path.write_text(review_text(draft, yaml_path.name, source_path.name, str(out_dir), problems), "utf-8")
    return ImportResult(draft, yaml_path, review_path, source_path, problems)


def _check(path: Path) -> list[str]:
    try:
        load_plan(path)
    except KnowledgeBaseError as exc:
        return exc.problems
    return []


class _NoAliases(yaml.SafeDumper):
    """Every value written out in full: operators edit these files, '&id001' / '*id001' would puzzle them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def plan_yaml(data: dict[str, Any], document_name: str) -> str:
    header = (
        f"# Draft made by `run_bot.py import-plan` from {document_name}: check it against the review list\n"
        "# beside it (<id>.review.txt) before publishing. Empty fields: the document does not state them.\n"
    )
    body = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=115, default_flow_style=False)
    return header + body
