"""The chat core of publishing: a draft's key facts, and corrections typed in plain Vietnamese."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from bot.kb.importer.chat import MAX_MESSAGE, apply_correction, summarize_draft
from bot.kb.importer.draft import draft_plan
from bot.kb.loader import load_plans
from bot.kb.schema import Plan

DATA = Path(__file__).resolve().parent / "data" / "import"


@pytest.fixture()
def draft():
    return draft_plan((DATA / "thcs-leloi-2026.txt").read_text(encoding="utf-8"), source_file="x.txt").data


@pytest.fixture()
def ward():
    return draft_plan((DATA / "phuong-tanmai-2026.txt").read_text(encoding="utf-8"), source_file="x.txt").data


def test_summary_gives_locality_year_theme_dates_opening_deadlines_and_what_is_missing(ward):
    text = summarize_draft(ward)
    assert "phường Tân Mai (Hà Nội)" in text and "Năm: <b>2026</b>" in text
    assert "“Học tập suốt đời - chìa khóa của chuyển đổi số trong cộng đồng”" in text
    assert "từ <b>02/10/2026</b> đến <b>08/10/2026</b>" in text
    assert "Khai mạc: lúc 07:30 ngày 02/10/2026 tại Hội trường UBND phường Tân Mai" in text
    assert (
        "• Các trường Mầm non, Tiểu học, THCS trên địa bàn phường → Ủy ban nhân dân phường Tân Mai: <b>10/10/2026</b>"
        in text
    )
    assert "✅ Đủ các thông tin chính." in text


def test_summary_lists_missing_facts_and_escapes_document_text(draft):
    draft = copy.deepcopy(draft)
    draft["theme"] = "Học <để> vươn xa & hơn"
    draft["opening"] = None
    text = summarize_draft(draft)
    assert "Học &lt;để&gt; vươn xa &amp; hơn" in text
    assert "Còn thiếu:</b> Ngày khai mạc, Giờ khai mạc, Địa điểm khai mạc" in text
    assert len(text) <= MAX_MESSAGE


def test_summary_of_a_published_plan(plans):
    text = summarize_draft(next(p for p in plans if p.id == "thanhbinh-2025"))
    assert "xã Thanh Bình (Ninh Bình)" in text and "Chuyên đề: 3" in text and "Hạn báo cáo: kế hoạch không nêu." in text


def test_deadline_of_a_named_unit_is_corrected_and_the_input_left_alone(draft):
    before = copy.deepcopy(draft)
    result = apply_correction(draft, "hạn báo cáo của các tổ chuyên môn: 12/10/2026")
    assert draft == before
    assert result.data is not None and result.field == "reporting"
    assert result.data["reporting"][0]["deadline"] == dt.date(2026, 10, 12)
    assert "Hạn báo cáo của Các tổ chuyên môn: 09/10/2026 → <b>12/10/2026</b>" in result.message


def test_a_deadline_for_a_unit_without_one_adds_a_duty_to_the_issuer(ward):
    result = apply_correction(ward, "hạn báo cáo của hội khuyến học: 11/10")
    assert result.data is not None
    added = result.data["reporting"][-1]
    assert added["deadline"] == dt.date(2026, 10, 11) and added["to"] == [ward["issuer"]]
    assert "thêm hạn báo cáo mới của Hội Khuyến học phường" in result.message
    Plan.model_validate(result.data)


def test_opening_time_date_and_venue_in_one_sentence(draft):
    result = apply_correction(draft, "khai mạc: 7h30 ngày 01/10/2026 tại hội trường UBND xã")
    opening = result.data["opening"]
    assert (opening["date"], opening["time"], opening["venue"]) == (dt.date(2026, 10, 1), "07:30", "hội trường UBND xã")
    assert opening["name"] == "Lễ khai mạc"  # kept from the draft


def test_theme_period_and_several_lines_at_once(draft):
    result = apply_correction(draft, "chủ đề: “Học để sống tốt hơn”\nthời gian: từ 02/10 đến 08/10/2026\nnăm: 2026")
    assert result.data["theme"] == "Học để sống tốt hơn"
    assert (result.data["period"]["start"], result.data["period"]["end"]) == (
        dt.date(2026, 10, 2),
        dt.date(2026, 10, 8),
    )
    assert result.message.count("Đã sửa") == 3


def test_corrections_of_locality_signer_and_number(draft):
    result = apply_correction(draft, "tỉnh: Bình Dương\ncấp: xã\nngười ký: Nguyễn Văn A\nsố văn bản: 13/KH-THCS")
    assert result.data["locality"]["province"] == "Bình Dương" and result.data["locality"]["level"] == "xã"
    assert result.data["document"]["signer"]["name"] == "Nguyễn Văn A"
    assert result.data["document"]["number"] == "13/KH-THCS"


@pytest.mark.parametrize(
    ("typed", "name", "title", "behalf"),
    [
        ("người ký: Trần Văn Minh, Chủ tịch", "Trần Văn Minh", "Chủ tịch", None),
        ("người ký: Chủ tịch Trương Thị Lan", "Trương Thị Lan", "Chủ tịch", None),
        ("người ký: TM. Ủy ban nhân dân, KT. Chủ tịch - Phó Chủ tịch, Lê Văn Ba", "Lê Văn Ba",
         "KT. Chủ tịch - Phó Chủ tịch", "TM. Ủy ban nhân dân"),
    ],
)  # fmt: skip
def test_a_signers_title_typed_with_the_name_is_kept_apart_from_it(draft, typed, name, title, behalf):
    signer = apply_correction(draft, typed).data["document"]["signer"]
    assert (signer["name"], signer["title"], signer["on_behalf_of"]) == (name, title, behalf)


def test_correcting_only_the_signers_name_keeps_the_title(draft):
    first = apply_correction(draft, "người ký: Trần Văn Minh, Chủ tịch").data
    signer = apply_correction(first, "người ký: Nguyễn Văn A").data["document"]["signer"]
    assert (signer["name"], signer["title"]) == ("Nguyễn Văn A", "Chủ tịch")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("hạn báo cáo của các tổ chuyên môn: sớm nhất có thể", "Không đọc được ngày"),
        ("hạn báo cáo của hội nông dân: 12/10/2026", "không có đơn vị nào tên “hội nông dân”"),
        ("thời gian: tuần đầu tháng 10", "Không đọc được khoảng thời gian"),
        ("khai mạc: sớm", "Không đọc được ngày, giờ hay địa điểm"),
        ("màu cờ: đỏ", "chưa hiểu mục “màu cờ”"),
        ("đổi chủ đề thành Học tập", "dạng <b>mục: giá trị</b>"),
        ("chủ đề:", "chưa có giá trị"),
        ("năm: hai nghìn", "Năm “hai nghìn” không hợp lệ"),
        ("cấp: làng", "Cấp “làng” không hợp lệ"),
        ("khai mạc: 7h30 ngày 01/12/2028", "không hợp lệ"),
    ],
)
def test_a_correction_that_cannot_be_applied_gets_a_clear_vietnamese_error(draft, text, words):
    result = apply_correction(draft, text)
    assert result.data is None and words in result.message


def test_a_correction_is_all_or_nothing(draft):
    result = apply_correction(draft, "chủ đề: Mới\nhạn báo cáo của hội nông dân: 12/10/2026")
    assert result.data is None


def test_corrections_apply_to_a_validated_plan_too():
    plan = next(p for p in load_plans() if p.id == "dakplo-2025")
    result = apply_correction(plan, "hạn báo cáo của các trường: 12/10/2025")
    assert result.data is not None
    fixed = Plan.model_validate(result.data)
    assert {r.from_: r.deadline for r in fixed.reporting}["cac-truong"] == dt.date(2025, 10, 12)
