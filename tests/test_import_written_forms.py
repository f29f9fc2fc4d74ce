"""How Vietnamese plans write their facts, each shown on a small plan of its own: dates with dashes,
a week given by its length, articles ("Điều 1."), a ceremony headed with its time and place below it,
tables printed as text, the signature printed beside "Nơi nhận", and the documents a plan is based on.
A value the importer is unsure of stays empty: never a wrong one."""

from __future__ import annotations

import datetime as dt

from bot.kb.importer.draft import draft_plan

D = dt.date


def _plan(body: str, tail: str | None = None) -> str:
    tail = tail or "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Tâm\n"
    return (
        "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND\nAn Phú, ngày 20 tháng 9 năm 2026\n\nKẾ HOẠCH\n"
        f"Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026\n\n{body.strip()}\n\n{tail}"
    )


def _data(body: str, tail: str | None = None) -> dict:
    return draft_plan(_plan(body, tail), source_file="x.txt").data


def test_a_period_written_with_dashes_between_day_month_and_year():
    data = _data("I. THỜI GIAN\n1. Thời gian: Các hoạt động của Tuần lễ được tổ chức từ 05-10-2026 đến 11-10-2026.")
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 5), D(2026, 10, 11))


def test_a_period_with_weekdays_in_brackets_after_each_day():
    data = _data("I. THỜI GIAN\nTuần lễ diễn ra từ ngày 05/10/2026 (Thứ Hai) đến ngày 11/10/2026 (Chủ nhật).")
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 5), D(2026, 10, 11))


def test_a_week_given_by_its_length_and_first_day_ends_on_its_last_day():
    data = _data("I. THỜI GIAN\nTuần lễ được tổ chức trong thời gian 07 ngày, bắt đầu từ ngày 05/10/2026 (Thứ Hai).")
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 5), D(2026, 10, 11))


def test_a_length_with_two_dates_in_the_sentence_gives_no_period():
    data = _data("I. THỜI GIAN\nTuần lễ kéo dài 07 ngày, từ ngày 05/10/2026; tổng kết ngày 20/10/2026.")
    assert data["period"] is None


def test_articles_number_the_sections_and_a_units_article_keeps_its_reporting_duty():
    data = _data(
        "Điều 1. Mục đích, yêu cầu\n- Nâng cao nhận thức của Nhân dân về học tập suốt đời.\n"
        "Điều 2. Tổ chức thực hiện\n1. Hội Khuyến học xã\n"
        "- Báo cáo kết quả về Ủy ban nhân dân xã trước ngày 12/10/2026."
    )
    assert [d["deadline"] for d in data["reporting"]] == [D(2026, 10, 12)]
    assert data["reporting"][0]["from"] == "hoi-khuyen-hoc-xa"


def test_a_ceremony_heading_a_section_is_dated_and_placed_by_the_items_below_it():
    data = _data(
        "I. THỜI GIAN, ĐỊA ĐIỂM\n1. Thời gian\nTuần lễ được tổ chức từ ngày 05/10/2026 đến ngày 11/10/2026.\n"
        "2. Lễ khai mạc Tuần lễ\na) Thời gian: 7 giờ 30, ngày 05 tháng 10 năm 2026 (Thứ Hai).\n"
        "b) Địa điểm: Nhà văn hóa thôn Đông.\nc) Thành phần: Lãnh đạo UBND xã, các đoàn thể."
    )
    opening = data["opening"]
    assert (opening["date"], opening["time"], opening["venue"]) == (D(2026, 10, 5), "07:30", "Nhà văn hóa thôn Đông")


def test_a_ceremony_headings_time_item_naming_two_days_leaves_the_date_empty():
    data = _data(
        "I. LỄ KHAI MẠC\n- Thời gian: 7 giờ 30 ngày 05/10/2026 hoặc ngày 06/10/2026 (tùy thời tiết).\n"
        "- Địa điểm: Sân UBND xã."
    )
    assert data["opening"]["date"] is None
    assert data["opening"]["time"] == "07:30"
