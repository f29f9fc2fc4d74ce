"""Turn text into the terms the engine compares: folded words, synonyms made canonical,
single content words and adjacent pairs (Vietnamese words are often two syllables)."""

from __future__ import annotations

from functools import lru_cache

from bot.qa.lexicon import STOPWORDS, SYNONYMS
from bot.text import tokens

_SYNONYM_SEQS: list[tuple[tuple[str, ...], tuple[str, ...]]] = sorted(
    ((tuple(k.split()), tuple(v.split())) for k, v in SYNONYMS.items()),
    key=lambda kv: -len(kv[0]),
)
_MAX_SYN = max(len(k) for k, _ in _SYNONYM_SEQS)
_SYN_INDEX: dict[tuple[str, ...], tuple[str, ...]] = dict(_SYNONYM_SEQS)


def canonical(seq: list[str]) -> list[str]:
    """Replace synonym phrases by their canonical phrase (longest match first)."""
    out: list[str] = []
    i = 0
    while i < len(seq):
        for size in range(min(_MAX_SYN, len(seq) - i), 0, -1):
            replacement = _SYN_INDEX.get(tuple(seq[i : i + size]))
            if replacement is not None:
                out.extend(replacement)
                i += size
                break
        else:
            out.append(seq[i])
            i += 1
    return out


@lru_cache(maxsize=8192)
def sequence(text: str, user: bool = False) -> tuple[str, ...]:
    """Folded, canonical word sequence; `user` expands chat abbreviations too."""
    return tuple(canonical(tokens(text, abbreviations=user)))


def terms(seq: tuple[str, ...] | list[str]) -> set[str]:
    """Content unigrams and every adjacent pair."""
    unigrams = {t for t in seq if t not in STOPWORDS and len(t) > 0}
    bigrams = {f"{a} {b}" for a, b in zip(seq, seq[1:], strict=False)}
    return unigrams | bigrams


def has_phrase(seq: tuple[str, ...] | list[str], phrase: str) -> bool:
    words = phrase.split()
    n = len(words)
    return any(list(seq[i : i + n]) == words for i in range(len(seq) - n + 1))
