"""Answers worth reading: a follow-up that asks only the hour of what was just answered gets the hour
first, not the whole answer again; a ceremony's list of invited bodies only when asked."""

from __future__ import annotations

import datetime as dt

DAY = dt.date(2025, 10, 1)


def test_may_gio_after_the_ceremony_answer_leads_with_the_hour(engine):
    first = engine.answer("lễ khai mạc ở Thanh Bình tổ chức ở đâu", today=DAY)
    assert "Hội trường" in first.text
    again = engine.answer("mấy giờ?", today=DAY, conversation=first.conversation)
    assert again.status == "answered"
    assert again.text.startswith("Lúc 13h30 ngày 06/10/2025 — Lễ khai giảng")
    assert "Thành phần" not in again.text
    assert "Nguồn:" in again.text


def test_a_new_question_about_the_hour_still_gets_the_whole_fact(engine):
    answer = engine.answer("lễ khai giảng ở Thanh Bình mấy giờ", today=DAY)
    assert "13h30" in answer.text
    assert "Hội trường" in answer.text


def test_where_question_about_the_ceremony_leaves_out_the_list_of_invited_bodies(engine):
    answer = engine.answer("lễ khai mạc ở Thanh Bình tổ chức ở đâu", today=DAY)
    assert "Hội trường Nhà văn hóa" in answer.text
    assert "Thành phần" not in answer.text


def test_who_attends_the_ceremony_gets_the_list_of_invited_bodies(engine):
    answer = engine.answer("thành phần dự lễ khai giảng ở Thanh Bình gồm những ai", today=DAY)
    assert "Thành phần: Lãnh đạo Thường trực Đảng ủy" in answer.text


def test_one_sentence_the_plan_states_twice_is_given_once(engine):
    # Thanh Bình lists its sessions, then gives them again in its timetable ("chuyên đề: “…”")
    answer = engine.answer("hôm nay ở thanh bình học chuyên đề j, bao nhiu ng", today=dt.date(2025, 10, 3))
    assert answer.status == "answered" and answer.text.count("Khái niệm và các loại AI") == 1


def test_what_a_named_unit_must_do_lists_its_tasks(engine):
    answer = engine.answer(
        "trung tam van hoa thong tin the thao huyen an lao phai lam gi trong tuan le", today=dt.date(2023, 9, 20)
    )
    assert answer.status == "answered"
    assert "đưa tin" in answer.text and "tấm gương tự học" in answer.text and "chuyên mục" in answer.text


def test_a_ceremony_whose_plan_sentence_says_it_all_gives_its_date_once(engine):
    answer = engine.answer("khai mạc ở An Lão hôm nào", today=DAY)
    body = answer.text.split("\n\nNguồn:")[0]
    assert "đồng loạt" in body
    assert body.count("02/10/2023") == 1


def test_a_task_given_with_and_without_its_units_name_is_given_once(engine):
    answer = engine.answer("An Lão bố trí kinh phí tổ chức các hoạt động hưởng ứng tuần lễ ra sao", today=DAY)
    body = answer.text.split("\n\nNguồn:")[0]
    assert body.count("Bố trí kinh phí") == 1
