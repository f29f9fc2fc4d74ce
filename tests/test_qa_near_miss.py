"""Near misses: a question about something a plan mentions, asking for an attribute it does not
state, is answered "không nêu" (status unknown), never with the neighbouring sentence; the same
thing asked for what the plan does state is still answered. Questions written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

TODAY = dt.date(2025, 9, 20)


def ask(engine, question: str, today: dt.date = TODAY):
    return engine.answer(question, today=today)


@pytest.mark.parametrize(
    "question",
    [
        "Dự lễ khai giảng TTHTCĐ ở xã Thanh Bình thì nên mặc đồng phục hay trang phục gì?",
        "Lễ khai giảng ở xã Thanh Bình có suất ăn trưa cho người dự không?",
        "Tới hội trường xã Thanh Bình dự lễ khai giảng thì gửi xe ở đâu?",
        "Người nói chuyện chuyên đề Chuyển đổi số và cuộc sống ở Thanh Bình là ai?",
    ],
)
def test_an_attribute_no_plan_states_is_not_answered_by_the_event_it_is_about(engine, question):
    assert ask(engine, question).status == "unknown"


def test_which_company_is_answered_only_by_a_fact_naming_one(engine):
    # Đức Trọng asks technology companies to sponsor training, but names none
    answer = ask(
        engine, "Ở huyện Đức Trọng năm 2021, công ty công nghệ nào đứng ra tài trợ tập huấn?", dt.date(2021, 9, 20)
    )
    assert answer.status == "unknown"


def test_one_place_of_a_kind_asked_within_a_locality_needs_a_fact_naming_it(engine):
    # Thanh Bình holds its launches "tại các nhà văn hóa thôn": no hamlet is named
    assert ask(engine, "Xã Thanh Bình, thôn nào làm lễ phát động Tuần lễ trước?").status == "unknown"
    # An Lão's opening is "tại các cơ quan, đơn vị/địa phương": no commune is named
    assert ask(engine, "Năm 2023 huyện An Lão khai mạc Tuần lễ tại xã nào?", dt.date(2023, 9, 20)).status == "unknown"


def test_several_places_of_a_kind_may_be_answered_by_a_general_phrase(engine):
    answer = ask(engine, "phường Nam Triệu chỉ đạo những trường nào triển khai tuần lễ")
    assert answer.status == "answered"


def test_who_acts_is_not_answered_by_a_sentence_naming_no_one(engine):
    answer = ask(engine, "Ai hướng dẫn các lớp kỹ năng số cho viên chức nhà trường ở phường Nam Triệu?")
    assert answer.status == "unknown"


def test_who_acts_is_answered_when_the_sentence_names_its_subject(engine):
    answer = ask(engine, "Ở phường Nam Triệu, ai chủ động lựa chọn hoạt động hưởng ứng phù hợp?")
    assert answer.status == "answered" and "nhà trường" in answer.text


def test_a_count_beside_a_weekday_still_needs_the_number(engine):
    answer = ask(engine, "Lớp kỹ năng số cho viên chức ở Nam Triệu có mấy buổi, học vào thứ mấy?")
    assert answer.status == "unknown"


def test_a_form_named_but_not_reproduced_has_no_content_to_give(engine):
    answer = ask(engine, "Mẫu báo cáo kết quả Tuần lễ 2021 ở Đức Trọng gồm những phần nào?", dt.date(2021, 9, 20))
    assert answer.status == "unknown"


def test_a_form_the_plan_reproduces_gives_its_sections(engine):
    answer = ask(engine, "Đề cương mẫu báo cáo của huyện An Lão gồm những phần nào?", dt.date(2023, 9, 20))
    assert answer.status == "answered" and "IV. Đề xuất, kiến nghị" in answer.text


def test_one_body_asked_for_is_not_answered_by_a_list_of_every_body_of_the_kind(engine):
    # An Lão's opening "có sự tham gia của … các cơ quan, các tổ chức xã hội": no body is singled out
    answer = ask(engine, "Huyện An Lão giao cơ quan nào làm đầu mối chính lo Tuần lễ?", dt.date(2023, 9, 20))
    assert not (answer.status == "answered" and "các cơ quan, các tổ chức xã hội" in answer.text)


def test_one_body_asked_for_is_answered_by_a_units_own_task(engine):
    answer = ask(engine, "ở huyện An Lão cơ quan nào là cơ quan thường trực của tuần lễ", dt.date(2023, 9, 20))
    assert answer.status == "answered" and "Phòng Giáo dục và Đào tạo" in answer.text


def test_the_answer_names_the_attribute_not_stated_and_what_the_plan_says(engine):
    answer = ask(engine, "Lễ khai giảng Trung tâm học tập cộng đồng xã Thanh Bình có chỗ gửi xe không?")
    assert answer.status == "unknown"
    assert "không nêu chỗ gửi xe" in answer.text and "Điều kế hoạch có ghi: Lễ khai giảng" in answer.text


def test_an_amount_of_money_the_plan_does_not_state_is_not_answered_by_its_source(engine):
    answer = engine.answer(
        "Đề nghị cho biết mức kinh phí cụ thể (bằng tiền) được bố trí cho Tuần lễ tại xã Thanh Bình.",
        today=dt.date(2025, 10, 2),
    )
    assert answer.status == "unknown"
    assert "không nêu số tiền" in answer.text
    assert "ngân sách của xã" in answer.text  # what the plan does say


def test_so_luong_asks_a_number_that_the_opening_does_not_state(engine):
    answer = engine.answer(
        "Đề nghị cho biết số lượng học viên tham gia lễ khai giảng Trung tâm học tập cộng đồng xã Thanh Bình.",
        today=dt.date(2025, 10, 2),
    )
    assert answer.status == "unknown"
    assert "không nêu số lượng" in answer.text
