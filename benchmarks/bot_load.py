#!/usr/bin/env python3
"""Load test: virtual users ask questions through the fake Bot API; the bot beside an echo bot.

`throughput` (default): a minimal python-telegram-bot echo bot and the real bot (knowledge base,
SQLite, every update stored, claimed, answered through the outbox) are run in alternating rounds
against the same kind of fake Telegram server, with the same users and questions, the overall send
cap off. Latency runs from the moment an update is delivered to the bot until its answer is sent.
Targets: throughput >= 0.9 x echo and p95 <= 1.3 x echo (median of the rounds' ratios; the spread
is printed too), in polling and in webhook mode (`--mode`). CPU time per update (the whole process,
`time.process_time`: the fake server and the users too) is printed beside them, steadier than wall
time on a shared machine. Before each of its rounds the bot's garbage collector is settled as
`run_bot.py` settles it once started (bot/memory.py); the echo bot keeps CPython's collector
settings, and what this process held before its round (the bot's modules among it) is out of its
collector's reach — a little kinder to the echo bot than its own process would be.

`cap`: the default cap (30 messages/s overall); users ask while a 200-recipient broadcast (a daily
summary) goes out. Targets: >= 29 answers/s for 50 users, and the broadcast delays no answer by
more than 1 s at p95 (compared with the same load without the broadcast, in the same run).

`workers`: one and then two webhook worker processes (`run_bot.py`) behind the fake server's load
balancer, on one database: throughput of each (figures, not a target on a 2-core machine).

The last line is JSON.

    python benchmarks/bot_load.py [--scenario throughput|cap|workers] [--mode polling|webhook]
                                  [--users 100] [--questions 5] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citizen_questions import QUESTIONS  # noqa: E402
from telegram import Update  # noqa: E402
from telegram.ext import ContextTypes, MessageHandler, filters  # noqa: E402

from bot import memory  # noqa: E402
from bot.db.schema import ensure_current  # noqa: E402
from bot.db.session import Database  # noqa: E402
from bot.outbox import Priority, texts  # noqa: E402
from handlers.http import AiohttpRequest  # noqa: E402
from tests.fake_bot_api import FakeBotAPI  # noqa: E402
from tests.harness import running_bot  # noqa: E402

Result = dict[str, float]
#: the collector's thresholds as the interpreter started, put back after each round
DEFAULT_GC_THRESHOLD = gc.get_threshold()
#: python-telegram-bot's networking the echo bot uses: its default (httpx) or the bot's (aiohttp)
ECHO_REQUEST = {"backend": "httpx"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def drive(server: FakeBotAPI, users: int, questions: int, first_user: int = 10_000) -> Result:
    """Closed loop: each user asks, waits for the answer, asks again."""
    latencies: list[float] = []

    async def user(uid: int) -> None:
        for n in range(questions):
            update = server.send_text(uid, QUESTIONS[(uid + n) % len(QUESTIONS)])
            await server.wait_for_message(uid, timeout=120)
            latency = server.reply_latency(update["update_id"])
            if latency is not None:
                latencies.append(latency * 1000)

    start, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(user(first_user + i) for i in range(users)))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
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
        # the whole process, the fake server and the users included: steadier than wall time on a
        # shared machine
        "cpu_ms_per_update": round(cpu * 1000 / max(1, len(latencies)), 3),
    }


@contextlib.asynccontextmanager
async def echo_bot(server: FakeBotAPI, mode: str) -> AsyncIterator[None]:
    """A minimal echo bot the way python-telegram-bot's examples write one."""

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message and update.effective_message.text:
            await update.effective_message.reply_text(update.effective_message.text)

    builder = server.application_builder()
    if ECHO_REQUEST["backend"] == "aiohttp":  # the bot's own HTTP backend, to see what the rest costs
        builder = server.application_builder(fast_requests=False)
        builder = builder.request(AiohttpRequest(256)).get_updates_request(AiohttpRequest(1))
    app = builder.concurrent_updates(64).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        if mode == "webhook":
            port = free_port()
            await app.updater.start_webhook(
                listen="127.0.0.1", port=port, url_path="hook", webhook_url=f"http://127.0.0.1:{port}/hook"
            )
        else:
            await app.updater.start_polling(poll_interval=0)
        yield
        await app.updater.stop()
        await app.stop()


@contextlib.asynccontextmanager
async def our_bot(server: FakeBotAPI, mode: str, **settings: object) -> AsyncIterator[object]:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite+aiosqlite:///{folder}/load.sqlite3")
        await ensure_current(db)
        extra: dict[str, object] = {"RATE_LIMIT_PER_SECOND": 0, "LOG_LEVEL": "WARNING", **settings}
        if mode == "webhook":
            port = free_port()
            extra.update(WEBHOOK_URL=f"http://127.0.0.1:{port}/hook", PORT=port, LISTEN_ADDRESS="127.0.0.1")
        async with running_bot(server, db, **extra) as running:
            await server.wait_for("setWebhook" if mode == "webhook" else "getUpdates", timeout=30)
            yield running
        await db.dispose()


async def one_run(kind: str, mode: str, users: int, questions: int) -> Result:
    async with FakeBotAPI() as server:
        runner = echo_bot(server, mode) if kind == "echo" else our_bot(server, mode)
        async with runner:
            if kind == "bot":
                memory.settle()  # as `serve` does once the bot is built (handlers/runtime.py)
            else:  # CPython's thresholds; the objects made before this round are not its own
                gc.collect()
                gc.freeze()
            try:
                return await drive(server, users, questions)
            finally:
                gc.unfreeze()
                gc.set_threshold(*DEFAULT_GC_THRESHOLD)


def spread(values: list[float]) -> float:
    return round(max(values) - min(values), 3) if values else 0.0


async def throughput(args: argparse.Namespace) -> dict[str, object]:
    rounds: list[dict[str, Result]] = []
    for number in range(args.rounds):
        order = ("echo", "bot") if number % 2 == 0 else ("bot", "echo")
        found = {kind: await one_run(kind, args.mode, args.users, args.questions) for kind in order}
        rounds.append(found)
        print(
            f"round {number + 1}: echo {found['echo']['throughput']}/s p95 {found['echo']['p95_ms']} ms "
            f"CPU {found['echo']['cpu_ms_per_update']} ms/update | "
            f"bot {found['bot']['throughput']}/s p95 {found['bot']['p95_ms']} ms "
            f"CPU {found['bot']['cpu_ms_per_update']} ms/update"
        )
    ratios_t = [r["bot"]["throughput"] / r["echo"]["throughput"] for r in rounds]
    ratios_p = [r["bot"]["p95_ms"] / r["echo"]["p95_ms"] for r in rounds]
    ratios_c = [r["bot"]["cpu_ms_per_update"] / r["echo"]["cpu_ms_per_update"] for r in rounds]
    ratio = {
        "throughput": round(statistics.median(ratios_t), 3),
        "p95": round(statistics.median(ratios_p), 3),
        "cpu_per_update": round(statistics.median(ratios_c), 3),
    }
    print(
        f"{args.mode}: median ratio throughput {ratio['throughput']} (spread {spread(ratios_t)}, target >= 0.9), "
        f"p95 {ratio['p95']} (spread {spread(ratios_p)}, target <= 1.3), "
        f"CPU per update {ratio['cpu_per_update']} (spread {spread(ratios_c)})"
    )
    return {
        "scenario": "throughput",
        "mode": args.mode,
        "echo_request": args.echo_request,
        "rounds": rounds,
        "ratio": ratio,
        "spread": {"throughput": spread(ratios_t), "p95": spread(ratios_p), "cpu_per_update": spread(ratios_c)},
        "targets_met": {"throughput": ratio["throughput"] >= 0.9, "p95": ratio["p95"] <= 1.3},
    }


async def broadcast(running: object, recipients: int) -> None:
    """A daily summary to `recipients` officials, queued as the scheduled job queues it."""
    postman = running.runtime.services.postman  # type: ignore[attr-defined]
    messages = [m for n in range(recipients) for m in texts(900_000 + n, "📊 Tổng hợp…", priority=Priority.BROADCAST)]
    await postman.send(messages)


async def cap(args: argparse.Namespace) -> dict[str, object]:
    found: dict[str, Result] = {}
    for label in ("alone", "with_broadcast"):
        async with FakeBotAPI() as server, our_bot(server, args.mode, RATE_LIMIT_PER_SECOND=30) as running:
            if label == "with_broadcast":
                await broadcast(running, 200)
            found[label] = await drive(server, args.users, args.questions)
        print(f"{label}: {found[label]['throughput']} answers/s, p95 {found[label]['p95_ms']} ms")
    delay = round(found["with_broadcast"]["p95_ms"] - found["alone"]["p95_ms"], 1)
    print(f"the broadcast delayed answers by {delay} ms at p95 (target <= 1000 ms)")
    return {
        "scenario": "cap",
        **found,
        "p95_delay_ms": delay,
        "targets_met": {"answers_per_s": found["alone"]["throughput"] >= 29, "broadcast_delay": delay <= 1000},
    }


async def start_workers(
    server: FakeBotAPI, count: int, folder: str
) -> tuple[list[asyncio.subprocess.Process], Callable[[], Awaitable[None]]]:
    ports = [free_port() for _ in range(count)]
    processes = []
    for port in ports:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": folder,
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/workers.sqlite3",
            "WEBHOOK_URL": "https://bot.example.vn/telegram",
            "PORT": str(port),
            "LISTEN_ADDRESS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "RATE_LIMIT_PER_SECOND": "0",
        }
        processes.append(
            await asyncio.create_subprocess_exec(
                sys.executable, "run_bot.py", cwd=ROOT, env=env, stderr=asyncio.subprocess.DEVNULL
            )
        )
    await server.wait_for("setWebhook", count=count, timeout=60)
    server.balance_webhook([f"http://127.0.0.1:{port}/telegram" for port in ports])

    async def stop() -> None:
        for process in processes:
            process.terminate()
        for process in processes:
            await process.wait()

    return processes, stop


async def workers(args: argparse.Namespace) -> dict[str, object]:
    found: dict[str, Result] = {}
    for count in (1, 2):
        with tempfile.TemporaryDirectory() as folder:
            async with FakeBotAPI() as server:
                _processes, stop = await start_workers(server, count, folder)
                try:
                    await drive(server, 5, 1, first_user=90_000)  # warm-up
                    found[f"workers_{count}"] = await drive(server, args.users, args.questions)
                finally:
                    await stop()
        result = found[f"workers_{count}"]
        print(f"{count} worker(s): {result['throughput']} updates/s, p95 {result['p95_ms']} ms")
    return {"scenario": "workers", **found}


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=("throughput", "cap", "workers"), default="throughput")
    parser.add_argument("--mode", choices=("polling", "webhook"), default="polling")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--questions", type=int, default=5, help="questions per user")
    parser.add_argument("--rounds", type=int, default=3, help="alternating echo/bot rounds; medians are reported")
    parser.add_argument(
        "--echo-request",
        choices=("httpx", "aiohttp"),
        default="httpx",
        help="the echo bot's HTTP backend: python-telegram-bot's default, or the bot's own (handlers/http.py)",
    )
    args = parser.parse_args()
    ECHO_REQUEST["backend"] = args.echo_request
    logging.basicConfig(level=logging.WARNING)
    for name in ("httpx", "telegram", "handlers", "bot"):
        logging.getLogger(name).setLevel(logging.WARNING)
    scenario = {"throughput": throughput, "cap": cap, "workers": workers}[args.scenario]
    print(json.dumps(await scenario(args)))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
