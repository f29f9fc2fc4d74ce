#!/usr/bin/env python3
"""The engine's answers (text + status + plans) to every question we hold, recorded or compared.

A guard for speed work: an optimisation must not change a single answer. Asks every question of
tests/data/*.jsonl and ../shared/eval/dev.jsonl (through the batch contract, so conversations and
chosen plans are honoured), and the question templates of benchmarks/qa_bench.py on the five real
plans and on a synthetic knowledge base (`--plans`, built in memory as qa_bench.py builds it).

    python benchmarks/qa_answers.py record FILE [--plans 1000]
    python benchmarks/qa_answers.py compare FILE [--plans 1000] [--cache DIR]

`compare` prints each answer that differs and exits 1 when any does. `--cache DIR`: the engines'
indexes are taken from (or, the first time, stored in) a CACHE_DIR, so running it twice checks
that an index read back from the cache answers as one just built.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from qa_bench import TODAY, questions, synthetic_plans  # noqa: E402

from bot.cache import DiskCache  # noqa: E402
from bot.cli import ask_jsonl  # noqa: E402
from bot.kb.loader import load_plans  # noqa: E402
from bot.qa.engine import Engine  # noqa: E402


def _sets() -> list[Path]:
    found = sorted((ROOT / "tests" / "data").glob("*.jsonl"))
    dev = ROOT.parent / "shared" / "eval" / "dev.jsonl"
    if not dev.exists():
        dev = Path("/work/shared/eval/dev.jsonl")
    return [*found, dev] if dev.exists() else found


def _batch(engine: Engine, lines: list[str], label: str) -> dict[str, dict[str, object]]:
    out = io.StringIO()
    ask_jsonl(engine, io.StringIO("".join(lines)), out)
    answers: dict[str, dict[str, object]] = {}
    for n, line in enumerate(out.getvalue().splitlines()):
        item = json.loads(line)
        answers[f"{label}#{n}:{item['id']}"] = {k: item[k] for k in ("answer", "status", "plans")}
    return answers


def _bench(engine: Engine, names: list[str], label: str, rounds: int) -> dict[str, dict[str, object]]:
    answers: dict[str, dict[str, object]] = {}
    for n, question in enumerate(questions(names, rounds)):
        answer = engine.answer(question, today=TODAY)
        answers[f"{label}#{n}:{question}"] = {"answer": answer.text, "status": answer.status, "plans": answer.plans}
    return answers


def collect(plans_count: int, cache: DiskCache | None = None) -> dict[str, dict[str, object]]:
    real = load_plans(ROOT / "knowledge" / "plans")
    engine = Engine(real, cache)
    answers: dict[str, dict[str, object]] = {}
    for path in _sets():
        lines = [line if line.endswith("\n") else line + "\n" for line in path.read_text(encoding="utf-8").splitlines()]
        answers.update(_batch(engine, lines, path.name))
    answers.update(_bench(engine, [p.locality.name for p in real], "bench-5", 5))
    if plans_count:
        synthetic = synthetic_plans(real, plans_count)
        big = Engine(synthetic, DiskCache(cache.directory / "big") if cache else None)
        answers.update(_bench(big, [p.locality.name for p in synthetic], f"bench-{plans_count}", 20))
    return answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--plans", type=int, default=1000, help="size of the synthetic knowledge base (0: none)")
    parser.add_argument("--cache", type=Path, help="a CACHE_DIR the engines' indexes are read from / stored in")
    args = parser.parse_args()
    answers = collect(args.plans, DiskCache(args.cache) if args.cache else None)
    if args.action == "record":
        args.file.write_text(json.dumps(answers, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{len(answers)} answers recorded in {args.file}")
        return 0
    recorded = json.loads(args.file.read_text(encoding="utf-8"))
    differing = [key for key in recorded.keys() | answers.keys() if recorded.get(key) != answers.get(key)]
    for key in sorted(differing):
        print(f"--- {key}\n  was: {recorded.get(key)}\n  now: {answers.get(key)}")
    print(f"{len(answers)} answers, {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
