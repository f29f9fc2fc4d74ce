"""Reading one answer of a report: a number, an amount of money, a yes/no or a control word.

Vietnamese writing conventions decide the ambiguous cases:

* "." and "," both group thousands when followed by exactly three digits:
  "1.200" = "1,200" = "1 200" = 1200 (and "2.500.000" = 2500000);
* otherwise a single separator is a decimal point: "1,5 triệu" = 1500000, "2,5" = 2.5,
  which is refused for a count ("2,5 lớp" cannot be);
* amounts take the words people use: "5 triệu", "5tr", "1tr5", "2 tỷ", "500k", "500 nghìn",
  "1 tỷ 200 triệu", "1 triệu rưỡi", with or without "đ"/"đồng"/"VNĐ".

A value above the indicator's `max` is not refused: it comes back flagged `over_bound`
with a question asking the user to confirm it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.reports.form import Indicator
from bot.text import clean, fold, is_meaningful, tokens, words


class Control(StrEnum):
    """Words that steer the questionnaire instead of answering it."""

    SKIP = "skip"
    BACK = "back"
    SAVE = "save"
    CANCEL = "cancel"


class ErrorKind(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    FRACTIONAL = "fractional"
    SEVERAL_NUMBERS = "several_numbers"
    NOT_YES_NO = "not_yes_no"
    UNKNOWN_VALUE = "unknown_value"  # "không biết", "chưa có số liệu": not a zero


@dataclass(frozen=True)
class ParsedValue:
    """An accepted answer. When `over_bound`, `message` asks the user to confirm it."""

    key: str
    value: int
    text: str
    over_bound: bool = False
    message: str | None = None

    @property
    def needs_confirmation(self) -> bool:
        return self.over_bound


@dataclass(frozen=True)
class ParseError:
    """A refused answer; `message` is the polite Vietnamese reply to send."""

    kind: ErrorKind
    message: str
    text: str


@dataclass(frozen=True)
class NumberSpan:
    """A number found in folded text; `value` is None when the digits cannot be read."""

    start: int
    end: int
    raw: str
    value: Decimal | None
    money: bool = False  # had "triệu"/"tỷ"/"k"/"đ"...: looks like an amount of money
    multiplier: Decimal = Decimal(1)  # of the last part: 10**6 for "5 triệu"
    negative: bool = False

    @property
    def scaled(self) -> bool:
        return self.multiplier != 1


# -- numbers in text -----------------------------------------------------------------------------------

_MULTIPLIERS: dict[str, Decimal] = {
    "ty": Decimal(10) ** 9,
    "ti": Decimal(10) ** 9,
    "trieu": Decimal(10) ** 6,
    "tr": Decimal(10) ** 6,
    "nghin": Decimal(1000),
    "ngan": Decimal(1000),
    "k": Decimal(1000),
}
_MONEY_MULTIPLIERS = frozenset({"ty", "ti", "trieu", "tr", "k"})

_NUMBER = re.compile(
    r"(?<![0-9a-z])"
    r"(?P<num>\d{1,3}(?:\ \d{3})+(?![0-9]|[.,]\d)|\d+(?:[.,]\d+)*)"
    r"(?:\ ?(?P<mult>ty|ti|trieu|tr|nghin|ngan)(?![a-z])(?P<tail>\d{1,3}(?![0-9.,]))?|(?P<k>k)(?![a-z0-9]))?"
    r"(?P<half>\ ?ruoi(?![a-z]))?"
    r"(?P<cur>\ ?(?:dong(?!\ chi)|vnd|d)(?![a-z]))?"
)
_SEPARATORS = re.compile(r"[.,]")


def read_digits(raw: str) -> Decimal | None:
    """Digits with Vietnamese separators -> value; None when the grouping makes no sense."""
    raw = raw.replace(" ", "")
    groups = _SEPARATORS.split(raw)
    seps = _SEPARATORS.findall(raw)
    if not seps:
        return Decimal(raw)
    head, *rest = groups
    grouped_head = 1 <= len(head) <= 3 and not head.startswith("0")
    if len(set(seps)) == 1:
        if len(seps) == 1:
            if grouped_head and len(rest[0]) == 3:
                return Decimal(head + rest[0])  # "1.200", "1,200": thousands
            return Decimal(f"{head}.{rest[0]}")  # "1,5", "12.25": decimal
        if grouped_head and all(len(g) == 3 for g in rest):
            return Decimal("".join(groups))  # "2.500.000"
        return None
    # mixed separators: "1.200,5" / "1,200.5": the last one is the decimal point
    *grouping, decimal_sep = seps
    if decimal_sep in grouping or len(set(grouping)) != 1:
        return None
    if grouped_head and all(len(g) == 3 for g in rest[:-1]):
        return Decimal("".join(groups[:-1]) + "." + groups[-1])
    return None


def find_numbers(folded: str) -> list[NumberSpan]:
    """Every number in a folded (lower-case, diacritic-free) text, amounts combined."""
    spans: list[NumberSpan] = []
    for match in _NUMBER.finditer(folded):
        digits = match.group("num")
        value = read_digits(digits)
        mult_word = match.group("mult") or match.group("k")
        multiplier = _MULTIPLIERS[mult_word] if mult_word else Decimal(1)
        tail = match.group("tail")
        if value is not None and tail:  # "1tr5" = 1,5 triệu
            value = None if _SEPARATORS.search(digits) else Decimal(f"{digits}.{tail}")
        if value is not None:
            if match.group("half"):  # "1 triệu rưỡi"
                value += Decimal("0.5")
            value *= multiplier
        start = match.start()
        before = folded[:start]
        negative = (before.endswith("-") and (len(before) == 1 or not before[-2].isalnum())) or bool(
            re.search(r"(?:^|\s)am\s?$", before)
        )
        spans.append(
            NumberSpan(
                start=start,
                end=match.end(),
                raw=match.group(0).strip(),
                value=value,
                money=bool(match.group("cur")) or mult_word in _MONEY_MULTIPLIERS,
                multiplier=multiplier,
                negative=negative,
            )
        )
    return _combine(folded, spans)


def _combine(folded: str, spans: list[NumberSpan]) -> list[NumberSpan]:
    """ "1 tỷ 200 triệu", "5 triệu 500 nghìn": consecutive amounts with falling multipliers are one."""
    out: list[NumberSpan] = []
    for span in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.scaled
            and span.scaled
            and prev.value is not None
            and span.value is not None
            and not folded[prev.end : span.start].strip()
            and prev.multiplier > span.multiplier
        ):
            out[-1] = NumberSpan(
                start=prev.start,
                end=span.end,
                raw=folded[prev.start : span.end],
                value=prev.value + span.value,
                money=prev.money or span.money,
                multiplier=span.multiplier,
                negative=prev.negative,
            )
        else:
            out.append(span)
    return out


def span_text(original: str, folded: str, span: NumberSpan) -> str:
    """The number as the user wrote it, when folding kept the positions (it does for cleaned text)."""
    if len(original) == len(folded):
        return original[span.start : span.end].strip()
    return span.raw


# -- formatting ----------------------------------------------------------------------------------------


def format_number(value: int | Decimal) -> str:
    """Vietnamese display: 1200 -> "1.200", 1.5 -> "1,5"."""
    number = Decimal(value)
    sign = "-" if number < 0 else ""
    number = abs(number)
    whole = int(number)
    fraction = number - whole
    text = f"{whole:,}".replace(",", ".")
    if fraction:
        text += "," + format(fraction.normalize(), "f").split(".")[1]
    return sign + text


def format_value(value: int, indicator: Indicator) -> str:
    if indicator.kind == "yesno":
        return "có" if value else "không"
    return f"{format_number(value)} {indicator.unit}".strip()


# -- control words and yes/no --------------------------------------------------------------------------

_CONTROL_PHRASES: dict[tuple[str, ...], Control] = {
    ("bo", "qua"): Control.SKIP,
    ("skip",): Control.SKIP,
    ("quay", "lai"): Control.BACK,
    ("tro", "lai"): Control.BACK,
    ("lui", "lai"): Control.BACK,
    ("quay", "ve"): Control.BACK,
    ("back",): Control.BACK,
    ("luu",): Control.SAVE,
    ("save",): Control.SAVE,
    ("huy",): Control.CANCEL,
    ("cancel",): Control.CANCEL,
}
# Words that may follow a control word without changing it: "bỏ qua câu này", "lưu lại", "hủy bỏ".
_CONTROL_FILLER = frozenset(
    {
        "cau", "nay", "do", "truoc", "tiep", "lai", "bao", "cao", "bo", "di", "nhe", "nha", "nhen", "a", "ah",
        "luon", "giup", "gium", "toi", "minh", "em", "het", "ket", "qua", "ve", "phieu", "so", "lieu",
    }
)  # fmt: skip


def parse_control(text: str) -> Control | None:
    """The control word the message is, if it is one ("Bỏ qua", "quay lai", "/skip", "Lưu.")."""
    toks = words(text)
    for phrase, control in _CONTROL_PHRASES.items():
        if tuple(toks[: len(phrase)]) == phrase and all(t in _CONTROL_FILLER for t in toks[len(phrase) :]):
            return control
    return None


_YES_FIRST = frozenset({"co", "roi", "da", "x", "yes", "y", "ok", "oke", "okay", "dung", "vang", "u", "uh", "1"})
_NO_FIRST = frozenset({"khong", "chua", "no", "0"})
_UNSURE = re.compile(r"\b(?:biet|ro|nho|chac|thong ke|tong hop|cap nhat|so lieu|bao cao|xac dinh|nam duoc|kiem tra)\b")


def parse_yes_no(text: str) -> bool | None:
    """True for "có", "rồi", "đã ban hành", "x", "đúng"...; False for "không", "chưa", "ko"...; else None."""
    raw = words(text)
    expanded = tokens(text)
    if not raw:
        return None
    if expanded and expanded[0] in _NO_FIRST:
        return None if _UNSURE.search(" ".join(expanded)) else False
    if raw[0] in _YES_FIRST:
        return True
    return None


# -- one answer ----------------------------------------------------------------------------------------

_NUMBER_WORDS: dict[str, int] = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
_FOLDED_NUMBER_WORDS: dict[str, int] = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
}  # fmt: skip


def parse_value(text: str, indicator: Indicator) -> ParsedValue | ParseError | Control:
    """Read one answer to `indicator`: a value, a refusal with its reason, or a control word."""
    original = clean(text)
    if not is_meaningful(original):
        return ParseError(ErrorKind.EMPTY, _msg_empty(indicator), original)
    control = parse_control(original)
    if control is not None:
        return control
    if indicator.kind == "yesno":
        return _parse_yes_no_answer(original, indicator)

    folded = fold(original)
    spans = find_numbers(folded)
    if not spans:
        return _without_digits(original, indicator)
    if len(spans) > 1:
        shown = [span_text(original, folded, s) for s in spans]
        return ParseError(ErrorKind.SEVERAL_NUMBERS, _msg_several(shown, indicator), original)
    span = spans[0]
    raw = span_text(original, folded, span)
    if span.value is None:
        return ParseError(ErrorKind.NOT_A_NUMBER, _msg_unreadable(raw, indicator), original)
    if span.negative:
        return ParseError(ErrorKind.NEGATIVE, _msg_negative(indicator), original)
    return check_value(span.value, indicator, original, raw=raw)


def check_value(value: Decimal, indicator: Indicator, text: str, *, raw: str | None = None) -> ParsedValue | ParseError:
    """Accept a read number for `indicator`: whole, not negative, flagged when above `max`."""
    shown = raw if raw is not None else format_number(value)
    if value < 0:
        return ParseError(ErrorKind.NEGATIVE, _msg_negative(indicator), text)
    if value != value.to_integral_value():
        return ParseError(ErrorKind.FRACTIONAL, _msg_fractional(shown, indicator), text)
    number = int(value)
    if indicator.kind == "yesno" and number not in (0, 1):
        return ParseError(ErrorKind.NOT_YES_NO, _msg_yes_no(indicator), text)
    if number > indicator.bound:
        return ParsedValue(indicator.key, number, text, over_bound=True, message=_msg_over_bound(number, indicator))
    return ParsedValue(indicator.key, number, text)


def _parse_yes_no_answer(text: str, indicator: Indicator) -> ParsedValue | ParseError:
    answer = parse_yes_no(text)
    if answer is not None:
        return ParsedValue(indicator.key, int(answer), text)
    if _UNSURE.search(" ".join(tokens(text))):
        return ParseError(ErrorKind.UNKNOWN_VALUE, _msg_unsure(indicator), text)
    return ParseError(ErrorKind.NOT_YES_NO, _msg_yes_no(indicator), text)


def _without_digits(text: str, indicator: Indicator) -> ParsedValue | ParseError:
    expanded = tokens(text)
    joined = " ".join(expanded)
    if (expanded and expanded[0] in ("khong", "chua")) or joined in ("none", "zero", "nil"):
        if _UNSURE.search(joined):
            return ParseError(ErrorKind.UNKNOWN_VALUE, _msg_unsure(indicator), text)
        return ParsedValue(indicator.key, 0, text)
    if _UNSURE.search(joined):
        return ParseError(ErrorKind.UNKNOWN_VALUE, _msg_unsure(indicator), text)
    # "hai", "hai lớp", "năm băng rôn": a number word alone or followed by the indicator's own words
    first = text.lower().split()[0].strip(".,:;!?")
    number = _NUMBER_WORDS.get(first)
    if number is None:
        number = _FOLDED_NUMBER_WORDS.get(expanded[0])
    own_words = set(tokens(" ".join((indicator.unit, indicator.label, *indicator.aliases))))
    if number is not None and set(expanded[1:]) <= own_words:
        return check_value(Decimal(number), indicator, text)
    return ParseError(ErrorKind.NOT_A_NUMBER, _msg_not_a_number(text, indicator), text)


# -- messages (Vietnamese, sent as is) -----------------------------------------------------------------


def _example(indicator: Indicator) -> str:
    if indicator.kind == "money":
        return "“5 triệu”, “1,5 triệu” hoặc “2.500.000”"
    return f"“12” hoặc “1.200 {indicator.unit}”" if indicator.kind == "people" else f"“12 {indicator.unit}”"


def _msg_empty(indicator: Indicator) -> str:
    return (
        f"Bạn chưa nhập số liệu cho “{indicator.label}”. Bạn gõ một con số (ví dụ {_example(indicator)}), "
        "“0” nếu không có, hoặc “bỏ qua” để trả lời sau."
    )


def _msg_not_a_number(text: str, indicator: Indicator) -> str:
    return (
        f"Mình chưa đọc được con số trong “{text}”. Bạn gõ số liệu cho “{indicator.label}” "
        f"bằng chữ số (ví dụ {_example(indicator)}), “0” nếu không có, hoặc “bỏ qua” để trả lời sau."
    )


def _msg_unreadable(raw: str, indicator: Indicator) -> str:
    return (
        f"Mình chưa hiểu con số “{raw}”: dấu chấm/phẩy nằm chưa đúng chỗ. "
        f"Bạn gõ lại giúp mình, ví dụ {_example(indicator)}."
    )


def _msg_several(shown: list[str], indicator: Indicator) -> str:
    found = ", ".join(f"“{s}”" for s in shown)
    hint = " Nếu là một số tiền, hãy ghi gọn, ví dụ “2,5 triệu” hoặc “2.500.000”." if indicator.kind == "money" else ""
    return (
        f"Bạn gửi nhiều số ({found}), mình chưa biết lấy số nào cho “{indicator.label}”. "
        f"Bạn gõ lại một con số duy nhất giúp mình.{hint}"
    )


def _msg_negative(indicator: Indicator) -> str:
    return (
        f"Số liệu không thể là số âm. Bạn gõ lại số liệu cho “{indicator.label}” giúp mình "
        f"(ví dụ {_example(indicator)}), hoặc “0” nếu không có."
    )


def _msg_fractional(raw: str, indicator: Indicator) -> str:
    if indicator.kind == "money":
        return (
            f"Số tiền “{raw}” đồng chưa hợp lệ (số tiền tính theo đồng, không có phần lẻ). "
            f"Nếu ý bạn là {raw} triệu, hãy gõ “{raw} triệu”; hoặc ghi đủ, ví dụ “2.500.000”."
        )
    return (
        f"“{raw}” không phải số nguyên: số {indicator.unit} phải là số đếm được (ví dụ 2 hoặc 3). "
        "Bạn gõ lại giúp mình. Lưu ý: số nghìn viết “1.200” hoặc “1200”."
    )


def _msg_over_bound(number: int, indicator: Indicator) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    return (
        f"Con số {format_number(number)}{unit} cho “{indicator.label}” lớn hơn mức thường gặp "
        f"(thường không quá {format_number(indicator.bound)}{unit}). Bạn kiểm tra lại giúp mình: "
        "nếu đúng, trả lời “đúng”; nếu nhầm, gõ lại con số."
    )


def _msg_yes_no(indicator: Indicator) -> str:
    return f"Câu “{indicator.label}” chỉ cần trả lời “có” hoặc “không” (hoặc “bỏ qua” để trả lời sau)."


def _msg_unsure(indicator: Indicator) -> str:
    return (
        f"Nếu chưa có số liệu cho “{indicator.label}”, bạn gõ “bỏ qua” để trả lời sau; "
        "nếu thực sự không có, bạn gõ “0”."
        if indicator.kind != "yesno"
        else f"Nếu chưa rõ về “{indicator.label}”, bạn gõ “bỏ qua” để trả lời sau."
    )
