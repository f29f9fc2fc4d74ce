"""Synonym phrases made canonical, so "khai giảng" in a question meets "khai mạc" in a plan."""

from __future__ import annotations

from bot.qa.lexicon import SYNONYMS

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
