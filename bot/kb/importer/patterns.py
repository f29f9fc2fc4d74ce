"""Dates, times and organisation names as Vietnamese official documents write them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from bot.text import clean, fold, tokens

_DMY = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?![\d/])")
_WORDY = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_WORDY_DM = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})(?!\s*năm)(?!\d)", re.IGNORECASE)
_DM = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_TIME = re.compile(
    r"(?<![\d/:])(\d{1,2})\s*(?:h|giờ|g)\s*(\d{2})?(?:\s*(?:phút|’|'))?(?![\w/])|(?<![\d/])(\d{1,2}):(\d{2})(?!\d)"
)


_AFTERNOON = re.compile(r"\s*(?:phút\s*)?(?:chiều|tối|đêm)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateAt:
    start: int
    end: int
    value: dt.date


def find_dates(text: str, default_year: int | None = None) -> list[DateAt]:
    """Full dates ("01/10/2025", "ngày 30 tháng 9 năm 2025"), and day/month ones when a year is known."""
    found: list[DateAt] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_WORDY, _DMY):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            day = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if day:
                found.append(DateAt(match.start(), match.end(), day))
                taken.append((match.start(), match.end()))
    if default_year is not None:
        for match in [*_DM.finditer(text), *_WORDY_DM.finditer(text)]:
            if any(s <= match.start() < e for s, e in taken):
                continue
            day = _date(int(match.group(1)), int(match.group(2)), default_year)
            if day:
                found.append(DateAt(match.start(), match.end(), day))
    return sorted(found, key=lambda d: d.start)


# "01-07/10/2026", "01 – 07/10": a span of days written as one date, the first day before a dash.
_SPAN = re.compile(r"(?<![\d/])(\d{1,2})\s*[-–]\s*(\d{1,2})\s*[/.]\s*(\d{1,2})(?:\s*[/.]\s*(\d{4}))?(?![\d/])")


def find_spans(text: str, default_year: int | None = None) -> list[tuple[int, dt.date, dt.date]]:
    """(offset, first, last) of each span written "01-07/10/2026" (the year may be left out when known)."""
    out = []
    for match in _SPAN.finditer(text):
        year = int(match.group(4)) if match.group(4) else default_year
        if year is None:
            continue
        first, last = (
            _date(int(match.group(1)), int(match.group(3)), year),
            _date(int(match.group(2)), int(match.group(3)), year),
        )
        if first and last and first < last:
            out.append((match.start(), first, last))
    return out


def in_span(text: str, date: DateAt) -> bool:
    """The date ends a span ("01-07/10/2026" names seven days, not the 7th)."""
    return bool(re.search(r"(?<![\d/])\d{1,2}\s*[-–]\s*$", text[: date.start]))


def _date(day: int, month: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_time(text: str) -> tuple[int, str] | None:
    """(offset, "HH:MM") of the first clock time: "13h30’", "7 giờ 30", "7h", "07:30", "2 giờ chiều" (14:00)."""
    for match in _TIME.finditer(text):
        hour = int(match.group(1) or match.group(3))
        minute = int(match.group(2) or match.group(4) or 0)
        if hour < 12 and _AFTERNOON.match(text, match.end()):
            hour += 12
        if 0 <= hour <= 23 and 0 <= minute <= 59:
            return match.start(), f"{hour:02d}:{minute:02d}"
    return None


# The marks a list item starts with: "- ", "– ", "+ ", "• ", "* " …
BULLET = r"[-–—+•▪●◦*]"
UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
# A proper name of up to four capitalised words: "Đăk Plô", "Hải Phòng".
PLACE = rf"[{UPPER}][\w'’-]*(?:\s+[{UPPER}][\w'’-]*){{0,3}}"

# --- organisations -----------------------------------------------------------------------------------------

LEVEL_WORDS = ("thị trấn", "thị xã", "thành phố", "xã", "phường", "huyện", "quận", "tỉnh")
# Centrally-run cities: a "thành phố" of province rank (others are districts of a province).
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")

# How organisation names begin, with their diacritics: "Ban" is a board, "bản" (a copy) is not; "Trưởng thôn"
# (a person who reports) is not "Trường" (a school). Order does not matter: the longest match wins.
_HEADS = [
    "ủy ban nhân dân",
    "ủy ban mặt trận tổ quốc",
    "ủy ban mttq",
    "ủy ban",
    "ubnd",
    "ubmttqvn",
    "ubmttq",
    "ub mttq",
    "ub",
    "hội đồng nhân dân",
    "hđnd",
    "hdnd",
    "mặt trận tổ quốc",
    "sở",
    "phòng",
    "ban",
    "hội",
    "chi hội",
    "trung tâm",
    "tt",
    "tthtcđ",
    "tthtcd",
    "đoàn",
    "huyện đoàn",
    "tỉnh đoàn",
    "đảng ủy",
    "thường trực",
    "trường",
    "nhà trường",
    "tổ chuyên môn",
    "tổ dân phố",
    "liên đội",
    "chi đoàn",
    "cơ quan",
    "công an",
    "đài",
    "thư viện",
    "văn phòng",
    "bộ",
    "lãnh đạo",
    "pgd",
    "pgdđt",
    "pgddt",
    "sgdđt",
    "sgddt",
    # people whose office reports or is reported to
    "trưởng",
    "tổ trưởng",
    "hiệu trưởng",
    "phó hiệu trưởng",
    "tổng phụ trách",
    "giáo viên",
    "nhân viên",
    "giám đốc",
    "phó giám đốc",
    "bí thư",
    "trung ương",
]
_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


def _tone_key(text: str) -> str:
    """Lower case with each word's tone as a digit after it ('uỷ' = 'ủy' -> 'uy3', 'bản' -> 'ban3')."""
    out = []
    for word in clean(text).lower().replace("&", " & ").split():
        decomposed = unicodedata.normalize("NFD", word)
        tone = "".join(_TONES[c] for c in decomposed if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)) + tone)
    return " ".join(out)


# Words that name organisations only after "các" ("các đơn vị"; "Tổ chức các hoạt động …" is a verb).
_PLURAL_HEADS = ["đơn vị", "cơ sở", "đoàn thể", "tổ chức"]
_HEAD_KEYS = "|".join(re.escape(_tone_key(h)) for h in sorted(_HEADS, key=len, reverse=True))
_PLURAL_KEYS = "|".join(re.escape(_tone_key(h)) for h in sorted(_PLURAL_HEADS, key=len, reverse=True))
HEAD = re.compile(rf"^(?:(?:{_tone_key('các')}\s+)?(?:{_HEAD_KEYS})|{_tone_key('các')}\s+(?:{_PLURAL_KEYS}))(?!\w)")
# Words that end an organisation name in running text ("… về UBND xã trước ngày …").
_NAME_STOP = re.compile(
    r"\s+(?:kết quả|trước|chậm nhất|theo|để|qua|trong|vào|bằng|về|gửi|tổng hợp|báo cáo|đúng|hạn|ngày|nhằm|"
    r"thông qua|cùng|đồng thời|khi|sau|trên cơ sở|xây dựng|tổ chức|thực hiện|triển khai|phối hợp|chủ trì|"
    r"tham mưu|chỉ đạo|hướng dẫn|tuyên truyền|trực tiếp|định kỳ|nộp|biết|là|thông báo|vận động|chuẩn bị|bố trí|"
    r"rà soát|đăng ký|đăng tải|giới thiệu|lựa chọn|bình xét|huy động|đôn đốc|phổ biến|mời)\b"
    r"|\s*[(;:]|\s*\d|\.\s|\.$",
    re.IGNORECASE,
)


_MEMBERS = re.compile(rf"^(?:{_tone_key('các')} )?(?:{_tone_key('hội viên')}|{_tone_key('đoàn viên')})(?!\w)")


def starts_with_head(text: str) -> bool:
    key = _tone_key(text)
    return bool(HEAD.match(key)) and not _MEMBERS.match(key)  # "hội viên", "đoàn viên": members, not bodies


def unit_names(phrase: str) -> list[str]:
    """The organisations listed at the start of `phrase` ("UBND huyện và Sở Giáo dục và Đào tạo kết quả…").

    Lists are separated by ',' or 'và' before a new organisation; 'và' inside a name
    ("Giáo dục và Đào tạo") is kept. Returns [] when the phrase does not start with one."""
    stop = _NAME_STOP.search(phrase)
    text = phrase[: stop.start()] if stop else phrase
    parts = re.split(r"\s*,\s*|\s+và\s+|\s*&\s*(?=[A-ZĐ][a-z])", text)
    names: list[str] = []
    current = ""
    for part in parts:
        if not part:
            continue
        if starts_with_head(part) or not current:
            if current:
                names.append(current)
            current = part
        else:
            joiner = " và " if re.search(rf"{re.escape(current)}\s+và\s+{re.escape(part)}", text) else ", "
            current = f"{current}{joiner}{part}"
    if current:
        names.append(current)
    names = [re.sub(r"\s+(?:và|các|của|cho)$", "", n.strip(" .,-–")) for n in names]
    if not names or not all(starts_with_head(n) for n in names):
        return []
    return names


def unit_key(name: str, drop: tuple[str, ...] = ()) -> str:
    """Comparable form of an organisation name: abbreviations expanded, folded, place names in `drop` removed.

    "Phòng GD&ĐT Đức Trọng" and "Phòng Giáo dục và Đào tạo" meet when "Đức Trọng" is dropped;
    "UBND phường" and "UBND thành phố" stay apart (the level after a people's committee counts)."""
    words = tokens(name.replace("–", "-"), abbreviations=False)
    text = " ".join(w for w in words if w not in ("-", "&", "va"))
    for place in drop:
        folded = " ".join(tokens(place, abbreviations=False))
        if folded:
            text = re.sub(rf"\s*\b{re.escape(folded)}\b", "", text)
    text = re.sub(r"\s+(?:tren dia ban|thuoc|truc thuoc)\b.*$", "", text)  # "… trên địa bàn huyện": a qualifier
    text = re.sub(r"\s+", " ", text).strip()
    levels = "|".join(fold(level) for level in LEVEL_WORDS)
    if not re.search(r"(?:nhan dan|to quoc|viet nam)$", re.sub(rf"\s+(?:{levels})$", "", text)):
        text = re.sub(rf"\s+(?:{levels})$", "", text)
    return text
