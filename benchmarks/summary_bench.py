#!/usr/bin/env python3
"""Officials' summary at scale: 10,000 units, each with a confirmed report of the full form
(34 figures, with history rows), on a temporary SQLite database.

Times what an official's /tonghop and /xuat do (load from the tables, compute, render the
Telegram text; build the .xlsx and .csv), then measures the peak memory of that work
(tracemalloc, in a second pass, and the process's max RSS; seeding runs in a child process).
Targets: < 2 s and < 300 MB. The last line printed is a JSON object with every figure.

    python benchmarks/summary_bench.py [--units 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.clock import ManualClock
from bot.db.migrate import upgrade_async
from bot.db.models import Submission, SubmissionHistory, SubmissionValue, Unit
from bot.db.session import Database
from bot.kb.loader import load_plans
from bot.reports.form import DEFAULT_FORM_PATH, load_form
from bot.summary.build import render_summary
from bot.summary.schedule import OfficialsDesk, ScheduleConfig

PLAN = "namtrieu-2025"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TARGET_SECONDS = 2.0
TARGET_MB = 300.0


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
            subs.append(
                {
                    "id": i + 1,
                    "unit_id": f"u{i:05d}",
                    "plan_id": PLAN,
                    "form_id": form.id,
                    "status": "confirmed" if i % 10 else "draft",
                    "version": 1,
                    "confirmed_at": when,
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


async def measure(path: str, units: int) -> dict[str, object]:
    """Time the two paths on the seeded database, then measure their peak memory in a second pass."""
    db = Database(f"sqlite+aiosqlite:///{path}")
    try:
        plans = {plan.id: plan for plan in load_plans()}
        now = dt.datetime(2025, 10, 16, 17, 0, tzinfo=VN)
        desk = OfficialsDesk(db, plans, ManualClock(now), ScheduleConfig(tz=VN))
        await desk.summary(PLAN)  # warm-up: connections, imports, statement caches
        gc.collect()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        started = time.perf_counter()
        summary, _data = await desk.summary(PLAN)  # /tonghop
        chunks = render_summary(summary)
        summary_seconds = time.perf_counter() - started
        export = await desk.export(PLAN)  # /xuat
        total_seconds = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        gc.collect()
        tracemalloc.start()
        await desk.summary(PLAN)
        await desk.export(PLAN)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        await db.dispose()
    peak_mb = peak / 2**20
    return {
        "units": units,
        "reported": summary.reported,
        "summary_seconds": round(summary_seconds, 3),
        "export_seconds": round(total_seconds - summary_seconds, 3),
        "summary_and_export_seconds": round(total_seconds, 3),
        "summary_messages": len(chunks),
        "xlsx_bytes": len(export.xlsx),
        "csv_bytes": len(export.csv),
        "peak_traced_mb": round(peak_mb, 1),
        "max_rss_mb": round(rss_after, 1),
        "rss_growth_mb": round(rss_after - rss_before, 1),
        "target_seconds": TARGET_SECONDS,
        "target_mb": TARGET_MB,
        "ok": total_seconds < TARGET_SECONDS and peak_mb < TARGET_MB and rss_after < TARGET_MB,
    }


async def seed_file(path: str, units: int) -> None:
    db = Database(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade_async(db)
        await seed(db, units)
    finally:
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--seed-only", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        asyncio.run(seed_file(args.seed_only, args.units))
        sys.exit(0)
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/bench.sqlite3"
        started = time.perf_counter()
        # Seeded in a child process, so this process's peak memory is the measured work's only.
        subprocess.run([sys.executable, __file__, "--units", str(args.units), "--seed-only", path], check=True)
        seed_seconds = time.perf_counter() - started
        figures = asyncio.run(measure(path, args.units))
    figures["seed_seconds"] = round(seed_seconds, 1)
    print(
        f"{figures['units']} units ({figures['reported']} reported): /tonghop {figures['summary_seconds']} s, "
        f"/xuat {figures['export_seconds']} s, together {figures['summary_and_export_seconds']} s "
        f"(target < {TARGET_SECONDS} s); peak {figures['peak_traced_mb']} MB traced, "
        f"{figures['max_rss_mb']} MB max RSS (target < {TARGET_MB} MB)"
    )
    print(json.dumps(figures, ensure_ascii=False))
