"""A plan may name its own report form (`report_form`); the others use knowledge/report_form.yaml."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.catalog import Catalog, Knowledge, LiveKnowledge
from bot.clock import ManualClock
from bot.config import load_settings
from bot.db import submissions as store
from bot.db.models import ReportDraft, Submission
from bot.invites import Onboarding, create_invite
from bot.kb.loader import DEFAULT_PLANS_DIR, load_plans
from bot.reports.flow import Reply, ReportFlow
from bot.reports.form import DEFAULT_FORM_PATH, FormCatalog, FormError
from bot.summary.schedule import OfficialsDesk, ScheduleConfig
from bot.text import fold
from bot.work import Postman
from handlers.runtime import StartupError, create_runtime
from tests.conftest import sync_roster
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot, vn_time
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
    assert forms.template_for(plans["namtrieu-2025"]) is forms.default
    assert forms.for_plan(plans["namtrieu-2025"]).id == forms.default.id  # filled from the plan
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


# -- a form that fits the unit -----------------------------------------------------------------------------

SCHOOL, COMMUNE = "anlao-thcs-vi-du", "anlao-xa-a-vi-du"  # both report to An Lão's district
SCHOOL_STAFF, COMMUNE_STAFF = 611, 612


@pytest.fixture
async def anlao_flow(db, knowledge, clock) -> ReportFlow:
    onboarding = Onboarding(db, clock, knowledge)
    await sync_roster(db, knowledge)
    for user, unit in ((SCHOOL_STAFF, SCHOOL), (COMMUNE_STAFF, COMMUNE)):
        async with db.transaction() as session:
            invite = await create_invite(session, role="staff", unit_id=unit, now=clock.now())
        assert "thanh cong" in fold(await onboarding.register(user, "Hoa", None, invite.code))
    return ReportFlow(db, clock, knowledge)


async def _questions_asked(flow: ReportFlow, user: int) -> tuple[str, list[str]]:
    """The intro and the label of every question, answering "0" to each."""
    replies = await flow.start(user)
    intro = text_of(replies[:1])
    asked: list[str] = []
    while "tom tat" not in text_of(replies[-1:]):
        asked.append(fold(replies[-1].text).split(":</b> ", 1)[1])
        replies = await flow.text(user, "0")
    return intro, asked


async def test_a_school_and_a_commune_are_asked_different_questions(anlao_flow, db):
    school_intro, school = await _questions_asked(anlao_flow, SCHOOL_STAFF)
    commune_intro, commune = await _questions_asked(anlao_flow, COMMUNE_STAFF)
    assert len(school) == 24 and "co 24 cau ap dung" in school_intro
    assert len(commune) == 32 and "co 32 cau ap dung" in commune_intro
    assert any("bao tuong" in q for q in school) and not any("bao tuong" in q for q in commune)
    assert not any("trung tam htcd" in q for q in school)  # neither the section nor the library count
    assert sum("trung tam htcd" in q for q in commune) == 6  # 5 about the centres + the library count
    assert not any("day nghe" in q for q in school) and any("day nghe" in q for q in commune)
    assert any(q.startswith("so co so giao duc") and "(nam hoc 2023-2024)" in q for q in commune)
    assert not any("05/9" in q for q in school + commune)
    # the school's report is stored with its own questions only
    receipt = await anlao_flow.button(SCHOOL_STAFF, "send:24")
    assert "da nhan bao cao" in text_of(receipt)
    async with db.transaction(readonly=True) as session:
        version, values = await store.current(session, SCHOOL, "anlao-2023")
    assert version == 1 and len(values) == 24 and "clc_facilities" not in values


def test_check_reports_a_unit_to_which_the_plans_own_form_asks_nothing(tmp_path, own_knowledge):
    folder = tmp_path / "commune-forms"
    folder.mkdir()
    (folder / "thu-nghiem.yaml").write_text(
        TEST_FORM.replace("    title: Lớp học\n", "    title: Lớp học\n    applies_to: [commune]\n").replace(
            "    title: Quỹ khuyến học\n", "    title: Quỹ khuyến học\n    applies_to: [commune]\n"
        ),
        encoding="utf-8",
    )
    forms = FormCatalog.load(DEFAULT_FORM_PATH, folder)
    plans = own_knowledge.catalog.plans
    with pytest.raises(FormError) as caught:
        forms.check(plans.values())
    assert caught.value.problems == [
        "plan 'dakplo-2025': unit 'cac-truong' (school): form 'thu-nghiem' has no question that applies to it "
        "(check applies_to)"
    ]
    # the bot still asks such a unit every question rather than none
    assert forms.question_count(plans[PLAN], "cac-truong", "Trường Tiểu học") == 3
    # with the plans' folder, the problem points at the unit in the plan's file
    plans_dir = _plans_dir_naming(tmp_path, "thu-nghiem")
    lines = (plans_dir / f"{PLAN}.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.strip() == "- id: cac-truong")
    with pytest.raises(FormError) as caught:
        forms.check(load_plans(plans_dir), plans_dir)
    assert caught.value.problems[0].startswith(f"{plans_dir / PLAN}.yaml:{line}: unit 'cac-truong' (school): ")


def test_for_unit_is_the_same_object_for_units_of_one_category(forms, plans):
    plan = next(p for p in plans if p.id == "namtrieu-2025")
    first = forms.for_unit(plan, "cac-truong", "Trường Mầm non A")
    assert forms.for_unit(plan, "cac-truong", "Trường THCS B") is first
    assert forms.question_count(plan, "cac-truong") == 24 and forms.question_count(plan, "phong-vhxh") == 32
    assert forms.for_plan(plan).question_count == 34 and first.whole is forms.for_plan(plan)


async def test_through_telegram_a_school_and_a_commune_see_how_many_questions_apply(db, clock):
    async with FakeBotAPI(username="htsd_test_bot") as server, running_bot(server, db, clock=clock, BOT_ADMINS="9001"):
        for user, unit in ((SCHOOL_STAFF, SCHOOL), (COMMUNE_STAFF, COMMUNE)):
            server.send_text(9001, f"/moi {unit}")
            invite = await server.wait_for_message(9001, lambda m: "ma moi" in fold(m.text or ""))
            code = re.search(r"^([A-HJ-NP-Z2-9]{10})$", invite.text, re.MULTILINE)
            assert code, invite.text
            server.send_text(user, f"/dangky {code.group(1)}")
            await server.wait_for_message(user, lambda m: "dang ky thanh cong" in fold(m.text or ""))
            server.send_text(user, "/baocao")
        school = await server.wait_for_message(SCHOOL_STAFF, lambda m: "cau 1/24" in fold(m.text or ""))
        commune = await server.wait_for_message(COMMUNE_STAFF, lambda m: "cau 1/32" in fold(m.text or ""))
        assert "co 24 cau ap dung" in fold(server.sent_messages(SCHOOL_STAFF)[-2].text or "")
        assert "co 32 cau ap dung" in fold(server.sent_messages(COMMUNE_STAFF)[-2].text or "")
        assert school.callback_data[:2] == commune.callback_data[:2] == ["rep:yes:0", "rep:no:0"]


async def test_free_text_about_a_question_the_school_is_not_asked_is_not_kept(anlao_flow):
    replies = await anlao_flow.text(SCHOOL_STAFF, "đã treo 6 băng rôn, có 2 trung tâm có hoạt động")
    shown = text_of(replies)
    assert "6 cai" in shown and "khong hoi cau nay o don vi cua ban" in shown
    assert fold("Số Trung tâm HTCĐ có tổ chức hoạt động") in shown  # named, but not among the figures read


# -- faster answers ----------------------------------------------------------------------------------------


def buttons(reply: Reply) -> list[tuple[str, str]]:
    return [(b.text, (b.data or "").removeprefix("rep:")) for row in reply.buttons for b in row]


async def test_quick_answers_words_and_units_in_the_report(anlao_flow, db):
    replies = await anlao_flow.start(SCHOOL_STAFF)
    assert buttons(replies[-1])[:2] == [("Có", "yes:0"), ("Không", "no:0")]
    replies = await anlao_flow.button(SCHOOL_STAFF, "yes:0")
    assert "cau 2/24" in text_of(replies) and ("0 / Không có", "zero:1") in buttons(replies[-1])
    replies = await anlao_flow.button(SCHOOL_STAFF, "zero:1")  # no article in the press
    assert "cau 3/24" in text_of(replies)
    replies = await anlao_flow.text(SCHOOL_STAFF, "12 người")  # tv reports are counted in "tin"
    assert "tinh bang tin, nhung ban ghi “12 nguoi”" in text_of(replies) and "cau 3/24" in text_of(replies[-1:])
    replies = await anlao_flow.text(SCHOOL_STAFF, "mười hai tin")
    assert "cau 4/24" in text_of(replies)
    replies = await anlao_flow.button(SCHOOL_STAFF, "yes:3")  # "Có" is no answer to a count
    assert "nut nay da cu" in text_of(replies) and "cau 4/24" in text_of(replies[-1:])
    async with db.transaction(readonly=True) as session:
        draft = await session.get(ReportDraft, SCHOOL_STAFF)
    assert draft is not None and draft.step == 3
    assert {k: draft.values[k] for k in ("plan_issued", "press_articles", "tv_reports")} == {
        "plan_issued": 1,
        "press_articles": 0,
        "tv_reports": 12,
    }
