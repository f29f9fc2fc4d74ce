#!/usr/bin/env python3
"""How well `import-plan` drafts plans, field by field: the five source plans against their curated YAML,
and plans written independently against the facts a person extracted from them, each group apart.

Source plans: for every field the curated plan states (theme, period, opening date/time/venue, closing date,
each reporting duty's sender, recipients and deadline, each based-on document's number and date,
locality, province, issuer, document number/date, signer, special sessions) the draft is right,
missed (left empty) or wrong (another value). A value the draft gives where the curated plan has
none, and a duty, document or session the curated plan does not list, count as wrong too: a
wrong value is worse than a missing one. Units are compared by what they are (the curated
plan's names and aliases), not by their ids.

Held-out plans (`tests/data/import/heldout/<id>.txt` with `<id>.truth.json`, written by someone who
never saw the code), the three set-aside plans (`tests/data/import/blind/`, see its README) and any other
folder given with `--truth`: the fields of the truth files
(locality name/level/province, document number/date, signer, theme, period, opening date/time,
based-on numbers, reporting deadlines, number of sessions), compared as `import_truth.py` says.

    python benchmarks/import_accuracy.py [--sources DIR] [--plans-dir DIR] [--heldout DIR] [--truth DIR]...
                                         [--reflow] [-v]

`--reflow` first re-wraps every source line at 85 characters with blank lines between, the way
PDF extraction prints a page, to measure how much the result depends on the line layout.
Prints one block per plan, the totals of each group, and ends with one JSON line (the source
plans' totals at the top level, as before; the other groups under their folder's name).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import textwrap
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.kb.importer.draft import draft_plan  # noqa: E402
from bot.kb.importer.patterns import unit_key  # noqa: E402
from bot.kb.importer.reading import read_document  # noqa: E402
from bot.kb.loader import DEFAULT_PLANS_DIR, load_plans  # noqa: E402
from bot.kb.schema import Plan  # noqa: E402
from bot.text import fold, tokens  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_truth import compare_truth, truth_files  # noqa: E402

HELDOUT = ROOT / "tests" / "data" / "import" / "heldout"
# Three plans written before any tuning and scored once (see its README.md); reported apart, after the others.
BLIND = ROOT / "tests" / "data" / "import" / "blind"

TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


def default_sources() -> Path:
    for candidate in (ROOT.parent / "shared" / "plans", ROOT.parents[1] / "shared" / "plans"):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "plans"


def loose(value: Any) -> str:
    """Comparable text: case, spacing, quotes, dashes, a leading 'tại' and the tone mark's position
    ('hoá' = 'hóa', 'Uỷ' = 'Ủy') do not matter; letters and diacritics do."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value)).casefold()
    text = re.sub(r"[“”\"'’*]", "", text).replace("–", "-").replace("—", "-")
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"\s+", " ", text).strip(" .,;:")
    text = re.sub(r"^tại\s+", "", text)
    out = []
    for word in text.split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        tone = "".join(TONES[c] for c in decomposed if c in TONES)
        bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out.append(bare + tone)
    return " ".join(out)


def code(value: Any) -> str:
    """Document numbers: 'TTHTCD' and 'TTHTCĐ', spaces and case aside."""
    return re.sub(r"\s+", "", fold(str(value))) if value else ""


@dataclass
class Score:
    right: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def scored(self) -> int:
        return len(self.right) + len(self.missed) + len(self.wrong)

    def check(self, name: str, expected: Any, got: Any, same: Any = None) -> None:
        same = same or (lambda a, b: loose(a) == loose(b))
        if expected in (None, "", []):
            if got not in (None, "", []):
                self.wrong.append(f"{name}: expected nothing, got {got!r}")
            return
        if got in (None, "", []):
            self.missed.append(name)
        elif same(expected, got):
            self.right.append(name)
        else:
            self.wrong.append(f"{name}: expected {expected!r}, got {got!r}")


class UnitMatcher:
    """Which curated unit a draft unit is, by the curated names and aliases."""

    def __init__(self, curated: Plan, draft_units: list[dict[str, Any]]):
        self.places = (curated.locality.name, curated.locality.province)
        self.curated = {u.id: [u.name, *u.aliases] for u in curated.units}
        self.draft = {u["id"]: [u["name"], *u.get("aliases", [])] for u in draft_units}

    def resolve(self, draft_id: str | None) -> str | None:
        if draft_id is None or draft_id not in self.draft:
            return None
        names = self.draft[draft_id]
        exact = {c for c, spellings in self.curated.items() if _norm_set(spellings) & _norm_set(names)}
        if len(exact) == 1:
            return exact.pop()
        keyed = {
            c
            for c, spellings in self.curated.items()
            if {unit_key(s, self.places) for s in spellings} & {unit_key(n, self.places) for n in names}
        }
        if len(keyed) == 1:
            return keyed.pop()
        return f"?{names[0]}"  # not one of the curated units


def _norm_set(names: list[str]) -> set[str]:
    return {" ".join(tokens(n, abbreviations=False)) for n in names}


def compare(curated: Plan, data: dict[str, Any]) -> Score:
    score = Score()
    units = UnitMatcher(curated, data.get("units", []))
    doc = data.get("document") or {}
    signer = doc.get("signer") or {}
    curated_signer = curated.document.signer
    locality = data.get("locality") or {}
    score.check("year", curated.year, data.get("year"))
    score.check("locality.name", curated.locality.name, locality.get("name"))
    score.check("locality.level", curated.locality.level, locality.get("level"))
    score.check("locality.province", curated.locality.province, locality.get("province"))
    score.check("issuer", curated.issuer, units.resolve(data.get("issuer")), same=lambda a, b: a == b)
    score.check("document.number", curated.document.number, doc.get("number"), same=lambda a, b: code(a) == code(b))
    score.check("document.date", curated.document.date, doc.get("date"))
    score.check("signer.name", curated_signer.name if curated_signer else None, signer.get("name"))
    score.check("signer.title", curated_signer.title if curated_signer else None, signer.get("title"))
    score.check(
        "signer.on_behalf_of", curated_signer.on_behalf_of if curated_signer else None, signer.get("on_behalf_of")
    )
    score.check("theme", curated.theme, data.get("theme"))
    period = data.get("period") or {}
    score.check("period.start", curated.period.start if curated.period else None, period.get("start"))
    score.check("period.end", curated.period.end if curated.period else None, period.get("end"))
    for name in ("opening", "closing"):
        ceremony = getattr(curated, name)
        got = data.get(name) or {}
        score.check(f"{name}.date", ceremony.date if ceremony else None, got.get("date"))
        score.check(f"{name}.time", ceremony.time if ceremony else None, got.get("time"))
        score.check(f"{name}.venue", ceremony.venue if ceremony else None, got.get("venue"))
    _based_on(score, curated, data.get("based_on", []))
    _reporting(score, curated, data.get("reporting", []), units)
    _sessions(score, curated, data.get("special_sessions", []))
    return score


def _based_on(score: Score, curated: Plan, drafted: list[dict[str, Any]]) -> None:
    by_number = {code(b["number"]): b for b in drafted}
    for ref in curated.based_on:
        got = by_number.pop(code(ref.number), None)
        score.check(f"based_on[{ref.number}].number", ref.number, got and got["number"])
        score.check(f"based_on[{ref.number}].date", ref.date, got and got["date"])
    for extra in by_number.values():
        score.wrong.append(f"based_on: not in the curated plan: {extra['number']}")


def _reporting(score: Score, curated: Plan, drafted: list[dict[str, Any]], units: UnitMatcher) -> None:
    left = list(drafted)

    def similarity(draft: dict[str, Any], duty_text: str) -> float:
        a, b = fold(draft["text"]), fold(duty_text)
        return max(fuzz.ratio(a, b), fuzz.partial_ratio(a, b) if min(len(a), len(b)) >= 40 else 0)

    for duty in curated.reporting:
        best = max(left, key=lambda d: similarity(d, duty.text), default=None)
        if best is not None and similarity(best, duty.text) >= 80:
            left.remove(best)
        else:
            best = None
        name = f"reporting[{duty.id}]"
        score.check(f"{name}.from", duty.from_, units.resolve(best["from"]) if best else None, same=lambda a, b: a == b)
        targets = sorted(units.resolve(t) or "" for t in best["to"]) if best else None
        score.check(f"{name}.to", sorted(duty.to), targets, same=lambda a, b: a == b)
        expected = duty.deadline or duty.deadline_text
        got = (best.get("deadline") or best.get("deadline_text")) if best else None
        score.check(f"{name}.deadline", expected, got)
    for extra in left:
        score.wrong.append(f"reporting: not in the curated plan: {extra['text'][:80]}")


def _sessions(score: Score, curated: Plan, drafted: list[dict[str, Any]]) -> None:
    by_date = {s["date"]: s for s in drafted}
    for session in curated.special_sessions:
        got = by_date.pop(session.date, None)
        name = f"special_sessions[{session.date}]"
        score.check(f"{name}.date", session.date, got and got["date"])
        score.check(f"{name}.topic", session.topic, got and got["topic"])
        score.check(f"{name}.participants", session.participants, got and got["participants"])
    for extra in by_date.values():
        score.wrong.append(f"special_sessions: not in the curated plan: {extra['date']}")


def reflow(text: str, width: int = 85) -> str:
    """Every line wrapped at `width` with a blank line after each printed line (as in ductrong-2021.txt)."""
    out: list[str] = []
    for line in text.splitlines():
        out += textwrap.wrap(line, width=width, break_long_words=False) or [""]
    return "\n\n".join(out)


def _print_plan(
    name: str,
    right: int,
    scored: int,
    missed: list[str],
    wrong: list[str],
    valid: bool,
    verbose_right: list[str] | None,
) -> None:
    share = right / scored if scored else 1.0
    print(
        f"{name:22} right {right:3}/{scored:<3} ({share:6.1%})  "
        f"missed {len(missed):2}  wrong {len(wrong):2}  {'valid' if valid else 'INVALID'}"
    )
    for item in missed:
        print(f"    missed  {item}")
    for item in wrong:
        print(f"    WRONG   {item}")
    for item in verbose_right or []:
        print(f"    right   {item}")


def _summary(label: str, right: int, scored: int, missed: int, wrong: int, per_plan: dict[str, Any]) -> dict[str, Any]:
    share = right / scored if scored else 0.0
    print(f"{label:22} right {right:3}/{scored:<3} ({share:6.1%})  missed {missed:2}  wrong {wrong:2}")
    return {
        "right": right,
        "scored": scored,
        "share_right": round(share, 4),
        "missed": missed,
        "wrong": wrong,
        "plans": per_plan,
    }


def source_group(args: argparse.Namespace) -> dict[str, Any]:
    """The five source plans against their curated YAML."""
    totals = Score()
    per_plan: dict[str, dict[str, int]] = {}
    for curated in load_plans(args.plans_dir):
        source = args.sources / curated.source_file
        if not source.is_file():
            print(f"{curated.id}: source {source} missing, skipped")
            continue
        text = source.read_text(encoding="utf-8")
        if args.reflow:
            text = reflow(text)
        draft = draft_plan(text, plan_id=curated.id, source_file=curated.source_file)
        score = compare(curated, draft.data)
        _print_plan(
            curated.id,
            len(score.right),
            score.scored,
            score.missed,
            score.wrong,
            draft.valid,
            score.right if args.verbose else None,
        )
        per_plan[curated.id] = {
            "right": len(score.right),
            "scored": score.scored,
            "missed": len(score.missed),
            "wrong": len(score.wrong),
            "valid": int(draft.valid),
        }
        totals.right += score.right
        totals.missed += score.missed
        totals.wrong += score.wrong
    return _summary("TOTAL source", len(totals.right), totals.scored, len(totals.missed), len(totals.wrong), per_plan)


def truth_group(label: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Plans written independently, against the facts a person extracted (`<id>.truth.json`)."""
    right = missed = wrong = scored = 0
    per_plan: dict[str, dict[str, int]] = {}
    for document, truth in truth_files(folder):
        text = read_document(document)
        if args.reflow:
            text = reflow(text)
        plan_id = document.name.split(".")[0]
        draft = draft_plan(text, plan_id=plan_id, source_file=f"{plan_id}.txt")
        score = compare_truth(truth, draft.data)
        _print_plan(
            plan_id,
            len(score.right),
            score.scored,
            score.missed,
            score.wrong,
            draft.valid,
            score.right if args.verbose else None,
        )
        per_plan[plan_id] = {
            "right": len(score.right),
            "scored": score.scored,
            "missed": len(score.missed),
            "wrong": len(score.wrong),
            "valid": int(draft.valid),
        }
        right, missed, wrong = right + len(score.right), missed + len(score.missed), wrong + len(score.wrong)
        scored += score.scored
    return _summary(f"TOTAL {label}", right, scored, missed, wrong, per_plan)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=Path, default=default_sources(), help="folder of the source plans (.txt)")
    parser.add_argument("--plans-dir", type=Path, default=DEFAULT_PLANS_DIR, help="folder of the curated YAML")
    parser.add_argument(
        "--heldout", type=Path, default=HELDOUT, help="folder of independently written plans with <id>.truth.json"
    )
    parser.add_argument(
        "--truth",
        type=Path,
        action="append",
        default=[BLIND] if BLIND.is_dir() else [],
        metavar="DIR",
        help="folders of plans with <id>.truth.json, each reported as its own group (repeatable; blind/ is always one)",
    )
    parser.add_argument("--reflow", action="store_true", help="re-wrap the sources as PDF extraction would")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list the fields drafted right")
    args = parser.parse_args(argv)
    if not args.sources.is_dir():
        print(f"import_accuracy: source plans not found in {args.sources} (use --sources)", file=sys.stderr)
        return 2
    for folder in [args.heldout, *args.truth]:
        if not folder.is_dir():
            print(f"import_accuracy: folder of plans not found: {folder}", file=sys.stderr)
            return 2
    started = time.perf_counter()
    print("== source plans (curated YAML)")
    result: dict[str, Any] = {"benchmark": "import_accuracy" + ("_reflowed" if args.reflow else "")}
    result.update(source_group(args))
    print(f"== held-out plans ({args.heldout.name}/, facts a person extracted)")
    result["heldout"] = truth_group("held-out", args.heldout, args)
    for folder in args.truth:
        print(f"== {folder.name}/ (facts a person extracted)")
        result[folder.name] = truth_group(folder.name, folder, args)
    elapsed = time.perf_counter() - started
    print(f"({elapsed:.1f} s)")
    result["seconds"] = round(elapsed, 2)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
