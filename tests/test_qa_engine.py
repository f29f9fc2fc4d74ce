"""The answering engine, asked the way citizens type in chat."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.text import fold

D2025 = dt.date(2025, 10, 2)


def ask(engine, question, today=D2025, plan=None):
    return engine.answer(question, today=today, plan_context=plan)


def has(answer, *phrases):
    text = fold(answer.text)
    return all(fold(p) in text for p in phrases)


@pytest.mark.parametrize(
    "question",
    [
        "chủ đề tuần lễ ở Nam Triệu là gì",
        "chu de tuan le o nam trieu la gi",
        "p. nam trieu chu de j vay",
        "Chủ đề của phường Nam Triệu năm 2025?",
    ],
)
def test_theme_is_found_with_or_without_diacritics(engine, question):
    answer = ask(engine, question)
    assert answer.status == "answered"
    assert answer.plans == ["namtrieu-2025"]
    assert has(answer, "văn minh và hiện đại")


def test_every_answer_names_its_source_with_document_number(engine):
    answer = ask(engine, "thanh binh khai giang luc may gio")
    assert answer.status == "answered"
    assert has(answer, "13h30", "06/10/2025", "Nguồn:", "01/KH-TTHTCĐ")


def test_venue_question_gets_the_venue(engine):
    answer = ask(engine, "Lễ khai giảng ở Thanh Bình tổ chức ở đâu?")
    assert answer.status == "answered" and has(answer, "Nhà văn hóa")


def test_deadline_with_days_left_relative_to_today(engine):
    answer = ask(engine, "các trường ở đăk plô phải nộp báo cáo trước ngày nào", today=dt.date(2025, 10, 8))
    assert answer.status == "answered"
    assert has(answer, "11/10/2025", "còn 3 ngày")


def test_deadline_passed_is_said_so(engine):
    answer = ask(engine, "hạn báo cáo của trường học ở nam triệu đã hết hạn chưa", today=dt.date(2025, 10, 16))
    assert answer.status == "answered" and has(answer, "15/10/2025", "đã hết hạn")


def test_days_until_the_week_starts(engine):
    answer = ask(engine, "con bao nhieu ngay nua thi tuan le o dak plo bat dau", today=dt.date(2025, 9, 26))
    assert answer.status == "answered" and has(answer, "còn 5 ngày")


def test_weekday_of_this_week_resolves_to_the_session_that_day(engine):
    # 2025-10-02 is a Thursday; "thứ 6 tuần này" is 2025-10-03, the AI session in Thanh Bình.
    answer = ask(engine, "thứ 6 tuần này thanh bình học chuyên đề gì", today=dt.date(2025, 10, 2))
    assert answer.status == "answered" and has(answer, "AI", "150")


def test_question_naming_no_locality_gets_a_clarification(engine):
    answer = ask(engine, "ai ký kế hoạch?")
    assert answer.status == "clarify"
    assert len(answer.plans) >= 2 or len(answer.options) >= 2


def test_chosen_locality_is_used_when_the_question_names_none(engine):
    answer = ask(engine, "ai ký kế hoạch?", plan="namtrieu-2025")
    assert answer.status == "answered" and has(answer, "Nguyễn Đức Dũng")


def test_two_years_named_are_answered_per_plan(engine):
    answer = ask(engine, "so sánh chủ đề năm 2021 với năm 2023")
    assert answer.status == "answered"
    assert set(answer.plans) == {"ductrong-2021", "anlao-2023"}
    assert has(answer, "Chuyển đổi số để xây dựng thành công", "kỷ nguyên số")


def test_locality_without_a_plan_is_said_so_and_plans_listed(engine):
    answer = ask(engine, "Tuần lễ ở Đà Nẵng khai mạc khi nào?")
    assert answer.status == "unknown" and has(answer, "Nam Triệu", "Đức Trọng")


def test_year_without_a_plan_is_said_so(engine):
    answer = ask(engine, "chủ đề tuần lễ năm 2022 ở đức trọng")
    assert answer.status == "unknown" and has(answer, "2022")


def test_a_fact_no_plan_states_is_unknown_with_suggestions(engine):
    answer = ask(engine, "số điện thoại của ban tổ chức ở nam triệu là gì")
    assert answer.status == "unknown"
    assert 2 <= len(answer.suggestions) <= 4


def test_a_date_the_plan_does_not_give_is_not_invented(engine):
    answer = ask(engine, "lễ khai mạc ở nam triệu tổ chức ngày nào")
    assert answer.status == "unknown"
    assert "không nêu" in answer.text


def test_out_of_domain_question_is_unknown(engine):
    assert ask(engine, "giá vàng hôm nay bao nhiêu").status == "unknown"
    assert ask(engine, "what is the weather in Hanoi?").status == "unknown"


def test_repaired_pdf_words_are_in_answers(engine):
    answer = ask(engine, "đức trọng khuyến khích thư viện làm gì")
    assert answer.status == "answered"
    assert "h nh" not in answer.text and "chia sẽ" not in answer.text


def test_email_channel_for_reports(engine):
    answer = ask(engine, "gửi báo cáo cho phòng gd đức trọng qua email nào", today=dt.date(2021, 10, 10))
    assert answer.status == "answered" and has(answer, "pgdductrong.tt@gmail.com")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀🎉",
        "?!.,;",
        "a" * 4000,
        "chủ đề\x00\x07 là gì",
        "chủ đề là gì " * 300,
        "Chu\u0309 đê\u0300 ở Nam Triệu",
        "主题是什么 chủ đề",
        "Привет, тема?",
        "\u202e\u200bnam trieu",
    ],
)
def test_bad_input_never_raises(engine, text):
    answer = ask(engine, text)
    assert answer.status in {"answered", "clarify", "unknown"}
    assert answer.text


def test_decomposed_unicode_is_understood(engine):
    import unicodedata

    question = unicodedata.normalize("NFD", "Chủ đề tuần lễ ở Nam Triệu là gì?")
    answer = ask(engine, question)
    assert answer.status == "answered" and answer.plans == ["namtrieu-2025"]


@pytest.mark.parametrize(
    "question",
    [
        "lớp tập huấn kỹ năng số ở đăk plô có mất học phí không",
        "muốn dự chuyên đề ở thanh bình có phải đăng ký trước không",
        "chuyên đề AI ở Thanh Bình do ai giảng dạy?",
        "chủ tịch hội khuyến học huyện an lão là ai",
        "ai là giảng viên buổi chuyển đổi số ở thanh bình",
        "nhà văn hóa ở thanh bình có địa chỉ số nhà bao nhiêu",
        "năm nay đăk plô tuyển sinh những ngành học nào",
        "phong trào học tập suốt đời ra đời năm nào",
        "học chuyên đề chuyển đổi số ở thanh bình có phải trả tiền không",
    ],
)
def test_an_attribute_no_plan_states_is_not_answered_with_a_near_fact(engine, question):
    assert ask(engine, question).status == "unknown"


def test_a_blank_issue_date_is_said_so_not_replaced_by_a_based_on_documents(engine):
    answer = ask(engine, "kế hoạch của đức trọng được ký ban hành ngày nào", today=dt.date(2021, 10, 2))
    assert answer.status == "unknown" and "không ghi đủ ngày ban hành" in answer.text
    assert "21/09/2021" not in answer.text  # the date of the Sở's letter it is based on
    stated = ask(engine, "kế hoạch thanh bình ban hành ngày nào")
    assert stated.status == "answered" and has(stated, "29/09/2025")


def test_a_fee_the_plan_does_state_is_answered(engine):
    answer = ask(engine, "đức trọng có khóa học trực tuyến miễn học phí không", today=dt.date(2021, 10, 2))
    assert answer.status == "answered" and has(answer, "miễn học phí")
    # the words asking about a fee are the evidence looked for, not words the fact must also contain
    asked = ask(engine, "con tôi đến thư viện huyện An Lão đọc sách có phải trả tiền không", today=dt.date(2023, 10, 2))
    assert asked.status == "answered" and has(asked, "miễn phí")


@pytest.mark.parametrize("text", ["cảm ơn bạn nhiều", "cam on ban nhe", "ok", "xin chào", "hello bot"])
def test_small_talk_gets_a_friendly_reply_not_a_fact(engine, text):
    answer = ask(engine, text)
    assert answer.status == "unknown" and "Rất vui" in answer.text and answer.suggestions


@pytest.mark.parametrize(
    ("message", "question"),
    [
        # a statement about the asker beside the marked question is context, not question
        (
            "Chào bot, mình là cán bộ văn hóa ở Nam Triệu. Tuần sau đơn vị mình phải làm báo cáo, "
            "cho mình hỏi hạn nộp là ngày nào?",
            "hạn nộp là ngày nào",
        ),
        # a "?" after a remark about the asker does not make the remark the question
        (
            "Cho mình hỏi lễ khai mạc ở Đăk Plô ngày nào, mình sợ nhớ nhầm?",
            "lễ khai mạc ở Đăk Plô ngày nào",
        ),
        # an introduction closed by "ạ" asks nothing
        ("Dạ em là sinh viên năm nhất ạ. Lễ khai mạc tổ chức ở đâu ạ?", "Lễ khai mạc tổ chức ở đâu ạ"),
        # the asker's purpose after the question is no part of it
        ("chủ đề năm nay là gì để tôi làm khẩu hiệu", "chủ đề năm nay là gì"),
        # "tới" is not "tôi": a clause about the topic stays in the question
        (
            "Đăk Plô có quan tâm tới người khuyết tật, người nghèo không?",
            "Đăk Plô có quan tâm tới người khuyết tật, người nghèo không",
        ),
        # a question pointing back ("lớp đó") keeps the clause it points at
        (
            "em nghe nói có lớp tập huấn kỹ năng số, vậy lớp đó học ở đâu?",
            "em nghe nói có lớp tập huấn kỹ năng số, vậy lớp đó học ở đâu",
        ),
    ],
)
def test_the_question_is_found_among_the_askers_words(message, question):
    from bot.qa.clauses import split_question
    from bot.text import clean

    assert split_question(clean(message)).question == question


def test_an_introduction_before_the_question_does_not_pick_a_plan(engine):
    answer = ask(engine, "Dạ chào ad, em là cô giáo mới về trường ạ. Cho em hỏi lễ khai mạc năm nay vào ngày nào ạ?")
    assert answer.status == "clarify" or len(answer.plans) >= 2


def test_which_one_is_not_answered_by_a_fact_naming_only_the_kind(engine):
    # the plan says "thực tập tại doanh nghiệp công nghệ;" and names none
    generic = ask(engine, "ở Đăk Plô các em được đi kiến tập tại doanh nghiệp công nghệ nào")
    assert generic.status == "unknown" and "không nêu tên cụ thể" in generic.text
    # "các cuộc thi lập trình": the kind is specified, so it answers "which contests"
    specified = ask(engine, "nam triệu khuyến khích cuộc thi nào")
    assert specified.status == "answered" and has(specified, "lập trình")


def test_a_name_in_capitals_no_plan_holds_is_not_answered_with_a_near_fact(engine):
    # "Giải Bóng Đá" is in no plan: the plan's sport-free facts are no answer
    unknown = ask(engine, "xã Đăk Plô có tổ chức Giải Bóng Đá Thiếu Niên trong tuần lễ không")
    assert unknown.status == "unknown"
    # a name the plan does hold, and a locality written in capitals, still answer
    known = ask(engine, "ở An Lão thì Hội Khuyến học huyện phải làm gì", dt.date(2023, 10, 2))
    assert known.status == "answered" and has(known, "Hội Khuyến học")


def test_the_classifier_cai_before_a_noun_is_left_out(engine):
    answer = ask(engine, "ký cái kế hoạch ở Thanh Bình là ông bà nào")
    assert answer.status == "answered" and answer.topic == "signer"


def test_the_summing_up_of_a_report_is_not_taken_for_a_closing_ceremony(engine):
    # An Lão holds no closing ceremony, but its report form has a part summing up commendations
    answer = ask(engine, "phần tổng kết khen thưởng trong mẫu báo cáo của An Lão gồm những gì", dt.date(2023, 10, 2))
    assert answer.status == "answered" and "không nêu tổng kết" not in answer.text


def test_which_places_a_unit_works_with_asks_for_partners_not_a_venue(engine):
    question = "ở Đức Trọng phòng GD&ĐT cùng phối hợp với những nơi nào để tuyên truyền về tuần lễ"
    answer = ask(engine, question, dt.date(2021, 10, 2))
    assert answer.status == "answered" and has(answer, "Trung tâm VH-TT-TT")


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("lễ khai mạc ở Tân Lập tổ chức ngày nào?", "Tân Lập"),
        ("năm nay tại Cẩm Phả học tập suốt đời có chủ đề gì", "Cẩm Phả"),
    ],
)
def test_a_place_after_o_or_tai_that_is_no_plans_locality_gets_no_answer_from_another_plan(engine, question, place):
    answer = ask(engine, question)
    assert answer.status == "unknown" and not answer.plans
    assert f"chưa có kế hoạch Tuần lễ của {place}" in answer.text
    # the locality the user chose does not stand in for the place named either
    chosen = ask(engine, question, plan="dakplo-2025")
    assert chosen.status == "unknown" and f"chưa có kế hoạch Tuần lễ của {place}" in chosen.text


def test_a_venue_or_a_known_locality_after_o_is_not_taken_for_a_place_without_a_plan(engine):
    venue = ask(engine, "lễ khai giảng ở Thanh Bình tổ chức tại Nhà văn hóa nào")
    assert venue.status == "answered" and has(venue, "Nhà văn hóa")
    known = ask(engine, "chủ đề tuần lễ ở Nam Triệu là gì")
    assert known.status == "answered" and known.plans == ["namtrieu-2025"]


def test_a_line_of_the_report_form_is_never_the_answer_to_a_theme_question(engine):
    # An Lão's form starts "Ủy ban nhân dân xã/thị trấn. Cộng hòa xã hội chủ nghĩa … Số: .../BC-…"
    for question in ("chủ đề tuần lễ ở An Lão nói về cộng hòa hạnh phúc gì", "An Lão chủ đề độc lập tự do là gì"):
        answer = ask(engine, question, dt.date(2023, 10, 2))
        assert "/BC-" not in answer.text and "Cộng hòa xã hội chủ nghĩa" not in answer.text, answer.text
    # asked about the form, its lines still answer
    form = ask(engine, "mẫu báo cáo của An Lão có những phần nào", dt.date(2023, 10, 2))
    assert form.status == "answered" and has(form, "Đề xuất, kiến nghị"), form.text


@pytest.mark.parametrize(
    "question",
    [
        "ở Nam Triệu có bao nhiêu con trâu tham gia tuần lễ",
        "Thanh Bình có mấy chiếc xe buýt đưa đón học viên",
        "có bao nhiêu bàn ghế ở lễ khai mạc Đăk Plô",
        "Đăk Plô có bao nhiêu con voi",
        "lễ khai giảng ở Thanh Bình có bao nhiêu con voi",  # the fact holds a number: the hour, 13h30
    ],
)
def test_a_count_of_something_no_fact_numbers_is_not_answered(engine, question):
    answer = ask(engine, question)
    assert answer.status == "unknown", answer.text
    assert "không tìm thấy" in answer.text or "không nêu" in answer.text, answer.text  # not "what about?"


def test_a_count_is_answered_by_the_fact_giving_the_number_of_what_is_asked(engine):
    people = ask(engine, "chuyên đề phòng chống tội phạm ở Thanh Bình có bao nhiêu người tham gia")
    assert people.status == "answered" and has(people, "100 học viên")
    assert not has(people, "150 học viên"), "the session named, not the whole list"
    # a number that is not of the people asked about (the hour 13h30, a year) answers no count
    guests = ask(engine, "Thanh Bình có bao nhiêu người dự lễ khai giảng")
    assert guests.status == "unknown"


def test_may_h_in_chat_asks_the_hour(engine):
    answer = ask(engine, "lễ khai giảng Thanh Bình bắt đầu lúc mấy h")
    assert answer.status == "answered" and has(answer, "13h30")


def test_a_question_opening_with_hoi_the_organisation_keeps_it(engine):
    # folded, "Hội" (an association) is "hỏi" (ask): it is no asking marker to strip
    answer = ask(engine, "Hội khuyến học An Lão có nhiệm vụ gì", dt.date(2023, 10, 2))
    assert answer.status == "answered" and answer.text.startswith("Hội Khuyến học"), answer.text
    assert not has(answer, "Phòng Giáo dục và Đào tạo huyện An Lão: Phát động")


@pytest.mark.parametrize(
    ("question", "today", "phrase"),
    [
        ("Thanh Bình lấy tiền nong tổ chức tuần lễ ở đâu ra", D2025, "nguồn ngân sách"),
        ("An Lão làm kế hoạch theo văn bản chỉ đạo nào", dt.date(2023, 10, 2), "Công văn số 6425"),
        ("hội pn xã Thanh Bình tham gia thế nào", D2025, "Hội phụ nữ"),
    ],
)
def test_everyday_names_of_the_plans_concepts_find_them(engine, question, today, phrase):
    answer = ask(engine, question, today)
    assert answer.status == "answered" and has(answer, phrase), answer.text


@pytest.mark.parametrize(
    "question",
    [
        "phường Nam Triệu tổ chức hội chợ sách ở đâu",  # "chợ" folds like "cho"
        "chùa ở Đăk Plô có tham gia tuần lễ không",  # "chùa" folds like "chưa"
        "Đức Trọng có cuộc thi vẽ tranh không",  # "vẽ" folds like "về"
    ],
)
def test_a_noun_typed_with_marks_that_folds_like_a_small_word_still_counts(engine, question):
    # folded, the noun would be a word that carries nothing, and a fact lacking it would answer
    answer = ask(engine, question, dt.date(2025, 10, 2))
    assert answer.status == "unknown", answer.text


def test_the_people_addressed_after_a_question_are_no_part_of_it(engine):
    for question in (
        "khai giảng lớp ở Thanh Bình ngày nào vậy mọi người",
        "chủ đề tuần lễ ở An Lão năm 2023 là gì vậy mọi người",
    ):
        plain = ask(engine, question.rsplit(" ", 2 if question.endswith("mọi người") else 1)[0])
        addressed = ask(engine, question)
        assert addressed.status == "answered" and addressed.text == plain.text, question


def test_here_in_lower_case_is_not_taken_for_a_place_without_a_plan(engine):
    answer = engine.answer(
        "giáo viên ở đây được tham gia diễn đàn của tổ chức quốc tế nào",
        today=dt.date(2021, 10, 2),
        plan_context="ductrong-2021",
    )
    assert "chưa có kế hoạch" not in answer.text.lower()


def test_which_company_is_not_stated_when_the_plan_only_invites_companies(engine):
    # the plan invites companies to present jobs but names none: no fact answers "which company"
    answer = ask(engine, "Ở Đăk Plô doanh nghiệp nào sẽ tới nói chuyện về việc làm?")
    assert answer.status == "unknown", answer.text
    assert "không nêu" in answer.text and "doanh nghiệp" in answer.text.lower()


def test_which_hall_a_session_uses_is_not_stated_when_the_session_gives_no_place(engine):
    # the AI session of Thanh Bình has a date and a number of learners, no venue of its own
    answer = ask(engine, "Ở Thanh Bình chuyên đề về AI được tổ chức tại hội trường nào?")
    assert answer.status == "unknown", answer.text
    assert "không nêu địa điểm" in answer.text


def test_a_place_kind_asked_with_at_still_answers_when_the_fact_names_the_venue(engine):
    answer = ask(engine, "Lễ khai mạc ở Thanh Bình tổ chức tại hội trường nào?")
    assert answer.status == "answered" and "Nhà văn hóa UBND xã Thanh Bình" in answer.text, answer.text


def test_a_units_duties_asked_as_a_whole_are_all_listed(engine):
    # Nam Triệu gives its culture and society office four tasks; the last one is shown too
    answer = ask(engine, "Ở phường Nam Triệu, phòng Văn hóa - Xã hội có những nhiệm vụ gì trong tuần lễ?")
    assert answer.status == "answered", answer.text
    for part in ("Tham mưu xây dựng", "Sở Giáo dục và Đào tạo", "Chỉ đạo các trường", "Tổ chức tuyên truyền"):
        assert part in answer.text, answer.text


def test_one_task_asked_of_a_unit_is_not_the_whole_list(engine):
    answer = ask(engine, "Phòng Văn hóa - Xã hội Nam Triệu phải gửi báo cáo về Sở trước ngày nào?")
    assert answer.status == "answered" and "20/10/2025" in answer.text, answer.text
    assert "Chỉ đạo các trường" not in answer.text, answer.text


def test_where_prefers_the_close_fact_that_names_the_venue_more_fully(engine):
    # one An Lão duty says the pupils read "tại thư viện", two others say "tại Thư viện huyện"
    answer = ask(
        engine,
        "An Lão năm 2023 cho học sinh đọc sách miễn phí ở chỗ nào, trung tâm văn hóa tổ chức?",
        dt.date(2023, 10, 1),
    )
    assert answer.status == "answered" and "Thư viện huyện" in answer.text, answer.text
