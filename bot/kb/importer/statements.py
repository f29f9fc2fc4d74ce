"""The plan's sentences, sorted into the schema's lists by the heading they stand under."""

from __future__ import annotations

import re

from bot.kb.importer.body_fields import Piece, pieces
from bot.kb.importer.evidence import Evidence
from bot.kb.importer.patterns import BULLET, unit_names
from bot.kb.importer.repair import Line
from bot.kb.importer.structure import Layout, Section, is_capitals
from bot.kb.importer.units import UnitRegistry, sentence_case
from bot.text import fold

# Heading words (folded) -> the list their sentences go to; the innermost matching heading decides.
_KINDS = [
    ("to chuc thuc hien", "responsibilities"),
    ("kinh phi", "budget"),
    ("thanh phan", "participants"),
    ("doi tuong", "participants"),
    ("muc dich", "objectives"),
    ("yeu cau", "requirements"),
    ("chu de", "extra_facts"),
    ("thoi gian", "extra_facts"),
    ("dia diem", "extra_facts"),
]
_VERB = re.compile(
    r"\s+(?:tổ chức|phối hợp|chủ trì|triển khai|tham mưu|xây dựng|chỉ đạo|hướng dẫn|thực hiện|tuyên truyền|"
    r"báo cáo|vận động|có trách nhiệm|chịu trách nhiệm|căn cứ|đẩy mạnh|bố trí|đảm bảo|phát động)\b"
)


def kind_of(section: Section | None) -> str:
    """The innermost heading that names a kind decides; "Chủ đề"/"Thời gian" only for their own lines,
    so "3. Các hoạt động" under "II. CHỦ ĐỀ, THỜI GIAN TỔ CHỨC" stays an activity."""
    own = True
    while section is not None:
        for word, kind in _KINDS:
            if section.folded_label.startswith(word) and (own or kind != "extra_facts"):
                return kind
        section = section.parent
        own = False
    return "activities"


def topic_of(section: Section | None) -> str | None:
    while section is not None and not section.label:
        section = section.parent
    if section is None:
        return None
    label = sentence_case(section.label) if is_capitals(section.label) else section.label
    label = label.strip(" .:")
    return label[:80] if label else None


def responsibility_units(layout: Layout, units: UnitRegistry) -> dict[int, str]:
    """The unit each subsection of "TỔ CHỨC THỰC HIỆN" is about (section id -> unit id)."""
    out: dict[int, str] = {}
    for top in layout.all_sections():
        if "to chuc thuc hien" not in top.folded_label:
            continue
        for child in top.children:
            name = _unit_of_heading(child)
            if name:
                unit_id = units.add(name, child.line.number)
                if unit_id:
                    out[id(child)] = unit_id
    return out


def _unit_of_heading(section: Section) -> str | None:
    """'Phòng Giáo dục và Đào tạo' (a heading), or the subject of '1. Phòng X tổ chức …' / 'Đề nghị X: …'."""
    if section.label and not section.inline:
        candidate = section.label
    elif section.label and section.inline:
        candidate = section.label  # "4. Đề nghị UBMTTQ xã, …, các cơ sở thôn: Phối hợp …"
    else:
        colon = section.inline.find(":")
        verb = _acting_verb(section.inline)
        before = section.inline[:colon] if 0 < colon < 240 else ""
        if before and unit_names(re.sub(r"^(?:Đề nghị|Đối với|Giao)\s+", "", before)) and not _acting_verb(before):
            candidate = before  # "Đề nghị UBMTTQ xã, Ban xây dựng Đảng, …: Phối hợp …"
        elif verb is not None:
            candidate = section.inline[:verb]  # "Phòng văn hóa - xã hội tổ chức và triển khai …"
        else:
            return None
    candidate = re.sub(r"^(?:Đề nghị|Đối với|Giao)\s+", "", candidate.strip(" :,"), flags=re.IGNORECASE)
    if unit_names(candidate) or re.match(r"^(?:các|Các)\s", candidate):
        return candidate
    return None


def _acting_verb(text: str) -> int | None:
    """Where the first verb acting on a lower-case object starts ("tổ chức treo"), not a name ("Ban xây dựng Đảng")."""
    for match in _VERB.finditer(text):
        following = text[match.end() :].lstrip()
        if following[:1].islower() or following[:1] in '“"':
            return match.start()
    return None


def sort_statements(layout: Layout, section_units: dict[int, str], evidence: Evidence) -> dict[str, list]:
    """objectives, requirements, activities, participants, budget, extra_facts and responsibilities."""
    lists: dict[str, list] = {k: [] for k in ("objectives", "requirements", "activities", "participants", "budget")}
    lists["extra_facts"] = []
    tasks: dict[str, list[dict[str, str | None]]] = {}
    for piece in pieces(layout.preamble):
        _add(lists["extra_facts"], "extra_facts", piece, "căn cứ", evidence, fact=True)
    for top in layout.sections:
        for section in top.walk():
            kind = kind_of(section)
            if section.label and section.inline and kind not in ("extra_facts", "responsibilities"):
                own = [Line(section.inline, [(0, section.line.number)]), *section.body]  # "Các hoạt động: Để …"
            elif section.inline or not section.label:
                own = [section.line, *section.body]
            else:
                own = section.body
            for piece in pieces(own, section):
                unit = _responsible(section, section_units)
                if kind == "responsibilities" and unit:
                    entry = {"topic": topic_of(section), "text": _sentence(piece.text)}
                    unit_tasks = tasks.setdefault(unit, [])
                    evidence.add(f"responsibilities[{unit}].tasks[{len(unit_tasks)}]", entry["text"], piece.line)
                    unit_tasks.append(entry)
                elif kind in ("responsibilities", "extra_facts"):
                    _add(
                        lists["extra_facts"], "extra_facts", piece, topic_of(section) or "kế hoạch", evidence, fact=True
                    )
                else:
                    _add(lists[kind], kind, piece, topic_of(section), evidence)
    for piece in pieces(layout.closing):
        _add(lists["extra_facts"], "extra_facts", piece, "kế hoạch", evidence, fact=True)
    lists["responsibilities"] = [{"unit": unit, "tasks": items} for unit, items in tasks.items()]
    return lists


def _responsible(section: Section, section_units: dict[int, str]) -> str | None:
    current: Section | None = section
    while current is not None:
        if id(current) in section_units:
            return section_units[id(current)]
        current = current.parent
    return None


def _add(target: list, kind: str, piece: Piece, topic: str | None, evidence: Evidence, fact: bool = False) -> None:
    text = _sentence(piece.text)
    if len(text) < 3 or (fact and not topic):
        return
    item = {"topic": topic or "kế hoạch", "text": text} if fact else {"topic": topic, "text": text}
    evidence.add(f"{kind}[{len(target)}]", text, piece.line)
    target.append(item)


def _sentence(text: str) -> str:
    text = re.sub(r"\s*\./\.$", ".", text.strip().rstrip(";,"))  # the closing "./." mark
    return text if text.endswith((".", "!", "?", "…", ":", "”", ")")) else text + "."


_SLOGAN_MARK = re.compile(r"khẩu hiệu[^“\"]{0,60}:", re.IGNORECASE)
_SLOGAN = re.compile(r"[“\"]([^”\"]{5,200})[”\"]")
_LIST_ITEM = re.compile(r"^\s*" + BULLET + r"\s*[“\"]")


def slogans_of(layout: Layout, theme: str | None, evidence: Evidence) -> list[str]:
    """Quoted phrases after "khẩu hiệu …:" on its line, and on the list items right below when the line
    ends there ("Một số khẩu hiệu tuyên truyền:" / "- “Học, học nữa, học mãi”;")."""
    out: list[str] = []

    def add(text: str, line: Line, start: int) -> None:
        for match in _SLOGAN.finditer(text):
            slogan = match.group(1).strip(" .")
            if fold(slogan) != fold(theme or "") and slogan not in out:
                out.append(evidence.add(f"slogans[{len(out)}]", slogan, line.source_line(start + match.start(1))))

    lines = layout.body()
    for index, line in enumerate(lines):
        mark = _SLOGAN_MARK.search(line.text)
        if not mark:
            continue
        add(line.text[mark.end() :], line, mark.end())
        if line.text[mark.end() :].strip():
            continue
        for item in lines[index + 1 :]:
            if not _LIST_ITEM.match(item.text):
                break
            add(item.text, item, 0)
    return out


_WEBSITE = re.compile(r"\b(?:https?://[^\s,;()]+|(?:[a-z0-9-]+\.)+(?:vn|com|org|net|edu|gov)(?:/[^\s,;()]*)?)", re.I)
_PHONE = re.compile(r"(?:điện thoại|ĐT|SĐT|Hotline)\s*:?\s*((?:\+84|0)[\d .]{8,13}\d)", re.IGNORECASE)


def contacts_of(layout: Layout, evidence: Evidence) -> list[dict[str, str | None]]:
    out: list[dict[str, str | None]] = []
    seen: set[str] = set()
    for line in layout.body():
        for kind, pattern in (("email", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), ("website", _WEBSITE.pattern)):
            for match in re.finditer(pattern, line.text, re.IGNORECASE):
                value = match.group(0).rstrip(".")
                if value in seen or (kind == "website" and "@" in line.text[max(0, match.start() - 1) : match.start()]):
                    continue
                if kind == "website" and any(value in s for s in seen):
                    continue
                seen.add(value)
                out.append(
                    {
                        "kind": kind,
                        "value": evidence.add(f"contacts[{len(out)}]", value, line.source_line(match.start())),
                    }
                )
        for match in _PHONE.finditer(line.text):
            value = re.sub(r"\s+", " ", match.group(1)).strip()
            if value not in seen:
                seen.add(value)
                out.append({"kind": "phone", "value": evidence.add(f"contacts[{len(out)}]", value, line.number)})
    return out
