"""The searchable form of the plans: facts, IDF weights and inverted indexes, built once.

Built for a province (a thousand plans) as well as for five: every fact has a global position,
each plan's facts are one contiguous range of positions, and a term's postings are one sorted
array of positions, so the facts of one plan that hold a term are a slice found by bisection
(no per-plan dictionaries). Plans copy much of their text from the same template, so sentences
are analysed once and the work per term is done once per distinct sentence, not per fact.
"""

from __future__ import annotations

import itertools
import json
import math
import pickle
import re
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from bot.cache import DiskCache, key_of
from bot.kb.loader import source_digest
from bot.kb.schema import Plan
from bot.qa.analyze import canonical, typed_nouns
from bot.qa.facts import Fact, build_facts
from bot.qa.lexicon import STOPWORDS
from bot.text import marked_words, tokens

_EMPTY: Sequence[int] = ()
#: a postings list: fact positions as 32-bit integers (half a list's pointers, and no int objects)
Positions = array


class Postings:
    """term -> sorted array of fact positions; a plan's slice is found by bisection."""

    __slots__ = ("_lists", "_unsorted")

    def __init__(self, lists: dict[str, Positions], merged: set[str]):
        """`merged`: the terms whose array was put together from several groups; each is sorted when
        first read (most terms are never asked for, so start-up does not sort them)."""
        self._lists = lists
        self._unsorted = merged

    def __getstate__(self) -> tuple[list[str], list[int], list[int], pickle.PickleBuffer, list[str]]:
        """Every distinct array in one buffer (terms sharing an array still share it): read back
        from one allocation, not from a bytes object per array that is then copied and freed
        (measured on 1,000 plans, read back: 248 -> 234 MB resident)."""
        slots: dict[int, int] = {}
        distinct: list[Positions] = []
        which: list[int] = []
        for found in self._lists.values():
            slot = slots.get(id(found))
            if slot is None:
                slot = slots[id(found)] = len(distinct)
                distinct.append(found)
            which.append(slot)
        joined = array("i")
        for found in distinct:
            joined.extend(found)
        sizes = [len(found) for found in distinct]
        return list(self._lists), which, sizes, pickle.PickleBuffer(joined), sorted(self._unsorted)

    def __setstate__(self, state: tuple[list[str], list[int], list[int], bytearray, list[str]]) -> None:
        terms, which, sizes, joined, unsorted = state
        view = memoryview(joined)
        distinct: list[Positions] = []
        at = 0
        for size in sizes:
            found = array("i")
            found.frombytes(view[at : at + size * found.itemsize])
            at += size * found.itemsize
            distinct.append(found)
        view.release()
        self._lists = {term: distinct[slot] for term, slot in zip(terms, which, strict=True)}
        self._unsorted = set(unsorted)

    def all(self, term: str) -> Sequence[int]:
        found = self._lists.get(term)
        if found is None:
            return _EMPTY
        if term in self._unsorted:
            found = self._lists[term] = array("i", sorted(found))
            self._unsorted.discard(term)
        return found

    def within(self, term: str, lo: int, hi: int) -> Sequence[int]:
        """Positions in [lo, hi) holding the term (one plan's facts)."""
        found = self.all(term)
        if not found:
            return _EMPTY
        start = bisect_left(found, lo)
        end = bisect_left(found, hi, start)
        return found[start:end]


INDEX_ENTRY = "index"


def stored_index(plans: list[Plan], cache: DiskCache | None) -> FactIndex:
    """The index of these plans: from the cache when it was built for the same plans (their
    validated content, in this order) by the same code, else built (and stored there)."""
    if cache is None:
        return FactIndex(plans)
    key = key_of(_content(plan) for plan in plans)
    index = cache.get(INDEX_ENTRY, key)
    if isinstance(index, FactIndex):
        return index
    index = FactIndex(plans)
    cache.put(INDEX_ENTRY, key, index)
    return index


def _content(plan: Plan) -> bytes:
    """What the plan is made of: the file it was read from (`source_digest`), else its validated
    content as JSON text (a quarter of a second for a thousand plans). Escaped to ASCII through
    `json`: serialising the plan's own strings to UTF-8 (`model_dump_json`, pickle) would keep a
    UTF-8 copy in every non-ASCII one (measured: 12 MB more for a thousand plans)."""
    digest = source_digest(plan)
    if digest is not None:
        return b"file " + digest.encode()
    return b"content " + json.dumps(plan.model_dump(mode="json"), ensure_ascii=True, sort_keys=True).encode()


class FactIndex:
    """Every fact of every plan, with what scoring needs: term weights, postings (direct and via
    neighbouring sentences), facts by kind and dated facts. Picklable (`stored_index`): what is
    keyed by id() is made again when read back."""

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        del state["_by_id"]
        state["_plan_texts"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._by_id = {id(f): f for f in self.facts}

    def __init__(self, plans: list[Plan]):
        # each plan's organisations as folded phrases ("hoi khuyen hoc", "phong gddt"), to spot them in questions
        self.unit_phrases: dict[str, tuple[str, ...]] = {plan.id: _unit_phrases(plan) for plan in plans}
        # (plan id, unit id) -> the ways a question names that unit as the one acting
        self.unit_keys: dict[tuple[str, str], frozenset[str]] = {
            (plan.id, unit.id): _unit_keys(plan, unit.name, unit.aliases) for plan in plans for unit in plan.units
        }
        self.facts: list[Fact] = []
        self.by_plan: dict[str, list[Fact]] = {}
        self.ranges: dict[str, tuple[int, int]] = {}  # plan id -> [first, last + 1) positions of its facts
        self.by_ref: dict[str, Fact] = {}
        self.kind_facts: dict[tuple[str, str], list[Fact]] = {}
        self.dated_facts: dict[str, list[Fact]] = {}
        strings: dict[str, str] = {}  # one copy of each text: plans repeat their template's sentences
        checksums: dict[str, int] = {}
        self._plan_texts: dict[str, str] = {}  # built by plan_text() when first asked for
        for plan in plans:
            plan_facts = build_facts(plan, strings)
            start = len(self.facts)
            kinds: dict[str, list[Fact]] = {}
            for fact in plan_facts:
                kinds.setdefault(fact.kind, []).append(fact)
            for kind, of_kind in kinds.items():
                self.kind_facts[plan.id, kind] = of_kind
            self.dated_facts[plan.id] = [f for f in plan_facts if f.dates]
            for i, fact in enumerate(plan_facts):
                fact.pos = start + i
                # the checksum keeps a stored reference from pointing at another fact once a plan is edited
                checksum = checksums.get(fact.answer)
                if checksum is None:
                    checksum = checksums[fact.answer] = zlib.crc32(fact.answer.encode()) % 65536
                fact.ref = f"{plan.id}:{i}:{checksum:04x}"
                self.by_ref[fact.ref] = fact
                fact.seq, fact.text, fact.terms, fact.marked, fact.bare = _analyse(fact.index_text)
            self.facts.extend(plan_facts)
            self.by_plan[plan.id] = plan_facts
            self.ranges[plan.id] = (start, len(self.facts))
        self._by_id = {id(f): f for f in self.facts}

        # Distinct term sets first: the same sentence in many plans is counted and posted in one go.
        groups: dict[int, list[int]] = {}
        sets: dict[int, frozenset[str]] = {}
        for fact in self.facts:
            key = id(fact.terms)
            sets[key] = fact.terms
            groups.setdefault(key, []).append(fact.pos)
        df: dict[str, int] = {}
        direct: dict[str, Positions] = {}
        merged: set[str] = set()
        for key, members in groups.items():
            size = len(members)
            terms = sets[key]
            for term in terms:
                df[term] = df.get(term, 0) + size
            _post(direct, merged, terms, array("i", members))
        self.direct = Postings(direct, merged)
        # terms of a fact's neighbour sentences that the fact itself lacks (half credit when scoring),
        # grouped like the direct postings: facts whose sentence and neighbours are the same share them
        around_groups: dict[tuple[int, ...], tuple[frozenset[str], list[int]]] = {}
        for plan_facts in self.by_plan.values():
            for fact in plan_facts:
                if not fact.neighbours:
                    continue
                around = (id(fact.terms), *(id(plan_facts[j].terms) for j in fact.neighbours))
                group = around_groups.get(around)
                if group is None:
                    extra = frozenset().union(*(plan_facts[j].terms for j in fact.neighbours)) - fact.terms
                    group = around_groups[around] = (extra, [])
                group[1].append(fact.pos)
        nearby: dict[str, Positions] = {}
        merged = set()
        for extra, members in around_groups.values():
            _post(nearby, merged, extra, array("i", members))
        self.nearby = Postings(nearby, merged)

        n = len(self.facts)
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.max_idf = math.log((n + 1) / 0.5)
        self.vocab = sorted(t for t in df if " " not in t and len(t) >= 3)

    def single_plan(self, term: str) -> str | None:
        """The plan, when only one plan holds the term (a question naming it is about that plan)."""
        found = self.direct.all(term)
        if not found:
            return None
        first, last = self.facts[found[0]].plan_id, self.facts[found[-1]].plan_id
        return first if first == last else None

    def neighbour_facts(self, fact: Fact) -> list[Fact]:
        """The adjacent sentences of the same list."""
        plan_facts = self.by_plan[fact.plan_id]
        return [plan_facts[j] for j in fact.neighbours]

    def context_has(self, fact: Fact, term: str) -> bool:
        """Whether an adjacent sentence holds the term and the fact itself does not."""
        if term in fact.terms:
            return False
        plan_facts = self.by_plan[fact.plan_id]
        return any(term in plan_facts[j].terms for j in fact.neighbours)

    def facts_by_id(self, ids: frozenset[int]) -> list[Fact]:
        """The facts with these id()s (a follow-up's facts of the previous answer)."""
        found = [self._by_id[i] for i in ids if i in self._by_id]
        return sorted(found, key=lambda f: f.pos)  # in the plans' order

    def plan_text(self, plan_id: str) -> str:
        """Every fact's words of one plan in one string ("|" between facts, a space at both ends), to
        look a phrase up in the plan at once: `f" {phrase} " in index.plan_text(pid)`. Built when
        first asked for: only questions about a few plans look names up, so most never are."""
        text = self._plan_texts.get(plan_id)
        if text is None:
            text = " " + " | ".join(f.text[1:-1] for f in self.by_plan[plan_id]) + " "
            self._plan_texts[plan_id] = text
        return text


def _post(postings: dict[str, Positions], merged: set[str], terms: frozenset[str], positions: Positions) -> None:
    """Add one group's positions to the postings of its terms. A term first met here shares the
    group's array (most terms are in one group only); it gets its own array when another group adds
    to it, and is then in `merged` (sorted when first read)."""
    for term in terms:
        found = postings.get(term)
        if found is None:
            postings[term] = positions
        elif term in merged:
            found.extend(positions)
        else:
            postings[term] = found + positions
            merged.add(term)


def _unit_phrases(plan: Plan) -> tuple[str, ...]:
    names = {_phrase(_strip_place(name, plan)) for unit in plan.units for name in (unit.name, *unit.aliases)} - {""}
    return tuple(sorted(names, key=len, reverse=True))


_LEVELS = ("xa", "phuong", "huyen", "thi tran", "tinh", "thanh pho")


def _unit_keys(plan: Plan, name: str, aliases: list[str]) -> frozenset[str]:
    """A unit's names as phrases, and for a people's committee its level alone ("UBND các xã, thị
    trấn" is also "xã" and "thị trấn"): "xã báo cáo về đâu" names the commune's committee."""
    keys = {_phrase(_strip_place(n, plan)) for n in (name, *aliases)} - {""}
    for key in list(keys):
        if key.startswith("ubnd "):
            keys.update(level for level in _LEVELS if f" {level} " in f" {key} ")
    return frozenset(keys)


@lru_cache(maxsize=16384)
def _phrase(name: str) -> str:
    return " ".join(canonical(tokens(name, abbreviations=False)))


@lru_cache(maxsize=65536)
def _analyse(text: str) -> tuple[tuple[str, ...], str, frozenset[str], frozenset[str], frozenset[str]]:
    """Words, the words as one string (a space at both ends), terms, words as written with
    diacritics, words written without: plans repeat much boilerplate, so the same sentence is
    analysed once (and its strings and term set shared). Words and terms are interned: each is
    one string however many sentences hold it."""
    seq = tuple(map(_intern, canonical(tokens(text, abbreviations=False), keep_original=True)))
    joined = " " + " ".join(seq) + " "
    marked = marked_words(text)
    forms = frozenset(_intern(w) for found in marked.values() for w in found)
    nouns = typed_nouns(marked)  # "chợ", not "cho"
    bare = frozenset(w for w in seq if w not in marked)
    return seq, joined, frozenset(map(_intern, _terms(seq) | nouns)), forms, bare


_intern = sys.intern


def _terms(seq: tuple[str, ...]) -> set[str]:
    unigrams = {t for t in seq if t not in STOPWORDS}
    for token in list(unigrams):
        if "/" in token:  # "1306/sgddt-gdtxhssv" is also found as "1306"
            unigrams.update(part for part in re.split(r"[/.]", token) if len(part) >= 3 or part.isdigit())
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(seq)}
    return unigrams | pairs


def _strip_place(name: str, plan: Plan) -> str:
    """'Hội Khuyến học huyện An Lão' -> 'Hội Khuyến học': the organisation without its locality."""
    place = f"{plan.locality.level} {plan.locality.name}"
    return name.replace(place, "").replace(plan.locality.name, "").strip()
