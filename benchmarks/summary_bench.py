#!/usr/bin/env python3
"""Officials' summary at scale: 10,000 units, each with a confirmed report of the full form
(34 figures, with history rows), on a temporary SQLite database.

Times what an official's /tonghop and /xuat do (load from the tables, compute, render the
Telegram text; build the .xlsx and .csv) and the peak memory of that work (tracemalloc).
Targets: < 2 s and < 300 MB. The last line printed is a JSON object with every figure.

    python benchmarks/summary_bench.py [--units 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import resource
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


async def main(units: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3")
        try:
            await upgrade_async(db)
            started = time.perf_counter()
            await seed(db, units)
            seed_seconds = time.perf_counter() - started
            plans = {plan.id: plan for plan in load_plans()}
            now = dt.datetime(2025, 10, 16, 17, 0, tzinfo=VN)
            desk = OfficialsDesk(db, plans, ManualClock(now), ScheduleConfig(tz=VN))
            await desk.summary(PLAN)  # warm-up: connections, imports, statement caches

            tracemalloc.start()
            started = time.perf_counter()
            summary, _data = await desk.summary(PLAN)
            chunks = render_summary(summary)
            summary_seconds = time.perf_counter() - started
            export = await desk.export(PLAN)
            total_seconds = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            await db.dispose()
    peak_mb = peak / 2**20
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result: dict[str, object] = {
        "units": units,
        "reported": summary.reported,
        "seed_seconds": round(seed_seconds, 2),
        "summary_seconds": round(summary_seconds, 3),
        "summary_and_export_seconds": round(total_seconds, 3),
        "summary_messages": len(chunks),
        "xlsx_bytes": len(export.xlsx),
        "csv_bytes": len(export.csv),
        "peak_traced_mb": round(peak_mb, 1),
        "max_rss_mb": round(rss_mb, 1),
        "target_seconds": TARGET_SECONDS,
        "target_mb": TARGET_MB,
        "ok": total_seconds < TARGET_SECONDS and peak_mb < TARGET_MB,
    }
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    args = parser.parse_args()
    figures = asyncio.run(main(args.units))
    print(
        f"{figures['units']} units ({figures['reported']} reported): summary {figures['summary_seconds']} s, "
        f"summary + xlsx + csv {figures['summary_and_export_seconds']} s (target < {TARGET_SECONDS} s); "
        f"peak {figures['peak_traced_mb']} MB traced, {figures['max_rss_mb']} MB max RSS (target < {TARGET_MB} MB)"
    )
    print(json.dumps(figures, ensure_ascii=False))
