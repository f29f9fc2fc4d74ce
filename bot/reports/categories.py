"""Which kind of unit is reporting: the category that decides which report questions it is asked.

A form section or indicator may say `applies_to: [school, commune, ...]` (bot/reports/form.py).
A unit of the roster has a `kind`: the plan's unit id of the group it belongs to (`cac-truong`,
`ubnd-cac-xa`, ...). Its categories come from that plan unit, by this rule:

1. The plan unit's `category`, when the plan sets one, is used as is (an explicit override for
   a name the rule below reads wrongly, e.g. a commune office that compiles the commune's report).
2. Otherwise the plan unit's name (else its id) is read: every category whose cue words it
   contains is a candidate ("Các cơ sở giáo dục, trung tâm HTCĐ" is both `school` and
   `learning_centre`). `agency` is a fallback: it counts only when no other category matched.
3. The roster unit's own name, read the same way, narrows a group of several categories
   ("Trường THCS huyện An Lão" in "Các cơ sở giáo dục (MN, TH, THCS…, Trung tâm GDNN-GDTX)"
   is a `school`); it never widens a group, and it alone decides when the kind is not a plan unit.
4. No category at all (a name with no cue word) means every question is asked: a question too
   many can be skipped, a question missing loses a figure.

Categories (`bot.kb.schema.UNIT_CATEGORIES`):
    school           trường mầm non, tiểu học, THCS, THPT, PTDTBT…, "các cơ sở giáo dục"
    learning_centre  Trung tâm học tập cộng đồng (TTHTCĐ)
    training_centre  Trung tâm GDNN-GDTX, giáo dục thường xuyên, dạy nghề
    commune          UBND xã, phường, thị trấn (the commune level: it reports the locality-wide figures)
    agency           other offices, associations, mass organisations, culture centres, district and
                     provincial bodies: they report what they did themselves
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.kb.schema import UNIT_CATEGORIES, Plan, UnitCategory
from bot.text import INSTITUTIONAL, words

Categories = frozenset[UnitCategory]

# Cue phrases, folded and with institutional abbreviations expanded, matched as whole words.
_CUES: dict[UnitCategory, tuple[str, ...]] = {
    "learning_centre": ("trung tam hoc tap cong dong",),
    "training_centre": (
        "giao duc nghe nghiep",
        "giao duc thuong xuyen",
        "day nghe",
        "dao tao nghe",
        "trung cap nghe",
        "cao dang nghe",
    ),
    "school": (
        "truong hoc",
        "nha truong",
        "cac truong",
        "don vi truong",
        "co so giao duc",
        "mam non",
        "mau giao",
        "nha tre",
        "tieu hoc",
        "trung hoc",
        "pho thong",
        "ptdtbt",
        "ptdtnt",
    ),
    "commune": (
        "uy ban nhan dan xa",
        "uy ban nhan dan phuong",
        "uy ban nhan dan thi tran",
        "uy ban nhan dan cac xa",
        "uy ban nhan dan cac phuong",
    ),
    "agency": (
        "phong",
        "ban",
        "hoi",
        "doan",
        "doan the",
        "mat tran",
        "dang uy",
        "dang bo",
        "nganh",
        "trung tam",
        "thon",
        "to dan pho",
        "so giao duc",
        "uy ban nhan dan",
        "cong an",
        "tram",
        "thu vien",
        "buu dien",
    ),
}
# "Trường ..." at the start of a name is a school; "môi trường", "thị trường", "hiệu trưởng" are not.
_SCHOOL_FIRST_WORD = "truong"
_PATTERNS: dict[UnitCategory, re.Pattern[str]] = {
    category: re.compile(r"(?:^| )(?:" + "|".join(re.escape(cue) for cue in cues) + r")(?= |$)")
    for category, cues in _CUES.items()
}


def _name_words(text: str) -> str:
    """Folded words of a name, institutional abbreviations expanded, also inside codes ("GDNN-GDTX")."""
    out: list[str] = []
    for word in words(text):
        expansion = INSTITUTIONAL.get(word)
        if expansion is None:
            parts = [p for p in re.split(r"[^a-z0-9]+", word) if p]
            expansion = " ".join(INSTITUTIONAL.get(p, p) for p in parts)
        out.extend(expansion.split())
    return " ".join(out)


@lru_cache(maxsize=4096)
def categories_of_name(name: str) -> Categories:
    """Every category whose cue words the name contains (`agency` only when no other matched)."""
    said = _name_words(name)
    found: set[UnitCategory] = {c for c in UNIT_CATEGORIES if c != "agency" and _PATTERNS[c].search(said)}
    if said.split(" ", 1)[0] == _SCHOOL_FIRST_WORD:
        found.add("school")
    if not found and _PATTERNS["agency"].search(said):
        found.add("agency")
    return frozenset(found)


def group_categories(plan: Plan, unit_kind: str | None) -> Categories:
    """Categories of the plan unit `unit_kind` (the override, else its name, else its id); empty if unknown."""
    unit = next((u for u in plan.units if u.id == unit_kind), None)
    if unit is None:
        return frozenset()
    if unit.category is not None:
        return frozenset({unit.category})
    return categories_of_name(unit.name) or categories_of_name(unit.id.replace("-", " "))


def unit_categories(plan: Plan, unit_kind: str | None, unit_name: str | None = None) -> Categories:
    """The categories of a roster unit (kind = plan unit id of its group); empty: ask every question."""
    group = group_categories(plan, unit_kind)
    unit = next((u for u in plan.units if u.id == unit_kind), None)
    if unit is not None and unit.category is not None:
        return group
    own = categories_of_name(unit_name) if unit_name else frozenset()
    if group and own:
        return (group & own) or group
    return group or own


__all__ = ["Categories", "categories_of_name", "group_categories", "unit_categories"]
