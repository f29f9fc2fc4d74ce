"""The searchable form of the plans: facts, IDF weights and inverted indexes, built once."""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections import Counter
from functools import lru_cache

from bot.kb.schema import Plan
from bot.qa.analyze import canonical
from bot.qa.facts import Fact, build_facts
from bot.qa.lexicon import STOPWORDS
from bot.text import marked_words, tokens


class FactIndex:
    """Every fact of every plan, with what scoring needs: term weights, per-plan and global
    postings (direct and via neighbouring sentences), facts by kind and dated facts."""

    def __init__(self, plans: list[Plan]):
        # each plan's organisations as folded phrases ("hoi khuyen hoc", "phong gddt"), to spot them in questions
        self.unit_phrases: dict[str, tuple[str, ...]] = {
            plan.id: tuple(
                sorted(
                    {
                        " ".join(canonical(tokens(_strip_place(name, plan), abbreviations=False)))
                        for unit in plan.units
                        for name in (unit.name, *unit.aliases)
                    }
                    - {""},
                    key=len,
                    reverse=True,
                )
            )
            for plan in plans
        }
        self.facts: list[Fact] = []
        self.by_plan: dict[str, list[Fact]] = {}
        for plan in plans:
            self.by_plan[plan.id] = build_facts(plan)
            self.facts.extend(self.by_plan[plan.id])
        self.position = {id(f): i for i, f in enumerate(self.facts)}
        self._by_id = {id(f): f for f in self.facts}
        self.by_ref: dict[str, Fact] = {}
        for plan_id, plan_facts in self.by_plan.items():
            for i, fact in enumerate(plan_facts):
                # the checksum keeps a stored reference from pointing at another fact once a plan is edited
                fact.ref = f"{plan_id}:{i}:{zlib.crc32(fact.answer.encode()) % 65536:04x}"
                self.by_ref[fact.ref] = fact
        df: Counter[str] = Counter()
        for fact in self.facts:
            fact.seq, fact.terms, fact.marked, fact.bare = _analyse(fact.index_text)
            df.update(fact.terms)
        n = len(self.facts)
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        plans_of: dict[str, set[str]] = {}
        for fact in self.facts:
            for term in fact.terms:
                plans_of.setdefault(term, set()).add(fact.plan_id)
        # terms only one plan contains: a question naming one is about that plan
        self.single_plan_terms = {t: next(iter(p)) for t, p in plans_of.items() if len(p) == 1}
        self.max_idf = math.log((n + 1) / 0.5)
        self.vocab = sorted(t for t in df if " " not in t and len(t) >= 3)
        self.context: dict[int, frozenset[str]] = {}  # id(fact) -> terms of its neighbour sentences
        self.neighbour_facts: dict[int, list[Fact]] = {}
        # Inverted indexes (term -> facts containing it, directly or in a neighbour), per plan.
        self.direct: dict[str, dict[str, list[Fact]]] = {}  # plan -> term -> facts holding it
        self.nearby: dict[str, dict[str, list[Fact]]] = {}  # plan -> term -> facts whose neighbour holds it
        self.direct_all: dict[str, list[Fact]] = {}
        self.context_all: dict[str, list[Fact]] = {}
        self.kind_facts: dict[tuple[str, str], list[Fact]] = {}
        self.dated_facts: dict[str, list[Fact]] = {}
        for plan in plans:
            plan_facts = self.by_plan[plan.id]
            direct: dict[str, list[Fact]] = {}
            nearby: dict[str, list[Fact]] = {}
            for fact in plan_facts:
                around = [plan_facts[j] for j in fact.neighbours]
                self.neighbour_facts[id(fact)] = around
                self.context[id(fact)] = frozenset().union(*(f.terms for f in around)) - fact.terms
                for term in fact.terms:
                    direct.setdefault(term, []).append(fact)
                for term in self.context[id(fact)]:
                    nearby.setdefault(term, []).append(fact)
                self.kind_facts.setdefault((plan.id, fact.kind), []).append(fact)
            self.direct[plan.id], self.nearby[plan.id] = direct, nearby
            for term, found in direct.items():
                self.direct_all.setdefault(term, []).extend(found)
            for term, found in nearby.items():
                self.context_all.setdefault(term, []).extend(found)
            self.dated_facts[plan.id] = [f for f in plan_facts if f.dates]

    def facts_by_id(self, ids: frozenset[int]) -> list[Fact]:
        """The facts with these id()s (a follow-up's facts of the previous answer)."""
        found = [self._by_id[i] for i in ids if i in self._by_id]
        return sorted(found, key=lambda f: self.position[id(f)])  # in the plans' order


@lru_cache(maxsize=65536)
def _analyse(text: str) -> tuple[tuple[str, ...], frozenset[str], frozenset[str], frozenset[str]]:
    """Words, terms, words as written with diacritics, words written without: plans repeat much
    boilerplate, so the same sentence is analysed once."""
    seq = tuple(canonical(tokens(text, abbreviations=False), keep_original=True))
    marked = marked_words(text)
    forms = frozenset(w for found in marked.values() for w in found)
    return seq, frozenset(_terms(seq)), forms, frozenset(w for w in seq if w not in marked)


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
