"""The question inside a chat message: greetings, self-introductions and politeness set apart.

"Dạ chào ad, em là phụ huynh ở Đức Trọng, con em học lớp 5, cho em hỏi năm đó các trường treo
khẩu hiệu gì ạ?" asks "năm đó các trường treo khẩu hiệu gì"; the rest says who asks and where
they live. The locality of the introduction still tells which plan is meant, so the caller
keeps it (`Split.around`) for finding the plans, and scores facts against the question alone.
Clauses are split at punctuation; a clause is a greeting or thanks when its words are all
polite words, an introduction when it starts with "em là / tôi ở / con em học…" and asks
nothing. Words are compared folded (no diacritics), as everywhere in the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.qa.lexicon import ASK_MARKER_PATTERN, INTRO_PATTERN, POLITE_WORDS, QUESTION_CUES, VOCATIVE_PATTERN
from bot.text import strip_diacritics

# clauses end at punctuation, but not inside "1.2.3", "2,5", "13:30" or "qlvb.hpnet.vn"
_CLAUSE = re.compile(r"((?:[^,.;:!?\n…]|(?<=\w)[.,:](?=\w))+)([?]?)")
_LEADS = (re.compile(ASK_MARKER_PATTERN), re.compile(VOCATIVE_PATTERN))
_INTRO = re.compile(INTRO_PATTERN)


@dataclass(frozen=True)
class Split:
    question: str  # the clauses that ask, without leading politeness
    around: str  # greetings and introductions (their localities still count)


def _folded(word: str) -> str:
    return strip_diacritics(word.lower()).strip("\"'“”()[]")


def _asks(folded: list[str]) -> bool:
    joined = " " + " ".join(folded) + " "
    return any(f" {cue} " in joined for cue in QUESTION_CUES)


def _strip_lead(words: list[str]) -> list[str]:
    """Drop leading politeness ("dạ", "bot ơi", "cho em hỏi là") from a clause's words."""
    while words:
        joined = " ".join(_folded(w) for w in words)
        size = 0
        for lead in _LEADS:
            match = lead.match(joined)
            if match and match.end() > 0:
                size = len(joined[: match.end()].split())
                break
        if not size:
            return words
        words = words[size:]
    return words


def _kind(folded: list[str], asked: bool) -> str:
    if not folded or all(w in POLITE_WORDS for w in folded):
        return "polite"
    if asked or _asks(folded):
        return "question"
    joined = " ".join(folded)
    if "cam on" in joined or joined in ("thanks", "thank you", "tks"):
        return "polite"
    if _INTRO.match(joined):
        return "intro"
    return "question"


def split_question(text: str) -> Split:
    """The asking clauses of a message and the clauses around them (both as typed)."""
    asking: list[str] = []
    around: list[str] = []
    for match in _CLAUSE.finditer(text):
        words = match.group(1).split()
        if not words:
            continue
        kept = _strip_lead(words)
        if _kind([_folded(w) for w in kept], asked=bool(match.group(2))) == "question":
            asking.append(" ".join(kept))
        else:
            around.append(" ".join(words))
    if not asking:  # nothing looked like a question: take the message as it is
        return Split(text, "")
    return Split(", ".join(asking), ", ".join(around))


__all__ = ["Split", "split_question"]
