"""Vietnamese syllable rules: which letter strings can be one written syllable.

Used to repair words damaged by PDF extraction ("h nh" for "hình") and to tell an
acronym ("UBND", "HTCĐ") from a word ("XÃ", "GIÁM"). Written by hand because no
maintained library exposes Vietnamese phonotactics; the rules are the standard
orthography (onset + rhyme + tone, stop codas only with the sắc or nặng tone).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Tone marks as combining characters (NFD): huyền, sắc, hỏi, ngã, nặng.
TONE_MARKS = {"\u0300": "huyền", "\u0301": "sắc", "\u0309": "hỏi", "\u0303": "ngã", "\u0323": "nặng"}
BASE_VOWELS = "aăâeêioôơuưy"
ONSETS = sorted(
    [
        "b",
        "c",
        "ch",
        "d",
        "đ",
        "g",
        "gh",
        "gi",
        "h",
        "k",
        "kh",
        "l",
        "m",
        "n",
        "ng",
        "ngh",
        "nh",
        "p",
        "ph",
        "qu",
        "r",
        "s",
        "t",
        "th",
        "tr",
        "v",
        "x",
    ],
    key=len,
    reverse=True,
)
STOP_CODAS = ("c", "ch", "p", "t")

_RHYMES_TEXT = """
a ai ao au ay am an ang anh ac ach ap at
ăm ăn ăng ăc ăp ăt
âu ây âm ân âng âc âp ât
e eo em en eng ec ep et
ê êu êm ên ênh êch êp êt
i ia iu im in inh ich ip it
iêu iêm iên iêng iêc iêp iêt yêu yên yêm yêt yêng
o oi om on ong oc op ot oong ooc
ô ôi ôm ôn ông ôc ôp ôt
ơ ơi ơm ơn ơp ơt
u ua ui um un ung uc up ut
uôi uôm uôn uông uôc uôt
ư ưa ưi ưu ưm ưn ưng ưc ưt
ươi ươu ươm ươn ương ươc ươp ươt
y
oa oai oay oam oan oang oanh oac oach oap oat oăm oăn oăng oăc oăt
oe oeo oen oet
uê uênh uêch uy uya uyu uynh uych uyt uyn uyên uyêt uân uâng uât uơ uây
"""
RHYMES = frozenset(_RHYMES_TEXT.split())
# After "qu" the medial u is part of the onset: "quan" = qu + an.
_FRONT = ("i", "e", "ê", "y")


def split_tone(syllable: str) -> tuple[str, str | None, int]:
    """(letters without tone, tone name, number of tone marks) for a lower-case syllable."""
    decomposed = unicodedata.normalize("NFD", syllable)
    marks = [c for c in decomposed if c in TONE_MARKS]
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return bare, (TONE_MARKS[marks[0]] if marks else None), len(marks)


def has_vowel(text: str) -> bool:
    bare, _, _ = split_tone(text.lower())
    return any(c in BASE_VOWELS for c in bare)


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Whether `word` (any case) is a well-formed written Vietnamese syllable."""
    bare, tone, marks = split_tone(word.lower())
    if marks > 1 or not bare or not bare.isalpha():
        return False
    return any(bare.startswith(onset) and _rhyme_ok(onset, bare[len(onset) :], tone) for onset in [*ONSETS, ""])


def _rhyme_ok(onset: str, rhyme: str, tone: str | None) -> bool:
    if onset == "gi" and (rhyme == "" or rhyme[:1] not in BASE_VOWELS):
        rhyme = "i" + rhyme  # "gì", "gìn": gi + i
    if onset == "qu":
        if rhyme == "" or rhyme[0] in "uo":
            return False
    elif rhyme not in RHYMES:
        return False
    if onset == "qu" and rhyme not in RHYMES and "u" + rhyme not in RHYMES:
        return False
    if rhyme.endswith(STOP_CODAS) and tone not in ("sắc", "nặng"):
        return False
    front = rhyme.startswith(_FRONT)
    if onset in ("k", "gh", "ngh") and not front:
        return False
    if onset in ("c", "ng") and front:
        return False
    if onset == "g" and rhyme[:1] in ("e", "ê"):
        return False
    if rhyme.startswith("y") and onset not in ("", "qu", "k", "l", "m", "t", "h", "s", "v", "ng", "nh"):
        return rhyme.startswith("yê") and onset == ""
    return True


@lru_cache(maxsize=1)
def vowel_glyphs() -> tuple[str, ...]:
    """Every vowel letter with every tone (72 glyphs): what a lost glyph can have been."""
    out: list[str] = []
    for vowel in BASE_VOWELS:
        out.append(vowel)
        for mark in TONE_MARKS:
            out.append(unicodedata.normalize("NFC", vowel + mark))
    return tuple(out)


def is_acronym(token: str) -> bool:
    """An upper-case token that is not a syllable: 'UBND', 'HTCĐ', 'MTTQ' (but not 'XÃ', 'GIÁM')."""
    letters = token.strip(".,;:()")
    return bool(letters) and letters.isupper() and not is_syllable(letters)
