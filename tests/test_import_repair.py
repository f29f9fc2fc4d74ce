"""Text repair before extraction: lost glyphs, broken lines, page numbers, acronyms, markup."""

from __future__ import annotations

from bot.kb.importer.repair import repair
from bot.kb.importer.syllables import is_acronym, is_syllable


def _texts(raw: str) -> list[str]:
    return [line.text for line in repair(raw).lines]


def test_syllable_rules_accept_words_and_reject_fragments_and_acronyms():
    for word in ["hình", "gắn", "tìm", "trình", "quyết", "nghiêng", "người", "khuyến", "gì", "thủy", "thuỷ", "kỹ"]:
        assert is_syllable(word), word
    for fragment in ["h", "nh", "tr", "hắnh", "trắnh", "ka", "cé", "ghă", "tràc", "UBND", "HTCĐ"]:
        assert not is_syllable(fragment), fragment
    assert is_acronym("UBND") and is_acronym("HTCĐ") and not is_acronym("XÃ") and not is_acronym("GIÁM")


def test_a_lost_glyph_is_put_back_from_the_documents_own_words():
    raw = (
        "Tuyên truyền bằng nhiều hình thức về Tuần lễ.\n"
        "Các hoạt động được tổ chức với h nh thức phong phú; học sinh t m hiểu các chương tr nh học.\n"
    )
    result = repair(raw)
    assert "với hình thức phong phú; học sinh tìm hiểu các chương trình học." in result.lines[1].text
    assert [(r.before, r.after) for r in result.glyph_repairs] == [("h nh", "hình"), ("t m", "tìm"), ("tr nh", "trình")]
    assert all(r.line == 2 for r in result.glyph_repairs)


def test_the_glyph_the_document_never_prints_wins_over_a_commoner_word():
    # "ắ" never appears intact here, "ầ" does: "g n với" is "gắn với", not "gần với".
    intact = (
        "Nâng cao nhận thức của các tầng lớp nhân dân, cán bộ, công chức, viên chức, người lao động về vai trò, "
        "ý nghĩa của việc học tập, đặc biệt là tự học và học tập suốt đời đối với sự phát triển của mỗi cá nhân; "
        "từ đó phát huy sức mạnh con người Việt Nam, phục vụ sự nghiệp phát triển nhanh, bền vững của đất nước "
        "trong bối cảnh chuyển đổi số, hội nhập quốc tế. Cần tập trung vào những nội dung thiết thực, phù hợp "
        "với điều kiện thực tiễn của từng đơn vị; cần huy động sự tham gia của các tổ chức chính trị - xã hội, "
        "cộng đồng doanh nghiệp và toàn xã hội trong việc triển khai các hoạt động hưởng ứng Tuần lễ.\n"
    )
    raw = intact * 4 + "Các hoạt động g n với phong trào thi đua ở địa phương.\n"
    assert "gắn với phong trào" in _texts(raw)[-1]


def test_upper_case_damage_keeps_its_case():
    assert _texts("Nhiều hình thức.\nI. H NH THỨC TỔ CHỨC\n")[1] == "I. HÌNH THỨC TỔ CHỨC"


def test_without_evidence_two_equally_common_words_leave_the_gap_for_the_reviewer():
    # "h nh" could be "hình" or "hành": nothing in this short text tells which.
    result = repair("Tổ chức với h nh thức phù hợp.\n")
    assert result.lines[0].text == "Tổ chức với h nh thức phù hợp." and len(result.unrepaired) == 1


def test_a_gap_no_word_explains_is_left_as_printed_and_reported():
    result = repair("Xem mục ngh p ở trên.\n")
    assert result.lines[0].text == "Xem mục ngh p ở trên."
    assert [(g.line, g.text) for g in result.unrepaired] == [(1, "ngh p")]


def test_lines_broken_mid_sentence_are_joined_and_page_numbers_dropped():
    raw = (
        "I. MỤC ĐÍCH, YÊU CẦU\n\n"
        "- Tổ chức Tuần lễ nhằm tiếp tục đẩy mạnh phong trào học tập sâu rộng trong \n\n"
        "các tầng lớp nhân dân.\n\n"
        "- 2 -\n\n"
        "Thực hiện Công văn số 12/SGDĐT-GDTX ngày 01/9/2026 của\n"
        "Sở Giáo dục và Đào tạo tỉnh Nghệ An.\n"
        "3\n"
        "II. CHỦ ĐỀ\n"
    )
    result = repair(raw)
    texts = [line.text for line in result.lines]
    assert texts == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "- Tổ chức Tuần lễ nhằm tiếp tục đẩy mạnh phong trào học tập sâu rộng trong các tầng lớp nhân dân.",
        "Thực hiện Công văn số 12/SGDĐT-GDTX ngày 01/9/2026 của Sở Giáo dục và Đào tạo tỉnh Nghệ An.",
        "II. CHỦ ĐỀ",
    ]
    joined = result.lines[1]
    assert joined.number == 3 and joined.source_line(joined.text.index("các tầng lớp")) == 5


def test_nfc_markup_codes_and_quotes_are_tidied():
    decomposed = "Tuần lễ".replace("ầ", "a\u0302\u0300").replace("ễ", "e\u0302\u0303")
    raw = f"Chủ đề: “ Học để **phát triển** ” của {decomposed}; Công văn số 2996/UBND- KGVX, giai đoạn 2021- 2030.\n"
    assert _texts(raw)[0] == "Chủ đề: “Học để phát triển” của Tuần lễ; Công văn số 2996/UBND-KGVX, giai đoạn 2021-2030."


def test_an_acronym_missing_its_d_stroke_is_restored_from_the_words_it_abbreviates():
    raw = "Số: 01/KH-TTHTCD\nTrung tâm học tập cộng đồng xã tổ chức; TTHTCD phối hợp.\n"
    result = repair(raw)
    assert result.lines[0].text == "Số: 01/KH-TTHTCĐ"
    assert "TTHTCĐ phối hợp" in result.lines[1].text
    assert result.acronym_repairs == {"TTHTCD": "TTHTCĐ"}


def test_a_line_wrapped_before_the_dash_of_a_name_or_inside_brackets_is_no_new_item():
    raw = (
        "- Báo cáo kết quả về Ủy ban nhân dân phường (qua Phòng Văn hóa\n"
        "- Xã hội) trước ngày 15/10/2026.\n"
        "- Phối hợp với Phòng Khoa học\n"
        "- Công nghệ tổ chức chuyên đề.\n"
        "- Mời Phòng Tài nguyên\n"
        "- Môi trường dự khai mạc.\n"
    )
    assert _texts(raw) == [
        "- Báo cáo kết quả về Ủy ban nhân dân phường (qua Phòng Văn hóa - Xã hội) trước ngày 15/10/2026.",
        "- Phối hợp với Phòng Khoa học - Công nghệ tổ chức chuyên đề.",
        "- Mời Phòng Tài nguyên - Môi trường dự khai mạc.",
    ]


def test_a_dashed_name_the_document_prints_whole_elsewhere_also_joins_where_the_page_wrapped_it():
    raw = (
        "1. Ban Quản lý - Dịch vụ công ích xã chủ trì.\n"
        "- Báo cáo Ban Quản lý\n"
        "- Dịch vụ công ích xã trước ngày 10/10/2026.\n"
    )
    assert _texts(raw)[1] == "- Báo cáo Ban Quản lý - Dịch vụ công ích xã trước ngày 10/10/2026."


def test_items_without_closing_punctuation_stay_items_of_their_own():
    raw = (
        "- Tổ chức các lớp tin học miễn phí cho người dân (buổi tối)\n"
        "- Treo băng rôn, khẩu hiệu tại các tuyến đường chính\n"
        "- Phát động phong trào đọc sách (tại nhà văn hóa\n"
        "- Sinh hoạt chuyên đề về kỹ năng số\n"
    )
    assert len(_texts(raw)) == 4


_MARKDOWN_FRAME = (
    "| **ỦY BAN NHÂN DÂN**<br>**XÃ SUỐI TRẮNG** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\n"
    "\n"
    "NAM**<br>**Độc lập - Tự do - Hạnh phúc** |\n"
    "|---|---|\n"
    "| Số: 41/KH-UBND | *Suối Trắng, ngày 20 tháng 9 năm 2026* |\n"
    "\n"
    "**KẾ HOẠCH**\n"
    "\n"
    "**Tổ chức Tuần lễ hưởng ứng học tập suốt đời năm 2026**\n"
    "\n"
    "Tuần lễ được tổ chức từ ngày 01/10 đến ngày 07/10/2026.\n"
    "\n"
    "| ***Nơi nhận:***<br>- UBND huyện;<br>- Lưu: VT. "
    "| **TM. ỦY BAN NHÂN DÂN**<br>**CHỦ TỊCH**<br><br>**Lò Văn Sáng** |\n"
    "|---|---|\n"
)


def test_a_page_frame_converted_to_a_markdown_table_is_read_column_by_column_without_its_separators():
    result = repair(_MARKDOWN_FRAME)
    texts = [line.text for line in result.lines]
    assert texts[:4] == ["ỦY BAN NHÂN DÂN", "XÃ SUỐI TRẮNG", "Số: 41/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert "Suối Trắng, ngày 20 tháng 9 năm 2026" in texts[4]
    assert not any("|" in text or "<br>" in text or "**" in text for text in texts)
    assert texts[-3:] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lò Văn Sáng"]
    by_text = {line.text: line.number for line in result.lines}
    assert (by_text["XÃ SUỐI TRẮNG"], by_text["Số: 41/KH-UBND"], by_text["Lò Văn Sáng"]) == (1, 5, 13)
    assert result.source_lines == len(_MARKDOWN_FRAME.split("\n"))


def test_a_markdown_table_of_data_keeps_its_rows():
    raw = "| Đơn vị | Nội dung | Thời hạn |\n|---|---|---|\n| Các trường | Báo cáo kết quả | Trước ngày 12/10/2026 |\n"
    assert any("Trước ngày 12/10/2026" in text and "Báo cáo kết quả" in text for text in _texts(raw))


def test_a_markdown_frame_drafts_the_locality_number_and_signer():
    from bot.kb.importer.draft import draft_plan

    data = draft_plan(_MARKDOWN_FRAME).data
    assert data["locality"]["name"] == "Suối Trắng"
    assert data["document"]["number"] == "41/KH-UBND"
    assert data["document"]["signer"]["name"] == "Lò Văn Sáng"
