"""Live reload of the plan files: a change in PLANS_DIR, `/tailai` and `run_bot.py reload` swap the
catalogue without a restart; an invalid file is reported to the admins with file:line and the old
catalogue stays in service. The real Application over the fake Bot API, on a real database."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.db.session import Database
from bot.kb.loader import DEFAULT_PLANS_DIR
from bot.text import fold
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot, vn_time

ROOT = Path(__file__).resolve().parents[1]
ADMIN, OTHER_ADMIN, CITIZEN = 9001, 9002, 4242
THEME = "Học tập suốt đời để phát triển bản thân, xây dựng quê hương"  # a theme no plan has
QUESTION = "chủ đề tuần lễ ở phường Nam Triệu năm 2025 là gì?"
WAIT = 20.0


def has(*parts: str):
    return lambda m: all(p in fold(m.text or "") for p in parts)


@pytest.fixture
async def server():
    async with FakeBotAPI(username="htsd_test_bot") as fake:
        yield fake


@pytest.fixture
def clock():
    return ManualClock(vn_time(2025, 10, 2, 9, 0))


@pytest.fixture
def plans_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for path in DEFAULT_PLANS_DIR.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


def namtrieu(folder: Path) -> Path:
    return folder / "namtrieu-2025.yaml"


def with_theme(folder: Path, theme: str) -> None:
    path = namtrieu(folder)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f'theme: "{theme}"' if line.startswith("theme:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000_000  # a save a second later, whatever the clock's grain
    os.utime(path, ns=(stamp, stamp))


async def ask(server: FakeBotAPI, question: str = QUESTION):
    server.send_text(CITIZEN, question)
    return await server.wait_for_message(CITIZEN)


async def eventually(server: FakeBotAPI, expected: str, question: str = QUESTION, tries: int = 20) -> None:
    """Ask until the answer has `expected` (the reload happens within seconds, not at once)."""
    answer = None
    for _ in range(tries):
        answer = await ask(server, question)
        if expected in answer.text:
            return
        await asyncio.sleep(1.0)
    raise AssertionError(f"never answered with {expected!r}: {answer.text if answer else None}")


async def test_a_changed_plan_file_answers_without_restart(server, db, clock, plans_dir):
    async with running_bot(server, db, clock=clock, PLANS_DIR=str(plans_dir)):
        before = await ask(server)
        assert "Nam Triệu" in before.text and THEME not in before.text
        with_theme(plans_dir, THEME)
        await eventually(server, THEME)


async def test_an_invalid_file_is_reported_to_admins_with_its_line_and_the_old_plans_keep_answering(
    server, db, clock, plans_dir
):
    async with running_bot(server, db, clock=clock, PLANS_DIR=str(plans_dir), BOT_ADMINS=f"{ADMIN},{OTHER_ADMIN}"):
        good = (await ask(server)).text
        broken = plans_dir / "xa-moi-2026.yaml"
        broken.write_text("id: xa-moi-2026\nyear: 2026\ntheme: Học tập: suốt đời\n", encoding="utf-8")
        report = await server.wait_for_message(ADMIN, has("khong tai lai duoc"), timeout=WAIT)
        assert f"{broken}:3: invalid YAML" in report.text and "kế hoạch cũ vẫn đang trả lời" in report.text
        await server.wait_for_message(OTHER_ADMIN, has("khong tai lai duoc"), timeout=WAIT)
        assert (await ask(server)).text == good  # the old catalogue is still in service
        with_theme(plans_dir, THEME)  # another change while the folder is broken: still refused, as a whole
        await asyncio.sleep(4)
        assert THEME not in (await ask(server)).text

        broken.unlink()
        await server.wait_for_message(ADMIN, has("hop le tro lai"), timeout=WAIT)
        await eventually(server, THEME)
    reports = [m for m in server.sent_messages(ADMIN) if "khong tai lai duoc" in fold(m.text or "")]
    assert len(reports) == 1  # the same problem, still there after another change, is not reported again


async def test_tailai_validates_and_swaps_at_once_and_refuses_a_broken_folder(server, db, clock, plans_dir):
    async with running_bot(server, db, clock=clock, PLANS_DIR=str(plans_dir), BOT_ADMINS=str(ADMIN)):
        server.send_text(ADMIN, "/tailai")
        done = await server.wait_for_message(ADMIN, has("da tai lai"), timeout=WAIT)
        assert "5 kế hoạch đang phục vụ (5 từ tệp, 0 đăng qua trò chuyện)" in done.text

        path = namtrieu(plans_dir)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("year: 2025", "year: hai nghìn"), encoding="utf-8")
        server.send_text(ADMIN, "/tailai")
        refused = await server.wait_for_message(ADMIN, has("chua tai lai"), timeout=WAIT)
        line = next(n for n, row in enumerate(path.read_text().splitlines(), start=1) if row.startswith("year:"))
        assert f"{path}:{line}: year:" in refused.text
        assert "Nam Triệu" in (await ask(server)).text


async def test_run_bot_reload_makes_a_running_bot_reload(server, db, clock, plans_dir, tmp_path):
    async with running_bot(server, db, clock=clock, PLANS_DIR=str(plans_dir)) as bot:
        reloader = bot.runtime.services.catalogue
        before = reloader.version
        out = await asyncio.to_thread(run_cli, db, tmp_path, "reload", "--plans-dir", str(plans_dir))
        assert out.returncode == 0, out.stderr
        assert "ok: 5 plans" in out.stdout and "catalogue version" in out.stdout
        await server.wait_until(lambda: (reloader.version or 0) > (before or 0), timeout=WAIT)

        (plans_dir / "hong.yaml").write_text("id: hong\ntheme: Học tập: suốt đời\n", encoding="utf-8")
        out = await asyncio.to_thread(run_cli, db, tmp_path, "reload", "--plans-dir", str(plans_dir))
        assert out.returncode == 1 and f"{plans_dir / 'hong.yaml'}:2: invalid YAML" in out.stderr
        assert "Traceback" not in out.stderr


async def test_questions_answered_while_the_catalogue_is_swapped_see_one_version_or_the_other(
    server, db, clock, plans_dir
):
    old = "Học tập suốt đời - Nâng cao chất lượng nguồn nhân lực"  # not the file's: a version of our own
    async with running_bot(server, db, clock=clock, PLANS_DIR=str(plans_dir), BOT_ADMINS=str(ADMIN)) as bot:
        with_theme(plans_dir, old)
        await eventually(server, old)
        reloader = bot.runtime.services.catalogue
        answers = []
        for round_ in range(4):
            with_theme(plans_dir, THEME if round_ % 2 == 0 else old)
            swap = asyncio.create_task(reloader.reload())
            while not swap.done():
                answers.append((await ask(server)).text)
            assert (await swap).ok
            answers.append((await ask(server)).text)
    assert all((THEME in a) != (old in a) for a in answers), answers


def run_cli(db: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "DATABASE_URL": db.url}
    if db.schema:
        env["DATABASE_SCHEMA"] = db.schema
    return subprocess.run(
        [sys.executable, "run_bot.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


async def test_a_plan_published_while_a_file_is_broken_goes_live_with_the_files_as_they_last_loaded(
    server, db, clock, plans_dir
):
    async with running_bot(server, db, clock=clock, PLANS_DIR=str(plans_dir), BOT_ADMINS=str(ADMIN)):
        (plans_dir / "hong.yaml").write_text("id: hong\ntheme: Học tập: suốt đời\n", encoding="utf-8")
        await server.wait_for_message(ADMIN, has("khong tai lai duoc"), timeout=WAIT)
        pdf = (ROOT / "tests" / "data" / "import" / "xa-tanphu-2026.pdf").read_bytes()
        server.send_document(ADMIN, "xa-tanphu-2026.pdf", pdf, mime_type="application/pdf")
        summary = await server.wait_for_message(ADMIN, has("ban nhap ke hoach"), timeout=WAIT)
        server.press_button(ADMIN, summary, summary.callback_data[0])
        await server.wait_for_message(ADMIN, has("da vao phuc vu"), timeout=WAIT)
        await eventually(server, "cộng đồng số nhân văn", "chủ đề tuần lễ ở xã Tân Phú là gì?")
        assert "Nam Triệu" in (await ask(server)).text  # the files' plans are still those last loaded
