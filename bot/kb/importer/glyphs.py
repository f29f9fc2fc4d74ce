"""Put back vowel glyphs that PDF extraction lost: "h nh thức" -> "hình thức", "g n với" -> "gắn với".

A PDF font without a Unicode mapping for some glyphs (here "ì", "ắ") drops them and leaves
a gap, so a word falls apart into an onset and a coda that have no vowel. Such a gap is
certain damage. Which glyph was lost is decided from, in order:

1. the glyphs this document is short of: a font loses the same glyphs everywhere, so they
   are much rarer in the intact text than in Vietnamese at large;
2. the document's own words: the candidate word, or the candidate with its neighbour
   ("hình thức"), printed intact elsewhere in the same document;
3. how common the candidate is in Vietnamese (wordfreq), to break the remaining ties.

Only candidates that are well-formed syllables (`syllables.is_syllable`) are considered;
a gap no candidate explains is left as it is and reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from bot.kb.importer.syllables import has_vowel, is_syllable, vowel_glyphs

_WORD = re.compile(r"[^\W\d_]+")
_CODAS = ("c", "ch", "m", "n", "ng", "nh", "p", "t")
_ONSET_ONLY = re.compile(r"^(?:b|c|ch|d|đ|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x)$")
# A glyph is "short" in this document when it occurs less than this share of what Vietnamese text would have.
SHORTAGE = 0.35


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
    weights: Counter[str] = Counter()
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
            self.pairs.update(zip(found, found[1:], strict=False))
            glyph_count.update(c for c in line.lower() if c in glyphs)
        total = sum(glyph_count.values())
        share = _language_glyph_share() if total else {}
        self.short = {g for g, s in share.items() if total * s >= 2 and glyph_count[g] < SHORTAGE * total * s}

    def repair(self, line: str, number: int) -> tuple[str, list[GlyphRepair], list[Gap]]:
        repairs: list[GlyphRepair] = []
        gaps: list[Gap] = []
        tokens = list(_WORD.finditer(line))
        out: list[str] = []
        last = 0
        index = 0
        while index < len(tokens) - 1:
            first, second = tokens[index], tokens[index + 1]
            between = line[first.end() : second.start()]
            if between.strip() or not self._is_gap(first.group(), second.group()):
                index += 1
                continue
            before = tokens[index - 1].group().lower() if index > 0 else ""
            after = tokens[index + 2].group().lower() if index + 2 < len(tokens) else ""
            word = self._best(first.group().lower(), second.group().lower(), before, after)
            damaged = line[first.start() : second.end()]
            if word is None:
                gaps.append(Gap(number, damaged))
                index += 1
                continue
            word = _match_case(word, first.group(), second.group())
            out.append(line[last : first.start()])
            out.append(word)
            last = second.end()
            repairs.append(GlyphRepair(number, damaged, word))
            index += 2
        out.append(line[last:])
        return "".join(out), repairs, gaps

    @staticmethod
    def _is_gap(first: str, second: str) -> bool:
        return (
            not has_vowel(first)
            and not has_vowel(second)
            and bool(_ONSET_ONLY.match(first.lower()))
            and second.lower() in _CODAS
        )

    def _best(self, onset: str, coda: str, before: str, after: str) -> str | None:
        ranked: list[tuple[tuple[bool, bool, int, float], str]] = []
        for glyph in vowel_glyphs():
            word = unicodedata.normalize("NFC", onset + glyph + coda)
            if not is_syllable(word):
                continue
            zipf = _zipf(word)
            if (before and self.pairs[(before, word)]) or (after and self.pairs[(word, after)]):
                tier = 3
            elif self.words[word]:
                tier = 2
            elif zipf > 0:
                tier = 1
            else:
                continue
            # Evidence of the neighbour word first, then the document's missing glyphs, then the rest.
            ranked.append(((tier == 3, glyph in self.short, tier, zipf), word))
        if not ranked:
            return None
        ranked.sort(reverse=True)
        return ranked[0][1]


def _match_case(word: str, first: str, second: str) -> str:
    if first.isupper() and (second.isupper() or len(first) > 1):
        return word.upper() if second.isupper() else word[0].upper() + word[1:]
    if first[:1].isupper():
        return word[0].upper() + word[1:]
    return word
