"""The shortcuts that keep a question fast on a province (bot/qa/candidates.py, the locality and
spelling look-ups) find what the plain scans find."""

from __future__ import annotations

import heapq
import random

import pytest
from rapidfuzz import fuzz, process

from bot.kb.schema import Plan
from bot.qa.candidates import CandidateSelector
from bot.qa.facts import Fact
from bot.qa.index import FactIndex
from bot.qa.scope import ScopeFinder
from bot.qa.spelling import Speller


def _clones(plans: list[Plan], count: int) -> list[Plan]:
    out = []
    for n in range(count):
        source = plans[n % len(plans)]
        locality = source.locality.model_copy(update={"name": f"Nơi {n}", "aliases": []})
        out.append(source.model_copy(update={"id": f"c{n:03d}", "locality": locality}))
    return out


def _loop(
    index: FactIndex, terms: dict[str, float], wanted: set[str] | None, extra: dict[int, Fact], limit: int
) -> tuple[list[int], dict[int, float]]:
    """The selection as the engine wrote it before: a loop over every posting, then heapq.nlargest."""
    direct: dict[int, float] = {}
    facts: dict[int, Fact] = {}
    for term, weight in terms.items():
        for pos in index.direct.all(term):
            fact = index.facts[pos]
            if wanted is None or fact.plan_id in wanted:
                direct[id(fact)] = direct.get(id(fact), 0.0) + weight
                facts[id(fact)] = fact
    for key, fact in extra.items():
        facts[key] = fact
    if len(facts) > limit:
        facts = {k: facts[k] for k in heapq.nlargest(limit, facts, key=lambda k: direct.get(k, 0.0))}
    return list(facts), {k: direct[k] for k in facts if k in direct}


@pytest.fixture(scope="module")
def index(plans: list[Plan]) -> FactIndex:
    return FactIndex(_clones(plans, 60))


def test_selection_matches_the_loop(index: FactIndex) -> None:
    rng = random.Random(3)
    selector = CandidateSelector(index)
    vocabulary = sorted(index.idf)
    common = sorted(index.idf, key=index.idf.__getitem__)[:40]  # terms of many postings
    plan_ids = list(index.ranges)
    for trial in range(300):
        chosen = rng.sample(common, rng.randint(0, 3)) + rng.sample(vocabulary, rng.randint(0, 3))
        terms = {t: rng.choice([round(rng.uniform(0.1, 5.0), 3), 1.0, 0.5]) for t in chosen}
        if trial % 10 == 0 and terms:  # a weight of zero or below
            terms[next(iter(terms))] = rng.choice([0.0, -0.7])
        wanted = None if trial % 3 == 0 else set(rng.sample(plan_ids, rng.randint(1, 40)))
        extra = {id(f): f for f in rng.sample(index.facts, rng.choice([0, 0, 5, 30, 150]))}
        limit = rng.choice([100, 20, 1000])
        facts, direct = selector.select(terms, wanted, extra, limit)
        keys, expected = _loop(index, terms, wanted, extra, limit)
        assert list(facts) == keys, (trial, terms)
        assert {k: direct[k] for k in facts if k in direct} == expected, (trial, terms)


class _Everything(dict[str, list[str]]):
    """Holds every word (so no window is passed over), looked up as the real index."""

    def __contains__(self, word: object) -> bool:
        return True


class _AnyStart:
    def may_start(self, word: str) -> bool:
        return True


def test_locality_lookup_passes_over_only_windows_that_cannot_match(plans: list[Plan]) -> None:
    """The words no name starts with, and windows sharing no word with a name, are skipped: what is
    found is what trying every window finds (names with a typo, names typed as one word, provinces)."""
    clones = _clones(plans, 40)
    for n, plan in enumerate(clones):
        name = ["Tân Hòa", "Phú Mỹ", "Đam Rông", "An Bình Tây", "Long Hải"][n % 5] + f" {n // 5}"
        clones[n] = plan.model_copy(update={"locality": plan.locality.model_copy(update={"name": name})})
    finder = ScopeFinder([*plans, *clones])
    reference = ScopeFinder([*plans, *clones])
    reference.fuzzy_by_word = _Everything(reference.fuzzy_by_word)
    reference.heads = {key: _AnyStart() for key in reference.heads}  # type: ignore[misc]
    words = sorted({w for name in finder.locality_names for w in name.split()} | {"o", "xa", "tuan", "le", "2025"})
    words += ["tan ho", "dam", "ro", "damrong", "binhtay", "hu my", "qua", "ngai"]
    words += [
        "damrong 1",
        "tanhoa 2",
        "anbinhtay 3",
        "phumy 4",
        "longhai 0",
        "damrog 1",
        "tanhoa 22",
        "dakp lo",
        "namtr ieu",
        "anl ao",
        "thanhb inh",
    ]
    rng = random.Random(5)
    for _ in range(2000):
        question = [w for word in rng.choices(words, k=rng.randint(1, 9)) for w in word.split()]
        assert finder.find(question, 2025, None) == reference.find(question, 2025, None), question


def test_spelling_compares_only_words_of_a_fitting_length(index: FactIndex) -> None:
    """The closest word is the one a scan of the whole vocabulary finds."""
    speller = Speller(index.vocab, 84)
    rng = random.Random(8)
    letters = "abcdeghiklmnopqrstuvxy"
    for _ in range(3000):
        word = list(rng.choice(index.vocab))
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(word) + 1)
            edit = rng.choice(("insert", "delete", "replace"))
            if edit == "insert":
                word.insert(at, rng.choice(letters))
            elif word and at < len(word):
                word[at : at + 1] = [] if edit == "delete" else [rng.choice(letters)]
        typed = "".join(word)
        match = process.extractOne(typed, index.vocab, scorer=fuzz.ratio, score_cutoff=84)
        assert speller.closest(typed) == (match[0] if match else None), typed
