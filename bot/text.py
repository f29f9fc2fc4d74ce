"""Text normalisation: the one place where Vietnamese text is made comparable.

Everything that matches user text against the knowledge base goes through `fold`
and `tokens`, so a question typed without diacritics, with chat abbreviations or
in decomposed Unicode meets the same tokens as the plan text it is about.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff]")
_WORD = re.compile(r"[0-9a-z]+(?:[/.\-&][0-9a-z]+)*")
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")

# Abbreviations of institutions and school levels, as written in plans and in chat.
# Expanded on both sides, so "THCS" in a plan meets "trung học cơ sở" in a question.
INSTITUTIONAL: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "ubmttqvn": "uy ban mat tran to quoc viet nam",
    "gd&dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "gd-dt": "giao duc va dao tao",
    "sgddt": "so giao duc va dao tao",
    "pgddt": "phong giao duc va dao tao",
    "tthtcd": "trung tam hoc tap cong dong",
    "ttht": "trung tam hoc tap cong dong",
    "htcd": "hoc tap cong dong",
    "htsd": "hoc tap suot doi",
    "xhht": "xa hoi hoc tap",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "cntt": "cong nghe thong tin",
    "gdnn": "giao duc nghe nghiep",
    "gdtx": "giao duc thuong xuyen",
    "vh-xh": "van hoa xa hoi",
    "vhxh": "van hoa xa hoi",
    "vh-tt-tt": "van hoa thong tin the thao",
    "vh-tt": "van hoa thong tin",
    "gd": "giao duc",
}

# Chat abbreviations: expanded in what users type only (in a plan "TT" or "MN" mean other things).
CHAT: dict[str, str] = {
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "hok": "khong",
    "hong": "khong",
    "hem": "khong",
    "khg": "khong",
    "kg": "khong",
    "j": "gi",
    "ji": "gi",
    "bn": "bao nhieu",
    "bnhieu": "bao nhieu",
    "nhiu": "nhieu",
    "ntn": "nhu the nao",
    "tn": "the nao",
    "tg": "thoi gian",
    "dc": "duoc",
    "dk": "duoc",
    "v": "vay",
    "z": "vay",
    "zay": "vay",
    "ng": "nguoi",
    "mn": "moi nguoi",
    "hs": "hoc sinh",
    "hv": "hoc vien",
    "dn": "doanh nghiep",
    "vs": "voi",
    "sv": "sinh vien",
    "gv": "giao vien",
    "ub": "uy ban",
    "pgd": "phong giao duc",
    "bc": "bao cao",
    "cv": "cong van",
    "qd": "quyet dinh",
    "tp": "thanh pho",
    "p": "phuong",
    "x": "xa",
    "h": "huyen",
    "tl": "tuan le",
    "hnay": "hom nay",
    "hqua": "hom qua",
    "trc": "truoc",
    "bh": "bao gio",
    "bg": "bao gio",
    "lm": "lam",
    "mik": "minh",
    "bik": "biet",
    "bit": "biet",
    "mđ": "muc dich",
    "md": "muc dich",
    "mk": "minh",
    "e": "em",
    "mng": "moi nguoi",
    "ad": "admin",
    "onl": "online",
    "olin": "online",
    "cty": "cong ty",
    "nhg": "nhung",
    "nhug": "nhung",
    "trg": "truong",
    "kq": "ket qua",
    "sd": "su dung",
    "ctr": "chuong trinh",
    "dv": "don vi",
    "thgian": "thoi gian",
    "wa": "qua",
    "hd": "hoat dong",  # "hđ" (the bot's field has activities; "hướng dẫn" is written "hdan", "hdẫn")
    "hk": "khong",
    "thui": "thoi",
    "cd": "chu de",
    "bd": "bat dau",  # "bđ từ ngày nào"  # "cđ tuần lễ" (no plan speaks of a cao đẳng)
    "hum": "hom",
    "ktra": "kiem tra",
    "cq": "co quan",
    "r": "roi",
    "xai": "su dung",
    "tuanle": "tuan le",
    # provinces as people abbreviate them in brackets: "P. Nam Triệu (HP)" ("LĐ" is also "lao động")
    "hp": "hai phong",
    "qn": "quang ngai",
    "qng": "quang ngai",
    "nb": "ninh binh",
}


def clean(text: str) -> str:
    """NFC, no control characters, single spaces: the form we store and display."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


# the combining marks (Vietnamese tones and vowel marks are all in the first block)
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


@lru_cache(maxsize=65536)
def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed.isascii():
        return decomposed
    return _MARKS.sub("", decomposed).replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Lower-case, diacritic-free, punctuation-light form used for every comparison."""
    text = strip_diacritics(clean(text).lower())
    text = text.replace("&", " & ").replace("’", "'")
    return _SPACES.sub(" ", text).strip()


_AI = re.compile(r"\bAI\b")
_NAME_NUMBER = re.compile(r"[^\W\d_]+-\d+$")


def words(text: str) -> list[str]:
    """Folded word tokens, keeping dates (6/10/2025) and codes (1306/sgddt-gdtxhssv) whole.

    Upper-case "AI" (artificial intelligence) is kept apart from "ai" (who)."""
    out: list[str] = []
    for token in _WORD.findall(fold(_AI.sub("ai-tech", text)).replace(" & ", "&")):
        if "/" in token and not any(c.isdigit() for c in token):  # "phí/học phí": words, not a code
            out.extend(part for part in token.split("/") if part)
        elif _NAME_NUMBER.match(token):  # "Covid-19": the name, then its number ("có nhắc covid không")
            out.extend(token.split("-"))
        else:
            out.append(token)
    return out


def tokens(text: str, *, abbreviations: bool = True) -> list[str]:
    """Folded tokens with abbreviations expanded; `abbreviations` adds chat ones (user text).
    (A new list each time: callers may change it.)"""
    return list(_tokens(text, abbreviations))


@lru_cache(maxsize=4096)
def _tokens(text: str, abbreviations: bool) -> tuple[str, ...]:
    """`tokens`, found once for a text: a turn reads its message more than once (small talk, the
    question, its parts), and the engine the same plan sentences."""
    out: list[str] = []
    found = words(text)
    for index, token in enumerate(found):
        expansion = INSTITUTIONAL.get(token) or (CHAT.get(token) if abbreviations else None)
        if token == "bn" and abbreviations and _means_you(found, index):
            expansion = "ban"
        elif token == "h" and abbreviations and index and found[index - 1] in ("may", "luc", "tu", "den"):
            expansion = "gio"  # "mấy h", "lúc h": an hour (a district is "h. An Lão")
        if expansion:
            out.extend(expansion.split())
        elif "&" in token:
            out.extend(part for part in token.split("&") if part)
        else:
            out.append(token)
    return tuple(out)


#: school levels and centres, in full or abbreviated, as one token (unit names and officials' text)
NAME_LEVELS: tuple[tuple[str, str], ...] = (
    ("trung hoc co so", "thcs"),
    ("trung hoc pho thong", "thpt"),
    ("tieu hoc", "th"),
    ("mam non", "mn"),
    ("trung tam hoc tap cong dong", "tthtcd"),
    ("pho thong dan toc ban tru", "ptdtbt"),
)


def name_words(text: str) -> list[str]:
    """Folded words of a unit's name, or of a message naming one, with "Tiểu học" and "TH" (and the
    other school levels) the same token and "TH&THCS" two: "Trường Tiểu học xã Đăk Plô" ->
    ["truong", "th", "xa", "dak", "plo"]."""
    found = [part for token in words(text) for part in token.split("&") if part]
    joined = f" {' '.join(found)} "
    for phrase, short in NAME_LEVELS:
        joined = joined.replace(f" {phrase} ", f" {short} ")
    return joined.split()


def marked_words(text: str) -> dict[str, set[str]]:
    """Folded word -> the forms typed with diacritics ("truong" -> {"trưởng"}); words typed
    without diacritics are left out, since they say nothing about which word was meant."""
    out: dict[str, set[str]] = {}
    for word in _WORDS.findall(clean(text).lower()):
        if word.isascii():
            continue
        folded = strip_diacritics(word)
        if folded != word:
            out.setdefault(folded, set()).add(word)
    return out


_AMOUNT_BEFORE = frozenset({"thuong", "dc", "duoc", "mat", "ton", "het", "phi", "tien"})


_YOU_AFTER = frozenset({"v", "vay", "oi", "cam", "on", "ko", "k", "khong", "hok", "chua"})


def _means_you(found: list[str], index: int) -> bool:
    """In chat "bn" is "bạn" (you) at the start or end of a sentence ("bn ơi", "… vậy bn") or after
    a yes/no question word ("có … ko bn"), else "bao nhiêu"."""
    after = found[index + 1] if index + 1 < len(found) else None
    before = found[index - 1] if index > 0 else None
    if before in _AMOUNT_BEFORE:  # "mỗi người dc thưởng bn", "tốn bn": an amount, even at the end
        return False
    # "… ko bn, kiểu …": after the yes/no question word it is "bạn", whatever follows
    return after in (None, "oi", "a", "nhe", "nha") or before in _YOU_AFTER


def is_meaningful(text: str) -> bool:
    """Whether the text has at least one letter or digit (not only emoji/punctuation)."""
    return any(c.isalnum() for c in clean(text))


_SOUND_START = re.compile(r"^(?:tr|s|gi|r|l)")
_SOUND_END = re.compile(r"(?<=[aeiouy])(?:ng|nh|c)$")
_SOUNDS = {"tr": "ch", "s": "x", "gi": "d", "r": "d", "l": "n", "ng": "n", "nh": "n", "c": "t"}


def sound_key(folded: str) -> str:
    """A folded name as it sounds where letters are commonly confused in typing ("tr"/"ch", "s"/"x",
    "r"/"d"/"gi", "l"/"n" at a word's start; "ng"/"n", "nh"/"n", "c"/"t" at its end): "duc chong"
    and "duc trong", "an nao" and "an lao" share a key. For place names only: many words share one."""
    return " ".join(_SOUND_END.sub(_sound, _SOUND_START.sub(_sound, word)) for word in folded.split())


def _sound(match: re.Match[str]) -> str:
    return _SOUNDS[match.group(0)]
