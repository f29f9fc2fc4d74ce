#!/usr/bin/env python3
"""Publishing without a restart: how soon a plan answers after "Đăng", and how long a reload takes.

1. Đăng → first answer: the real bot over the fake Bot API on SQLite; an admin sends the Tân Phú
   plan (PDF), corrects its theme, presses "Đăng"; a citizen asks about it every 0.1 s until the
   answer carries the new theme. With the five real plans in PLANS_DIR, and once with 1,000.
2. Reload: `CatalogueReloader.reload()` (read every file, merge, build the engine, swap) for 5 and
   1,000 plans (synthetic ones from benchmarks/qa_bench.py, written as YAML files).
3. Answering during a 1,000-plan rebuild: the engine in service answers on the event loop while
   the new one is built in a thread; p50/p99 beside the same questions when idle.

The last line printed is a JSON object with every figure (median, min, max).

    python benchmarks/publish_bench.py [--rounds 5] [--plans 1000] [--skip-big-publish]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from qa_bench import QUESTIONS, synthetic_plans  # noqa: E402

from bot.catalog import LiveKnowledge  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.db.migrate import upgrade_async  # noqa: E402
from bot.db.session import Database  # noqa: E402
from bot.kb.importer import plan_yaml  # noqa: E402
from bot.kb.loader import DEFAULT_PLANS_DIR, load_plans  # noqa: E402
from bot.kb.schema import Plan  # noqa: E402
from bot.publish.catalogue import Sources, build  # noqa: E402
from bot.publish.reloader import CatalogueReloader  # noqa: E402
from bot.text import fold  # noqa: E402
from bot.work import Postman  # noqa: E402
from tests.fake_bot_api import FakeBotAPI  # noqa: E402
from tests.harness import running_bot, vn_time  # noqa: E402

ADMIN, CITIZEN = 9001, 4242
PDF = ROOT / "tests" / "data" / "import" / "xa-tanphu-2026.pdf"
QUESTION = "chủ đề tuần lễ ở xã Tân Phú năm 2026 là gì?"


def spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "n": len(values),
    }


def write_plans(folder: Path, count: int) -> None:
    """The five real plans, or `count` synthetic ones, as YAML files the loader accepts."""
    folder.mkdir(parents=True, exist_ok=True)
    real = load_plans()
    if count <= len(real):
        for path in DEFAULT_PLANS_DIR.glob("*.yaml"):
            shutil.copy(path, folder / path.name)
        return
    for plan in synthetic_plans(real, count):
        plan = _closing_moved(plan)
        data = plan.model_dump(mode="json", by_alias=True)
        (folder / f"{plan.id}.yaml").write_text(plan_yaml(data, "benchmark"), encoding="utf-8")


def _closing_moved(plan: Plan) -> Plan:
    """qa_bench moves the period by whole years but not the closing: move it too (else it is 'far')."""
    if plan.closing is None or plan.closing.date is None or plan.period is None:
        return plan
    shift = plan.period.start.year - plan.closing.date.year
    if abs(shift) < 1:
        return plan
    closing = plan.closing.model_copy(update={"date": plan.closing.date.replace(year=plan.closing.date.year + shift)})
    return plan.model_copy(update={"closing": closing})


# -- 1. Đăng -> first answer ---------------------------------------------------------------------------------


def has(*parts: str):
    return lambda m: all(p in fold(m.text or "") for p in parts)


async def publish_to_answer(folder: Path, rounds: int, work: Path) -> list[float]:
    db_path = work / f"publish-{folder.name}.sqlite3"
    db = Database(f"sqlite+aiosqlite:///{db_path}")
    await upgrade_async(db)
    clock = ManualClock(vn_time(2026, 9, 25, 9, 0))
    seconds: list[float] = []
    try:
        async with (
            FakeBotAPI(username="htsd_bench_bot") as server,
            running_bot(server, db, clock=clock, BOT_ADMINS=str(ADMIN), PLANS_DIR=str(folder), RATE_LIMIT_PER_SECOND=0),
        ):
            for round_ in range(rounds):
                theme = f"Chủ đề thử nghiệm số {round_ + 1} của xã Tân Phú"
                server.send_document(ADMIN, "xa-tanphu-2026.pdf", PDF.read_bytes(), mime_type="application/pdf")
                summary = await server.wait_for_message(ADMIN, has("ban nhap ke hoach"), timeout=120)
                draft = summary.callback_data[1].rsplit(":", 1)[1]
                server.press_button(ADMIN, summary, f"pl:fix:{draft}")
                await server.wait_for_message(ADMIN, has("go cac sua doi"), timeout=60)
                server.send_text(ADMIN, f"chủ đề: {theme}")
                corrected = await server.wait_for_message(ADMIN, has("da sua"), timeout=60)
                started = time.monotonic()
                server.press_button(ADMIN, corrected, f"pl:pub:{draft}")
                while True:
                    server.send_text(CITIZEN, QUESTION)
                    answer = await server.wait_for_message(CITIZEN, timeout=120)
                    if theme in (answer.text or ""):
                        break
                    await asyncio.sleep(0.1)
                seconds.append(time.monotonic() - started)
                print(f"  round {round_ + 1}: answered from the new version {seconds[-1]:.2f} s after Đăng")
    finally:
        await db.dispose()
    return seconds


# -- 2. reload ------------------------------------------------------------------------------------------------


async def reload_times(folder: Path, rounds: int, work: Path) -> tuple[dict[str, list[float]], LiveKnowledge]:
    """Seconds per reload: every file parsed (a cold start of the files), and one file changed."""
    db = Database(f"sqlite+aiosqlite:///{work / f'reload-{folder.name}.sqlite3'}")
    await upgrade_async(db)
    sources = Sources(folder, None)
    live = LiveKnowledge((await asyncio.to_thread(build, sources, [])).knowledge)
    clock = ManualClock(vn_time(2026, 9, 25, 9, 0))
    reloader = CatalogueReloader(live, db, sources, Postman(db, clock, "bench"), frozenset())
    seconds: dict[str, list[float]] = {"every_file": [], "one_file_changed": []}
    victim = sorted(folder.glob("*.yaml"))[0]
    try:
        for round_ in range(rounds):
            for kind in seconds:
                if kind == "every_file":
                    reloader.file_set = None
                else:
                    victim.write_text(victim.read_text(encoding="utf-8") + f"# {round_}\n", encoding="utf-8")
                started = time.perf_counter()
                outcome = await reloader.reload()
                assert outcome.ok, outcome.problems
                seconds[kind].append(time.perf_counter() - started)
    finally:
        await db.dispose()
    return seconds, live


# -- 3. answering during a rebuild ------------------------------------------------------------------------------


def latencies(live: LiveKnowledge, places: list[str], count: int) -> list[float]:
    rng = random.Random(3)
    out = []
    for _ in range(count):
        question = rng.choice(QUESTIONS).format(place=rng.choice(places))
        started = time.perf_counter()
        live.current.engine.answer(question, today=dt.date(2025, 10, 3))
        out.append((time.perf_counter() - started) * 1000)
    return out


async def answering_during_rebuild(folder: Path, live: LiveKnowledge) -> dict[str, dict[str, float]]:
    places = [p.locality.name for p in live.catalog.plans.values()]
    idle = latencies(live, places, 400)
    during: list[float] = []
    rebuild = asyncio.create_task(asyncio.to_thread(build, Sources(folder, None), []))
    while not rebuild.done():
        during += latencies(live, places, 20)
        await asyncio.sleep(0)  # the event loop keeps turning: an answer per handler, as in the bot
    await rebuild

    def summary(values: list[float]) -> dict[str, float]:
        values = sorted(values)
        return {
            "p50_ms": round(statistics.median(values), 2),
            "p99_ms": round(values[int(len(values) * 0.99) - 1], 2),
            "max_ms": round(values[-1], 2),
            "n": len(values),
        }

    return {"idle": summary(idle), "during_rebuild": summary(during)}


async def run(args: argparse.Namespace) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="htsd-publish-bench-"))
    try:
        small, big = work / "plans-5", work / f"plans-{args.plans}"
        write_plans(small, 5)
        started = time.perf_counter()
        write_plans(big, args.plans)
        print(f"wrote {args.plans} synthetic plan files in {time.perf_counter() - started:.1f} s")

        print("Đăng -> first answer, 5 plans in service:")
        publish_small = await publish_to_answer(small, args.rounds, work)
        publish_big: list[float] = []
        if not args.skip_big_publish:
            print(f"Đăng -> first answer, {args.plans} plans in service:")
            publish_big = await publish_to_answer(big, 1, work)

        reload_small, _ = await reload_times(small, max(args.rounds, 3), work)
        reload_big, live_big = await reload_times(big, 2, work)
        for count, found in ((5, reload_small), (args.plans, reload_big)):
            print(
                f"reload, {count} plans: every file parsed {statistics.median(found['every_file']):.2f} s, "
                f"one file changed {statistics.median(found['one_file_changed']):.2f} s (medians)"
            )
        answering = await answering_during_rebuild(big, live_big)
        print(
            f"answering ({args.plans} plans): idle p50 {answering['idle']['p50_ms']} ms / "
            f"p99 {answering['idle']['p99_ms']} ms; during a rebuild p50 {answering['during_rebuild']['p50_ms']} ms / "
            f"p99 {answering['during_rebuild']['p99_ms']} ms / max {answering['during_rebuild']['max_ms']} ms"
        )
        figures: dict[str, object] = {
            "publish_to_answer_s_5_plans": spread(publish_small),
            "reload_s_5_plans": {kind: spread(values) for kind, values in reload_small.items()},
            f"reload_s_{args.plans}_plans": {kind: spread(values) for kind, values in reload_big.items()},
            f"answering_during_rebuild_{args.plans}_plans": answering,
        }
        if publish_big:
            figures[f"publish_to_answer_s_{args.plans}_plans"] = spread(publish_big)
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="publish rounds with the five plans")
    parser.add_argument("--plans", type=int, default=1000, help="size of the large catalogue")
    parser.add_argument("--skip-big-publish", action="store_true", help="no publish round with the large catalogue")
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
