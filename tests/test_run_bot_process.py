"""`python run_bot.py` itself, as an operator starts it, serving a citizen through a local Bot API."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]


async def test_run_bot_serves_citizens_through_a_self_hosted_api_url_and_stops_cleanly(tmp_path):
    async with FakeBotAPI() as server:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3",
            "LOG_LEVEL": "DEBUG",
        }
        log = tmp_path / "bot.log"  # a file, not a pipe: DEBUG output would fill a pipe nobody reads yet
        with log.open("wb") as out:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "run_bot.py", cwd=ROOT, env=env, stdout=out, stderr=out
            )
        try:
            await server.wait_for("deleteWebhook", timeout=60)  # the last call before polling starts
            server.send_text(77, "chủ đề tuần lễ ở đức trọng là gì?")
            try:
                answer = await server.wait_for_message(77, timeout=30)
            except TimeoutError:
                raise AssertionError(f"no answer; the bot's log:\n{log.read_text()[-4000:]}") from None
            assert "Chuyển đổi số để xây dựng thành công" in answer.text
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), timeout=30)
        text = log.read_text()
        assert process.returncode == 0, text[-2000:]
        assert server.token not in text and "DEBUG" in text
        assert (tmp_path / "bot.sqlite3").exists()
