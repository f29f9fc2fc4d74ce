"""Units roster (YAML, CSV), invite codes and registration, and the deployment CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.clock import ManualClock
from bot.db import units as unit_rows
from bot.db.models import User
from bot.invites import ALPHABET, CODE_LENGTH, Onboarding, RedeemStatus, create_invite, redeem
from bot.text import fold
from bot.units import UnitsError, load_units, read_units_csv
from run_bot import main
from tests.conftest import sync_roster
from tests.harness import vn_time

PLANS = ("dakplo-2025", "anlao-2023", "namtrieu-2025", "thanhbinh-2025", "ductrong-2021")


@pytest.fixture
def clock():
    return ManualClock(vn_time(2025, 10, 2, 9, 0))


def test_example_roster_covers_the_five_plans_and_is_labelled_example():
    units = load_units(plan_ids=PLANS)
    for plan in PLANS:
        assert 3 <= sum(u.plan_id == plan for u in units) <= 5
    assert all("ví dụ" in u.name for u in units)
    assert len({u.id for u in units}) == len(units)


def test_broken_roster_and_csv_name_file_and_line(tmp_path):
    roster = tmp_path / "units.yaml"
    roster.write_text("plans:\n  dakplo-2025:\n    - {id: a-1, name: A, kind: cac-truong}\n    - {id: a-1, name: B}\n")
    with pytest.raises(UnitsError) as err:
        load_units(roster, PLANS)
    assert any(p.startswith(f"{roster}:4:") and "duplicate" in p for p in err.value.problems)
    assert any(p.startswith(f"{roster}:4:") and "kind" in p for p in err.value.problems)

    csv_file = tmp_path / "units.csv"
    csv_file.write_text("id,plan_id,name,kind\nx-1,dakplo-2025,Trường X,cac-truong\nx-2,mars-2099,Y,cac-truong\n")
    with pytest.raises(UnitsError) as err:
        read_units_csv(csv_file, PLANS)
    assert err.value.problems == [
        f"{csv_file}:3: plan_id: unknown plan 'mars-2099' (known: {', '.join(sorted(PLANS))})"
    ]


async def test_sync_inserts_then_updates_units(db):
    units = load_units(plan_ids=PLANS)
    async with db.transaction() as session:
        assert await unit_rows.sync(session, units) == len(units)
    async with db.transaction() as session:
        assert await unit_rows.sync(session, units) == 0
        assert len(await unit_rows.active(session, "namtrieu-2025")) == 4


async def test_invite_codes_are_random_single_use_and_expire(db, knowledge, clock):
    onboarding = Onboarding(db, clock, knowledge)
    await sync_roster(db, knowledge)
    async with db.transaction() as session:
        invite = await create_invite(session, role="staff", unit_id="anlao-xa-a-vi-du", now=clock.now())
        other = await create_invite(session, role="official", plan_id="anlao-2023", now=clock.now())
    assert len(invite.code) >= 8 and set(invite.code) <= set(ALPHABET) and len(invite.code) == CODE_LENGTH
    assert invite.code != other.code and invite.expires_at == clock.now() + dt.timedelta(days=7)

    assert "thanh cong" in fold(await onboarding.register(7, "A", None, invite.code.lower()))
    assert "khong hop le" in fold(await onboarding.register(8, "B", None, invite.code))  # reused
    clock.advance(days=8)
    assert "khong hop le" in fold(await onboarding.register(9, "C", None, other.code))  # expired
    async with db.transaction(readonly=True) as session:
        user = await session.get(User, 7)
        assert (user.role, user.unit_id, user.plan_id) == ("staff", "anlao-xa-a-vi-du", "anlao-2023")
        assert (await session.get(User, 8)).role == "citizen"


async def test_official_invite_sets_the_plan_and_admins_keep_their_role(db, knowledge, clock):
    onboarding = Onboarding(db, clock, knowledge, admins=[1])
    text = await onboarding.invite(1, ["quanly", "namtrieu-2025"], "htsd_bot")
    code = text.split("<code>")[1].split("</code>")[0]
    assert f"https://t.me/htsd_bot?start={code}" in text
    assert "khong hop le" not in fold(await onboarding.register(1, "Admin", None, code))
    async with db.transaction(readonly=True) as session:
        admin = await session.get(User, 1)
        assert (admin.role, admin.plan_id) == ("admin", "namtrieu-2025")
    assert "chi quan tri vien" in fold(await onboarding.invite(2, ["namtrieu-th-vi-du"], "htsd_bot"))
    assert "khong co don vi" in fold(await onboarding.invite(1, ["khong-ton-tai"], "htsd_bot"))


async def test_more_than_five_wrong_codes_an_hour_are_refused_outright(db, knowledge, clock):
    onboarding = Onboarding(db, clock, knowledge)
    await sync_roster(db, knowledge)
    async with db.transaction() as session:
        invite = await create_invite(session, role="staff", unit_id="dakplo-mn-vi-du", now=clock.now())
    for attempt in range(5):
        assert "khong hop le" in fold(await onboarding.register(77, "X", None, f"WRONG{attempt}XX"))
    assert "qua nhieu lan" in fold(await onboarding.register(77, "X", None, invite.code))
    clock.advance(hours=1, minutes=1)
    async with db.transaction() as session:
        user = await session.get(User, 77)
        assert (await redeem(session, user, invite.code, clock.now())).status == RedeemStatus.OK


def test_cli_migrate_units_import_and_invite(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.chdir(tmp_path)  # no .env from the working tree
    assert main(["migrate"]) == 0
    assert "revision" in capsys.readouterr().out
    csv_file = tmp_path / "more.csv"
    csv_file.write_text("id,plan_id,name,kind\nnt-truong-a,namtrieu-2025,Trường A,cac-truong\n", encoding="utf-8")
    assert main(["units", "import", str(csv_file)]) == 0
    capsys.readouterr()
    assert main(["units", "--plan", "namtrieu-2025", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"id": "nt-truong-a", "plan_id": "namtrieu-2025", "name": "Trường A", "kind": "cac-truong"} in listed
    assert len(listed) == 5
    assert main(["invite", "--unit", "nt-truong-a", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["role"] == "staff" and len(made["code"]) >= 8
    assert main(["invite", "--unit", "nope"]) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("id,plan_id,name,kind\nBAD,namtrieu-2025,X,cac-truong\n", encoding="utf-8")
    assert main(["units", "import", str(bad)]) == 1
    assert f"{bad}:2: id:" in capsys.readouterr().err
