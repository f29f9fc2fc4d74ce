"""Two webhook worker processes behind one URL serve one bot: every update is handled once, a report
typed across both continues where it was, a conversation's follow-up reaches the other worker.
Real `run_bot.py` processes on one database (PostgreSQL in CI: TEST_DATABASE_URL)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp

from bot.catalog import Catalog
from bot.db import units as unit_rows
from bot.db.schema import ensure_current
from bot.invites import create_invite
from tests.db_fixtures import DatabaseTarget
from tests.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]
TEACHER, CITIZEN = 4343, 5454
SECRET = "w0rkers-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def prepare(target: DatabaseTarget, catalog: Catalog) -> str:
    db = target.connect()
    await ensure_current(db)
    async with db.transaction() as session:
        await unit_rows.sync(session, catalog.units)
        invite = await create_invite(session, role="staff", unit_id="dakplo-th-vi-du", now=dt.datetime.now(dt.UTC))
    await db.dispose()
    return invite.code


async def wait_healthy(port: int, process: asyncio.subprocess.Process, log: Path) -> None:
    deadline = time.monotonic() + 60
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise AssertionError(f"worker exited: {log.read_text()[-3000:]}")
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200 and (await response.json())["running"]:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"worker on {port} did not start: {log.read_text()[-3000:]}")


async def test_two_webhook_workers_behind_one_url_serve_one_bot(db_target, catalog, tmp_path):
    code = await prepare(db_target, catalog)
    ports = [free_port(), free_port()]
    async with FakeBotAPI(username="htsd_test_bot") as server:
        processes, logs = [], []
        for number, port in enumerate(ports):
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": str(tmp_path),
                "TELEGRAM_BOT_TOKEN": server.token,
                "TELEGRAM_API_BASE_URL": server.base_url,
                "DATABASE_URL": db_target.url,
                "DATABASE_SCHEMA": db_target.schema or "",
                "WEBHOOK_URL": "https://bot.example.vn/telegram",
                "WEBHOOK_SECRET": SECRET,
                "PORT": str(port),
                "LISTEN_ADDRESS": "127.0.0.1",
                "LOG_LEVEL": "INFO",
            }
            log = tmp_path / f"worker{number}.log"
            with log.open("wb") as out:
                processes.append(
                    await asyncio.create_subprocess_exec(
                        sys.executable, "run_bot.py", cwd=ROOT, env=env, stdout=out, stderr=out
                    )
                )
            logs.append(log)
        try:
            for port, process, log in zip(ports, processes, logs, strict=True):
                await wait_healthy(port, process, log)
            server.balance_webhook([f"http://127.0.0.1:{port}/telegram" for port in ports])

            async def say(user: int, text: str, expected: str) -> None:
                since = time.monotonic()
                server.send_text(user, text, first_name="Lan")
                await server.wait_for_message(user, lambda m: expected in (m.text or ""), timeout=30, since=since)

            # A report typed across both workers continues at the right question.
            await say(TEACHER, f"/dangky {code}", "thành công")
            await say(TEACHER, "/baocao", "Câu 1/")
            for number, answer in enumerate(["có", "3", "0", "2", "1"], start=2):
                await say(TEACHER, answer, f"Câu {number}/")
            # A conversation's follow-up, answered by the other worker.
            await say(CITIZEN, "Lễ khai mạc ở Thanh Bình tổ chức ở đâu?", "Nhà văn hóa")
            await say(CITIZEN, "mấy giờ?", "13h30")
            # The same update delivered to both workers is handled once.
            before = len(server.sent_messages(CITIZEN))
            update = server.send_text(CITIZEN, "chủ đề tuần lễ ở nam triệu là gì")
            server.redeliver(update)
            await server.wait_for_message(CITIZEN, lambda m: "Nam Triệu" in (m.text or ""), timeout=30)
            await asyncio.sleep(2.0)
            assert len(server.sent_messages(CITIZEN)) == before + 1
            deliveries = [d for d in server.deliveries if d.via == "webhook" and d.status == 200]
            per_worker = {port: sum(1 for d in deliveries if f":{port}/" in (d.url or "")) for port in ports}
            assert all(count >= 5 for count in per_worker.values()), per_worker  # both took a share
        finally:
            for process in processes:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                await asyncio.wait_for(process.wait(), 30)
    for process, log in zip(processes, logs, strict=True):
        text = log.read_text()
        assert process.returncode == 0 and "Traceback" not in text, text[-3000:]
