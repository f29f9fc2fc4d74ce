"""A message asking several things is answered part by part (bot/qa/parts.py, Engine._by_parts)."""

from __future__ import annotations

import datetime as dt

from bot.qa.parts import question_parts

TODAY = dt.date(2025, 10, 2)


def test_a_message_is_cut_where_each_side_asks_something_of_its_own():
    assert question_parts("Đức Trọng tổ chức tuần lễ từ ngày nào và gửi báo cáo qua email nào") == [
        "Đức Trọng tổ chức tuần lễ từ ngày nào",
        "gửi báo cáo qua email nào",
    ]
    assert question_parts("Ở Nam Triệu phòng VHXH gửi báo cáo trước ngày nào, còn các trường gửi trước ngày nào") == [
        "Ở Nam Triệu phòng VHXH gửi báo cáo trước ngày nào",
        "các trường gửi trước ngày nào",
    ]


def test_an_attribute_named_before_va_is_asked_with_the_next_parts_question_words():
    assert question_parts("Chủ đề và thời gian tổ chức tuần lễ ở An Lão là gì") == [
        "Chủ đề là gì",
        "thời gian tổ chức tuần lễ ở An Lão là gì",
    ]


def test_one_thing_asked_in_several_ways_stays_one_question():
    for question in (
        "Ở Thanh Bình lễ khai giảng tổ chức lúc mấy giờ, ngày nào và ở đâu",
        "Nhà văn hóa UBND xã Thanh Bình ở số mấy, đường nào",
        "Sở Giáo dục và Đào tạo nhận báo cáo trước ngày nào",
        "Tuần lễ còn mấy ngày nữa",
    ):
        assert question_parts(question) == [question]


def test_con_em_typed_with_diacritics_is_no_cut():
    assert question_parts("Lớp học cho con em ở đâu và học phí bao nhiêu") == [
        "Lớp học cho con em ở đâu",
        "học phí bao nhiêu",
    ]


def test_each_part_is_answered_with_the_locality_named_once(engine):
    answer = engine.answer("Đức Trọng tổ chức tuần lễ từ ngày nào và gửi báo cáo về phòng GD qua email nào?", TODAY)
    assert answer.status == "answered"
    assert "01/10/2021" in answer.text and "pgdductrong.tt@gmail.com" in answer.text
    assert answer.text.count("Nguồn:") == 1


def test_two_deadlines_of_one_plan_asked_together_are_both_given(engine):
    answer = engine.answer(
        "Ở Nam Triệu phòng văn hóa xã hội gửi báo cáo về Sở trước ngày nào, "
        "còn các trường gửi về phường trước ngày nào?",
        TODAY,
    )
    assert "20/10/2025" in answer.text and "15/10/2025" in answer.text


def test_theme_and_dates_asked_together(engine):
    answer = engine.answer("Chủ đề và thời gian tổ chức tuần lễ ở An Lão là gì?", TODAY)
    assert "năng lực tự học trong kỷ nguyên số" in answer.text and "02/10/2023" in answer.text


def test_a_part_leaning_on_the_other_adds_no_neighbouring_sentence(engine):
    whole = engine.answer("ngày mai bên thanh bình có lớp chuyên đề nào ko, khoảng mấy ng tham gia", TODAY)
    assert "Nâng cao nhận thức" not in whole.text


def test_a_near_miss_is_not_made_up_of_a_parts_neighbouring_fact(engine):
    answer = engine.answer("Buổi tổng kết tuần lễ ở Thanh Bình ngày 08/10 bắt đầu mấy giờ, ở hội trường nào?", TODAY)
    assert answer.status == "unknown"


def test_two_things_of_different_kinds_asked_together_are_both_answered(engine):
    answer = engine.answer("Ở Thanh Bình lễ tổng kết vào ngày nào và kinh phí lấy từ nguồn nào?", TODAY)
    assert answer.status == "answered"
    assert "08/10/2025" in answer.text and "ngân sách của xã" in answer.text


def test_a_part_the_whole_answer_already_says_adds_no_line(engine):
    answer = engine.answer(
        "Đức Trọng khuyến khích tham gia diễn đàn trực tuyến của tổ chức nào, ở địa chỉ web nào?", dt.date(2021, 10, 4)
    )
    assert answer.text.count("uil.unesco.org") == 1


def test_a_count_asked_beside_another_thing_is_answered_too(engine):
    # the count's sessions are among the facts of the other part's answer: that did not make it said
    answer = engine.answer("thanh bình có mấy chuyên đề, chuyên đề nào đông nhất", today=TODAY)
    assert answer.status == "answered"
    assert "có 3 chuyên đề" in answer.text and "đông người tham gia nhất" in answer.text


def test_a_yes_no_question_after_another_is_a_part_of_its_own():
    assert question_parts("lớp kỹ năng số dành cho ai vậy bn, ng lớn tuổi có dc học ko") == [
        "lớp kỹ năng số dành cho ai vậy bn",
        "ng lớn tuổi có dc học ko",
    ]
    # a first yes/no question is elaborated by what follows: one question
    question = "Kế hoạch có khuyến khích hình thành cộng đồng học tập trực tuyến không, qua những hình thức gì ạ"
    assert question_parts(question) == [question]


def test_a_part_that_needs_the_locality_asks_for_it(engine):
    answer = engine.answer("lớp kỹ năng số dành cho ai vậy bn, ng lớn tuổi có dc học ko", today=TODAY)
    assert answer.status == "clarify"


def test_a_part_asking_what_the_plan_does_not_state_is_said_not_stated(engine):
    question = "Chuyên đề chuyển đổi số ở Thanh Bình có bao nhiêu người học, ai là giảng viên?"
    answer = engine.answer(question, today=TODAY)
    assert answer.status == "answered" and "120 học viên" in answer.text
    assert "Về “ai là giảng viên”: kế hoạch không nêu." in answer.text


def test_a_later_yes_no_part_closed_by_a_particle_is_a_part_of_its_own():
    assert question_parts("Tuần lễ ở An Lão diễn ra từ ngày nào, và lễ khai mạc có tổ chức đồng loạt không ạ") == [
        "Tuần lễ ở An Lão diễn ra từ ngày nào",
        "lễ khai mạc có tổ chức đồng loạt không ạ",
    ]
