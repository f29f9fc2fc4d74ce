"""A unit's receipt and the officials' summary agree on its deadline and on "late", for every unit
of every plan (one rule, in the catalogue): reported on the deadline day is on time, a day later late."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.clock import ManualClock
from bot.formats import vn_date
from bot.invites import Onboarding, create_invite
from bot.reports.flow import ReportFlow
from bot.summary.schedule import OfficialsDesk, ScheduleConfig
from bot.work import Postman
from tests.conftest import sync_roster
from tests.harness import VN, vn_time


async def report_once(flow: ReportFlow, user: int) -> str:
    """Figures typed freely, confirmed, sent: the receipt's text."""
    offer = await flow.text(user, "đã treo 3 băng rôn")
    assert offer is not None
    ok = next(b.data for r in offer for row in r.buttons for b in row if b.data and ":fok:" in f":{b.data}")
    replies = await flow.button(user, ok.removeprefix("rep:"))
    send = next(b.data for r in replies for row in r.buttons for b in row if b.data and "send:" in b.data)
    receipt = await flow.button(user, send.removeprefix("rep:"))
    anyway = [b.data for r in receipt for row in r.buttons for b in row if b.data and "sok:" in b.data]
    if anyway:  # the report is incomplete: sent anyway
        receipt = await flow.button(user, anyway[0].removeprefix("rep:"))
    return "\n".join(r.text for r in receipt)


@pytest.mark.parametrize("late", [False, True], ids=["on-the-deadline-day", "a-day-later"])
async def test_receipt_and_summary_agree_for_every_unit(db, knowledge, catalog, late):
    await sync_roster(db, knowledge)
    units = [(unit, catalog.deadline_for(catalog.plans[unit.plan_id], unit.kind).day) for unit in catalog.units]
    dated = [(unit, deadline) for unit, deadline in units if deadline is not None]
    assert len(dated) >= 10
    for number, (unit, deadline) in enumerate(dated, start=1):
        day = deadline + dt.timedelta(days=1 if late else 0)
        clock = ManualClock(vn_time(day.year, day.month, day.day, 16, 0))
        onboarding, flow = Onboarding(db, clock, knowledge), ReportFlow(db, clock, knowledge)
        async with db.transaction() as session:
            invite = await create_invite(session, role="staff", unit_id=unit.id, now=clock.now())
        await onboarding.register(number, "Cán bộ", None, invite.code)
        intro = "\n".join(r.text for r in await flow.start(number))
        assert vn_date(deadline) in intro, unit.id
        await flow.cancel(number)
        receipt = await report_once(flow, number)
        assert ("nộp muộn" in receipt) is late, (unit.id, receipt)
        desk = OfficialsDesk(db, knowledge, clock, ScheduleConfig(tz=VN), Postman(db, clock, "test"))
        summary, _ = await desk.summary(unit.plan_id)
        assert summary.is_late(unit.id) is late, unit.id
        assert unit.id not in {u.id for u in summary.missing}
