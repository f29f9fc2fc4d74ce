"""The .docx report an official signs: header (NĐ 30 layout), the plan's own year and document,
the II.1 table with the totals of the confirmed reports, pre-filled and written parts, signature."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from bot.db import report_sections
from tests.summary_helpers import PLAN, add_submission, add_units, docx_parts, make_desk, results_table, vn

FIGURES = {
    "a": {
        "press_articles": 1000,
        "leaflets": 200,
        "plan_issued": 1,
        "award_budget": 1_500_000,
        "workshop_participants": 120,
    },
    "b": {"press_articles": 200, "leaflets": 5, "plan_issued": 0, "award_budget": 250_000},
    "c": {"press_articles": 9999, "plan_issued": 1},  # a draft: never counted
}


async def _seed(db, plan_id: str = PLAN) -> None:
    await add_units(
        db, {"a": "Trường Tiểu học A", "b": "Trường THCS B", "c": "Trường Mầm non C", "d": "Trường D"}, plan_id
    )
    await add_submission(db, "a", FIGURES["a"], plan_id=plan_id, confirmed_at=vn(2025, 10, 6, 9, 30))
    await add_submission(db, "b", FIGURES["b"], plan_id=plan_id, confirmed_at=vn(2025, 10, 16, 14, 0))
    await add_submission(db, "c", FIGURES["c"], plan_id=plan_id, status="draft")


def _desk(db, knowledge, now=None):
    return make_desk(db, knowledge, now)


async def test_header_has_the_issuer_the_national_title_number_place_date_and_the_plans_year(db, knowledge):
    await _seed(db)
    export = await _desk(db, knowledge).export(PLAN)
    assert export.docx_name == "bao-cao-namtrieu-2025-2025-10-17.docx"
    paragraphs, tables = docx_parts(export.docx)
    header = tables[0]
    assert header[0][0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG NAM TRIỆU"]
    assert header[0][1].split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert re.fullmatch(r"Số:\s+/BC-UBND", header[1][0])
    assert header[1][1] == "Nam Triệu, ngày 17 tháng 10 năm 2025"
    body = [p for p in paragraphs if p]
    title = body.index("BÁO CÁO")
    assert body[title + 1] == "Tổ chức thực hiện Tuần lễ hưởng ứng học tập suốt đời năm 2025"
    assert not any(p.startswith("(Kèm theo") for p in body)  # the plan has no number
    text = "\n".join(paragraphs)
    assert "2023" not in text and "05/9" not in text  # nothing of the template's plan leaks in
    for heading in (
        "I. Công tác chỉ đạo; kết quả đạt được",
        "II. Kết quả cụ thể",
        "1. Các kết quả theo từng hoạt động đã thực hiện nhằm hưởng ứng Tuần lễ",
        "2. Những thuận lợi và khó khăn",
        "III. Kế hoạch tiếp theo nhằm hưởng ứng Tuần lễ học tập suốt đời năm 2025",
        "IV. Đề xuất, kiến nghị",
    ):
        assert heading in body, heading


async def test_results_table_holds_the_totals_of_confirmed_reports_with_thousands_separators(db, knowledge):
    await _seed(db)
    _, tables = docx_parts((await _desk(db, knowledge).export(PLAN)).docx)
    table = results_table(tables)
    assert table["Số bài viết trên các báo"] == ("1.200 bài", "2 đơn vị có số liệu")  # 1000 + 200, not the draft
    assert table["Số lượng tờ rơi đã phát hành"][0] == "205 tờ"
    assert table["Tổng kinh phí khen thưởng"][0] == "1.750.000 đồng"
    assert table["1. Kế hoạch tổ chức Tuần lễ HTSĐ"] == ("1 đơn vị", "trên 2 đơn vị đã báo cáo")
    assert table["Số người tham gia hội thảo, tọa đàm"] == ("120 người", "1 đơn vị có số liệu")
    assert table["Số lần hội thảo, tọa đàm"] == ("—", "Không đơn vị nào được hỏi")
    library = next(label for label in table if label.startswith("Số cơ sở giáo dục"))
    # the 2023 template's "(đến thời điểm 05/9/2023)" never shows in a 2025 report (dropped, or the plan's own)
    assert "có thư viện" in library and "2023" not in library and "05/9" not in library


async def test_a_figure_nobody_reported_is_a_dash_and_a_zero_reported_is_a_zero(db, knowledge):
    """'0 trung tâm' would state that a unit counted none: only a unit's 0 prints as 0; a question no
    reporting unit was asked, or none answered, prints "—" with the reason (.docx and .xlsx)."""
    import openpyxl

    await add_units(db, {"a": "Trường A", "b": "Trường B"})
    # both asked the workshops; a answers 0 sessions; nobody answers the participants; the
    # community centres' question is asked of nobody (a school's form)
    asked = {"workshops": 0, "workshop_participants": None, "press_articles": 4}
    await add_submission(db, "a", asked, confirmed_at=vn(2025, 10, 6, 9))
    await add_submission(db, "b", {**asked, "workshops": None}, confirmed_at=vn(2025, 10, 7, 9))
    export = await _desk(db, knowledge).export(PLAN)
    table = results_table(docx_parts(export.docx)[1])
    assert table["Số lần hội thảo, tọa đàm"] == ("0 lần", "")
    assert table["Số người tham gia hội thảo, tọa đàm"] == ("—", "Chưa đơn vị nào trả lời")
    assert table["Số Trung tâm HTCĐ có đủ cơ sở vật chất"] == ("—", "Không đơn vị nào được hỏi")
    assert not any(
        figure.startswith("0 ") for label, (figure, _) in table.items() if label != "Số lần hội thảo, tọa đàm"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(export.xlsx)).worksheets[0]
    cells = {row[0].value: (row[1].value, row[2].value) for row in sheet.iter_rows() if row[0].value}
    assert cells["Số lần hội thảo, tọa đàm"][0] == 0
    assert cells["Số người tham gia hội thảo, tọa đàm"] == ("—", "Chưa đơn vị nào trả lời")


async def test_prefilled_parts_state_the_facts_and_an_officials_text_replaces_them(db, knowledge):
    await _seed(db)
    desk = _desk(db, knowledge)
    paragraphs, _ = docx_parts((await desk.export(PLAN)).docx)
    text = "\n".join(paragraphs)
    assert (
        "2/4 đơn vị đã gửi báo cáo kết quả: 1 đơn vị đúng hạn (hạn 15/10/2025); 1 đơn vị nộp muộn; "
        "2 đơn vị chưa báo cáo." in text
    )
    assert "Tuần lễ được tổ chức từ ngày 01/10/2025 đến ngày 07/10/2025" in text
    assert "- Số bài viết trên các báo: 1.200 bài;" in text  # the largest figure first
    assert "2 đơn vị chưa gửi báo cáo: Trường D, Trường Mầm non C." in text
    assert "1 đơn vị nộp báo cáo sau hạn: Trường THCS B." in text

    async with db.transaction() as session:
        await report_sections.set_text(
            session,
            PLAN,
            "proposals",
            "Đề nghị Sở hỗ trợ tài liệu.\n\nTập huấn cho giáo viên.",
            author_id=7,
            now=vn(2025, 10, 17, 8),
        )
        await report_sections.set_text(
            session, PLAN, "direction", "UBND phường đã chỉ đạo sát sao.", author_id=7, now=vn(2025, 10, 17, 8)
        )
    paragraphs, _ = docx_parts((await desk.export(PLAN)).docx)
    body = [p for p in paragraphs if p]
    proposals = body.index("IV. Đề xuất, kiến nghị")
    assert body[proposals + 1 : proposals + 3] == ["Đề nghị Sở hỗ trợ tài liệu.", "Tập huấn cho giáo viên."]
    direction = body.index("I. Công tác chỉ đạo; kết quả đạt được")
    assert body[direction + 1] == "UBND phường đã chỉ đạo sát sao."
    assert body[direction + 2] == "II. Kết quả cụ thể"  # the pre-filled text of part I is replaced, not added to


async def test_signature_block_names_the_recipients_upward_and_the_signer(db, knowledge):
    await _seed(db)
    _, tables = docx_parts((await _desk(db, knowledge).export(PLAN)).docx)
    recipients, signer = tables[-1][0]
    assert recipients.split("\n") == ["Nơi nhận:", "- Sở Giáo dục và Đào tạo thành phố Hải Phòng;", "- Lưu: VT."]
    assert [line for line in signer.split("\n") if line] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Đức Dũng",
    ]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Minh"]),
        ("Phó Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Minh"]),
    ],
)
def test_a_committees_chair_signs_on_its_behalf_under_the_title(knowledge, title, lines):
    """A signer corrected to 'Trần Văn Minh, Chủ tịch' signs a people's committee's report under
    'TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH' (Nghị định 30/2020), not under '(Ký tên, đóng dấu)'."""
    import datetime as dt

    from bot.kb.schema import Signer
    from bot.summary.build import compute_summary
    from bot.summary.data import PlanData, UnitRow
    from bot.summary.report_doc import build_docx
    from tests.summary_helpers import VN

    catalog = knowledge.catalog
    plan = catalog.plans["dakplo-2025"]  # issued by the commune's people's committee, signer unknown
    signed = plan.model_copy(
        update={"document": plan.document.model_copy(update={"signer": Signer(name="Trần Văn Minh", title=title)})}
    )
    data = PlanData(plan.id, [UnitRow("a", "Trường A")], [])
    summary = compute_summary(catalog, signed, catalog.form_for(plan), data, dt.date(2025, 10, 17), VN)
    _, tables = docx_parts(build_docx(signed, summary, {}, vn(2025, 10, 17, 9), VN))
    _, signer = tables[-1][0]
    assert [line for line in signer.split("\n") if line] == lines


async def test_a_plan_with_a_number_is_cited_and_a_plan_without_a_signer_leaves_room_to_sign(db, knowledge):
    await _seed(db, "thanhbinh-2025")
    paragraphs, tables = docx_parts((await _desk(db, knowledge).export("thanhbinh-2025")).docx)
    assert (
        "(Kèm theo Kế hoạch số 01/KH-TTHTCĐ ngày 29/09/2025 của Trung tâm học tập cộng đồng xã Thanh Bình)"
        in paragraphs
    )
    assert re.fullmatch(r"Số:\s+/BC-TTHTCĐ", tables[0][1][0])
    assert tables[0][1][1] == "Thanh Bình, ngày 17 tháng 10 năm 2025"

    await add_units(db, {"dp1": "Trường Tiểu học xã Đăk Plô"}, "dakplo-2025")
    await add_submission(db, "dp1", {"press_articles": 3}, plan_id="dakplo-2025")
    paragraphs, tables = docx_parts((await _desk(db, knowledge).export("dakplo-2025")).docx)
    text = "\n".join(paragraphs)
    assert "năm 2025" in text and "2023" not in text
    recipients, signer = tables[-1][0]
    assert (
        "- Ủy ban nhân dân tỉnh Quảng Ngãi;" in recipients and "- Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi;" in recipients
    )
    assert signer.strip() == "(Ký tên, đóng dấu)"  # the plan names no signer: nothing is invented


async def test_the_template_plan_keeps_its_own_title_and_dates(db, knowledge):
    await add_units(db, {"x": "UBND xã A"}, "anlao-2023")
    await add_submission(db, "x", {"libraries": 4}, plan_id="anlao-2023", confirmed_at=vn(2023, 10, 10, 9))
    desk = _desk(db, knowledge, vn(2023, 10, 14, 9))
    paragraphs, tables = docx_parts((await desk.export("anlao-2023")).docx)
    assert "Tổ chức thực hiện tuần lễ hưởng ứng học tập suốt đời năm 2023" in paragraphs
    assert tables[0][1][1] == "An Lão, ngày 14 tháng 10 năm 2023"
    assert not any("2025" in label for label in results_table(tables))  # nothing of the export's own year


async def test_page_is_a4_with_administrative_margins_in_times_new_roman(db, knowledge):
    await _seed(db)
    document = Document(io.BytesIO((await _desk(db, knowledge).export(PLAN)).docx))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(margin.cm, 2) for margin in margins] == [3.0, 2.0, 2.0, 2.0]
    assert document.styles["Normal"].font.name == "Times New Roman"


@pytest.mark.parametrize("plan_id", ["dakplo-2025", "namtrieu-2025", "thanhbinh-2025", "ductrong-2021"])
async def test_no_other_plans_year_appears_in_any_plans_report(db, knowledge, plan_id):
    plan = knowledge.catalog.plans[plan_id]
    await add_units(db, {"u": "Đơn vị một"}, plan_id)
    await add_submission(
        db, "u", {"press_articles": 2, "libraries": 1}, plan_id=plan_id, confirmed_at=vn(plan.year, 10, 9, 9)
    )
    desk = _desk(db, knowledge, vn(plan.year, 10, 12, 9))
    paragraphs, _ = docx_parts((await desk.export(plan_id)).docx)
    years = {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", "\n".join(paragraphs))}
    assert years <= {plan.year, plan.year + 1}, years  # "năm học 2025 – 2026" is the plan's own
