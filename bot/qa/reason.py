"""Answers computed from the structured facts: counts, totals, extremes, durations, differences
between two dates, weekdays and yes/no checks of a stated date or time.

Each operation is recognised from the folded question ("có mấy chuyên đề", "tổng cộng bao nhiêu
học viên", "kéo dài mấy ngày", "cách nhau mấy ngày", "thứ mấy", "… ngày 8/10 đúng không") and
computed only from values the plan states (list items, numbers of participants, dates): when a
value is missing the operation gives way to the ordinary answer, which may be "không nêu".
Every composed answer shows the facts it used and their source.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.kb.schema import Plan, SpecialSession
from bot.messages import qa as texts
from bot.qa.facts import Fact, vn_date
from bot.text import fold, strip_diacritics

WEEKDAY_NAMES = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

_HOW_MANY = r"(?:bao nhieu|may|so luong|tong cong|tat ca|tong so)"
# Collections a plan lists, by the nouns people count them with (folded).
COLLECTIONS: dict[str, tuple[str, ...]] = {
    "sessions": ("chuyen de", "buoi chuyen de", "buoi hoc chuyen de"),
    "based_on": ("van ban can cu", "van ban", "cong van", "can cu"),
    "columns": ("cot",),
    "rows": ("muc ket qua", "muc", "noi dung", "hang", "dong", "nhom noi dung"),
    "parts": ("phan",),
    "deadlines": ("han bao cao", "han nop", "moc bao cao", "han", "moc", "lan bao cao"),
    "slogans": ("khau hieu",),
    "recipients": ("noi nhan", "don vi nhan", "co quan nhan", "noi", "don vi", "co quan"),
    "objectives": ("muc tieu", "muc dich"),
    "requirements": ("yeu cau",),
}
_NEEDS = {  # words the question must also hold for the noun to mean that collection
    "based_on": ("can cu", "thuc hien", "dua tren", "dua vao", "theo", "tren co so", "chi dao"),
    "columns": ("mau", "bang"),
    "rows": ("mau",),
    "parts": ("mau",),
    "recipients": ("noi nhan", "nhan ke hoach", "ke hoach gui"),
}
_COUNTED = {
    name: re.compile(rf"\b{_HOW_MANY} (?:cai |loai |buoi )?(?:{'|'.join(nouns)})\b")
    for name, nouns in COLLECTIONS.items()
}
_ANY_COUNT = re.compile(rf"\b{_HOW_MANY}\b")
# The plan's own structure counted by its top-level items (bot/kb/schema.py `item`, `sections`): the
# units given tasks in its implementation section, its parts, the items of its activities section.
_COUNTED_UNITS = re.compile(
    rf"\b{_HOW_MANY} (?P<noun>nhom don vi|nhom co quan|don vi|co quan|nhom|muc|phong ban|ben)\b"
)
_UNITS_NEED = re.compile(r"\b(?:to chuc thuc hien|giao nhiem vu|duoc giao|phan cong|trach nhiem|giao viec)\b")
_COUNTED_SECTIONS = re.compile(rf"\b{_HOW_MANY} (?P<noun>phan lon|phan chinh|phan|muc lon|chuong)\b(?P<tail>(?: \w+)?)")
_COUNTED_ITEMS = re.compile(
    rf"\b{_HOW_MANY} (?:cai |loai )?(?P<noun>nhom hoat dong|nhom noi dung|nhom nhiem vu|nhom giai phap|"
    r"noi dung hoat dong|muc hoat dong|hoat dong|noi dung|nhiem vu|giai phap|nhom|muc|viec)"
    r"(?P<tail>(?: \w+)?)"
)
# after the counted noun: words that leave it general ("mấy hoạt động trong Tuần lễ", "nội dung chính");
# any other word narrows it ("mấy hoạt động kết nối doanh nghiệp"), which the item count does not answer
_ITEMS_TAIL = frozenset(
    "trong can chinh duoc de cua o ma tai cho nhu va hay thi khong ko vay a ha nhi the the nao ke nam "
    "goi neu huong lon tat tong can phai se duoc".split()
)
_ITEMS_NEED = re.compile(r"\b(?:hoat dong|noi dung|giai phap|tap trung|goi y|nhiem vu va giai phap)\b")
_SPOKEN_NOUNS = {
    "nhom don vi": "nhóm đơn vị",
    "nhom co quan": "nhóm cơ quan",
    "don vi": "đơn vị",
    "co quan": "cơ quan",
    "phong ban": "phòng ban",
    "ben": "bên",
    "nhom hoat dong": "nhóm hoạt động",
    "nhom noi dung": "nhóm nội dung",
    "nhom nhiem vu": "nhóm nhiệm vụ",
    "nhom giai phap": "nhóm giải pháp",
    "noi dung hoat dong": "nội dung hoạt động",
    "muc hoat dong": "mục hoạt động",
    "hoat dong": "hoạt động",
    "noi dung": "nội dung",
    "nhiem vu": "nhiệm vụ",
    "giai phap": "giải pháp",
    "nhom": "nhóm",
    "muc": "mục",
    "viec": "việc",
    "phan lon": "phần lớn",
    "phan chinh": "phần chính",
    "phan": "phần",
    "muc lon": "mục lớn",
    "chuong": "chương",
}
_SUM = re.compile(r"\b(?:tong cong|tong so|tong|tat ca|ca thay|cong lai|ca ba|ca 3)\b")
_PEOPLE = re.compile(r"\b(?:hoc vien|nguoi|luot)\b")
# "đông hơn … bao nhiêu học viên", "chênh lệch mấy người": the difference between two sessions' numbers
_MORE_BY = re.compile(
    r"\b(?:(?:nhieu|dong|it|vang|hon|kem) hon|hon|kem|chenh lech|chenh nhau|chenh)\b.*\b(?:bao nhieu|may)\b"
    r"|\b(?:bao nhieu|may) (?:hoc vien|nguoi|luot)\b.*\b(?:hon|chenh)\b"
)
_MORE_SPLIT = re.compile(r"\b(?:(?:nhieu|dong|it|vang) hon|hon|kem|so voi|chenh lech|chenh|va|voi)\b")
# "có chuyên đề (nào) về an toàn giao thông không": whether one of a plan's listed sessions is about it
_HAS_SESSION_ON = re.compile(r"\bco (?:buoi )?chuyen de\b.*\b(?:khong|ko|k|kh|hok|hong|chua)$")
_SESSION_QUESTION = re.compile(r"\b(?:co|buoi|chuyen de|nao|ve|gi|khong|ko|k|kh|hok|hong|chua|to chuc|nay|nam)\b")
_MOST = re.compile(r"\b(?:nhieu|dong|lon|cao)(?: \w+){0,3} nhat\b")
_LEAST = re.compile(r"\b(?:it|thap|vang)(?: \w+){0,3} nhat\b")
_ORDINAL_FIRST = re.compile(r"\b(?:dau tien|som nhat|thu nhat)\b")
_ORDINAL_LAST = re.compile(r"\b(?:cuoi cung|cuoi|sau cung|muon nhat)\b")
# "lễ khai giảng diễn ra trước hay sau chuyên đề …": two events of one plan, their dates compared
_BEFORE_OR_AFTER = re.compile(r"\b(?:truoc hay sau|sau hay truoc|truoc hay la sau|som hon hay muon hon)\b")
_PART_FILLERS = re.compile(r"\b(?:dien ra|to chuc|duoc|vao|la|thi|co|ngay|hom)\b")
# "chuyên đề thứ hai" (the second by date); not "chuyên đề vào thứ hai" (a Monday)
_ORDINAL_NTH = re.compile(r"(?<!vao )\bchuyen de thu (hai|2|ba|3|tu|4)\b")
# "hai chuyên đề đầu tiên", "3 chuyên đề cuối": the first or last few sessions by date
_FEW_AT_END = re.compile(r"\b(hai|ba|2|3) chuyen de (?:(dau tien|dau)|cuoi cung|cuoi)\b")
# a session named by when it is held rather than by its subject
_WHEN_NAMED = re.compile(r"\d|\b(?:mai|hom nay|hom qua|hom kia|ngay|thu|tuan nay|sap toi|dau tien|cuoi|tiep theo)\b")
# "cái đầu tiên", "buổi thứ hai", "cái cuối" (the list just given): one of its items
_ONE_OF_LISTED = re.compile(r"\b(?:dau tien|thu nhat|cuoi cung|cuoi|thu (?:hai|2|ba|3|tu|4))\b")
_NTH_OF_LISTED = re.compile(r"\bthu (hai|2|ba|3|tu|4)\b")
_NUMBER_WORDS = {"hai": 2, "2": 2, "ba": 3, "3": 3, "tu": 4, "4": 4}
_FIRST = re.compile(r"\b(?:dau tien|som nhat|mo dau)\b")
_LAST = re.compile(r"\b(?:cuoi cung|muon nhat|sau cung|ket thuc)\b")
_DAYS = r"(?:bao nhieu|may) (?:ngay|hom)"
# "kéo dài mấy ngày", "có tất cả mấy ngày", "tổng cộng bao nhiêu ngày"
_DURATION = re.compile(
    rf"\b(?:keo dai|dien ra|to chuc|trong|tat ca|tong cong)\b.*\b{_DAYS}\b|\b{_DAYS}\b.*\b(?:keo dai|dien ra)\b"
)
_DURATION_WORDS = re.compile(rf"\b(?:keo dai|dien ra|to chuc|trong|{_DAYS}|tat ca|tong cong)\b")
_DAYS_LEFT = re.compile(r"\bcon (?:bao nhieu|may) (?:ngay|hom)\b|\b(?:ngay|hom) nua\b|\bbao lau nua\b")
# "ba chuyên đề", "các buổi", "những chuyên đề": the sessions as a list
_SESSIONS_PLURAL = re.compile(r"\b(?:cac|nhung|tat ca|ca|hai|ba|bon|nam|\d) (?:chuyen de|buoi)\b")
_DIFFERENCE = re.compile(
    r"\b(?:cach nhau|cach|chenh lech|chenh|som hon|muon hon|tre hon|truoc|sau khi|sau)\b.*\b"
    + _DAYS
    + r"\b|\b"
    + _DAYS
    + r"\b.*\b(?:cach nhau|de|truoc|sau)\b"
    + r"|\btu\b.+\bden\b.+\b"  # "từ ngày bắt đầu đến hạn báo cáo là bao nhiêu ngày"
    + _DAYS
    + r"\b"
)
_SPLITTERS = re.compile(
    r"\b(?:cach nhau|cach(?! thuc)|chenh lech|chenh nhau|som hon|muon hon|tre hon|so voi|den|va|voi|thi)\b"
)
# "từ … đến …": a span asked, which "còn mấy ngày" then measures (not the days left from today)
_FROM_TO = re.compile(r"\btu\b.+\bden\b")
# the week's own ends, and "the reporting deadline", named as one side of a difference
_WEEK_END = re.compile(
    r"\b(?:ket thuc|het) (?:tuan le|tuan)\b|\btuan le ket thuc\b|\bngay ket thuc\b|\bsau khi ket thuc\b"
    r"|\bket thuc\b(?= (?:\w+ ){0,2}(?:cac|thi|la|con|co|bao|may|den)\b)"
    r"|\bngay cuoi(?: cung)?(?: cua)? tuan le\b"  # "từ ngày cuối cùng của Tuần lễ đến …"
)
_WEEK_START = re.compile(
    r"\b(?:bat dau|mo dau) (?:tuan le|tuan)\b|\btuan le bat dau\b|\bngay bat dau\b"
    r"|\bngay dau(?: tien)?(?: cua)? tuan le\b"
)
_DEADLINE = re.compile(
    r"\b(?:han chot|han cuoi|thoi han|han)\b(?:(?! tu| den| cach).){0,30}?\b(?:bao cao|nop|gui)\b"
    r"|\b(?:nop|gui) bao cao\b"
)
_BEFORE_AFTER = re.compile(r"\b(?:truoc|sau khi|sau)\b")
_DIFF_NOISE = re.compile(
    r"\b(?:tu|cach nhau|cach|chenh lech|chenh|bao nhieu|may|ngay|hom|co|la|thi|sau khi|sau|truoc|(?<!chuyen )de|nhau|"
    r"som hon|muon hon|tre hon)\b"
)
_NAMED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b")
_WEEKDAY = re.compile(r"\b(?:la |vao |ngay |roi vao |nhằm )?thu may\b")
_VERIFY = re.compile(r"\b(?:phai khong|dung khong|co phai|co dung|dung chu|phai chu|dung vay khong|(?:dung|phai) ko)\b")
# "tuần lễ có kéo dài đến hết ngày 7/10 không": a stated day checked by "có … không"
_DATE_YES_NO = re.compile(r"\bco\b.*\b\d{1,2}/\d{1,2}(?:/\d{4})?\b.*\b(?:khong|ko|k|hong|hok)$")
# "… (bắt đầu) từ (ngày) 1/10": the day claimed is the start of a span
_FROM_DAY = re.compile(r"\b(?:tu|bat dau)(?: tu)?(?: ngay)? \d{1,2}/\d{1,2}\b")
# "… đến (hết) (ngày) 7/10": the day claimed is the end of a span
_UNTIL_DAY = re.compile(r"\b(?:den|toi|sang)(?: het)?(?: ngay)? \d{1,2}/\d{1,2}\b")
_GUESS_END = re.compile(r"\b(?:a|ha|ah|ak|khong|ko|k)$")  # "… buổi sáng à?", "… buổi sáng không?"
# a part of the day claimed: "buổi sáng", "vào buổi chiều", "tối"
_CLAIM_PART = re.compile(r"\b(?:buoi|vao|luc|ca) (sang|trua|chieu|toi)\b")
_PARTS_OF_DAY = {"sang": (0, 11), "trua": (11, 13), "chieu": (13, 18), "toi": (18, 24)}
_PART_NAMES = {"sang": "buổi sáng", "trua": "buổi trưa", "chieu": "buổi chiều", "toi": "buổi tối"}
# "có tính cả ngày 7/10 không", "ngày 5/10 có nằm trong tuần lễ không": a day checked against a span
_INCLUDES = re.compile(r"\b(?:tinh ca|nam trong|co trong|trong khoang|bao gom ca|gom ca|thuoc)\b.*\bkhong\b")
# "nơi nào khai mạc sớm hơn": which of two named plans has the earlier (later) date
_AT_PLACE = re.compile(r"\s*\b(?:o|tai|ben|cua)\b ")  # "ở A", "tại B": a part that is only a place
_PLAN_PARTS = re.compile(r"\b(?:va|voi|hay|con|so voi)\b|[,;?]")  # between the parts that each name one plan
_WHICH_EARLIER = re.compile(r"\b(?:som hon|truoc hon|truoc)\b(?! (?:ngay|khi|hon)\b)")
_WHICH_LATER = re.compile(r"\b(?:muon hon|tre hon|sau)\b(?! (?:ngay|khi|hon)\b)")
_WHICH = re.compile(r"\b(?:noi nao|ben nao|dia phuong nao|cho nao|o dau|nao|hay)\b")
_DAY = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b")  # "7/10", "07/10/2025" (day, month, year)
# "hôm nay là ngày cuối của tuần lễ phải không", "hôm nay có phải ngày đầu tiên của tuần lễ không"
_TODAY_IS = re.compile(
    r"\bhom nay (?:la |co phai (?:la )?|da la |da )?(?:ngay )?(?:cuoi cung|cuoi|dau tien|dau|bat dau|ket thuc)"
    r"(?: cua)? (?:tuan le|tuan)\b"
)
# "tuần lễ ở A và B có trùng ngày không", "có cùng ngày không", "có diễn ra cùng lúc không"
# "chủ đề … có trùng nhau không": the same theme, not the same days
_OTHER_THAN_DAYS = re.compile(r"\b(?:chu de|khau hieu|noi dung|hoat dong|hinh thuc|muc dich|yeu cau|ten|thong diep)\b")
_SAME_DAYS = re.compile(r"\b(?:trung ngay|trung nhau|trung thoi gian|cung ngay|cung luc|cung thoi gian)\b")
# "tuần lễ có tổ chức vào tháng 11 không" (a yes/no about the week's month)
_IN_MONTH = re.compile(r"\b(?:vao |trong )?thang (\d{1,2}) (?:khong|ko|k|phai khong|dung khong|a|ha)\b")
# "buổi sáng hay buổi chiều", "sáng hay chiều", "vào buổi nào", "buổi mấy"
_DAY_PART = re.compile(
    r"\b(?:vao )?(?:buoi )?(?:sang|trua|chieu|toi) hay (?:la )?(?:buoi )?(?:sang|trua|chieu|toi)\b"
    r"|\b(?:vao )?buoi nao\b"
)
_TODAY_IS_LAST = re.compile(r"\b(?:cuoi|ket thuc)\b")
_CLAIM_TIME = re.compile(r"\b(\d{1,2})\s*(?:h|gio)\s*(\d{1,2})?\b")
_RANGE = re.compile(
    r"từ(?: ngày)? (\d{1,2}/\d{1,2}/\d{4}) đến(?: hết)?(?: ngày)? (\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE
)


@dataclass
class Reasoned:
    """A composed answer: its text (without the source line), the plans and facts it used."""

    text: str
    plan_ids: list[str]
    kind: str
    facts: list[Fact] = field(default_factory=list)


Ranker = Callable[[str, Sequence[Fact] | None], list[Fact]]
"""Best facts for a text (most relevant first), optionally among the given facts only."""


class Reasoner:
    """Recognises the computed operations in a question and carries them out on one engine's facts."""

    def __init__(
        self,
        plans: dict[str, Plan],
        facts_of: Callable[[str, str], list[Fact]],
        with_sessions: frozenset[str],
        facts_in: Callable[[str], Sequence[Fact]],
    ):
        self.plans = plans
        self.facts_of = facts_of  # (plan id, kind) -> that plan's facts of that kind, in the plan's order
        self.with_sessions = with_sessions  # plans that list special sessions
        self.facts_in = facts_in  # plan id -> all its facts

    def answer(
        self,
        folded: str,
        plan_ids: list[str],
        today: dt.date,
        rank: Ranker,
        dated: Callable[[str], list[Fact]],
        prior: Sequence[Fact] = (),
        spoken: str = "",
    ) -> Reasoned | None:
        """The computed answer, or None when the question asks for no computation this engine can do.
        `prior`: the facts of the previous answer, which "ngày đó", "hôm đó" refer to; `spoken`: the
        question with its localities, to tell which part of a comparison is about which plan."""
        own = self._parts_by_plan(spoken, plan_ids) if len(plan_ids) == 2 and spoken else {}
        listed = [f for f in prior if f.kind == "session" and f.dates]
        if len(listed) >= 2 and len(listed) == len(prior) and _ONE_OF_LISTED.search(folded):
            return self._one_of_listed(folded, listed)
        if _WEEKDAY.search(folded):
            return self._weekday(folded, plan_ids, rank, prior, today)
        if _DAY_PART.search(folded) and len(plan_ids) == 1:
            found = self._day_part(folded, plan_ids[0], rank)
            if found:
                return found
        if _SAME_DAYS.search(folded) and len(plan_ids) == 2 and not _OTHER_THAN_DAYS.search(folded):
            found = self._same_week(plan_ids)
            if found:
                return found
        month = _IN_MONTH.search(folded)
        if month and len(plan_ids) == 1 and ("tuan le" in folded or "tuan" in folded.split()):
            found = self._week_in_month(plan_ids[0], int(month.group(1)))
            if found:
                return found
        if _TODAY_IS.search(folded) and len(plan_ids) == 1:
            found = self._today_is(folded, plan_ids[0], today)
            if found:
                return found
        if _HAS_SESSION_ON.search(folded):
            found = self._has_session(folded, plan_ids, rank)
            if found:
                return found
        if _PEOPLE.search(folded) or "chuyen de" in folded:
            sessions = [pid for pid in plan_ids if pid in self.with_sessions]
            for operation in (self._session_gaps, self._people_difference, self._total, self._extreme, self._ordinal):
                found = operation(folded, sessions) if sessions else None
                if found:
                    return found
            found = self._session_people(folded, sessions, rank) if len(sessions) == 1 else None
            if found:
                return found
        if len(plan_ids) == 1 and _BEFORE_OR_AFTER.search(folded):
            found = self._before_or_after(folded, plan_ids, rank, dated)
            if found:
                return found
        if len(plan_ids) == 2 and _WHICH.search(folded) and not _DIFFERENCE.search(folded):
            found = self._which_first(folded, plan_ids, rank, dated, own)
            if found:
                return found
        part = _CLAIM_PART.search(folded)
        if part and (_VERIFY.search(folded) or _GUESS_END.search(folded)):
            found = self._verify_part(folded, part, plan_ids, rank)
            if found:
                return found
        if _INCLUDES.search(folded):
            found = self._includes(folded, plan_ids, rank)
            if found:
                return found
        if _DIFFERENCE.search(folded) and (not _DAYS_LEFT.search(folded) or _FROM_TO.search(folded)):
            found = self._difference(folded, plan_ids, rank, dated, own)
            if found:
                return found
        if _DURATION.search(folded) and not _DAYS_LEFT.search(folded):
            found = self._duration(folded, plan_ids, rank)
            if found:
                return found
        verify = bool(_VERIFY.search(folded))
        if verify or _DATE_YES_NO.search(folded):
            found = self._verify(folded, plan_ids, rank, yes_no=not verify)
            if found:
                return found
        return self._count(folded, plan_ids) or self._enumerated(folded, plan_ids, rank)

    @staticmethod
    def asks_computation(folded: str) -> bool:
        """The question asks for a figure only a computation gives (the days between two dates, the
        difference between two numbers): an ordinary answer without that figure does not answer it."""
        if _DIFFERENCE.search(folded) and (not _DAYS_LEFT.search(folded) or _FROM_TO.search(folded)):
            return True
        return bool(_MORE_BY.search(folded) and _PEOPLE.search(folded) and "chuyen de" in folded)

    # ------------------------------------------------------------------ counts
    def _collection(self, plan_id: str, name: str) -> tuple[list[str], list[Fact]]:
        """The items of a collection as short texts, and the facts that state them."""
        plan = self.plans[plan_id]
        template = plan.report_template
        if name == "sessions":
            facts = self.facts_of(plan_id, "session")
            return [f.answer for f in facts], facts
        if name in ("based_on", "objectives", "requirements"):
            facts = self.facts_of(plan_id, {"objectives": "objective", "requirements": "requirement"}.get(name, name))
            return [f.answer for f in facts], facts
        if name in ("columns", "rows", "parts") and template:
            facts = self.facts_of(plan_id, "template")[:1]
            items = {"columns": template.columns, "rows": [r.section for r in template.rows], "parts": template.parts}
            return list(items[name]), facts
        if name == "deadlines":
            facts = [f for f in self.facts_of(plan_id, "reporting") if f.deadline]
            return [f.answer.split(" Kế hoạch ghi:")[0] for f in facts], facts
        if name == "slogans":
            return list(plan.slogans), self.facts_of(plan_id, "slogan")
        if name == "recipients":
            return list(plan.document.recipients), self.facts_of(plan_id, "recipients")
        return [], []

    def _count(self, folded: str, plan_ids: list[str]) -> Reasoned | None:
        if not _ANY_COUNT.search(folded):
            return None
        structural = self._count_structure(folded, plan_ids)
        if structural:
            return structural
        for name, pattern in _COUNTED.items():
            if not pattern.search(folded) or not any(need in folded for need in _NEEDS.get(name, ("",))):
                continue
            lines, used, plans = [], [], []
            for plan_id in plan_ids:
                items, facts = self._collection(plan_id, name)
                if not items:
                    continue
                plan = self.plans[plan_id]
                label = texts.COLLECTION_NOUNS[name]
                lines.append(texts.COUNT_LINE.format(place=plan.locality.full_name, count=len(items), noun=label))
                lines.extend(f"• {item}" for item in items)
                used.extend(facts)
                plans.append(plan_id)
            if plans:
                return Reasoned("\n".join(lines), plans, "count", used)
        return None

    def _count_structure(self, folded: str, plan_ids: list[str]) -> Reasoned | None:
        """'giao nhiệm vụ cho mấy đơn vị', 'kế hoạch có mấy phần', 'có mấy nhóm hoạt động': the plan's
        top-level items counted (never its sentences), each item named by its first sentence."""
        if "mau" in folded.split():  # the report form's parts and rows: the collections above
            return None
        units = _COUNTED_UNITS.search(folded)
        if units and _UNITS_NEED.search(folded):
            return self._per_plan(plan_ids, lambda pid: self._units_count(pid, _SPOKEN_NOUNS[units["noun"]]))
        sections = _COUNTED_SECTIONS.search(folded)
        if (
            sections
            and _general(sections["tail"])
            and not re.search(r"\bphan (?:nhiem vu|to chuc|hoat dong|cac hoat dong|noi dung)", folded)
        ):
            return self._per_plan(plan_ids, lambda pid: self._sections_count(pid, _SPOKEN_NOUNS[sections["noun"]]))
        items = _COUNTED_ITEMS.search(folded)
        if not items or not _ITEMS_NEED.search(folded):
            return None
        if not _general(items["tail"]):
            return None
        noun = items["noun"]
        if noun in ("nhiem vu", "nhom nhiem vu") and "giai phap" not in folded:
            return None  # "phòng GD có mấy nhiệm vụ": one unit's tasks, not the plan's items
        wants_solutions = "giai phap" in folded
        return self._per_plan(
            plan_ids, lambda pid: self._items_count(pid, _SPOKEN_NOUNS[noun], solutions_only=wants_solutions)
        )

    def _per_plan(
        self, plan_ids: list[str], one: Callable[[str], tuple[list[str], list[Fact]] | None]
    ) -> Reasoned | None:
        lines: list[str] = []
        used: list[Fact] = []
        plans: list[str] = []
        for plan_id in plan_ids:
            found = one(plan_id)
            if found is None:
                continue
            lines.extend(found[0])
            used.extend(found[1])
            plans.append(plan_id)
        return Reasoned("\n".join(lines), plans, "count", used) if plans else None

    def _items_count(self, plan_id: str, noun: str, solutions_only: bool) -> tuple[list[str], list[Fact]] | None:
        facts = [f for f in self.facts_of(plan_id, "activity")]
        grouped: dict[int, list[Fact]] = {}
        for fact in facts:
            if fact.item:
                grouped.setdefault(fact.item, []).append(fact)
        if len(grouped) < 2:
            return None
        section = _section_title(self.plans[plan_id], facts)
        if solutions_only and "giai phap" not in fold(section):
            return None
        place = self.plans[plan_id].locality.full_name
        lines = [texts.ITEMS_COUNT_LINE.format(section=section, place=place, count=len(grouped), noun=noun)]
        lines.extend(f"{n}. {_short(group[0].answer)}" for n, group in sorted(grouped.items()))
        return lines, [group[0] for group in grouped.values()]

    def _units_count(self, plan_id: str, noun: str) -> tuple[list[str], list[Fact]] | None:
        plan = self.plans[plan_id]
        items: dict[int, list[str]] = {}
        for n, resp in enumerate(plan.responsibilities, start=1):
            items.setdefault(resp.item or n, []).append(plan.unit(resp.unit).name)
        if not items:
            return None
        units = sum(len(names) for names in items.values())
        if units == len(items):
            head = texts.UNITS_COUNT_LINE.format(place=plan.locality.full_name, count=units, noun=noun)
        else:
            head = texts.UNITS_ITEMS_COUNT_LINE.format(
                place=plan.locality.full_name, items=len(items), count=units, noun=noun
            )
        lines = [head, *(f"{n}. {', '.join(names)}" for n, names in sorted(items.items()))]
        tasks = self.facts_of(plan_id, "responsibility")
        firsts = {f.unit: f for f in reversed(tasks)}
        return lines, list(firsts.values())[::-1] or tasks[:1]

    def _sections_count(self, plan_id: str, noun: str) -> tuple[list[str], list[Fact]] | None:
        plan = self.plans[plan_id]
        if not plan.sections:
            return None
        head = texts.SECTIONS_COUNT_LINE.format(place=plan.locality.full_name, count=len(plan.sections), noun=noun)
        return [head, *(f"• {s}" for s in plan.sections)], self.facts_of(plan_id, "document")[:1]

    def _enumerated(self, folded: str, plan_ids: list[str], rank: Ranker) -> Reasoned | None:
        """'gợi ý bao nhiêu phần mềm': the items a sentence lists after that noun, "(A, B, C…)" or
        "như: A, B, C", counted and named; a trailing "…" is said to mean the list goes on."""
        asked = re.search(r"\b(?:bao nhieu|may) (?:cai |loai )?((?:\w+ ){0,2}\w+)", folded)
        if not asked or len(plan_ids) != 1:
            return None
        noun = asked.group(1).split()
        noun = noun[: next((i for i, w in enumerate(noun) if w in _NOUN_ENDS), len(noun))]
        if len(noun) < 2:  # a list is looked for after a noun of two words at least
            return None
        # no sentence of the plan has the noun's first two words: none lists anything after it (and the
        # question need not be ranked again)
        start = " ".join(noun[:2])
        if not any(start in _folded_sentence(f.answer) for f in self.facts_in(plan_ids[0])):
            return None
        for fact in rank(folded, None)[:3]:
            if fact.plan_id not in plan_ids:
                continue
            for size in range(len(noun), 1, -1):  # the longest noun the sentence has, of two words at least
                listed = _listed_after(fact.answer, " ".join(noun[:size]))
                if listed is None:
                    continue
                written, items, goes_on = listed
                template = texts.ENUMERATED_MORE_LINE if goes_on else texts.ENUMERATED_LINE
                text = template.format(count=len(items), noun=written, items=", ".join(items)) + f"\n{fact.answer}"
                return Reasoned(text, [fact.plan_id], fact.kind, [fact])
        return None

    # ------------------------------------------------------ numbers of sessions
    def _has_session(self, folded: str, plan_ids: list[str], rank: Ranker) -> Reasoned | None:
        """'Thanh Bình có chuyên đề về AI không': yes with the session, or no with the full list (a
        plan's list of sessions is complete, so what it lacks is a stated 'no')."""
        if len(plan_ids) != 1 or plan_ids[0] not in self.with_sessions:
            return None
        sessions = self.facts_of(plan_ids[0], "session")
        subject = _SESSION_QUESTION.sub(" ", folded).strip()
        if not subject:
            return None
        matching = rank(subject, sessions)
        place = self.plans[plan_ids[0]].locality.full_name
        if matching:
            text = texts.HAS_SESSION_YES + "\n" + "\n".join(f"• {f.answer}" for f in matching[:2])
            return Reasoned(text, plan_ids, "session", list(matching[:2]))
        lines = [texts.HAS_SESSION_NO.format(place=place, count=len(sessions))]
        lines.extend(f"• {f.answer}" for f in sessions)
        return Reasoned("\n".join(lines), plan_ids, "session", list(sessions))

    def _session_people(self, folded: str, plan_ids: list[str], rank: Ranker) -> Reasoned | None:
        """'bao nhiêu học viên tham gia chuyên đề AI': the one session the question names, with its
        number — not the plan's whole list of sessions."""
        if not (re.search(_HOW_MANY, folded) and _PEOPLE.search(folded)) or _SUM.search(folded):
            return None
        if _WHEN_NAMED.search(folded):  # "chuyên đề ngày 05/10", "mai học chuyên đề gì": the day picks it
            return None
        subject = re.sub(_HOW_MANY, " ", _SESSION_QUESTION.sub(" ", _PEOPLE.sub(" ", folded)))
        place = fold(self.plans[plan_ids[0]].locality.full_name)
        subject = re.sub(r"\b(?:tham gia|du|hoc|duoc|o|tai|trong)\b", " ", subject.replace(place, " "))
        subject = " ".join(w for w in subject.split() if w not in place.split())
        sessions = self.facts_of(plan_ids[0], "session")
        matching = rank(subject, sessions) if subject else []
        if len(matching) != 1:
            return None
        return Reasoned(matching[0].answer, plan_ids, "session", [matching[0]])

    def _total(self, folded: str, plan_ids: list[str]) -> Reasoned | None:
        plural = re.search(r"\b(?:cac|ca|tat ca|nhung) (?:\d+ |ba )?chuyen de\b", folded)
        if not (_SUM.search(folded) or plural) or not re.search(_HOW_MANY, folded) or not _PEOPLE.search(folded):
            return None
        few = _FEW_AT_END.search(folded)
        lines, used, plans = [], [], []
        for plan_id in plan_ids:
            plan = self.plans[plan_id]
            pairs = sorted(
                ((s, f) for s, f in zip(plan.special_sessions, self.facts_of(plan_id, "session"), strict=False)),
                key=lambda sf: sf[0].date,
            )
            named = _sessions_on_named_days(folded, pairs)
            if named:  # "chuyên đề ngày 5/10 và 7/10 cộng lại": only the sessions of those days
                pairs = named
            elif few:  # "hai chuyên đề đầu tiên": only those, not every session
                size = _NUMBER_WORDS[few.group(1)]
                pairs = pairs[:size] if few.group(2) else pairs[-size:]
            counted = [(s, f) for s, f in pairs if s.participants is not None]
            if not counted:
                continue
            total = sum(s.participants or 0 for s, _ in counted)
            kind = counted[0][0].participants_kind or "người"
            terms = " + ".join(str(s.participants) for s, _ in counted)
            which = (texts.FIRST_FEW if few.group(2) else texts.LAST_FEW) if few and not named else ""
            if named:
                days = [f"{s.date:%d/%m}" for s, _ in named]
                which = texts.ON_DAYS.format(days=", ".join(days[:-1]) + " và " + days[-1])
            lines.append(
                texts.TOTAL_LINE.format(
                    place=plan.locality.full_name,
                    sessions=len(counted),
                    which=which,
                    terms=terms,
                    total=total,
                    kind=kind,
                )
            )
            facts = [f for _, f in pairs] if few or named else self.facts_of(plan_id, "session")
            lines.extend(f"• {f.answer}" for f in facts)
            used.extend(facts)
            plans.append(plan_id)
        return Reasoned("\n".join(lines), plans, "session", used) if plans else None

    def _people_difference(self, folded: str, plan_ids: list[str]) -> Reasoned | None:
        """'chuyên đề A đông hơn chuyên đề B bao nhiêu học viên': the two sessions the parts name
        (by their day or their words), and the difference of their stated numbers."""
        if len(plan_ids) != 1 or not _MORE_BY.search(folded) or not _PEOPLE.search(folded):
            return None
        plan = self.plans[plan_ids[0]]
        pairs = [
            (s, f)
            for s, f in zip(plan.special_sessions, self.facts_of(plan.id, "session"), strict=False)
            if s.participants is not None
        ]
        parts = [p for p in _MORE_SPLIT.split(folded) if re.search(r"\w", _session_words(p))]
        if len(pairs) < 2 or len(parts) < 2:
            return None
        first = _session_named(parts[0], pairs, exclude=None)
        second = _session_named(parts[-1], pairs, exclude=first)
        if first is None or second is None:
            return None
        (a, fact_a), (b, fact_b) = first, second
        gap = abs((a.participants or 0) - (b.participants or 0))
        kind = a.participants_kind or "người"
        text = texts.PEOPLE_DIFFERENCE_LINE.format(gap=gap, kind=kind, a=a.participants, b=b.participants)
        text += f"\n• {fact_a.answer}\n• {fact_b.answer}"
        return Reasoned(text, [plan.id], "session", [fact_a, fact_b])

    def _extreme(self, folded: str, plan_ids: list[str]) -> Reasoned | None:
        most, least = _MOST.search(folded), _LEAST.search(folded)
        if not (most or least):
            return None
        lines, used, plans = [], [], []
        for plan_id in plan_ids:
            plan = self.plans[plan_id]
            pairs = [(s, f) for s, f in zip(plan.special_sessions, self.facts_of(plan_id, "session"), strict=False)]
            pairs = [(s, f) for s, f in pairs if s.participants is not None]
            if not pairs:
                continue
            pick = max if most else min
            _, fact = pick(pairs, key=lambda sf: sf[0].participants or 0)
            template = texts.MOST_LINE if most else texts.LEAST_LINE
            lines.append(template.format(place=plan.locality.full_name, fact=fact.answer))
            used.append(fact)
            plans.append(plan_id)
        return Reasoned("\n".join(lines), plans, "session", used) if plans else None

    def _one_of_listed(self, folded: str, listed: list[Fact]) -> Reasoned | None:
        """'cái đầu tiên là gì', 'cái thứ hai' after the list of sessions: that one of the list, by date."""
        sessions = sorted(listed, key=lambda f: f.dates[0])
        place = self.plans[sessions[0].plan_id].locality.full_name
        nth = _NTH_OF_LISTED.search(folded)
        if nth:
            number = _NUMBER_WORDS[nth.group(1)]
            if number > len(sessions):
                return None
            fact, line = sessions[number - 1], texts.NTH_LINE
        elif _ORDINAL_LAST.search(folded):
            fact, line, number = sessions[-1], texts.LAST_LINE, len(sessions)
        else:
            fact, line, number = sessions[0], texts.FIRST_LINE, 1
        text = line.format(place=place, fact=fact.answer, number=number)
        return Reasoned(text, [fact.plan_id], "session", [fact])

    def _session_gaps(self, folded: str, plan_ids: list[str]) -> Reasoned | None:
        """'ba chuyên đề cách nhau mấy ngày': the days between consecutive sessions of the list, all
        of them (two sides picked from three would be half the answer)."""
        if len(plan_ids) != 1 or not _SESSIONS_PLURAL.search(folded) or not _DIFFERENCE.search(folded):
            return None
        if re.search(r"\b\d{1,2}/\d{1,2}\b", folded):  # "chuyên đề ngày 3/10 và 7/10": two sides named
            return None
        sessions = sorted((f for f in self.facts_of(plan_ids[0], "session") if f.dates), key=lambda f: f.dates[0])
        days = sorted({f.dates[0] for f in sessions})
        if len(days) < 3:
            return None
        gaps = [(b - a).days for a, b in itertools.pairwise(days)]
        gap = f"{gaps[0]}" if len(set(gaps)) == 1 else texts.GAPS_EACH.format(gaps=", ".join(map(str, gaps)))
        line = texts.SESSION_GAPS_LINE.format(
            place=self.plans[plan_ids[0]].locality.full_name, gap=gap, days=", ".join(vn_date(d) for d in days)
        )
        lines = [line, *(f"• {f.answer}" for f in sessions)]
        return Reasoned("\n".join(lines), plan_ids, "session", sessions)

    def _ordinal(self, folded: str, plan_ids: list[str]) -> Reasoned | None:
        """'chuyên đề đầu tiên / cuối cùng': the first or last session by date."""
        first, last = _ORDINAL_FIRST.search(folded), _ORDINAL_LAST.search(folded)
        nth = _ORDINAL_NTH.search(folded)
        if "chuyen de" not in folded or not (first or last or nth) or _DIFFERENCE.search(folded):
            return None
        lines, used = [], []
        for plan_id in plan_ids:
            sessions = sorted((f for f in self.facts_of(plan_id, "session") if f.dates), key=lambda f: f.dates[0])
            place = self.plans[plan_id].locality.full_name
            if nth and not (first or last):  # "chuyên đề thứ hai": the second by date, when there is one
                number = _NUMBER_WORDS[nth.group(1)]
                if len(sessions) >= number:
                    fact = sessions[number - 1]
                    lines.append(texts.NTH_LINE.format(number=number, place=place, fact=fact.answer))
                    used.append(fact)
            elif sessions:
                fact = sessions[0] if first else sessions[-1]
                template = texts.FIRST_LINE if first else texts.LAST_LINE
                lines.append(template.format(place=place, fact=fact.answer))
                used.append(fact)
        return Reasoned("\n".join(lines), [f.plan_id for f in used], "session", used) if used else None

    # ------------------------------------------------------------------- dates
    def _duration(self, folded: str, plan_ids: list[str], rank: Ranker) -> Reasoned | None:
        """'kéo dài mấy ngày': the span of the best fact that states one, counting both ends."""
        found: dict[str, Fact] = {}
        subject = _DURATION_WORDS.sub(" ", folded).strip() or "tuan le"
        for fact in rank(subject, None):
            if fact.plan_id in plan_ids and fact.plan_id not in found and _range(fact):
                found[fact.plan_id] = fact
        if not found:
            return None
        groups: dict[tuple[dt.date, dt.date], list[Fact]] = {}
        for fact in found.values():
            span = _range(fact)
            if span:
                groups.setdefault(span, []).append(fact)
        lines: list[str] = []
        for (start, end), facts in groups.items():
            line = texts.DURATION_LINE.format(days=(end - start).days + 1, start=vn_date(start), end=vn_date(end))
            if len(found) > 1:
                places = ", ".join(self.plans[f.plan_id].locality.full_name for f in facts)
                line = texts.FOR_PLACES.format(places=places, text=line)
            lines.append(line)
        if len(found) == 1:
            lines.append(next(iter(found.values())).answer)
        facts = list(found.values())
        return Reasoned("\n".join(lines), [f.plan_id for f in facts], facts[0].kind, facts)

    def _difference(
        self,
        folded: str,
        plan_ids: list[str],
        rank: Ranker,
        dated: Callable[[str], list[Fact]],
        own: dict[str, str],
    ) -> Reasoned | None:
        if len(plan_ids) == 2:
            return self._difference_between_plans(folded, plan_ids, rank, dated, own)
        if len(plan_ids) == 1:
            anchored = self._difference_anchored(folded, plan_ids[0], rank, dated)
            if anchored is not None:
                return anchored
        parts = [p.strip() for p in _SPLITTERS.split(folded) if _DIFF_NOISE.sub(" ", p).strip()]
        if len(parts) < 2:  # "kế hoạch ký trước lễ khai giảng mấy ngày": the two sides of "trước"/"sau"
            parts = [p.strip() for p in _BEFORE_AFTER.split(folded) if _DIFF_NOISE.sub(" ", p).strip()]
        if len(plan_ids) != 1 or len(parts) < 2:
            return None
        plan_id = plan_ids[0]
        candidates = dated(plan_id)
        first_text, second_text = _DIFF_NOISE.sub(" ", parts[0]), _DIFF_NOISE.sub(" ", parts[-1])
        first = self._dated_fact(first_text, candidates, rank, exclude=None)
        if first is None:
            return None
        second = self._dated_fact(second_text, candidates, rank, exclude=first, context=first_text)
        if second is None:
            return None
        day_a, day_b = _date_for(first, first_text), _date_for(second, second_text)
        if day_a is None or day_b is None or day_a == day_b:
            return None
        text = _difference_line(day_a, day_b)
        text += f"\n• {first.answer}\n• {second.answer}"
        return Reasoned(text, [plan_id], first.kind, [first, second])

    def _difference_anchored(
        self, folded: str, plan_id: str, rank: Ranker, dated: Callable[[str], list[Fact]]
    ) -> Reasoned | None:
        """'từ ngày kết thúc Tuần lễ đến hạn báo cáo của các trường là mấy ngày': a side named as the
        week's end or start, or as the reporting deadline, taken from the plan's period or reporting
        duties (the sentence that merely mentions "kết thúc Tuần lễ" is not that date); the other side
        found by its words. None when a side is not found or the plan's deadlines differ and the
        question does not say whose."""
        sides: list[tuple[int, dt.date, Fact]] = []
        rest = folded
        period = self.facts_of(plan_id, "period")
        for pattern, end in ((_WEEK_END, True), (_WEEK_START, False)):
            match = pattern.search(folded)
            if match and period and period[0].event_start and period[0].event_end:
                day = period[0].event_end if end else period[0].event_start
                sides.append((match.start(), day, period[0]))
                rest = rest.replace(match.group(0), " ")
        deadline = _DEADLINE.search(folded)
        if deadline and len(sides) < 2:
            duties = [f for f in self.facts_of(plan_id, "reporting") if f.deadline]
            if len({f.deadline for f in duties}) > 1:  # whose deadline: the sender the question names
                named = [f for f in duties if self._names_unit(folded, plan_id, f.unit)]
                if not named and len(sides) == 1:  # not said: the days to each sender's deadline
                    return self._to_each_deadline(plan_id, sides[0], duties)
                duties = named
            if len({f.deadline for f in duties}) != 1:
                return None
            pick = duties[0]
            if pick.deadline is None:
                return None
            sides.append((deadline.start(), pick.deadline, pick))
            rest = rest.replace(deadline.group(0), " ")
        if not sides:
            return None
        if len(sides) == 1:
            words = _DIFF_NOISE.sub(" ", _SPLITTERS.sub(" ", rest))
            words = re.sub(r"\b(?:tuan le|tuan|ngay|o|cua|cac|la|con|vay|thi)\b", " ", words)
            if len(words.split()) < 2:
                return None
            taken = sides[0][2]
            pool = [f for f in dated(plan_id) if f is not taken and f.kind != taken.kind]
            found = rank(words, pool)
            found_day = _date_for(found[0], words) if found else None
            if found_day is None:
                return None
            sides.append((0, found_day, found[0]))
        (_, day_a, fact_a), (_, day_b, fact_b) = sides[:2]
        if day_a == day_b:
            return None
        if fact_a is fact_b:  # from the week's start to its end: its length, both ends counted
            return self._duration("tuan le", [plan_id], rank)
        text = _difference_line(day_a, day_b)
        text += f"\n• {fact_a.answer}\n• {fact_b.answer}"
        return Reasoned(text, [plan_id], fact_b.kind, [fact_a, fact_b])

    def _to_each_deadline(self, plan_id: str, side: tuple[int, dt.date, Fact], duties: list[Fact]) -> Reasoned | None:
        _, day, fact = side
        plan = self.plans[plan_id]
        lines = []
        for duty in duties:
            if duty.deadline is None or duty.deadline == day:
                return None
            who = plan.unit(duty.unit).name if duty.unit else ""
            lines.append(texts.EACH_DEADLINE_LINE.format(who=who, line=_difference_line(day, duty.deadline)))
        head = texts.DEADLINES_DIFFER.format(place=plan.locality.full_name)
        text = "\n".join([head, *lines, f"• {fact.answer}", *(f"• {d.answer}" for d in duties)])
        return Reasoned(text, [plan_id], "reporting", [fact, *duties])

    def _names_unit(self, folded: str, plan_id: str, unit_id: str) -> bool:
        """Whether the question names the unit (its name or one of its aliases, as whole words)."""
        if not unit_id:
            return False
        unit = self.plans[plan_id].unit(unit_id)
        return any(re.search(rf"\b{re.escape(fold(n))}\b", folded) for n in (unit.name, *unit.aliases))

    def _difference_between_plans(
        self,
        folded: str,
        plan_ids: list[str],
        rank: Ranker,
        dated: Callable[[str], list[Fact]],
        own: dict[str, str],
    ) -> Reasoned | None:
        """'hạn báo cáo của A muộn hơn của B mấy ngày': the same thing in each plan, its dates compared."""
        subject = _DIFF_NOISE.sub(" ", _SPLITTERS.sub(" ", folded))
        subject = re.sub(r"\b(?:cua|o|hon)\b", " ", subject)
        found = _same_in_each(plan_ids, subject, _DIFF_NOISE, rank, dated, own)
        if found is None:
            return None
        days_of = [_date_for(f, subject) for f in found]
        if None in days_of or days_of[0] == days_of[1]:
            return None
        day_a, day_b = (d for d in days_of if d is not None)
        text = _difference_line(day_a, day_b)
        for fact in found:
            text += f"\n{self._placed(fact)}"
        return Reasoned(text, list(plan_ids), found[0].kind, found)

    def _placed(self, fact: Fact) -> str:
        """The fact as a line naming its plan's locality, for answers that set plans side by side."""
        return f"• {self.plans[fact.plan_id].locality.full_name}: {fact.answer}"

    def _parts_by_plan(self, folded: str, plan_ids: list[str]) -> dict[str, str]:
        """'hạn xã A báo cáo tỉnh và hạn phòng X của B báo cáo sở': each plan's own part of the
        question (the part naming its locality alone), so that each plan's duty is matched to the
        sender and recipient named with it; empty unless every plan has a part of its own."""
        names = {
            pid: [fold(n) for n in (self.plans[pid].locality.name, *self.plans[pid].locality.aliases)]
            for pid in plan_ids
        }
        own: dict[str, str] = {}
        head = ""  # "trường học (ở A hay ở B)": the thing both parts ask of, said once before the first place
        for part in _PLAN_PARTS.split(folded):
            held = [
                pid for pid, spelled in names.items() if any(re.search(rf"\b{re.escape(n)}\b", part) for n in spelled)
            ]
            if len(held) == 1 and held[0] not in own:
                if not own:
                    before = _AT_PLACE.search(part)
                    head = part[: before.start()].strip() if before and before.start() else ""
                elif head and _AT_PLACE.match(part):
                    part = f"{head} {part}"
                own[held[0]] = part
        return own if len(own) == len(plan_ids) else {}

    def _dated_fact(
        self, text: str, candidates: list[Fact], rank: Ranker, exclude: Fact | None, context: str = ""
    ) -> Fact | None:
        """The dated fact a part of the question names ("lễ khai giảng", "chuyên đề đầu tiên"); a
        short part ("của xã") borrows the other part's words ("hạn báo cáo của trường")."""
        pool = [f for f in candidates if f is not exclude]
        named = _named_day(text)
        if named:  # "chuyên đề ngày 7/10": the fact dated that day, whatever else the words match
            pool = [f for f in pool if any((d.day, d.month) == named for d in f.dates)] or pool
        if "chuyen de" in f"{text} {context}" and (_FIRST.search(text) or _LAST.search(text)):
            sessions = sorted((f for f in candidates if f.kind == "session" and f.dates), key=lambda f: f.dates[0])
            if sessions:
                return sessions[0] if _FIRST.search(text) else sessions[-1]
        found = rank(f"{text} {context}" if len(text.split()) < 3 else text, pool)
        return found[0] if found else None

    def _weekday(
        self, folded: str, plan_ids: list[str], rank: Ranker, prior: Sequence[Fact], today: dt.date
    ) -> Reasoned | None:
        question = _WEEKDAY.sub(" ", folded)
        named = _NAMED_DATE.search(question)
        if named:  # "ngày 6/10/2025 là thứ mấy": that day, with what the plans hold on it
            return self._weekday_of(named, question, plan_ids, rank, today)
        refers_back = re.search(r"\b(?:ngay|hom|hom|buoi|le) (?:do|ay|day)\b", folded) or not question.strip()
        for fact in [*(prior if refers_back else ()), *rank(question, None)]:
            day = _date_for(fact, question)
            if day is not None and fact.plan_id in plan_ids:
                text = texts.WEEKDAY_LINE.format(date=vn_date(day), weekday=WEEKDAY_NAMES[day.weekday()])
                return Reasoned(f"{text}\n{fact.answer}", [fact.plan_id], fact.kind, [fact])
        return None

    def _weekday_of(
        self, named: re.Match[str], question: str, plan_ids: list[str], rank: Ranker, today: dt.date
    ) -> Reasoned | None:
        years = {self.plans[pid].year for pid in plan_ids}
        year = int(named.group(3)) if named.group(3) else (years.pop() if len(years) == 1 else today.year)
        try:
            day = dt.date(year, int(named.group(2)), int(named.group(1)))
        except ValueError:
            return None
        text = texts.WEEKDAY_LINE.format(date=vn_date(day), weekday=WEEKDAY_NAMES[day.weekday()])
        on_day = [f for f in rank(question, None) if f.plan_id in plan_ids and day in f.dates][:2]
        lines = [text, *(f.answer for f in on_day)]
        return Reasoned("\n".join(lines), [f.plan_id for f in on_day], on_day[0].kind if on_day else "weekday", on_day)

    def _verify_part(self, folded: str, claimed: re.Match[str], plan_ids: list[str], rank: Ranker) -> Reasoned | None:
        """'… tổ chức buổi sáng phải không': the stated time checked against the part of the day."""
        question = _CLAIM_PART.sub(" ", folded)
        for fact in rank(question, None):
            if fact.plan_id not in plan_ids or not fact.has_time:
                continue
            hour = _hour(fact)
            if hour is None:
                continue
            low, high = _PARTS_OF_DAY[claimed.group(1)]
            actual = next(name for name, (a, b) in _PARTS_OF_DAY.items() if a <= hour < b)
            if low <= hour < high:
                return Reasoned(f"{texts.VERIFY_YES} {fact.answer}", [fact.plan_id], fact.kind, [fact])
            text = texts.VERIFY_PART_NO.format(part=_PART_NAMES[actual], fact=fact.answer)
            return Reasoned(text, [fact.plan_id], fact.kind, [fact])
        return None

    def _includes(self, folded: str, plan_ids: list[str], rank: Ranker) -> Reasoned | None:
        """'tuần lễ có tính cả ngày 7/10 không': whether the day falls within the span a fact states."""
        claimed = _DAY.search(folded)
        if not claimed:
            return None
        question = _DAY.sub(" ", _INCLUDES.sub(" ", folded))
        for fact in rank(question, None):
            span = _range(fact)
            if fact.plan_id not in plan_ids or span is None:
                continue
            start, end = span
            try:
                day = dt.date(int(claimed.group(3) or start.year), int(claimed.group(2)), int(claimed.group(1)))
            except ValueError:
                return None
            verdict = texts.INCLUDED_YES if start <= day <= end else texts.INCLUDED_NO
            text = verdict.format(day=vn_date(day), start=vn_date(start), end=vn_date(end)) + f"\n{fact.answer}"
            return Reasoned(text, [fact.plan_id], fact.kind, [fact])
        return None

    def _before_or_after(
        self, folded: str, plan_ids: list[str], rank: Ranker, dated: Callable[[str], list[Fact]]
    ) -> Reasoned | None:
        """'A diễn ra trước hay sau B': the dated fact each side names, in one plan, and which comes first."""
        split = _BEFORE_OR_AFTER.search(folded)
        if split is None:
            return None
        pool = dated(plan_ids[0])
        found: list[Fact] = []
        for part in (folded[: split.start()], folded[split.end() :]):
            words = _PART_FILLERS.sub(" ", part).split()
            best = next((f for f in rank(" ".join(words), pool) if f not in found and _date_for(f, part)), None)
            if not words or best is None:
                return None
            found.append(best)
        day_a, day_b = (_date_for(f, folded) for f in found)
        if day_a is None or day_b is None:
            return None
        if day_a == day_b:
            head = texts.SAME_DAY_BOTH.format(day_a=vn_date(day_a))
        else:
            head = texts.BEFORE_AFTER_LINE.format(
                relation=texts.BEFORE if day_a < day_b else texts.AFTER,
                day_a=vn_date(day_a),
                day_b=vn_date(day_b),
                days=abs((day_b - day_a).days),
            )
        return Reasoned("\n".join([head, *(f"• {f.answer}" for f in found)]), plan_ids, found[0].kind, found)

    def _which_first(
        self,
        folded: str,
        plan_ids: list[str],
        rank: Ranker,
        dated: Callable[[str], list[Fact]],
        own: dict[str, str],
    ) -> Reasoned | None:
        """'A và B, nơi nào khai mạc sớm hơn': the same dated thing in both plans, the dates compared."""
        earlier, later = _WHICH_EARLIER.search(folded), _WHICH_LATER.search(folded)
        if not (earlier or later):
            return None
        subject = _WHICH.sub(" ", _WHICH_LATER.sub(" ", _WHICH_EARLIER.sub(" ", folded)))
        subject = re.sub(r"\b(?:va|voi|hay|hon|thi|la|cua)\b", " ", subject)
        found = _same_in_each(plan_ids, subject, _WHICH, rank, dated, own)
        if found is None:
            return None
        maybe = [_date_for(f, subject) for f in found]
        days = [d for d in maybe if d is not None]
        if len(days) != 2:
            return None
        if days[0].year != days[1].year:
            return self._earlier_in_year(days, found, bool(earlier))
        pairs = sorted(zip(days, found, strict=True), key=lambda p: p[0])
        lines = [self._placed(f) for _, f in pairs]
        if days[0] == days[1]:
            head = texts.SAME_DAY_LINE.format(day=vn_date(days[0]))
        else:
            (day_a, first), (day_b, second) = pairs
            pick, other = (first, second) if earlier else (second, first)
            template = texts.EARLIER_LINE if earlier else texts.LATER_LINE
            head = template.format(
                place=self.plans[pick.plan_id].locality.full_name,
                other=self.plans[other.plan_id].locality.full_name,
                days=(day_b - day_a).days,
            )
        return Reasoned("\n".join([head, *lines]), list(plan_ids), found[0].kind, found)

    def _week_span(self, plan_id: str) -> tuple[Fact, dt.date, dt.date] | None:
        weeks = [(f, _range(f)) for f in self.facts_of(plan_id, "period")]
        return next(((f, span[0], span[1]) for f, span in weeks if span), None)

    def _same_week(self, plan_ids: list[str]) -> Reasoned | None:
        """'tuần lễ ở A và B có trùng ngày không': the two weeks' spans compared."""
        spans = [self._week_span(pid) for pid in plan_ids]
        if any(s is None for s in spans):
            return None
        found = [s for s in spans if s is not None]
        facts = [f for f, _, _ in found]
        if len({(a, b) for _, a, b in found}) == 1:
            _, start, end = found[0]
            places = " và ".join(self.plans[pid].locality.full_name for pid in plan_ids)
            head = texts.SAME_WEEK_YES.format(places=places, start=vn_date(start), end=vn_date(end))
            return Reasoned(head, list(plan_ids), "period", facts)
        lines = [texts.SAME_WEEK_NO, *(self._placed(f) for f in facts)]
        return Reasoned("\n".join(lines), list(plan_ids), "period", facts)

    def _week_in_month(self, plan_id: str, month: int) -> Reasoned | None:
        """'tuần lễ có tổ chức vào tháng 11 không': the week's month against the one claimed."""
        span = self._week_span(plan_id)
        if span is None or not 1 <= month <= 12:
            return None
        fact, start, end = span
        place = self.plans[plan_id].locality.full_name
        days = dict(start=vn_date(start), end=vn_date(end), place=place)
        if month in (start.month, end.month):
            head = texts.IN_MONTH_YES.format(month=month, **days)
        else:
            head = texts.IN_MONTH_NO.format(actual=start.month, **days)
        return Reasoned(f"{head}\n{fact.answer}", [plan_id], "period", [fact])

    def _day_part(self, folded: str, plan_id: str, rank: Ranker) -> Reasoned | None:
        """'lễ khai giảng buổi sáng hay buổi chiều': the part of the day of the hour the best fact states."""
        subject = _DAY_PART.sub(" ", folded)
        for fact in rank(subject, self.facts_in(plan_id))[:1]:  # the thing asked about, not a neighbour
            hour = _CLAIM_TIME.search(_fold_digits(fact.answer))
            if hour is None:
                continue
            value = int(hour.group(1))
            part = "sang" if value < 11 else "trua" if value < 13 else "chieu" if value < 18 else "toi"
            time = f"{value}h{hour.group(2) or ''}"
            head = texts.DAY_PART_LINE.format(part=texts.DAY_PARTS[part], time=time)
            return Reasoned(f"{head}\n{fact.answer}", [plan_id], fact.kind, [fact])
        return None

    def _today_is(self, folded: str, plan_id: str, today: dt.date) -> Reasoned | None:
        """'hôm nay là ngày cuối của tuần lễ phải không': today against the week's first or last day."""
        weeks = [f for f in self.facts_of(plan_id, "period") if _range(f)]
        if not weeks:
            return None
        week = weeks[0]
        start, end = _range(week) or (today, today)
        last = bool(_TODAY_IS_LAST.search(folded))
        day, point = (end, texts.WEEK_LAST_DAY) if last else (start, texts.WEEK_FIRST_DAY)
        place = self.plans[plan_id].locality.full_name
        if day == today:
            head = texts.TODAY_IS_YES.format(today=vn_date(today), point=point, place=place)
        else:
            head = texts.TODAY_IS_NO.format(today=vn_date(today), point=point, place=place, day=vn_date(day))
        return Reasoned(f"{head}\n{week.answer}", [plan_id], week.kind, [week])

    def _earlier_in_year(self, days: list[dt.date], found: list[Fact], earlier: bool) -> Reasoned:
        """Two plans of different years compared by the day within the year ('An Lão 2023 và Đức Trọng
        2021, nơi nào bắt đầu sớm hơn trong tháng 10'): 731 days between them answers nothing."""
        pairs = sorted(zip(days, found, strict=True), key=lambda p: (p[0].month, p[0].day))
        lines = [self._placed(f) for _, f in pairs]
        (day_a, first), (day_b, second) = pairs
        if (day_a.month, day_a.day) == (day_b.month, day_b.day):
            head = texts.SAME_DAY_IN_YEAR_LINE.format(day=f"{day_a.day:02d}/{day_a.month:02d}")
        else:
            pick, other = (pairs[0], pairs[1]) if earlier else (pairs[1], pairs[0])
            template = texts.EARLIER_IN_YEAR_LINE if earlier else texts.LATER_IN_YEAR_LINE
            head = template.format(
                place=self.plans[pick[1].plan_id].locality.full_name,
                other=self.plans[other[1].plan_id].locality.full_name,
                day=vn_date(pick[0]),
                other_day=vn_date(other[0]),
            )
        return Reasoned("\n".join([head, *lines]), [f.plan_id for _, f in pairs], first.kind, [first, second])

    def _verify(self, folded: str, plan_ids: list[str], rank: Ranker, yes_no: bool = False) -> Reasoned | None:
        """'… ngày 8/10 đúng không', '… lúc 8 giờ phải không': the stated date or time checked;
        `yes_no`: asked 'có … không', answered 'Có' / 'Không' rather than 'Đúng' / 'Không đúng'."""
        claimed_days = [(int(m.group(1)), int(m.group(2))) for m in _DAY.finditer(folded)]
        claimed_time = None if claimed_days else _CLAIM_TIME.search(folded)
        if not claimed_days and not claimed_time:
            return None
        question = re.sub(_DAY.pattern + "|" + _CLAIM_TIME.pattern, " ", folded)
        for fact in rank(question, None):
            if fact.plan_id not in plan_ids:
                continue
            if claimed_time:
                if not fact.has_time:
                    continue
                stated = _CLAIM_TIME.search(_fold_digits(fact.answer))
                if stated is None:
                    continue
                same = (int(stated.group(1)), int(stated.group(2) or 0)) == (
                    int(claimed_time.group(1)),
                    int(claimed_time.group(2) or 0),
                )
            else:
                if (
                    yes_no
                    and _range(fact)
                    and not (_LAST.search(folded) or _UNTIL_DAY.search(folded) or _FROM_DAY.search(folded))
                ):
                    return None  # "có diễn ra ngày 5/10 không": a day inside a span, which _includes answers
                day = _date_for(fact, folded)
                if day is None:
                    continue
                same = (day.day, day.month) in claimed_days
            if yes_no:
                verdict = texts.YES_LEAD if same else texts.VERIFY_HAS_NO
            else:
                verdict = texts.VERIFY_YES if same else texts.VERIFY_NO
            return Reasoned(f"{verdict} {fact.answer}", [fact.plan_id], fact.kind, [fact])
        return None


def _general(tail: str) -> bool:
    """Whether the word after a counted noun leaves it general (none, or one of _ITEMS_TAIL)."""
    words = tail.split()
    return not words or words[0] in _ITEMS_TAIL or words[0].isdigit()


def _section_title(plan: Plan, facts: Sequence[Fact]) -> str:
    """The heading of a plan's activities section: the topic its lead-in (or first item) carries."""
    for st in plan.activities:
        if st.topic:
            return st.topic[:1].upper() + st.topic[1:]
    return "Các hoạt động"


def _short(text: str, limit: int = 140) -> str:
    """The first sentence of a text, cut at a word before `limit` characters."""
    first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _difference_line(day_a: dt.date, day_b: dt.date) -> str:
    earlier, later = sorted((day_a, day_b))
    return texts.DIFFERENCE_LINE.format(days=abs((day_b - day_a).days), earlier=vn_date(earlier), later=vn_date(later))


def _same_in_each(
    plan_ids: list[str],
    subject: str,
    noise: re.Pattern[str],
    rank: Ranker,
    dated: Callable[[str], list[Fact]],
    own: dict[str, str],
) -> list[Fact] | None:
    """The dated fact each plan states for the subject, found by the plan's own part of the question
    (`noise` taken out) when it has one, else by the subject; None unless every plan has one and all
    are of one kind (the same thing in each plan)."""
    found: list[Fact] = []
    for plan_id in plan_ids:
        pool = dated(plan_id)
        part = own.get(plan_id)
        best = (rank(noise.sub(" ", part), pool) if part else []) or rank(subject, pool)
        if not best:
            return None
        found.append(best[0])
    if any(f.kind != found[0].kind for f in found):
        return None
    return found


_SESSION_NOISE = re.compile(
    r"\b(?:chuyen de|buoi|ngay|hom|bao nhieu|may|hoc vien|nguoi|luot|tham gia|thi|la|co|ve|cua|o|tai)\b"
)


def _session_words(part: str) -> str:
    return _SESSION_NOISE.sub(" ", _DAY.sub(" day ", part)).strip()


def _session_named(
    part: str, pairs: list[tuple[SpecialSession, Fact]], exclude: tuple[SpecialSession, Fact] | None
) -> tuple[SpecialSession, Fact] | None:
    """The session a part of the question names: by its day ("ngày 03/10"), else by the most
    words of its topic ("chuyên đề AI"); None when no session stands out."""
    pool = [p for p in pairs if p is not exclude]
    by_date = sorted((p for p in pairs if p[1].dates), key=lambda p: p[1].dates[0])
    nth = _NTH_OF_LISTED.search(part)
    if by_date and (_ORDINAL_FIRST.search(part) or _ORDINAL_LAST.search(part) or nth):
        # "chuyên đề cuối cùng có ít hơn chuyên đề đầu tiên …": a session named by its place in time
        number = _NUMBER_WORDS[nth.group(1)] if nth else 1
        if number > len(by_date):
            return None
        chosen = by_date[-1] if _ORDINAL_LAST.search(part) and not nth else by_date[number - 1]
        return chosen if chosen is not exclude else None
    day = re.search(r"\b(\d{1,2})/(\d{1,2})\b", part)
    if day:
        wanted = (int(day.group(1)), int(day.group(2)))
        on_day = [p for p in pool if p[1].dates and (p[1].dates[0].day, p[1].dates[0].month) == wanted]
        return on_day[0] if len(on_day) == 1 else None
    words = set(_session_words(part).split())
    if not words:
        return None
    scored = sorted(((len(words & set(p[1].seq)), i) for i, p in enumerate(pool)), reverse=True)
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return pool[scored[0][1]]


_NOUN_ENDS = frozenset("trong de cho o cua duoc la va voi ma nhu thi hoc kem".split())


@lru_cache(maxsize=16384)
def _folded_sentence(text: str) -> str:
    """A sentence as `_listed_after` reads it: NFC, lower case, without diacritics (plans repeat their
    template's sentences, so each is folded once)."""
    return strip_diacritics(unicodedata.normalize("NFC", text).lower())


def _listed_after(text: str, noun: str) -> tuple[str, list[str], bool] | None:
    """The items listed right after `noun` (folded words) in a sentence: "(A, B, C…)" or
    "như: A, B, C", as written; and whether the list ends in "…" (the plan's "and so on")."""
    text = unicodedata.normalize("NFC", text)
    folded = strip_diacritics(text.lower())
    if len(folded) != len(text):
        return None
    at = re.search(rf"\b{re.escape(noun)}\b", folded)
    if not at:
        return None
    tail = text[at.end() :]
    listed = re.match(r"[^(:.;]{0,40}?\(([^()]+)\)", tail) or re.match(
        r"[^(:.;]{0,40}?(?:như|gồm|là)?\s*:\s*([^.;]+)", tail
    )
    if not listed:
        return None
    body = listed.group(1).strip()
    after = tail[listed.end(1) :].lstrip()
    goes_on = bool(re.search(r"(?:…|\.\.\.|v\.v\.?)\s*$", body)) or after.startswith(("...", "…"))
    body = re.sub(r"(?:…|\.\.\.|v\.v\.?)\s*$", "", body)
    items = [i.strip() for i in re.split(r"[,;]", body) if i.strip()]
    written = re.sub(r"\s*(?:\(|:)?\s*$", "", text[at.start() : at.end()] + tail[: listed.start(1)])
    written = re.sub(r"\s+(?:như|gồm|là)$", "", written)
    return (written, items, goes_on) if len(items) >= 2 else None


def _hour(fact: Fact) -> int | None:
    stated = _CLAIM_TIME.search(_fold_digits(fact.answer))
    return int(stated.group(1)) if stated else None


def _range(fact: Fact) -> tuple[dt.date, dt.date] | None:
    """The span a fact states: the period's start and end, or 'từ ngày … đến (hết) ngày …' in its text."""
    if fact.event_start and fact.event_end:
        return fact.event_start, fact.event_end
    match = _RANGE.search(fact.answer)
    if not match:
        return None
    try:
        start, end = (dt.datetime.strptime(g, "%d/%m/%Y").date() for g in match.groups())
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _sessions_on_named_days(folded: str, pairs: list[tuple[SpecialSession, Fact]]) -> list[tuple[SpecialSession, Fact]]:
    """The sessions held on the days the question names ('ngày 3/10 và 5/10'), when it names two
    or more and every one of them is a session's day; otherwise none (the question is about all)."""
    days = {(int(m.group(1)), int(m.group(2))) for m in _DAY.finditer(folded)}
    chosen = [(s, f) for s, f in pairs if (s.date.day, s.date.month) in days]
    if len(days) < 2 or {(s.date.day, s.date.month) for s, _ in chosen} != days:
        return []
    return chosen


def _named_day(text: str) -> tuple[int, int] | None:
    """(day, month) of the one "d/m" a part of a question names, if it names one."""
    days = re.findall(r"\b(\d{1,2})/(\d{1,2})\b", text)
    return (int(days[0][0]), int(days[0][1])) if len(days) == 1 else None


def _date_for(fact: Fact, text: str) -> dt.date | None:
    """The date of a fact that a question part means: its end for "kết thúc", else its deadline or start."""
    named = _named_day(text)
    on_day = [d for d in fact.dates if (d.day, d.month) == named] if named else []
    if on_day:
        return on_day[0]
    span = _range(fact)
    if span and (_LAST.search(text) or _UNTIL_DAY.search(text)):
        return span[1]
    if fact.deadline:
        return fact.deadline
    if span:
        return span[0]
    if fact.event_start:
        return fact.event_start
    return fact.dates[0] if fact.dates else None


def _fold_digits(text: str) -> str:
    return text.lower().replace("giờ", "gio")


__all__ = ["Reasoned", "Reasoner"]
