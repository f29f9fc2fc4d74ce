"""The command line: batch answering (the evaluation contract), one question, the console."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "run_bot.py", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, check=False
    )


def test_jsonl_batch_answers_every_line_with_status_and_plans():
    lines = [
        {"id": "a", "q": "chủ đề tuần lễ ở nam triệu", "today": "2025-10-01"},
        {"id": "b", "q": "giá vàng hôm nay", "today": "2025-10-01"},
        {"id": "c", "q": "ai ký kế hoạch?", "today": "2025-10-01"},
        {"id": "d", "q": "", "today": None},
    ]
    out = run("ask", "--jsonl", stdin="".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines) + "not json\n")
    assert out.returncode == 1, out.stderr  # the broken last line fails the batch, after the good ones
    answers = {a["id"]: a for a in map(json.loads, out.stdout.splitlines())}
    assert set(answers) == {"a", "b", "c", "d"}
    assert answers["a"]["status"] == "answered" and answers["a"]["plans"] == ["namtrieu-2025"]
    assert answers["b"]["status"] == "unknown" and answers["b"]["plans"] == []
    assert answers["c"]["status"] == "clarify"
    assert out.stderr.strip().startswith("stdin:5: not valid JSON")  # one precise line for the operator


def test_ask_one_question_with_a_chosen_plan_and_date():
    out = run(
        "ask", "còn mấy ngày nữa đến hạn báo cáo của các trường", "--plan", "dakplo-2025", "--today", "2025-10-08"
    )
    assert out.returncode == 0
    assert "11/10/2025" in out.stdout and "còn 3 ngày" in out.stdout


def test_ask_rejects_a_bad_date_clearly():
    out = run("ask", "chủ đề", "--today", "2025-13-40")
    assert out.returncode != 0 and "YYYY-MM-DD" in out.stderr


def test_console_chats_like_a_citizen():
    out = run(
        "console", "--today", "2025-10-02", stdin="chủ đề ở đức trọng là gì\n/diaphuong\n4\nai ký kế hoạch?\n/thoat\n"
    )
    assert out.returncode == 0
    assert "Chuyển đổi số để xây dựng thành công" in out.stdout
    assert "Đã chọn" in out.stdout


def test_console_diaphuong_with_a_name_matching_one_plan_chooses_it():
    out = run("console", "--today", "2023-10-02", stdin="/diaphuong an lao\nhạn nộp báo cáo?\n/thoat\n")
    assert out.returncode == 0
    assert "Đã chọn: huyện An Lão" in out.stdout and "Chọn số" not in out.stdout
    assert "13/10/2023" in out.stdout  # the question after it is answered from An Lão's plan


def test_run_without_token_explains_botfather_and_console(monkeypatch):
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    out = subprocess.run([sys.executable, "run_bot.py"], cwd=ROOT, capture_output=True, text=True, check=False, env=env)
    assert out.returncode == 2
    assert "@BotFather" in out.stderr and "console" in out.stderr


def test_run_with_a_malformed_setting_names_the_variable():
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TELEGRAM_BOT_TOKEN": "123:abc", "BOT_TIMEZONE": "Mars/Base"}
    out = subprocess.run([sys.executable, "run_bot.py"], cwd=ROOT, capture_output=True, text=True, check=False, env=env)
    assert out.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in out.stderr and "BOT_TIMEZONE" in out.stderr


def test_batch_answering_keeps_and_reuses_the_parsed_plans_in_cache_dir(tmp_path, monkeypatch):
    line = json.dumps({"id": "a", "q": "chủ đề tuần lễ ở nam triệu", "today": "2025-10-01"}, ensure_ascii=False)
    monkeypatch.setenv("CACHE_DIR", str(tmp_path / "cache"))
    first = run("ask", "--jsonl", stdin=line + "\n")
    kept = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert first.returncode == 0 and kept == ["index.pickle", "plans.pickle"]
    stamps = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()}
    again = run("ask", "--jsonl", stdin=line + "\n")
    assert again.stdout == first.stdout  # read back, not rewritten: the same answer
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "cache").iterdir()} == stamps
    monkeypatch.setenv("CACHE_DIR", "")
    plain = run("ask", "--jsonl", stdin=line + "\n")
    assert plain.stdout == first.stdout
