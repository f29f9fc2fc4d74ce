"""A typed word mapped to the closest word of the plans, comparing only words of a fitting length.

`fuzz.ratio` is 100 * (1 - d / (a + b)) for words of lengths a and b, where the edit distance d
(insertions and deletions) is at least |a - b|: a word whose length differs by more than the score
allows can never reach it. The plans' words are grouped by the lengths a word of each length can
match (built on first use, in the vocabulary's order), so a question's typo is compared with a few
hundred words, not a province's whole vocabulary; the word found is the one the full scan finds
(the best score, the first in the vocabulary's order on a tie).
"""

from __future__ import annotations

from rapidfuzz import fuzz, process


class Speller:
    def __init__(self, vocab: list[str], cutoff: float):
        self.vocab = vocab
        self.cutoff = cutoff
        self._fitting: dict[int, list[str]] = {}  # word length -> the words it can match, in order

    def closest(self, word: str) -> str | None:
        size = len(word)
        choices = self._fitting.get(size)
        if choices is None:
            choices = self._fitting[size] = [w for w in self.vocab if self._may_match(size, len(w))]
        match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=self.cutoff)
        return match[0] if match else None

    def _may_match(self, a: int, b: int) -> bool:
        """Whether words of lengths a and b can score the cut-off (with a margin for rounding)."""
        return 100 * (1 - abs(a - b) / (a + b)) >= self.cutoff - 0.5 if a + b else True
