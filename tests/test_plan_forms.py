"""A plan may name its own report form (`report_form`); the others use knowledge/report_form.yaml."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.catalog import Catalog, Knowledge, LiveKnowledge
from bot.clock import ManualClock
from bot.config import load_settings
from bot.db import submissions as store
from bot.db.models import Submission
from bot.invites import Onboarding, create_invite
from bot.kb.loader import DEFAULT_PLANS_DIR, load_plans
from bot.reports.flow import Reply, ReportFlow
from bot.reports.form import DEFAULT_FORM_PATH, FormCatalog, FormError
from bot.summary.schedule import OfficialsDesk, ScheduleConfig
from bot.text import fold
from bot.work import Postman
from handlers.runtime import StartupError, create_runtime
from tests.conftest import sync_roster
from tests.harness import vn_time
from tests.summary_helpers import VN

ROOT = Path(__file__).resolve().parents[1]
PLAN = "dakplo-2025"  # given the test form below; every other plan keeps the default
UNIT = "dakplo-th-vi-du"
STAFF = 601

TEST_FORM = """\
id: thu-nghiem
title: Mẫu thử
sections:
  - key: classes
    title: Lớp học
    indicators:
      - key: classes_opened
        label: Số lớp học mở thêm
        kind: count
        unit: lớp
        max: 100
        aliases: [lớp học, lop hoc]
      - key: learners
        label: Số học viên tham gia
        kind: people
        unit: người
        max: 10000
        aliases: [học viên, hoc vien]
  - key: fund
    title: Quỹ khuyến học
    indicators:
      - key: fund_raised
        label: Số tiền quỹ khuyến học vận động được
        kind: money
        unit: đồng
        max: 1000000000
        aliases: [quỹ khuyến học, quy khuyen hoc]
"""


def text_of(replies: list[Reply] | None) -> str:
    assert replies is not None
    return fold("\n".join(r.text for r in replies))


def actions(replies: list[Reply]) -> list[str]:
    return [(b.data or "").removeprefix("rep:") for r in replies for row in r.buttons for b in row]


@pytest.fixture
def forms(tmp_path) -> FormCatalog:
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "thu-nghiem.yaml").write_text(TEST_FORM, encoding="utf-8")
    return FormCatalog.load(DEFAULT_FORM_PATH, folder)


@pytest.fixture
def own_knowledge(forms: FormCatalog) -> LiveKnowledge:
    plans = [p.model_copy(update={"report_form": "thu-nghiem"}) if p.id == PLAN else p for p in load_plans()]
    return LiveKnowledge(Knowledge.build(Catalog.from_plans(plans, forms, Catalog.load().units)))


@pytest.fixture
def clock():
    return ManualClock(vn_time(2025, 10, 8, 9, 0))


@pytest.fixture
async def flow(db, own_knowledge, clock) -> ReportFlow:
    onboarding = Onboarding(db, clock, own_knowledge)
    await sync_roster(db, own_knowledge)
    async with db.transaction() as session:
        invite = await create_invite(session, role="staff", unit_id=UNIT, now=clock.now())
    assert "thanh cong" in fold(await onboarding.register(STAFF, "Lan", None, invite.code))
    return ReportFlow(db, clock, own_knowledge)


def test_catalog_gives_each_plan_its_form_or_the_default(forms, own_knowledge):
    plans = own_knowledge.catalog.plans
    assert sorted(forms.forms) == ["anlao-2023-mau", "thu-nghiem"]
    assert forms.for_plan(plans[PLAN]).id == "thu-nghiem"
    assert forms.for_plan(plans["namtrieu-2025"]) is forms.default
    forms.check(plans.values())  # no problem


async def test_a_plan_naming_its_form_is_asked_that_forms_questions(flow, db, own_knowledge, clock):
    replies = await flow.start(STAFF)
    intro = text_of(replies)
    assert "cau 1/3" in intro and "so lop hoc mo them" in intro and "ke hoach to chuc" not in intro
    replies = await flow.text(STAFF, "4")
    assert "cau 2/3" in text_of(replies) and "so hoc vien tham gia" in text_of(replies)
    await flow.text(STAFF, "25 người")
    replies = await flow.text(STAFF, "2 triệu")
    summary = text_of(replies)
    assert "tom tat" in summary and "25 nguoi" in summary and "2.000.000 dong" in summary
    assert "send:3" in actions(replies)
    receipt = await flow.button(STAFF, "send:3")
    assert "da nhan bao cao" in text_of(receipt)
    async with db.transaction(readonly=True) as session:
        version, values = await store.current(session, UNIT, PLAN)
        sub = (await session.execute(select(Submission))).scalar_one()
    assert version == 1 and sub.form_id == "thu-nghiem"
    assert values == {"classes_opened": 4, "learners": 25, "fund_raised": 2_000_000}

    # figures typed with no report open are read with the plan's form too
    replies = await flow.text(STAFF, "đã mở 6 lớp học, 40 học viên")
    assert "fok:3" in actions(replies) and "so lop hoc mo them" in text_of(replies)

    # the officials' summary and export of that plan use its form's indicators
    desk = OfficialsDesk(db, own_knowledge, clock, ScheduleConfig(tz=VN), Postman(db, clock, "test"))
    chunks, _ = await desk.summary_messages(PLAN)
    shown = fold("\n".join(chunks))
    assert "so hoc vien tham gia" in shown and "so bai viet tren cac bao" not in shown
    export = await desk.export(PLAN)
    rows = list(csv.reader(io.StringIO(export.csv.decode("utf-8-sig"))))
    first = rows[0].index("Số lớp học mở thêm (lớp)")  # after the unit's id, name, status, time, version...
    assert rows[0][first:] == [
        "Số lớp học mở thêm (lớp)",
        "Số học viên tham gia (người)",
        "Số tiền quỹ khuyến học vận động được (đồng)",
    ]
    assert next(row for row in rows if row[0] == UNIT)[first:] == ["4", "25", "2000000"]
    assert rows[-1][first:] == ["4", "25", "2000000"]  # the total row


def _plans_dir_naming(tmp_path: Path, form_id: str) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    text = (DEFAULT_PLANS_DIR / f"{PLAN}.yaml").read_text(encoding="utf-8")
    (folder / f"{PLAN}.yaml").write_text(text.rstrip("\n") + f"\nreport_form: {form_id}\n", encoding="utf-8")
    return folder


def test_an_unknown_form_id_is_rejected_with_file_and_line(tmp_path, forms):
    folder = _plans_dir_naming(tmp_path, "khong-co")
    plans = load_plans(folder)
    line = len((folder / f"{PLAN}.yaml").read_text(encoding="utf-8").splitlines())
    with pytest.raises(FormError) as caught:
        forms.check(plans, folder)
    assert caught.value.problems == [
        f"{folder / PLAN}.yaml:{line}: report_form: unknown form 'khong-co' (known forms: anlao-2023-mau, thu-nghiem)"
    ]
    with pytest.raises(FormError, match="unknown form 'khong-co'"):
        forms.for_plan(plans[0])


def test_check_kb_rejects_a_plan_naming_an_unknown_form(tmp_path):
    folder = _plans_dir_naming(tmp_path, "khong-co")
    out = subprocess.run(
        [sys.executable, "run_bot.py", "check-kb", "--plans-dir", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1
    assert "report_form: unknown form 'khong-co'" in out.stderr and f"{PLAN}.yaml:" in out.stderr


async def test_the_bot_does_not_start_with_a_plan_naming_an_unknown_form(tmp_path, db):
    folder = _plans_dir_naming(tmp_path, "khong-co")
    token = "123456789:AAtesttokentesttokentesttokentestto"
    settings = load_settings(TELEGRAM_BOT_TOKEN=token, DATABASE_URL=db.url, PLANS_DIR=str(folder))
    with pytest.raises(StartupError, match="report_form: unknown form 'khong-co'"):
        await create_runtime(settings, db=db)


def test_form_ids_must_be_unique(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "a.yaml").write_text(TEST_FORM, encoding="utf-8")
    (folder / "b.yaml").write_text(TEST_FORM, encoding="utf-8")
    (folder / "c.yaml").write_text(TEST_FORM.replace("id: thu-nghiem", "id: anlao-2023-mau"), encoding="utf-8")
    with pytest.raises(FormError) as caught:
        FormCatalog.load(DEFAULT_FORM_PATH, folder)
    assert caught.value.problems == [
        f"{folder / 'b.yaml'}:1: id: duplicate form id 'thu-nghiem' (also in {folder / 'a.yaml'})",
        f"{folder / 'c.yaml'}:1: id: duplicate form id 'anlao-2023-mau' (also in {DEFAULT_FORM_PATH})",
    ]


def test_a_broken_extra_form_is_reported_with_file_and_line(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "x.yaml").write_text(TEST_FORM.replace("kind: people", "kind: persons"), encoding="utf-8")
    with pytest.raises(FormError) as caught:
        FormCatalog.load(DEFAULT_FORM_PATH, folder)
    [problem] = caught.value.problems
    where = "sections[0](classes).indicators[1](learners).kind"
    assert problem.startswith(f"{folder / 'x.yaml'}:15: {where}: unknown value 'persons'")
