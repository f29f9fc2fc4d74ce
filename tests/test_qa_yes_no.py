"""Yes/no questions: "có … không" is answered "Có." with the fact only when the fact states every
the "máy" of "nhà máy" is a machine, not the "mấy" of a count; "qua những" is "via"."""

from __future__ import annotations

import datetime as dt

DAY = dt.date(2023, 9, 30)


def test_yes_no_question_stated_by_the_plan_is_answered_yes_with_the_fact(engine):
    answer = engine.answer("An Lão có treo băng rôn, khẩu hiệu ở nhà máy không?", today=DAY)
    assert answer.status == "answered"
    assert answer.text.startswith("Có. ")
    assert "nhà máy" in answer.text


def test_nha_may_typed_without_marks_is_not_read_as_a_count(engine):
    answer = engine.answer("an lao co treo bang ron o nha may ko", today=DAY)
    assert answer.status == "answered"
    assert "số lượng" not in answer.text


def test_yes_is_not_said_when_the_fact_lacks_a_word_of_the_question(engine):
    answer = engine.answer("Đức Trọng có tổ chức thi bơi không?", today=dt.date(2021, 9, 30))
    assert not answer.text.startswith("Có.")


def test_question_about_a_machine_no_plan_mentions_is_not_answered(engine):
    answer = engine.answer("Cách cài Zalo trên máy tính?", today=dt.date(2025, 9, 30))
    assert answer.status == "unknown"


def test_qua_meaning_via_is_not_a_word_the_fact_must_share(engine):
    answer = engine.answer("Đăk Plô tuyên truyền về tuần lễ qua những kênh nào vậy", today=dt.date(2025, 10, 1))
    assert answer.status == "answered"
    assert "mạng xã hội" in answer.text


def test_a_yes_is_stated_when_the_words_asked_stand_a_word_apart_in_the_fact(engine):
    # "tổ chức lớp học trực tuyến cho người lớn" in "Tổ chức các lớp, khoá học trực tuyến … cho trẻ em và người lớn"
    answer = engine.answer("Đức Trọng có tổ chức lớp học trực tuyến cho người lớn không", today=dt.date(2021, 9, 30))
    assert answer.status == "answered" and answer.text.startswith("Có.")
