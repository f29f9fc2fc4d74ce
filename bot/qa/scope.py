"""Which plans a question is about: named localities, years, provinces, units."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.kb.schema import Plan
from bot.qa.lexicon import GAZETTEER
from bot.text import sound_key, tokens

_LEVEL_WORDS = ("xa", "phuong", "huyen", "thi tran", "quan", "thi xa", "tinh", "thanh pho", "tp", "p", "x", "h")


@dataclass
class Scope:
    plan_ids: list[str]
    localities: list[str] = field(default_factory=list)  # plan ids named by locality
    years: list[int] = field(default_factory=list)
    unknown_place: str | None = None  # a place we hold no plan for
    spans: list[tuple[int, int]] = field(default_factory=list)  # token spans used by place names
    other_year: int | None = None  # "năm nay" answered from the chosen plan, which is of this other year


class _Heads:
    """The first words of a set of folded names, and the starts of the names written as one word."""

    def __init__(self, names: dict[str, set[str]]):
        self.first = {name.split()[0] for name in names if name}
        self.solid = sorted(name for name in names if " " not in name)

    def may_start(self, word: str) -> bool:
        """Whether a window of words starting with this one can be a name."""
        if word in self.first:
            return True
        at = bisect_left(self.solid, word)
        return at < len(self.solid) and self.solid[at].startswith(word)


def _variants(plan: Plan) -> set[str]:
    names = {plan.locality.name, *plan.locality.aliases}
    out: set[str] = set()
    for name in names:
        folded = " ".join(tokens(name, abbreviations=False))
        out.add(folded)
        out.add(folded.replace(" ", ""))
        for level in _LEVEL_WORDS:
            if folded.startswith(level + " "):
                out.add(folded[len(level) + 1 :])
    return {v for v in out if v}


class ScopeFinder:
    """Names looked up by dictionary (whole windows of the question's words); names with a typo
    through an index keyed by the names' words, so a question never scans every name."""

    def __init__(self, plans: list[Plan]):
        self.plans = plans
        self.by_id = {p.id: p for p in plans}
        self.all_ids = [p.id for p in plans]
        self.order = {plan_id: i for i, plan_id in enumerate(self.all_ids)}
        self.by_year: dict[int, list[str]] = {}
        for plan in plans:
            self.by_year.setdefault(plan.year, []).append(plan.id)
        self.locality_names: dict[str, set[str]] = {}  # folded name -> plan ids
        for plan in plans:
            for name in _variants(plan):
                self.locality_names.setdefault(name, set()).add(plan.id)
        self.provinces: dict[str, set[str]] = {}
        for plan in plans:
            self.provinces.setdefault(" ".join(tokens(plan.locality.province, abbreviations=False)), set()).add(plan.id)
        self.longest = {
            id(names): max((len(name.split()) for name in names), default=1)
            for names in (self.locality_names, self.provinces)
        }
        # the words a name can start with: its first word, or a start of a name written as one word
        # ("damri" is "dam ri" typed apart); a question's other words start no window worth looking up
        self.heads = {id(names): _Heads(names) for names in (self.locality_names, self.provinces)}
        # names of two words or more, by each of their words: the candidates for a window with a typo
        self.fuzzy_by_word: dict[str, list[str]] = {}
        # and by how they sound, for the letters people confuse ("Đức Chọng", "An Não"): see sound_key
        self.by_sound: dict[str, set[str]] = {}
        for name, ids in self.locality_names.items():
            if " " in name:
                for word in set(name.split()):
                    self.fuzzy_by_word.setdefault(word, []).append(name)
                self.by_sound.setdefault(sound_key(name), set()).update(ids)

    def find(self, question_tokens: list[str], today_year: int, context_plan: str | None, original: str = "") -> Scope:
        text = " ".join(question_tokens)
        named, province_named, spans = self._names(question_tokens)
        named = list(dict.fromkeys(named))

        explicit = _years(text)
        years = list(explicit)
        this_year = bool(re.search(r"\bnam nay\b", text))
        if this_year and today_year not in years:
            years.append(today_year)

        province_ids = set(province_named)
        unknown_place = None
        if not named and not province_ids:
            unknown_place = self._unknown_place(text, original)

        other_year = None
        if named:
            ids = named
        elif province_ids:
            ids = sorted(province_ids)
        elif context_plan in self.by_id and (not explicit or self.by_id[context_plan].year in explicit):
            # the chosen locality answers "năm nay" too, saying so when its plan is of another year
            context_year = self.by_id[context_plan].year
            if this_year and context_year != today_year and not explicit:
                other_year = context_year
            return Scope([context_plan], years=years, unknown_place=unknown_place, spans=spans, other_year=other_year)
        elif years:
            ids = sorted((i for year in set(years) for i in self.by_year.get(year, ())), key=self.order.__getitem__)
        else:
            ids = self.all_ids
        if years and (named or province_ids):
            ids = [i for i in ids if self.by_id[i].year in years]
        return Scope(
            plan_ids=ids,
            localities=named,
            years=years,
            unknown_place=unknown_place,
            spans=spans,
        )

    def name_spans(self, question_tokens: list[str]) -> list[tuple[int, int]]:
        """The token spans of the localities and provinces named (`Scope.spans` of `find`)."""
        return self._names(question_tokens)[2]

    def _names(self, question_tokens: list[str]) -> tuple[list[str], list[str], list[tuple[int, int]]]:
        """The plans of the localities named, those of the provinces named, and the spans of both."""
        named, spans = self._spans(question_tokens, self.locality_names, fuzzy=True, taken=[])
        province_named, province_spans = self._spans(question_tokens, self.provinces, fuzzy=False, taken=spans)
        return named, province_named, spans + province_spans

    def _spans(
        self, words: list[str], names: dict[str, set[str]], fuzzy: bool, taken: list[tuple[int, int]]
    ) -> tuple[list[str], list[tuple[int, int]]]:
        """Longest-first scan for known names (exact first, then with typos on what is left);
        returns plan ids and the token spans they occupy."""
        blocked = [False] * len(words)
        for a, b in taken:
            blocked[a:b] = [True] * (b - a)
        longest = self.longest[id(names)]
        heads = self.heads[id(names)]
        hits: dict[int, tuple[int, set[str]]] = {}
        passes = (False, True) if fuzzy else (False,)
        for typo_pass in passes:
            # a window with a typo is compared only with names sharing one of its words (a word already
            # taken by a name found is in no window compared: those are skipped)
            indexed = [w in self.fuzzy_by_word and not blocked[j] for j, w in enumerate(words)] if typo_pass else []
            if typo_pass and not any(indexed):
                continue
            # the next indexed word from each word on: a window from i holds one if it is within reach
            following = _next_true(indexed) if typo_pass else []
            i = 0
            while i < len(words):
                if blocked[i] or (following[i] > i + longest if typo_pass else not heads.may_start(words[i])):
                    i += 1
                    continue
                hit = None
                for size in range(min(longest + 1, len(words) - i), 0, -1):
                    if any(blocked[i : i + size]):
                        continue
                    window = words[i : i + size]
                    if typo_pass:
                        joined = " ".join(window)
                        ids = self.by_sound.get(sound_key(joined)) if size >= 2 else None
                        if not ids and size >= 2 and len(joined) >= 7:
                            ids = self._fuzzy_locality(window, joined)
                    else:
                        ids = names.get(" ".join(window)) or names.get("".join(window))
                    if ids:
                        hit = (size, ids)
                        break
                if hit:
                    hits[i] = hit
                    blocked[i : i + hit[0]] = [True] * hit[0]
                    i += hit[0]
                else:
                    i += 1
        found = [pid for i in sorted(hits) for pid in sorted(hits[i][1])]
        spans = [(i, i + hits[i][0]) for i in sorted(hits)]
        return found, spans

    def _fuzzy_locality(self, window: list[str], candidate: str) -> set[str] | None:
        """A locality name with a typo ("nam triu", "duc trog"), at least 88% similar; only names
        sharing a word with the window (and of about its length) are compared."""
        choices = {
            name for word in window for name in self.fuzzy_by_word.get(word, ()) if abs(len(name) - len(candidate)) <= 2
        }
        if not choices:
            return None
        match = process.extractOne(candidate, choices, scorer=fuzz.ratio, score_cutoff=88)
        if match is None or abs(len(match[0]) - len(candidate)) > 2:
            return None
        return self.locality_names[match[0]]

    def _unknown_place(self, text: str, original: str) -> str | None:
        known = _GAZETTEER.search(text)
        if known:
            return _as_typed(known.group(0), original)
        # A capitalised name after a level word: "xã Tân Lập", "huyện Mê Linh".
        match = _NAMED_PLACE.search(original)
        if match:
            name = " ".join(tokens(match.group(2), abbreviations=False))
            if name and name not in self.locality_names and name.replace(" ", "") not in self.locality_names:
                return f"{match.group(1)} {match.group(2).strip()}"
        return None


def _next_true(flags: list[bool]) -> list[int]:
    """For each position, the first position at or after it whose flag is set (len(flags) if none)."""
    out = [0] * len(flags)
    upcoming = len(flags)
    for i in range(len(flags) - 1, -1, -1):
        if flags[i]:
            upcoming = i
        out[i] = upcoming
    return out


def _as_typed(folded_place: str, original: str) -> str:
    """The place as the user wrote it ("Hà Nội"), found by folding runs of their words."""
    found = re.findall(r"\w+", original)
    size = len(folded_place.split())
    for i in range(len(found) - size + 1):
        window = found[i : i + size]
        if " ".join(tokens(" ".join(window), abbreviations=False)) == folded_place:
            return " ".join(window)
    return folded_place.title()


# the provinces and cities of the gazetteer, longest name first
_GAZETTEER = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(GAZETTEER, key=len, reverse=True)) + r")\b")
_NAMED_PLACE = re.compile(
    r"\b(xã|phường|huyện|thị trấn|quận|tỉnh|thành phố|TP\.?)\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\wÀ-ỹ]*\s?){1,3})"
)


def _years(text: str) -> list[int]:
    """Years named on their own (not inside a date like 6/10/2025 or a range like 2021-2030)."""
    found: set[int] = set()
    for match in re.finditer(r"(?<![\d/.\-])(20\d\d)(?![\d/.\-])", text):
        found.add(int(match.group(1)))
    return sorted(found)
