"""Which plans to offer a user, at any catalogue size.

Five plans fit in one message and one column of buttons; a province's thousand do not (a message
holds 4,096 characters and a keyboard a few dozen buttons that anyone would read). So every place
that names the catalogue to a user — the greeting, the locality buttons, "mình chưa có kế hoạch
của …" — goes through here: the whole list while it is short, else a count by province and a
search by the name the user types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot import messages
from bot.kb.schema import Plan
from bot.qa.facts import plan_label
from bot.qa.scope import ScopeFinder
from bot.text import tokens

MAX_LISTED = 10  # plans named one by one (and offered as buttons) before counting instead
MAX_PROVINCES = 8  # provinces named in a count before "và N tỉnh, thành khác"


def short_enough(order: Sequence[str]) -> bool:
    return len(order) <= MAX_LISTED


def holdings(plans: dict[str, Plan], order: Sequence[str]) -> str:
    """'Hiện mình có kế hoạch của: …' — every plan while few, else a count by province."""
    if short_enough(order):
        return messages.ANSWER_HOLDINGS.format(plans="; ".join(plan_label(plans[i]) for i in order))
    return messages.ANSWER_HOLDINGS_COUNTED.format(count=len(order), provinces=_provinces(plans, order))


def catalogue_lines(plans: dict[str, Plan], order: Sequence[str]) -> list[str]:
    """The greeting's list: one line per plan while few, else one line with the count by province."""
    if short_enough(order):
        return [plan_label(plans[i]) for i in order]
    return [messages.CATALOGUE_COUNTED.format(count=len(order), provinces=_provinces(plans, order))]


def matching(
    plans: dict[str, Plan], finder: ScopeFinder, order: Sequence[str], typed: str, today_year: int
) -> list[str]:
    """Plan ids whose locality the typed text names (typos allowed), newest first; all plans when
    nothing is typed."""
    if not typed.strip():
        return list(order)
    scope = finder.find(tokens(typed), today_year, None, original=typed)
    if scope.localities:
        named = set(scope.localities)
        return [i for i in order if i in named]
    # a part of a name ("An Hải" for "An Hải 158"), or a province: the names that hold it as whole words
    wanted = f" {' '.join(tokens(typed))} "
    return [i for i in order if wanted in _searchable(plans[i])]


def _searchable(plan: Plan) -> str:
    loc = plan.locality
    return f" {' '.join(tokens(f'{loc.level} {loc.name} {loc.province}'))} "


def prompt(
    plans: dict[str, Plan], finder: ScopeFinder, order: Sequence[str], typed: str, today_year: int
) -> tuple[str, list[str]]:
    """What /diaphuong [name] says and which plans it offers as buttons (at most MAX_LISTED)."""
    ids = matching(plans, finder, order, typed, today_year)
    shown = ids[:MAX_LISTED]
    if not typed.strip():
        if short_enough(order):
            return messages.CHOOSE_LOCALITY, shown
        return messages.CHOOSE_LOCALITY_TYPE_NAME.format(count=len(order), example=example(plans, order)), []
    if not ids:
        return messages.CHOOSE_LOCALITY_NOT_FOUND.format(typed=typed.strip()[:60]), []
    if len(ids) > len(shown):
        return messages.CHOOSE_LOCALITY_MANY.format(count=len(ids), typed=typed.strip()[:60], shown=len(shown)), shown
    return messages.CHOOSE_LOCALITY, shown


def example(plans: dict[str, Plan], order: Sequence[str]) -> str:
    """A locality name to show how /diaphuong is typed (the newest plan's)."""
    return plans[order[0]].locality.name if order else "Nam Triệu"


def _provinces(plans: dict[str, Plan], order: Sequence[str]) -> str:
    counts = Counter(plans[i].locality.province for i in order)
    named = [f"{province} ({n})" for province, n in counts.most_common(MAX_PROVINCES)]
    rest = len(counts) - len(named)
    text = ", ".join(named)
    return text + (messages.MORE_PROVINCES.format(count=rest) if rest > 0 else "")
