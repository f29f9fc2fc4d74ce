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


def _sessions(data: dict) -> list[tuple]:
    """(date, topic) of each special session drafted."""
    return [(s["date"], s["topic"]) for s in data["special_sessions"]]


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


_SCHEDULE = (
    "I. THỜI GIAN\nTuần lễ được tổ chức từ ngày 05/10/2026 đến ngày 11/10/2026.\n"
    "II. LỊCH HOẠT ĐỘNG\n"
    "Ngày\tThời gian\tNội dung hoạt động\tĐịa điểm\n"
    "Thứ Hai, 05-10-2026\t7h30 - 8h15\tLễ khai mạc Tuần lễ, chào mừng Ngày Khuyến học Việt Nam 02/10; "
    "phát động phong trào “Đọc một cuốn sách mỗi tháng”\tSân UBND xã\n"
    "Thứ Tư, 07-10-2026\tTiết 3\tGiờ đọc theo chủ điểm “Quê hương em”\tThư viện xã\n"
    "Thứ Sáu, 09-10-2026\t19h00\tNói chuyện “Phòng chống lừa đảo qua mạng”\tNhà văn hóa thôn Đông\n"
)


def test_a_ceremony_in_a_schedule_row_takes_the_rows_day_time_and_place_not_a_date_in_its_cell():
    opening = _data(_SCHEDULE)["opening"]
    assert (opening["date"], opening["time"], opening["venue"]) == (D(2026, 10, 5), "07:30", "Sân UBND xã")


def test_each_dated_row_of_a_schedule_table_with_a_quoted_topic_is_a_session_but_a_ceremony_is_not():
    sessions = _data(_SCHEDULE)["special_sessions"]
    assert [(s["date"], s["topic"]) for s in sessions] == [
        (D(2026, 10, 7), "Quê hương em"),
        (D(2026, 10, 9), "Phòng chống lừa đảo qua mạng"),
    ]


_REPORT_TABLE = (
    "I. TỔ CHỨC THỰC HIỆN\n1. Hội Khuyến học xã\nPhối hợp tổ chức các hoạt động.\n2. Chế độ báo cáo\n"
    "| Đơn vị | Nội dung | Thời hạn | Nơi nhận |\n"
    "|---|---|---|---|\n"
    "| Ban Tuyên truyền - Thi đua | Báo cáo số tin, bài tuyên truyền | Trước ngày 14/10/2026 | Hội Khuyến học xã |\n"
    "| Các chi hội khuyến học thôn | Báo cáo kết quả (theo mẫu gửi kèm) | Trước ngày 12/10/2026 | "
    "Hội Khuyến học xã (qua Văn phòng Hội) |\n"
    "| Hội Khuyến học xã | Báo cáo tổng hợp | Theo tiến độ | Ủy ban nhân dân xã |\n"
)


def test_each_row_of_a_reporting_table_is_a_duty_with_its_sender_deadline_and_recipient():
    data = draft_plan(_plan(_REPORT_TABLE), source_file="x.txt")
    duties = {d["deadline"]: d for d in data.data["reporting"]}
    assert set(duties) == {D(2026, 10, 14), D(2026, 10, 12)}
    names = {u["id"]: u["name"] for u in data.data["units"]}
    assert names[duties[D(2026, 10, 14)]["from"]] == "Ban Tuyên truyền - Thi đua"
    assert duties[D(2026, 10, 12)]["via"] == "qua Văn phòng Hội"
    assert any("không rõ hạn" in note for _, note in data.evidence.warnings)  # "Theo tiến độ": no date


def test_the_rule_under_a_text_tables_header_is_no_row():
    data = draft_plan(_plan(_REPORT_TABLE), source_file="x.txt")
    assert not any("---" in line.text for line in data.layout.lines)


def test_a_signature_printed_beside_the_recipients_is_read_as_its_own_column():
    tail = (
        "Nơi nhận:                                   TM. ỦY BAN NHÂN DÂN\n"
        "- Sở GD&ĐT tỉnh (b/c);                              CHỦ TỊCH\n"
        "- Hội Khuyến học xã;\n"
        "- Lưu: VT.\n\n\n"
        "                                              Lê Văn Tâm\n"
    )
    document = _data("I. MỤC ĐÍCH\n- Nâng cao nhận thức về học tập suốt đời.", tail)["document"]
    assert document["signer"]["name"] == "Lê Văn Tâm"
    assert document["signer"]["title"] == "Chủ tịch"
    assert document["recipients"] == ["Sở GD&ĐT tỉnh (b/c)", "Hội Khuyến học xã", "Lưu: VT"]


def test_a_document_only_mentioned_in_the_objectives_is_no_basis_and_the_review_names_it():
    draft = draft_plan(
        _plan(
            "Căn cứ Kế hoạch số 88/KH-UBND ngày 10/9/2026 của Ủy ban nhân dân huyện về tổ chức Tuần lễ;\n"
            "Ủy ban nhân dân xã An Phú xây dựng kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n"
            "1. Góp phần thực hiện Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ phê duyệt Đề án.\n"
            "II. CĂN CỨ BỔ SUNG\n- Công văn số 77/SGDĐT-GDTX ngày 12/9/2026 của Sở Giáo dục và Đào tạo về Tuần lễ."
        ),
        source_file="x.txt",
    )
    assert [b["number"] for b in draft.data["based_on"]] == ["88/KH-UBND", "77/SGDĐT-GDTX"]
    assert any("1373/QĐ-TTg" in note and "căn cứ" in note for _, note in draft.evidence.warnings)


def test_the_date_of_a_named_day_is_not_the_date_of_the_ceremony_that_celebrates_it():
    data = _data(
        "I. LỄ KHAI MẠC\nLễ khai mạc Tuần lễ kết hợp chào mừng Ngày Khuyến học Việt Nam 02/10 được tổ chức lúc "
        "7 giờ 30 ngày 05/10/2026 tại Sân UBND xã."
    )
    assert (data["opening"]["date"], data["opening"]["time"]) == (D(2026, 10, 5), "07:30")


def test_a_ceremony_dated_only_by_something_listed_with_it_is_left_undated_with_a_note():
    draft = draft_plan(
        _plan("I. CHUẨN BỊ\n- Chuẩn bị Lễ khai mạc; tập huấn báo cáo viên ngày 02/10/2026 lúc 14 giờ 00."),
        source_file="x.txt",
    )
    assert (draft.data["opening"]["date"], draft.data["opening"]["time"]) == (None, None)
    assert any("Lễ khai mạc" in note and "02/10/2026" in note for _, note in draft.evidence.warnings)


def test_a_time_far_from_the_ceremonys_date_is_not_its_time():
    data = _data(
        "I. LỄ KHAI MẠC\nLễ khai mạc Tuần lễ tổ chức ngày 05/10/2026 tại Sân UBND xã, với sự tham dự của lãnh đạo "
        "xã, các ban ngành, đoàn thể, các trường học và đông đảo Nhân dân; các lớp học buổi tối bắt đầu từ 19h00."
    )
    assert (data["opening"]["date"], data["opening"]["time"]) == (D(2026, 10, 5), None)


def test_a_list_item_the_page_wrapped_right_after_its_colon_is_read_whole():
    data = _data(
        "I. CÁC CHUYÊN ĐỀ\n"
        "+ 08:00 ngày 03/10/2026 (Thứ Bảy), tại Nhà văn hóa tổ dân phố số 12 của phường:\n"
        "Tọa đàm “Người cao tuổi với kỹ năng số”; thành phần: hội viên Hội Người cao tuổi.\n"
        "+ 14:00 ngày 06/10/2026 (Thứ Ba), tại Hội trường Trung tâm học tập cộng đồng xã:\n"
        "Lớp bồi dưỡng “Ứng dụng trí tuệ nhân tạo trong học tập”; thành phần: đoàn viên, giáo\n"
        "viên các trường trên địa bàn xã (khoảng 120 người)."
    )
    assert _sessions(data) == [
        (D(2026, 10, 3), "Người cao tuổi với kỹ năng số"),
        (D(2026, 10, 6), "Ứng dụng trí tuệ nhân tạo trong học tập"),
    ]


def test_a_time_said_to_be_in_the_afternoon_is_on_the_24_hour_clock():
    data = _data("I. LỄ KHAI MẠC\nLễ khai mạc Tuần lễ tổ chức vào lúc 2 giờ 30 chiều ngày 05/10/2026 tại Sân UBND xã.")
    assert data["opening"]["time"] == "14:30"


def test_a_period_from_mung_1_in_words():
    data = _data("I. THỜI GIAN\nTuần lễ diễn ra từ ngày mùng 5 tháng 10 đến ngày 11 tháng 10 năm 2026.")
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 5), D(2026, 10, 11))


def test_a_cited_document_with_a_comma_before_its_date_or_sharing_the_next_ones_issuer_is_a_basis():
    data = _data(
        "Căn cứ Công văn số 2140/SGDĐT-GDTX, ngày 18/9/2026 của Sở Giáo dục và Đào tạo về việc tổ chức Tuần lễ;\n"
        "Căn cứ Kế hoạch số 31/KH-UBND ngày 15/9/2026 và Công văn số 99/UBND-VX ngày 16/9/2026 của UBND huyện;\n"
        "UBND xã An Phú xây dựng kế hoạch như sau:\nI. MỤC ĐÍCH\n- Nâng cao nhận thức về học tập suốt đời."
    )
    assert [(b["number"], b["date"], b["issuer"]) for b in data["based_on"]] == [
        ("2140/SGDĐT-GDTX", D(2026, 9, 18), "Sở Giáo dục và Đào tạo"),
        ("31/KH-UBND", D(2026, 9, 15), "UBND huyện"),
        ("99/UBND-VX", D(2026, 9, 16), "UBND huyện"),
    ]


def test_two_reports_of_one_sentence_each_keep_their_own_deadline():
    data = _data(
        "I. TỔ CHỨC THỰC HIỆN\n1. Hội Khuyến học xã\n- Báo cáo sơ kết về UBND xã trước ngày 05/10/2026 và báo cáo "
        "tổng kết về UBND xã trước ngày 15/10/2026."
    )
    assert sorted(d["deadline"] for d in data["reporting"]) == [D(2026, 10, 5), D(2026, 10, 15)]


def test_the_same_kind_of_body_at_another_level_is_another_unit():
    data = _data(
        "I. TỔ CHỨC THỰC HIỆN\n1. Hội Khuyến học xã\n- Tổng hợp, báo cáo UBND xã trước ngày 12/10/2026; báo cáo "
        "Hội Khuyến học huyện trước ngày 14/10/2026."
    )
    duties = {d["deadline"]: d for d in data["reporting"]}
    assert duties[D(2026, 10, 14)]["from"] == "hoi-khuyen-hoc-xa"
    assert duties[D(2026, 10, 14)]["to"] == ["hoi-khuyen-hoc-huyen"]


def test_a_running_head_printed_on_every_page_does_not_break_the_sentence_it_falls_in():
    data = _data(
        "I. TỔ CHỨC THỰC HIỆN\n1. Hội Khuyến học xã\n- Tổng hợp kết quả, báo cáo về Ủy ban nhân dân xã\n"
        "ỦY BAN NHÂN DÂN\nXÃ AN PHÚ\n"
        "trước ngày 12/10/2026.\n2. Các trường học\n- Gửi báo cáo về Hội Khuyến học xã trước ngày 09/10/2026."
    )
    assert sorted(d["deadline"] for d in data["reporting"]) == [D(2026, 10, 9), D(2026, 10, 12)]


def test_a_table_header_printed_again_on_the_next_page_is_no_row():
    data = draft_plan(
        _plan(
            "I. LỊCH\nNgày\tNội dung\tĐịa điểm\n05/10/2026\tTọa đàm “Học tập số”\tNhà văn hóa\n"
            "Ngày\tNội dung\tĐịa điểm\n07/10/2026\tChuyên đề “An toàn mạng”\tHội trường"
        ),
        source_file="x.txt",
    )
    assert [s["date"] for s in data.data["special_sessions"]] == [D(2026, 10, 5), D(2026, 10, 7)]
    assert not any(line.text.startswith("- Ngày: Ngày") for line in data.layout.lines)


def test_a_period_from_one_weekday_to_another_with_the_dates_in_brackets():
    data = _data("I. THỜI GIAN\nTuần lễ diễn ra từ thứ Hai (05/10/2026) đến Chủ nhật (11/10/2026).")
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 5), D(2026, 10, 11))


def test_a_document_cited_without_the_word_so_is_a_basis():
    data = _data(
        "Căn cứ Kế hoạch 312/KH-UBND ngày 15/9/2026 của UBND huyện về tổ chức Tuần lễ;\n"
        "UBND xã An Phú xây dựng kế hoạch như sau:\nI. MỤC ĐÍCH\n- Nâng cao nhận thức về học tập suốt đời."
    )
    assert [b["number"] for b in data["based_on"]] == ["312/KH-UBND"]


def test_a_section_heading_both_ceremonies_dates_neither_from_its_items():
    data = _data("I. LỄ KHAI MẠC VÀ BẾ MẠC\n- Thời gian: 7 giờ 30 ngày 05/10/2026.\n- Địa điểm: Sân UBND xã.")
    assert all(data[kind] is None or data[kind]["date"] is None for kind in ("opening", "closing"))


def test_a_period_right_after_the_label_thoi_gian_needs_no_tu():
    data = _data("I. CHỦ ĐỀ, THỜI GIAN\n1. Thời gian: 05/10 - 11/10/2026.\n2. Lớp học: 12/10 - 16/10/2026.")
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 5), D(2026, 10, 11))


def test_a_line_of_several_days_gives_each_clause_its_own_session():
    data = _data(
        "I. NỘI DUNG\n- Ngày 06/10/2026: Tọa đàm “Cha mẹ đồng hành cùng con” tại Hội trường; ngày 08/10/2026: "
        "chuyên đề “Kỹ năng số”."
    )
    assert _sessions(data) == [
        (D(2026, 10, 6), "Cha mẹ đồng hành cùng con"),
        (D(2026, 10, 8), "Kỹ năng số"),
    ]


def test_a_clause_adding_a_second_report_keeps_the_sender_and_recipient_with_its_own_deadline():
    data = _data(
        "I. CHẾ ĐỘ BÁO CÁO\n- Hội Khuyến học xã gửi báo cáo nhanh về UBND xã trước ngày 03/10/2026; báo cáo tổng "
        "kết trước ngày 14/10/2026."
    )
    duties = sorted(data["reporting"], key=lambda d: d["deadline"])
    assert [(d["from"], d["to"], d["deadline"]) for d in duties] == [
        ("hoi-khuyen-hoc-xa", ["ubnd-xa-an-phu"], D(2026, 10, 3)),
        ("hoi-khuyen-hoc-xa", ["ubnd-xa-an-phu"], D(2026, 10, 14)),
    ]
    assert len({d["id"] for d in duties}) == 2


def test_a_week_written_as_one_span_of_days():
    data = _data("I. THỜI GIAN\nTuần lễ hưởng ứng được tổ chức trong 07 ngày (05-11/10/2026) trên toàn xã.")
    assert (data["period"]["start"], data["period"]["end"]) == (D(2026, 10, 5), D(2026, 10, 11))


def test_the_last_day_of_a_span_dates_no_session_and_no_ceremony():
    data = _data(
        "I. HOẠT ĐỘNG\n- Lễ khai mạc và trưng bày sách trong các ngày 05-11/10/2026 tại Thư viện xã.\n"
        "- Tọa đàm “Đọc sách cùng con” trong các ngày 06-08/10/2026."
    )
    assert data["opening"]["date"] is None
    assert data["special_sessions"] == []


def test_a_pipe_table_row_the_page_wrapped_over_several_lines_is_read_whole():
    table = (
        "I. CHẾ ĐỘ BÁO CÁO\n| Đơn vị | Nội dung | Thời hạn | Nơi nhận |\n|---|---|---|---|\n"
        "| Các chi hội khuyến học thôn | Báo cáo kết quả hưởng ứng Tuần lễ học tập\n\n"
        "suốt đời năm 2026 (theo mẫu gửi kèm) | Trước ngày\n\n"
        "12/10/2026 | Hội Khuyến học xã (qua Văn phòng Hội) |\n"
        "| Hội Khuyến học xã | Báo cáo tổng hợp | Trước ngày 15/10/2026 | Ủy ban nhân dân xã |\n"
    )
    duties = {d["deadline"]: d for d in _data(table)["reporting"]}
    assert set(duties) == {D(2026, 10, 12), D(2026, 10, 15)}
    assert duties[D(2026, 10, 12)]["to"] == [duties[D(2026, 10, 15)]["from"]]


def test_a_contest_in_a_schedule_row_is_no_session():
    data = _data(
        "I. LỊCH HOẠT ĐỘNG\nNgày\tNội dung hoạt động\tĐịa điểm\n06-10-2026\tCuộc thi vẽ tranh “Em yêu sách”\tCác lớp\n"
        "07-10-2026\tTiết đọc theo chủ điểm “Quê hương em”\tThư viện"
    )
    assert [s["topic"] for s in data["special_sessions"]] == ["Quê hương em"]


def test_a_signature_column_starting_above_the_recipients_keeps_its_name():
    tail = (
        "                                              TM. ỦY BAN NHÂN DÂN\n"
        "Nơi nhận:                                           CHỦ TỊCH\n"
        "- Sở GD&ĐT tỉnh (b/c);\n"
        "- Lưu: VT.                                        Lê Văn Tâm\n"
    )
    document = _data("I. MỤC ĐÍCH\n- Nâng cao nhận thức về học tập suốt đời.", tail)["document"]
    assert document["signer"]["name"] == "Lê Văn Tâm"
    assert document["recipients"] == ["Sở GD&ĐT tỉnh (b/c)", "Lưu: VT"]


def test_a_signature_column_beside_the_recipients_below_a_plain_noi_nhan_line():
    tail = (
        "Nơi nhận:\n"
        "- Sở GD&ĐT tỉnh (b/c);                       TM. ỦY BAN NHÂN DÂN\n"
        "- Hội Khuyến học xã;                                 CHỦ TỊCH\n"
        "- Lưu: VT.\n\n"
        "                                               Lê Văn Tâm\n"
    )
    document = _data("I. MỤC ĐÍCH\n- Nâng cao nhận thức về học tập suốt đời.", tail)["document"]
    assert (document["signer"]["name"], document["signer"]["title"]) == ("Lê Văn Tâm", "Chủ tịch")
    assert document["recipients"] == ["Sở GD&ĐT tỉnh (b/c)", "Hội Khuyến học xã", "Lưu: VT"]


def _aligned(rows: list[list[str]], widths: list[int]) -> str:
    return "\n".join(
        "".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


def test_a_table_printed_with_its_columns_aligned_by_spaces_is_read_row_by_row():
    widths = [6, 14, 14, 44, 24]
    table = _aligned(
        [
            ["STT", "Ngày", "Thời gian", "Nội dung hoạt động", "Địa điểm"],
            ["1", "Thứ Hai,", "7h30 - 8h15", "Lễ khai mạc Tuần lễ, chào mừng Ngày", "Sân UBND xã"],
            ["", "05/10/2026", "", "Khuyến học Việt Nam 02/10", ""],
            ["2", "07/10/2026", "19h00", "Nói chuyện “Phòng chống lừa đảo qua", "Nhà văn hóa thôn"],
            ["", "", "", "mạng”", "Đông"],
        ],
        widths,
    )
    data = _data(f"I. THỜI GIAN\nTuần lễ diễn ra từ ngày 05/10/2026 đến ngày 11/10/2026.\nII. LỊCH HOẠT ĐỘNG\n{table}")
    opening = data["opening"]
    assert (opening["date"], opening["time"], opening["venue"]) == (D(2026, 10, 5), "07:30", "Sân UBND xã")
    assert _sessions(data) == [(D(2026, 10, 7), "Phòng chống lừa đảo qua mạng")]


def test_a_paragraph_below_an_aligned_header_ends_the_table():
    widths = [14, 12, 30]
    table = _aligned([["Ngày", "Thời gian", "Nội dung"], ["05/10/2026", "7h30", "Tọa đàm “Học tập số”"]], widths)
    data = _data(
        f"I. LỊCH\n{table}\nCác đơn vị chủ động tổ chức các hoạt động khác phù hợp với điều kiện thực tế, "
        "báo cáo về UBND xã trước ngày 12/10/2026."
    )
    assert [s["topic"] for s in data["special_sessions"]] == ["Học tập số"]


def test_a_ceremony_followed_by_two_days_close_together_is_left_undated():
    data = _data("I. LỄ KHAI MẠC\nLễ khai mạc Tuần lễ tổ chức vào ngày 05/10/2026 hoặc 06/10/2026 tại Sân UBND xã.")
    assert data["opening"]["date"] is None


def test_a_schedule_that_lost_its_columns_gives_its_ceremony_no_date_or_time_of_another_row():
    flattened = (
        "1 Thứ Hai, 7h30 - 8h15 Lễ khai mạc Tuần lễ, chào mừng Ngày Sân UBND xã 05/10/2026 Khuyến học Việt Nam "
        "02/10 2 07/10/2026 19h00 Nói chuyện “Phòng chống lừa đảo qua mạng” Nhà văn hóa thôn Đông"
    )
    opening = _data(f"I. LỊCH HOẠT ĐỘNG\n{flattened}")["opening"]
    assert (opening["date"], opening["time"]) == (None, None)


def test_a_ceremony_heading_with_its_day_and_hour_as_separate_items():
    data = _data("I. LỄ KHAI MẠC TUẦN LỄ\n- Ngày: 05/10/2026 (Thứ Hai).\n- Giờ: 7 giờ 30.\n- Địa điểm: Sân UBND xã.")
    opening = data["opening"]
    assert (opening["date"], opening["time"], opening["venue"]) == (D(2026, 10, 5), "07:30", "Sân UBND xã")


def test_a_ceremony_headings_time_and_place_item_gives_the_venue_too():
    data = _data(
        "I. LỄ KHAI MẠC TUẦN LỄ\na) Thời gian, địa điểm: Lễ khai mạc được tổ chức vào lúc 07 giờ 00, ngày "
        "05/10/2026, tại Trường THCS An Phú; kết nối trực tuyến đến các điểm trường.\nb) Thành phần: Lãnh đạo xã."
    )
    opening = data["opening"]
    assert (opening["date"], opening["time"], opening["venue"]) == (D(2026, 10, 5), "07:00", "Trường THCS An Phú")


def test_a_word_reporting_table_with_a_noi_nhan_column_is_a_table_of_data_not_the_pages_frame(tmp_path):
    import docx

    from bot.kb.importer.reading import read_document

    document = docx.Document()
    for text in _plan("I. CHẾ ĐỘ BÁO CÁO").split("\n"):
        if text.startswith("Nơi nhận"):
            break
        document.add_paragraph(text)
    rows = [
        ("Đơn vị", "Nội dung", "Thời hạn", "Nơi nhận"),
        ("Các chi hội khuyến học thôn", "Báo cáo kết quả", "Trước ngày 12/10/2026", "Hội Khuyến học xã"),
        ("Hội Khuyến học xã", "Báo cáo tổng hợp", "Trước ngày 15/10/2026", "Ủy ban nhân dân xã"),
    ]
    table = document.add_table(rows=3, cols=4)
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    for text in ("Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Tâm"):
        document.add_paragraph(text)
    path = tmp_path / "plan.docx"
    document.save(str(path))
    data = draft_plan(read_document(path), source_file="plan.docx").data
    assert sorted(d["deadline"] for d in data["reporting"]) == [D(2026, 10, 12), D(2026, 10, 15)]
    assert data["document"]["signer"]["name"] == "Lê Văn Tâm"


def test_a_header_whose_motto_the_page_wrapped_keeps_its_locality_and_number():
    text = (
        "ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ\nNGHĨA VIỆT NAM\n"
        "PHƯỜNG AN PHÚ                     Độc lập - Tự do\n- Hạnh phúc\n"
        "Số: 12/KH-UBND                    An Phú, ngày 20 tháng 9 năm\n2026\n\nKẾ HOẠCH\n"
        "Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026\n\nI. MỤC ĐÍCH\n- Nâng cao nhận thức.\n\n"
        "Nơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Tâm\n"
    )
    data = draft_plan(text, source_file="x.txt").data
    assert (data["locality"]["name"], data["locality"]["level"]) == ("An Phú", "phường")
    assert (data["document"]["number"], data["document"]["date"]) == ("12/KH-UBND", D(2026, 9, 20))


def test_a_number_line_the_page_ran_into_something_else_gives_no_number():
    text = _plan("I. MỤC ĐÍCH\n- Nâng cao nhận thức.").replace(
        "Số: 12/KH-UBND\nAn Phú, ngày 20 tháng 9 năm 2026", "Số: 12/KH-UBND    An Phú, ngày 20 tháng 9 (dự thảo)"
    )
    assert draft_plan(text, source_file="x.txt").data["document"]["number"] is None


def test_an_association_numbers_its_plan_number_dash_kind():
    text = _plan("I. MỤC ĐÍCH\n- Nâng cao nhận thức.").replace("Số: 12/KH-UBND", "Số: 32-KH/HKH")
    assert draft_plan(text, source_file="x.txt").data["document"]["number"] == "32-KH/HKH"


def test_a_day_heading_written_with_dashes_or_in_words_heads_its_sessions():
    for day in ("05-10-2026", "05 tháng 10 năm 2026"):
        data = _data(f"I. LỊCH HOẠT ĐỘNG\n- Thứ Hai, ngày {day}:\n+ Sinh hoạt dưới cờ với chủ đề “Em yêu sách”.")
        assert _sessions(data) == [(D(2026, 10, 5), "Em yêu sách")]


def test_a_page_number_between_the_recipients_keeps_the_signature_beside_them():
    tail = (
        "Nơi nhận:                                   TM. ỦY BAN NHÂN DÂN\n"
        "- Sở GD&ĐT tỉnh (b/c);                              CHỦ TỊCH\n\nTrang 3\n\n"
        "- Lưu: VT.\n\n"
        "                                              Lê Văn Tâm\n"
    )
    document = _data("I. MỤC ĐÍCH\n- Nâng cao nhận thức về học tập suốt đời.", tail)["document"]
    assert document["signer"]["name"] == "Lê Văn Tâm"


def test_a_deadline_with_its_hour_written_with_a_colon():
    data = _data(
        "I. TỔ CHỨC THỰC HIỆN\n1. Hội Khuyến học xã\n- Báo cáo kết quả về UBND xã trước 16:00 ngày 12/10/2026."
    )
    assert [d["deadline"] for d in data["reporting"]] == [D(2026, 10, 12)]


_WRAPPED_HEADER_BODY = (
    "KẾ HOẠCH\nTổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026\n\nI. MỤC ĐÍCH\n"
    "- Nâng cao nhận thức của nhân dân phường An Phú.\n\n"
    "Nơi nhận:\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Tâm\n"
)


def test_the_last_word_of_a_wrapped_motto_is_no_part_of_the_issuer():
    headers = (
        # the motto's last word alone on a line, then the issuer's second line
        "ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\nNAM\n"
        "PHƯỜNG AN PHÚ                   Độc lập - Tự do - Hạnh phúc\n",
        # the two columns on one line: the issuer's second line, then the motto's last word
        "ỦY BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\nPHƯỜNG AN PHÚ                   NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n",
        # column after column, each wrapped
        "ỦY BAN NHÂN DÂN\nPHƯỜNG AN PHÚ\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM\nĐộc lập - Tự do -\nHạnh phúc\n",
    )
    for header in headers:
        data = draft_plan(
            f"{header}Số: 12/KH-UBND\nAn Phú, ngày 20 tháng 9 năm 2026\n\n{_WRAPPED_HEADER_BODY}", source_file="x.txt"
        ).data
        assert (data["locality"]["name"], data["locality"]["level"]) == ("An Phú", "phường"), header
        assert data["issuer"] == "ubnd-phuong-an-phu", header


def test_an_issuer_name_the_header_column_wrapped_is_read_whole_when_the_document_prints_it():
    header = "ỦY BAN NHÂN DÂN\nPHƯỜNG AN\nPHÚ\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ\nNGHĨA VIỆT NAM\n"
    data = draft_plan(
        f"{header}Độc lập - Tự do - Hạnh phúc\nAn Phú, ngày 20 tháng 9 năm 2026\n\n{_WRAPPED_HEADER_BODY}",
        source_file="x.txt",
    ).data
    assert data["locality"]["name"] == "An Phú" and data["issuer"] == "ubnd-phuong-an-phu"
    assert data["document"]["number"] == "12/KH-UBND"


def test_a_short_header_line_that_may_be_a_wrapped_name_leaves_the_locality_empty_with_a_note():
    header = "ỦY BAN NHÂN DÂN\nPHƯỜNG AN\nPHÚ\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    body = _WRAPPED_HEADER_BODY.replace("nhân dân phường An Phú", "nhân dân")
    draft = draft_plan(f"{header}Độc lập - Tự do - Hạnh phúc\nNgày 20 tháng 9 năm 2026\n\n{body}", source_file="x.txt")
    assert draft.data["locality"]["name"] is None
    assert draft.data["issuer"] not in ("phu", "an")
    assert any("PHÚ" in note for _, note in draft.evidence.warnings)


def test_a_reporting_deadline_on_the_line_after_the_duty_is_its_deadline():
    for below in (
        "- Thời hạn: trước ngày 12/10/2026.",
        "Thời gian gửi báo cáo: chậm nhất ngày 12/10/2026.",
        "+ Hạn nộp: 12/10/2026.",
        "- Trước ngày 12/10/2026.",
    ):
        data = _data(
            "I. TỔ CHỨC THỰC HIỆN\n1. Hội Khuyến học xã\n- Tổ chức các hoạt động hưởng ứng.\n"
            f"- Báo cáo kết quả thực hiện về UBND xã.\n{below}\n2. Các trường học\n- Tổ chức hoạt động."
        )
        assert [(d["from"], d["deadline"]) for d in data["reporting"]] == [("hoi-khuyen-hoc-xa", D(2026, 10, 12))]
        assert "12/10/2026" in data["reporting"][0]["text"]


def test_a_date_on_the_line_after_a_report_that_says_something_else_is_no_deadline():
    for below in (
        "- Tổ chức lễ khai giảng lớp học vào ngày 08/10/2026.",
        "2. Các trường học\n- Trước ngày 12/10/2026.",  # another unit's section
        "- Thời gian: ngày 08/10/2026 tại hội trường UBND xã.",
    ):
        data = _data(
            "I. TỔ CHỨC THỰC HIỆN\n1. Hội Khuyến học xã\n"
            f"- Báo cáo kết quả thực hiện về UBND xã.\n{below}\n3. Đoàn Thanh niên xã\n- Tổ chức hoạt động."
        )
        assert data["reporting"] == [], below


_OTHER_EVENT = "1. Lễ khai giảng năm học mới: vào lúc 7 giờ 00 ngày 05/9/2026 tại sân trường.\n"


def _opening(body: str) -> tuple[dict, list[str]]:
    draft = draft_plan(_plan(body), source_file="x.txt")
    return draft.data["opening"], [note for _, note in draft.evidence.warnings]


def test_an_opening_held_with_another_event_shares_what_the_sentence_says_they_share():
    opening, notes = _opening(
        f"I. NỘI DUNG\n{_OTHER_EVENT}"
        "2. Lễ khai mạc Tuần lễ được tổ chức cùng Lễ khai giảng năm học mới (cùng thời gian, địa điểm)."
    )
    assert (opening["date"], opening["time"], opening["venue"]) == (D(2026, 9, 5), "07:00", "sân trường")
    assert any("Lễ khai giảng năm học mới" in note for note in notes)
    opening, _ = _opening(
        f"I. NỘI DUNG\n{_OTHER_EVENT}"
        "2. Lễ khai mạc Tuần lễ được tổ chức cùng Lễ khai giảng năm học mới (cùng địa điểm)."
    )
    assert (opening["date"], opening["time"], opening["venue"]) == (None, None, "sân trường")


def test_an_opening_merged_into_another_event_without_saying_what_they_share_is_left_empty_with_a_note():
    for joint in ("được lồng ghép với", "tổ chức cùng"):
        opening, notes = _opening(
            f"I. NỘI DUNG\n{_OTHER_EVENT}2. Lễ khai mạc Tuần lễ {joint} Lễ khai giảng năm học mới."
        )
        assert (opening["date"], opening["time"], opening["venue"]) == (None, None, None), joint
        assert any("để trống" in note and "Lễ khai giảng" in note for note in notes), joint


def test_the_time_a_joint_sentence_gives_after_the_other_event_is_the_openings_too():
    opening, _ = _opening(
        "I. NỘI DUNG\n- Lễ khai mạc Tuần lễ tổ chức cùng Lễ phát động phong trào Khuyến học vào lúc 7 giờ 30 "
        "ngày 02/10/2026 tại Hội trường UBND xã."
    )
    assert (opening["date"], opening["time"], opening["venue"]) == (D(2026, 10, 2), "07:30", "Hội trường UBND xã")


def test_an_opening_with_its_own_time_keeps_it_beside_an_event_combined_after_it():
    opening, _ = _opening(
        "I. NỘI DUNG\n- Lễ khai mạc Tuần lễ vào lúc 7 giờ 30 ngày 05/10/2026 tại Hội trường UBND xã, kết hợp với "
        "Lễ tuyên dương gia đình học tập."
    )
    assert (opening["date"], opening["time"], opening["venue"]) == (D(2026, 10, 5), "07:30", "Hội trường UBND xã")


def test_a_signature_column_the_pdf_joined_to_the_recipients_with_one_space_is_its_own_column():
    tail = (
        "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n"
        "- UBND huyện Đông Sơn; CHỦ TỊCH\n"
        "- Các trường học trên địa bàn xã;\n"
        "- Lưu: VT. Lê Văn Tâm\n"
    )
    document = _data("I. MỤC ĐÍCH\n- Nâng cao nhận thức về học tập suốt đời.", tail)["document"]
    assert document["recipients"] == ["UBND huyện Đông Sơn", "Các trường học trên địa bàn xã", "Lưu: VT"]
    assert (document["signer"]["name"], document["signer"]["title"]) == ("Lê Văn Tâm", "Chủ tịch")


def test_recipients_in_capitals_or_named_after_a_semicolon_stay_recipients():
    tail = (
        "Nơi nhận:\n- Như trên; VT.\n- Sở GD&ĐT (b/c); Phòng Văn hóa - Xã hội;\n- Lưu: VT.\n\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLê Văn Tâm\n"
    )
    document = _data("I. MỤC ĐÍCH\n- Nâng cao nhận thức về học tập suốt đời.", tail)["document"]
    assert document["signer"]["name"] == "Lê Văn Tâm"
    assert "Phòng Văn hóa - Xã hội" in " ".join(document["recipients"])
    assert not any("TỊCH" in r or "Tâm" in r for r in document["recipients"])


def test_an_event_the_opening_is_merged_into_is_dated_by_its_own_line():
    data = _data(
        "I. NỘI DUNG\n1. Lễ phát động phong trào Khuyến học: 7 giờ 30 ngày 02/10/2026 tại Hội trường UBND xã.\n"
        "2. Lễ khai mạc Tuần lễ lồng ghép với Lễ phát động phong trào Khuyến học."
    )
    assert [(o["name"], o["date"], o["time"]) for o in data["other_ceremonies"]] == [
        ("Lễ phát động phong trào Khuyến học", D(2026, 10, 2), "07:30")
    ]
    assert data["opening"]["date"] is None  # 'lồng ghép' alone does not say the opening shares that time
