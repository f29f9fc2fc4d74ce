"""Start-up time and idle memory of `python run_bot.py`, beside a minimal python-telegram-bot echo bot.

Each round starts both processes (alternating) against the fake Bot API and measures the time from
spawning the process to its first `getUpdates` call, the CPU time the process used until then,
then its resident memory (VmRSS) after a second of idling. Targets on this 2-core machine: first
getUpdates <= 1.5 s, idle RSS <= 120 MB (five plans); with `--plans 1000`, first getUpdates <= 3 s
warm. The last line is JSON with the medians and spreads (max - min).

    python benchmarks/startup_bench.py [--rounds 5] [--plans-dir DIR | --plans N] [--cold] [--repo DIR]

`--plans-dir DIR`: the bot serves the plans of DIR; `--plans N`: N synthetic plans (as qa_bench.py
makes them) written to a temporary folder. Either way with a CACHE_DIR filled by the first start
(warm starts), or, with `--cold`, an empty one each time. `--repo DIR`: another checkout (e.g.
/work/main) started the same way in the same rounds, alternating, as a baseline ("base"); each
checkout has its own CACHE_DIR and database.
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


def cpu_s(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(
    command: list[str], env: dict[str, str], server: FakeBotAPI, cwd: Path = ROOT
) -> tuple[float, float, float]:
    """(seconds to the first getUpdates, CPU seconds used by then, idle RSS in MB)."""
    spawned = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        *command, cwd=cwd, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
    )
    try:
        while True:
            calls = [c for c in server.calls_to("getUpdates") if c.time >= spawned]
            if calls:
                first = calls[0].time - spawned
                cpu = cpu_s(process.pid)
                break
            if process.returncode is not None:
                raise RuntimeError(f"{command} exited with {process.returncode}")
            await asyncio.sleep(0.005)
        await asyncio.sleep(1.0)
        return first, cpu, rss_mb(process.pid)
    finally:
        process.terminate()
        await process.wait()


def synthetic_folder(count: int, folder: Path) -> Path:
    """`count` synthetic plans as YAML files (benchmarks/qa_bench.py's, made from the real plans)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from qa_bench import synthetic_plans, write_yaml

    from bot.kb.loader import load_plans

    folder.mkdir()
    write_yaml(synthetic_plans(load_plans(ROOT / "knowledge" / "plans"), count), folder)
    return folder


def figures(runs: list[tuple[float, float, float]]) -> dict[str, float]:
    starts, cpus, memory = ([run[i] for run in runs] for i in range(3))
    return {
        "first_getupdates_s": round(statistics.median(starts), 3),
        "start_spread_s": round(max(starts) - min(starts), 3),
        "cpu_s": round(statistics.median(cpus), 3),
        "cpu_spread_s": round(max(cpus) - min(cpus), 3),
        "idle_rss_mb": round(statistics.median(memory), 1),
        "rss_spread_mb": round(max(memory) - min(memory), 1),
    }


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plans-dir", type=Path, help="PLANS_DIR of the bot (default: knowledge/plans)")
    parser.add_argument("--plans", type=int, help="serve this many synthetic plans (instead of --plans-dir)")
    parser.add_argument("--cold", action="store_true", help="an empty CACHE_DIR at every start")
    parser.add_argument("--repo", type=Path, help="a baseline checkout measured in the same rounds")
    args = parser.parse_args()
    checkouts = {"bot": ROOT} | ({"base": args.repo.resolve()} if args.repo else {})
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in (*checkouts, "echo")}
    with tempfile.TemporaryDirectory() as folder:
        echo_file = Path(folder) / "echo_bot.py"
        echo_file.write_text(ECHO_BOT)
        plans_dir = synthetic_folder(args.plans, Path(folder) / "plans") if args.plans else args.plans_dir
        async with FakeBotAPI() as server:
            base_env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": folder,
                "TELEGRAM_BOT_TOKEN": server.token,
                "TELEGRAM_API_BASE_URL": server.base_url,
                "LOG_LEVEL": "WARNING",
            }
            if plans_dir:
                base_env |= {"PLANS_DIR": str(plans_dir.resolve()), "UNITS_FILE": ""}
            envs = {
                name: base_env
                | {"DATABASE_URL": f"sqlite:///{folder}/{name}.sqlite3", "CACHE_DIR": f"{folder}/cache-{name}"}
                for name in checkouts
            }
            # Each database is created and migrated (and the cache filled), as after a first start;
            # twice, so that a cache entry written after the first getUpdates is there too.
            for name, repo in checkouts.items():
                for _ in range(2):
                    await measure([sys.executable, "run_bot.py"], envs[name], server, repo)
            names = [*checkouts, "echo"]
            for round_number in range(args.rounds):
                shift = round_number % len(names)
                for which in names[shift:] + names[:shift]:
                    if which == "echo":
                        results[which].append(await measure([sys.executable, str(echo_file)], base_env, server))
                        continue
                    if args.cold:
                        shutil.rmtree(envs[which]["CACHE_DIR"], ignore_errors=True)
                    results[which].append(
                        await measure([sys.executable, "run_bot.py"], envs[which], server, checkouts[which])
                    )
    summary = {which: figures(runs) for which, runs in results.items()}
    for which, row in summary.items():
        print(
            f"{which:5}: first getUpdates {row['first_getupdates_s']} s (spread {row['start_spread_s']}), "
            f"CPU {row['cpu_s']} s (spread {row['cpu_spread_s']}), "
            f"idle RSS {row['idle_rss_mb']} MB (spread {row['rss_spread_mb']})"
        )
    bot = summary["bot"]
    if plans_dir:
        targets = {"start_3s": bot["first_getupdates_s"] <= 3.0}
    else:
        targets = {"start": bot["first_getupdates_s"] <= 1.5, "rss": bot["idle_rss_mb"] <= 120}
    if "base" in summary:
        summary["ratio_to_base"] = {
            "first_getupdates": round(bot["first_getupdates_s"] / summary["base"]["first_getupdates_s"], 3),
            "cpu": round(bot["cpu_s"] / summary["base"]["cpu_s"], 3),
        }
    plans = {
        "plans_dir": str(args.plans_dir) if args.plans_dir else None,
        "plans": args.plans,
        "cache": "cold" if args.cold else "warm",
        "repo": str(args.repo) if args.repo else None,
    }
    print(json.dumps({"rounds": args.rounds, **plans, **summary, "targets_met": targets}))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
