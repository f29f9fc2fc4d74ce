"""Synonym phrases made canonical, so "khai giảng" in a question meets "khai mạc" in a plan."""

from __future__ import annotations

from bot.qa.lexicon import SYNONYMS

_BY_FIRST: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
for _variant, _canonical in sorted(SYNONYMS.items(), key=lambda kv: -len(kv[0].split())):
    _words = tuple(_variant.split())
    _BY_FIRST.setdefault(_words[0], []).append((_words, tuple(_canonical.split())))


def canonical(seq: list[str], keep_original: bool = False) -> list[str]:
    """Replace synonym phrases by their canonical phrase (longest match first).

    `keep_original` (for the index) keeps the words as written before their canonical form,
    so a question matches a plan both in the plan's words and in the canonical ones."""
    out: list[str] = []
    i = 0
    n = len(seq)
    while i < n:
        for words, replacement in _BY_FIRST.get(seq[i], ()):
            size = len(words)
            if tuple(seq[i : i + size]) == words:
                if keep_original and replacement != words:
                    out.extend(words)
                out.extend(replacement)
                i += size
                break
        else:
            out.append(seq[i])
            i += 1
    return out
