"""Command-line subcommands that need no Telegram: check-kb, ask, console."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TextIO

from bot.config import configured_plans_dir
from bot.kb.loader import DEFAULT_PLANS_DIR, KnowledgeBaseError, load_plans
from bot.qa.engine import Engine
from bot.qa.facts import plan_label
from bot.reports.form import FormCatalog


def load_engine(plans_dir: Path = DEFAULT_PLANS_DIR) -> Engine:
    return Engine(load_plans(plans_dir))


def parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date in the form YYYY-MM-DD") from None


def cmd_check_kb(args: argparse.Namespace) -> int:
    plans = load_plans(Path(args.plans_dir))
    FormCatalog.load().check(plans, args.plans_dir)  # every report_form a plan names exists
    for plan in plans:
        counts = (
            len(plan.objectives)
            + len(plan.requirements)
            + len(plan.activities)
            + len(plan.participants)
            + sum(len(r.tasks) for r in plan.responsibilities)
            + len(plan.extra_facts)
        )
        period = f"{plan.period.start}..{plan.period.end}" if plan.period else "no period"
        print(
            f"ok  {plan.id:16} {plan_label(plan)} | {period} | {counts} statements, "
            f"{len(plan.reporting)} reporting duties, {len(plan.units)} units"
        )
    print(f"{len(plans)} plans valid")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    engine = load_engine(Path(args.plans_dir))
    if args.jsonl:
        return ask_jsonl(engine, sys.stdin, sys.stdout, default_today=args.today)
    if not args.question:
        print('Hãy nhập câu hỏi, ví dụ: python run_bot.py ask "chủ đề năm nay là gì?"', file=sys.stderr)
        return 2
    if args.plan and args.plan not in engine.plans:
        print(f"unknown plan id '{args.plan}' (known: {', '.join(engine.order)})", file=sys.stderr)
        return 2
    answer = engine.answer(" ".join(args.question), today=args.today, plan_context=args.plan)
    print(answer.text)
    return 0


def ask_jsonl(engine: Engine, stdin: TextIO, stdout: TextIO, default_today: dt.date | None = None) -> int:
    """The batch contract of ../shared/eval/check.py: one JSON object per line in and out."""
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("not an object")
            today = parse_day(item.get("today")) or default_today
            answer = engine.answer(str(item.get("q", "")), today=today, plan_context=item.get("plan"))
            out = {"id": item.get("id"), "answer": answer.text, "status": answer.status, "plans": answer.plans}
        except (ValueError, argparse.ArgumentTypeError) as exc:
            print(f"stdin:{number}: skipped: {exc}", file=sys.stderr)
            continue
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def cmd_console(args: argparse.Namespace) -> int:
    engine = load_engine(Path(args.plans_dir))
    plan_context: str | None = args.plan
    print("Trợ lý Tuần lễ hưởng ứng học tập suốt đời. Gõ câu hỏi; /diaphuong để chọn địa phương; /thoat để thoát.")
    while True:
        try:
            line = input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        text = line.strip()
        if text in ("/thoat", "/quit", "/exit"):
            return 0
        if text.startswith("/diaphuong"):
            for number, option in enumerate(engine.plan_options(), start=1):
                print(f"  {number}. {option.label}")
            choice = input("Chọn số: ").strip()
            if choice.isdigit() and 1 <= int(choice) <= len(engine.order):
                plan_context = engine.plan_options()[int(choice) - 1].plan_id
                print(f"Đã chọn: {plan_label(engine.plans[plan_context])}")
            continue
        answer = engine.answer(text, today=args.today, plan_context=plan_context)
        print(answer.text)
        if answer.options:
            for number, option in enumerate(answer.options, start=1):
                print(f"  {number}. {option.label}")
        print()


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    plans_help = "folder of plan YAML files"
    check = sub.add_parser("check-kb", help="validate the knowledge base and print one line per plan")
    check.add_argument("--plans-dir", default=str(configured_plans_dir(DEFAULT_PLANS_DIR)), help=plans_help)
    check.set_defaults(func=cmd_check_kb)

    ask = sub.add_parser("ask", help="answer one question, or a JSONL batch on stdin")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--today", type=parse_day, default=None, help="YYYY-MM-DD (default: today)")
    ask.add_argument("--plan", default=None, help="plan id chosen by the user, used when the question names none")
    ask.add_argument("--jsonl", action="store_true", help='read {"id","q","today"} lines on stdin')
    ask.add_argument("--plans-dir", default=str(configured_plans_dir(DEFAULT_PLANS_DIR)), help=plans_help)
    ask.set_defaults(func=cmd_ask)

    console = sub.add_parser("console", help="chat with the assistant in this terminal")
    console.add_argument("--today", type=parse_day, default=None)
    console.add_argument("--plan", default=None)
    console.add_argument("--plans-dir", default=str(configured_plans_dir(DEFAULT_PLANS_DIR)), help=plans_help)
    console.set_defaults(func=cmd_console)


def run_safely(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except KnowledgeBaseError as exc:
        print(f"Knowledge base error:\n{exc}", file=sys.stderr)
        return 1
