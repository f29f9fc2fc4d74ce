#!/usr/bin/env python3
"""Question-answering speed, in process: start-up, questions/s, p50/p99 latency.

Runs on the five real plans and on a synthetic knowledge base of 1,000 plans made
from them (new localities, provinces and years). Targets on a 2-core machine:
p99 <= 2 ms (5 plans), <= 10 ms (1,000 plans), start-up of the five plans < 1 s.
The last line printed is a JSON object with every figure.

    python benchmarks/qa_bench.py [--rounds N] [--plans 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.kb.loader import load_plans
from bot.kb.schema import Plan
from bot.qa.engine import Engine

QUESTIONS = [
    "chủ đề năm nay là gì?",
    "khai mac o dau",
    "hạn nộp báo cáo?",
    "Tuần lễ ở {place} diễn ra khi nào?",
    "chu de tuan le o {place} la gi",
    "{place} treo băng rôn khẩu hiệu ở đâu",
    "các trường ở {place} nộp bc trc ngày nào",
    "con may ngay nua thi tuan le o {place} bat dau",
    "ai ký kế hoạch của {place}",
    "thư viện ở {place} cần làm gì",
    "giá vàng hôm nay bao nhiêu",
    "{place} tổ chức những cuộc thi nào",
    "kinh phí tổ chức tuần lễ ở {place} lấy từ đâu",
    "thu 3 tuan nay {place} hoc chuyen de j",
]

SYLLABLES = (
    "an bình hòa phú tân thạnh long phước mỹ đông tây nam bắc trung hưng thịnh lộc quang minh "
    "sơn hải thủy lâm đức tài hiệp nghĩa xuân thu hạ vĩnh khánh gia lạc thuận thành"
).split()
PROVINCES = ["Tỉnh Một", "Tỉnh Hai", "Tỉnh Ba", "Tỉnh Bốn", "Tỉnh Năm", "Tỉnh Sáu", "Tỉnh Bảy", "Tỉnh Tám"]


def synthetic_plans(base: list[Plan], count: int, seed: int = 7) -> list[Plan]:
    """`count` plans cloned from the real ones with new names, provinces and years."""
    rng = random.Random(seed)
    names: set[str] = set()
    plans: list[Plan] = []
    while len(plans) < count:
        name = " ".join(rng.sample(SYLLABLES, 2)).title() + f" {len(plans) + 1}"
        if name in names:
            continue
        names.add(name)
        source = base[len(plans) % len(base)]
        shift = rng.choice([-2, -1, 0, 1, 2])
        locality = source.locality.model_copy(update={"name": name, "province": rng.choice(PROVINCES), "aliases": []})

        def move(day: dt.date | None, years: int = shift) -> dt.date | None:
            return day.replace(year=day.year + years) if day else None

        period = source.period.model_copy(update={"start": move(source.period.start), "end": move(source.period.end)})
        plans.append(
            source.model_copy(
                update={
                    "id": f"syn-{len(plans) + 1:04d}",
                    "year": source.year + shift,
                    "locality": locality,
                    "period": period,
                    "special_sessions": [s.model_copy(update={"date": move(s.date)}) for s in source.special_sessions],
                    "reporting": [r.model_copy(update={"deadline": move(r.deadline)}) for r in source.reporting],
                    "opening": source.opening.model_copy(update={"date": move(source.opening.date)})
                    if source.opening
                    else None,
                    "based_on": [b.model_copy(update={"date": move(b.date)}) for b in source.based_on],
                }
            )
        )
    return plans


def measure(engine: Engine, places: list[str], rounds: int, today: dt.date) -> dict[str, float]:
    rng = random.Random(1)
    asked = [q.format(place=rng.choice(places)) for _ in range(rounds) for q in QUESTIONS]
    for question in asked[:20]:
        engine.answer(question, today=today)  # warm caches
    timings = []
    gc.disable()
    start = time.perf_counter()
    for question in asked:
        t0 = time.perf_counter()
        engine.answer(question, today=today)
        timings.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - start
    gc.enable()
    timings.sort()
    return {
        "questions": len(asked),
        "qps": round(len(asked) / elapsed, 1),
        "p50_ms": round(statistics.median(timings), 3),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1], 3),
        "max_ms": round(timings[-1], 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=40, help="times each question template is asked")
    parser.add_argument("--plans", type=int, default=1000, help="size of the synthetic knowledge base")
    args = parser.parse_args()

    t0 = time.perf_counter()
    real = load_plans()
    loaded = time.perf_counter()
    engine = Engine(real)
    startup = {"load_s": round(loaded - t0, 3), "index_s": round(time.perf_counter() - loaded, 3)}
    startup["total_s"] = round(startup["load_s"] + startup["index_s"], 3)
    print(f"start-up, 5 plans: load {startup['load_s']} s + index {startup['index_s']} s = {startup['total_s']} s")
    five = measure(engine, [p.locality.name for p in real], args.rounds, dt.date(2025, 10, 3))
    print(f"5 plans:    {five['qps']} q/s, p50 {five['p50_ms']} ms, p99 {five['p99_ms']} ms")

    synthetic = synthetic_plans(real, args.plans)
    t1 = time.perf_counter()
    big_engine = Engine(synthetic)
    big_index = round(time.perf_counter() - t1, 3)
    big = measure(big_engine, [p.locality.name for p in synthetic], args.rounds, dt.date(2025, 10, 3))
    print(
        f"{args.plans} plans: {big['qps']} q/s, p50 {big['p50_ms']} ms, p99 {big['p99_ms']} ms "
        f"(index built in {big_index} s)"
    )
    targets = {
        "startup_under_1s": startup["total_s"] < 1.0,
        "p99_5_plans_under_2ms": five["p99_ms"] <= 2.0,
        "p99_1000_plans_under_10ms": big["p99_ms"] <= 10.0,
    }
    print(
        json.dumps(
            {
                "startup": startup,
                "plans_5": five,
                f"plans_{args.plans}": big | {"index_s": big_index},
                "targets_met": targets,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
