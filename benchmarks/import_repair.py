#!/usr/bin/env python3
"""How well lost PDF glyphs are put back: each source plan with one glyph dropped everywhere.

A PDF font without a Unicode map for a glyph prints "h nh" for "hình". This script drops one
vowel glyph at a time from the intact source plans (ductrong-2021 is skipped: it is already
damaged), repairs the text and counts the words restored right, wrong, and left for the reviewer.

    python benchmarks/import_repair.py [--sources DIR]

Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.kb.importer.repair import repair  # noqa: E402

GLYPHS = ["ì", "ắ", "ố", "ạ", "ư", "ệ", "ờ", "ả"]


def default_sources() -> Path:
    for candidate in (ROOT.parent / "shared" / "plans", ROOT.parents[1] / "shared" / "plans"):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "plans"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=Path, default=default_sources())
    args = parser.parse_args(argv)
    sources = sorted(p for p in args.sources.glob("*.txt") if not p.name.startswith("ductrong"))
    if not sources:
        print(f"import_repair: no source plans in {args.sources}", file=sys.stderr)
        return 2
    right = wrong = left = 0
    started = time.perf_counter()
    for path in sources:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        for glyph in GLYPHS:
            result = repair(text.replace(glyph, " "))
            good = sum(1 for r in result.glyph_repairs if glyph in r.after)
            bad = [f"{r.before}→{r.after}" for r in result.glyph_repairs if glyph not in r.after]
            right, wrong, left = right + good, wrong + len(bad), left + len(result.unrepaired)
            if bad or result.unrepaired:
                gaps = len(result.unrepaired)
                print(f"{path.stem:16} lost {glyph}: right {good:3}  wrong {len(bad)} {bad[:3]}  left {gaps}")
    total = right + wrong + left
    elapsed = time.perf_counter() - started
    print(f"TOTAL right {right}/{total} ({right / total:.1%}), wrong {wrong}, left for the reviewer {left}")
    print(
        json.dumps(
            {
                "benchmark": "import_repair",
                "right": right,
                "wrong": wrong,
                "left": left,
                "share_right": round(right / total, 4),
                "seconds": round(elapsed, 2),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
