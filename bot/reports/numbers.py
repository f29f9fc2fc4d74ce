"""Reading one answer of a report: a number, an amount of money, a yes/no or a control word.

Vietnamese writing conventions decide the ambiguous cases:

* "." and "," both group thousands when followed by exactly three digits:
  "1.200" = "1,200" = "1 200" = 1200 (and "2.500.000" = 2500000);
* otherwise a single separator is a decimal point: "1,5 triệu" = 1500000, "2,5" = 2.5,
  which is refused for a count ("2,5 lớp" cannot be);
* amounts take the words people use: "5 triệu", "5tr", "1tr5", "2 tỷ", "500k", "500 nghìn",
  "1 tỷ 200 triệu", "1 triệu rưỡi", with or without "đ"/"đồng"/"VNĐ";
* numbers written in words are read too, with or without diacritics: "mười hai", "hai mươi lăm",
  "hai mốt", "năm chục", "một trăm linh năm", "một trăm rưỡi", "một nghìn hai" (1.200),
  "ba triệu rưỡi" (see `read_number_words`; no library reads them correctly, see below);
* the unit a figure is given in is checked against the question: "12 người" for a number of
  articles is questioned, "12 bài" is fine (`ErrorKind.WRONG_UNIT`).

A value above the indicator's `max` is not refused: it comes back flagged `over_bound`
with a question asking the user to confirm it. `quick_answers` gives the one-tap answers of a
question ("0 / Không có", "Có" / "Không").

Number words are read here by hand: of the PyPI packages that read Vietnamese number words,
`vietnam-number` (GPL-3.0) reads "muoi hai" as 2 and fails on most text without diacritics,
`vn-numberwords` reads "một trăm rưỡi" as 100 and "một triệu hai" as 1.000.002, and `viet-itn`
needs the pynini FST toolchain and a web server; a confidently wrong figure is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from bot.messages import reports as texts
from bot.reports.form import Indicator
from bot.text import clean, is_meaningful, strip_diacritics, tokens, words


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
    WRONG_UNIT = "wrong_unit"  # "12 người" for a number of articles


#: refusals after which the message may still hold figures of other questions ("150 người tham gia tọa đàm")
MAYBE_OTHER_FIGURES = frozenset(
    {ErrorKind.NOT_A_NUMBER, ErrorKind.SEVERAL_NUMBERS, ErrorKind.NOT_YES_NO, ErrorKind.WRONG_UNIT}
)


@dataclass(frozen=True)
class ParsedValue:
    """An accepted answer. When `over_bound`, `message` asks the user to confirm it."""

    key: str
    value: int
    text: str
    over_bound: bool = False
    message: str | None = None
    #: a bare small number for an amount of money ("3"): đồng, nghìn or triệu? Never stored as is
    money_unsure: bool = False

    @property
    def needs_confirmation(self) -> bool:
        return self.over_bound or self.money_unsure


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
    word: bool = False  # written in words ("mười hai")
    after_number: bool = False  # words right after another number ("2 năm", "mười năm"): not a figure of its own

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


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold char by char (lower-case, no diacritics), with for each folded char the offset it comes from
    (and one past the end), so a number found in the folded text can be shown as the user typed it."""
    folded = strip_diacritics(text.lower())
    if len(folded) == len(text):  # NFC Vietnamese: one folded char per char
        return folded, list(range(len(text) + 1))
    out: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        piece = strip_diacritics(char.lower())
        out.append(piece)
        offsets.extend([i] * len(piece))
    offsets.append(len(text))
    return "".join(out), offsets


def find_numbers(
    folded: str, original: str | None = None, offsets: list[int] | None = None, *, answer: bool = False
) -> list[NumberSpan]:
    """Every number in a folded (lower-case, diacritic-free) text, amounts combined.

    With the `original` text (and the `offsets` of `fold_with_offsets`), numbers written in words are
    found too. `answer`: the text answers one question, so a lone word such as "năm" typed without
    diacritics is a number; in a free message it is too often another word ("nam", "tam", "sau")."""
    spans = _combine(folded, [_digit_span(folded, match) for match in _NUMBER.finditer(folded)])
    if original is None:
        return spans
    spans.extend(_word_spans(folded, original, offsets, spans, answer=answer))
    return sorted(spans, key=lambda span: span.start)


def _digit_span(folded: str, match: re.Match[str]) -> NumberSpan:
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
    return NumberSpan(
        start=start,
        end=match.end(),
        raw=match.group(0).strip(),
        value=value,
        money=bool(match.group("cur")) or mult_word in _MONEY_MULTIPLIERS,
        multiplier=multiplier,
        negative=_negative(folded[:start]),
    )


def _negative(before: str) -> bool:
    return (before.endswith("-") and (len(before) == 1 or not before[-2].isalnum())) or bool(
        re.search(r"(?:^|\s)am\s?$", before)
    )


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


def span_text(original: str, folded: str, span: NumberSpan, offsets: list[int] | None = None) -> str:
    """The number as the user wrote it (`offsets` from `fold_with_offsets`, else same positions)."""
    if offsets is not None:
        return original[offsets[span.start] : offsets[span.end]].strip()
    if len(original) == len(folded):
        return original[span.start : span.end].strip()
    return span.raw


# -- numbers in words ----------------------------------------------------------------------------------

_DIGIT_WORDS: dict[str, int] = {
    "không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
#: units only said after a ten ("hai mươi mốt", "mười lăm") or colloquially after a digit ("hai mốt" = 21)
_SPECIAL_UNITS: dict[str, int] = {"mốt": 1, "tư": 4, "lăm": 5, "nhăm": 5}
#: after "mười"/"mươi": "năm" and "không" are not units ("mười năm" is ten years)
_UNITS_AFTER_TEN: dict[str, int] = {w: v for w, v in _DIGIT_WORDS.items() if w not in ("không", "năm")} | _SPECIAL_UNITS
_TENS = frozenset({"mười", "mươi"})
_BIG: dict[str, Decimal] = {
    "nghìn": Decimal(1000), "ngàn": Decimal(1000), "triệu": Decimal(10) ** 6, "tỷ": Decimal(10) ** 9,
    "tỉ": Decimal(10) ** 9,
}  # fmt: skip
_ZERO_TENS = frozenset({"linh", "lẻ"})  # "một trăm linh năm" = 105
_HALF, _HUNDRED, _TEN_GROUP = "rưỡi", "trăm", "chục"
_MONEY_WORDS = frozenset({"triệu", "tỷ", "tỉ"})

#: the spellings with diacritics that are number words -> the word
_NUMBER_SPELLINGS: dict[str, str] = {
    w: w for w in (*_DIGIT_WORDS, *_SPECIAL_UNITS, *_TENS, *_BIG, *_ZERO_TENS, _HALF, _HUNDRED, _TEN_GROUP)
} | {"rưởi": _HALF}
#: typed without diacritics -> the number word it stands for ("muoi": mười or mươi, by position)
_NUMBER_FOLDED: dict[str, str] = {
    "khong": "không", "mot": "một", "hai": "hai", "ba": "ba", "bon": "bốn", "tu": "tư", "nam": "năm",
    "lam": "lăm", "nham": "nhăm", "sau": "sáu", "bay": "bảy", "tam": "tám", "chin": "chín", "muoi": "mười",
    "chuc": "chục", "tram": "trăm", "nghin": "nghìn", "ngan": "ngàn", "trieu": "triệu", "ty": "tỷ", "ti": "tỉ",
    "linh": "linh", "le": "lẻ", "ruoi": "rưỡi",
}  # fmt: skip
#: typed without diacritics these are other words too often ("nam", "sau", "bay", "tam", "tu"...): in a
#: free message they count only inside a longer number ("hai muoi nam" is not one, "ba muoi lam" is)
_AMBIGUOUS_PLAIN = frozenset({"năm", "sáu", "bảy", "tám", "tư", "lăm", "nhăm", "lẻ", "linh", "không", "mười"})
#: "một số", "một vài", "một cách"...: "một" that is not a count
_NOT_ONE_BEFORE = frozenset(
    {"so", "vai", "it", "chut", "cach", "phan", "minh", "trong", "loat", "nua", "luc", "khi", "hai", "nhu", "doi"}
)
#: "năm nay", "năm học", "năm 2025", "trong năm", "hằng năm": "năm" that is a year
_YEAR_AFTER = frozenset(
    {"nay", "hoc", "qua", "truoc", "sau", "toi", "ngoai", "roi", "thu", "tai", "cu", "moi", "do", "ay", "kia", "nao"}
)
_YEAR_BEFORE = frozenset(
    {"trong", "cua", "moi", "hang", "ca", "cac", "nhung", "nhieu", "vai", "tung", "dau", "cuoi", "giua", "thang"}
)


class _WordReader:
    """Reads one Vietnamese number from the start of a run of number words (see `read_number_words`)."""

    def __init__(self, words: list[str], plain: list[bool]) -> None:
        self.words = words
        self.plain = plain  # typed without diacritics

    def at(self, i: int) -> str | None:
        return self.words[i] if 0 <= i < len(self.words) else None

    def read(self) -> tuple[Decimal, int, Decimal] | None:
        """(value, words read, multiplier of the last group) or None."""
        total, pos, last_big = Decimal(0), 0, Decimal(1)
        while True:
            part = self._below_thousand(pos, inside=last_big != 1)
            if part is None:
                break
            value, end = part
            big, after = self._big(end)
            if big is None:
                total, pos = total + value, end
                break
            if last_big != 1 and big >= last_big:
                break  # "một nghìn hai triệu": not one number
            total, pos, last_big = total + value * big, after, big
            word = self.at(pos)
            if word == _HALF:  # "ba triệu rưỡi"
                total, pos = total + big / 2, pos + 1
                break
            if word in _ZERO_TENS and self._after_zero(pos + 1):  # "hai nghìn linh năm"
                total, pos = total + self._after_zero(pos + 1), pos + 2
                break
            if self._digit(pos) and not self._continues(pos + 1):  # "một nghìn hai" = 1.200
                total, pos = total + self._digit(pos) * big / 10, pos + 1
                break
        return (total, pos, last_big) if pos else None

    def _below_thousand(self, pos: int, *, inside: bool) -> tuple[Decimal, int] | None:
        word = self.at(pos)
        if word in _DIGIT_WORDS and self.at(pos + 1) == _HUNDRED:
            if word == "không" and not inside:
                return None  # "không trăm" only inside a larger number
            hundreds = Decimal(_DIGIT_WORDS[word] * 100)
            pos += 2
            nxt = self.at(pos)
            if nxt in _ZERO_TENS and self._after_zero(pos + 1):  # "một trăm linh năm", "linh tư"
                return hundreds + self._after_zero(pos + 1), pos + 2
            if nxt in _TENS or (self._digit(pos) and self._continues(pos + 1)):
                tens = self._tens(pos)
                if tens is not None:
                    return hundreds + tens[0], tens[1]
            if nxt == _HALF:  # "một trăm rưỡi"
                return hundreds + 50, pos + 1
            unit = self._digit(pos) or self._special(pos)
            if unit and not self._continues(pos + 1):  # "một trăm hai" = 120, "trăm mốt" = 110
                return hundreds + unit * 10, pos + 1
            return hundreds, pos
        return self._tens(pos)

    def _tens(self, pos: int) -> tuple[Decimal, int] | None:
        word = self.at(pos)
        if word in _TENS:  # "mười", "mười hai", "mười lăm"
            unit = _UNITS_AFTER_TEN.get(self.at(pos + 1) or "")
            return (Decimal(10 + unit), pos + 2) if unit is not None else (Decimal(10), pos + 1)
        digit = self._digit(pos)
        if not digit:
            return None
        nxt = self.at(pos + 1)
        if nxt in _TENS:  # "hai mươi", "hai mươi lăm", "hai mươi mốt"
            unit = _UNITS_AFTER_TEN.get(self.at(pos + 2) or "")
            return (Decimal(digit * 10 + unit), pos + 3) if unit is not None else (Decimal(digit * 10), pos + 2)
        if nxt == _TEN_GROUP:  # "năm chục", "một chục rưỡi"
            if self.at(pos + 2) == _HALF:
                return Decimal(digit * 10 + 5), pos + 3
            return Decimal(digit * 10), pos + 2
        special = self._special(pos + 1)
        if digit >= 2 and special is not None:  # "hai mốt" = 21, "ba lăm" = 35
            return Decimal(digit * 10 + special), pos + 2
        if nxt == _HALF:  # "ba rưỡi" = 3,5
            return Decimal(digit) + Decimal("0.5"), pos + 2
        return Decimal(digit), pos + 1

    def _digit(self, pos: int) -> int:
        """1-9 when the word at `pos` is a plain digit word, else 0."""
        return _DIGIT_WORDS.get(self.at(pos) or "", 0)

    def _after_zero(self, pos: int) -> int:
        """The unit after "linh"/"lẻ": a digit word or "tư" ("một trăm linh tư" = 104), else 0."""
        return self._digit(pos) or (4 if self.at(pos) == "tư" else 0)

    def _special(self, pos: int) -> int | None:
        word = self.at(pos)
        if word == "một" and self.plain[pos]:
            return 1  # "hai mot": "mốt" typed without diacritics
        if word == "tư" and self.plain[pos] and self.at(pos + 1) is not None:
            return None  # "tu" inside a sentence is "từ", "tự"...
        return _SPECIAL_UNITS.get(word or "")

    def _continues(self, pos: int) -> bool:
        """Whether the number goes on at `pos` ("hai" in "một nghìn hai trăm" is not the last word)."""
        word = self.at(pos)
        return word in _TENS or word in (_HUNDRED, _TEN_GROUP) or word in _BIG or self._special(pos) is not None

    def _big(self, pos: int) -> tuple[Decimal | None, int]:
        word = self.at(pos)
        if word not in _BIG:
            return None, pos
        big, pos = _BIG[word], pos + 1
        while self.at(pos) in _BIG and _BIG[self.at(pos) or ""] > big:  # "nghìn tỷ"
            big, pos = big * _BIG[self.at(pos) or ""], pos + 1
        return big, pos


def number_word(typed: str) -> str | None:
    """The number word a typed word is ("Mười" -> "mười", "muoi" -> "mười", "tâm" -> None)."""
    lower = typed.lower()
    folded = strip_diacritics(lower)
    if lower != folded:
        return _NUMBER_SPELLINGS.get(lower)
    return _NUMBER_FOLDED.get(folded)


def read_number_words(text: str) -> Decimal | None:
    """The number a text is, when it is only a number in words ("hai mươi lăm" -> 25); else None."""
    typed = text.split()
    found = [number_word(w.strip(".,;:!?")) for w in typed]
    if not found or any(w is None for w in found):
        return None
    reader = _WordReader([w for w in found if w], [w == strip_diacritics(w) for w in typed])
    read = reader.read()
    return read[0] if read is not None and read[1] == len(found) else None


_LETTERS = re.compile(r"[a-z]+")
_PIECES = re.compile(r"[a-z]+|\d+|\S")


@dataclass
class _Word:
    text: str  # folded
    start: int  # in the folded text
    end: int
    number: str | None  # the number word it is, if any
    plain: bool  # typed without diacritics


def _word_spans(
    folded: str, original: str, offsets: list[int] | None, digit_spans: list[NumberSpan], *, answer: bool
) -> list[NumberSpan]:
    """Numbers written in words, outside the digit numbers already found."""
    if _NUMBER_FOLDED.keys().isdisjoint(_LETTERS.findall(folded)):
        return []  # the common case: no word that can be a number word
    taken = [(s.start, s.end) for s in digit_spans]
    toks: list[_Word] = []
    for match in _PIECES.finditer(folded):
        start, end = match.span()
        piece = match.group(0)
        inside = any(a <= start < b for a, b in taken)
        number, plain = None, True
        if piece in _NUMBER_FOLDED and not inside:
            typed = (original[offsets[start] : offsets[end]] if offsets is not None else original[start:end]).lower()
            number, plain = number_word(typed), typed == piece
        toks.append(_Word("<num>" if inside or piece.isdigit() else piece, start, end, number, plain))
    out: list[NumberSpan] = []
    i, read_until = 0, -1  # read_until: index after the last number read in words
    while i < len(toks):
        if toks[i].number is None:
            i += 1
            continue
        run = i
        while run < len(toks) and toks[run].number is not None:
            run += 1
        reader = _WordReader([t.number or "" for t in toks[i:run]], [t.plain for t in toks[i:run]])
        read = reader.read()
        if read is None:
            i += 1
            continue
        value, count, big = read
        span = _word_span(folded, toks, i, i + count, value, big, answer=answer, after_words=read_until == i)
        if span is not None:
            out.append(span)
        i += count
        read_until = i
    return out


def _word_span(
    folded: str,
    toks: list[_Word],
    first: int,
    last: int,
    value: Decimal,
    big: Decimal,
    *,
    answer: bool,
    after_words: bool,
) -> NumberSpan | None:
    """The span of number words toks[first:last], or None when they are not a figure ("một số", "năm nay")."""
    words_read = [t.number for t in toks[first:last]]
    before = toks[first - 1].text if first > 0 else ""
    after = toks[last].text if last < len(toks) else ""
    if len(words_read) == 1:
        word = words_read[0]
        if not answer and toks[first].plain and word in _AMBIGUOUS_PLAIN:
            return None
        if word == "một" and after in _NOT_ONE_BEFORE:
            return None
        if word == "năm" and (after in _YEAR_AFTER or after == "<num>" or before in _YEAR_BEFORE):
            return None
    end = toks[last - 1].end
    money = any(w in _MONEY_WORDS for w in words_read)
    if after in ("dong", "d", "vnd") and not (last + 1 < len(toks) and toks[last + 1].text == "chi"):
        end, money = toks[last].end, True  # "năm trăm nghìn đồng"
    start = toks[first].start
    return NumberSpan(
        start=start,
        end=end,
        raw=folded[start:end],
        value=value,
        money=money,
        multiplier=big,
        negative=_negative(folded[:start]),
        word=True,
        after_number=before == "<num>" or after_words,
    )


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

#: words that may stand around a number written in words without making it something else
_ANSWER_FILLER = frozenset(
    {
        "khoang", "tam", "chung", "gan", "hon", "tren", "duoi", "duoc", "co", "la", "da", "tong", "cong", "so",
        "luong", "tat", "ca", "thoi", "a", "nhe", "nha", "em", "anh", "chi", "minh", "toi", "ben", "don", "vi",
        "truong", "ta", "ban", "dat", "tham", "gia", "to", "chuc", "lam", "thuc", "hien", "phat", "hanh",
    }
)  # fmt: skip


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

    folded, offsets = fold_with_offsets(original)
    spans = [s for s in find_numbers(folded, original, offsets, answer=True) if not _is_stray_word(s, folded)]
    if not spans:
        return _without_digits(original, indicator)
    if len(spans) > 1:
        shown = [span_text(original, folded, s, offsets) for s in spans]
        return ParseError(ErrorKind.SEVERAL_NUMBERS, _msg_several(shown, indicator), original)
    span = spans[0]
    raw = span_text(original, folded, span, offsets)
    if span.value is None:
        return ParseError(ErrorKind.NOT_A_NUMBER, _msg_unreadable(raw, indicator), original)
    if span.negative:
        return ParseError(ErrorKind.NEGATIVE, _msg_negative(indicator), original)
    if span.word and not _only_filler_around(folded, span, indicator):
        # "ba ngày nữa là hạn à": a sentence that starts with a number word is not an answer
        return ParseError(ErrorKind.NOT_A_NUMBER, _msg_not_a_number(original, indicator), original)
    after = folded[span.end :]
    typed_unit = given_unit(after)
    if typed_unit is not None and not unit_fits(typed_unit, indicator):
        unit_end = span.end + _unit_end(after, typed_unit)
        typed = original[offsets[span.start] : offsets[unit_end]].strip()  # "12 người", as typed
        return ParseError(ErrorKind.WRONG_UNIT, _msg_wrong_unit(typed, span.value, indicator), original)
    if money_unit_unsure(span, indicator):
        number = int(span.value)
        return ParsedValue(
            indicator.key, number, original, money_unsure=True, message=money_unit_question(number, indicator)
        )
    return check_value(span.value, indicator, original, raw=raw)


#: below this, a bare number for an amount of money is surely not in đồng ("3" is 3 triệu, or 3 nghìn)
MONEY_BARE_BELOW = 1000


def money_unit_unsure(span: NumberSpan, indicator: Indicator) -> bool:
    """A bare small number ("3", "ba") for an amount of money: no "đồng", "triệu", "k"... to say its size."""
    value = span.value
    return (
        indicator.kind == "money"
        and value is not None
        and not span.money
        and not span.scaled
        and value == value.to_integral_value()
        and 0 < value < MONEY_BARE_BELOW
    )


def money_choices(number: int) -> tuple[tuple[str, int], ...]:
    """What a bare amount may mean, most likely first: (verb, value in đồng)."""
    return (("mtr", number * 1_000_000), ("mng", number * 1000), ("mdg", number))


def _is_stray_word(span: NumberSpan, folded: str) -> bool:
    """Words right after another number ("2 năm") are not a second figure, unless both are words."""
    return span.word and span.after_number and not re.search(r"[a-z]\s*$", folded[: span.start])


def _only_filler_around(folded: str, span: NumberSpan, indicator: Indicator) -> bool:
    """Whether the words around a number in words are the question's own words, a unit or filler."""
    around = tokens(folded[: span.start] + " " + folded[span.end :])
    allowed = _own_words(indicator) | _ANSWER_FILLER | _MEASURE_TOKENS
    return all(word in allowed for word in around)


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
    return ParseError(ErrorKind.NOT_A_NUMBER, _msg_not_a_number(text, indicator), text)


# -- the unit a figure is given in ---------------------------------------------------------------------

#: measure words (classifiers) people put after a figure, folded; longer ones first
_MEASURE_WORDS: tuple[str, ...] = (
    "luot nguoi", "co so", "trung tam", "don vi", "tap the", "hoat dong", "tai lieu", "hoc vien", "hoc sinh",
    "ca nhan", "dai bieu", "giao vien", "can bo", "phong su", "chuong trinh", "tiet muc", "dau sach", "ban tin",
    "nguoi", "luot", "bai", "tin", "to", "cuon", "quyen", "cai", "chiec", "tam", "lan", "buoi", "cuoc", "lop",
    "khoa", "truong", "trang", "bo", "dong", "nam", "thang", "tuan", "ngay",
)  # fmt: skip
_MEASURE_SET = frozenset(_MEASURE_WORDS)
_MEASURE_TOKENS = frozenset(w for phrase in _MEASURE_WORDS for w in phrase.split())
_PEOPLE_WORDS = frozenset(
    {"nguoi", "luot", "luot nguoi", "hoc vien", "hoc sinh", "ca nhan", "dai bieu", "giao vien", "can bo"}
)
#: other measure words that fit an indicator's display unit ("12 tấm" băng rôn is 12 "cái")
_FITTING: dict[str, frozenset[str]] = {
    "cai": frozenset({"cai", "chiec", "tam", "bo"}),
    "to": frozenset({"to", "ban tin", "tam", "bai"}),
    "bai": frozenset({"bai", "tin", "ban tin"}),
    "tin": frozenset({"tin", "bai", "phong su", "chuong trinh", "ban tin"}),
    "cuon": frozenset({"cuon", "quyen", "bo", "dau sach", "tai lieu"}),  # not "tờ": leaflets are counted in tờ
    "lan": frozenset({"lan", "buoi", "cuoc"}),
    "buoi": frozenset({"buoi", "lan", "cuoc", "chuong trinh", "tiet muc"}),
    "lop": frozenset({"lop", "khoa"}),
    "co so": frozenset({"co so", "truong", "don vi", "trung tam"}),
    "trung tam": frozenset({"trung tam", "co so", "don vi"}),
    "don vi": frozenset({"don vi", "tap the", "truong", "co so", "lop"}),
    "tai lieu": frozenset({"tai lieu", "cuon", "quyen", "trang", "dau sach", "bai", "bo"}),
    "hoat dong": frozenset({"hoat dong", "buoi", "lan", "cuoc", "chuong trinh"}),
    "dong": frozenset({"dong"}),
}


def given_unit(after: str) -> str | None:
    """The measure word a figure is given in, from the folded text right after it ("người", "lượt người")."""
    said = tokens(after[:40])[:2]
    if " ".join(said) in _MEASURE_SET:
        return " ".join(said)
    return said[0] if said and said[0] in _MEASURE_SET else None


def _unit_end(after: str, unit: str) -> int:
    """Where the measure word `unit` that starts `after` ends in it ("12 ng": the "ng" that means "người")."""
    said: list[str] = []
    for match in re.finditer(r"[a-z0-9]+", after):
        said.extend(tokens(match.group(0)))
        if " ".join(said).startswith(unit):
            return match.end()
    return 0


def unit_fits(unit: str, indicator: Indicator) -> bool:
    """Whether a figure given in `unit` (a measure word, folded) can be an answer to `indicator`."""
    own = " ".join(tokens(indicator.unit, abbreviations=False))
    if indicator.kind == "people":
        return unit in _PEOPLE_WORDS or unit == own
    # only the indicator's unit and the measure words that count the same thing: a word that merely
    # appears in the label ("lớp" in "lượt người tham gia lớp…", "cán bộ" in "lớp bồi dưỡng cho cán bộ")
    # says nothing about what the figure counts
    return unit == own or unit in _FITTING.get(own, frozenset())


def _own_phrases(indicator: Indicator) -> tuple[str, ...]:
    """The indicator's label, aliases and context words, folded (our own texts: no chat abbreviations)."""
    return _folded_phrases((indicator.unit, indicator.label, *indicator.aliases, *indicator.context))


def _own_words(indicator: Indicator) -> frozenset[str]:
    return frozenset(w for phrase in _own_phrases(indicator) for w in phrase.split())


@lru_cache(maxsize=1024)
def _folded_phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(" ".join(tokens(p, abbreviations=False)) for p in phrases)


# -- quick answers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuickAnswer:
    """A one-tap answer under a question: the button text, its verb (in the button's action) and value."""

    verb: str
    text: str
    value: int


def quick_answers(indicator: Indicator) -> tuple[QuickAnswer, ...]:
    """ "Có" / "Không" for a yes/no question, "0 / Không có" for a count, people or money."""
    if indicator.kind == "yesno":
        return (QuickAnswer("yes", texts.BUTTON_QUICK_YES, 1), QuickAnswer("no", texts.BUTTON_QUICK_NO, 0))
    return (QuickAnswer("zero", texts.BUTTON_QUICK_ZERO, 0),)


def quick_answer(indicator: Indicator, verb: str) -> ParsedValue | None:
    """The answer a quick-answer button gives (None: that button does not belong to this question)."""
    for quick in quick_answers(indicator):
        if quick.verb == verb:
            return ParsedValue(indicator.key, quick.value, quick.text)
    return None


QUICK_VERBS: tuple[str, ...] = ("yes", "no", "zero")


# -- messages (texts in bot/messages/reports.py) -------------------------------------------------------


def _example(indicator: Indicator) -> str:
    if indicator.kind == "money":
        return texts.EXAMPLE_MONEY
    template = texts.EXAMPLE_PEOPLE if indicator.kind == "people" else texts.EXAMPLE_COUNT
    return template.format(unit=indicator.unit)


def _msg_empty(indicator: Indicator) -> str:
    return texts.ANSWER_EMPTY.format(label=indicator.label, example=_example(indicator))


def _msg_not_a_number(text: str, indicator: Indicator) -> str:
    return texts.ANSWER_NOT_A_NUMBER.format(text=text, label=indicator.label, example=_example(indicator))


def _msg_unreadable(raw: str, indicator: Indicator) -> str:
    return texts.ANSWER_UNREADABLE.format(raw=raw, example=_example(indicator))


def _msg_several(shown: list[str], indicator: Indicator) -> str:
    found = ", ".join(f"“{s}”" for s in shown)
    hint = texts.ANSWER_SEVERAL_MONEY_HINT if indicator.kind == "money" else ""
    return texts.ANSWER_SEVERAL.format(found=found, label=indicator.label) + hint


def _msg_negative(indicator: Indicator) -> str:
    return texts.ANSWER_NEGATIVE.format(label=indicator.label, example=_example(indicator))


def _msg_fractional(raw: str, indicator: Indicator) -> str:
    if indicator.kind == "money":
        return texts.ANSWER_FRACTIONAL_MONEY.format(raw=raw)
    return texts.ANSWER_FRACTIONAL.format(raw=raw, unit=indicator.unit)


def _msg_over_bound(number: int, indicator: Indicator) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    return texts.ANSWER_OVER_BOUND.format(
        number=format_number(number), unit=unit, label=indicator.label, bound=format_number(indicator.bound)
    )


def money_unit_question(number: int, indicator: Indicator) -> str:
    """The question asked of a bare small amount (`money_unit_unsure`): đồng, nghìn or triệu đồng?"""
    return texts.ANSWER_MONEY_UNIT.format(number=format_number(number), label=indicator.label)


def _msg_yes_no(indicator: Indicator) -> str:
    return texts.ANSWER_YES_NO.format(label=indicator.label)


def _msg_unsure(indicator: Indicator) -> str:
    template = texts.ANSWER_UNSURE_YES_NO if indicator.kind == "yesno" else texts.ANSWER_UNSURE
    return template.format(label=indicator.label)


def _msg_wrong_unit(typed: str, value: Decimal, indicator: Indicator) -> str:
    if indicator.kind == "money":
        return texts.ANSWER_WRONG_UNIT_MONEY.format(label=indicator.label, typed=typed)
    return texts.ANSWER_WRONG_UNIT.format(
        label=indicator.label, unit=indicator.unit, typed=typed, number=format_number(value)
    )
