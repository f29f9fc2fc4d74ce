"""Reading one answer: number formats, money, yes/no, control words and polite refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.messages import reports as reports_texts
from bot.reports.form import DEFAULT_FORM_PATH, Form, Indicator, load_form
from bot.reports.numbers import (
    QUICK_VERBS,
    Control,
    ErrorKind,
    ParsedValue,
    ParseError,
    find_numbers,
    fold_with_offsets,
    format_number,
    format_value,
    parse_control,
    parse_value,
    parse_yes_no,
    quick_answer,
    quick_answers,
    read_digits,
    read_number_words,
)
from bot.text import strip_diacritics


@pytest.fixture(scope="module")
def form() -> Form:
    return load_form(DEFAULT_FORM_PATH)


@pytest.fixture(scope="module")
def people(form: Form) -> Indicator:
    return form.indicator("workshop_participants")


@pytest.fixture(scope="module")
def banners(form: Form) -> Indicator:
    return form.indicator("banners")


@pytest.fixture(scope="module")
def classes(form: Form) -> Indicator:
    return form.indicator("life_skills_classes")


@pytest.fixture(scope="module")
def money(form: Form) -> Indicator:
    return form.indicator("award_budget")


@pytest.fixture(scope="module")
def plan(form: Form) -> Indicator:
    return form.indicator("plan_issued")


def _value(text: str, indicator: Indicator) -> int:
    result = parse_value(text, indicator)
    assert isinstance(result, ParsedValue), result
    assert not result.over_bound
    return result.value


def _error(text: str, indicator: Indicator) -> ParseError:
    result = parse_value(text, indicator)
    assert isinstance(result, ParseError), result
    return result


# -- accepted numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200", 1200),
        ("1.200", 1200),
        ("1,200", 1200),
        ("1 200", 1200),
        ("1200 người", 1200),
        ("1.200 người", 1200),
        ("khoảng 300 người", 300),
        ("0", 0),
        ("012", 12),
        ("1,2 nghìn", 1200),
        ("  45  ", 45),
    ],
)
def test_thousands_separators_and_units_are_read_the_vietnamese_way(
    text: str, expected: int, people: Indicator
) -> None:
    assert _value(text, people) == expected


def test_number_with_the_thing_counted_is_accepted(banners: Indicator) -> None:
    assert _value("12 băng rôn", banners) == 12
    assert _value("12 bang ron", banners) == 12


@pytest.mark.parametrize("text", ["không", "ko", "k", "khong", "khong co", "không có", "chưa có", "chua co", "chưa"])
def test_no_and_not_yet_mean_zero(text: str, banners: Indicator) -> None:
    assert _value(text, banners) == 0


@pytest.mark.parametrize(("text", "expected"), [("hai", 2), ("ba lớp", 3), ("mười", 10)])
def test_small_number_words_are_understood(text: str, expected: int, classes: Indicator) -> None:
    assert _value(text, classes) == expected


# -- numbers written in words --------------------------------------------------------------------------

NUMBER_WORDS = [
    ("một", 1), ("năm", 5), ("bảy", 7), ("bẩy", 7), ("mười", 10), ("mười một", 11), ("mười hai", 12),
    ("mười bốn", 14), ("mười lăm", 15), ("mười tư", 14), ("hai mươi", 20), ("hai mươi mốt", 21),
    ("hai mươi một", 21), ("hai mươi tư", 24), ("hai mươi lăm", 25), ("hai mươi nhăm", 25), ("hai mốt", 21),
    ("ba lăm", 35), ("năm chục", 50), ("hai chục", 20), ("một chục rưỡi", 15), ("chín mươi chín", 99),
    ("một trăm", 100), ("một trăm linh năm", 105), ("một trăm lẻ năm", 105), ("một trăm linh tư", 104),
    ("một trăm hai", 120), ("một trăm hai mươi", 120), ("một trăm mốt", 110), ("một trăm hai mốt", 121),
    ("một trăm rưỡi", 150), ("hai trăm năm mươi", 250), ("hai trăm năm", 250), ("chín trăm chín mươi chín", 999),
    ("một nghìn", 1000), ("một ngàn", 1000), ("một nghìn hai trăm", 1200), ("một nghìn hai", 1200),
    ("một nghìn hai mươi", 1020), ("hai nghìn không trăm mười", 2010), ("hai nghìn linh năm", 2005),
    ("hai nghìn rưỡi", 2500), ("mười hai nghìn", 12_000), ("một trăm nghìn", 100_000),
    ("năm trăm nghìn", 500_000), ("một triệu", 1_000_000), ("một triệu hai", 1_200_000),
    ("ba triệu rưỡi", 3_500_000), ("một triệu hai trăm nghìn", 1_200_000), ("hai tỷ", 2_000_000_000),
    ("hai tỉ rưỡi", 2_500_000_000), ("một tỷ hai trăm triệu", 1_200_000_000),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NUMBER_WORDS)
def test_number_words_with_diacritics(text: str, expected: int) -> None:
    assert read_number_words(text) == expected


@pytest.mark.parametrize(("text", "expected"), NUMBER_WORDS)
def test_number_words_without_diacritics(text: str, expected: int) -> None:
    assert read_number_words(strip_diacritics(text)) == expected


@pytest.mark.parametrize("text", ["Mười Hai", "MƯỜI HAI", "mười  hai"])
def test_number_words_in_any_case_and_spacing(text: str) -> None:
    assert read_number_words(text) == 12


@pytest.mark.parametrize(
    "text",
    [
        "mười năm",  # ten years, not 15 ("mười lăm")
        "tâm",  # "trung tâm", not "tám"
        "trăm",  # no digit before
        "không",  # "no" (the answer reader takes it as 0)
        "một nghìn hai triệu",  # not one number
        "hai mươi lăm người",  # not only a number
        "",
    ],
)
def test_what_is_not_a_number_in_words(text: str) -> None:
    assert read_number_words(text) is None


def test_a_half_after_a_digit_is_a_fraction() -> None:
    assert read_number_words("ba rưỡi") == Decimal("3.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mười hai", 12), ("muoi hai", 12), ("hai mươi", 20), ("hai mươi lăm bài", 25), ("khoảng hai chục bài", 20),
        ("mười hai bài viết", 12), ("được hai bài thôi ạ", 2), ("hai mot", 21),
    ],
)  # fmt: skip
def test_an_answer_in_words_is_accepted(text: str, expected: int, form: Form) -> None:
    assert _value(text, form.indicator("press_articles")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("một trăm rưỡi", 150), ("một trăm rưỡi người", 150), ("mot tram nam muoi nguoi", 150),
        ("hai trăm học viên", 200), ("một nghìn hai trăm lượt", 1200),
    ],
)  # fmt: skip
def test_a_number_of_people_in_words(text: str, expected: int, people: Indicator) -> None:
    assert _value(text, people) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ba triệu rưỡi", 3_500_000), ("ba trieu ruoi", 3_500_000), ("năm trăm nghìn đồng", 500_000),
        ("hai tỷ", 2_000_000_000), ("một triệu hai", 1_200_000),
    ],
)  # fmt: skip
def test_an_amount_of_money_in_words(text: str, expected: int, money: Indicator) -> None:
    assert _value(text, money) == expected


def test_half_a_person_is_refused(people: Indicator) -> None:
    error = _error("ba rưỡi", people)
    assert error.kind is ErrorKind.FRACTIONAL and "“ba rưỡi” không phải số nguyên" in error.message


@pytest.mark.parametrize("text", ["ba ngày nữa là hạn à", "năm nay chưa có", "một số bài", "hai bà trưng"])
def test_a_sentence_with_a_number_word_is_not_an_answer(text: str, banners: Indicator) -> None:
    assert isinstance(parse_value(text, banners), ParseError)


def test_ten_years_is_asked_again_not_read_as_fifteen(banners: Indicator) -> None:
    error = _error("mười năm", banners)
    assert error.kind is ErrorKind.SEVERAL_NUMBERS and "(“mười”, “năm”)" in error.message


def test_digits_and_words_together_are_several_numbers(banners: Indicator) -> None:
    assert _error("12 hay mười ba", banners).kind is ErrorKind.SEVERAL_NUMBERS


def test_numbers_in_words_are_found_in_a_text_with_their_kind() -> None:
    text = "Đã treo mười hai băng rôn, kinh phí ba triệu rưỡi đồng"
    folded, offsets = fold_with_offsets(text)
    found = find_numbers(folded, text, offsets)
    assert [(s.value, s.word, s.money) for s in found] == [(12, True, False), (3_500_000, True, True)]
    assert [text[offsets[s.start] : offsets[s.end]] for s in found] == ["mười hai", "ba triệu rưỡi đồng"]
    assert find_numbers(folded) == []  # without the original text only digits are read


@pytest.mark.parametrize(
    "text",
    [
        "trung tam co hoat dong",  # "tam" typed without diacritics: "tâm", not "tám"
        "sau do to chuc hoi thao",  # "sau": after
        "ke hoach nam nay",  # a year
        "trong năm 2025",
        "một số băng rôn",  # some
        "lam bang ron",  # "làm"
    ],
)
def test_words_that_only_look_like_numbers_in_a_free_message(text: str) -> None:
    folded, offsets = fold_with_offsets(text)
    assert [s for s in find_numbers(folded, text, offsets) if s.word and not s.after_number] == []


# -- the unit a figure is given in ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("press_articles", "12 người"),
        ("press_articles", "12 cái"),
        ("press_articles", "mười hai người"),
        ("press_articles", "12 ng"),
        ("press_articles", "2 năm"),
        ("workshop_participants", "12 lớp"),
        ("workshops", "2 lớp"),
        ("banners", "12 người"),
        ("libraries", "3 người"),
        ("books_documents", "5 tờ"),  # leaflets are counted in tờ, books in cuốn
        ("language_it_participants", "5 lớp"),  # "lớp" is in the label, but the figure counts people
        ("staff_dx_classes", "12 cán bộ"),  # "cán bộ" is in the label, but the figure counts classes
        ("exhibition_visitors", "3 buổi"),
        ("online_readers", "2 trường"),
    ],
)
def test_a_figure_in_another_unit_is_questioned(form: Form, key: str, text: str) -> None:
    indicator = form.indicator(key)
    error = _error(text, indicator)
    assert error.kind is ErrorKind.WRONG_UNIT
    assert f"tính bằng {indicator.unit}, nhưng bạn ghi “{text}”" in error.message
    assert error.message.startswith(f"Câu này hỏi “{indicator.label}”")


def test_every_measure_word_fits_an_indicator_only_through_its_unit(form: Form) -> None:
    """Consistent for all questions: a measure word fits its own unit, the words counting the same thing,
    and (for people) the words for people; never because it happens to appear in the label."""
    from bot.reports.numbers import _FITTING, _MEASURE_WORDS, _PEOPLE_WORDS, unit_fits
    from bot.text import tokens

    for indicator in form.indicators:
        if indicator.kind == "yesno":
            continue
        own = " ".join(tokens(indicator.unit, abbreviations=False))
        allowed = {own} | set(_FITTING.get(own, ())) | (set(_PEOPLE_WORDS) if indicator.kind == "people" else set())
        fits = {word for word in _MEASURE_WORDS if unit_fits(word, indicator)}
        assert fits <= allowed, (indicator.key, fits - allowed)
        assert own in fits or not own, indicator.key


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [("books_documents", "5 cuốn", 5), ("books_documents", "5 quyển", 5), ("language_it_participants", "12 lượt", 12)],
)
def test_a_figure_in_a_fitting_unit_is_taken(form: Form, key: str, text: str, value: int) -> None:
    parsed = parse_value(text, form.indicator(key))
    assert isinstance(parsed, ParsedValue) and parsed.value == value


def test_money_given_in_people_is_questioned(money: Indicator) -> None:
    error = _error("5 triệu người", money)
    assert (
        error.kind is ErrorKind.WRONG_UNIT and "là một số tiền (đồng), nhưng bạn ghi “5 triệu người”" in error.message
    )


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("press_articles", "12 bài", 12),
        ("press_articles", "12 tin bài", 12),
        ("press_articles", "12 bài báo", 12),
        ("banners", "12 tấm", 12),
        ("banners", "12 chiếc", 12),
        ("workshops", "2 buổi", 2),
        ("workshops", "hai lần", 2),
        ("workshop_participants", "150 lượt người", 150),
        ("workshop_participants", "12 hs", 12),
        ("awarded_units", "3 tập thể", 3),
        ("libraries", "3 trường", 3),
        ("digital_resources", "20 cuốn sách", 20),
        ("award_budget", "3tr", 3_000_000),
        ("award_budget", "500 nghìn đồng", 500_000),
        ("award_budget", "5 triệu", 5_000_000),
        ("award_budget", "500k", 500_000),
    ],
)
def test_a_figure_in_a_fitting_unit_is_accepted(form: Form, key: str, text: str, expected: int) -> None:
    assert _value(text, form.indicator(key)) == expected


# -- quick answers ---------------------------------------------------------------------------------------


def test_a_yes_no_question_offers_yes_and_no(plan: Indicator) -> None:
    assert [(q.verb, q.text, q.value) for q in quick_answers(plan)] == [("yes", "Có", 1), ("no", "Không", 0)]
    answer = quick_answer(plan, "yes")
    assert answer is not None and (answer.key, answer.value) == ("plan_issued", 1)


@pytest.mark.parametrize("key", ["press_articles", "workshop_participants", "award_budget"])
def test_a_count_people_or_money_question_offers_zero(form: Form, key: str) -> None:
    indicator = form.indicator(key)
    assert [(q.verb, q.text, q.value) for q in quick_answers(indicator)] == [("zero", "0 / Không có", 0)]
    answer = quick_answer(indicator, "zero")
    assert answer is not None and answer.value == 0 and not answer.over_bound
    assert quick_answer(indicator, "yes") is None  # a yes button of an earlier question is not an answer here


def test_quick_answer_texts_live_in_the_messages_catalogue() -> None:
    assert reports_texts.BUTTON_QUICK_ZERO == "0 / Không có"
    assert {q.verb for i in load_form(DEFAULT_FORM_PATH).indicators for q in quick_answers(i)} == set(QUICK_VERBS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 triệu", 5_000_000),
        ("5 trieu", 5_000_000),
        ("5tr", 5_000_000),
        ("1,5 triệu", 1_500_000),
        ("1.5tr", 1_500_000),
        ("1tr5", 1_500_000),
        ("1 triệu rưỡi", 1_500_000),
        ("2.500.000 đ", 2_500_000),
        ("2.500.000đ", 2_500_000),
        ("2500000", 2_500_000),
        ("5.000.000 VNĐ", 5_000_000),
        ("5 triệu đồng", 5_000_000),
        ("2 tỷ", 2_000_000_000),
        ("2 ty", 2_000_000_000),
        ("1 tỷ 200 triệu", 1_200_000_000),
        ("500k", 500_000),
        ("500 nghìn", 500_000),
        ("500 ngàn", 500_000),
        ("5 triệu 500 nghìn", 5_500_000),
    ],
)
def test_amounts_of_money_in_every_usual_spelling(text: str, expected: int, money: Indicator) -> None:
    assert _value(text, money) == expected


# -- yes / no ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["có", "co", "Có", "rồi", "roi", "đã ban hành", "da ban hanh", "x", "X", "1", "có rồi"]
)
def test_yes_answers_to_a_yes_no_question(text: str, plan: Indicator) -> None:
    assert _value(text, plan) == 1


@pytest.mark.parametrize("text", ["không", "khong", "ko", "chưa", "chua ban hanh", "không có", "0"])
def test_no_answers_to_a_yes_no_question(text: str, plan: Indicator) -> None:
    assert _value(text, plan) == 0


def test_yes_no_question_refuses_a_count(plan: Indicator) -> None:
    error = _error("2", plan)
    assert error.kind is ErrorKind.NOT_YES_NO
    assert "“có” hoặc “không”" in error.message


def test_yes_no_question_refuses_unclear_text(plan: Indicator) -> None:
    assert _error("để hỏi lại", plan).kind is ErrorKind.NOT_YES_NO


def test_parse_yes_no_is_usable_for_confirmations() -> None:
    assert parse_yes_no("đúng") is True
    assert parse_yes_no("Đúng rồi") is True
    assert parse_yes_no("ko") is False
    assert parse_yes_no("không biết") is None
    assert parse_yes_no("hmm") is None


# -- control words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bỏ qua", Control.SKIP),
        ("Bo qua", Control.SKIP),
        ("skip", Control.SKIP),
        ("/skip", Control.SKIP),
        ("bỏ qua câu này", Control.SKIP),
        ("quay lại", Control.BACK),
        ("quay lai", Control.BACK),
        ("back", Control.BACK),
        ("Quay lại câu trước", Control.BACK),
        ("lưu", Control.SAVE),
        ("luu", Control.SAVE),
        ("Lưu.", Control.SAVE),
        ("lưu lại", Control.SAVE),
        ("hủy", Control.CANCEL),
        ("huỷ", Control.CANCEL),
        ("huy", Control.CANCEL),
        ("hủy bỏ", Control.CANCEL),
    ],
)
def test_control_words_with_and_without_diacritics(text: str, expected: Control, banners: Indicator) -> None:
    assert parse_control(text) is expected
    assert parse_value(text, banners) is expected


def test_control_words_work_on_yes_no_questions_too(plan: Indicator) -> None:
    assert parse_value("bỏ qua", plan) is Control.SKIP


def test_words_that_only_start_like_a_control_word_are_not_one(banners: Indicator) -> None:
    assert parse_control("lưu ý là 5") is None
    assert _value("lưu ý là 5", banners) == 5


# -- refusals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["-5", "âm 3", "-1.200"])
def test_negative_numbers_are_refused_politely(text: str, people: Indicator) -> None:
    error = _error(text, people)
    assert error.kind is ErrorKind.NEGATIVE
    assert error.message.startswith("Số liệu không thể là số âm.")


@pytest.mark.parametrize("text", ["nhiều lắm", "đông", "abc"])
def test_text_without_a_number_is_refused_with_an_example(text: str, people: Indicator) -> None:
    error = _error(text, people)
    assert error.kind is ErrorKind.NOT_A_NUMBER
    assert f"Mình chưa đọc được con số trong “{text}”" in error.message
    assert "“bỏ qua”" in error.message


@pytest.mark.parametrize("text", ["2,5 lớp", "2,5", "0.5", "1,25"])
def test_fractional_count_is_refused(text: str, classes: Indicator) -> None:
    error = _error(text, classes)
    assert error.kind is ErrorKind.FRACTIONAL
    assert "không phải số nguyên: số lớp phải là số đếm được" in error.message


def test_fractional_money_suggests_writing_millions(money: Indicator) -> None:
    error = _error("2,5", money)
    assert error.kind is ErrorKind.FRACTIONAL
    assert "hãy gõ “2,5 triệu”" in error.message


def test_several_numbers_in_one_answer_are_refused(people: Indicator) -> None:
    error = _error("10-12", people)
    assert error.kind is ErrorKind.SEVERAL_NUMBERS
    assert "(“10”, “12”)" in error.message


def test_loose_money_wording_asks_for_a_compact_amount(money: Indicator) -> None:
    error = _error("2 triệu 500", money)
    assert error.kind is ErrorKind.SEVERAL_NUMBERS
    assert "“2,5 triệu” hoặc “2.500.000”" in error.message


def test_badly_grouped_digits_are_refused(people: Indicator) -> None:
    error = _error("1.2.3", people)
    assert error.kind is ErrorKind.NOT_A_NUMBER
    assert "“1.2.3”" in error.message


@pytest.mark.parametrize("text", ["không biết", "ko rõ", "chưa có số liệu", "chưa thống kê"])
def test_not_knowing_is_not_zero(text: str, banners: Indicator) -> None:
    error = _error(text, banners)
    assert error.kind is ErrorKind.UNKNOWN_VALUE
    assert "“bỏ qua”" in error.message


@pytest.mark.parametrize("text", ["", "   ", "!!!", "🙂"])
def test_empty_answer_is_refused(text: str, banners: Indicator) -> None:
    assert _error(text, banners).kind is ErrorKind.EMPTY


# -- above the bound: confirm, do not refuse -----------------------------------------------------------


def test_value_above_the_bound_needs_confirmation(banners: Indicator) -> None:
    result = parse_value("1.500", banners)
    assert isinstance(result, ParsedValue)
    assert result.value == 1500
    assert result.over_bound and result.needs_confirmation
    assert result.message is not None
    assert "1.500 cái" in result.message and "thường không quá 1.000 cái" in result.message
    assert "trả lời “đúng”" in result.message


def test_money_above_ten_billion_needs_confirmation(money: Indicator) -> None:
    result = parse_value("20 tỷ", money)
    assert isinstance(result, ParsedValue) and result.over_bound
    assert result.value == 20_000_000_000


def test_value_at_the_bound_is_plainly_accepted(banners: Indicator) -> None:
    assert _value("1000", banners) == 1000


# -- helpers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1200", Decimal(1200)),
        ("1.200", Decimal(1200)),
        ("1,200", Decimal(1200)),
        ("1 200", Decimal(1200)),
        ("1,5", Decimal("1.5")),
        ("0.500", Decimal("0.5")),
        ("12.25", Decimal("12.25")),
        ("2.500.000", Decimal(2_500_000)),
        ("1.200,5", Decimal("1200.5")),
        ("1.2.3", None),
        ("1.200.00", None),
    ],
)
def test_read_digits_decides_separators(raw: str, expected: Decimal | None) -> None:
    assert read_digits(raw) == expected


def test_find_numbers_flags_money_and_combines_amounts() -> None:
    (span,) = find_numbers("kinh phi 1 ty 200 trieu dong")
    assert span.value == Decimal(1_200_000_000)
    assert span.money
    plain = find_numbers("12 bang ron va 300 to roi")
    assert [s.value for s in plain] == [12, 300]
    assert not any(s.money for s in plain)


def test_numbers_are_displayed_the_vietnamese_way(money: Indicator, plan: Indicator) -> None:
    assert format_number(1200) == "1.200"
    assert format_number(Decimal("1.5")) == "1,5"
    assert format_value(5_000_000, money) == "5.000.000 đồng"
    assert format_value(1, plan) == "có"
    assert format_value(0, plan) == "không"
