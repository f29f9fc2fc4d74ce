#!/usr/bin/env python3
"""The one entry point: `python run_bot.py [command]` (no command = run the Telegram bot)."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    args_given = sys.argv[1:] if argv is None else argv
    if not args_given:  # the bot itself: start without loading the command-line tools' modules
        from handlers.runtime import cmd_run

        return cmd_run(argparse.Namespace(command=None))
    from bot import cli, cli_import, cli_plans, cli_staff
    from bot.operator_errors import guard

    parser = argparse.ArgumentParser(
        prog="run_bot.py",
        description="Trợ lý Telegram cho Tuần lễ hưởng ứng học tập suốt đời.",
    )
    sub = parser.add_subparsers(dest="command")
    cli.add_subcommands(sub)
    cli_staff.add_subcommands(sub)
    cli_import.add_subcommands(sub)
    cli_plans.add_subcommands(sub)
    args = parser.parse_args(argv)
    if args.command is None:
        from handlers.runtime import cmd_run

        return cmd_run(args)
    return guard(args.func)(args)


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # `run_bot.py units --json | head -1`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 0
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
