#!/usr/bin/env python3
"""Officials' documents at scale: 10,000 units, 9,000 with a confirmed report of the full form
(34 figures, with history rows) and 1,000 drafts, on a temporary SQLite database.

Measures, over several rounds (median, min and max reported, since this machine is shared):

* one request that loads the data once and builds everything an official gets: the summary
  messages, the chart, the .docx report, the .xlsx and the .csv (the target: < 2 s), with the
  time of each part;
* /tonghop and /xuat as the bot runs them (each read and built in the document worker process);
* how late the event loop runs while /xuat builds in its thread: a 5 ms ticker's lateness, p95
  and max;
* citizens' answer latency while /xuat runs for all the units, against a baseline without it in
  the same run (alternating rounds; median of the rounds, min and max): questions arrive at a
  steady rate (`--rate`) and each is answered by the real engine through `CitizenDesk.ask`, the
  path the bot's text handler takes (profile read, conversation, engine, conversation and question
  log written to the same database). Latency runs from the question's arrival to its answer, so a
  loop held by the export counts in full. The ratio is p95 during /xuat over the baseline's;
* peak memory of the one-request pass (tracemalloc), the process's max RSS (seeding runs in a
  child process) and the document worker process's (`bot.summary.worker`: /tonghop and /xuat
  read and build there). Targets: < 2 s and < 300 MB. The last line printed is a JSON object.

    python benchmarks/summary_bench.py [--units 10000] [--rounds 5] [--rate 20]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from citizen_questions import QUESTIONS
from sqlalchemy import insert

from bot.catalog import Catalog, Knowledge, LiveKnowledge
from bot.citizens import CitizenDesk, Person
from bot.clock import ManualClock
from bot.db.migrate import upgrade_async
from bot.db.models import Submission, SubmissionHistory, SubmissionValue, Unit
from bot.db.session import Database
from bot.reports.form import DEFAULT_FORM_PATH, load_form
from bot.summary import worker
from bot.summary.build import render_summary
from bot.summary.chart import render_chart
from bot.summary.documents import build_docx_report, summarize
from bot.summary.export import build_csv, build_xlsx
from bot.summary.schedule import OfficialsDesk, ScheduleConfig
from bot.work import Postman

PLAN = "namtrieu-2025"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TARGET_SECONDS = 2.0
TARGET_MB = 300.0
TICK_SECONDS = 0.005
CITIZENS = 50


async def seed(db: Database, units: int) -> None:
    form = load_form(DEFAULT_FORM_PATH)
    rng = random.Random(5)
    base = dt.datetime(2025, 10, 3, 8, 0, tzinfo=VN)
    async with db.transaction() as session:
        await session.execute(
            insert(Unit),
            [{"id": f"u{i:05d}", "plan_id": PLAN, "name": f"Trường số {i}", "kind": "school"} for i in range(units)],
        )
        subs, values, history = [], [], []
        for i in range(units):
            when = base + dt.timedelta(minutes=rng.randrange(0, 14 * 24 * 60))
            confirmed = bool(i % 10)
            subs.append(
                {
                    "id": i + 1,
                    "unit_id": f"u{i:05d}",
                    "plan_id": PLAN,
                    "form_id": form.id,
                    "status": "confirmed" if confirmed else "draft",
                    "version": 1 if confirmed else 0,
                    "confirmed_at": when if confirmed else None,
                    "confirmed_by": None,
                    "late": False,
                    "created_at": when,
                    "updated_at": when,
                }
            )
            for indicator in form.indicators:
                value = rng.randint(0, 1) if indicator.kind == "yesno" else rng.randint(0, 50)
                values.append({"submission_id": i + 1, "indicator_key": indicator.key, "value": value})
                history.append(
                    {
                        "submission_id": i + 1,
                        "unit_id": f"u{i:05d}",
                        "indicator_key": indicator.key,
                        "old_value": None,
                        "new_value": value,
                        "changed_by": None,
                        "changed_at": when,
                        "version": 1,
                    }
                )
        await session.execute(insert(Submission), subs)
        await session.execute(insert(SubmissionValue), values)
        await session.execute(insert(SubmissionHistory), history)


async def one_request(desk: OfficialsDesk) -> dict[str, float]:
    """Load once, then every document; the seconds of each part."""
    parts: dict[str, float] = {}
    started = time.perf_counter()
    inputs = await desk.inputs(PLAN)
    parts["load"] = time.perf_counter() - started

    def timed(name: str, work: Callable[[], Any]) -> Any:
        begin = time.perf_counter()
        result = work()
        parts[name] = time.perf_counter() - begin
        return result

    summary = timed("compute", lambda: summarize(inputs))
    timed("summary_text", lambda: render_summary(summary))
    plan, form = inputs.plan, inputs.form
    timed("chart", lambda: render_chart(plan, summary, inputs.data, VN, inputs.now))
    timed("docx", lambda: build_docx_report(inputs, summary))
    timed("xlsx", lambda: build_xlsx(plan, form, summary, inputs.data, VN, inputs.now))
    timed("csv", lambda: build_csv(plan, form, summary, VN))
    parts["total"] = time.perf_counter() - started
    return parts


async def loop_lateness_during(work: Awaitable[Any]) -> list[float]:
    """How late a TICK_SECONDS ticker wakes up while `work` runs (seconds, one per tick)."""
    late: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        loop = asyncio.get_running_loop()
        while not done.is_set():
            expected = loop.time() + TICK_SECONDS
            await asyncio.sleep(TICK_SECONDS)
            late.append(max(0.0, loop.time() - expected))

    task = asyncio.create_task(ticker())
    try:
        await work
    finally:
        done.set()
        await task
    return late


async def citizens_asking(
    citizens: CitizenDesk, rate: float, until: asyncio.Future[Any] | float, first_question: int
) -> list[float]:
    """Questions arrive every 1/rate s (open loop: an arrival does not wait for earlier answers)
    until `until` is done (a task) or that many seconds have passed; each one's seconds from its
    arrival to its answer."""
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    pending: list[asyncio.Task[None]] = []

    async def ask(number: int, arrived: float) -> None:
        person = Person(id=700_000 + number % CITIZENS, first_name="Dân")
        await citizens.ask(person, QUESTIONS[number % len(QUESTIONS)], "private", chat_id=person.id)
        latencies.append(loop.time() - arrived)

    started = loop.time()
    number = first_question
    while True:
        arrival = started + (number - first_question) / rate
        if isinstance(until, float) and arrival - started >= until:
            break
        delay = arrival - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        if not isinstance(until, float) and until.done():
            break
        pending.append(asyncio.create_task(ask(number, arrival)))
        number += 1
    await asyncio.gather(*pending)
    return latencies


async def citizens_rounds(desk: OfficialsDesk, citizens: CitizenDesk, rounds: int, rate: float) -> dict[str, object]:
    """Alternating rounds: citizens alone for as long as the last /xuat took, and citizens while
    /xuat runs; p95 latency of each round."""
    alone: list[float] = []
    during: list[float] = []
    answered = {"alone": 0, "during": 0}
    started = time.perf_counter()
    await desk.export(PLAN)
    window = time.perf_counter() - started
    await citizens_asking(citizens, rate, 1.0, 0)  # warm-up: the engine's caches, the users' rows
    number = 1_000
    for index in range(rounds):
        for kind in ("alone", "during") if index % 2 == 0 else ("during", "alone"):
            if kind == "alone":
                found = await citizens_asking(citizens, rate, window, number)
                alone.append(percentile(found, 0.95))
            else:
                started = time.perf_counter()
                export_task = asyncio.ensure_future(desk.export(PLAN))
                found = await citizens_asking(citizens, rate, export_task, number)
                await export_task
                window = time.perf_counter() - started
                during.append(percentile(found, 0.95))
            answered[kind] += len(found)
            number += len(found)
    ratios = [d / a for d, a in zip(during, alone, strict=True) if a > 0]
    return {
        "rate_per_s": rate,
        "alone_p95_ms": spread([v * 1000 for v in alone]),
        "during_xuat_p95_ms": spread([v * 1000 for v in during]),
        "ratio_p95": spread(ratios),
        "answered": answered,
    }


def max_rss_mb() -> float:
    """This process's peak resident memory (called in the document worker process too)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


async def measure(path: str, units: int, rounds: int, rate: float) -> dict[str, object]:
    db = Database(f"sqlite+aiosqlite:///{path}")
    try:
        knowledge = LiveKnowledge(Knowledge.build(Catalog.load()))
        clock = ManualClock(dt.datetime(2025, 10, 16, 17, 0, tzinfo=VN))
        desk = OfficialsDesk(db, knowledge, clock, ScheduleConfig(tz=VN), Postman(db, clock, "bench"))
        await one_request(desk)  # warm-up: connections, imports (matplotlib, python-docx), caches
        gc.collect()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        passes: list[dict[str, float]] = []
        summary_cmd: list[float] = []
        export_cmd: list[float] = []
        lateness: list[float] = []
        sizes: dict[str, int] = {}
        for _ in range(rounds):
            passes.append(await one_request(desk))
            started = time.perf_counter()
            chunks, png = await desk.summary_messages(PLAN)
            summary_cmd.append(time.perf_counter() - started)
            started = time.perf_counter()
            export_task = asyncio.ensure_future(desk.export(PLAN))
            lateness += await loop_lateness_during(export_task)
            export_cmd.append(time.perf_counter() - started)
            export = export_task.result()
            sizes = {
                "summary_messages": len(chunks),
                "png_bytes": len(png or b""),
                "docx_bytes": len(export.docx),
                "xlsx_bytes": len(export.xlsx),
                "csv_bytes": len(export.csv),
            }
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        citizens = await citizens_rounds(desk, CitizenDesk(knowledge, db, clock), rounds, rate)
        worker_rss = await asyncio.get_running_loop().run_in_executor(worker._executor(), max_rss_mb)
        gc.collect()
        tracemalloc.start()
        await one_request(desk)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        await db.dispose()
    totals = [p["total"] for p in passes]
    peak_mb = peak / 2**20
    median_total = statistics.median(totals)
    return {
        "units": units,
        "rounds": rounds,
        "one_request_seconds": spread(totals),
        "parts_median_seconds": {name: round(statistics.median(p[name] for p in passes), 3) for name in passes[0]},
        "tonghop_seconds": spread(summary_cmd),
        "xuat_seconds": spread(export_cmd),
        "tonghop_plus_xuat_median_seconds": round(statistics.median(summary_cmd) + statistics.median(export_cmd), 3),
        "loop_late_during_xuat_ms": {
            "p95": round(percentile(lateness, 0.95) * 1000, 1),
            "max": round(max(lateness, default=0.0) * 1000, 1),
            "ticks": len(lateness),
        },
        "citizens_during_xuat": citizens,
        **sizes,
        "peak_traced_mb": round(peak_mb, 1),
        "max_rss_mb": round(rss_after, 1),
        "rss_growth_mb": round(rss_after - rss_before, 1),
        "worker_max_rss_mb": round(worker_rss, 1),
        "target_seconds": TARGET_SECONDS,
        "target_mb": TARGET_MB,
        "ok": median_total < TARGET_SECONDS and peak_mb < TARGET_MB and max(rss_after, worker_rss) < TARGET_MB,
    }


async def seed_file(path: str, units: int) -> None:
    db = Database(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade_async(db)
        await seed(db, units)
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rate", type=float, default=20.0, help="citizens' questions per second")
    parser.add_argument("--seed-only", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--db", metavar="PATH", help="reuse a database seeded with --seed-only PATH")
    args = parser.parse_args()
    if args.seed_only:
        asyncio.run(seed_file(args.seed_only, args.units))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or f"{tmp}/bench.sqlite3"
        started = time.perf_counter()
        if not args.db:
            # seeded in a child process, so this process's peak memory is the measured work's only
            command = [sys.executable, __file__, "--units", str(args.units), "--seed-only", path]
            subprocess.run(command, check=True)
        seed_seconds = time.perf_counter() - started
        figures = asyncio.run(measure(path, args.units, args.rounds, args.rate))
    figures["seed_seconds"] = round(seed_seconds, 1)
    one = figures["one_request_seconds"]
    parts = figures["parts_median_seconds"]
    assert isinstance(one, dict) and isinstance(parts, dict)
    print(
        f"{figures['units']} units, {figures['rounds']} rounds: one request (load once; summary, chart, docx, "
        f"xlsx, csv) median {one['median']} s [min {one['min']}, max {one['max']}] (target < {TARGET_SECONDS} s)"
    )
    print("  parts (median s): " + ", ".join(f"{name} {value}" for name, value in parts.items()))
    print(
        f"  /tonghop {figures['tonghop_seconds']} s, /xuat {figures['xuat_seconds']} s; event loop late during "
        f"/xuat: {figures['loop_late_during_xuat_ms']} ms"
    )
    citizens = figures["citizens_during_xuat"]
    assert isinstance(citizens, dict)
    print(
        f"  citizens at {citizens['rate_per_s']} questions/s, answer p95 (ms, median [min, max] of the rounds): "
        f"alone {citizens['alone_p95_ms']}, during /xuat {citizens['during_xuat_p95_ms']}; "
        f"ratio {citizens['ratio_p95']}"
    )
    print(
        f"  peak {figures['peak_traced_mb']} MB traced, {figures['max_rss_mb']} MB max RSS, document worker "
        f"{figures['worker_max_rss_mb']} MB (target < {TARGET_MB} MB each); "
        f"docx {figures['docx_bytes']} B, xlsx {figures['xlsx_bytes']} B, png {figures['png_bytes']} B"
    )
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
