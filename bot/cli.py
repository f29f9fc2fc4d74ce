"""Command-line subcommands that need no Telegram: check-kb, ask, console."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TextIO

from bot.cache import DiskCache
from bot.config import configured_cache, configured_plans_dir
from bot.kb.loader import DEFAULT_PLANS_DIR, KnowledgeBaseError, load_plans
from bot.messages.qa import CONSOLE_CHOOSE_HINT, CONSOLE_CHOSEN, CONSOLE_WELCOME
from bot.qa.conversation import Conversation
from bot.qa.engine import Engine
from bot.qa.facts import plan_label
from bot.reports.form import FormCatalog


def load_engine(plans_dir: Path = DEFAULT_PLANS_DIR, cache: DiskCache | None = None) -> Engine:
    """The engine over the plan files of `plans_dir`; with `cache`, unchanged plans and their index
    are read back from CACHE_DIR as the bot does (a thousand plans start in a second, not seven)."""
    return Engine(load_plans(plans_dir, cache), cache)


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
    engine = load_engine(Path(args.plans_dir), configured_cache())
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


class BatchLineError(ValueError):
    """A batch line that cannot be answered: said on stderr as `stdin:N: …`."""


def ask_jsonl(engine: Engine, stdin: TextIO, stdout: TextIO, default_today: dt.date | None = None) -> int:
    """The batch contract of ../shared/eval/check.py: one JSON object per line in and out.

    Input `{"id", "q", "today"}`, optionally `"chat"` (lines sharing it are one conversation, answered
    in order with its memory) and `"chosen_plan"` (the locality the user chose). A malformed line, or
    one naming an unknown plan, is reported on stderr as `stdin:N: reason` and skipped; the exit code
    is then 1, after every good line has been answered."""
    chats: dict[str, Conversation] = {}
    failed = 0
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            out = _answer_line(engine, line, chats, default_today)
        except BatchLineError as exc:
            print(f"stdin:{number}: {exc}", file=sys.stderr)
            failed += 1
            continue
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return 1 if failed else 0


def _answer_line(
    engine: Engine, line: str, chats: dict[str, Conversation], default_today: dt.date | None
) -> dict[str, object]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BatchLineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(item, dict):
        raise BatchLineError("not a JSON object")
    question = item.get("q")
    if not isinstance(question, str):
        raise BatchLineError('"q" must be a string (the question)')
    day = item.get("today")
    if day is not None and not isinstance(day, str):
        raise BatchLineError('"today" must be a date string YYYY-MM-DD')
    try:
        today = parse_day(day) or default_today or dt.date.today()
    except argparse.ArgumentTypeError as exc:
        raise BatchLineError(f'"today": {exc}') from None
    chosen = item.get("chosen_plan")
    if chosen is not None and (not isinstance(chosen, str) or chosen not in engine.plans):
        raise BatchLineError(f'"chosen_plan": unknown plan {chosen!r} (known: {", ".join(engine.order)})')
    chat = item.get("chat")
    if chat is not None and not isinstance(chat, str | int):
        raise BatchLineError('"chat" must be a string or a number')
    # the lines of one chat are one conversation (turns following each other), whatever dates they
    # give for "today": the date a question is asked on, not a clock that lets the memory expire
    now = None
    key = str(chat) if chat is not None else None
    state = chats.get(key) if key is not None else None
    answer = engine.answer(question, today=today, plan_context=chosen, conversation=state, now=now)
    if key is not None and answer.conversation is not None:
        chats[key] = answer.conversation
    return {"id": item.get("id"), "answer": answer.text, "status": answer.status, "plans": answer.plans}


def cmd_console(args: argparse.Namespace) -> int:
    """Chat in the terminal with the same memory as in Telegram; after a clarification a typed
    option number (or a locality) answers the question."""
    engine = load_engine(Path(args.plans_dir), configured_cache())
    if args.plan and args.plan not in engine.plans:
        print(f"unknown plan id '{args.plan}' (known: {', '.join(engine.order)})", file=sys.stderr)
        return 2
    plan_context: str | None = args.plan
    conversation: Conversation | None = None
    print(CONSOLE_WELCOME)
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
            plan_context = _choose_locality(engine, plan_context, text.removeprefix("/diaphuong"))
            continue
        now = dt.datetime.now()
        if args.today:
            now = dt.datetime.combine(args.today, now.time())
        answer = engine.answer(text, today=now.date(), plan_context=plan_context, conversation=conversation, now=now)
        conversation = answer.conversation
        print(answer.text)
        if answer.options:
            for number, option in enumerate(answer.options, start=1):
                print(f"  {number}. {option.label}")
            print(CONSOLE_CHOOSE_HINT)
        print()


def _choose_locality(engine: Engine, current: str | None, typed: str = "") -> str | None:
    prompt, options = engine.locality_prompt(typed, dt.date.today().year)
    if typed.strip() and len(options) == 1:  # "/diaphuong an lão": the one match is chosen
        print(CONSOLE_CHOSEN.format(label=plan_label(engine.plans[options[0].plan_id])))
        return options[0].plan_id
    print(prompt)
    if not options:
        return current
    for number, option in enumerate(options, start=1):
        print(f"  {number}. {option.label}")
    try:
        choice = input("Chọn số: ").strip()
    except (EOFError, KeyboardInterrupt):
        return current
    if choice.isdigit() and 1 <= int(choice) <= len(options):
        chosen = options[int(choice) - 1].plan_id
        print(CONSOLE_CHOSEN.format(label=plan_label(engine.plans[chosen])))
        return chosen
    return current


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    plans_help = "folder of plan YAML files"
    check = sub.add_parser("check-kb", help="validate the knowledge base and print one line per plan")
    check.add_argument("--plans-dir", default=str(configured_plans_dir(DEFAULT_PLANS_DIR)), help=plans_help)
    check.set_defaults(func=cmd_check_kb)

    ask = sub.add_parser("ask", help="answer one question, or a JSONL batch on stdin")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--today", type=parse_day, default=None, help="YYYY-MM-DD (default: today)")
    ask.add_argument("--plan", default=None, help="plan id chosen by the user, used when the question names none")
    ask.add_argument(
        "--jsonl", action="store_true", help='read {"id","q","today"[,"chat","chosen_plan"]} lines on stdin'
    )
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
