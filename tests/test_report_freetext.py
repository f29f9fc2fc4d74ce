"""Reading a whole message of figures from staff into the form's indicators, without guessing."""

from __future__ import annotations

import pytest

from bot.reports.form import DEFAULT_FORM_PATH, Form, load_form
from bot.reports.freetext import FreeTextResult, parse_free_text


@pytest.fixture(scope="module")
def form() -> Form:
    return load_form(DEFAULT_FORM_PATH)


def _read(text: str, form: Form) -> FreeTextResult:
    return parse_free_text(text, form)


# -- realistic messages that read completely -----------------------------------------------------------

COMPLETE_MESSAGES = [
    pytest.param(
        "đã treo 12 băng rôn, phát 300 tờ rơi và tổ chức 2 buổi tọa đàm với 150 người",
        {"banners": 12, "leaflets": 300, "workshops": 2, "workshop_participants": 150},
        id="brief-example",
    ),
    pytest.param(
        "da treo 12 bang ron, phat 300 to roi va to chuc 2 buoi toa dam voi 150 nguoi",
        {"banners": 12, "leaflets": 300, "workshops": 2, "workshop_participants": 150},
        id="brief-example-without-diacritics",
    ),
    pytest.param(
        "băng rôn: 12\nsố tờ rơi là 300",
        {"banners": 12, "leaflets": 300},
        id="label-before-number-on-lines",
    ),
    pytest.param(
        "Tờ rơi 300 băng rôn 12",
        {"leaflets": 300, "banners": 12},
        id="label-before-number-without-punctuation",
    ),
    pytest.param(
        "Tổ chức 3 lớp tin học với 90 học viên và 2 lớp kỹ năng sống, 60 lượt người tham gia",
        {
            "language_it_classes": 3,
            "language_it_participants": 90,
            "life_skills_classes": 2,
            "life_skills_participants": 60,
        },
        id="classes-with-their-participants",
    ),
    pytest.param(
        "Xã đã ban hành kế hoạch. Có 5 bài trên đài phát thanh, 2 phóng sự truyền hình, 3 bài báo",
        {"plan_issued": 1, "radio_items": 5, "tv_reports": 2, "press_articles": 3},
        id="plan-and-media",
    ),
    pytest.param(
        "Khen thưởng 3 đơn vị, 12 cá nhân, tổng kinh phí 5,5 triệu",
        {"awarded_units": 3, "awarded_individuals": 12, "award_budget": 5_500_000},
        id="awards-with-decimal-millions",
    ),
    pytest.param(
        "khen thuong: 3 tap the va 12 ca nhan, kinh phi 5tr",
        {"awarded_units": 3, "awarded_individuals": 12, "award_budget": 5_000_000},
        id="awards-chat-style",
    ),
    pytest.param(
        "- Hội thảo: 2 lần, 150 người\n- Triển lãm: 500 lượt người xem\n- Văn nghệ: 1 buổi",
        {"workshops": 2, "workshop_participants": 150, "exhibition_visitors": 500, "art_performances": 1},
        id="bulleted-events",
    ),
    pytest.param(
        "Ngày 5/10/2023 trường treo 10 băng rông, 2 pa nô, phát 1.200 tờ rơi",
        {"banners": 12, "leaflets": 1200},
        id="date-ignored-typo-and-banners-and-panels-add-up",
    ),
    pytest.param(
        "Thư viện: 5 cơ sở có thư viện, khai thác 200 tài liệu số, 3 buổi giới thiệu sách, 120 người đọc sách online",
        {"libraries": 5, "digital_resources": 200, "library_activities": 3, "online_readers": 120},
        id="library",
    ),
    pytest.param(
        "TTHTCĐ có đủ cơ sở vật chất: 1 trung tâm; có tổ chức hoạt động: 1",
        {"clc_facilities": 1, "clc_activities": 1},
        id="learning-centre",
    ),
    pytest.param(
        "40 ng tham gia lop ky nang song, 2 lop day nghe cho 70 lao dong nong thon",
        {"life_skills_participants": 40, "vocational_classes": 2, "vocational_participants": 70},
        id="chat-abbreviation-and-participants-named-before-their-class",
    ),
    pytest.param(
        "Treo 8 bămg rôn, 4 khẩu hịeu, phát 1,200 to roi",
        {"banners": 12, "leaflets": 1200},
        id="typos-and-comma-thousands",
    ),
    pytest.param(
        "đã treo bangron 7 cái, toạ đàm 3 buổi có 90 đại biểu",
        {"banners": 7, "workshops": 3, "workshop_participants": 90},
        id="glued-word-and-label-first",
    ),
    pytest.param(
        "Tổ chức 02 lớp bồi dưỡng chuyển đổi số cho cán bộ công chức với 85 lượt người",
        {"staff_dx_classes": 2, "staff_dx_participants": 85},
        id="staff-digital-transformation-classes",
    ),
    pytest.param(
        "đài truyền thanh xã phát 15 tin",
        {"radio_items": 15},
        id="shared-word-settled-by-its-neighbour",
    ),
    pytest.param(
        "số lớp dạy nghề: 2 lớp/60 người",
        {"vocational_classes": 2, "vocational_participants": 60},
        id="slash-between-figures",
    ),
    pytest.param(
        "12 băng rôn, 300 tờ rơi, 2 tọa đàm 150 người, 3 lớp tin học 90 học viên, "
        "khen thưởng 2 tập thể 5 cá nhân 3.500.000đ",
        {
            "banners": 12,
            "leaflets": 300,
            "workshops": 2,
            "workshop_participants": 150,
            "language_it_classes": 3,
            "language_it_participants": 90,
            "awarded_units": 2,
            "awarded_individuals": 5,
            "award_budget": 3_500_000,
        },
        id="long-summary-with-amount-in-the-awards-clause",
    ),
    pytest.param(
        "Chưa có kế hoạch, đã phát 50 tờ gấp",
        {"plan_issued": 0, "leaflets": 50},
        id="plan-not-issued",
    ),
]


@pytest.mark.parametrize(("text", "expected"), COMPLETE_MESSAGES)
def test_realistic_messages_are_read_completely(text: str, expected: dict[str, int], form: Form) -> None:
    result = _read(text, form)
    assert result.values == expected
    assert result.complete, result.unattributed


def test_each_figure_keeps_the_words_it_came_from(form: Form) -> None:
    result = _read("đã treo 12 băng rôn, phát 300 tờ rơi và tổ chức 2 buổi tọa đàm với 150 người", form)
    assert [(m.key, m.text) for m in result.matches] == [
        ("banners", "12 băng rôn"),
        ("leaflets", "300 tờ rơi"),
        ("workshops", "2 buổi tọa đàm"),
        ("workshop_participants", "150 người"),
    ]


def test_figures_named_twice_by_different_words_of_one_indicator_add_up(form: Form) -> None:
    (match,) = _read("hoi thao 1, toa dam 2", form).matches
    assert (match.key, match.value) == ("workshops", 3)
    assert match.text == "hoi thao 1; toa dam 2"


# -- what is left to ask -------------------------------------------------------------------------------


def test_people_without_any_context_are_asked_about(form: Form) -> None:
    result = _read("150 người tham gia", form)
    assert result.matches == ()
    (left,) = result.unattributed
    assert left.number == "150"
    assert "workshop_participants" in left.candidates and "life_skills_participants" in left.candidates
    assert left.message.startswith("Chưa rõ “150 người tham gia” thuộc hoạt động nào")


def test_shared_word_lists_the_indicators_it_may_be(form: Form) -> None:
    (left,) = _read("5 bài viết", form).unattributed
    assert left.candidates == ("press_articles", "wall_newspapers")
    assert "“Số bài viết trên các báo”" in left.message


def test_context_narrows_but_does_not_decide_between_two_sections_indicators(form: Form) -> None:
    result = _read("Hội diễn văn nghệ 1 buổi lúc 19h30 có 300 người xem", form)
    assert result.values == {"art_performances": 1}
    (left,) = result.unattributed
    assert left.candidates == ("workshop_participants", "exhibition_visitors")


def test_number_without_words_of_the_form_is_never_attributed(form: Form) -> None:
    (left,) = _read("tổng chi 3 triệu", form).unattributed
    assert left.text == "3 triệu"
    assert left.candidates == ("award_budget",)
    assert "Có phải là “Tổng kinh phí khen thưởng” không?" in left.message


def test_number_of_a_thing_the_form_does_not_count_is_asked_about(form: Form) -> None:
    result = _read("tổ chức 1 triển lãm thu hút 500 lượt người xem", form)
    assert result.values == {"exhibition_visitors": 500}
    (left,) = result.unattributed
    assert left.number == "1"


def test_same_words_twice_are_asked_about_not_summed(form: Form) -> None:
    result = _read("treo 12 băng rôn, thêm 5 băng rôn nữa", form)
    assert result.values == {"banners": 12}
    (left,) = result.unattributed
    assert left.candidates == ("banners",)
    assert "đã có 12 cái" in left.message


def test_fractional_count_in_a_message_is_asked_about(form: Form) -> None:
    result = _read("treo 2,5 băng rôn, phát 100 tờ rơi", form)
    assert result.values == {"leaflets": 100}
    (left,) = result.unattributed
    assert left.candidates == ("banners",)
    assert "“2,5” không phải số nguyên" in left.message


def test_percentage_is_asked_about_as_a_count(form: Form) -> None:
    result = _read("Năm 2023 xã tổ chức 4 buổi tọa đàm, 80% người dân tham gia", form)
    assert result.values == {"workshops": 4}
    (left,) = result.unattributed
    assert "không ghi tỷ lệ" in left.message


def test_figure_above_the_bound_is_kept_but_flagged(form: Form) -> None:
    (match,) = _read("đã treo 5000 băng rôn", form).matches
    assert match.value == 5000
    assert match.over_bound
    assert match.message is not None and "trả lời “đúng”" in match.message


# -- numbers that are not figures ----------------------------------------------------------------------


def test_dates_years_times_and_document_numbers_are_ignored(form: Form) -> None:
    result = _read("Kế hoạch số 45/KH-UBND ngày 20/9/2023, năm 2023 lúc 8h30 treo 6 băng rôn", form)
    assert result.values == {"banners": 6}
    assert result.complete


def test_indicator_named_without_a_figure_is_reported_as_mentioned(form: Form) -> None:
    result = _read("chưa tổ chức hội thảo, có 3 bài viết trên báo", form)
    assert result.values == {"press_articles": 3}
    assert result.mentioned == ("workshops",)


def test_message_without_figures_gives_nothing(form: Form) -> None:
    result = _read("Chào anh chị, em gửi báo cáo ạ", form)
    assert result == FreeTextResult()


# -- numbers written in words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "đã tổ chức hai buổi tọa đàm với một trăm năm mươi người, treo mười hai băng rôn",
            {"workshops": 2, "workshop_participants": 150, "banners": 12},
        ),
        (
            "da to chuc hai buoi toa dam voi mot tram nam muoi nguoi, treo muoi hai bang ron",
            {"workshops": 2, "workshop_participants": 150, "banners": 12},
        ),
        ("phát năm trăm tờ rơi và một nghìn hai trăm cuốn sách", {"leaflets": 500, "books_documents": 1200}),
        ("kinh phí khen thưởng ba triệu rưỡi", {"award_budget": 3_500_000}),
        ("1 lớp tin học ba mươi lăm học viên", {"language_it_classes": 1, "language_it_participants": 35}),
    ],
)
def test_figures_written_in_words_are_read(form: Form, text: str, expected: dict[str, int]) -> None:
    result = _read(text, form)
    assert result.values == expected and result.complete


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trong năm nay treo năm băng rôn, phát một số tờ rơi", {"banners": 5}),
        ("năm 2025 treo 6 băng rôn", {"banners": 6}),
        ("có 2 trung tam co hoat dong", {"clc_activities": 2}),  # "tam": "tâm" typed without diacritics
        ("sau do treo 4 bang ron", {"banners": 4}),  # "sau": after
        ("tổ chức 3 buổi văn nghệ trong 2 năm", {"art_performances": 3}),  # a duration
        ("thứ hai treo 7 băng rôn", {"banners": 7}),  # Monday
    ],
)
def test_words_that_look_like_numbers_are_not_figures(form: Form, text: str, expected: dict[str, int]) -> None:
    result = _read(text, form)
    assert result.values == expected and result.complete, result.unattributed


# -- a form restricted to the unit -------------------------------------------------------------------------


def test_a_figure_of_a_question_the_unit_is_not_asked_is_named_and_not_kept(form: Form) -> None:
    school = form.restricted_to(frozenset({"school"}))
    text = "mở 1 lớp dạy nghề cho lao động nông thôn, 20 người tham gia; treo 5 băng rôn"
    result = _read(text, school)
    assert result.values == {"banners": 5}
    assert [u.message for u in result.unattributed] == [
        "“1 lớp dạy nghề cho lao động nông thôn” là số liệu của “Số lớp dạy nghề cho lao động nông thôn”: "
        "mẫu báo cáo không hỏi câu này ở đơn vị của bạn, nên mình không ghi.",
        "“20 người tham gia” là số liệu của “Số lượt người tham gia lớp dạy nghề cho lao động nông thôn”: "
        "mẫu báo cáo không hỏi câu này ở đơn vị của bạn, nên mình không ghi.",
    ]
    # the same message from a commune is read whole
    commune = form.restricted_to(frozenset({"commune"}))
    assert _read(text, commune).values == {"vocational_classes": 1, "vocational_participants": 20, "banners": 5}


def test_a_question_back_names_only_questions_the_unit_is_asked(form: Form) -> None:
    school = form.restricted_to(frozenset({"school"}))
    result = _read("có 150 người", school)
    assert not result.matches
    assert all(school.has(key) for u in result.unattributed for key in u.candidates)
