#!/usr/bin/env python3
"""Question-answering speed, in process: start-up (load + index), memory, p50/p99 per question.

Measures the five real plans, then a synthetic knowledge base of `--plans` plans made from them
(new localities, provinces and years). The synthetic plans are written as YAML files and loaded
with the real loader, so start-up counts what the bot does: load (YAML + validation) and index.
Each question is timed in wall time and in CPU time (`time.process_time`, which other processes on
a shared machine do not inflate); `--repeat` rounds give the spread (median, min–max).
Targets: p99 <= 2 ms (5 plans); with 1,000 plans p99 <= 10 ms, start-up <= 3 s, RSS <= 300 MB.
The last line printed is a JSON object with every figure.

Start-up is also measured as the bot starts, in fresh processes (`--startups` rounds, alternating):
cold (an empty CACHE_DIR: parse, validate, index, and write the cache) and warm (the cache the
cold start wrote: read back) and upgrade (that cache without its index: what new answering code
finds, since the parsed plans are keyed by the loader's code only — not so before 2026-12-04, where
new code of any kind meant a cold start). Each reports its wall and CPU time and resident memory.

    python benchmarks/qa_bench.py [--plans 1000] [--rounds 20] [--repeat 3] [--startups 3] [--no-yaml] [--repo DIR]

`--repo DIR` measures the `bot` package of another checkout (e.g. the main branch) with this same
script, so two versions can be compared in one run, alternately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
    "Dạ em chào ad, em là giáo viên ở {place}, cho em hỏi hạn gửi báo cáo kết quả là ngày nào ạ?",
    "{plac_typo} co may chuyen de",
]

SYLLABLES = (
    "an bình hòa phú tân thạnh long phước mỹ đông tây nam bắc trung hưng thịnh lộc quang minh "
    "sơn hải thủy lâm đức tài hiệp nghĩa xuân thu hạ vĩnh khánh gia lạc thuận thành"
).split()
PROVINCES = ["Tỉnh Một", "Tỉnh Hai", "Tỉnh Ba", "Tỉnh Bốn", "Tỉnh Năm", "Tỉnh Sáu", "Tỉnh Bảy", "Tỉnh Tám"]
TODAY = dt.date(2025, 10, 3)


def synthetic_plans(base: list[Any], count: int, seed: int = 7) -> list[Any]:
    """`count` plans cloned from the real ones with new names, provinces and years (every date of a
    plan moved by the same number of years, so each clone is a valid plan)."""
    rng = random.Random(seed)
    names: set[str] = set()
    plans: list[Any] = []
    while len(plans) < count:
        name = " ".join(rng.sample(SYLLABLES, 2)).title() + f" {len(plans) + 1}"
        if name in names:
            continue
        names.add(name)
        source = base[len(plans) % len(base)]
        shift = rng.choice([-2, -1, 0, 1, 2])

        def move(day: dt.date | None, years: int = shift) -> dt.date | None:
            return day.replace(year=day.year + years) if day else None

        def moved(ceremony: Any) -> Any:
            return ceremony.model_copy(update={"date": move(ceremony.date)}) if ceremony else None

        locality = source.locality.model_copy(update={"name": name, "province": rng.choice(PROVINCES), "aliases": []})
        period = source.period.model_copy(update={"start": move(source.period.start), "end": move(source.period.end)})
        document = source.document.model_copy(update={"date": move(source.document.date)})
        plans.append(
            source.model_copy(
                update={
                    "id": f"syn-{len(plans) + 1:04d}",
                    "year": source.year + shift,
                    "locality": locality,
                    "period": period,
                    "document": document,
                    "special_sessions": [s.model_copy(update={"date": move(s.date)}) for s in source.special_sessions],
                    "reporting": [r.model_copy(update={"deadline": move(r.deadline)}) for r in source.reporting],
                    "opening": moved(source.opening),
                    "closing": moved(source.closing),
                    "other_ceremonies": [moved(c) for c in source.other_ceremonies],
                    "based_on": [b.model_copy(update={"date": move(b.date)}) for b in source.based_on],
                }
            )
        )
    return plans


def write_yaml(plans: list[Any], directory: Path) -> None:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for plan in plans:
        data = json.loads(plan.model_dump_json(by_alias=True, exclude_none=True))
        text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
        (directory / f"{plan.id}.yaml").write_text(text, encoding="utf-8")


def _typo(name: str) -> str:
    """The name with its last letter dropped ("an binh" -> "an bin"), as people mistype it."""
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    return name[: letters[-1]] + name[letters[-1] + 1 :] if letters else name


def questions(places: list[str], rounds: int) -> list[str]:
    rng = random.Random(1)
    out = []
    for _ in range(rounds):
        for template in QUESTIONS:
            place = rng.choice(places)
            out.append(template.format(place=place, plac_typo=_typo(place)))
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(engine: Any, asked: list[str]) -> dict[str, float]:
    """Wall and CPU time per question (ms), each question once, in order."""
    for question in asked[:20]:
        engine.answer(question, today=TODAY)  # warm caches
    wall, cpu = [], []
    gc.collect()
    gc.disable()
    try:
        for question in asked:
            w0, c0 = time.perf_counter(), time.process_time()
            engine.answer(question, today=TODAY)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
    finally:
        gc.enable()
    return {
        "p50_ms": round(statistics.median(wall), 3),
        "p99_ms": round(percentile(wall, 0.99), 3),
        "cpu_p50_ms": round(statistics.median(cpu), 3),
        "cpu_p99_ms": round(percentile(cpu, 0.99), 3),
        "max_ms": round(max(wall), 3),
        "qps": round(len(asked) / (sum(wall) / 1000), 1),
    }


def spread(rounds: list[dict[str, float]]) -> dict[str, Any]:
    """Median of each figure over the rounds, with its range."""
    out: dict[str, Any] = {}
    for key in rounds[0]:
        values = [r[key] for r in rounds]
        out[key] = round(statistics.median(values), 3)
        out[f"{key}_range"] = [round(min(values), 3), round(max(values), 3)]
    return out


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # peak, where /proc is absent


def startup_child(repo: Path, folder: Path, cache_dir: Path) -> int:
    """One start-up in this fresh process: the plans (through the cache) and the engine; JSON out."""
    w0 = time.perf_counter()
    sys.path.insert(0, str(repo.resolve()))
    import inspect

    from bot.kb.loader import load_plans
    from bot.qa.engine import Engine

    w1, c1 = time.perf_counter(), time.process_time()
    if "cache" in inspect.signature(load_plans).parameters:  # a checkout with CACHE_DIR
        from bot.cache import DiskCache

        cache = DiskCache(cache_dir)
        plans = load_plans(folder, cache)
        w2, c2 = time.perf_counter(), time.process_time()
        engine = Engine(plans, cache)
    else:
        plans = load_plans(folder)
        w2, c2 = time.perf_counter(), time.process_time()
        engine = Engine(plans)
    w3, c3 = time.perf_counter(), time.process_time()
    figures = {
        "import_s": round(w1 - w0, 3),
        "load_s": round(w2 - w1, 3),
        "index_s": round(w3 - w2, 3),
        "total_s": round(w3 - w1, 3),
        "load_cpu_s": round(c2 - c1, 3),
        "index_cpu_s": round(c3 - c2, 3),
        "total_cpu_s": round(c3 - c1, 3),
        "rss_mb": rss_mb(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "plans": len(engine.plans),
    }
    print(json.dumps(figures))
    return 0


def startups(repo: Path, folder: Path, rounds: int) -> dict[str, Any]:
    """Cold and warm start-ups in fresh processes, alternating (see the module)."""
    import subprocess

    runs: dict[str, list[dict[str, float]]] = {"cold": [], "warm": [], "upgrade": []}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as cache_dir:
            for kind, found in runs.items():
                if kind == "upgrade":  # new answering code: its index is not in the cache (the parse is)
                    (Path(cache_dir) / "index.pickle").unlink(missing_ok=True)
                command = [sys.executable, __file__, "--startup-child", str(folder), cache_dir, "--repo", str(repo)]
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                found.append(json.loads(done.stdout.splitlines()[-1]))
    return {kind: spread(found) for kind, found in runs.items()}


def main() -> int:
    if len(sys.argv) > 3 and sys.argv[1] == "--startup-child":
        repo = Path(sys.argv[sys.argv.index("--repo") + 1]) if "--repo" in sys.argv else Path(__file__).parents[1]
        return startup_child(repo, Path(sys.argv[2]), Path(sys.argv[3]))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plans", type=int, default=1000, help="size of the synthetic knowledge base")
    parser.add_argument("--rounds", type=int, default=20, help="times each question template is asked per round")
    parser.add_argument("--repeat", type=int, default=3, help="measurement rounds (figures are their median)")
    parser.add_argument("--startups", type=int, default=3, help="cold/warm start-ups in fresh processes (0: none)")
    parser.add_argument("--no-yaml", action="store_true", help="index the synthetic plans from memory (no YAML load)")
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1], help="checkout measured")
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))

    from bot.kb.loader import load_plans
    from bot.qa.engine import Engine

    w0, c0 = time.perf_counter(), time.process_time()
    real = load_plans(args.repo / "knowledge" / "plans")
    engine = Engine(real)
    small_start = {"s": round(time.perf_counter() - w0, 3), "cpu_s": round(time.process_time() - c0, 3)}
    asked = questions([p.locality.name for p in real], args.rounds)
    five = spread([measure(engine, asked) for _ in range(args.repeat)])
    print(
        f"5 plans: start-up {small_start['s']} s; p50 {five['p50_ms']} ms, p99 {five['p99_ms']} ms "
        f"(range {five['p99_ms_range']}), CPU p99 {five['cpu_p99_ms']} ms"
    )

    synthetic = synthetic_plans(real, args.plans)
    with tempfile.TemporaryDirectory() as folder:
        if not args.no_yaml:
            write_yaml(synthetic, Path(folder))
        del engine
        gc.collect()
        base_rss = rss_mb()
        w0, c0 = time.perf_counter(), time.process_time()
        plans = synthetic if args.no_yaml else load_plans(Path(folder))
        w1, c1 = time.perf_counter(), time.process_time()
        big = Engine(plans)
        w2, c2 = time.perf_counter(), time.process_time()
        fresh = startups(args.repo, Path(folder), args.startups) if args.startups and not args.no_yaml else None
    del synthetic
    gc.collect()
    start = {
        "load_s": round(w1 - w0, 3),
        "index_s": round(w2 - w1, 3),
        "total_s": round(w2 - w0, 3),
        "load_cpu_s": round(c1 - c0, 3),
        "index_cpu_s": round(c2 - c1, 3),
        "total_cpu_s": round(c2 - c0, 3),  # what other processes on a shared machine do not inflate much
        "rss_mb": rss_mb(),
        "rss_before_mb": base_rss,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    asked = questions([p.locality.name for p in plans], args.rounds)
    many = spread([measure(big, asked) for _ in range(args.repeat)])
    print(
        f"{args.plans} plans: start-up {start['total_s']} s (load {start['load_s']} s + index {start['index_s']} s; "
        f"CPU {start['load_cpu_s']} + {start['index_cpu_s']} = {start['total_cpu_s']} s), RSS {start['rss_mb']} MB; "
        f"p50 {many['p50_ms']} ms, p99 {many['p99_ms']} ms (range {many['p99_ms_range']}), "
        f"CPU p99 {many['cpu_p99_ms']} ms"
    )
    if fresh is not None:
        for kind in ("cold", "warm", "upgrade"):
            run = fresh[kind]
            print(
                f"{args.plans} plans, {kind} start-up in a fresh process ({args.startups} rounds): "
                f"{run['total_s']} s (range {run['total_s_range']}; load {run['load_s']} s + index {run['index_s']} s; "
                f"CPU {run['total_cpu_s']} s), RSS {run['rss_mb']} MB (range {run['rss_mb_range']}), "
                f"peak {run['peak_rss_mb']} MB"
            )
    targets = {
        "p99_5_plans_2ms": five["p99_ms"] <= 2.0,
        f"p99_{args.plans}_plans_10ms": many["p99_ms"] <= 10.0,
        f"startup_{args.plans}_plans_3s": start["total_s"] <= 3.0,
        f"rss_{args.plans}_plans_300mb": start["rss_mb"] <= 300,
    }
    if fresh is not None:  # as the bot starts: with the cache (warm), and the first time (cold)
        targets[f"startup_warm_{args.plans}_plans_3s"] = fresh["warm"]["total_s"] <= 3.0
        targets[f"rss_warm_{args.plans}_plans_300mb"] = fresh["warm"]["rss_mb"] <= 300
        targets[f"startup_cold_{args.plans}_plans_3s"] = fresh["cold"]["total_s"] <= 3.0
        targets[f"rss_cold_{args.plans}_plans_300mb"] = fresh["cold"]["rss_mb"] <= 300
        targets[f"startup_upgrade_{args.plans}_plans_3s"] = fresh["upgrade"]["total_s"] <= 3.0
    figures = {
        "repo": str(args.repo),
        "questions_per_round": len(asked),
        "repeat": args.repeat,
        "plans_5": {"startup": small_start, **five},
        f"plans_{args.plans}": {"startup": start, **many, "yaml": not args.no_yaml},
        "fresh_process_startup": fresh,
        "targets_met": targets,
    }
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
