"""With no locality named, every plan of the year whose fact nearly answers is a contender: one
plan's answer is not given as the year's answer when another plan states a similar thing."""

from __future__ import annotations

import datetime as dt


def test_a_question_several_plans_of_the_year_answer_asks_which_locality(engine):
    # Đăk Plô and Nam Triệu both encourage programming contests: one plan's answer is not "this year's"
    answer = engine.answer("tuan le nam nay co to chuc cuoc thi gi ko ad", today=dt.date(2025, 10, 1))
    assert answer.status == "clarify" or len(set(answer.plans)) >= 2


def test_a_weaker_but_real_match_in_another_plan_of_the_year_still_asks_which_locality(engine):
    # Nam Triệu's training of its staff scores well below Thanh Bình's training of teachers: still a contender
    answer = engine.answer("Tuần lễ có những hoạt động bồi dưỡng nào dành cho giáo viên?", today=dt.date(2025, 10, 2))
    assert answer.status == "clarify" or len(set(answer.plans)) >= 2


def test_the_schedule_of_the_week_is_its_dates(engine):
    answer = engine.answer("lịch tuần lễ năm nay thế nào", today=dt.date(2025, 9, 30))
    assert answer.status == "answered" and "01/10/2025" in answer.text and len(answer.plans) == 3
