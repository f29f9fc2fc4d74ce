"""The separate questions of one message, to be answered one by one.

"Đức Trọng tổ chức tuần lễ từ ngày nào và gửi báo cáo qua email nào?" asks two things that no
single sentence of the plan holds: the week's dates and the report's e-mail. The message is cut
at commas, "và" and "còn" where each side asks something of its own (a question word and words
of content); "Chủ đề và thời gian tổ chức … là gì" asks "chủ đề là gì" and "thời gian tổ chức …
là gì". A part that asks only with question words ("lúc mấy giờ, ngày nào và ở đâu") is about the
same thing as the part before it: such a message is one question, answered as a whole.
Words are compared folded (no diacritics), as everywhere in the engine.
"""

from __future__ import annotations

import re

from bot.qa.lexicon import ATTRIBUTE_NOUNS, PART_CUES, STOPWORDS
from bot.text import strip_diacritics

#: where a message may be cut: a comma or semicolon, "và" (and), "còn" (whereas); typed without
#: diacritics "va" and "con" too, unless the message has them ("con em" is "my child")
_CUT_MARKED = re.compile(r"\s*[,;]\s*|\s+(?=(?:và|còn)\s)", re.IGNORECASE)
_CUT_BARE = re.compile(r"\s*[,;]\s*|\s+(?=(?:va|con)\s)", re.IGNORECASE)
_LEADING = ("va", "con", "the con", "vay con", "con lai")
#: at most this many parts are answered separately; a longer list is one question
MAX_PARTS = 3
#: a part needs this many content words (beyond question words and small words) to stand alone:
#: "…, đường nào" asks about the same thing as the part before it
MIN_CONTENT_WORDS = 2


#: a later segment that is a yes/no question of its own: "lớp … dành cho ai, ng lớn tuổi có dc học ko";
#: a first one is elaborated by what follows ("… có khuyến khích … không, qua những hình thức gì");
#: a particle may close it ("… có tổ chức đồng loạt không ạ")
_YES_NO_PART = re.compile(r"(?:^| )co (?:\w+ )+(?:khong|ko|k|hong|hok|kg|chua)(?: (?:a|nhe|nha|vay|v|the|ha|ban|bn))*$")


def _asks(folded: list[str]) -> bool:
    joined = f" {' '.join(folded)} "
    return any(f" {cue} " in joined for cue in PART_CUES)


def _content(folded: list[str]) -> list[str]:
    cue_words = {w for cue in PART_CUES for w in cue.split()}
    return [w for w in folded if w not in cue_words and w not in STOPWORDS and w.isalpha()]


def _without_lead(words: list[str]) -> list[str]:
    folded = [strip_diacritics(w.lower()) for w in words]
    for lead in sorted(_LEADING, key=lambda lead: -len(lead.split())):
        size = len(lead.split())
        if " ".join(folded[:size]) == lead and len(words) > size:
            return words[size:]
    return words


def _tail_cue(folded: list[str]) -> int:
    """How many closing words of a part are its question words ("là gì", "như thế nào")."""
    for size in (3, 2, 1):
        if len(folded) > size and _asks(folded[-size:]) and not _content(folded[-size:]):
            return size
    return 0


def question_parts(question: str) -> list[str]:
    """The separate questions of `question` (as typed), or [question] when it asks one thing."""
    text = question.strip(" ?.!")
    cut = _CUT_BARE if strip_diacritics(text) == text else _CUT_MARKED
    segments = [s for s in cut.split(text) if s and s.strip()]
    if len(segments) < 2:
        return [question]
    parts: list[list[str]] = []
    pending: list[str] = []  # words that ask nothing yet: joined with the next segment
    for segment in segments:
        words = _without_lead(segment.split()) if parts or pending else segment.split()
        folded = [strip_diacritics(w.lower()) for w in words]
        if pending:  # joined to what came before, the segment keeps its first word
            words = segment.split()
        if not _asks(folded) and not (parts and _YES_NO_PART.search(" ".join(folded))):
            if " ".join(folded) in ATTRIBUTE_NOUNS and not pending:
                parts.append(words)  # "chủ đề (và thời gian … là gì)": asked with the next part's words
                continue
            pending = [*pending, *(segment.split())]
            continue
        parts.append([*pending, *words])
        pending = []
    if pending:
        if not parts:
            return [question]
        parts[-1] = [*parts[-1], *pending]
    if not 2 <= len(parts) <= MAX_PARTS:
        return [question]
    last = [strip_diacritics(w.lower()) for w in parts[-1]]
    cue = parts[-1][len(parts[-1]) - _tail_cue(last) :] if _tail_cue(last) else []
    out = []
    for number, words in enumerate(parts):
        folded = [strip_diacritics(w.lower()) for w in words]
        if not _asks(folded) and not (number and _YES_NO_PART.search(" ".join(folded))):
            if not cue:
                return [question]
            words = [*words, *cue]
        elif len(_content(folded)) < MIN_CONTENT_WORDS:
            return [question]  # "…, ngày nào và ở đâu", "… số mấy, đường nào": one thing asked in several ways
        out.append(" ".join(words))
    return out


__all__ = ["question_parts"]
