"""`run_bot.py import-plan FILE [--id ID] [--out DIR]`: draft a plan YAML from its document.

Exit status: 0 the draft is a valid plan; 1 the draft is written but something blocks it
(listed as file:line: field: message); 2 the document cannot be drafted from (one line).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_OUT = Path("data") / "drafts"


def cmd_import_plan(args: argparse.Namespace) -> int:
    # Imported here: the other commands (and the bot) need none of the document readers.
    from bot.kb.importer.files import import_document
    from bot.kb.importer.reading import DocumentError
    from bot.kb.importer.review import missing_fields

    path = Path(args.file)
    try:
        result = import_document(path, Path(args.out), plan_id=args.id)
    except (DocumentError, ValueError) as exc:
        print(f"import-plan: {exc}", file=sys.stderr)
        return 2
    draft = result.draft
    missing = missing_fields(draft)
    print(f"draft:  {result.yaml_path}")
    print(f"review: {result.review_path}")
    print(f"source: {result.source_path} (line numbers in the review refer to it)")
    print(
        f"{len(draft.evidence.found)} values extracted, {len(missing)} key fields not found"
        + (f" ({', '.join(missing)})" if missing else "")
        + f", {len(draft.evidence.warnings)} notes"
    )
    if result.problems:
        print("NOT YET A VALID PLAN — fill in or fix these in the draft, then run check-kb:", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"valid: python run_bot.py check-kb --plans-dir {result.yaml_path.parent}")
    return 0


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import-plan", help="draft a plan YAML from its document (.txt, .docx, text .pdf)")
    parser.add_argument("file", help="the plan document")
    parser.add_argument("--id", default=None, help="plan id (default: locality and year, e.g. tanphu-2026)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help=f"folder for the draft (default: {DEFAULT_OUT})")
    parser.set_defaults(func=cmd_import_plan)
