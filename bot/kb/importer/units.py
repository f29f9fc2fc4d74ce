"""The organisations a draft names, each once, with an id, the spellings seen, and where first seen."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.kb.importer.patterns import BULLET, unit_key
from bot.kb.importer.syllables import is_acronym
from bot.text import fold

# Abbreviations used in unit ids (folded phrase -> short form), the forms officials use.
_ID_SHORT = [
    ("uy ban nhan dan", "ubnd"),
    ("uy ban mat tran to quoc viet nam", "ubmttq"),
    ("uy ban mttq viet nam", "ubmttq"),
    ("mat tran to quoc", "mttq"),
    ("giao duc va dao tao", "gddt"),
    ("gd&dt", "gddt"),
    ("gd & dt", "gddt"),
    ("van hoa - xa hoi", "vhxh"),
    ("van hoa – xa hoi", "vhxh"),
    ("van hoa xa hoi", "vhxh"),
    ("trung tam hoc tap cong dong", "tthtcd"),
    ("hoi dong nhan dan", "hdnd"),
]
_FILLER = {"cac", "va", "tren", "dia", "ban", "cua", "thuoc", "doi", "voi", "de", "nghi"}
# Generic subjects that name no particular organisation on their own.
GENERIC = {"cac don vi", "don vi", "cac co quan, don vi", "cac co quan don vi", "cac don vi lien quan"}
# A unit called by its kind alone (folded) -> how the full name of that kind begins.
_SHORT_NAMES = {
    "trung tam": "trung tam",
    "nha truong": "truong",
    "truong": "truong",
    "hoi": "hoi",
    "so": "so",
    "phong": "phong",
    "van phong": "van phong",
}
# Spellings of the same words people type; a unit gets both forms as aliases.
_SPELLINGS = [("Ủy ban nhân dân", "UBND"), ("Giáo dục và Đào tạo", "GD&ĐT"), ("Uỷ ban", "Ủy ban")]


@dataclass
class UnitEntry:
    id: str
    name: str
    line: int
    external: bool = False
    aliases: list[str] = field(default_factory=list)


class UnitRegistry:
    def __init__(self, places: tuple[str, ...]):
        self.places = tuple(p for p in places if p)
        self.entries: list[UnitEntry] = []
        self._by_key: dict[str, UnitEntry] = {}

    def key(self, name: str) -> str:
        return unit_key(name, self.places)

    def add(self, name: str, line: int, *, external: bool = False) -> str | None:
        """The id of the unit called `name` (added when new); None for a generic subject ("các đơn vị")."""
        name = tidy_name(name)
        if not name or fold(name) in GENERIC:
            return None
        external = external or is_higher_body(name)
        key = self.key(name)
        entry = self._by_key.get(key)
        level = self._level(name)
        if entry is not None and level and self._level(entry.name) not in (None, level):
            key = f"{key}|{level}"  # "Hội Khuyến học huyện" is not "Hội Khuyến học xã"
            entry = self._by_key.get(key)
        entry = entry or self._named_in_short(name)
        if entry is None:
            entry = UnitEntry(self._new_id(name), name, line, external)
            self.entries.append(entry)
            self._by_key[key] = entry
        elif name != entry.name and name not in entry.aliases:
            if len(name) > len(entry.name) or (len(name) == len(entry.name) and _capitals_lost(entry.name, name)):
                entry.aliases.append(entry.name)
                entry.name = name
            else:
                entry.aliases.append(name)
        return entry.id

    def _level(self, name: str) -> str | None:
        """The administrative level a name ends with ("Hội Khuyến học xã" -> "xa"), the plan's places aside."""
        text = fold(name)
        for place in self.places:
            text = re.sub(rf"\s+{re.escape(fold(place))}$", "", text)
        match = re.search(r"\b(xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh)$", text.strip())
        return match.group(1) if match else None

    def _named_in_short(self, name: str) -> UnitEntry | None:
        """'Trung tâm' or 'nhà trường' alone: the one unit of the plan whose name begins so (the issuer's
        "Trung tâm học tập cộng đồng", "Trường THCS Lê Lợi"), when there is exactly one."""
        short = fold(name)
        if short not in _SHORT_NAMES:
            return None
        start = _SHORT_NAMES[short]
        found = [e for e in self.entries if not e.external and fold(e.name).startswith(start + " ")]
        return found[0] if len(found) == 1 else None

    def find(self, name: str) -> str | None:
        entry = self._by_key.get(self.key(tidy_name(name)))
        return entry.id if entry else None

    def name_of(self, unit_id: str) -> str:
        return next(e.name for e in self.entries if e.id == unit_id)

    def as_data(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for entry in self.entries:
            aliases = _spelling_aliases([entry.name, *entry.aliases])
            item: dict[str, object] = {"id": entry.id, "name": entry.name, "aliases": aliases}
            if entry.external:
                item["external"] = True
            out.append(item)
        return out

    def _new_id(self, name: str) -> str:
        text = fold(name)
        for phrase, short in _ID_SHORT:
            text = text.replace(phrase, short)
        words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in _FILLER]
        base = "-".join(words[:5]) or "don-vi"
        candidate, number = base, 2
        while any(e.id == candidate for e in self.entries):
            candidate, number = f"{base}-{number}", number + 1
        return candidate


def _capitals_lost(current: str, other: str) -> bool:
    """The same name with more capitals (as the body text prints it) beats one re-cased from a header."""
    return sum(c.isupper() for c in other) > sum(c.isupper() for c in current)


def is_higher_body(name: str) -> bool:
    """Province or national bodies: a Sở, a ministry, the government, a province's or city's committee."""
    folded = fold(name)
    return bool(
        re.match(r"^(?:so|bo(?! phan)|thu tuong|chinh phu)\b", folded)
        or (
            re.search(r"\b(?:tinh|thanh pho|trung uong)\b", folded)
            and re.match(r"^(?:uy ban nhan dan|ubnd|hdnd|hoi dong nhan dan)\b", folded)
        )
    )


def tidy_name(name: str) -> str:
    """A unit name as a heading or sentence gives it, without 'Đề nghị', 'Đối với', list marks."""
    name = re.sub(r"^\s*" + BULLET + r"\s*", "", name).strip(" .:;,")
    name = re.sub(r"^(?:Đề nghị|Đối với|Giao|Yêu cầu)\s+", "", name, flags=re.IGNORECASE)
    if is_capitals_phrase(name):
        name = sentence_case(name)
    return name[:1].upper() + name[1:] if name else name


def is_capitals_phrase(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


_SCHOOL_LEVELS = {"THCS", "THPT", "TH", "MN", "PTDTNT", "PTDTBT", "PTCS", "GDTX", "GDNN-GDTX"}


def sentence_case(text: str) -> str:
    """'PHÓ CHỦ TỊCH UBND XÃ THANH BÌNH' -> 'Phó Chủ tịch UBND xã Thanh Bình': acronyms kept,
    a place name after a level word capitalised, the rest lower case."""
    words = text.split()
    out: list[str] = []
    place = False
    start = True
    for word in words:
        core = word.strip(".,;:()")
        if is_acronym(core) or re.fullmatch(r"[A-Z]{1,4}\.", word):
            out.append(word)
            start = word.endswith(".")
            place = place or core in _SCHOOL_LEVELS  # "TRƯỜNG THCS LÊ LỢI": a name follows
            continue
        lower = word.lower()
        out.append(lower.capitalize() if place or start else lower)
        start = False
        previous = out[-2].lower() if len(out) > 1 else ""
        place = (
            place
            or (lower in ("xã", "phường", "huyện", "quận", "tỉnh") and previous != "thị")
            or ((previous, lower) in (("thành", "phố"), ("thị", "trấn"), ("thị", "xã")))
        )
    result = re.sub(r"\b(Phó|phó) (\w)", lambda m: f"{m.group(1)} {m.group(2).upper()}", " ".join(out))
    result = _SCHOOL_NAME.sub(_school_name, result)
    for proper in _PROPER_NAMES:
        result = re.sub(rf"\b{re.escape(proper.lower())}\b", proper, result)
    return result[:1].upper() + result[1:]


# "TRƯỜNG TIỂU HỌC VỸ DẠ" -> "Trường Tiểu học Vỹ Dạ": the school level spelled out, then the school's name.
_SCHOOL_NAME = re.compile(
    r"\b([Tt]rường) (mầm non|tiểu học|trung học cơ sở|trung học phổ thông|phổ thông dân tộc (?:nội|bán) trú|"
    r"tiểu học và trung học cơ sở|trung học cơ sở và trung học phổ thông|liên cấp)\b(.*)$"
)


def _school_name(match: re.Match[str]) -> str:
    name = " ".join(w[:1].upper() + w[1:] for w in match.group(3).split())
    level = match.group(2)[:1].upper() + match.group(2)[1:]
    return f"{match.group(1)} {level}" + (f" {name}" if name else "")


# How the names of public bodies are capitalised, for headers printed in capitals.
_PROPER_NAMES = [
    "Giáo dục và Đào tạo",
    "Văn hóa - Xã hội",
    "Văn hoá - Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa - Thông tin",
    "Lao động - Thương binh và Xã hội",
    "Khoa học và Công nghệ",
    "Tài nguyên và Môi trường",
    "Nội vụ",
    "Tư pháp",
    "Y tế",
    "Mặt trận Tổ quốc Việt Nam",
    "Việt Nam",
    "Khuyến học",
    "Thanh niên Cộng sản Hồ Chí Minh",
    "Liên hiệp Phụ nữ",
    "Nông dân",
    "Cựu chiến binh",
    "Người cao tuổi",
    "Đảng ủy",
    "Chủ tịch",
]


def _spelling_aliases(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        for long, short in _SPELLINGS:
            if long in name:
                out.append(name.replace(long, short))
            elif short in name and short != "Ủy ban":
                out.append(name.replace(short, long))
        out.append(name)
    seen: set[str] = set()
    return [a for a in out if not (a in seen or seen.add(a)) and a != names[0]]  # type: ignore[func-returns-value]
