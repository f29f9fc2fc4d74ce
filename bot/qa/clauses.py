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
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.qa.lexicon import (
    APOLOGY_PATTERN,
    ASK_MARKER_PATTERN,
    DOMAIN_WORDS,
    INTRO_PATTERN,
    POLITE_WORDS,
    QUESTION_CUES,
    REFERRING_WORDS,
    REQUEST_PATTERN,
    SELF_WORDS,
    VOCATIVE_PATTERN,
)
from bot.text import strip_diacritics

# clauses end at punctuation, but not inside "1.2.3", "2,5", "13:30" or "qlvb.hpnet.vn"
_CLAUSE = re.compile(r"((?:[^,.;:!?\n…]|(?<=\w)[.,:](?=\w))+)([?]?)")
_LEADS = (re.compile(ASK_MARKER_PATTERN), re.compile(VOCATIVE_PATTERN), re.compile(REQUEST_PATTERN))
_MARKERS = (0, 2)  # the leads that announce the question (not a mere call: "bot ơi")
# sentences end at ".", "!", "?", "…" or a new line (not inside "1.2.3" or "qlvb.hpnet.vn")
_SENTENCE_END = re.compile(r"[!?\n…]|\.(?!\w)")
#: words after an asking marker that give the reason for asking: "em hỏi để …", "tôi hỏi vì …"
_PURPOSE_LEADS = frozenset({"de", "vi"})
#: a question of this many words says what it asks by itself: a sentence beside it that asks
#: nothing is a remark, not a part of it ("Thanh Bình có lễ khai giảng. Mấy giờ?" is one question)
_COMPLETE_QUESTION_WORDS = 5
#: and names this many things of its own: "cụ thể là có những hoạt động gì vậy" names none (it asks
#: about what the sentence before it said)
_COMPLETE_CONTENT_WORDS = 2
_NOT_CONTENT = frozenset({"hoat", "dong", "cu", "the", "co", "nhung", "cac", "la"}) | DOMAIN_WORDS
_CUE_WORDS = frozenset(w for cue in QUESTION_CUES for w in cue.split())
_APOLOGY = re.compile(APOLOGY_PATTERN)
_INTRO = re.compile(INTRO_PATTERN)


@dataclass(frozen=True)
class Split:
    question: str  # the clauses that ask, without leading politeness
    around: str  # greetings and introductions (their localities still count)


@lru_cache(maxsize=16384)
def _folded(word: str) -> str:
    return strip_diacritics(word.lower()).strip("\"'“”()[]")


@lru_cache(maxsize=16384)
def _lead_form(word: str) -> str:
    """The word folded, unless typed as another word than "hỏi" that folds like it: "Hội khuyến học …"
    opens with an organisation, not with "hỏi" (ask)."""
    folded = _folded(word)
    typed = unicodedata.normalize("NFC", word.lower())
    if folded == "hoi" and typed != folded and typed != "hỏi":
        return typed
    return folded


_ASSOCIATION = re.compile(r"hoi (?:khuyen hoc|phu nu|nong dan|cuu chien binh|ccb|nguoi cao tuoi|chu thap do|lhpn)\b")

_NOT_MAY = "may-"  # a bare "may" in a message typed with marks: no question word
#: "không", "chưa" ask only at a clause's end ("… có tổ chức không"): within it they deny ("lịch kín
#: quá, không tổ chức lễ riêng được", "giáo viên chưa có ý tưởng")
_YES_NO_CUES = frozenset({"khong", "ko", "k", "kh", "hok", "hong", "chua"})
_PADDED_CUES = tuple(f" {cue} " for cue in QUESTION_CUES if cue not in _YES_NO_CUES)


def _asks(folded: list[str]) -> bool:
    joined = " " + " ".join(folded) + " "
    if any(cue in joined for cue in _PADDED_CUES):
        return True
    core = _core(folded)
    return bool(core) and core[-1] in _YES_NO_CUES


def _strip_lead(words: list[str]) -> tuple[list[str], bool]:
    """Drop leading politeness ("dạ", "bot ơi", "cho em hỏi là") from a clause's words; and whether
    an asking marker ("cho em hỏi", "xin hỏi") was among them."""
    marked = False
    while words:
        joined = " ".join(_lead_form(w) for w in words)
        if _ASSOCIATION.match(joined):  # "hoi khuyen hoc …" typed bare: the association, not "hỏi"
            return words, marked
        size = 0
        for n, lead in enumerate(_LEADS):
            match = lead.match(joined)
            if match and match.end() > 0:
                size = len(joined[: match.end()].split())
                marked = marked or n in _MARKERS
                break
        if not size:
            return words, marked
        words = words[size:]
    return words, marked


def _core(folded: list[str]) -> list[str]:
    """The clause without its closing particles ("ạ", "nhé", "ad")."""
    core = list(folded)
    while core and core[-1] in POLITE_WORDS:
        core.pop()
    return core


@lru_cache(maxsize=16384)
def _typed_word(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower()).strip("\"'“”()[]")


def _typed(words: list[str]) -> list[str]:
    return [_typed_word(w) for w in words]


#: what an asker does with the answer ("… là gì để in cho đúng", "… để biết mà chuẩn bị"): no plan's content
_ASKER_PURPOSES = ("cho dung", "cho chuan", "cho kip", "biet", "chuan bi", "sap xep", "in", "tien", "ghi lai", "nam ro")


def _drop_purpose(words: list[str]) -> list[str]:
    """ "… là gì để trường tôi làm pa-nô ạ", "… là gì để in cho đúng": the asker's purpose after the
    question is no part of it."""
    folded = [_folded(w) for w in words]
    typed = _typed(words)
    for i, word in enumerate(folded):
        if word != "de" or not i or not _asks(folded[:i]):
            continue
        tail = f" {' '.join(folded[i + 1 :])} "
        if any(w in SELF_WORDS for w in typed[i + 1 : i + 4]) or any(f" {p} " in tail for p in _ASKER_PURPOSES):
            return words[:i]
    return words


#: whom a question is addressed to, said after it ("… là gì vậy mọi người", "… ở đâu ad ơi")
_ADDRESSEES = (("moi", "nguoi"), ("ca", "nha"), ("cac", "ban"), ("mn",), ("mng",), ("ad",), ("admin",), ("bot",))
_TAIL_PARTICLES = frozenset({"oi", "a", "v", "vay", "nhe", "nha", "nhi", "voi"})


def _drop_address(words: list[str]) -> list[str]:
    """ "chủ đề … là j v mn": the people addressed after the question (and the particles around
    them) are no part of it; their words ("người") would otherwise count as the question's."""
    folded = [_folded(w) for w in words]
    end, found = len(folded), False
    while end > 2:
        if folded[end - 1] in _TAIL_PARTICLES:
            end -= 1
            continue
        size = next((len(a) for a in _ADDRESSEES if tuple(folded[end - len(a) : end]) == a), 0)
        if not size or end - size < 2:
            break
        end, found = end - size, True
    return words[:end] if found else words


def _complete(clause: str) -> bool:
    """A question that says what it asks by itself: long enough, and with words naming a thing."""
    folded = [_folded(w) for w in clause.split()]
    if len(folded) < _COMPLETE_QUESTION_WORDS:
        return False
    named = [w for w in folded if w not in _CUE_WORDS and w not in POLITE_WORDS and w not in _NOT_CONTENT]
    return len(named) >= _COMPLETE_CONTENT_WORDS


def _about_asker(clause: str) -> bool:
    """A clause that asks nothing and speaks of the asker ("năm nay trường em được giao in băng rôn").
    The pronoun is matched as typed: folded, "tôi" would be "tới"."""
    folded = [_folded(w) for w in clause.split()]
    typed = _typed(clause.split())
    return not _asks(_core(folded)) and any(w in SELF_WORDS for w in typed)


_INTENT = re.compile(r"\b(?:muon|du dinh|co y dinh|dang tinh)\b")  # not "định" alone: "quy định"


def _intends(clause: str) -> bool:
    """ "Trường muốn tổ chức lớp tập huấn …", "chi đoàn dự định rủ mọi người …": what the asker means to do."""
    return bool(_INTENT.search(" ".join(_folded(w) for w in clause.split())))


def _pointed_at(clause: str) -> set[str]:
    """The words a question points at: each word before "đó", "ấy", "kia" ("quỹ đó" -> "quy")."""
    words = [_folded(w) for w in clause.split()]
    return {words[i - 1] for i, w in enumerate(words) if i and w in REFERRING_WORDS}


def _refers_back(clause: str) -> bool:
    """ "lớp đó dành cho ai", "cái ấy ở đâu": the question points at what a clause before it said."""
    return any(w in REFERRING_WORDS for w in (_folded(w) for w in clause.split()))


_CHECK_WORDS = frozenset("co dung phai vay the khong ko k a ha nhi chu khong a ad".split())


def _only_checks(clause: str) -> bool:
    """ "có đúng vậy không ạ": a check of what the clauses before it say, which are its content."""
    words = [_folded(w) for w in clause.split()]
    return bool(words) and all(w in _CHECK_WORDS for w in words) and ("dung" in words or "phai" in words)


def _checked_statement(clauses: list[tuple[str, str, bool, bool]], sentence_of: list[int]) -> Split | None:
    """ "Chị hiệu trưởng dặn em là trường nộp báo cáo … trước ngày 15/10, có đúng vậy không ạ?": the one
    question only checks; the clauses of its sentence before it say what is checked."""
    strong = [i for i, (*_, is_strong) in enumerate(clauses) if is_strong]
    if len(strong) != 1 or not _only_checks(clauses[strong[0]][0]):
        return None
    at = strong[0]
    before = [i for i in range(at) if sentence_of[i] == sentence_of[at] and clauses[i][0]]
    if not before:
        return None
    asking = [clauses[i][0] for i in (*before, at)]
    around = [typed for i, (_, typed, _, _) in enumerate(clauses) if i not in before and i != at]
    return Split(", ".join(asking), ", ".join(around))


def _kind(folded: list[str], asked: bool) -> str:
    if not folded or all(w in POLITE_WORDS for w in folded):
        return "polite"
    if asked:
        return "question"
    joined = " ".join(folded)
    if _INTRO.match(joined):
        # "em là giáo viên mới ra trường ạ": a closing particle ("ạ", "nhé") asks nothing by itself
        return "question" if _asks(_core(folded)) else "intro"
    if _asks(folded):
        return "question"
    if "cam on" in joined or joined in ("thanks", "thank you", "tks"):
        return "polite"
    return "question"


def _introduction(introducing: list[bool], strong: list[bool], sentence_of: list[int]) -> set[int]:
    """The clauses before the marked question that introduce the asker or their family, and those
    that go on from them in the same sentence ("mình là giáo viên mới chuyển về … được mấy tháng,
    chưa nắm rõ lắm, cho mình hỏi …"): context, though "mấy" or "chưa" look like question words.
    A new sentence ("Trong mẫu báo cáo …") may say what the question is about."""
    first = next((i for i, s in enumerate(strong) if s), None)
    out: set[int] = set()
    going_on = False
    for i in range(first or 0):
        same_sentence = i > 0 and sentence_of[i] == sentence_of[i - 1]
        going_on = introducing[i] or (going_on and same_sentence)
        if going_on:
            out.add(i)
    return out


def split_question(text: str) -> Split:
    """The asking clauses of a message and the clauses around them (both as typed).

    When a clause is marked as the question ("cho em hỏi …", or one ending in "?"), the other
    clauses that ask nothing ("năm nay trường em được giao in băng rôn") are context, not question."""
    clauses: list[tuple[str, str, bool, bool]] = []  # (kept, as typed, is a question, marked as the question)
    sentence_of: list[int] = []  # the sentence each clause belongs to
    asking_sentences: set[int] = set()  # sentences with a clause that really asks
    telling_sentences: set[int] = set()  # sentences with a greeting, an introduction or an apology
    introducing: list[bool] = []  # clauses that open like an introduction ("mình là giáo viên …")
    marker_pending = False
    marked_text = strip_diacritics(text) != text
    for match in _CLAUSE.finditer(text):
        words = match.group(1).split()
        if not words:
            continue
        sentence = len(_SENTENCE_END.findall(text, 0, match.start()))
        kept, marked = _strip_lead(words)
        if marked and kept and _folded(kept[0]) in _PURPOSE_LEADS:
            kept, marked = [], False  # "em hỏi để sắp xếp công việc", "tôi hỏi vì …": why they ask, not what
        kept = _drop_address(_drop_purpose(kept))
        folded = [_folded(w) for w in kept]
        if marked_text:  # typed with marks, a bare "may" is "may" (sew, luck), not the question word "mấy"
            folded = [_NOT_MAY if _typed_word(w) == "may" else f for f, w in zip(folded, kept, strict=True)]
        asked = bool(match.group(2))
        question = _kind(folded, asked=asked) == "question"
        really_asks = _asks(_core(folded))
        strong = question and ((asked and really_asks) or ((marked or marker_pending) and bool(kept)))
        if question and kept:
            marker_pending = False  # the clause the marker announced has come
        if marked and not (question and kept):
            marker_pending = True  # "cho em hỏi, em là …, …": the question is still to come
        clauses.append((" ".join(kept), " ".join(words), question, strong))
        introducing.append(not strong and bool(_INTRO.match(" ".join(folded))))
        sentence_of.append(sentence)
        if question and kept and (really_asks or strong):
            asking_sentences.add(sentence)
        if not question or _APOLOGY.match(" ".join(folded)) or _about_asker(" ".join(kept)):
            telling_sentences.add(sentence)
    strong_ones = [kept for kept, _, _, strong in clauses if strong]
    strong_flags = [strong for *_, strong in clauses]
    checked = _checked_statement(clauses, sentence_of)
    if checked is not None:
        return checked
    questioned = {sentence_of[i] for i, strong in enumerate(strong_flags) if strong}
    # the clauses asking in the sentences of the question ("Quỹ đó tên là gì, và dùng để … gì?")
    asking_there = [i for i, (_, _, question, _) in enumerate(clauses) if question and sentence_of[i] in questioned]
    if strong_ones and any(_refers_back(clauses[i][0]) for i in asking_there):
        # "…, chủ đề năm đó là gì": what the question points at may be any clause before it, but not a
        # sentence introducing the asker ("Tôi là giáo viên về hưu, đang sắp xếp …. Năm 2021 …") — unless
        # that sentence names the thing pointed at ("quỹ đó") and the question's own sentence does not
        # ("mẹ tôi …, nghe nói … lập một cái quỹ …. Quỹ đó tên là gì"); in the question's own sentence
        # it stays ("em là học sinh, em nghe nói có lớp tập huấn …, vậy lớp đó dành cho ai")
        pointed = {w for i in asking_there for w in _pointed_at(clauses[i][0])}
        said = {
            _folded(w)
            for i, (kept, *_) in enumerate(clauses)
            if sentence_of[i] in questioned and not _refers_back(kept)
            for w in kept.split()
        }
        pointed -= said
        introduced = {
            i
            for i in _introduction(introducing, strong_flags, sentence_of)
            if sentence_of[i] not in questioned and not pointed & {_folded(w) for w in clauses[i][0].split()}
        }
        clauses = [(k, t, q and i not in introduced, s) for i, (k, t, q, s) in enumerate(clauses)]
    elif strong_ones:
        # beside a question complete by itself, a sentence that asks nothing is a remark when it
        # greets, introduces or apologises ("tôi là cán bộ hưu trí, rất quan tâm phong trào khuyến
        # học.", "Xin lỗi đã làm phiền ad.") or comes after the question; not a statement of its
        # own before it ("Sau Tuần lễ xã phải tổng hợp báo cáo. Gửi về đâu?" asks about that report)
        complete = any(_complete(kept) for kept in strong_ones)
        last = max(asking_sentences, default=-1)

        intending = {sentence_of[i] for i, (kept, *_) in enumerate(clauses) if _intends(kept)}

        def remark(i: int) -> bool:
            sentence = sentence_of[i]
            if sentence in asking_sentences:
                return False
            # a sentence saying what the asker wants to do ("trường muốn tổ chức lớp tập huấn …") is context
            return sentence in telling_sentences or sentence > last or sentence in intending

        introduced = _introduction(introducing, strong_flags, sentence_of) if complete else set()
        last_strong = max(i for i, strong in enumerate(strong_flags) if strong)

        def told_after(i: int) -> bool:
            # "…?, sếp bảo em xem đơn vị mình có trong danh sách không": after a complete question, the
            # asker's own story (a pronoun of the asker), though it holds a "có … không"
            return complete and i > last_strong and any(w in SELF_WORDS for w in _typed(clauses[i][0].split()))

        clauses = [
            (
                kept,
                typed,
                question
                and i not in introduced
                and (strong or not _about_asker(kept))
                and (strong or not complete or not remark(i))
                and (strong or not told_after(i)),
                strong,
            )
            for i, (kept, typed, question, strong) in enumerate(clauses)
        ]
    asking = [kept for kept, _, question, _ in clauses if question]
    around = [typed for _, typed, question, _ in clauses if not question]
    if not asking:  # nothing looked like a question: take the message as it is
        return Split(text, "")
    return Split(", ".join(asking), ", ".join(around))


__all__ = ["Split", "split_question"]
