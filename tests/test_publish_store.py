"""The publishing core: versions and rollback, the catalogue merged from files and the database,
corrections that keep a plan consistent, the plan's units, and the `plans` / `reload` commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.db import plans as rows
from bot.db.session import Database
from bot.kb.importer import draft_plan, read_document
from bot.kb.loader import DEFAULT_PLANS_DIR, KnowledgeBaseError, load_plans
from bot.kb.schema import Plan
from bot.publish import store
from bot.publish.catalogue import Sources, build_catalog
from bot.publish.corrections import correct
from bot.publish.data import from_json, to_json
from bot.publish.units import plan_units
from bot.reports.form import FormCatalog
from tests.harness import vn_time

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "import"
NOW = vn_time(2026, 9, 25, 9, 0)
FILES = Sources(DEFAULT_PLANS_DIR, None)


def tanphu(**changes: object) -> Plan:
    drafted = draft_plan(read_document(DATA / "xa-tanphu-2026.pdf"), source_file="tanphu-2026.txt").data
    drafted.update(changes)
    return Plan.model_validate(drafted)


@pytest.fixture(scope="module")
def namtrieu() -> Plan:
    return next(plan for plan in load_plans() if plan.id == "namtrieu-2025")


async def publish(db: Database, plan: Plan, by: int | None = 9001) -> store.Change:
    async with db.transaction() as session:
        return await store.publish(session, plan, now=NOW, by=by, source_text="văn bản", document_name="kh.pdf")


async def served(db: Database) -> list[rows.ServedRow]:
    async with db.transaction(readonly=True) as session:
        return await rows.in_service(session)


async def test_a_published_plan_joins_the_files_and_each_change_bumps_the_catalogue_version(db):
    async with db.transaction(readonly=True) as session:
        assert await rows.catalogue_version(session) == 0
    change = await publish(db, tanphu())
    assert (change.row.version, change.catalogue_version) == (1, 1)
    catalog, from_db, files = build_catalog(FILES, await served(db))
    assert files == 5 and set(from_db) == {"tanphu-2026"} and len(catalog.plans) == 6
    assert catalog.plans["tanphu-2026"].opening is not None


async def test_a_published_version_of_a_files_plan_is_served_until_it_is_withdrawn(db, namtrieu):
    theme = "Học tập suốt đời trong kỷ nguyên số"
    await publish(db, namtrieu.model_copy(update={"theme": theme}))
    catalog, _, _ = build_catalog(FILES, await served(db))
    assert catalog.plans["namtrieu-2025"].theme == theme and len(catalog.plans) == 5
    async with db.transaction() as session:
        change = await store.restore(session, "namtrieu-2025", None, now=NOW, by=None)  # before version 1
    assert change.row.data is None and change.restored == 0
    catalog, from_db, _ = build_catalog(FILES, await served(db))
    assert catalog.plans["namtrieu-2025"].theme == namtrieu.theme and not from_db


async def test_rollback_restores_the_previous_version_or_the_one_asked_for_as_a_new_version(db):
    for theme in ("Chủ đề một", "Chủ đề hai", "Chủ đề ba"):
        await publish(db, tanphu(theme=theme))
    async with db.transaction() as session:
        back = await store.restore(session, "tanphu-2026", None, now=NOW, by=9001)
    assert (back.row.version, back.restored) == (4, 2)
    assert build_catalog(FILES, await served(db))[0].plans["tanphu-2026"].theme == "Chủ đề hai"
    async with db.transaction() as session:
        first = await store.restore(session, "tanphu-2026", 1, now=NOW, by=9001)
        history = await rows.history(session, "tanphu-2026")
    assert first.row.version == 5 and [v.version for v in history] == [1, 2, 3, 4, 5]
    assert build_catalog(FILES, await served(db))[0].plans["tanphu-2026"].theme == "Chủ đề một"

    for version, reason in ((5, "already"), (9, "no_such_version")):
        with pytest.raises(store.RollbackError) as refused:
            async with db.transaction() as session:
                await store.restore(session, "tanphu-2026", version, now=NOW, by=None)
        assert refused.value.reason == reason
    with pytest.raises(store.RollbackError) as refused:
        async with db.transaction() as session:
            await store.restore(session, "dakplo-2025", None, now=NOW, by=None)
    assert refused.value.reason == "no_versions"
    async with db.transaction(readonly=True) as session:
        assert await rows.catalogue_version(session) == 5  # refusals changed nothing


async def test_a_stored_version_that_no_longer_validates_is_named_with_how_to_roll_it_back(db):
    await publish(db, tanphu())
    [row] = await served(db)
    broken = rows.ServedRow(row.id, row.plan_id, row.version, {**row.data, "year": 1800})
    with pytest.raises(KnowledgeBaseError) as caught:
        build_catalog(FILES, [broken])
    assert "database: plan 'tanphu-2026' version 1: year:" in str(caught.value)
    assert "python run_bot.py plans rollback tanphu-2026" in str(caught.value)


async def test_a_problem_is_claimed_once_and_cleared_once(db):
    async with db.transaction() as session:
        assert await rows.claim_problem(session, "a")
        assert not await rows.claim_problem(session, "a")
        assert await rows.claim_problem(session, "b")
        assert await rows.clear_problem(session)
        assert not await rows.clear_problem(session)


def test_validation_names_the_schema_problem_and_an_unknown_report_form():
    data = to_json(tanphu().model_dump(mode="json", by_alias=True))
    assert store.validate(data, FormCatalog.load())[1] == []
    plan, problems = store.validate({**data, "locality": None}, FormCatalog.load())
    assert plan is None and problems[0].startswith("locality:")
    plan, problems = store.validate({**data, "report_form": "khong-co"}, FormCatalog.load())
    assert plan is None and "report_form: unknown form 'khong-co'" in problems[0]


def test_drafts_survive_the_json_round_trip_with_their_dates():
    drafted = draft_plan(read_document(DATA / "xa-tanphu-2026.pdf"), source_file="tanphu-2026.txt").data
    assert from_json(to_json(drafted)) == drafted


def test_a_corrected_deadline_is_noted_in_every_sentence_still_quoting_the_old_one():
    drafted = draft_plan(read_document(DATA / "xa-tanphu-2026.pdf"), source_file="tanphu-2026.txt").data
    result = correct(drafted, "hạn báo cáo của các trường: 08/10/2026")
    assert result.data is not None
    note = "(Khi duyệt kế hoạch, quản trị viên đã sửa: hạn báo cáo của"
    quoting = [d["text"] for d in result.data["reporting"] if "09/10/2026" in d["text"]]
    assert quoting and all(note in text and "08/10/2026" in text for text in quoting)
    untouched = [d["text"] for d in result.data["reporting"] if "12/10/2026" in d["text"]]
    assert untouched and not any(note in text for text in untouched)
    Plan.model_validate(result.data)


def test_a_corrected_deadline_is_noted_on_that_units_sentences_only_not_on_another_units_with_the_same_date():
    drafted = draft_plan(read_document(DATA / "phuong-hoakhanh-2026.txt"), source_file="hoakhanh-2026.txt").data
    result = correct(drafted, "hạn báo cáo của các trường: 14/10/2026")
    assert result.data is not None
    note = "quản trị viên đã sửa: hạn báo cáo của các trường học trên địa bàn phường là ngày 14/10/2026.)"
    by_unit = {duty["from"]: duty["text"] for duty in result.data["reporting"]}
    assert by_unit["truong-hoc-phuong"].endswith(note)
    assert "15/10/2026" in by_unit["tthtcd-phuong"] and "quản trị viên" not in by_unit["tthtcd-phuong"]
    tasks = {
        task["text"]: responsibility["unit"]
        for responsibility in result.data["responsibilities"]
        for task in responsibility.get("tasks") or []
    }
    assert [unit for text, unit in tasks.items() if "quản trị viên" in text] == ["truong-hoc-phuong"]
    Plan.model_validate(result.data)


def test_a_corrected_opening_is_noted_where_the_plan_describes_the_opening_only():
    drafted = draft_plan(read_document(DATA / "xa-tanphu-2026.pdf"), source_file="tanphu-2026.txt").data
    result = correct(drafted, "khai mạc: 7h30 ngày 02/10/2026 tại hội trường UBND xã Tân Phú")
    assert result.data is not None and result.data["opening"]["time"] == "07:30"
    assert "quản trị viên đã sửa: Lễ khai mạc Tuần lễ lúc 07:30 ngày 02/10/2026" in result.data["opening"]["note"]
    period = [s["text"] for s in result.data["activities"] if "01/10/2026" in s["text"] and "khai mạc" not in s["text"]]
    assert not any("quản trị viên" in text for text in period)


def test_the_units_that_owe_a_report_become_units_rows():
    units = plan_units(tanphu())
    # "Các trường Mầm non, Tiểu học, THCS trên địa bàn xã" is a group, not one unit: its schools come by CSV
    assert [(u.id, u.kind) for u in units] == [("tanphu-2026-tthtcd-xa", "tthtcd-xa")]
    assert all(u.plan_id == "tanphu-2026" for u in units)


def test_only_single_units_reporting_to_the_plans_issuer_are_offered_as_units():
    """Hòa Khánh: the ward's Phòng VH-XH sends the ward's report to the city (the official's own office,
    not a unit reporting to the ward), and "Các trường học trên địa bàn phường" is a group row."""
    drafted = draft_plan(read_document(DATA / "phuong-hoakhanh-2026.txt"), source_file="hoakhanh-2026.txt").data
    plan = Plan.model_validate(drafted)
    assert {duty.from_ for duty in plan.reporting} >= {"phong-vhxh-phuong", "truong-hoc-phuong", "tthtcd-phuong"}
    assert [(u.name, u.kind) for u in plan_units(plan)] == [("Trung tâm học tập cộng đồng phường", "tthtcd-phuong")]


# -- the command line ------------------------------------------------------------------------------------------


def run(db: Database, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "DATABASE_URL": db.url}
    if db.schema:
        env["DATABASE_SCHEMA"] = db.schema
    return subprocess.run(
        [sys.executable, "run_bot.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


async def test_plans_commands_list_history_rollback_and_export_what_check_kb_accepts(db, tmp_path):
    await publish(db, tanphu(theme="Chủ đề một"))
    await publish(db, tanphu(theme="Chủ đề hai"), by=None)

    listed = await asyncio.to_thread(run, db, tmp_path, "plans", "list")
    assert listed.returncode == 0, listed.stderr
    assert "tanphu-2026              published version 2" in listed.stdout and "6 plans in service" in listed.stdout
    history = await asyncio.to_thread(run, db, tmp_path, "plans", "history", "tanphu-2026")
    assert "v1" in history.stdout and "admin 9001" in history.stdout and "command line" in history.stdout
    assert history.stdout.strip().endswith("<- in service")

    back = await asyncio.to_thread(run, db, tmp_path, "plans", "rollback", "tanphu-2026")
    assert back.returncode == 0, back.stderr
    assert "version 1 restored as version 3" in back.stdout
    assert build_catalog(FILES, await served(db))[0].plans["tanphu-2026"].theme == "Chủ đề một"
    wrong = await asyncio.to_thread(run, db, tmp_path, "plans", "rollback", "tanphu-2026", "--version", "7")
    assert wrong.returncode == 2 and "has no version 7 (versions: 1, 2, 3)" in wrong.stderr

    out = tmp_path / "exported"
    exported = await asyncio.to_thread(run, db, tmp_path, "plans", "export", "tanphu-2026", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert yaml.safe_load((out / "tanphu-2026.yaml").read_text(encoding="utf-8"))["theme"] == "Chủ đề một"
    assert (out / "tanphu-2026.txt").read_text(encoding="utf-8") == "văn bản"
    checked = await asyncio.to_thread(run, db, tmp_path, "check-kb", "--plans-dir", str(out))
    assert checked.returncode == 0, checked.stderr


def test_dates_in_iso_form_only_become_dates():
    assert from_json({"a": "2026-10-01", "b": ["x 2026-10-01"], "c": "2026-13-45"}) == {
        "a": dt.date(2026, 10, 1),
        "b": ["x 2026-10-01"],
        "c": "2026-13-45",
    }


def test_a_reread_of_the_plan_files_parses_only_those_that_changed(tmp_path):
    import shutil

    from bot.publish.catalogue import read_files

    folder = tmp_path / "plans"
    shutil.copytree(DEFAULT_PLANS_DIR, folder)
    first = read_files(Sources(folder, None))
    changed = folder / "namtrieu-2025.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("year: 2025", "year: 2025  # kept"), "utf-8")
    again = read_files(Sources(folder, None), previous=first)
    same = {p.id: p for p in first.plans}
    assert all(p is same[p.id] for p in again.plans if p.id != "namtrieu-2025")
    assert next(p for p in again.plans if p.id == "namtrieu-2025") is not same["namtrieu-2025"]
    (folder / "copy.yaml").write_text(changed.read_text(encoding="utf-8"), "utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        read_files(Sources(folder, None), previous=again)
    assert any("copy.yaml:" in p and "does not match the file name 'copy'" in p for p in caught.value.problems)


async def test_a_published_plan_that_cannot_go_live_leaves_the_catalogue_and_tells_the_admin_why(db, built_knowledge):
    import html

    from sqlalchemy import select, update

    from bot.catalog import LiveKnowledge
    from bot.clock import ManualClock
    from bot.db.models import OutboxMessage, PlanVersion
    from bot.publish.reloader import CatalogueReloader
    from bot.work import Postman

    live = LiveKnowledge(built_knowledge)
    reloader = CatalogueReloader(live, db, FILES, Postman(db, ManualClock(NOW), "test"), frozenset({9001}))
    reloader.mark_built(0, None, {})
    change = await publish(db, tanphu())
    async with db.transaction() as session:  # the schema moved on since it was published, say
        stored = dict(change.row.data or {})
        await session.execute(update(PlanVersion).values(data={**stored, "year": 1800}))
    reloader.expect(change.catalogue_version, "tanphu-2026", change.row.id, 9001, 0.0)
    for _ in range(200):
        async with db.transaction(readonly=True) as session:
            rows_ = (await session.execute(select(OutboxMessage))).scalars()
            texts = [html.unescape(row.payload["text"]) for row in rows_]
        if len(texts) >= 2:
            break
        await asyncio.sleep(0.05)
    assert live.current is built_knowledge  # nothing swapped in
    assert any("chưa vào phục vụ" in t and "database: plan 'tanphu-2026' version 1: year" in t for t in texts)
    assert any("Không tải lại được các kế hoạch" in t for t in texts)
    await reloader.close()
