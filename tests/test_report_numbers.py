"""Reading one answer: number formats, money, yes/no, control words and polite refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.reports.form import DEFAULT_FORM_PATH, Form, Indicator, load_form
from bot.reports.numbers import (
    Control,
    ErrorKind,
    ParsedValue,
    ParseError,
    find_numbers,
    format_number,
    format_value,
    parse_control,
    parse_value,
    parse_yes_no,
    read_digits,
)


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
