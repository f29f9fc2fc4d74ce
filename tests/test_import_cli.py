"""`run_bot.py import-plan`: the files it writes, check-kb on them, and its refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "import"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "run_bot.py", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_import_plan_writes_a_draft_that_check_kb_accepts_and_a_review_list(tmp_path):
    out = run("import-plan", str(DATA / "phuong-tanmai-2026.txt"), "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "tanmai-2026.yaml").is_file() and (tmp_path / "phuong-tanmai-2026.txt").is_file()
    check = run("check-kb", "--plans-dir", str(tmp_path))
    assert check.returncode == 0, check.stderr
    assert "ok  tanmai-2026" in check.stdout and "phường Tân Mai (Hà Nội)" in check.stdout
    review = (tmp_path / "tanmai-2026.review.txt").read_text(encoding="utf-8")
    assert "dòng    7  Số văn bản: 45/KH-UBND" in review
    assert "dòng   27  Giờ khai mạc: 07:30" in review
    assert "Lễ bế mạc/tổng kết (closing)" in review  # listed as not found
    assert "bản nháp hợp lệ" in review
    data = yaml.safe_load((tmp_path / "tanmai-2026.yaml").read_text(encoding="utf-8"))
    assert data["source_file"] == "phuong-tanmai-2026.txt" and data["closing"] is None


def test_a_pdf_is_saved_as_text_beside_the_draft_with_the_id_asked_for(tmp_path):
    out = run("import-plan", str(DATA / "xa-tanphu-2026.pdf"), "--id", "tanphu-2026-v2", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    source = (tmp_path / "tanphu-2026-v2.txt").read_text(encoding="utf-8")
    assert "Số: 78/KH-UBND" in source
    data = yaml.safe_load((tmp_path / "tanphu-2026-v2.yaml").read_text(encoding="utf-8"))
    assert data["id"] == "tanphu-2026-v2" and data["source_file"] == "tanphu-2026-v2.txt"
    assert run("check-kb", "--plans-dir", str(tmp_path)).returncode == 0


def test_a_draft_that_misses_required_fields_is_written_and_says_what_blocks_it(tmp_path):
    plan = tmp_path / "khong-ro.txt"
    plan.write_text(
        "KẾ HOẠCH\nTổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026\n"
        "I. MỤC ĐÍCH\n- Khuyến khích mọi người học tập suốt đời.\n"
        "II. THỜI GIAN\nTuần lễ diễn ra từ ngày 01/10/2026 đến ngày 07/10/2026.\n",
        encoding="utf-8",
    )
    out = run("import-plan", str(plan), "--out", str(tmp_path / "drafts"))
    assert out.returncode == 1
    assert "NOT YET A VALID PLAN" in out.stderr
    assert ": locality.name: " in out.stderr and ": issuer: " in out.stderr
    review = next((tmp_path / "drafts").glob("*.review.txt")).read_text(encoding="utf-8")
    assert "CHƯA hợp lệ" in review and "Tên địa phương (locality.name)" in review


@pytest.mark.parametrize(
    ("name", "words"),
    [("scan-no-text.pdf", "no text layer"), ("thong-bao.txt", "not a plan"), ("missing.docx", "cannot read")],
)
def test_documents_without_a_plan_get_one_line_and_a_non_zero_exit(tmp_path, name, words):
    out = run("import-plan", str(DATA / name), "--out", str(tmp_path))
    assert out.returncode == 2
    assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1 and words in out.stderr
    assert "Traceback" not in out.stderr and not list(tmp_path.iterdir())


def test_a_bad_id_is_refused_before_anything_is_written(tmp_path):
    out = run("import-plan", str(DATA / "thcs-leloi-2026.txt"), "--id", "Lê Lợi", "--out", str(tmp_path))
    assert out.returncode == 2 and "--id" in out.stderr and not list(tmp_path.iterdir())


SOURCES = ROOT.parent / "shared" / "plans"
if not SOURCES.is_dir():
    SOURCES = ROOT.parents[1] / "shared" / "plans"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="source plans not available")
def test_the_source_and_held_out_plans_are_drafted_at_least_90_percent_right_and_never_wrong():
    out = subprocess.run(
        [sys.executable, "benchmarks/import_accuracy.py", "--sources", str(SOURCES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["wrong"] == 0, out.stdout
    assert result["share_right"] >= 0.9, out.stdout
    assert all(plan["valid"] for plan in result["plans"].values())
    heldout = result["heldout"]  # six plans written independently, other provinces and layouts
    assert len(heldout["plans"]) == 6 and heldout["wrong"] == 0, out.stdout
    assert heldout["share_right"] >= 0.9, out.stdout
    assert all(plan["valid"] for plan in heldout["plans"].values())
    assert result["blind"]["wrong"] == 0, out.stdout  # the three set-aside plans: never a wrong value
