#!/usr/bin/env python3
"""Load test: many virtual users ask questions through the fake Bot API to the running bot.

Runs a minimal echo bot and then the real bot (knowledge base, SQLite, every update
claimed and logged) against the same kind of fake Telegram server in one run, with the
same users and questions. Prints throughput and p50/p95/p99 latency from the moment an
update is delivered to the bot until its answer is sent; the last line is a JSON object
with both and their ratios. Targets: throughput >= 0.9 x echo, p95 <= 1.3 x echo.

    python benchmarks/bot_load.py [--users 100] [--questions 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from bot.db.migrate import upgrade_async
from bot.db.session import Database
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot

QUESTIONS = [
    "chủ đề tuần lễ ở nam triệu là gì",
    "khai mac o thanh binh luc may gio",
    "hạn nộp báo cáo của các trường ở đăk plô",
    "duc trong gui bao cao qua email nao",
    "an lão treo băng rôn ở đâu",
    "còn mấy ngày nữa thì tuần lễ bắt đầu",
    "giá vàng hôm nay",
]


async def drive(server: FakeBotAPI, users: int, questions: int) -> dict[str, float]:
    """Closed loop: each user asks, waits for the answer, asks again."""
    latencies: list[float] = []

    async def user(uid: int) -> None:
        for n in range(questions):
            update = server.send_text(uid, QUESTIONS[(uid + n) % len(QUESTIONS)])
            await server.wait_for_message(uid, timeout=60)
            latency = server.reply_latency(update["update_id"])
            if latency is not None:
                latencies.append(latency * 1000)

    start = time.perf_counter()
    await asyncio.gather(*(user(10_000 + i) for i in range(users)))
    elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 2)

    return {
        "updates": len(latencies),
        "seconds": round(elapsed, 3),
        "throughput": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
    }


async def echo_run(users: int, questions: int) -> dict[str, float]:
    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message and update.effective_message.text:
            await update.effective_message.reply_text(update.effective_message.text)

    async with FakeBotAPI() as server:
        app = server.application_builder().concurrent_updates(64).build()
        app.add_handler(MessageHandler(filters.TEXT, echo))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0)
            result = await drive(server, users, questions)
            await app.updater.stop()
            await app.stop()
    return result


async def bot_run(users: int, questions: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite+aiosqlite:///{folder}/load.sqlite3")
        await upgrade_async(db)
        async with FakeBotAPI() as server, running_bot(server, db, RATE_LIMIT_PER_SECOND=0, LOG_LEVEL="WARNING"):
            result = await drive(server, users, questions)
        await db.dispose()
    return result


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """Per-figure median over the rounds."""
    return {key: round(statistics.median(run[key] for run in runs), 2) for key in runs[0]}


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--questions", type=int, default=5, help="questions per user")
    parser.add_argument("--rounds", type=int, default=3, help="alternate echo/bot runs; medians are reported")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    for name in ("httpx", "telegram", "handlers", "bot"):
        logging.getLogger(name).setLevel(logging.WARNING)

    echo = await echo_run(args.users, args.questions)
    print(
        f"echo bot: {echo['throughput']} updates/s, p50 {echo['p50_ms']} ms, p95 {echo['p95_ms']} ms, "
        f"p99 {echo['p99_ms']} ms"
    )
    bot = await bot_run(args.users, args.questions)
    print(
        f"our bot:  {bot['throughput']} updates/s, p50 {bot['p50_ms']} ms, p95 {bot['p95_ms']} ms, "
        f"p99 {bot['p99_ms']} ms"
    )
    ratio = {
        "throughput": round(bot["throughput"] / echo["throughput"], 3),
        "p95": round(bot["p95_ms"] / echo["p95_ms"], 3),
    }
    print(f"ratio: throughput {ratio['throughput']} (target >= 0.9), p95 {ratio['p95']} (target <= 1.3)")
    print(
        json.dumps(
            {
                "echo": echo,
                "bot": bot,
                "ratio": ratio,
                "targets_met": {"throughput": ratio["throughput"] >= 0.9, "p95": ratio["p95"] <= 1.3},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
