"""Put back vowel glyphs that PDF extraction lost: "h nh thức" -> "hình thức", "g n với" -> "gắn với".

A PDF font without a Unicode mapping for some glyphs (here "ì", "ắ") drops them and leaves
a gap, so a word falls apart into an onset and a coda that have no vowel. Such a gap is
certain damage. Which glyph was lost is decided from, in order:

1. the glyphs this document is short of: a font loses the same glyphs everywhere, so they
   are much rarer in the intact text than in Vietnamese at large;
2. the document's own words: the candidate with its neighbour ("hình thức") printed intact
   elsewhere in the same document (which also proves that glyph lost for the other gaps),
   or the candidate word itself;
3. how common the candidate is in Vietnamese (wordfreq), to break the remaining ties.

Only candidates that are well-formed syllables (`syllables.is_syllable`) are considered;
a gap no candidate explains is left as it is and reported.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from bot.kb.importer.syllables import has_vowel, is_syllable, vowel_glyphs

_WORD = re.compile(r"[^\W\d_]+")
_CODAS = ("c", "ch", "m", "n", "ng", "nh", "p", "t")
_ONSET_ONLY = re.compile(r"^(?:b|c|ch|d|đ|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x)$")
# A glyph is "short" in this document when it occurs less than this share of what Vietnamese text would have.
SHORTAGE = 0.35
# Below this many vowel glyphs a document is too short to tell which glyphs it lacks.
MIN_SAMPLE = 400
_Key = tuple[bool, bool, int, float]
# Score difference (1 = ten times as common) under which two candidate words are too close to choose between.
AMBIGUITY = 1.0
# Weight of "this glyph explains many of the document's gaps" (log2 of their number) against word frequency.
COVERAGE_WEIGHT = 0.3
# Neighbours too common to prove anything: "với hành" says nothing about "h nh".
_FUNCTION_WORDS = frozenset(
    "và với của các những cho theo trong là được có về để từ tại bằng một nhiều mọi này đó khi đã sẽ "
    "không thì mà hay hoặc ở trên dưới".split()
)


@dataclass(frozen=True)
class GlyphRepair:
    line: int  # 1-based source line
    before: str
    after: str


@dataclass(frozen=True)
class Gap:
    line: int
    text: str


@lru_cache(maxsize=1)
def _language_glyph_share() -> dict[str, float]:
    """Share of each vowel glyph among all vowel glyphs of Vietnamese text, from wordfreq."""
    from wordfreq import top_n_list, word_frequency

    glyphs = set(vowel_glyphs())
    weights: dict[str, float] = dict.fromkeys(glyphs, 0.0)
    for word in top_n_list("vi", 5000):
        freq = word_frequency(word, "vi")
        for char in word:
            if char in glyphs:
                weights[char] += freq
    total = sum(weights.values()) or 1.0
    return {g: weights[g] / total for g in glyphs}


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "vi"))


class GlyphRepairer:
    """Learns the document's vocabulary and short glyphs, then repairs line by line."""

    def __init__(self, lines: list[str]):
        self.words: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        glyph_count: Counter[str] = Counter()
        glyphs = set(vowel_glyphs())
        for line in lines:
            found = [w.lower() for w in _WORD.findall(line)]
            self.words.update(found)
            self.pairs.update(itertools.pairwise(found))
            glyph_count.update(c for c in line.lower() if c in glyphs)
        total = sum(glyph_count.values())
        share = _language_glyph_share() if total >= MIN_SAMPLE else {}
        self.short = {g for g, s in share.items() if total * s >= 3 and glyph_count[g] < SHORTAGE * total * s}
        # Printed intact about as often as Vietnamese prints it: that glyph is not what the font lost.
        abundant = {g for g, s in share.items() if glyph_count[g] >= 0.5 * total * s and glyph_count[g] >= 3}
        self.lost = set(self.short)
        self.coverage: Counter[str] = Counter()
        gaps = [(f.group().lower(), s.group().lower(), b, a) for line in lines for f, s, b, a in self._gaps(line)]
        for onset, coda, _, _ in gaps:  # how many gaps each glyph would turn into a real word
            self.coverage.update(
                g for g in vowel_glyphs() if is_syllable(w := onset + g + coda) and (_zipf(w) >= 3 or self.words[w])
            )
        for onset, coda, before, after in gaps:  # a glyph a neighbour word proves lost ("h nh thức") is lost
            ranked = self._ranked(onset, coda, before, after)
            if ranked and ranked[0][0][0] and ranked[0][2] not in abundant:
                self.lost.add(ranked[0][2])

    def repair(self, line: str, number: int) -> tuple[str, list[GlyphRepair], list[Gap]]:
        repairs: list[GlyphRepair] = []
        gaps: list[Gap] = []
        out: list[str] = []
        last = 0
        for first, second, before, after in self._gaps(line):
            damaged = line[first.start() : second.end()]
            word = self._choose(self._ranked(first.group().lower(), second.group().lower(), before, after))
            if word is None:
                gaps.append(Gap(number, damaged))
                continue
            word = _match_case(word, first.group(), second.group())
            out += [line[last : first.start()], word]
            last = second.end()
            repairs.append(GlyphRepair(number, damaged, word))
        out.append(line[last:])
        return "".join(out), repairs, gaps

    def _gaps(self, line: str) -> Iterator[tuple[re.Match[str], re.Match[str], str, str]]:
        """(onset, coda, word before, word after) for each onset-gap-coda in the line."""
        tokens = list(_WORD.finditer(line))
        index = 0
        while index < len(tokens) - 1:
            first, second = tokens[index], tokens[index + 1]
            if line[first.end() : second.start()].strip() or not self._is_gap(first.group(), second.group()):
                index += 1
                continue
            before = tokens[index - 1].group().lower() if index > 0 else ""
            after = tokens[index + 2].group().lower() if index + 2 < len(tokens) else ""
            yield first, second, before, after
            index += 2

    @staticmethod
    def _is_gap(first: str, second: str) -> bool:
        return (
            not has_vowel(first)
            and not has_vowel(second)
            and bool(_ONSET_ONLY.match(first.lower()))
            and second.lower() in _CODAS
        )

    def _ranked(self, onset: str, coda: str, before: str, after: str) -> list[tuple[_Key, str, str]]:
        """Candidate words best first, as (ranking key, word, glyph put back); the key ends with a score."""
        ranked: list[tuple[_Key, str, str]] = []
        lost: set[str] = getattr(self, "lost", set())
        for glyph in vowel_glyphs():
            word = unicodedata.normalize("NFC", onset + glyph + coda)
            if not is_syllable(word):
                continue
            zipf = _zipf(word)
            if (before not in _FUNCTION_WORDS and self.pairs[(before, word)]) or (
                after not in _FUNCTION_WORDS and self.pairs[(word, after)]
            ):
                tier = 3
            elif self.words[word]:
                tier = 2
            elif zipf > 0:
                tier = 1
            else:
                continue
            # The neighbour word's evidence first, then glyphs proven or shown lost here; then how common the
            # word is and how many of this document's gaps the same glyph explains.
            score = zipf + COVERAGE_WEIGHT * math.log2(1 + getattr(self, "coverage", Counter())[glyph])
            ranked.append(((tier == 3, glyph in lost, tier, score), word, glyph))
        ranked.sort(reverse=True)
        return ranked

    @staticmethod
    def _choose(ranked: list[tuple[_Key, str, str]]) -> str | None:
        """The best candidate, unless the evidence does not clearly single it out (then: leave the gap)."""
        if not ranked:
            return None
        (neighbour, lost, _, score), word, _ = ranked[0]
        if neighbour:
            return word
        if lost:  # a lost glyph explains it, unless a much commoner word with an intact glyph fits too
            rival = next((z for (_, is_lost, _, z), _, _ in ranked if not is_lost), None)
            return word if rival is None or rival - score <= AMBIGUITY else None
        runner_up = next((z for key, other, _ in ranked[1:] if other != word for z in [key[3]]), None)
        return word if runner_up is None or score - runner_up >= AMBIGUITY else None


def _match_case(word: str, first: str, second: str) -> str:
    if first.isupper() and (second.isupper() or len(first) > 1):
        return word.upper() if second.isupper() else word[0].upper() + word[1:]
    if first[:1].isupper():
        return word[0].upper() + word[1:]
    return word
