"""With no locality named, every plan of the year whose fact nearly answers is a contender: one
plan's answer is not given as the year's answer when another plan states a similar thing."""

from __future__ import annotations

import datetime as dt


def test_a_question_several_plans_of_the_year_answer_asks_which_locality(engine):
    # Đăk Plô and Nam Triệu both encourage programming contests: one plan's answer is not "this year's"
    answer = engine.answer("tuan le nam nay co to chuc cuoc thi gi ko ad", today=dt.date(2025, 10, 1))
    assert answer.status == "clarify" or len(set(answer.plans)) >= 2
