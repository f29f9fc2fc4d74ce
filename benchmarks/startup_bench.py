"""Start-up time and idle memory of `python run_bot.py`, beside a minimal python-telegram-bot echo bot.

Each round starts both processes (alternating) against the fake Bot API and measures the time from
spawning the process to its first `getUpdates` call, then its resident memory (VmRSS) after a
second of idling. Targets on this 2-core machine: first getUpdates <= 1.5 s, idle RSS <= 120 MB.
The last line is JSON with the medians and spreads.

    python benchmarks/startup_bench.py [--rounds 5] [--plans-dir DIR [--cold]]

`--plans-dir DIR`: the bot serves the plans of DIR (e.g. 1,000 plans written by qa_bench.py) with
a CACHE_DIR filled by the first start (warm starts), or, with `--cold`, an empty one each time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fake_bot_api import FakeBotAPI  # noqa: E402

ECHO_BOT = """
import os
import shutil
from telegram.ext import Application, MessageHandler, filters

async def echo(update, context):
    await update.effective_message.reply_text(update.effective_message.text)

builder = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"])
app = builder.base_url(os.environ["TELEGRAM_API_BASE_URL"]).build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling()
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(command: list[str], env: dict[str, str], server: FakeBotAPI) -> tuple[float, float]:
    spawned = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        *command, cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        while True:
            calls = [c for c in server.calls_to("getUpdates") if c.time >= spawned]
            if calls:
                first = calls[0].time - spawned
                break
            if process.returncode is not None:
                raise RuntimeError(f"{command} exited with {process.returncode}")
            await asyncio.sleep(0.005)
        await asyncio.sleep(1.0)
        return first, rss_mb(process.pid)
    finally:
        process.terminate()
        await process.wait()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plans-dir", type=Path, help="PLANS_DIR of the bot (default: knowledge/plans)")
    parser.add_argument("--cold", action="store_true", help="an empty CACHE_DIR at every start")
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {"bot": [], "echo": []}
    with tempfile.TemporaryDirectory() as folder:
        echo_file = Path(folder) / "echo_bot.py"
        echo_file.write_text(ECHO_BOT)
        async with FakeBotAPI() as server:
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": folder,
                "TELEGRAM_BOT_TOKEN": server.token,
                "TELEGRAM_API_BASE_URL": server.base_url,
                "DATABASE_URL": f"sqlite:///{folder}/bot.sqlite3",
                "LOG_LEVEL": "WARNING",
                "CACHE_DIR": f"{folder}/cache",
            }
            if args.plans_dir:
                env |= {"PLANS_DIR": str(args.plans_dir.resolve()), "UNITS_FILE": ""}
            # The bot's database is created and migrated once, as after its first start.
            await measure([sys.executable, "run_bot.py"], env, server)
            for round_number in range(args.rounds):
                order = ("bot", "echo") if round_number % 2 == 0 else ("echo", "bot")
                for which in order:
                    command = [sys.executable, "run_bot.py"] if which == "bot" else [sys.executable, str(echo_file)]
                    if args.cold:
                        shutil.rmtree(f"{folder}/cache", ignore_errors=True)
                    results[which].append(await measure(command, env, server))
    summary: dict[str, dict[str, float]] = {}
    for which, runs in results.items():
        starts = [start for start, _ in runs]
        memory = [rss for _, rss in runs]
        summary[which] = {
            "first_getupdates_s": round(statistics.median(starts), 3),
            "start_spread_s": round(max(starts) - min(starts), 3),
            "idle_rss_mb": round(statistics.median(memory), 1),
            "rss_spread_mb": round(max(memory) - min(memory), 1),
        }
        print(
            f"{which:5}: first getUpdates {summary[which]['first_getupdates_s']} s "
            f"(spread {summary[which]['start_spread_s']}), idle RSS {summary[which]['idle_rss_mb']} MB "
            f"(spread {summary[which]['rss_spread_mb']})"
        )
    bot = summary["bot"]
    targets = {"start": bot["first_getupdates_s"] <= 1.5, "rss": bot["idle_rss_mb"] <= 120}
    plans = {"plans_dir": str(args.plans_dir) if args.plans_dir else None, "cache": "cold" if args.cold else "warm"}
    print(json.dumps({"rounds": args.rounds, **plans, **summary, "targets_met": targets}))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
