"""Operators' mistakes get one or two clear lines and a non-zero exit: no traceback, no token, no password."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]
GOOD_TOKEN = "123456789:AAgoodtokengoodtokengoodtokengood00"
BAD_TOKEN = "987654321:AAwrongtokenwrongtokenwrongtoken11"


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path}/bot.sqlite3")
    env.update(extra)
    return env


def run(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "run_bot.py", *args],
        cwd=ROOT,
        env=environment(tmp_path, **extra),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def assert_clear(out: subprocess.CompletedProcess[str], *words: str) -> None:
    assert out.returncode != 0
    assert "Traceback" not in out.stderr, out.stderr
    for word in words:
        assert word in out.stderr, out.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [("mysql://u@h/db", "unsupported database URL scheme 'mysql'"), ("::garbage::", "is not a database URL")],
)
def test_a_database_url_of_another_kind_is_named(tmp_path, url, expected):
    assert_clear(run(tmp_path, "migrate", DATABASE_URL=url), "DATABASE_URL", expected)


def test_a_sqlite_file_inside_a_file_is_explained(tmp_path):
    (tmp_path / "afile").write_text("x")
    out = run(tmp_path, "migrate", DATABASE_URL=f"sqlite:///{tmp_path}/afile/bot.sqlite3")
    assert_clear(out, "DATABASE_URL", "a part of its folder is a file")


def test_an_unreachable_postgresql_is_named_with_its_password_hidden(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = run(tmp_path, "migrate", DATABASE_URL=f"postgresql://bot:s3cretpw@127.0.0.1:{port}/htsd")
    assert_clear(out, "DATABASE_URL", "connection refused", "***")
    assert "s3cretpw" not in out.stderr and len(out.stderr.strip().splitlines()) <= 2


def test_a_schema_on_sqlite_is_refused_by_name(tmp_path):
    assert_clear(run(tmp_path, "migrate", DATABASE_SCHEMA="bot"), "DATABASE_SCHEMA")


def test_a_plan_file_that_is_not_utf8_is_named(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    for source in (ROOT / "knowledge" / "plans").glob("*.yaml"):
        (plans / source.name).write_bytes(source.read_bytes())
    (plans / "moi-2026.yaml").write_bytes("id: moi-2026\ntheme: Tuần lễ\n".encode("utf-16"))  # as Notepad saves it
    assert_clear(run(tmp_path, "check-kb", "--plans-dir", str(plans)), "moi-2026.yaml: not UTF-8 text")
    assert_clear(run(tmp_path, "check-kb", PLANS_DIR=str(plans)), "moi-2026.yaml: not UTF-8 text")


def test_a_listing_cut_short_by_head_is_not_an_error(tmp_path):
    shell = f"'{sys.executable}' run_bot.py units --json | head -1"
    out = subprocess.run(
        shell, shell=True, cwd=ROOT, env=environment(tmp_path), capture_output=True, text=True, check=False
    )
    assert out.stdout.strip() == "[" and "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr


async def _bot(tmp_path: Path, **extra: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "run_bot.py",
        cwd=ROOT,
        env=environment(tmp_path, LOG_LEVEL="DEBUG", **extra),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_a_token_the_server_rejects_is_said_and_never_printed(tmp_path):
    async with FakeBotAPI(token=GOOD_TOKEN) as server:
        process = await _bot(tmp_path, TELEGRAM_BOT_TOKEN=BAD_TOKEN, TELEGRAM_API_BASE_URL=server.base_url)
        _out, err = await asyncio.wait_for(process.communicate(), 60)
    text = err.decode()
    assert process.returncode == 1 and "rejected this token" in text and "Traceback" not in text
    assert BAD_TOKEN not in text and BAD_TOKEN.partition(":")[2] not in text


async def test_an_unreachable_bot_api_is_retried_and_sigterm_still_stops_the_bot_at_once(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await _bot(tmp_path, TELEGRAM_BOT_TOKEN=BAD_TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot")
    await asyncio.sleep(8)  # start-up, then a few failed attempts
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _out, err = await asyncio.wait_for(process.communicate(), 30)
    text = err.decode()
    assert time.monotonic() - sent < 5
    assert process.returncode == 0 and "cannot reach the Bot API" in text and "Traceback" not in text
    assert BAD_TOKEN.partition(":")[2] not in text


async def test_a_webhook_port_in_use_is_named(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        async with FakeBotAPI(token=GOOD_TOKEN) as server:
            process = await _bot(
                tmp_path,
                TELEGRAM_BOT_TOKEN=GOOD_TOKEN,
                TELEGRAM_API_BASE_URL=server.base_url,
                WEBHOOK_URL="https://bot.example.vn/telegram",
                PORT=str(port),
                LISTEN_ADDRESS="127.0.0.1",
            )
            _out, err = await asyncio.wait_for(process.communicate(), 60)
    text = err.decode()
    assert process.returncode == 1 and f"PORT: cannot listen on 127.0.0.1:{port} (already in use)" in text
    assert "Traceback" not in text and "still running" not in text


def test_invite_expiry_is_local_time_without_seconds(tmp_path):
    out = run(tmp_path, "invite", "--unit", "dakplo-th-vi-du", "--json")
    assert out.returncode == 0, out.stderr
    assert '"expires_at": "' in out.stdout and "+07:00" in out.stdout
    expires = out.stdout.split('"expires_at": "')[1].split('"')[0]
    assert len(expires) == len("2026-12-09T12:05+07:00")
