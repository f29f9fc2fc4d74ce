"""Answers computed from the plans' facts: counts, totals, extremes, durations, date differences,
weekdays and checks of a stated date — each with the facts it used and the source."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.text import fold

D = dt.date(2025, 10, 2)


def ask(engine, question, today=D):
    return engine.answer(question, today=today)


def has(answer, *phrases):
    return all(fold(p) in fold(answer.text) for p in phrases)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Thanh Bình có tất cả bao nhiêu chuyên đề?", "3 chuyên đề"),
        ("kế hoạch Đăk Plô căn cứ vào mấy văn bản", "2 văn bản"),
        ("bảng kết quả trong mẫu báo cáo An Lão có mấy cột", "3 cột"),
        ("mẫu báo cáo An Lão có mấy mục kết quả", "8 mục"),
        ("bảng kết quả trong mẫu báo cáo An Lão có bao nhiêu dòng được đánh số", "8 mục"),
        ("mẫu báo cáo An Lão liệt kê bao nhiêu nhóm nội dung hoạt động", "8 mục"),
        ("nam triệu có mấy hạn báo cáo", "2 hạn báo cáo"),
        ("kế hoạch thanh bình nêu bao nhiêu yêu cầu", "3 yêu cầu"),
        ("Kế hoạch Nam Triệu có mấy mục tiêu", "3 mục đích"),
    ],
)
def test_listed_items_are_counted_and_listed(engine, question, expected):
    answer = ask(engine, question)
    assert answer.status == "answered" and has(answer, expected, "Nguồn:")


def test_participants_are_added_up_with_the_terms_shown(engine):
    answer = ask(engine, "tổng cộng bao nhiêu học viên tham gia các chuyên đề ở Thanh Bình")
    assert answer.status == "answered" and has(answer, "150 + 120 + 100 = 370")


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("chuyên đề ngày 5/10 và ngày 7/10 ở thanh bình cộng lại có bn học viên", "120 + 100 = 220"),
        ("Hai chuyên đề ngày 3/10 và 5/10 ở Thanh Bình có tổng cộng bao nhiêu học viên?", "150 + 120 = 270"),
    ],
)
def test_only_the_sessions_of_the_named_days_are_added_up(engine, question, terms):
    answer = ask(engine, question)
    assert answer.status == "answered" and has(answer, terms, "Nguồn:")


def test_a_named_day_without_a_session_leaves_the_total_of_all(engine):
    # 4/10 is no session's day: the question is not read as naming sessions by day
    answer = ask(engine, "tổng số học viên các chuyên đề ngày 3/10 và 4/10 ở Thanh Bình là bao nhiêu")
    assert "150 + 120 = 270" not in answer.text


def test_the_largest_and_smallest_session_are_named(engine):
    assert has(ask(engine, "chuyên đề nào ở Thanh Bình đông học viên nhất"), "AI", "150")
    least = ask(engine, "chuyên đề nào ít người tham gia nhất ở thanh bình")
    assert has(least, "phòng chống tội phạm") and not has(least, "150 học viên")


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("Tuần lễ ở Nam Triệu kéo dài mấy ngày?", "7 ngày"),
        ("lễ phát động ở Thanh Bình diễn ra trong bao nhiêu ngày", "5 ngày"),
    ],
)
def test_a_duration_counts_both_ends(engine, question, days):
    answer = ask(engine, question)
    assert answer.status == "answered" and has(answer, days)


@pytest.mark.parametrize(
    ("question", "days", "today"),
    [
        ("từ lễ khai giảng đến ngày tổng kết ở Thanh Bình cách nhau mấy ngày", "2 ngày", D),
        ("hạn báo cáo của trường và của xã ở Đăk Plô cách nhau bao nhiêu ngày", "4 ngày", D),
        ("chuyên đề đầu tiên và chuyên đề cuối cùng ở Thanh Bình cách nhau mấy ngày", "4 ngày", D),
        (
            "sau khi tuần lễ kết thúc thì các đơn vị ở Đức Trọng có bao nhiêu ngày để gửi báo cáo",
            "13 ngày",
            dt.date(2021, 10, 1),
        ),
    ],
)
def test_days_between_two_dated_facts(engine, question, days, today):
    answer = ask(engine, question, today)
    assert answer.status == "answered" and has(answer, days)


@pytest.mark.parametrize(
    ("question", "days", "today"),
    [
        ("lễ tổng kết ở thanh bình diễn ra sau lễ khai giảng mấy ngày", "2 ngày", D),
        (
            "quyết định 1373 ban hành trước ngày bắt đầu tuần lễ ở đức trọng bao nhiêu ngày",
            "63 ngày",
            dt.date(2021, 9, 20),
        ),
    ],
)
def test_days_between_the_two_sides_of_before_or_after(engine, question, days, today):
    answer = ask(engine, question, today)
    assert answer.status == "answered" and has(answer, days)


def test_days_between_the_same_thing_in_two_named_plans(engine):
    answer = ask(engine, "lễ khai mạc ở đăk plô sớm hơn lễ khai giảng ở thanh bình mấy ngày")
    assert answer.status == "answered" and has(answer, "cách nhau 5 ngày", "01/10/2025", "06/10/2025")
    assert set(answer.plans) == {"dakplo-2025", "thanhbinh-2025"}


def test_the_difference_between_two_sessions_numbers(engine):
    by_topic = ask(engine, "chuyên đề chuyển đổi số ở thanh bình đông hơn chuyên đề phòng chống tội phạm mấy người")
    assert by_topic.status == "answered" and has(by_topic, "20 học viên", "120", "100")
    by_day = ask(engine, "thanh bình: chuyên đề ngày 7/10 ít hơn chuyên đề ngày 5/10 bao nhiêu học viên")
    assert by_day.status == "answered" and has(by_day, "20 học viên")


def test_a_difference_that_cannot_be_computed_is_not_answered_with_the_facts(engine):
    # Thanh Bình states no report deadline: the figure cannot be computed, so Nam Triệu's date alone is no answer
    answer = ask(engine, "hạn gửi báo cáo của thanh bình và của nam triệu cách nhau mấy ngày")
    assert answer.status == "unknown" and "chưa tính được" in answer.text


def test_the_weekday_of_a_dated_fact(engine):
    assert has(ask(engine, "lễ tổng kết ở Thanh Bình rơi vào thứ mấy"), "thứ Tư", "08/10/2025")


def test_a_stated_date_is_checked_not_used_as_a_filter(engine):
    wrong = ask(engine, "Tuần lễ ở Đăk Plô kết thúc ngày 8/10 đúng không?")
    assert wrong.status == "answered" and has(wrong, "Không đúng", "07/10/2025")
    right = ask(engine, "An Lão khai mạc tuần lễ ngày 2/10 phải không", dt.date(2023, 10, 1))
    assert has(right, "Đúng", "02/10/2023")
    time = ask(engine, "Thanh Bình khai giảng lúc 8 giờ sáng phải không")
    assert has(time, "Không đúng", "13h30")


def test_a_count_of_something_no_plan_lists_is_not_made_up(engine):
    assert ask(engine, "nam triệu có bao nhiêu trường tham gia tuần lễ").status == "unknown"


@pytest.mark.parametrize(
    "question",
    [
        "chuyên đề AI ở Thanh Bình học trong mấy tiếng?",
        "thanh binh co phat qua ko",
        "mẫu phụ lục 1 của Đăk Plô gồm những nội dung gì",
        "mai trời có mưa không bạn",
        "cuộc thi lập trình ở Đăk Plô có giải thưởng bao nhiêu tiền",
    ],
)
def test_near_misses_are_not_answered_with_a_neighbouring_fact(engine, question):
    assert ask(engine, question).status == "unknown"


def test_plans_that_say_the_same_are_answered_once_naming_them(engine):
    answer = ask(engine, "năm 2025 tuần lễ bắt đầu hôm nào")
    assert answer.status == "answered" and len(answer.plans) == 3
    assert fold(answer.text).count("01/10/2025") == 1 and has(answer, "Đăk Plô", "Nam Triệu", "Thanh Bình")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("lễ khai giảng ở thanh bình diễn ra vào buổi tối phải không", "Không, theo kế hoạch là buổi chiều"),
        ("khai giảng trung tâm học tập cộng đồng thanh bình là buổi chiều đúng không", "Đúng."),
    ],
)
def test_a_part_of_the_day_is_checked_against_the_stated_time(engine, question, verdict):
    answer = ask(engine, question)
    assert answer.status == "answered" and answer.text.startswith(verdict) and has(answer, "13h30")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("tuần lễ ở đăk plô có bao gồm cả ngày 1/10 không", "Có, ngày 01/10/2025 nằm trong"),
        ("ngày 9/10 có nằm trong tuần lễ ở nam triệu không", "Không, ngày 09/10/2025 nằm ngoài"),
    ],
)
def test_a_day_is_checked_against_the_span_a_plan_states(engine, question, verdict):
    answer = ask(engine, question)
    assert answer.status == "answered" and answer.text.startswith(verdict)


def test_which_of_two_named_plans_holds_the_event_first(engine):
    answer = ask(engine, "giữa Thanh Bình với Đăk Plô thì bên nào khai mạc muộn hơn")
    assert answer.status == "answered" and answer.text.startswith("xã Thanh Bình muộn hơn xã Đăk Plô 5 ngày")
    assert set(answer.plans) == {"thanhbinh-2025", "dakplo-2025"}


def test_the_items_a_sentence_lists_are_counted_and_named(engine):
    answer = ask(engine, "Đức Trọng kể ra mấy trang mạng xã hội để tuyên truyền", dt.date(2021, 10, 1))
    assert answer.status == "answered"
    assert has(answer, "4 trang mạng xã hội", "facebook", "viber", "còn nữa")  # the plan's "…" said


@pytest.mark.parametrize(
    ("question", "start", "phrase"),
    [
        ("thanh bình có chuyên đề nào về chuyển đổi số không", "Có.", "Chuyển đổi số và cuộc sống"),
        ("ở thanh bình có chuyên đề về bảo vệ môi trường ko", "Không.", "3 chuyên đề"),
    ],
)
def test_whether_a_plan_lists_a_session_on_a_subject(engine, question, start, phrase):
    answer = ask(engine, question)
    assert answer.status == "answered" and answer.text.startswith(start) and has(answer, phrase)


def test_a_question_whether_the_plan_mentions_something_asks_about_that_thing(engine):
    answer = ask(engine, "kế hoạch của Nam Triệu có nhắc tới UNESCO không")
    assert answer.status == "answered" and has(answer, "UNESCO")


def test_a_deadline_compared_across_two_plans_is_the_duty_named_with_each_plan(engine):
    # Đăk Plô has two dated reports: schools to the commune (11/10) and the commune to the province
    # (15/10); the question names the commune as sender, so the second one is compared
    answer = ask(
        engine,
        "Xã Đăk Plô nộp báo cáo lên tỉnh, còn phòng Văn hóa - Xã hội Nam Triệu nộp lên Sở: nơi nào có hạn sớm hơn?",
    )
    assert answer.status == "answered", answer.text
    assert "15/10/2025" in answer.text and "11/10/2025" not in answer.text, answer.text
    assert "20/10/2025" in answer.text


def test_a_total_over_the_first_few_sessions_counts_only_those(engine):
    answer = ask(engine, "Hai chuyên đề cuối ở Thanh Bình có tổng cộng bao nhiêu người tham gia?")
    assert answer.status == "answered" and has(answer, "220")  # 120 + 100, not the 370 of all three


def test_the_nth_session_is_the_nth_by_date(engine):
    answer = ask(engine, "Ở Thanh Bình chuyên đề thứ 3 nói về gì?")
    assert answer.status == "answered" and has(answer, "phòng chống tội phạm") and not has(answer, "Khái niệm")


def test_whether_one_event_comes_before_another_compares_their_dates(engine):
    answer = ask(engine, "Ở Thanh Bình lễ tổng kết diễn ra trước hay sau chuyên đề về AI?")
    assert answer.status == "answered" and has(answer, "diễn ra sau", "08/10/2025", "03/10/2025")


def test_the_number_of_one_named_session_is_answered_by_that_session_alone(engine):
    answer = ask(engine, "ở thanh bình có bn học viên tham gia chuyên đề AI")
    assert answer.status == "answered" and has(answer, "150 học viên")
    assert "Chuyển đổi số" not in answer.text and "120" not in answer.text


def test_the_number_of_sessions_unnamed_lists_them_all(engine):
    answer = ask(engine, "ở thanh bình có bao nhiêu học viên tham gia chuyên đề")
    assert has(answer, "150", "120", "100")


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Tuần lễ ở Đức Trọng năm 2021 có kéo dài đến hết ngày 7/10 không?", "Có."),
        ("Tuần lễ ở Nam Triệu có kéo dài sang ngày 8/10/2025 không?", "Không."),
        ("tuần lễ ở nam triệu có bắt đầu từ 2/10 ko", "Không."),
        ("tuần lễ ở nam triệu có bắt đầu từ 1/10 ko", "Có."),
    ],
)
def test_a_day_asked_with_co_khong_is_checked_against_the_end_or_start_it_names(engine, question, verdict):
    answer = ask(engine, question, dt.date(2025, 9, 20))
    assert answer.status == "answered" and answer.text.startswith(verdict) and has(answer, "07/10")


def test_a_day_inside_the_week_is_not_refuted_by_the_weeks_first_day(engine):
    answer = ask(engine, "tuần lễ ở nam triệu có diễn ra ngày 5/10 không", dt.date(2025, 9, 20))
    assert not answer.text.startswith("Không")


def test_the_gaps_between_all_sessions_are_given_when_the_list_is_asked(engine):
    answer = ask(engine, "các chuyên đề ở Thanh Bình cách nhau bao nhiêu ngày", today=dt.date(2025, 10, 1))
    assert answer.status == "answered"
    assert has(answer, "cách nhau 2 ngày", "03/10/2025", "05/10/2025", "07/10/2025")


def test_sessions_named_by_their_days_are_the_sides_of_a_difference(engine):
    question = "buổi chuyên đề hôm 3/10 với buổi hôm 7/10 ở Thanh Bình cách nhau mấy ngày"
    answer = ask(engine, question, today=dt.date(2025, 10, 1))
    assert answer.status == "answered" and has(answer, "cách nhau 4 ngày", "07/10/2025")


def test_today_in_a_days_left_question_is_where_the_count_starts(engine):
    plain = ask(engine, "còn mấy ngày nữa đến hạn nộp báo cáo", today=dt.date(2025, 10, 8))
    from_today = ask(engine, "tính từ hôm nay thì còn mấy ngày nữa đến hạn nộp báo cáo", today=dt.date(2025, 10, 8))
    assert plain.status == from_today.status == "clarify"  # two plans of the year, deadlines differ
    assert has(from_today, "Đăk Plô", "Nam Triệu")


def test_at_what_point_asks_the_date_a_figure_is_counted_to(engine):
    question = "Theo mẫu báo cáo kèm kế hoạch An Lão thì số cơ sở giáo dục có thư viện được thống kê đến thời điểm nào?"
    answer = ask(engine, question, today=dt.date(2023, 10, 10))
    assert answer.status == "answered" and has(answer, "05/9/2023")


def test_the_weekday_of_a_date_named_is_that_dates(engine):
    # it answered the weekday of the first dated sentence found ("Ngày 02/10/2023 là thứ Hai")
    answer = ask(engine, "ngày 7/10/2025 rơi vào thứ mấy", today=dt.date(2025, 10, 1))
    assert answer.status == "answered" and has(answer, "Ngày 07/10/2025 là thứ Ba")
    answer = ask(engine, "ở Thanh Bình ngày 3/10 là thứ mấy", today=dt.date(2025, 10, 1))
    assert has(answer, "Ngày 03/10/2025 là thứ Sáu", "AI")


@pytest.mark.parametrize(
    "question",
    ["Nam Triệu tuần lễ có tất cả mấy ngày", "tuần lễ ở nam triệu tổng cộng bao nhiêu ngày"],
)
def test_a_total_of_days_asks_how_long_the_week_lasts(engine, question):
    # "có tất cả mấy ngày" got a sentence about an electronic library
    answer = ask(engine, question)
    assert answer.status == "answered" and has(answer, "Kéo dài 7 ngày", "07/10/2025")


def test_the_last_day_of_the_week_is_one_side_of_a_difference(engine):
    question = "Ở Đức Trọng, từ ngày cuối cùng của Tuần lễ đến hạn chót gửi báo cáo là bao nhiêu ngày?"
    answer = ask(engine, question, today=dt.date(2021, 10, 5))
    assert answer.status == "answered" and has(answer, "cách nhau 13 ngày", "07/10/2021", "20/10/2021")


def test_sessions_named_by_their_place_in_time_are_the_sides_of_a_people_difference(engine):
    question = "Ở Thanh Bình, chuyên đề cuối cùng có ít hơn chuyên đề đầu tiên bao nhiêu học viên?"
    answer = ask(engine, question)
    assert answer.status == "answered" and has(answer, "Chênh nhau 50 học viên", "100 và 150")


def test_today_is_checked_against_the_weeks_last_day(engine):
    yes = engine.answer(
        "hôm nay là ngày cuối của tuần lễ phải không", today=dt.date(2025, 10, 7), plan_context="dakplo-2025"
    )
    no = engine.answer(
        "hôm nay là ngày cuối của tuần lễ phải không", today=dt.date(2025, 10, 5), plan_context="dakplo-2025"
    )
    assert yes.status == no.status == "answered"
    assert yes.text.startswith("Đúng.") and "07/10/2025" in yes.text
    assert no.text.startswith("Không.") and "05/10/2025" in no.text and "07/10/2025" in no.text


def test_plans_of_different_years_are_compared_by_the_day_within_the_year(engine):
    # "Đức Trọng sớm hơn An Lão 731 ngày" compared 2021 with 2023
    answer = ask(engine, "An Lão và Đức Trọng, nơi nào bắt đầu tuần lễ sớm hơn?")
    assert answer.status == "answered" and has(answer, "Tính theo ngày trong năm, huyện Đức Trọng sớm hơn")
    assert "731" not in answer.text


def test_the_exact_signing_date_left_blank_is_not_stated(engine):
    answer = ask(engine, "Kế hoạch tuần lễ của UBND xã Đăk Plô được ký ban hành vào ngày cụ thể nào?")
    assert answer.status == "unknown" and has(answer, "không ghi đủ ngày ban hành")


def test_the_part_of_the_day_is_that_of_the_stated_hour(engine):
    answer = ask(engine, "Lễ khai giảng ở Thanh Bình tổ chức buổi sáng hay buổi chiều?")
    assert answer.status == "answered" and answer.text.startswith("Buổi chiều (lúc 13h30).")
    # An Lão states no hour for its opening: no part of the day is made up from another sentence
    assert not ask(engine, "Lễ khai mạc ở An Lão tổ chức buổi sáng hay buổi chiều?").text.startswith("Buổi")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("hội khuyến học an lão được giao bao nhiêu nhiệm vụ", "Kế hoạch giao Hội Khuyến học huyện An Lão 2 nhiệm vụ"),
        (
            "trung tâm học tập cộng đồng thanh bình có mấy nhiệm vụ",
            "Trung tâm học tập cộng đồng xã Thanh Bình 2 nhiệm vụ",
        ),
    ],
)
def test_the_tasks_given_to_a_unit_are_counted(engine, question, expected):
    answer = ask(engine, question)
    assert answer.status == "answered" and has(answer, expected, "Nguồn:")


def test_the_weeks_month_is_checked(engine):
    no = ask(engine, "an lão có tổ chức tuần lễ vào tháng 11 không", today=dt.date(2023, 10, 1))
    yes = ask(engine, "tuần lễ ở an lão diễn ra trong tháng 10 phải không", today=dt.date(2023, 10, 1))
    assert no.text.startswith("Không.") and "02/10/2023" in no.text
    assert yes.text.startswith("Có.")


def test_two_plans_weeks_are_compared_for_the_same_days(engine):
    same = ask(engine, "tuần lễ ở đăk plô và nam triệu có trùng ngày không")
    other = ask(engine, "tuần lễ ở an lão và đức trọng có cùng ngày không")
    assert same.status == "answered" and same.text.startswith("Có.") and "01/10/2025 đến 07/10/2025" in same.text
    assert other.text.startswith("Không.") and "02/10/2023" in other.text and "01/10/2021" in other.text
    sources = same.text.partition("Nguồn:")[2]
    assert "Đăk Plô" in sources and "Nam Triệu" in sources


def test_schools_deadlines_in_two_plans_are_the_schools_in_both(engine):
    answer = ask(engine, "Trường học ở Nam Triệu hay ở Đăk Plô phải nộp báo cáo muộn hơn?")
    assert answer.status == "answered"
    assert has(answer, "11/10/2025", "15/10/2025", "4 ngày")


def test_those_sessions_ask_who_leads_them_not_how_many(engine):
    first = engine.answer("Ở Thanh Bình lễ phát động ở các thôn diễn ra từ ngày nào", today=D)
    who = engine.answer("ai chủ trì mấy buổi ấy", today=D, conversation=first.conversation)
    assert who.status == "answered" and "Trung tâm HTCĐ chủ trì" in who.text


def test_whether_two_themes_are_the_same_compares_the_themes_not_the_weeks(engine):
    answer = ask(engine, "chủ đề tuần lễ của Thanh Bình và Đăk Plô có trùng nhau không")
    assert has(answer, "hùng cường") and "cùng diễn ra" not in answer.text


def test_days_left_after_saying_todays_date_count_from_today(engine):
    answer = ask(
        engine, "hôm nay là 5/10/2023, các xã ở An Lão còn mấy ngày nữa đến hạn báo cáo về huyện", dt.date(2023, 10, 5)
    )
    assert answer.status == "answered" and has(answer, "13/10/2023")
