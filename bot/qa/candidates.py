"""The candidate facts of a question over many plans, chosen without a Python loop per posting.

On a large scope (a province's thousand plans) the most informative terms of a question select the
facts that are then scored in full. Their postings run to tens of thousands of positions, so adding
up the terms' weights fact by fact in Python costs milliseconds per question; here it is done with
array operations over the postings at once. The result is what the loop would give, in the same
order: each fact's summed weight (added in the terms' order, so the same floating-point value), the
facts in the order they were first met (term by term, positions ascending), then the extra facts
(kinds and dates asked, the previous answer's); over `limit` facts, the `limit` best by that weight,
ties kept in that order (what `heapq.nlargest` keeps).

numpy is imported when a question first has a large scope: a bot with a few plans never loads it.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, cast

from bot.qa.facts import Fact
from bot.qa.index import FactIndex, Positions

if TYPE_CHECKING:
    import numpy as np


class CandidateSelector:
    """Candidate selection over one index; the position -> plan table is built on first use."""

    def __init__(self, index: FactIndex):
        self.index = index
        self._plan_of: np.ndarray[Any, Any] | None = None  # plan number of every fact position
        self._plan_number: dict[str, int] = {}

    def _plans_table(self) -> np.ndarray[Any, Any]:
        import numpy as np

        if self._plan_of is None:
            ranges = list(self.index.ranges.items())
            self._plan_number = {plan_id: n for n, (plan_id, _) in enumerate(ranges)}
            table = np.zeros(len(self.index.facts), dtype=np.int32)
            for n, (_, (lo, hi)) in enumerate(ranges):
                table[lo:hi] = n
            self._plan_of = table
        return self._plan_of

    def select(
        self, terms: dict[str, float], wanted: set[str] | None, extra: dict[int, Fact], limit: int
    ) -> tuple[dict[int, Fact], dict[int, float]]:
        """(facts by id(), summed weights by id()) of the facts holding a term, of the plans `wanted`
        (None: every plan), followed by the `extra` facts; at most `limit` of them (see the module)."""
        import numpy as np

        index = self.index
        found = [(index.direct.all(term), weight) for term, weight in terms.items()]
        found = [(postings, weight) for postings, weight in found if len(postings)]
        at = index.facts
        unique: np.ndarray[Any, Any]
        summed: np.ndarray[Any, Any]
        if found:
            positions = np.concatenate([np.frombuffer(cast(Positions, p), dtype=np.int32) for p, _ in found])
            weights = np.repeat(np.array([w for _, w in found], dtype=np.float64), [len(p) for p, _ in found])
            if wanted is not None:
                table = self._plans_table()
                keep = np.zeros(len(self._plan_number), dtype=bool)
                keep[[self._plan_number[p] for p in wanted if p in self._plan_number]] = True
                chosen = keep[table[positions]]
                positions, weights = positions[chosen], weights[chosen]
            unique, first, inverse = np.unique(positions, return_index=True, return_inverse=True)
            summed = np.bincount(inverse.ravel(), weights=weights, minlength=len(unique))  # in input order
            extras = list(extra.values())
            if len(unique) and extras:  # the extras not met in the postings (unique is sorted)
                extra_pos = np.array([f.pos for f in extras], dtype=np.int32)
                found_at = np.minimum(np.searchsorted(unique, extra_pos), len(unique) - 1)
                posted = (unique[found_at] == extra_pos).tolist()
                extras = [fact for fact, known in zip(extras, posted, strict=True) if not known]
            seen = np.argsort(first, kind="stable")  # the order the loop first met them
            unique, summed = unique[seen], summed[seen]
        else:
            unique, summed = np.zeros(0, dtype=np.int32), np.zeros(0)
            extras = list(extra.values())
        if len(unique) + len(extras) > limit:
            # the best `limit` by weight, ties in the order met; the extras weigh 0 and come after
            # every fact met in the postings, so they go before those of negative weight only
            best = np.lexsort((np.arange(len(unique)), -summed))[:limit]
            unique, summed = unique[best], summed[best]
            cut = int(np.searchsorted(-summed, 0.0, side="right"))  # the facts of weight >= 0
        else:
            cut = len(unique)
        order, scores = unique.tolist(), summed.tolist()
        facts: dict[int, Fact] = {}
        direct: dict[int, float] = {}
        for pos, score in zip(order[:cut], scores[:cut], strict=True):
            fact = at[pos]
            facts[id(fact)] = fact
            direct[id(fact)] = score
        for fact in extras:
            facts[id(fact)] = fact
        for pos, score in zip(order[cut:], scores[cut:], strict=True):
            fact = at[pos]
            facts[id(fact)] = fact
            direct[id(fact)] = score
        if len(facts) > limit:
            facts = dict(itertools.islice(facts.items(), limit))
        return facts, direct
