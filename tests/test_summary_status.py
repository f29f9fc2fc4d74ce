"""Each unit's report status: chưa nộp / đang nhập / đã nộp (đủ / thiếu N câu) / trả lại / đã duyệt,
counted apart in the summary and marked in every export. Reviews and evidence are optional inputs."""

from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import update

from bot.catalog import Catalog
from bot.db.models import Evidence, ReportDraft, ReportReview, Submission
from bot.reports.form import DEFAULT_FORM_PATH, load_form
from bot.summary.build import compute_summary, render_summary_html
from bot.summary.data import PlanData, Review, SubmissionRow, UnitRow, load_plan_data
from bot.summary.documents import Inputs, PlanDeadlines, build_export
from bot.summary.status import count_statuses, unit_states
from tests.summary_helpers import PLAN, VN, add_submission, add_units, add_user, as_confirmed, docx_parts, vn

FORM = load_form(DEFAULT_FORM_PATH)
ALL = {indicator.key: 1 for indicator in FORM.indicators}
CATALOG = Catalog.load()
PLANS = CATALOG.plans


def _row(number: int, unit: str, values: dict[str, int], *, version: int = 1, review: Review | None = None):
    return SubmissionRow(number, unit, version, vn(2025, 10, 5, 9), False, values, review=review)


def _data() -> PlanData:
    units = [UnitRow(u, f"Trường {u.upper()}") for u in ("full", "part", "back", "ok", "again", "typing", "none")]
    partial = dict(list(ALL.items())[:31])  # 3 questions without a figure
    submissions = [
        _row(1, "full", ALL),
        _row(2, "part", partial),
        _row(3, "back", ALL, review=Review("returned", version=1, note="Thiếu ảnh")),
        _row(4, "ok", partial, review=Review("accepted")),
        _row(5, "again", partial, version=2, review=Review("returned", version=1)),  # amended after the return
    ]
    return PlanData(PLAN, units, submissions, drafts=frozenset({"typing"}))


def test_each_unit_gets_one_status_and_a_review_beside_it_applying_to_the_version_it_was_made_on():
    states = {state.unit.id: state for state in unit_states(FORM, _data())}
    assert {unit: (state.status, state.review) for unit, state in states.items()} == {
        "full": ("complete", None),
        "part": ("incomplete", None),
        "back": ("complete", "returned"),
        "ok": ("incomplete", "accepted"),
        "again": ("incomplete", None),  # amended after the return: not reviewed yet
        "typing": ("draft", None),
        "none": ("missing", None),
    }
    assert states["part"].missing_answers == 3 and states["part"].label == "đã nộp (thiếu 3 câu)"
    assert states["back"].label == "đã nộp (đủ), trả lại"


def test_accepting_an_incomplete_report_does_not_hide_that_it_is_incomplete():
    states = {state.unit.id: state for state in unit_states(FORM, _data())}
    assert states["ok"].label == "đã nộp (thiếu 3 câu), đã duyệt"
    summary = compute_summary(CATALOG, PLANS[PLAN], FORM, _data(), dt.date(2025, 10, 6), VN)
    counts = summary.status_counts
    assert (counts["complete"], counts["incomplete"]) == (2, 3)  # full, back | part, ok, again
    assert counts["complete"] + counts["incomplete"] == summary.reported
    assert (counts["accepted"], counts["returned"]) == (1, 1)
    assert (states["typing"].label, states["none"].label) == ("đang nhập", "chưa nộp")


def test_a_count_of_missing_answers_given_by_the_data_wins_over_the_default_form():
    row = SubmissionRow(1, "full", 1, vn(2025, 10, 5, 9), False, {"press_articles": 1}, missing=0)
    data = PlanData(PLAN, [UnitRow("full", "A")], [row])
    assert unit_states(FORM, data)[0].status == "complete"  # e.g. a school's form without the commune questions


def test_summary_counts_statuses_apart_and_says_so():
    summary = compute_summary(CATALOG, PLANS[PLAN], FORM, _data(), dt.date(2025, 10, 6), VN)
    assert (summary.reported, summary.expected) == (5, 7)
    assert count_statuses(summary.states) == summary.status_counts
    assert summary.status_counts == {
        "complete": 2,
        "incomplete": 3,
        "draft": 1,
        "missing": 1,
        "accepted": 1,
        "returned": 1,
    }
    text = render_summary_html(summary)
    assert "Đơn vị đã báo cáo: 5/7" in text
    assert "Trong đó: 2 đủ, 3 thiếu số liệu; đã xem xét: 1 đã duyệt, 1 bị trả lại; 1 đang nhập." in text


def test_every_export_marks_the_statuses():
    now = vn(2025, 10, 6, 17)
    data = _data()
    rules = PlanDeadlines.of(CATALOG, PLANS[PLAN], {unit.kind for unit in data.units})
    export = build_export(Inputs(rules, PLANS[PLAN], FORM, data, now, VN))
    rows = {row[0]: row for row in csv.reader(io.StringIO(export.csv.decode("utf-8-sig")))}
    assert rows["back"][2] == "đã nộp (đủ), trả lại" and rows["typing"][2] == "đang nhập"
    assert rows["ok"][2] == "đã nộp (thiếu 3 câu), đã duyệt"
    paragraphs, _ = docx_parts(export.docx)
    text = "\n".join(paragraphs)
    assert "Tình trạng các báo cáo: 2 đủ, 3 thiếu số liệu; đã xem xét: 1 đã duyệt, 1 bị trả lại; 1 đang nhập." in text
    assert "1 báo cáo bị trả lại để bổ sung, chỉnh sửa: Trường BACK." in text
    assert "3 báo cáo còn thiếu số liệu ở một số nội dung: Trường PART, Trường OK, Trường AGAIN." in text


async def test_a_report_being_typed_in_chat_counts_as_draft(db):
    await add_units(db, {"t": "Trường T", "n": "Trường N"})
    await add_user(db, 11, "staff", unit_id="t")
    async with db.transaction() as session:
        session.add(
            ReportDraft(
                user_id=11, unit_id="t", plan_id=PLAN, step=3, values={}, mode="form", updated_at=vn(2025, 10, 5)
            )
        )
    await add_submission(db, "n", as_confirmed({"press_articles": 2}))
    async with db.transaction(readonly=True) as session:
        data = await load_plan_data(session, PLAN, dt.date(2025, 10, 6), VN)
    assert data.drafts == frozenset({"t"})
    assert [state.status for state in unit_states(FORM, data)] == ["incomplete", "draft"]  # roster order: N, T


async def test_missing_answers_are_the_questions_the_unit_was_asked_and_left_blank(db):
    """The flow stores a row per question the unit is asked: a school asked 3 questions and answering
    them all is complete, whatever the whole form has."""
    await add_units(db, {"s": "Trường S", "p": "Trường P"})
    await add_submission(db, "s", {"press_articles": 2, "leaflets": 0, "plan_issued": 1})
    await add_submission(db, "p", {"press_articles": 2, "leaflets": None, "plan_issued": None})
    async with db.transaction(readonly=True) as session:
        data = await load_plan_data(session, PLAN, dt.date(2025, 10, 6), VN)
    states = {state.unit.id: state for state in unit_states(FORM, data)}
    assert states["s"].status == "complete" and states["s"].submission.values["leaflets"] == 0
    assert (states["p"].status, states["p"].label) == ("incomplete", "đã nộp (thiếu 2 câu)")


async def test_reviews_completeness_and_evidence_are_read_from_their_tables(db):
    await add_units(db, {"r": "Trường R", "k": "Trường K", "e": "Trường E"})
    returned = await add_submission(db, "r", {"press_articles": 2})
    accepted = await add_submission(db, "k", {"press_articles": 5})
    counted = await add_submission(db, "e", {"press_articles": 1})
    await add_user(db, 21, "official", plan_id=PLAN, name="Chị Hoa")
    async with db.transaction() as session:
        for sid, decision in ((returned, "returned"), (accepted, "accepted")):
            session.add(
                ReportReview(
                    submission_id=sid,
                    version=1,
                    decision=decision,
                    comment="Bổ sung ảnh" if decision == "returned" else None,
                    reviewer=21,
                    reviewed_at=vn(2025, 10, 16, 8),
                )
            )
        await session.execute(update(Submission).where(Submission.id == returned).values(review_status="returned"))
        await session.execute(update(Submission).where(Submission.id == accepted).values(review_status="accepted"))
        # the unit's form asked 24 questions and 20 were answered (kept at confirmation)
        await session.execute(update(Submission).where(Submission.id == counted).values(questions=24, answered=20))
        session.add(
            Evidence(
                unit_id="e", plan_id=PLAN, user_id=21, kind="photo", file_id="f", file_unique_id="u", size=10,
                caption="Lễ khai mạc", path="e/1.jpg", version=1, created_at=vn(2025, 10, 2, 8),
            )
        )  # fmt: skip
    async with db.transaction(readonly=True) as session:
        data = await load_plan_data(session, PLAN, dt.date(2025, 10, 16), VN)
    states = {state.unit.id: state for state in unit_states(FORM, data)}
    assert states["r"].review == "returned" and states["r"].submission.review.note == "Bổ sung ảnh"
    assert states["r"].submission.review.by == "Chị Hoa"
    assert states["k"].review == "accepted"
    assert (states["e"].status, states["e"].missing_answers) == ("incomplete", 4)
    assert [(row.unit_id, row.caption, row.kind) for row in data.evidence] == [("e", "Lễ khai mạc", "photo")]
