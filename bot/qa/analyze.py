"""Synonym phrases made canonical, so "khai giảng" in a question meets "khai mạc" in a plan.

The table joins the lexicon's synonyms (bot/qa/lexicon.py) and the names of the concept
vocabulary (knowledge/concepts.yaml); a concept's term is first written the lexicon's way
("uy ban nhan dan xa" -> "ubnd xa"), so the two never disagree on a phrase."""

from __future__ import annotations

from bot.qa.concepts import concept_synonyms
from bot.qa.lexicon import CONTENT_FORMS, STOPWORDS, SYNONYMS

Table = dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]


def _by_first(table: dict[str, str]) -> Table:
    out: Table = {}
    for variant, target in sorted(table.items(), key=lambda kv: -len(kv[0].split())):
        words = tuple(variant.split())
        out.setdefault(words[0], []).append((words, tuple(target.split())))
    return out


def _rewrite(seq: list[str], table: Table, keep_original: bool) -> list[str]:
    out: list[str] = []
    i = 0
    n = len(seq)
    while i < n:
        for words, replacement in table.get(seq[i], ()):
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


_LEXICON = _by_first(SYNONYMS)
_TABLE = dict(SYNONYMS)
for _name, _term in concept_synonyms().items():
    _target = " ".join(_rewrite(_term.split(), _LEXICON, keep_original=False))
    if _name != _target:
        _TABLE.setdefault(_name, _target)
    elif " " in _target:  # the term as written stays whole: a shorter name never cuts it
        _TABLE.setdefault(_target, _target)
_BY_FIRST = _by_first(_TABLE)
#: every word of a synonym phrase ("xoay quanh", "nộp"): a word the vocabulary knows, so the typo
#: correction (for words no plan holds) leaves it as typed, for its phrase to be found
SYNONYM_WORDS: frozenset[str] = frozenset(w for variant in _TABLE for w in variant.split())


def canonical(seq: list[str], keep_original: bool = False) -> list[str]:
    """Replace synonym phrases by their canonical phrase (longest match first).

    `keep_original` (for the index) keeps the words as written before their canonical form,
    so a question matches a plan both in the plan's words and in the canonical ones."""
    return _rewrite(seq, _BY_FIRST, keep_original)


def typed_nouns(marked: dict[str, set[str]]) -> frozenset[str]:
    """The small words (folded, of STOPWORDS) typed as a noun ("chợ", not "cho"): content words,
    for a plan's sentence and for a question alike. `marked`: bot.text.marked_words of the text."""
    return frozenset(w for w, found in marked.items() if w in STOPWORDS and found & CONTENT_FORMS)
