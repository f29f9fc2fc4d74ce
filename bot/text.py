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
_WORD = re.compile(r"[0-9a-z]+(?:[/.\-][0-9a-z]+)*")
_SPACES = re.compile(r"\s+")

# Chat abbreviations, written in folded form (no diacritics, lower case).
ABBREVIATIONS: dict[str, str] = {
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
    "bao nhiu": "bao nhieu",
    "ntn": "nhu the nao",
    "tn": "the nao",
    "tg": "thoi gian",
    "dc": "duoc",
    "dk": "duoc",
    "đc": "duoc",
    "v": "vay",
    "z": "vay",
    "zay": "vay",
    "ng": "nguoi",
    "nguoi`": "nguoi",
    "mn": "moi nguoi",
    "ae": "anh em",
    "ad": "admin",
    "hs": "hoc sinh",
    "gv": "giao vien",
    "ubnd": "uy ban nhan dan",
    "ub": "uy ban",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "ubmttqvn": "uy ban mat tran to quoc viet nam",
    "gd&dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "gd-dt": "giao duc va dao tao",
    "sgddt": "so giao duc va dao tao",
    "pgd": "phong giao duc",
    "pgddt": "phong giao duc va dao tao",
    "tthtcd": "trung tam hoc tap cong dong",
    "htcd": "hoc tap cong dong",
    "htsd": "hoc tap suot doi",
    "xhht": "xa hoi hoc tap",
    "bc": "bao cao",
    "kh": "ke hoach",
    "cv": "cong van",
    "qd": "quyet dinh",
    "tp": "thanh pho",
    "tt": "thi tran",
    "p": "phuong",
    "x": "xa",
    "h": "huyen",
    "t": "tinh",
    "nt": "nhu the",
    "sn": "sinh nhat",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "mn": "mam non",
    "th": "tieu hoc",
    "cnt": "cong nghe thong tin",
    "cntt": "cong nghe thong tin",
    "gdnn": "giao duc nghe nghiep",
    "gdtx": "giao duc thuong xuyen",
    "vh": "van hoa",
    "vhxh": "van hoa xa hoi",
    "vh-xh": "van hoa xa hoi",
    "vh-tt-tt": "van hoa thong tin the thao",
    "tl": "tuan le",
    "hnay": "hom nay",
    "hqua": "hom qua",
    "nay": "nay",
    "trc": "truoc",
    "bh": "bao gio",
    "bg": "bao gio",
    "lm": "lam",
    "mik": "minh",
    "mk": "minh",
    "ok": "ok",
}
# Some abbreviations are also real words in context; these are only expanded when
# the abbreviation stands alone as a token (which is how `tokens` applies them).
# "kh" is ambiguous (không / kế hoạch): keep the chat reading, "ke hoach" is rare as "kh".
ABBREVIATIONS["kh"] = "khong"
ABBREVIATIONS["mn"] = "moi nguoi"


def clean(text: str) -> str:
    """NFC, no control characters, single spaces: the form we store and display."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Lower-case, diacritic-free, punctuation-light form used for every comparison."""
    text = strip_diacritics(clean(text).lower())
    text = text.replace("&", " & ").replace("’", "'")
    return _SPACES.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Folded word tokens, keeping dates (6/10/2025) and codes (1306/sgddt-gdtxhssv) whole."""
    folded = fold(text).replace(" & ", "&")
    out: list[str] = []
    for match in re.finditer(r"[0-9a-z]+(?:[/.\-&][0-9a-z]+)*", folded):
        token = match.group(0)
        out.append(token)
    return out


def expand_abbreviations(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        expansion = ABBREVIATIONS.get(token)
        if expansion is None and "&" in token:
            expansion = ABBREVIATIONS.get(token)
        if expansion:
            out.extend(expansion.split())
        elif "&" in token:
            out.extend(t for t in token.split("&") if t)
        else:
            out.append(token)
    return out


def tokens(text: str, *, abbreviations: bool = True) -> list[str]:
    """Folded tokens with chat abbreviations expanded (only for user text)."""
    toks = words(text)
    return expand_abbreviations(toks) if abbreviations else _split_compounds(toks)


def _split_compounds(toks: list[str]) -> list[str]:
    out: list[str] = []
    for token in toks:
        if "&" in token:
            expansion = ABBREVIATIONS.get(token)
            out.extend(expansion.split() if expansion else [t for t in token.split("&") if t])
        else:
            out.append(token)
    return out


def is_meaningful(text: str) -> bool:
    """Whether the text has at least one letter or digit (not only emoji/punctuation)."""
    return any(c.isalnum() for c in clean(text))
