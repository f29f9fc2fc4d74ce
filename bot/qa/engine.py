"""The answering engine: question in, one of answered / clarify / unknown out.

Scoring is the share of the question's informative terms (IDF-weighted words and
word pairs) that a fact covers. Words the knowledge base has never seen weigh the
most, so a question about something no plan states stays unanswered instead of
being matched to the nearest-sounding fact. A fact must also hold the kind of
value asked for (a date for "khi nào", a place for "ở đâu", a number for "bao nhiêu").
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

from rapidfuzz import fuzz

from bot import messages
from bot.cache import DiskCache
from bot.kb.schema import Plan
from bot.memory import paused_gc, release_freed_memory
from bot.messages import qa as qa_messages
from bot.qa import choices
from bot.qa.analyze import SYNONYM_WORDS, canonical, typed_nouns
from bot.qa.candidates import CandidateSelector
from bot.qa.clauses import split_question
from bot.qa.conversation import CONVERSATION_TTL, Conversation, Pending
from bot.qa.dates import DateRefs, DayRef, days_phrase, find_dates
from bot.qa.facts import Fact, plan_label, plan_source, vn_date
from bot.qa.index import stored_index
from bot.qa.lexicon import (
    ANNEX_CONTENT,
    ASKED_KIND_NOUNS,
    ASKS_COUNT,
    ASKS_DATE,
    ASKS_DAYS_LEFT,
    ASKS_DUTIES,
    ASKS_METHOD,
    ASKS_NAME,
    ASKS_NUMBER_ID,
    ASKS_OVERDUE,
    ASKS_ROLE,
    ASKS_TIME,
    ASKS_VENUE,
    ASKS_WHO,
    AUTHORITIES,
    BODY_WHICH_KINDS,
    CONTENT_FORMS,
    DOMAIN_WORDS,
    DUTY_ASKING_WORDS,
    EVIDENCE_LABELS,
    EVIDENCE_NOT_ASKED,
    FORM_WORDS,
    FRAMING,
    HEAD_FILLERS,
    KIND_CUES,
    NOT_LOCALITY_LEADS,
    NOT_PLACE_NAME_WORDS,
    PEOPLE_NOUNS,
    PEOPLE_WHERE,
    PERSON_TITLES,
    PLACE_NOUNS,
    PLACE_WHICH_KINDS,
    PLACE_WHICH_PLURAL,
    POLITE_WORDS,
    PROPER_NAMED_KINDS,
    QUESTION_WORDS,
    REQUIRED_EVIDENCE,
    SMALL_TALK_PATTERN,
    STOPWORDS,
    TEACHING_WORDS,
    TIME_ASKED_AFTER,
    TIME_UNITS,
)
from bot.qa.parts import question_parts
from bot.qa.reason import Reasoned, Reasoner
from bot.qa.scope import Scope, ScopeFinder
from bot.qa.spelling import Speller
from bot.text import clean, fold, is_meaningful, marked_words, strip_diacritics, tokens

Status = Literal["answered", "clarify", "unknown"]

LOW_THRESHOLD = 0.4  # ... or this much, when the best fact leads all others by STANDOUT_GAP
STANDOUT_GAP = 0.15
BLOCKED_LEAD = 0.25  # a best fact lacking what is asked this far ahead of the best usable one: "không nêu"
ANSWER_THRESHOLD = 0.5  # share of the question's weight a fact must cover
CLEAR_MATCH = 0.8  # a fact covering this much of the question is answered even if a named kind is absent
DISCRIMINATING_WEIGHT = 3.0  # IDF weight of a single-plan term that settles which plan is meant
CLARIFY_FLOOR = 0.25
CLARIFY_GAP = 0.35  # with no locality named, plans scoring within this of the best are all plausible
WEEK_DATES_BONUS = 0.15  # the week's period, when the week's dates are all that is asked
DEFAULT_KIND_BONUS = 0.1  # the question names the kind of fact ("chủ đề", "khai mạc", "hạn")
KIND_BONUS = {"signer": 0.25, "issuer": 0.15, "document": 0.15, "recipients": 0.15, "theme": 0.2}
WHO_KINDS = frozenset({"responsibility", "reporting", "issuer", "signer", "participants"})
WHO_BONUS = 0.05  # "ai / đơn vị nào": facts that name a unit
# Kinds a plan may simply not state: asked for by name and absent, the honest answer is "không nêu".
STATED_OR_UNKNOWN = frozenset({"signer", "closing", "budget", "email", "recipients", "opening", "contact", "session"})
# Kinds of fact that name no one who acts: "ai trình bày chuyên đề" is not answered by the session itself
NO_AGENT_KINDS = frozenset({"session", "period", "theme", "document", "based_on", "template", "slogan", "closing"})
COPIED_BLOCKS = frozenset({"người thực hiện", "địa điểm cụ thể"})  # what a plain copy of a typed fact lacks too
SENDER_BONUS = 0.2  # a reporting duty of the unit the question says reports ("xã báo cáo về đâu")
UNIT_BONUS = 0.12  # a task of the organisation the question names ("phòng GD&ĐT làm gì")
LIST_KINDS = frozenset({"session", "based_on"})  # "những chuyên đề nào": list every one
MAX_TASKS_SHOWN = 8  # a unit's tasks listed for "đơn vị X làm những việc gì"
ONE_OF_LIST_GAP = 0.3  # a list item this far ahead of the others is the one asked about, not the list
SECOND_FACT_GAP = 0.1  # a second fact of the same plan is added when this close
FULLER_VENUE_GAP = 0.15  # a close fact naming the same venue more fully is preferred
MAX_QUESTION_TOKENS = 80
CONTEXT_CREDIT = 0.5  # a term found only in an adjacent sentence of the same paragraph counts half
SPELLING_CUTOFF = 84  # a typed word is read as a word of the plans this similar (fuzz.ratio)
MANY_PLANS = 20  # above this many plans in scope, candidates come from the global index
MAX_OPTIONS = 8  # localities offered in one clarification
MAX_CANDIDATES = 100  # on a large scope, facts fully scored
POSTINGS_BUDGET = 1500  # postings read to select candidates on a large scope
DATE_BONUS = 0.35  # the fact is dated on the day the question names
GENERIC_QUESTION_WEIGHT = 3.0  # below this total weight a question with a day asks what happens that day
CONTEXT_SHOWN = 0.08  # show the adjacent sentence when it earned this much of the score
TYPED_BONUS = 0.01  # on a tie, prefer a fact composed from a typed field
DIACRITIC_CREDIT = 0.5  # credit for a word matched only once diacritics are ignored
NOVEL_PENALTY = 0.75  # per word pair of the question that no plan contains
PAIR_UNSEEN = 0.4  # weight (share of the top IDF) of a word pair no plan contains
SEP = "|"
MIN_CONTENT_WEIGHT = 2.0  # a question whose words weigh less than this (one common word) is too vague
FOLLOW_UP_WORDS = 2  # a question with at most this many content words, after another, continues it
PRIOR_WEIGHT = 0.35  # weight of the previous question's words in a follow-up
PRIOR_FACT_BONUS = 0.15  # a fact the previous answer gave, asked about again ("mấy giờ?" after the opening)
SPAN_ON_DAY = 0.9  # the week itself, for a question about a day within it
AVOID_FACTOR = 0.7  # "còn X?": the fact just given is not the one asked for now
SAID_SHARE = 0.8  # a part's answer whose words the whole's answer holds this much adds nothing
COVER_SHARE = 0.95  # a part of a message is answered by the whole's facts scoring this share of its best
#: kinds of fact that date a document (the plan itself, the công văn it implements), not the week
DOCUMENT_KINDS = frozenset({"document", "based_on", "issuer", "signer"})
#: how a sentence cites a document by its number ("Thực hiện Công văn số 2996/…")
_CITES_DOCUMENT = (("cong", "van", "so"), ("quyet", "dinh", "so"), ("ke", "hoach", "so"))
_CITES_DOCUMENT_TEXT = tuple(f" {' '.join(p)} " for p in _CITES_DOCUMENT)
#: each REQUIRED_EVIDENCE proof as phrases with a space at both ends (to look them up in `Fact.text`)
_PADDED_PROOF = {proof: tuple(f" {p} " for p in proof) for _, proof in REQUIRED_EVIDENCE}


@functools.lru_cache(maxsize=16384)
def _proofs_held(text: str) -> frozenset[tuple[str, ...]]:
    """The REQUIRED_EVIDENCE proofs a sentence (`Fact.text`) states, one of their phrases at least:
    found once per sentence (plans repeat their template's sentences), not per fact and question."""
    return frozenset(proof for proof, padded in _PADDED_PROOF.items() if any(p in text for p in padded))


@functools.lru_cache(maxsize=4096)
def _padded(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The phrases with a space at both ends, made once per tuple of phrases (the parser's cue
    lists, its literals and the plans' unit names), not at every question."""
    return tuple(f" {p} " for p in phrases)


def _by_first_word(groups: Sequence[Sequence[str]]) -> dict[str, list[tuple[str, int]]]:
    """Each phrase of these groups, with a space at both ends and its group's number, under its
    first word: a phrase is in a text of words between spaces only if its first word is one of them."""
    index: dict[str, list[tuple[str, int]]] = {}
    for number, phrases in enumerate(groups):
        for phrase in phrases:
            index.setdefault(phrase.split(" ")[0], []).append((f" {phrase} ", number))
    return index


def _groups_found(index: dict[str, list[tuple[str, int]]], *texts: str) -> set[int]:
    """The numbers of the groups (see `_by_first_word`) with a phrase in one of these texts (words
    between single spaces, a space at both ends): only the phrases starting with a word of theirs
    are looked up, not every phrase of every group."""
    found: set[int] = set()
    for word in {w for text in texts for w in text.split(" ")}:
        for padded, number in index.get(word, ()):
            if number not in found and any(padded in text for text in texts):
                found.add(number)
    return found


_EVIDENCE_CUES = _by_first_word([cues for cues, _ in REQUIRED_EVIDENCE])
_KINDS = tuple(KIND_CUES)
_KIND_CUES = _by_first_word([KIND_CUES[kind] for kind in _KINDS])
MAX_TOPIC_WORDS = 30
# a report sent, whose date asked is a deadline ("nộp báo cáo ngày nào"; "báo cáo viên" is a speaker)
REPORT_SENT = ("nop bao cao", "gui bao cao", "bao cao ket qua", "bao cao truoc", "bao cao ve", "nop bc", "gui bc")
_PLACE_LEADS = frozenset({"xa", "phuong", "huyen", "tinh", "tp", "thi", "tran", "o", "tai", "con", "the"})
_THIS_YEAR = re.compile(r"\bnam nay\b")
# "còn phòng văn hóa?" contrasts; "còn mấy ngày", "còn hạn không" do not
# words that make "tổng kết" the report's summing-up (a section, a report sent), not a closing ceremony
REPORT_WORDS = ("bao cao", "mau", "ban tong ket", "phan tong ket", "bieu mau", "gui", "nop")
_COMPARES = re.compile(r" (?:khac|giong|so voi|khac nhau|giong nhau|khac biet) ")
_CONTRAST = re.compile(r"^(?:(?:the|vay|nhung)\s+)*con\b(?! (?:may|bao|gi|lai|nua|ai|khong|chua|han|kip|duoc|co)\b)")
# "ở đó", "hôm đó", "kế hoạch ấy": a question that refers back to the previous answer
_REFERS_BACK = re.compile(r"(?<!\w)(đó|đấy|ấy|kia)(?!\w)")
_REFERS_BACK_FOLDED = re.compile(
    r"\b(?:o|hom|ngay|nam|cai|buoi|le|chuyen de|cong van|van ban|noi|cho|dot|hoat dong|lop|cuoc thi)"
    r" (?:do|ay|day)\b"
)
#: every kind's cues, padded, the longest first: a cue inside a longer one of another kind is that kind's
_CUES_LONGEST_FIRST = sorted(
    ((kind, f" {cue} ") for kind, cues in KIND_CUES.items() for cue in cues), key=lambda kc: -len(kc[1])
)
# "hôm đó còn (là ngày) gì nữa", "ngày đó có gì khác": another thing of that day
_WHAT_ELSE_THAT_DAY = re.compile(r"\b(?:hom|ngay) (?:do|ay)\b.*\b(?:gi|j|nao) (?:nua|khac)\b")
# "ở đó", "bên đấy": a reference to the previous answer's place only (its locality carries over); "kế
# hoạch đó", "báo cáo đó" to its plan as a whole ("kế hoạch đó thực hiện theo văn bản nào" after the theme)
_PLACE_REFERENCE = re.compile(r"(?<!\w)(?:ở|tại|bên|kế hoạch|báo cáo)\s+(?:đó|đấy|ấy|kia|này)(?!\w)", re.IGNORECASE)
_PLACE_REFERENCE_FOLDED = re.compile(r"\b(?:o|tai|ben|ke hoach|bao cao) (?:do|ay|day|kia|nay)\b")
_SMALL_TALK = re.compile(SMALL_TALK_PATTERN)
# "ai trình bày", "người nào dạy": someone who acts (not "ai tham gia", which a number of learners answers)
_ASKS_PERSON = re.compile(r" (?:ai|nguoi nao)(?! (?:tham gia|du|duoc|hoc)\b)(?= )")
# "ai hướng dẫn …" (first), "do ai tổ chức", "ai là người …": who acts; not "dành cho ai" (who benefits)
_ASKS_AGENT = re.compile(r"^ (?:ai|nguoi nao)(?! (?:tham gia|du|duoc|hoc)\b) |(?: do| boi) (?:ai|nguoi nao) ")
# kinds of sentence written without a subject ("Tổ chức …", "Khuyến khích …"): they say who acts only by naming it
# what a question may ask beside a value the fact gives ("có bao nhiêu học viên, ai giảng"): an attribute of
# the event no plan states, said to be missing in an answer that gives the rest (not a subject outside the
# plans' field, nor a name or a place the question is about)
PARTIAL_ATTRIBUTES = frozenset(
    {*(v for k, v in EVIDENCE_LABELS.items() if k not in ("dia chi", "tru so")), "người thực hiện"}
)
_TWO_PARTS = re.compile(r"[,;]|\s(?:và|va|với lại|còn)\s", re.IGNORECASE)
# kinds whose place is where something is sent (the recipients, a report's addressee): they answer
# "gửi / nộp … ở đâu", not where a body is or where something happens
DESTINATION_KINDS = frozenset({"recipients", "reporting"})
SENDING_WORDS = ("gui", "nop", "bao cao", "nhan", "chuyen", "goi", "phat hanh", "tong hop", "chuyen den", "den tay")
SUBJECTLESS_KINDS = frozenset({"activity", "objective", "requirement", "extra"})
KIND_MODIFIERS = 2  # words that may stand between a kind of body and "nào"
AGENT_HEAD_WORDS = 6  # the subject of a sentence that names who acts stands in its first words
# "học ở nhà văn hóa thôn nào", "tổ chức tại trường nào": a venue asked by the kind of place
_AT_WHICH_PLACE = re.compile(r" (?:o|tai) (?:" + "|".join(PLACE_NOUNS) + r")(?: \w+){0,3} nao ")
PLURAL_PLACES = ("nhung dau", "nhung noi", "nhung cho", "cac noi", "noi nao", "nhung dia diem")
_REPORT_VERB = re.compile(r" (?:bao cao|gui|nop|tong hop) ")
_LEVEL_WORDS = frozenset({"xa", "phuong", "huyen", "tinh", "thi tran", "thanh pho"})
# "kế hoạch ban hành / ký ngày nào": the plan's own date line
ISSUED_WORDS = ("ban hanh", "ky", "ky ban hanh", "ra doi", "phat hanh", "duoc ky")
OTHER_DOCUMENTS = ("cong van", "quyet dinh", "can cu", "thuc hien", "van ban can cu", "theo")
COMPARISON_WORDS = frozenset({"khac", "giong", "nhau", "chung", "cung", "so", "sanh", "biet", "hay", "voi"})

KIND_LABELS = {
    "theme": "chủ đề",
    "period": "thời gian tổ chức",
    "opening": "lễ khai mạc",
    "closing": "tổng kết",
    "document": "số và ngày ban hành",
    "issuer": "cơ quan ban hành",
    "signer": "người ký",
    "based_on": "văn bản căn cứ",
    "reporting": "hạn và nơi gửi báo cáo",
    "session": "chuyên đề",
    "budget": "kinh phí",
    "contact": "liên hệ",
    "email": "địa chỉ email",
    "recipients": "nơi nhận",
}


@dataclass
class Option:
    plan_id: str
    label: str


@dataclass(frozen=True)
class Suggestion:
    key: str  # "<kind>|<plan id>": short enough for Telegram callback data
    text: str


@dataclass
class Answer:
    status: Status
    text: str
    plans: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)  # localities to choose from (clarify)
    suggestions: list[Suggestion] = field(default_factory=list)  # questions it can answer (unknown)
    topic: str | None = None  # kind of fact used, for officials' digest
    conversation: Conversation | None = None  # the chat's state after this turn: store it, pass it back next turn
    fact_refs: list[str] = field(default_factory=list)  # the facts the answer gave (kept in the conversation)
    #: the plans the question itself was about (a locality it names, or the one plan in scope), for
    #: the officials' digest: an unanswered "ở Đăk Plô ai nấu cơm?" is Đăk Plô's, though no fact answered it
    asked_about: list[str] = field(default_factory=list)


@dataclass
class Query:
    typed: dict[str, set[str]]  # folded word -> forms the user typed with diacritics
    weights: dict[str, float]
    dates: DateRefs
    asks_date: bool
    asks_time: bool
    asks_venue: bool
    asks_count: bool
    machines_only: bool  # every "may" of the question may be "máy" ("nhà máy"), not the "mấy" of a count
    asks_days_left: bool
    asks_overdue: bool
    scope: Scope
    kinds: frozenset[str] = frozenset()  # kinds of fact the question names
    asks_who: bool = False
    asks_duties: bool = False  # "làm những việc gì", "nhiệm vụ gì": a unit's tasks, all of them
    asks_deadline: bool = False  # "hạn báo cáo", "báo cáo trước ngày nào": a reporting deadline
    asks_end: bool = False  # "kết thúc": the end of the period, not its start
    person_titles: tuple[str, ...] = ()  # "ai là chủ tịch …": a person with this title is asked for
    evidence: tuple[tuple[str, ...], ...] = ()  # for each attribute asked (fee, registration…): what shows it
    units: tuple[str, ...] = ()  # organisations of the plans in scope that the question names
    topic: str = ""  # the question's content words (no locality, year, question words), kept for follow-ups
    asked: str = ""  # its question words ("khi nao", "o dau"), kept for a follow-up that has none
    earlier: str = ""  # content words of earlier turns of the conversation (weaker context)
    cued: bool = False  # the question says what it asks (a question word), not only a topic
    prior: frozenset[int] = frozenset()  # id() of facts the previous answer gave (a follow-up)
    folded: str = ""  # the question's words, folded and canonical, without its locality and year
    spoken: str = ""  # the question's words, folded, localities kept (which part names which plan)
    names_place: bool = False  # the question names a locality, province or year of its own
    contrast: bool = False  # "còn …", "thế còn …": something other than what was just answered
    avoid: frozenset[int] = frozenset()  # id() of facts a contrasting follow-up does not mean
    asks_person: bool = False  # "ai trình bày", "người nào": someone who does something, not a date or a topic
    asks_agent: bool = False  # "ai hướng dẫn …", "… do ai tổ chức": who acts, as the subject of the verb
    agent_verb: str = ""  # the word after "ai" ("huong" of "ai hướng dẫn"), whose subject is asked
    asks_places: bool = False  # "ở những đâu", "những nơi nào": several places, a general one will do
    senders: frozenset[str] = frozenset()  # units named before "báo cáo / gửi": who reports
    named_units: frozenset[str] = frozenset()  # organisations of the plans in scope the question names
    unknown_name: str = ""  # a name the question writes in capitals ("Ngày Sách") that no plan in scope holds
    which: tuple[str, ...] = ()  # "doanh nghiệp công nghệ nào": the words before "nào" (folded), a name asked for
    which_body: str = ""  # "cơ quan nào", "đơn vị nào" (one, not "những"): a body of this kind is asked for
    which_place: str = ""  # "tại xã nào", "thôn nào": one place of a kind (folded), asked within a locality named
    about_form: bool = True  # the question is about the report form: its lines may answer
    asks_form_content: bool = False  # "phụ lục 1 / mẫu báo cáo gồm những mục nào": only a form's own lines answer
    counted: tuple[str, ...] = ()  # "bao nhiêu người / con voi": the noun whose number is asked
    counted_after: bool = True  # the noun follows the question word ("bao nhiêu người"), or precedes it
    # "Covid-19 có những triệu chứng gì": the attribute asked (its content words, folded) and how it was typed;
    # a fact that holds none of its words says nothing of it, whatever else of the question it shares
    attribute: tuple[str, ...] = ()
    attribute_label: str = ""
    attribute_whole: bool = False  # asked as "có những … gì": a compound to be found whole, not by a syllable
    contents_of: frozenset[str] = frozenset()  # "Giải pháp phòng chống tội phạm gồm những gì": the titled thing
    name_of: tuple[str, ...] = ()  # "trợ lý ảo … tên là gì": the thing whose own name is asked (folded words)
    own_terms: frozenset[str] = frozenset()  # a follow-up's own words (its weights hold the previous turn's too)
    two_parts: bool = False  # "… bao nhiêu học viên và ai giảng": two things asked, joined ("và", a comma)
    category: tuple[str, ...] = ()  # "người dân những vùng nào": the kind of thing the answer should name
    asks_role: bool = False  # "phòng GD&ĐT đóng vai trò gì": what a unit named is or does
    asks_method: bool = False  # "làm sao để …": how one does something, which no plan tells
    sends: bool = False  # "gửi / nộp / báo cáo … ở đâu": a destination (the recipients, a report's) answers "where"


@dataclass(slots=True)
class Scored:
    fact: Fact
    score: float
    blocked: str | None = None  # why the fact cannot answer (lacks date/place/number)
    from_context: float = 0.0  # part of the score owed to the neighbouring sentences


class Engine:
    def __init__(self, plans: list[Plan], cache: DiskCache | None = None):
        """`cache`: the fact index is taken from it when it was built for the same plans by the same
        code, else built and stored there (see `stored_index`)."""
        with paused_gc():  # millions of objects for a province: see bot/memory.py
            self._build(plans, cache)
        release_freed_memory()

    def _build(self, plans: list[Plan], cache: DiskCache | None) -> None:
        self.plans = {p.id: p for p in plans}
        self.order = [p.id for p in sorted(plans, key=lambda p: (-p.year, p.id))]
        self.scope_finder = ScopeFinder(plans)
        self.index = stored_index(plans, cache)
        self.candidates = CandidateSelector(self.index)
        self.speller = Speller(self.index.vocab, SPELLING_CUTOFF)
        # word pairs of the plans by their first word, for a typo that is itself a word ("khai giản")
        self.pair_next: dict[str, set[str]] = {}
        for term in self.index.idf:
            first, _, second = term.partition(" ")
            if second and " " not in second:
                self.pair_next.setdefault(first, set()).add(second)
        self.reasoner = Reasoner(
            self.plans,
            lambda plan_id, kind: self.index.kind_facts.get((plan_id, kind), []),
            frozenset(plan_id for plan_id, kind in self.index.kind_facts if kind == "session"),
            lambda plan_id: self.index.by_plan.get(plan_id, []),
        )
        self._unit_names: dict[str, dict[str, list[tuple[str, str, bool, bool]]]] = {}  # see _unit_names_of
        self._agents: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # see _agents_of

    # ----------------------------------------------------------------- public
    def answer(
        self,
        question: str,
        today: dt.date | None = None,
        plan_context: str | None = None,
        *,
        conversation: Conversation | None = None,
        now: dt.datetime | None = None,
        ttl: dt.timedelta = CONVERSATION_TTL,
    ) -> Answer:
        """Answer one turn of a chat.

        `plan_context` is the locality the user chose (a button); `conversation` the chat's state
        returned with the previous answer (`Answer.conversation`), ignored when the silence since
        it, measured at `now`, is longer than `ttl`. See bot/qa/conversation.py."""
        today = today or (now.date() if now else dt.date.today())
        state = conversation if conversation is not None and not conversation.expired(now, ttl) else Conversation()
        if plan_context != state.chosen and not state.empty:  # a new locality chosen: it replaces the chat's
            state = replace(state, plan_ids=[], chosen=plan_context)
        answer, query = self._turn(question, today, plan_context, state)
        if query is not None:
            scope = query.scope
            answer.asked_about = list(scope.localities or (scope.plan_ids if len(scope.plan_ids) == 1 else []))
        answer.conversation = replace(self._remember(state, answer, query, question, now), chosen=plan_context)
        return answer

    def answer_option(
        self,
        plan_id: str,
        *,
        conversation: Conversation | None,
        today: dt.date | None = None,
        plan_context: str | None = None,
        now: dt.datetime | None = None,
        ttl: dt.timedelta = CONVERSATION_TTL,
    ) -> Answer | None:
        """The clarified question answered for the option the user picked (a button), or None when
        the conversation has no pending clarification offering that plan (an old button)."""
        state = conversation
        if state is None or state.expired(now, ttl) or state.pending is None or plan_id not in state.pending.options:
            return None
        number = state.pending.options.index(plan_id) + 1
        return self.answer(str(number), today, plan_context, conversation=state, now=now, ttl=ttl)

    def _turn(
        self, question: str, today: dt.date, plan_context: str | None, state: Conversation
    ) -> tuple[Answer, Query | None]:
        text = clean(question)
        if not is_meaningful(text):
            return self._unknown(messages.ANSWER_NOT_TEXT, None), None
        if _SMALL_TALK.match(" ".join(tokens(text))):
            return self._unknown(messages.SMALL_TALK, [plan_context] if plan_context in self.plans else None), None
        context = state.plan_id or plan_context
        option = self._typed_option(text, state)
        if option is not None and state.pending is not None:
            query = self._parse(state.pending.topic, today, option)
            return self._respond(query, today), query
        split = split_question(text)
        query = self._parse(split.question, today, context, around=split.around)
        if query.dates.relative and context != plan_context and self._out_of_year(context, today):
            # "hôm nay có gì" after a turn about a plan of another year: today is in the chosen locality's
            # (or this year's) plans, not in that one's
            context = plan_context
            query = self._parse(split.question, today, context, around=split.around)
        compared = self._compared_with_previous(query, split.question, split.around, state, today)
        if compared is not None:  # "khác gì so với chủ đề ở Thanh Bình": the previous plan against this one
            return self._respond(compared, today), compared
        follow = self._follow_up(query, text, state)
        if follow == "place":  # "thế còn ở An Lão?": the previous question, about another place
            prior = state.pending.topic if state.pending else self._previous_question(state, today)
            resolved = self._parse(f"{prior} {split.question}", today, context, around=split.around)
            if not state.pending:  # the topic stays what it was; only the place changed
                if state.earlier:  # older context, as in `_merge`: a turn further back weighs less
                    resolved = self._add_context(resolved, state.earlier, today, PRIOR_WEIGHT * PRIOR_WEIGHT)
                resolved = replace(resolved, topic=state.topic, asked=state.asks, earlier=state.earlier)
            return self._respond(resolved, today), resolved
        if follow == "topic":  # "mấy giờ?", "ở đó có gì": this question, about what was just asked
            merged = self._merge(query, state, today)
            merged = self._on_that_day(merged, query)
            answer = self._respond(merged, today)
            if answer.status == "answered" or not any(w > 0 for w in query.weights.values()):
                return answer, merged
            plain = self._respond(query, today)
            return (plain, query) if plain.status == "answered" else (answer, merged)
        whole = self._respond(query, today)
        return self._by_parts(split.question, split.around, query, whole, today, context), query

    def _previous_question(self, state: Conversation, today: dt.date) -> str:
        """The previous question without its place, in its own word order when it was a question of
        its own ("kế hoạch Thanh Bình ai ký" -> "ke hoach ai ky": "ký ai" would ask something else),
        else its resolved topic and question words."""
        resolved = f"{state.topic} {state.asks}".strip()
        if state.question:
            typed = self._parse(state.question, today, None)
            if set(resolved.split()) <= set(typed.folded.split()):
                return typed.folded
        return resolved

    def _out_of_year(self, plan_id: str | None, today: dt.date) -> bool:
        return plan_id in self.plans and self.plans[plan_id].year != today.year

    def _by_parts(
        self, question: str, around: str, query: Query, whole: Answer, today: dt.date, context: str | None
    ) -> Answer:
        """A message asking several things ("… từ ngày nào và gửi báo cáo qua email nào?") answered
        part by part: the answer to the whole, and the answer to each part it does not cover."""
        parts = question_parts(question)
        if len(parts) < 2 or whole.status == "clarify":
            return whole
        queries: list[Query] = []
        answers: list[Answer] = []
        computed: list[bool] = []  # the part's answer is a count, total… (not one of the plan's sentences)
        unstated: list[bool] = []  # the part asks what the thing it names lacks
        for part in parts:
            parsed = self._parse(part, today, context, around=around)
            if not parsed.scope.localities and query.scope.localities:  # the locality named in another part
                parsed = self._parse(part, today, context, around=f"{around} {question}")
            if not any(w > 0 for w in parsed.weights.values()):
                return whole  # "…, ở Đức Trọng là gì": another place for the same thing, a comparison
            queries.append(parsed)
            answer = self._respond(parsed, today)
            computed.append(answer.status == "answered" and self._reason(parsed, today) is not None)
            # a near miss of its own ("…, ai là giảng viên": the session named, no speaker stated)
            unstated.append(answer.status == "unknown" and self._near_miss(parsed))
            if answer.status == "answered" and not computed[-1] and not self._clearly_found(parsed):
                answer = replace(answer, status="unknown")  # "…, khoảng mấy người tham gia": not on its own
            answers.append(answer)
        clarifying = next((a for a in answers if a.status == "clarify"), None)
        if clarifying is not None:
            # "lớp kỹ năng số dành cho ai, ng lớn tuổi có dc học ko": a part needs the locality first
            # (with no locality named, the whole's answer from one plan is that of the other part's words)
            return clarifying if whole.status == "unknown" or not query.scope.localities else whole
        if not any(a.status == "answered" for a in answers):
            return whole
        if whole.status != "answered":
            if not all(a.status == "answered" for a in answers):
                return whole  # what the whole does not find is not made up of a part's neighbouring fact
            return _joined([*zip(parts, answers, strict=True)])
        missing = [
            (part, answer)
            for part, parsed, answer, figure, nothing in zip(parts, queries, answers, computed, unstated, strict=True)
            if (answer.status == "answered" and not self._covers(whole, parsed, answer, figure))
            or (nothing and not self._covers(whole, parsed, answer))
        ]
        return _joined([("", whole), *missing]) if missing else whole

    def _near_miss(self, part: Query) -> bool:
        """The best fact for the part is about what it names but lacks what it asks (a speaker, a fee)."""
        ranked = self._rank(part)
        if not ranked or ranked[0].blocked is None or ranked[0].score < LOW_THRESHOLD:
            return False
        return not any(s.blocked is None and s.score >= ANSWER_THRESHOLD for s in ranked)

    def _clearly_found(self, part: Query) -> bool:
        """A part of a message finds a fact by its own words (it does not lean on another part): a clear
        match, or a fact of the kind it names ("kinh phí lấy từ nguồn nào")."""
        ranked = [s for s in self._rank(part) if s.blocked is None]
        if not ranked:
            return False
        top = ranked[0]
        return top.score >= CLEAR_MATCH or (top.fact.kind in part.kinds and top.score >= ANSWER_THRESHOLD)

    def _covers(self, whole: Answer, part: Query, answer: Answer, computed: bool = False) -> bool:
        """The facts of the whole question's answer answer this part too (nearly as well as its own);
        a `computed` part (a count) is covered only by its figures, not by the facts it counted."""
        given = set(whole.fact_refs)
        if not computed and answer.fact_refs[:1] and answer.fact_refs[0] in given:  # the part's own best fact
            return True
        said = set(tokens(whole.text))
        body = tokens(answer.text.partition("\n\nNguồn: ")[0])
        values = [t for t in body if not t.isalpha()]  # dates, numbers, addresses: what a part asks for
        if body and all(t in said for t in values) and sum(t in said for t in body) >= SAID_SHARE * len(body):
            return True  # "Website: https://uil.unesco.org (…)": what the whole's answer already says
        if computed:
            return False
        ranked = [s for s in self._rank(part) if s.blocked is None]
        if not ranked:
            return False
        return any(s.fact.ref in given and s.score >= COVER_SHARE * ranked[0].score for s in ranked)

    def _respond(self, query: Query, today: dt.date) -> Answer:
        scope = query.scope
        if scope.unknown_place and not scope.localities:
            return self._unknown(
                messages.ANSWER_NO_PLAN_FOR_PLACE.format(place=scope.unknown_place, holdings=self._holdings()), None
            )
        if not scope.plan_ids:
            return self._no_plan_for(scope)
        if not any(w > 0 for w in query.weights.values()) and not query.dates:
            return self._unknown(messages.ANSWER_WHAT_ABOUT, scope.plan_ids)
        vague = not (
            query.kinds
            or query.dates
            or query.prior
            or query.asks_days_left
            or query.asks_overdue
            or query.asks_date
            or query.asks_time
        )
        if sum(query.weights.values()) < MIN_CONTENT_WEIGHT and vague:
            return self._unknown(messages.ANSWER_WHAT_ABOUT, scope.plan_ids)  # one common word ("giá", "trường")
        unnumbered = self._plan_number_missing(query)
        if unnumbered is not None:
            return unnumbered
        counted = self._unit_tasks_counted(query)
        if counted is not None:
            return counted
        reasoned = self._reason(query, today)
        answer = self._composed(reasoned) if reasoned else self._decide(query, self._rank(query), today)
        if reasoned is None and answer.status == "answered" and self.reasoner.asks_computation(query.folded):
            # the facts found, but not the figure asked for: say so rather than pass them off as the answer
            answer.status = "unknown"
            answer.text = f"{qa_messages.NOT_COMPUTED}\n{answer.text}"
        if scope.other_year and answer.status != "unknown":
            plan = self.plans[scope.plan_ids[0]]
            note = qa_messages.OTHER_YEAR_NOTE.format(label=plan_label(plan), year=plan.year, this_year=today.year)
            answer.text = f"{note}\n{answer.text}"
        return answer

    def _reason(self, query: Query, today: dt.date) -> Reasoned | None:
        """A count, total, extreme, duration, difference, weekday or check computed from the facts."""

        def rank(text: str, pool: Sequence[Fact] | None) -> list[Fact]:
            part = self._parse(text, today, None)
            part = replace(
                part,
                scope=query.scope,
                dates=DateRefs(),
                asks_date=False,
                asks_time=False,
                asks_venue=False,
                asks_count=False,
                asks_days_left=False,
                asks_overdue=False,
                evidence=(),
                person_titles=(),
                kinds=part.kinds,
            )
            allowed = {id(f) for f in pool} if pool is not None else None
            return [
                s.fact
                for s in self._rank(part)
                if s.score >= LOW_THRESHOLD and (allowed is None or id(s.fact) in allowed)
            ]

        # the previous answer's facts ("ngày đó", "cái thứ hai"), also when "còn …" sets them aside
        prior = self.index.facts_by_id(query.prior or query.avoid)
        return self.reasoner.answer(
            query.folded, query.scope.plan_ids, today, rank, self._dated_of, prior=prior, spoken=query.spoken
        )

    def _plan_number_missing(self, query: Query) -> Answer | None:
        """ "Kế hoạch … số bao nhiêu" / "kế hoạch ban hành ngày nào" about one plan whose number or
        date line is blank: say so, with the document line, instead of giving a neighbouring
        number or date (a based-on document's, a deadline)."""
        spaced = f" {query.folded} "
        if len(query.scope.plan_ids) != 1 or " ke hoach " not in spaced:
            return None
        if any(f" {w} " in spaced for w in OTHER_DOCUMENTS):
            return None
        asks_number = any(f" {p} " in spaced for p in ASKS_NUMBER_ID)
        asks_issued = query.asks_date and any(f" {p} " in spaced for p in ISSUED_WORDS)
        if not (asks_number or asks_issued):
            return None
        plan = self.plans[query.scope.plan_ids[0]]
        document = self.index.kind_facts.get((plan.id, "document"))
        if not document or (plan.document.number if asks_number else plan.document.date):
            return None
        template = qa_messages.NUMBER_NOT_STATED if asks_number else qa_messages.DATE_NOT_STATED
        text = template.format(place=plan.locality.full_name, year=plan.year, fact=document[0].answer)
        answer = self._unknown(text + f"\n\nNguồn: {plan_source(plan)}", None)
        answer.topic = "document"
        return answer

    def _dated_of(self, plan_id: str) -> list[Fact]:
        return self.index.dated_facts.get(plan_id, [])

    def _composed(self, reasoned: Reasoned) -> Answer:
        plan_ids = list(dict.fromkeys(reasoned.plan_ids))
        sources = "\n".join(f"Nguồn: {plan_source(self.plans[pid])}" for pid in plan_ids)
        return Answer(
            status="answered",
            text=f"{reasoned.text}\n\n{sources}",
            plans=plan_ids,
            topic=reasoned.kind,
            fact_refs=[f.ref for f in reasoned.facts],
        )

    @staticmethod
    def _typed_option(text: str, state: Conversation) -> str | None:
        """A number typed after a clarification chooses that option ("2" → the second locality)."""
        number = text.strip().rstrip(".)")
        if state.pending is None or not number.isdigit():
            return None
        index = int(number) - 1
        return state.pending.options[index] if 0 <= index < len(state.pending.options) else None

    def _compared_with_previous(
        self, query: Query, question: str, around: str, state: Conversation, today: dt.date
    ) -> Query | None:
        """A comparison naming one locality ("khác gì so với Thanh Bình") after an answer about
        another: both plans, on the question's topic or, when it names none, the previous one's."""
        previous = state.plan_id
        if not previous or previous not in self.plans or len(query.scope.localities) != 1:
            return None
        if previous in query.scope.plan_ids or not _COMPARES.search(f" {query.folded} "):
            return None
        content = [t for t, w in query.weights.items() if w > 0 and " " not in t and t not in COMPARISON_WORDS]
        topic = "" if len(content) > FOLLOW_UP_WORDS else f"{state.topic} "
        other = self.plans[previous].locality.name
        both = self._parse(f"{topic}{question} và {other}", today, None, around=around)
        return both if len(both.scope.localities) >= 2 else None

    def _follow_up(self, query: Query, text: str, state: Conversation) -> str | None:
        """How a turn continues the previous one: "place" (only a locality or year is new),
        "topic" (a short question, or one that refers back with "đó", "hôm đó"), or None."""
        prior = state.pending.topic if state.pending else f"{state.topic} {state.asks}".strip()
        if not prior:
            return None
        content = [t for t, w in query.weights.items() if w > 0 and " " not in t and t not in DOMAIN_WORDS]
        if query.names_place:
            if query.kinds and query.cued:  # "còn Nam Triệu thì tuần lễ từ ngày nào…": a question of its own
                return None
            return "place" if not content and not query.dates else None
        # "ở đó", "kế hoạch đó" carry the locality over, not the topic: only a short question continues it
        refers_back = _refers_to_topic(text)
        counts_from_today = (query.asks_days_left or query.asks_overdue) and query.dates.relative
        if query.dates and not refers_back and not counts_from_today:  # "mai có gì": a new question about a day
            return None
        if self._new_topic(query, prior, state) and not _refers_to_topic(text):
            return None  # "chủ đề là gì?" after the opening: a question of its own (its locality carries over)
        # a compound of the plans counts once: "bao nhiêu người tham gia" has one content word, not three
        compounds = sum(
            1 for a, b in itertools.pairwise(content) if f"{a} {b}" in query.weights and f"{a} {b}" in self.index.idf
        )
        return "topic" if len(content) - compounds <= FOLLOW_UP_WORDS or refers_back else None

    @staticmethod
    def _new_topic(query: Query, prior: str, state: Conversation) -> bool:
        """The question names a kind of fact ("chủ đề", "hạn báo cáo") other than the one the previous
        turn asked about or was answered with, and says what it asks (a question word): fully specified,
        it replaces the previous topic instead of continuing it. "còn tổng kết?" (a contrast without a
        question word) still continues."""
        if not query.kinds or not query.cued or query.contrast or query.prior:
            return False
        if query.asks_time and query.kinds == {"period"}:
            return False  # "mấy giờ bắt đầu": the hour the thing just answered starts (the week has none)
        spaced = f" {prior} "
        before: set[str] = set()
        for kind, cue in _CUES_LONGEST_FIRST:  # "mẫu báo cáo" is the template's, not also a report's
            if cue in spaced:
                before.add(kind)
                spaced = spaced.replace(cue, " | ")
        if state.kind:
            before.add(state.kind)
        return not (query.kinds & before)

    def _merge(self, query: Query, state: Conversation, today: dt.date) -> Query:
        """The new question completed by the previous one: its words at a lower weight, its question
        words when the new one has none, and a bonus for the facts the previous answer gave."""
        context = query.scope.plan_ids[0] if len(query.scope.plan_ids) == 1 else None
        prior = self._parse(f"{state.topic} {state.asks}", today, context)
        weights = dict(query.weights)
        for term, weight in prior.weights.items():
            if term not in weights:
                weights[term] = PRIOR_WEIGHT * weight
        facts = frozenset(
            id(self.index.by_ref[ref])
            for ref in state.facts
            if ref in self.index.by_ref and self.index.by_ref[ref].plan_id in query.scope.plan_ids
        )
        avoid: frozenset[int] = frozenset()
        if query.contrast and query.topic:  # "còn phòng văn hóa xã hội?": another one than just answered
            facts, avoid = frozenset(), facts
        if state.earlier:
            older = self._parse(state.earlier, today, context)
            for term, weight in older.weights.items():
                if term not in weights:
                    weights[term] = PRIOR_WEIGHT * PRIOR_WEIGHT * weight
        asked = query if query.cued else prior
        # the newest words that say what is asked about stay the topic; the older ones become context
        topic, earlier = (
            (query.topic, f"{state.earlier} {state.topic}") if query.topic else (state.topic, state.earlier)
        )
        return replace(
            query,
            weights=weights,
            own_terms=frozenset(query.weights),
            earlier=" ".join(dict.fromkeys(earlier.split()[-MAX_TOPIC_WORDS:])),
            kinds=query.kinds or prior.kinds,
            asks_date=asked.asks_date,
            asks_time=asked.asks_time,
            asks_venue=asked.asks_venue,
            asks_count=asked.asks_count,
            machines_only=asked.machines_only,
            asks_days_left=asked.asks_days_left,
            asks_overdue=asked.asks_overdue,
            asks_who=asked.asks_who,
            asks_end=query.asks_end or (not query.cued and prior.asks_end),
            topic=topic,
            asked=asked.asked,
            prior=facts,
            avoid=avoid,
        )

    def _add_context(self, query: Query, text: str, today: dt.date, weight: float) -> Query:
        """The query with the words of `text` added at `weight` (context of earlier turns)."""
        context = query.scope.plan_ids[0] if len(query.scope.plan_ids) == 1 else None
        weights = dict(query.weights)
        for term, value in self._parse(text, today, context).weights.items():
            weights.setdefault(term, weight * value)
        return replace(query, weights=weights)

    @staticmethod
    def _remember(
        state: Conversation, answer: Answer, query: Query | None, question: str, now: dt.datetime | None
    ) -> Conversation:
        if query is None:  # not a question (small talk, an emoji): the conversation goes on as it was
            return replace(state, updated_at=now or state.updated_at)
        plans = answer.plans or (query.scope.plan_ids if len(query.scope.plan_ids) == 1 else [])
        pending = None
        if answer.status == "clarify" and answer.options:
            pending = Pending(f"{query.topic} {query.asked}", [o.plan_id for o in answer.options])
        return Conversation(
            plan_ids=list(plans),
            topic=query.topic,
            asks=query.asked,
            earlier=query.earlier,
            kind=answer.topic,
            facts=list(answer.fact_refs),
            question=clean(question)[:200],
            pending=pending,
            updated_at=now,
        )

    SUGGESTION_TEMPLATES: ClassVar[dict[str, str]] = {
        "theme": "Chủ đề Tuần lễ năm {year} ở {place} là gì?",
        "period": "Tuần lễ ở {place} diễn ra khi nào?",
        "reporting": "Hạn gửi báo cáo ở {place} là ngày nào?",
        "opening": "Lễ khai mạc ở {place} tổ chức khi nào, ở đâu?",
        "session": "{place} có những chuyên đề nào?",
    }

    def suggestions(self, plan_ids: list[str] | None = None, limit: int = 4) -> list[Suggestion]:
        """Questions the knowledge base can answer, one per kind, from the given plans first."""
        ids = plan_ids or self.order
        out: list[Suggestion] = []
        for kind in self.SUGGESTION_TEMPLATES:
            for plan_id in ids:
                if (plan_id, kind) in self.index.kind_facts:
                    out.append(Suggestion(f"{kind}|{plan_id}", self.suggestion_text(f"{kind}|{plan_id}") or ""))
                    break
            if len(out) >= limit:
                break
        return out

    def suggestion_text(self, key: str) -> str | None:
        kind, _, plan_id = key.partition("|")
        template = self.SUGGESTION_TEMPLATES.get(kind)
        plan = self.plans.get(plan_id)
        if template is None or plan is None:
            return None
        return template.format(year=plan.year, place=plan.locality.name)

    def plan_options(self, plan_ids: list[str] | None = None) -> list[Option]:
        return [Option(pid, plan_label(self.plans[pid])) for pid in (plan_ids or self.order)]

    def locality_prompt(self, typed: str, today_year: int) -> tuple[str, list[Option]]:
        """/diaphuong [name]: the prompt and the plans offered as buttons, at any catalogue size."""
        text, ids = choices.prompt(self.plans, self.scope_finder, self.order, typed, today_year)
        return text, self.plan_options(ids) if ids else []

    def greeting_choice(self) -> tuple[str, list[Option]]:
        """The greeting's last line and buttons: every plan while few, else how to type a name."""
        if choices.short_enough(self.order):
            return messages.GREETING_CHOOSE, self.plan_options()
        return messages.GREETING_TYPE_NAME.format(example=choices.example(self.plans, self.order)), []

    def catalogue_lines(self) -> list[str]:
        """The plans held, as the greeting names them (a count by province for a big catalogue)."""
        return choices.catalogue_lines(self.plans, self.order)

    # ---------------------------------------------------------------- parsing
    def _parse(self, text: str, today: dt.date, plan_context: str | None, around: str = "") -> Query:
        """The question's terms, cues and scope; `around` (greetings, the asker's introduction) only
        helps find the plans ("em ở Đức Trọng, …")."""
        raw_tokens = tokens(text)[:MAX_QUESTION_TOKENS]
        extra = tokens(around)[:MAX_QUESTION_TOKENS] if around else []
        scope = self.scope_finder.find(raw_tokens + extra, today.year, plan_context, original=f"{text} {around}")
        if not scope.localities and scope.unknown_place is None:
            scope.unknown_place = self._unheld_locality(f"{text} {around}")
        elif scope.unknown_place and not scope.localities:
            self._place_within_plans(scope)
        masked = list(raw_tokens)
        for start, end in scope.spans:
            for i in range(start, min(end, len(masked))):
                masked[i] = SEP
            if 0 < start <= len(masked) and masked[start - 1] in _PLACE_LEADS:
                masked[start - 1] = SEP
        names_year = any(_is_year(t) for t in raw_tokens)
        masked = [SEP if _is_year(t) else t for t in masked]
        fixed = self._pair_typos([self._spell(t) for t in masked], frozenset(marked_words(text)))
        # "ký cái kế hoạch này": the classifier "cái" before a noun is left out, as the plans write
        # (only when typed "cái": folded, "cai dat" is "cài đặt")
        if "cai" in fixed and marked_words(text).get("cai") == {"cái"}:
            fixed = [
                t
                for i, t in enumerate(fixed)
                if not (t == "cai" and 0 < i < len(fixed) - 1 and fixed[i + 1] not in (SEP, "thu", "dau", "cuoi"))
            ]
        seq = canonical(fixed)
        folded = " ".join(t for t in seq if t != SEP)
        spaced = " " + " ".join(seq) + " "
        dates = find_dates(folded, today)
        content = _TEMPORAL.sub(lambda m: " ".join([SEP] * len(m.group(0).split())), " ".join(seq)).split()
        # "bao nhiêu" asks how many: its "nhiêu" is no content word ("nhiều hình thức" shares nothing with it)
        content = [SEP if t == "nhieu" and i and content[i - 1] in ("bao", SEP) else t for i, t in enumerate(content)]
        # "tuyên truyền qua những kênh nào": that "qua" is "via", asked of no fact ("kết quả" keeps its "quả")
        content = [
            SEP if t == "qua" and content[i + 1 : i + 2] in (["nhung"], ["cac"], ["kenh"]) else t
            for i, t in enumerate(content)
        ]
        counted, counted_after = _counted_noun(seq, quantity=" so luong " in f" {' '.join(raw_tokens)} ")
        topic, asked = _topic_and_cues(folded)

        # a near-miss word ("tiếng") is checked as typed, before the typo correction "corrects" it away
        unspelled = " " + " ".join(canonical(masked)) + " " if masked != fixed else spaced

        def asks(phrases: tuple[str, ...]) -> bool:
            return any(p in spaced for p in _padded(phrases))

        asks_days_left = asks(ASKS_DAYS_LEFT)
        if (
            (asks_days_left or asks(ASKS_OVERDUE))
            and asks(("tu hom nay", "tu nay", "hom nay la"))
            and dates.matches(today)
        ):
            dates = DateRefs()  # "từ hôm nay đến hạn còn mấy ngày": today is where the count starts, not a day asked
        if asks(ASKS_OVERDUE):  # "nộp hôm nay có kịp không": how a deadline is checked, not what (its "hạn" stays)
            checking = {w for cue in ASKS_OVERDUE if f" {cue} " in spaced for w in cue.split()} - {"han"}
            content = [SEP if t in checking else t for t in content]
        # "số lượng học viên …" (the synonyms write it "số"): a number asked for
        asks_quantity = " so luong " in f" {' '.join(raw_tokens)} "
        titles = tuple(t for t in PERSON_TITLES if asks((t,))) if asks(ASKS_NAME) else ()
        titles = tuple(t for t in titles if not any(t != o and f" {t} " in f" {o} " for o in titles))
        asks_time_of = " thoi gian " in spaced and (
            spaced.rstrip().endswith(" thoi gian") or any(f" thoi gian {w} " in spaced for w in TIME_ASKED_AFTER)
        )
        # "vào thứ mấy": a weekday, which only a dated fact gives
        asks_date = (asks(ASKS_DATE) or asks_time_of or asks(("vao thu may", "nhung thu may"))) and not asks_days_left
        if len(scope.localities) >= 2 or len(scope.years) >= 2:  # a comparison: "khác", "giống", "chung"
            content = [SEP if t in COMPARISON_WORDS else t for t in content]
        attributes = _groups_found(_EVIDENCE_CUES, spaced, unspelled)  # their cues as corrected or as typed
        evidence = tuple(proof for number, (_, proof) in enumerate(REQUIRED_EVIDENCE) if number in attributes)
        asks_duties = asks(ASKS_DUTIES) or bool(_GIVEN_TO_DO.search(spaced))
        if asks_duties:
            # "có được giao việc gì": the words asking for duties are no topic (they meet "về việc ban hành")
            content = [SEP if t in DUTY_ASKING_WORDS else t for t in content]
        for meant, besides, unless in EVIDENCE_NOT_ASKED:  # "tiền lấy từ nguồn nào", "học trên điện thoại"
            if asks(besides) and not asks(unless):
                evidence = tuple(proof for proof in evidence if proof is not meant)
        if evidence:
            # the words that ask for an attribute ("có mất tiền không") are checked as evidence (the fact
            # must state a fee), so they do not also count as words the fact must share
            asked_words = {
                w
                for cues, proof in REQUIRED_EVIDENCE
                for c in cues
                if f" {c} " in spaced and c not in proof
                for w in c.split()
                if not any(w in p.split() for p in proof)
            }
            content = [SEP if t in asked_words else t for t in content]
        kinds = frozenset(
            _KINDS[number]
            for number in _groups_found(_KIND_CUES, spaced)
            if not (_KINDS[number] == "closing" and asks(REPORT_WORDS))  # "phần tổng kết của mẫu báo cáo"
        )
        if asks_date and not kinds and asks(("tuan le",)):  # "X tổ chức Tuần lễ khi nào": the week's own dates
            kinds = frozenset({"period"})
        typed = marked_words(text)
        nouns = typed_nouns(typed)
        if typed:  # a message typed with marks: a plain "voi" there is the animal, not "với"
            nouns |= frozenset(w for w in re.findall(r"\w+", text.lower()) if w in CONTENT_FORMS and w in STOPWORDS)
        weights = self._weights(content, nouns)
        attribute = _asked_attribute(folded)
        senders, named_units = self._units_named(raw_tokens, unspelled, scope.plan_ids)
        return Query(
            typed=typed,
            weights=weights,
            dates=dates,
            asks_date=asks_date,
            asks_time=asks(ASKS_TIME) and not asks(("bay gio", "gio moi", "gio nay")),  # "bây giờ": now
            # "khác chỗ nào" is a comparison; "người dân ở đâu" asks which people, not a venue
            asks_venue=(asks(ASKS_VENUE) or bool(_AT_WHICH_PLACE.search(spaced)))
            and not asks(("khac", "giong"))
            and not asks(PEOPLE_WHERE),
            machines_only=_only_machines(spaced, text),
            asks_count=(asks_quantity or asks(ASKS_COUNT))
            and not _PLURAL_MAY.search(spaced)
            and not _MAY_THOSE.search(spaced)
            and not asks_days_left
            and not asks_date
            and (
                asks_quantity
                or asks(("bao nhieu",))  # "học mấy buổi, vào những thứ mấy": a count besides the weekday
                or len(re.findall(r" may ", spaced))
                > len(re.findall(r" (?=(?:thu|lan|thang) may |may (?:ngay|gio) )", spaced))
            )
            and not asks(ASKS_NUMBER_ID),
            asks_days_left=asks_days_left,
            asks_overdue=asks(ASKS_OVERDUE),
            scope=scope,
            kinds=kinds,
            asks_who=asks(ASKS_WHO),
            asks_duties=asks_duties,
            asks_deadline=(asks(("han",)) and not asks(("han che",))) or (asks_date and asks(REPORT_SENT)),
            asks_end=asks(("ket thuc", "xong")),
            person_titles=titles,
            evidence=evidence,
            asks_form_content=asks(ANNEX_CONTENT[0]) and asks(ANNEX_CONTENT[1]),
            units=tuple(u for pid in scope.plan_ids for u in self.index.unit_phrases[pid] if asks((u,)))
            if titles
            else (),
            topic=topic,
            asked=asked,
            folded=folded,
            spoken=" ".join(raw_tokens),
            cued=asks(QUESTION_WORDS),
            names_place=names_year or any(start < len(raw_tokens) for start, _ in scope.spans),
            contrast=bool(_CONTRAST.match(" ".join(raw_tokens))),
            asks_person=bool(_ASKS_PERSON.search(spaced)),
            asks_agent=bool(_ASKS_AGENT.search(f" {folded} ")),
            agent_verb=next(iter(re.findall(r"\b(?:ai|nguoi nao) (?:la |se |da )?(\w+)", folded)), ""),
            asks_places=asks(PLURAL_PLACES),
            senders=senders,
            named_units=named_units,
            which=_which_noun(folded),
            which_place=_which_place(folded) if scope.localities else "",
            which_body=_which_body(folded),
            about_form=asks(FORM_WORDS),
            counted=counted,
            counted_after=counted_after,
            attribute=attribute,
            sends=asks(SENDING_WORDS),
            name_of=_name_asked_of(folded),
            contents_of=_contents_asked_of(folded),
            category=_category_asked(folded),
            two_parts=bool(_TWO_PARTS.search(text)),
            # "các trường làm gì để học sinh đọc sách nhiều hơn": what is done for a purpose, which any
            # sentence about that purpose answers, not only the unit's own tasks
            asks_role=asks(ASKS_ROLE) and not re.search(r" (?:lam gi|lam nhung gi) (?:de|nham) \w+ \w+", spaced),
            asks_method=asks(ASKS_METHOD) and not asks(TEACHING_WORDS),
            attribute_label=_typed_phrase(attribute, typed),
            # the head of "… là gì" may be worded otherwise than the plan ("góc sách" / "sách góc lớp"): one
            # of its words will do; an attribute asked with "có những … gì" is a compound to be found whole
            attribute_whole=bool(_HAS_WHAT.search(folded)),
            unknown_name=self._unknown_name(text, scope.plan_ids),
        )

    def _unheld_locality(self, text: str) -> str | None:
        """A place written with capitals after "ở / tại" ("ở Hòa Khánh") that is no plan's locality
        and that no plan mentions (a venue, a body): the question is about a place we hold no plan
        for, so no other plan's fact is its answer. Only names typed with diacritics, of two words
        or more, that do not start like a venue or a body ("tại Nhà văn hóa …") count."""
        if len(self.plans) > MANY_PLANS:
            return None
        for match in _AFTER_AT.finditer(text):
            name = match.group(1).strip()
            if not all(word[0].isupper() for word in name.split()):
                continue  # "ở đây được …": the class above also spans lower-case letters with marks
            found = tokens(name, abbreviations=False)
            if len(found) < 2 or name.isascii() or found[0] in NOT_LOCALITY_LEADS:
                continue
            forms = {" ".join(found), " ".join(canonical(found))}
            if not any(f" {form} " in self.index.plan_text(pid) for pid in self.index.by_plan for form in forms):
                return name
        return self._lower_case_place(text)

    def _place_within_plans(self, scope: Scope) -> None:
        """A unit named with its level ("em ở thị trấn Liên Nghĩa") that is no plan's locality but
        that plans name (a town of a district whose plan we hold): no unknown place, and those plans
        are the ones meant. Names of provinces and cities (the gazetteer) are left unknown."""
        place = scope.unknown_place or ""
        level, _, name = place.partition(" ")
        if level.lower() in ("thị", "thành"):  # "thị trấn", "thành phố": two words
            name = name.partition(" ")[2]
        if len(self.plans) > MANY_PLANS or level.lower() not in _UNIT_LEVELS or not name:
            return
        form = " ".join(canonical(tokens(name, abbreviations=False)))
        holders = [pid for pid in scope.plan_ids if f" {form} " in self.index.plan_text(pid)]
        if holders:
            scope.unknown_place = None
            scope.plan_ids = holders

    def _lower_case_place(self, text: str) -> str | None:
        """A unit typed in lower case that is no plan's locality: "quan 3", "phường 7" (numbered units:
        no plan's locality is one), or "ở / tại" and a level word typed with its marks followed by a
        two-word name ("ở huyện gia lâm") that no plan's text holds (so not "ở xã vùng sâu")."""
        numbered = _NUMBERED_UNIT.search(text)
        if numbered:
            return numbered.group(0)
        for match in _LEVEL_AND_NAME.finditer(text):
            words = [match.group(2), match.group(3)]
            found = tokens(" ".join(words), abbreviations=False)
            if len(found) != 2 or any(w in STOPWORDS or w in NOT_PLACE_NAME_WORDS or w.isdigit() for w in found):
                continue
            forms = {" ".join(found), " ".join(canonical(found))}
            if any(f" {form} " in self.index.plan_text(pid) for pid in self.index.by_plan for form in forms):
                continue
            return " ".join(match.groups())
        return None

    def _unknown_name(self, text: str, plan_ids: list[str]) -> str:
        """A name written in capitals ("Ngày Sách và Văn hóa đọc", "Nguyễn Văn A"), two words or more
        once the words around it that are not names are set apart, that none of the plans in
        question holds: they say nothing about it, so no fact of theirs is the answer."""
        if len(plan_ids) > MANY_PLANS:
            return ""
        for run, opens_sentence in _capitalised_runs(text):
            variants = [run, run.split(" ", 1)[1]] if opens_sentence else [run]
            if all(self._name_absent(variant, plan_ids) for variant in variants):
                return run
        return ""

    def _name_absent(self, run: str, plan_ids: list[str]) -> bool:
        """Whether a part of the run (two words or more, places set apart) is in none of the plans."""
        found = tokens(run, abbreviations=False)
        for start, end in self.scope_finder.name_spans(found):
            found[start:end] = [SEP] * (end - start)  # the names of places ("Nam Triều", "TP Hải Phòng")
        for part in " ".join(found).split(SEP):
            words = part.split()
            while words and _not_name(words[0]):
                words = words[1:]
            while words and _not_name(words[-1]):
                words = words[:-1]
            if len(words) < 2 or words[0] not in self.index.idf:
                continue
            forms = {" ".join(words), " ".join(canonical(list(words)))}
            if not any(f" {form} " in self.index.plan_text(pid) for pid in plan_ids for form in forms):
                return True
        return False

    def _units_named(
        self, raw_tokens: list[str], bare: str, plan_ids: list[str]
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The units (plan id|unit id) the question names: before "báo cáo / gửi" as the ones who
        report, and anywhere. A level word alone ("xã báo cáo về đâu") names the committee only when
        it is not the locality's own ("xã Đăk Plô") and no other unit is named. `bare`: the question's
        words without the places named (canonical, as typed), a space at both ends."""
        if len(plan_ids) > MANY_PLANS:
            return frozenset(), frozenset()
        text = " " + " ".join(canonical(raw_tokens)) + " "
        verb = _REPORT_VERB.search(text)
        head = text[: verb.start() + 1] if verb else ""
        if " ke hoach " in head:  # "kế hoạch của phòng GD gửi những nơi nào": the plan is what is sent
            head = ""
        verb = _REPORT_VERB.search(bare)
        bare_head = bare[: verb.start() + 1] if verb and head else ""
        senders: dict[str, bool] = {}  # unit -> named by more than a level word
        named: set[str] = set()
        words = {w for spaced in (text, bare) for w in spaced.split(" ")}  # (the heads are parts of these)
        for plan_id in plan_ids:
            names = self._unit_names_of(plan_id)
            for word in words:
                for padded, key, level_only, several_words in names.get(word, ()):
                    if padded in (bare_head if level_only else head):
                        senders[key] = senders.get(key, False) or not level_only
                    if not level_only and several_words and padded in text:
                        named.add(key)
        if any(senders.values()):
            senders = {k: v for k, v in senders.items() if v}
        return frozenset(senders), frozenset(named)

    def _unit_names_of(self, plan_id: str) -> dict[str, list[tuple[str, str, bool, bool]]]:
        """The ways a question names a unit of the plan (`FactIndex.unit_keys`) by their first word:
        each with a space at both ends, its unit (plan id|unit id), whether it is a level word alone
        ("xa") and whether it has two words or more. Made for a plan when a question is first about it."""
        names = self._unit_names.get(plan_id)
        if names is None:
            names = self._unit_names[plan_id] = {}
            for unit in self.plans[plan_id].units:
                for phrase in self.index.unit_keys[plan_id, unit.id]:
                    entry = (f" {phrase} ", f"{plan_id}|{unit.id}", phrase in _LEVEL_WORDS, " " in phrase)
                    names.setdefault(phrase.split(" ")[0], []).append(entry)
        return names

    def _spell(self, token: str) -> str:
        """Map an unknown word to a close known one (typos); leave short words alone."""
        if token == SEP or token in self.index.idf or token in STOPWORDS or not token.isalpha():
            return token
        if len(token) < 5:
            # "giag", "trog": the "n" of a final "ng"/"nh" left out, the commonest slip in fast typing
            mended = f"{token[:-1]}n{token[-1]}" if len(token) >= 3 and token[-1] in "gh" and token[-2] != "n" else ""
            return mended if mended in self.index.idf or mended in STOPWORDS else token
        if token in SYNONYM_WORDS:  # a word of a name the vocabulary knows ("xoay quanh"): no typo
            return token
        return self.speller.closest(token) or token

    def _pair_typos(self, seq: list[str], marked: frozenset[str] = frozenset()) -> list[str]:
        """A word missing its last letter that makes no pair of the plans with the word before it,
        when with that letter it does: "khai giản" is "khai giảng" ("gian" is a word: no typo alone).
        A vowel is not taken as missing from a word typed with its marks: "công chức trẻ" is no
        "tổ chức treo" (`marked`: the folded words typed with diacritics)."""
        out = list(seq)
        for i in range(1, len(out)):
            a, b = out[i - 1], out[i]
            if SEP in (a, b) or a in STOPWORDS or b in STOPWORDS or f"{a} {b}" in self.index.idf:
                continue
            fuller = [w for w in self.pair_next.get(a, ()) if len(w) == len(b) + 1 and w.startswith(b)]
            if fuller and b in marked and fuller[0][-1] in "aeiouy":
                continue
            if len(fuller) == 1 and len(b) >= 3:
                out[i] = fuller[0]
        return out

    def _weights(self, seq: list[str], nouns: frozenset[str] = frozenset()) -> dict[str, float]:
        """IDF weight per question term: words no plan contains weigh the most. `nouns`: small words
        typed as nouns ("chợ"), which weigh as content."""
        weights: dict[str, float] = {}
        for token in seq:
            if token == SEP or (token in STOPWORDS and token not in nouns):
                continue
            weights[token] = self.index.idf.get(token, self.index.max_idf) * _damping(token)
        for a, b in itertools.pairwise(seq):
            if SEP in (a, b) or (a in STOPWORDS and b in STOPWORDS):
                continue
            pair = f"{a} {b}"
            damping = min(_damping(a), _damping(b))
            if pair in self.index.idf:
                weights[pair] = 0.5 * self.index.idf[pair] * damping
            elif a in self.index.idf and b in self.index.idf and a not in STOPWORDS and b not in STOPWORDS:
                weights[pair] = PAIR_UNSEEN * self.index.max_idf * damping  # a compound no plan contains
        return weights

    # ---------------------------------------------------------------- ranking
    def _rank(self, query: Query) -> list[Scored]:
        """Score facts by accumulating term weights over the inverted index (plus kind/date cues)."""
        total = sum(query.weights.values())
        denominator = total or 1.0
        novel = [term.split() for term in query.weights if " " in term and term not in self.index.idf]
        plan_ids = query.scope.plan_ids
        many = len(plan_ids) > MANY_PLANS
        # On a large scope only the most informative terms (within a postings budget) select candidates;
        # the others are added for the best few afterwards.
        terms = query.weights
        if many:
            terms, budget = {}, POSTINGS_BUDGET
            for term, weight in sorted(query.weights.items(), key=lambda tw: -tw[1]):
                size = len(self.index.direct.all(term))
                if terms and size > budget:
                    continue
                terms[term] = weight
                budget -= size
        direct: dict[int, float] = {}
        nearby: dict[int, float] = {}
        facts: dict[int, Fact] = {}
        at = self.index.facts
        if not many:
            for plan_id in plan_ids:
                lo, hi = self.index.ranges[plan_id]
                for term, weight in terms.items():
                    for pos in self.index.direct.within(term, lo, hi):
                        fact = at[pos]
                        key = id(fact)
                        direct[key] = direct.get(key, 0.0) + weight
                        facts[key] = fact
                    for pos in self.index.nearby.within(term, lo, hi):
                        fact = at[pos]
                        key = id(fact)
                        nearby[key] = nearby.get(key, 0.0) + weight
                        facts[key] = fact
        if not query.weights and query.dates:
            terms = {}
        extra: dict[int, Fact] = {}  # the facts of the kinds and dates asked, the previous answer's
        for plan_id in plan_ids[:MANY_PLANS] if many else plan_ids:
            for kind in query.kinds:
                for fact in self.index.kind_facts.get((plan_id, kind), ()):
                    extra[id(fact)] = fact
            if query.dates or query.asks_days_left or query.asks_overdue:
                for fact in self.index.dated_facts[plan_id]:
                    extra[id(fact)] = fact
        for fact in self.index.facts_by_id(query.prior):
            extra[id(fact)] = fact
        if many:  # the facts of the selecting terms over every plan in scope, the best MAX_CANDIDATES
            wanted = None if len(plan_ids) == len(self.plans) else set(plan_ids)
            facts, direct = self.candidates.select(terms, wanted, extra, MAX_CANDIDATES)
        else:
            facts.update(extra)
        if many:  # complete the scores of the remaining candidates
            weak = {t: w for t, w in query.weights.items() if t not in terms}
            for key, fact in facts.items():
                for term, weight in weak.items():
                    if term in fact.terms:
                        direct[key] = direct.get(key, 0.0) + weight
                for term, weight in query.weights.items():
                    if self.index.context_has(fact, term):
                        nearby[key] = nearby.get(key, 0.0) + weight

        on_date = {k for k, f in facts.items() if _on_named_day(query.dates, f)} if query.dates else set()
        # "Xã X tổ chức Tuần lễ … từ ngày nào đến ngày nào": the week's dates, not those of the công văn
        # "về việc tổ chức Tuần lễ …" that shares the week's name with the question; "nơi nhận của kế
        # hoạch … do Phòng GD&ĐT ban hành": the words naming the plan do not ask who issued it
        other_kind_asked = bool(query.kinds) and not query.kinds & DOCUMENT_KINDS
        week_dates = query.kinds == {"period"} and query.asks_date  # only the week's own dates are asked
        typed = frozenset(t for t in query.weights if t in query.typed)
        single = len(plan_ids) == 1
        # what the loop reads of the query, looked up once (a question scores up to a few hundred facts)
        weights, typed_as, kinds, prior, avoid = query.weights, query.typed, query.kinds, query.prior, query.avoid
        about_form, asks_who, senders, named_units = query.about_form, query.asks_who, query.senders, query.named_units
        blockers = self._blockers(query)
        ranked: list[Scored] = []
        for key, fact in facts.items():
            if fact.form and not about_form:  # "Số: .../BC-…" is no theme, date or duty of the plan
                continue
            near = CONTEXT_CREDIT * nearby.get(key, 0.0)
            held = fact.terms
            # a compound the plans lack whose words this fact does not even contain: a concept it misses
            missing = sum(1 for a, b in novel if a not in held and b not in held) if novel else 0
            hit = direct.get(key, 0.0)
            # a word typed with diacritics that the fact only holds with other ones ("trưởng" / "trường")
            common = typed & held if typed else None
            if common:
                bare, marked = fact.bare, fact.marked
                misread = sum(weights[t] for t in common if t not in bare and not (typed_as[t] & marked))
                hit -= (1 - DIACRITIC_CREDIT) * misread
            score = NOVEL_PENALTY**missing * (hit + near) / denominator
            if fact.typed:
                score += TYPED_BONUS
            kind = fact.kind
            if kind in kinds:
                score += KIND_BONUS.get(kind, DEFAULT_KIND_BONUS)
                if week_dates and kind == "period":  # "phường X triển khai Tuần lễ … vào thời gian nào"
                    score += WEEK_DATES_BONUS
            if asks_who and kind in WHO_KINDS:
                score += WHO_BONUS
            if fact.unit and single and score >= ANSWER_THRESHOLD:  # which of one plan's duties: the named unit's
                unit = f"{fact.plan_id}|{fact.unit}"
                if kind == "reporting" and senders:
                    score = score + SENDER_BONUS if unit in senders else score * AVOID_FACTOR
                elif kind == "responsibility" and unit in named_units and not kinds:
                    # "phòng GD làm gì"; not "chủ đề phòng GD đưa ra": a kind asked for is the question
                    score += UNIT_BONUS
            if other_kind_asked and _dates_a_document(fact):
                score *= AVOID_FACTOR
            if key in prior:
                score += PRIOR_FACT_BONUS
            if on_date:
                if key in on_date:
                    # the day named is the question's content, or confirms a fact that is already relevant
                    if total < GENERIC_QUESTION_WEIGHT:  # "có gì", "còn hoạt động không": the day is the question
                        score = SPAN_ON_DAY if fact.kind == "period" else 1.0  # what is on that day, before the week
                    elif score >= 0.3:
                        score = min(1.0, score + DATE_BONUS)
                elif fact.dates or total < GENERIC_QUESTION_WEIGHT:  # "mai có gì": what that day holds comes first
                    score *= 0.5
            if key in avoid and key not in prior:  # last: "còn … gì nữa" does not mean the fact just given
                score *= AVOID_FACTOR
            blocked = None
            for check in blockers:
                blocked = check(fact)
                if blocked is not None:
                    break
            ranked.append(Scored(fact, score, blocked, near / denominator))
        ranked.sort(key=lambda s: -s.score)
        _block_copies(ranked)
        if query.category:
            _prefer_category(query.category, ranked, query.typed)
        return ranked

    def _names_agent(self, fact: Fact, verb: str) -> bool:
        """The sentence names who acts: an organisation of its plan or a person by title as its subject
        (in its first words, or just before the verb asked: "…, các nhà trường chủ động lựa chọn") or
        after "do"; not one it is done for ("… cho nhân viên nhà trường")."""
        joined = fact.text
        acting, named = self._agents_of(fact.plan_id)
        for found in re.finditer(f" {re.escape(verb)} ", joined) if verb else ():
            if joined[: found.start()].endswith(acting):
                return True
        head = " " + " ".join(fact.seq[:AGENT_HEAD_WORDS]) + " "
        starts = [joined.find(" do ")]  # ("bởi" folds like the "bồi" of "bồi dưỡng")
        tail = joined[min(i for i in starts if i >= 0) :] if any(i >= 0 for i in starts) else ""
        return any(name in head or name in tail for name in named)

    def _agents_of(self, plan_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Who may act in a plan's sentence, as `_names_agent` looks them up: the plan's units and the
        authorities as the words before a verb end (" phong gddt"), and its units and the officials'
        titles as words between spaces (" phong gddt "). Made for a plan when first needed."""
        found = self._agents.get(plan_id)
        if found is None:
            units = self.index.unit_phrases[plan_id]
            found = self._agents[plan_id] = (
                tuple(f" {n}" for n in (*units, *AUTHORITIES)),
                tuple(f" {n} " for n in (*units, *PERSON_TITLES)),
            )
        return found

    def _about_named_unit(self, query: Query, fact: Fact) -> bool:
        """ "phòng GD&ĐT đóng vai trò gì": the fact is a task or report of a unit the question names, or names
        one of them (or the question names the plan's own issuer, whose plan every fact is)."""
        plan = self.plans[fact.plan_id]
        named = {key.split("|", 1)[1] for key in query.named_units if key.startswith(f"{fact.plan_id}|")}
        if not named or plan.issuer in named or fact.unit in named:
            return True
        keys = (p for unit in named for p in self.index.unit_keys[fact.plan_id, unit] if " " in p)
        # "các cơ sở giáo dục" is named in "cho các tổ chức, cơ sở giáo dục" too (its "các" is the list's)
        return any(f" {p} " in fact.text or f" {_without_plural(p)} " in fact.text for p in keys)

    def _blocked(self, query: Query, fact: Fact) -> str | None:
        """Why the fact cannot answer the query (what it lacks), or None: `_blockers`' checks in order."""
        for check in self._blockers(query):
            label = check(fact)
            if label is not None:
                return label
        return None

    def _blockers(self, query: Query) -> list[Callable[[Fact], str | None]]:
        """The checks of what the query asks that a fact may lack, in order, each giving the label of
        what it lacks or None: only those the query asks for (made once per query, not per fact)."""
        checks: list[Callable[[Fact], str | None]] = []
        if query.evidence:
            evidence = query.evidence

            def lacks_evidence(fact: Fact) -> str | None:
                for proof in evidence:
                    if proof not in _proofs_held(fact.text) and not ("website" in proof and _names_web_address(fact)):
                        return EVIDENCE_LABELS.get(proof[0], "thông tin này")
                return None

            checks.append(lacks_evidence)
        if query.person_titles:
            titles, units = query.person_titles, query.units

            def lacks_title(fact: Fact) -> str | None:
                if fact.kind != "signer" or not all(_holds_title(fact.seq, t) for t in titles):
                    return "người giữ chức vụ này"
                if units and not any(f" {u} " in fact.text for u in units):
                    return "người giữ chức vụ này"
                return None

            checks.append(lacks_title)
        if query.unknown_name:
            return [*checks, lambda fact: "thông tin này"]
        if query.asks_method:
            return [*checks, lambda fact: qa_messages.METHOD_LABEL]
        if query.name_of:
            name_of = query.name_of
            checks.append(lambda fact: "tên cụ thể" if _unnamed(name_of, fact) else None)
        if query.contents_of:
            contents_of = query.contents_of
            asked_words = frozenset(query.folded.split())
            idf = self.index.idf

            def lacks_contents(fact: Fact) -> str | None:
                # a quoted title the question names whole, or a sentence that only names the thing ("Xây dựng
                # bộ chỉ số …" for "bộ chỉ số … gồm những chỉ số nào"): neither says what it holds
                place = _name_words(self.plans[fact.plan_id].locality.full_name)  # taken out of the question
                if _only_titled(contents_of, fact) or _adds_nothing(asked_words | place, fact, idf):
                    return "nội dung cụ thể"
                return None

            checks.append(lacks_contents)
        if query.asks_duties:
            # "giao cho hội khuyến học những việc gì": a list of recipients gives no task
            checks.append(lambda fact: "nhiệm vụ" if fact.kind == "recipients" else None)
        if query.asks_role and query.named_units:
            checks.append(lambda fact: None if self._about_named_unit(query, fact) else "thông tin về đơn vị được hỏi")
        if query.attribute:
            attribute, whole, label = query.attribute, query.attribute_whole, query.attribute_label
            checks.append(lambda fact: None if _holds_attribute(attribute, fact, whole) else label)
        if query.asks_form_content:
            # the plan names its form or annex; only its lines say what it holds
            checks.append(lambda fact: None if fact.form else "nội dung của mẫu")
        if query.which:
            which = query.which
            checks.append(lambda fact: "tên cụ thể" if _named_only_generically(which, fact) else None)
        if query.which_body:
            # "cơ quan nào …" is not answered by "… các cơ quan, các tổ chức xã hội …"
            body = query.which_body
            checks.append(lambda fact: "tên cụ thể" if not fact.unit and _only_as_a_class(body, fact) else None)
        if query.which_place:
            # (the recipients' list names bodies by abbreviations: "TT Liên Nghĩa")
            place = query.which_place
            checks.append(
                lambda fact: (
                    "địa điểm cụ thể" if fact.kind != "recipients" and not _place_named(place, fact.answer) else None
                )
            )
        numbers = _document_numbers(query.folded)
        if numbers:
            # "cv 2996 là của ai ban hành": what the plan says of that document, not of another (nor the plan's own)
            checks.append(lambda fact: None if any(n in fact.answer for n in numbers) else "thông tin về văn bản này")
        if query.asks_person:
            checks.append(lambda fact: "người thực hiện" if fact.kind in NO_AGENT_KINDS and not numbers else None)
        if query.asks_agent:
            # "ai hướng dẫn lớp …": "Tổ chức bồi dưỡng các lớp …" says not who
            verb = query.agent_verb
            checks.append(
                lambda fact: (
                    "người thực hiện" if fact.kind in SUBJECTLESS_KINDS and not self._names_agent(fact, verb) else None
                )
            )
        if query.asks_venue and not query.sends:
            # "trường THCS nằm ở đâu" is not answered by the list of the plan's recipients
            checks.append(lambda fact: "địa điểm" if fact.kind in DESTINATION_KINDS else None)
        if query.asks_venue and len(query.scope.plan_ids) == 1 and not query.asks_places:
            checks.append(lambda fact: "địa điểm cụ thể" if fact.generic_venue else None)
        if query.asks_days_left or query.asks_overdue:  # the last check: a fact with the day passes
            return [*checks, lambda fact: None if (fact.deadline or fact.event_start) else "ngày"]
        if query.asks_time:
            checks.append(lambda fact: None if fact.has_time else "giờ")
        if query.asks_venue:
            checks.append(lambda fact: None if fact.has_venue else "địa điểm")
        if query.asks_date:
            checks.append(lambda fact: None if fact.dates else "ngày")
        if query.asks_count:
            # "bao nhiêu con voi": a number of that, not the hour or a year the fact happens to give
            machines, counted, after = query.machines_only, query.counted, query.counted_after

            def lacks_count(fact: Fact) -> str | None:
                if machines and "may" in fact.seq:  # "ở nhà máy không": the fact's "nhà máy"
                    return None
                if fact.has_count and _states_number_of(fact.seq, counted, after):
                    return None
                return "số lượng"

            checks.append(lacks_count)
        return checks

    # --------------------------------------------------------------- deciding
    def _decide(self, query: Query, ranked: list[Scored], today: dt.date) -> Answer:
        if query.asks_time and query.prior and ranked and ranked[0].blocked:
            # "mấy giờ bắt đầu" after the ceremony's answer: its hour, not the week's start (which has none)
            again = next(
                (s for s in ranked if id(s.fact) in query.prior and s.blocked is None and _time_lead(s.fact)), None
            )
            if again is not None:
                ranked = [again]
        usable = [s for s in ranked if s.blocked is None]
        if not usable or usable[0].score < CLEAR_MATCH:  # a clear match elsewhere outweighs a kind's name
            missing = self._missing_kind(query)
            if missing is not None:
                return missing
        best_by_plan: dict[str, Scored] = {}
        for s in usable:
            best_by_plan.setdefault(s.fact.plan_id, s)
        top = usable[0] if usable else None
        if top is not None and ranked[0].blocked and ranked[0].score - top.score >= BLOCKED_LEAD:
            # the thing asked about is the blocked fact (it lacks what is asked): a weaker fact that
            # happens to pass is a neighbour, not the answer
            return self._unit_role(query) or self._not_found(query, ranked)
        if top is not None and _misses_subject(query, top, ranked[0]):
            # the best fact is about the thing asked and lacks what is asked; a weaker one that lacks the
            # thing itself (the session asked about) passes only by the words of the attribute asked
            return self._unit_role(query) or self._not_found(query, ranked)
        if top is not None and self._borrows_from_blocked(top, ranked[0]):
            # the usable fact scores by words of the adjacent sentence, the one asked about, which lacks
            # what is asked (a venue, a name): its own content is a neighbour's, not the answer
            return self._unit_role(query) or self._not_found(query, ranked)
        if top is None or (top.score < ANSWER_THRESHOLD and not self._stands_out(top, usable)):
            # a short follow-up ("hôm đó bao nhiêu người?") asks about the fact just given, when it holds the value
            again = next((s for s in usable if id(s.fact) in query.prior), None)
            if again is None:
                return self._unit_role(query) or self._not_found(query, ranked)
            top, usable = again, [again]
            best_by_plan = {again.fact.plan_id: again}

        contenders = [s for s in best_by_plan.values() if s.score >= max(CLARIFY_FLOOR, top.score - CLARIFY_GAP)]
        scope = query.scope
        several_named = len(scope.localities) >= 2 or len(scope.years) >= 2
        if several_named:
            chosen = [best_by_plan[pid] for pid in scope.plan_ids if pid in best_by_plan]
            chosen = [s for s in chosen if s.score >= ANSWER_THRESHOLD]
            return self._per_plan(query, chosen, today, status="answered")
        if len(contenders) >= 2 and not scope.localities and not self._names_one_plan(query, top):
            return self._clarify(query, contenders, today)

        plan_id = top.fact.plan_id
        if query.asks_venue:
            top = _fuller_venue(top, usable)
        facts = [top]
        on_day = bool(query.dates) and _on_named_day(query.dates, top.fact)
        for s in usable[1:6]:
            if (
                s.fact.plan_id == plan_id
                and s.score >= top.score - SECOND_FACT_GAP
                and (not on_day or _on_named_day(query.dates, s.fact))
            ):
                if s.fact.answer == top.fact.answer:
                    continue
                if not _says_the_same(s.fact.answer, top.fact.answer):  # one sentence punctuated twice
                    facts.append(s)
                break
        if top.fact.kind in LIST_KINDS and not query.dates and id(top.fact) not in query.prior:
            same = [s for s in usable if s.fact.plan_id == plan_id and s.fact.kind == top.fact.kind]
            # "chuyên đề phòng chống tội phạm có bao nhiêu người": the one named, not the whole list
            if len(same) < 2 or same[1].score > top.score - ONE_OF_LIST_GAP:
                facts = sorted(same, key=lambda s: s.fact.pos)[:6]
        elif (
            query.asks_duties
            and top.fact.kind == "responsibility"
            and f"{plan_id}|{top.fact.unit}" in query.named_units
        ):
            # "hội khuyến học làm những việc gì": every task of the unit named, not its first one
            tasks = [f for f in self.index.kind_facts.get((plan_id, "responsibility"), []) if f.unit == top.fact.unit]
            if len(tasks) >= 2:
                facts = [Scored(f, top.score) for f in tasks[:MAX_TASKS_SHOWN]]
        lines = [self._render_fact(query, s.fact, today) for s in facts]
        lead = _time_lead(top.fact) if query.asks_time and id(top.fact) in query.prior else None
        if lead is not None:  # "mấy giờ?" after the ceremony's answer: the hour, not the whole answer again
            lines = [lead]
        elif top.from_context >= CONTEXT_SHOWN:
            # the answer lies partly in the adjacent sentence: show both, in the plan's order
            around = self.index.neighbour_facts(top.fact)
            helper = max(around, key=lambda f: sum(w for t, w in query.weights.items() if t in f.terms))
            pair = sorted((helper, top.fact), key=lambda f: f.pos)
            lines = list(dict.fromkeys([pair[0].answer, pair[1].answer, *lines]))
        lines = _without_restated(lines)
        if _asks_yes_no(query.folded) and query.weights and _states_every_word(query, top.fact):
            days = self._day_referred(query)
            if days and top.fact.dates and not set(top.fact.dates) & days:
                # "hôm đó có lễ khai giảng không" after the session of 05/10: the ceremony is on another day
                lines[0] = f"{qa_messages.VERIFY_HAS_NO} {lines[0]}"
            elif not days or set(top.fact.dates) & days:
                lines[0] = f"{qa_messages.YES_LEAD} {lines[0]}"  # every word asked about is in the fact: a stated yes
        silent = self._silent_plans(query, ranked, plan_id)
        if silent:
            lines.append(silent)
        return Answer(
            status="answered",
            text="\n".join(lines) + f"\n\nNguồn: {plan_source(self.plans[plan_id])}",
            plans=[plan_id],
            topic=top.fact.kind,
            fact_refs=[s.fact.ref for s in facts],
        )

    def _on_that_day(self, merged: Query, query: Query) -> Query:
        """ "hôm đó còn là ngày gì nữa", "hôm đó có gì khác": the day of the answer just given is asked
        about, for another fact than that answer's (a yes/no about it keeps its own check)."""
        if query.dates or not _WHAT_ELSE_THAT_DAY.search(query.folded):
            return merged
        days = sorted({d for f in self.index.facts_by_id(merged.prior) for d in f.dates})
        if not days:
            return merged
        refs = DateRefs(days=tuple(DayRef(d.day, d.month, d.year) for d in days))
        # its own words only: the previous question's would find the fact just given again
        return replace(query, dates=refs, avoid=merged.prior)

    def _day_referred(self, query: Query) -> set[dt.date]:
        """The days 'hôm đó', 'ngày đó' point at: those of the previous answer's facts."""
        if not _DAY_REFERRED.search(query.folded):
            return set()
        return {d for f in self.index.facts_by_id(query.prior) for d in f.dates}

    def _unit_tasks_counted(self, query: Query) -> Answer | None:
        """ "Trung tâm HTCĐ Thanh Bình có mấy nhiệm vụ": the tasks the plan gives the one unit named, counted."""
        if len(query.scope.plan_ids) != 1 or len(query.named_units) > 1 or not _COUNTS_TASKS.search(query.folded):
            return None
        plan_id = query.scope.plan_ids[0]
        if query.named_units:
            unit_id = next(iter(query.named_units)).split("|", 1)[1]
        else:  # a one-word name ("TTHTCĐ"), which `_units_named` leaves to the plan's issuer
            spaced = f" {query.folded} "
            found = {
                unit.id
                for unit in self.plans[plan_id].units
                for key in self.index.unit_keys[plan_id, unit.id]
                if key not in _LEVEL_WORDS and f" {key} " in spaced
            }
            if len(found) != 1:
                return None
            unit_id = found.pop()
        tasks = [f for f in self.index.kind_facts.get((plan_id, "responsibility"), []) if f.unit == unit_id]
        unit = next((u for u in self.plans[plan_id].units if u.id == unit_id), None)
        if not tasks or unit is None:
            return None
        lines = [qa_messages.UNIT_TASKS_COUNT.format(unit=unit.name, count=len(tasks))]
        lines += [f"{number}. {f.answer.partition(': ')[2] or f.answer}" for number, f in enumerate(tasks, 1)]
        return Answer(
            status="answered",
            text="\n".join(lines) + f"\n\nNguồn: {plan_source(self.plans[plan_id])}",
            plans=[plan_id],
            topic="responsibility",
            fact_refs=[f.ref for f in tasks],
        )

    def _unit_role(self, query: Query) -> Answer | None:
        """ "phòng GD&ĐT đóng vai trò gì" in one plan: the tasks the plan gives the unit named, when no
        sentence answers by its words (the role is what the unit is charged with)."""
        if not query.asks_role or len(query.scope.plan_ids) != 1 or len(query.named_units) != 1:
            return None
        if query.evidence:  # "ai phụ trách giảng dạy các lớp …": a lecturer asked for, not the unit's tasks
            return None
        plan_id, unit = next(iter(query.named_units)).split("|", 1)
        tasks = [f for f in self.index.kind_facts.get((plan_id, "responsibility"), []) if f.unit == unit]
        if not tasks:
            return None
        shown = tasks[:MAX_TASKS_SHOWN]
        return Answer(
            status="answered",
            text="\n".join(f.answer for f in shown) + f"\n\nNguồn: {plan_source(self.plans[plan_id])}",
            plans=[plan_id],
            topic="responsibility",
            fact_refs=[f.ref for f in shown],
        )

    def _borrows_from_blocked(self, top: Scored, best: Scored) -> bool:
        if best.blocked is None or top.from_context < CONTEXT_SHOWN or best.fact.plan_id != top.fact.plan_id:
            return False
        return any(f is best.fact for f in self.index.neighbour_facts(top.fact))

    def _silent_plans(self, query: Query, ranked: list[Scored], answered: str) -> str | None:
        """One line naming the other plans in question whose matching fact lacks what is asked
        (a venue, a time…), so that one plan's answer is not taken for all of them."""
        if query.scope.localities or len(query.scope.plan_ids) < 2:
            return None
        year = self.plans[answered].year
        silent: dict[str, str] = {}
        for s in ranked:
            pid = s.fact.plan_id
            if s.score < ANSWER_THRESHOLD:
                break
            if pid != answered and s.blocked and pid not in silent and self.plans[pid].year == year:
                silent[pid] = s.blocked
        if not silent:
            return None
        places = ", ".join(self.plans[pid].locality.full_name for pid in silent)
        return qa_messages.OTHERS_NOT_STATED.format(places=places, missing=next(iter(silent.values())))

    @staticmethod
    def _stands_out(top: Scored, usable: list[Scored]) -> bool:
        """A weaker best match is still answered when it clearly beats every other candidate."""
        if top.score < LOW_THRESHOLD:
            return False
        for other in usable[1:]:
            if fuzz.ratio(other.fact.answer, top.fact.answer) < 90:  # the same sentence stored twice is no rival
                return top.score - other.score >= STANDOUT_GAP
        return True

    def _names_one_plan(self, query: Query, top: Scored) -> bool:
        """The question contains an informative term (a document number, a session topic) that
        only the best fact's plan holds, so it is about that plan even without naming it."""
        return any(
            self.index.single_plan(term) == top.fact.plan_id and weight >= DISCRIMINATING_WEIGHT
            for term, weight in query.weights.items()
            if term in top.fact.terms
        )

    def _render_fact(self, query: Query, fact: Fact, today: dt.date) -> str:
        text = fact.answer
        if fact.kind in CEREMONY_KINDS and not (query.asks_who or _asks_attendance(query.folded)):
            text = _ATTENDANCE.sub("", text)  # "ở đâu": the venue, not the list of a dozen bodies invited
        if query.asks_days_left or query.asks_overdue:
            running = bool(fact.event_start and fact.event_end and fact.event_start < today <= fact.event_end)
            target = fact.deadline or (fact.event_end if query.asks_end or running else None) or fact.event_start
            if target:
                if fact.deadline and query.asks_overdue:
                    state = messages.ANSWER_EXPIRED if today > target else messages.ANSWER_NOT_EXPIRED
                    return qa_messages.TODAY_LINE.format(text=text, state=state, span=days_phrase(target, today))
                span = days_phrase(target, today)
                return qa_messages.DAYS_LINE.format(text=text, target=vn_date(target), span=span)
        if fact.deadline:
            state = messages.ANSWER_EXPIRED if today > fact.deadline else days_phrase(fact.deadline, today)
            text += qa_messages.TODAY_NOTE.format(state=state)
        elif fact.kind == "period" and fact.event_start and fact.event_end:
            if today < fact.event_start:
                state = messages.ANSWER_WEEK_AHEAD.format(span=days_phrase(fact.event_start, today))
            elif today <= fact.event_end:
                state = messages.ANSWER_WEEK_RUNNING
            else:
                state = messages.ANSWER_WEEK_OVER.format(span=days_phrase(fact.event_end, today))
            text += qa_messages.TODAY_NOTE.format(state=state)
        return text

    def _missing_kind(self, query: Query) -> Answer | None:
        """A kind of fact asked for by name that the one plan in question does not state."""
        if len(query.scope.plan_ids) != 1:
            return None
        plan_id = query.scope.plan_ids[0]
        deadline_asked = "reporting" in query.kinds and query.asks_deadline
        for kind in sorted(query.kinds & (STATED_OR_UNKNOWN | ({"reporting"} if deadline_asked else set()))):
            if (plan_id, kind) not in self.index.kind_facts and not (kind == "opening" and query.kinds - {kind}):
                plan = self.plans[plan_id]
                label = KIND_LABELS.get(kind, kind)
                text = messages.ANSWER_KIND_NOT_STATED.format(
                    place=plan.locality.full_name, year=plan.year, label=label
                )
                return self._unknown(text, [plan_id])
        return None

    def _per_plan(self, query: Query, chosen: list[Scored], today: dt.date, status: Status) -> Answer:
        if not chosen:
            return self._not_found(query, [])
        lines = []
        for s in chosen:
            plan = self.plans[s.fact.plan_id]
            lines.append(f"• {plan_label(plan)}: {self._render_fact(query, s.fact, today)}")
        kinds = {s.fact.kind for s in chosen}
        if kinds == {"theme"} and len(chosen) >= 2:
            themes = {self.plans[s.fact.plan_id].theme for s in chosen}
            lines.append(messages.ANSWER_SAME_THEME if len(themes) == 1 else messages.ANSWER_DIFFERENT_THEMES)
        sources = "\n".join(f"Nguồn: {plan_source(self.plans[s.fact.plan_id])}" for s in chosen)
        return Answer(
            status=status,
            text="\n".join(lines) + "\n\n" + sources,
            plans=[s.fact.plan_id for s in chosen],
            options=self.plan_options([s.fact.plan_id for s in chosen]) if status == "clarify" else [],
            topic=chosen[0].fact.kind,
            fact_refs=[s.fact.ref for s in chosen],
        )

    def _clarify(self, query: Query, contenders: list[Scored], today: dt.date) -> Answer:
        current = [s for s in contenders if self.plans[s.fact.plan_id].year == today.year]
        if len(current) >= 2:
            contenders = current  # this year's plans are the ones people mean
        contenders = sorted(contenders, key=lambda s: -s.score)[:MAX_OPTIONS]
        ids = [s.fact.plan_id for s in contenders]
        groups = self._agreeing(query, contenders, today)
        if len(groups) == 1:  # every plan says the same: one answer, naming them
            return self._agreed(query, contenders, today)
        if all(s.fact.short for s in contenders) and len(contenders) <= 5:
            lines = []
            for text, members in groups.items():
                places = ", ".join(plan_label(self.plans[m.fact.plan_id]) for m in members)
                lines.append(f"• {places}: {text}")
            sources = "\n".join(f"Nguồn: {plan_source(self.plans[i])}" for i in ids)
            return Answer(
                status="clarify",
                text=messages.ANSWER_DIFFERS + "\n" + "\n".join(lines) + "\n\n" + sources,
                plans=ids,
                options=self.plan_options(ids),
                topic=contenders[0].fact.kind,
                fact_refs=[s.fact.ref for s in contenders],
            )
        names = ", ".join(plan_label(self.plans[i]) for i in ids)
        return Answer(
            status="clarify",
            text=messages.ANSWER_WHICH_PLACE.format(places=names),
            plans=[],
            options=self.plan_options(ids),
            topic=contenders[0].fact.kind,
        )

    def _neutral(self, query: Query, fact: Fact, today: dt.date) -> str:
        """The fact as rendered, without the name of its locality (to compare plans and say it once)."""
        loc = self.plans[fact.plan_id].locality
        text = self._render_fact(query, fact, today)
        return text.replace(f" ở {loc.level} {loc.name}", "")  # the engine's own phrasing, never a quotation

    def _agreeing(self, query: Query, contenders: list[Scored], today: dt.date) -> dict[str, list[Scored]]:
        """Contenders grouped by what they say (the neutral text; a period by its dates)."""
        groups: dict[str, list[Scored]] = {}
        keys: dict[object, str] = {}
        for s in contenders:
            text = self._neutral(query, s.fact, today)
            key: object = (s.fact.event_start, s.fact.event_end) if s.fact.kind == "period" else _fold_rendered(text)
            groups.setdefault(keys.setdefault(key, text), []).append(s)
        return groups

    def _agreed(self, query: Query, contenders: list[Scored], today: dt.date) -> Answer:
        ids = list(dict.fromkeys(s.fact.plan_id for s in contenders))
        places = [self.plans[i].locality.full_name for i in ids]
        named = ", ".join(places[:-1]) + f" {qa_messages.AND} {places[-1]}" if len(places) > 1 else places[0]
        text = self._neutral(query, contenders[0].fact, today)
        sources = "\n".join(f"Nguồn: {plan_source(self.plans[i])}" for i in ids)
        return Answer(
            status="answered",
            text=f"{text}\n— {qa_messages.AGREED.format(places=named)}\n\n{sources}",
            plans=ids,
            topic=contenders[0].fact.kind,
            fact_refs=[s.fact.ref for s in contenders],
        )

    def _not_found(self, query: Query, ranked: list[Scored]) -> Answer:
        scope = query.scope
        blocked = next((s for s in ranked[:3] if s.blocked and s.score >= ANSWER_THRESHOLD), None)
        if blocked is None and ranked and ranked[0].blocked and self._stands_out(ranked[0], ranked):
            blocked = ranked[0]  # a weaker match, but clearly what is asked about: say what it does state
        if blocked is not None and len({s.fact.plan_id for s in ranked[:3] if s.score >= blocked.score}) == 1:
            partial = self._partial(query, blocked)
            if partial is not None:
                return partial
            plan = self.plans[blocked.fact.plan_id]
            template = (
                messages.ANSWER_VALUE_NOT_STATED_PLAIN
                if (blocked.blocked or "").startswith(("nội dung", "thông tin"))
                else messages.ANSWER_VALUE_NOT_STATED
            )
            text = template.format(
                place=plan.locality.full_name,
                missing=blocked.blocked,
                fact=blocked.fact.answer,
                source=plan_source(plan),
            )
            return Answer("unknown", text, [], suggestions=self.suggestions(scope.plan_ids), topic=blocked.fact.kind)
        where = ""
        if len(scope.plan_ids) == 1:
            where = messages.ANSWER_IN_PLAN.format(plan=plan_label(self.plans[scope.plan_ids[0]]))
        return self._unknown(
            messages.ANSWER_NOT_FOUND.format(where=where),
            scope.plan_ids,
        )

    def _partial(self, query: Query, blocked: Scored) -> Answer | None:
        """ "Chuyên đề AI có bao nhiêu học viên, ai giảng?": the fact gives the value asked (a number, a date,
        a time, a place) and lacks only an attribute of the event that no plan states (who speaks, a fee…):
        answered with what it states, saying what it does not."""
        if not query.two_parts or blocked.blocked not in PARTIAL_ATTRIBUTES:
            return None
        if not (query.asks_count or query.asks_date or query.asks_time or query.asks_venue):
            return None
        rest = replace(query, evidence=(), asks_person=False, asks_agent=False, person_titles=())
        if self._blocked(rest, blocked.fact) is not None:
            return None
        plan = self.plans[blocked.fact.plan_id]
        note = qa_messages.PARTIAL_NOTE.format(missing=blocked.blocked)
        return Answer(
            status="answered",
            text=f"{blocked.fact.answer}\n{note}\n\nNguồn: {plan_source(plan)}",
            plans=[plan.id],
            topic=blocked.fact.kind,
            fact_refs=[blocked.fact.ref],
        )

    def _unknown(self, text: str, plan_ids: list[str] | None) -> Answer:
        suggestions = self.suggestions(plan_ids)
        if text.endswith(":"):
            text += "\n" + "\n".join(f"• {s.text}" for s in suggestions)
        return Answer("unknown", text, [], suggestions=suggestions)

    def _holdings(self) -> str:
        return choices.holdings(self.plans, self.order)

    def _no_plan_for(self, scope: Scope) -> Answer:
        if scope.localities:
            place = ", ".join(f"{self.plans[i].locality.level} {self.plans[i].locality.name}" for i in scope.localities)
            years = ", ".join(str(y) for y in scope.years)
            return self._unknown(
                messages.ANSWER_NO_PLAN_FOR_YEAR_PLACE.format(years=years, place=place, holdings=self._holdings()), None
            )
        years = ", ".join(str(y) for y in scope.years)
        return self._unknown(messages.ANSWER_NO_PLAN_FOR_YEAR.format(years=years, holdings=self._holdings()), None)


_TEMPORAL = re.compile(
    r"\b(?:(?:vao )?thu (?:2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)|chu nhat|tuan (?:nay|sau|toi|truoc)|hom nay|bua nay"
    r"|ngay mai|^mai|hom qua|ngay kia|nam nay|con (?:may|bao nhieu) ngay(?: nua)?|(?:may|bao nhieu) ngay nua|nua"
    r"|(?:vao )?thang (?:may|nao)|(?:tinh )?(?:den |vao )?thoi diem nao"
    r"|(?:mung|mong) \d{1,2}(?: thang \d{1,2})?"  # "mùng 5 tháng 10" (the day is found by bot.qa.dates)
    r"|\d{1,2}/\d{1,2}(?:/\d{4})?|" + "|".join(FRAMING) + r")\b"
)


# "ở Hòa Khánh", "tại Tân Lập": two to four capitalised words after "ở" / "tại"
# "mấy cái ứng dụng … nào", "mấy câu khẩu hiệu … là những câu gì", "có mấy khóa học mở … không": "mấy"
# before a noun is a plural ("a few", "those"), not the question, when another word asks which one or
# whether (no "bao nhiêu" anywhere: "bao nhiêu … nào" still counts)
# "nhà máy", "máy tính", "máy chiếu": folded, their "máy" reads as the "mấy" of a count
_MACHINE_MAY = re.compile(
    r"(?<= )(?:(?<=nha )|(?<=dien )|(?<=xuong ))may(?= )|(?<= )may(?= (?:tinh|moc|chieu|in|bay|quay|vi tinh) )"
)


_YES_NO = re.compile(
    r"(?:^| )co (?!phai |dung |the |nen |nhieu |bao |may )(?:.* )?(?:khong|ko|k|hong|hok|kg)"
    r"(?: (?:a|ad|vay|nhi|ha|ban|nhe|the|ak|z|v))*$"
)


# "giao cho hội khuyến học làm gì": the duties given to a body named between
_GIVEN_TO_DO = re.compile(r" giao cho (?:\w+ ){1,6}(?:lam|thuc hien) (?:nhung )?(?:gi|j|viec gi) ")
_COUNTS_TASKS = re.compile(r"\b(?:bao nhieu|may) (?:nhiem vu|viec|cong viec|dau viec)\b")
_DAY_REFERRED = re.compile(r"\b(?:hom|ngay|buoi) (?:do|ay|hom do)\b")


def _asks_yes_no(folded: str) -> bool:
    """'An Lão có treo băng rôn ở nhà máy không': a yes/no question (not "có phải … không", which the
    verification of a claimed value answers, nor "có bao nhiêu")."""
    return bool(_YES_NO.search(folded)) and " hay " not in f" {folded} "


def _only_machines(spaced: str, text: str) -> bool:
    """Whether every "may" of the question is a machine ("máy"), not the "mấy" that asks how many."""
    if " bao nhieu " in spaced:
        return False
    mays = spaced.count(" may ")
    machines = len(_MACHINE_MAY.findall(spaced))
    typed = re.findall(r"\w+", unicodedata.normalize("NFC", text.lower()))
    if "mấy" not in typed:
        machines = max(machines, typed.count("máy"))  # typed with marks: "máy" is a machine
    return mays > 0 and machines >= mays


# "mấy buổi đó", "mấy lớp ấy": those (the ones just named), not how many
# "mấy ông bà nghệ nhân", "mấy cô chú": some (kin words address people), and "mấy hôm tuần lễ … thì ai lo …"
# (the days as a time, another question word asking): not how many
_MAY_THOSE = re.compile(
    r" may \S+ (?:\S+ )?(?:do|ay|nay|kia) "
    r"| may (?:ong|ba|co|chu|bac|anh|chi|ba con) "
    r"|^ may (?:hom|ngay) .* (?:ai|o dau|gi|j) "
)
_PLURAL_MAY = re.compile(
    r"^(?!.* bao nhieu ).*(?<! so)(?<! nha)(?<! lop)(?<! thu)(?<! tang)(?<! phong)(?<! muc)(?<! phan)(?<! dieu)"
    r" may (?!(?:gio|ngay|tuan|thang|nam|lan|phut|h|buoi|tieng) )\S+ (?:.* )?"
    r"(?:(?<!khi )(?:nao|gi)|(?:khong|ko|hong)(?: (?:a|ad|vay|nhi|ha|ban|nhe|the|chau|em))* $)"
)
_UNIT_LEVELS = frozenset({"xã", "phường", "huyện", "quận", "thị", "tỉnh", "thành"})  # "thị trấn", "thành phố"
# "quận 3", "q.3", "phường 7": a numbered urban unit (folded or as typed)
_NUMBERED_UNIT = re.compile(r"(?<!\w)(?:quận|quan|q\.?|phường|phuong)\s?\d{1,2}(?!\w|/)", re.IGNORECASE)
# "ở / tại" and a level word typed with its marks (or "huyen"), then two words of a name in lower case
_LEVEL_AND_NAME = re.compile(
    r"(?<!\w)(?:ở|tại|bên|o|tai|ben)\s+(xã|phường|huyện|huyen|quận|tỉnh|thị trấn|thành phố)"
    r"\s+([a-zà-ỹđ]+)\s+([a-zà-ỹđ]+)(?!\w)"
)
_AFTER_AT = re.compile(r"(?<!\w)(?:ở|tại|Ở|Tại)\s+((?:[A-ZĐÀ-ỸÂĂÊÔƠƯ][\wÀ-ỹ]*(?:\s+|$|(?=[,.?!;:]))){2,4})")


# words before "nào" that ask a time, a manner or an amount, not which one of a kind of thing
_NOT_WHICH = frozenset("khi luc ngay hom gio the sao cach bao buoi thang nam tuan thu dau noi cho phan muc".split())


def _not_name(word: str) -> bool:
    """A word at either end of a capitalised run that is no part of a name: a small word, a polite one, a number."""
    return word in STOPWORDS or word in POLITE_WORDS or word.isdigit()


def _capitalised_runs(text: str) -> list[tuple[str, bool]]:
    """Two words or more in a row that start with a capital letter ("Ngày Sách", "Việt Nam"), and
    whether the run opens a sentence (whose first word is capitalised whatever it is);
    punctuation between words ends a run."""
    runs: list[tuple[list[str], bool]] = [([], True)]
    opening = True
    for word in text.split():
        core = word.strip("\"'“”‘’()[]")
        if core[:1].isupper() and core[:1].isalpha():
            if not runs[-1][0]:
                runs[-1] = ([], opening)
            runs[-1][0].append(core.rstrip(",.;:!?…)"))
            if core[-1:] in ",;":
                runs.append(([], False))
        else:
            runs.append(([], False))
        opening = core[-1:] in ".?!:"
        if opening:
            runs.append(([], True))
    return [(" ".join(run), first) for run, first in runs if len(run) >= 2]


_VENUE_NAMED = re.compile(r"\btại\s+([^,.;:()“”\"]+?)(?=\s+(?:trong|vào|từ|để|cho|với|nhằm|theo)\b|[,.;:()“”\"]|$)")


_TIME_AND_DAY = re.compile(r"(\d{1,2}\s?(?:h|giờ)\s?\d{0,2})((?:,?\s+(?:ngày|hôm)\s+\d{1,2}/\d{1,2}/\d{4}))?")
_LEAD_IN = re.compile(r"(?:\s*(?:,|được|sẽ|tổ chức|diễn ra|bắt đầu|vào|từ|lúc))*\s*$")


CEREMONY_KINDS = frozenset({"opening", "closing", "ceremony"})
_ATTENDANCE = re.compile(r" Thành phần: [^()]*?\.(?=\s|$)")
_ATTENDANCE_CUES = ("thanh phan", "tham du", "du le", "dai bieu", "khach moi", "moi ai", "tham gia", "nhung ai")


def _asks_attendance(folded: str) -> bool:
    spaced = f" {folded} "
    return any(f" {c} " in spaced for c in _ATTENDANCE_CUES)


def _time_lead(fact: Fact) -> str | None:
    """The hour a fact states, said first and with what it is the hour of ("Lúc 13h30 ngày 06/10/2025 —
    Lễ khai giảng …"), for a follow-up that asks only the time of what was just answered."""
    found = _TIME_AND_DAY.search(fact.answer)
    if found is None:
        return None
    what = _LEAD_IN.sub("", fact.answer[: found.start()]).strip()
    if not what:
        return None
    return qa_messages.TIME_LEAD.format(time=found.group(1), day=found.group(2) or "", what=what)


def _venue_of(fact: Fact) -> str:
    found = _VENUE_NAMED.search(" ".join(fact.answer.split()))
    return found.group(1).lower() if found else ""


def _fuller_venue(top: Scored, usable: list[Scored]) -> Scored:
    """ "tại thư viện" in the best match, "tại Thư viện huyện" in a close one of the same plan about
    the same activity: the venue named more fully is the answer to "ở đâu"."""
    venue = _venue_of(top.fact)
    if not venue:
        return top
    for other in usable[1:6]:
        if other.fact.plan_id != top.fact.plan_id or other.score < top.score - FULLER_VENUE_GAP:
            continue
        fuller = _venue_of(other.fact)
        if len(fuller) > len(venue) and fuller.startswith(venue + " "):
            return other
    return top


def _misses_subject(query: Query, top: Scored, best: Scored) -> bool:
    """ "chuyên đề AI tổ chức tại hội trường nào": the best fact, blocked, holds the question's weightiest
    word (what it is about: "AI"), and the best usable one, another event's hall, does not."""
    if not query.which_place or best.blocked is None or best is top or best.fact.plan_id != top.fact.plan_id:
        return False
    held = [(w, t) for t, w in query.weights.items() if " " not in t and t in best.fact.terms]
    if not held:
        return False
    subject = max(held)[1]
    return subject not in top.fact.terms


def _refers_to_topic(text: str) -> bool:
    """ "hôm đó", "kế hoạch ấy" refer back to what was asked; "ở đó" only to where ("thế chủ đề ở đó
    là gì" asks a new thing of the same locality)."""
    typed = _PLACE_REFERENCE.sub(" ", text.lower())
    folded = _PLACE_REFERENCE_FOLDED.sub(" ", " ".join(tokens(text)))
    return bool(_REFERS_BACK.search(typed) or _REFERS_BACK_FOLDED.search(folded))


# "có (những) X gì"; not the modal "có thể / có được / có phải … gì" (can, may, must)
_HAS_WHAT = re.compile(
    r"\b(?:co (?!the |duoc |phai |can |quan |so |che |hoi |cau )(?:nhung |cac )?((?:\w+ ){1,3})(?:gi|j)"
    r"|(?:co|gom|bao gom) (?:nhung|cac) ((?:\w+ ){1,3})nao)\b"
)


# "quy định về … là gì": the head of what is defined or asked, its first words before a linking word
_IS_WHAT = re.compile(r"^((?:\w+ ){1,3})(?:(?:ve|cua|cho|trong|o|tai|ma|duoc|thi|nay|do|khi|theo|de) .*)?la (?:gi|j)\b")


def _states_every_word(query: Query, fact: Fact) -> bool:
    """Every word asked about is in the fact (a stated yes): each word, and each pair of words either
    as a pair or a word apart ("tổ chức lớp học" in "tổ chức các lớp, khoá học"); a pair with a
    question's particle ("có tổ", "cho người") asks nothing of its own."""
    for term in query.own_terms or query.weights:
        if term in fact.terms:
            continue
        words = term.split()
        if len(words) == 2 and (words[0] in STOPWORDS or words[1] in STOPWORDS):
            continue
        if len(words) != 2 or not all(w in fact.terms for w in words):
            return False
        first, second = words
        seq = fact.seq
        if not any(w == first and second in seq[i + 1 : i + 3] for i, w in enumerate(seq)):
            return False
    return True


def _asked_attribute(folded: str) -> tuple[str, ...]:
    """ "Covid-19 có những triệu chứng gì" -> ("trieu", "chung"), "quy định về … là gì" -> ("quy", "dinh"):
    what is asked of the thing named, when it is an attribute of it and not the kind of answer wanted
    ("có những hoạt động gì", "chủ đề … là gì")."""
    match = _HAS_WHAT.search(folded)
    if not match:
        lead = folded.split()
        while lead and (lead[0] in STOPWORDS or lead[0] in DOMAIN_WORDS or lead[0] in HEAD_FILLERS):
            lead = lead[1:]
        match = _IS_WHAT.match(" ".join(lead))
        if not match:
            return ()
    words = tuple((match.group(1) or match.group(2)).split())
    if any(" ".join(words[:n]) in ASKED_KIND_NOUNS for n in (1, 2, 3)):
        return ()
    if folded[match.end() :].startswith((" den ", " toi ")):  # "có chú ý gì đến …": a verb, no attribute
        return ()
    if not any(w not in STOPWORDS and not w.isdigit() for w in words):
        return ()
    return words


# "trợ lý ảo học tập (mà …) tên là gì", "… có tên gọi là gì": the thing named just before "tên"
_NAME_ASKED = re.compile(
    r"^(.*?) (?:(?:ma|duoc|do|ho|nguoi ta) .*? )?(?:co |mang |goi )?ten(?: goi)?(?: la)? (?:gi|j)\b"
)


def _name_asked_of(folded: str) -> tuple[str, ...]:
    """The words of the thing whose name a question asks ("trợ lý ảo học tập … tên là gì"), last four at most."""
    match = _NAME_ASKED.match(folded)
    if not match:
        return ()
    words = match.group(1).split()[-4:]
    while words and words[0] in STOPWORDS:
        words = words[1:]
    return tuple(words) if len(words) >= 2 else ()


def _unnamed(words: tuple[str, ...], fact: Fact) -> bool:
    """The fact mentions the thing (two of its words together or more) but gives it no name: no capitalised
    word, number or quotation follows its mention ("…, trợ lý ảo học tập, nền tảng …")."""
    text = _folded_answer(fact.answer)
    for size in range(len(words), 1, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if f" {phrase} " in f" {text} ":
                return _no_name_follows(phrase, fact.answer)
    return False


_CONTENTS_ASKED = re.compile(r"^(.*?) (?:gom|bao gom|gom co|co noi dung|noi dung|co nhung noi dung) ")
HEAD_WINDOW = 2  # words of the head of "… là gì" found this close together in a sentence name it there
INFORMATIVE_WEIGHT = 2.0  # a word this rare in the plans tells something ("thực hiện", "việc" tell nothing)
TITLE_COVERED = 0.8  # a question naming this share of a quoted title's words names the title itself
_QUOTED = re.compile(r"“([^”]+)”")


def _contents_asked_of(folded: str) -> frozenset[str]:
    """The content words of what a question asks the contents of ("giải pháp phòng chống tội phạm gồm …")."""
    match = _CONTENTS_ASKED.match(folded)
    words = frozenset(w for w in match.group(1).split() if w not in STOPWORDS) if match else frozenset()
    return words if len(words) >= 2 else frozenset()


def _adds_nothing(asked: frozenset[str], fact: Fact, idf: dict[str, float]) -> bool:
    """The fact has at most one telling word (weight >= INFORMATIVE_WEIGHT) the question does not have."""
    new = {w for w in _words_of(fact.answer) if w not in asked and idf.get(w, 0.0) >= INFORMATIVE_WEIGHT}
    return len(new) <= 1


def _only_titled(words: frozenset[str], fact: Fact) -> bool:
    """The fact gives the thing only by its quoted title, which the question already names whole (a session
    "“Giải pháp phòng chống tội phạm”"): it says nothing of what the thing holds."""
    for title in _QUOTED.findall(fact.answer):
        content = [w for w in fold(title).split() if w not in STOPWORDS]
        if len(content) >= 2 and sum(w in words for w in content) >= TITLE_COVERED * len(content):
            return True
    return False


_CATEGORY = re.compile(r"\b(?:nhung|cac) ((?:\w+ ){1,2})nao\b")
CATEGORY_DEPTH = 6  # candidates looked at for one naming the kind of thing asked


def _category_asked(folded: str) -> tuple[str, ...]:
    """ "nhắm tới người dân những vùng nào" -> ("vung",): the kind of thing of which some are asked."""
    match = _CATEGORY.search(folded)
    if not match:
        return ()
    words = tuple(match.group(1).split())
    if any(" ".join(words[:n]) in ASKED_KIND_NOUNS for n in (1, 2)):
        return ()
    return words if all(w not in STOPWORDS for w in words) else ()


def _prefer_category(words: tuple[str, ...], ranked: list[Scored], typed: dict[str, set[str]]) -> None:
    """When one of the best candidates names the kind of thing asked ("vùng sâu, vùng xa" for "những vùng
    nào") and better-scoring ones do not, those are about something else: they cannot answer. A word typed
    with its marks is found only with them ("vùng", not the "vững" of "bền vững")."""

    def names(fact: Fact) -> bool:
        if not _holds_attribute(words, fact, True):
            return False
        return all(not typed.get(w) or typed[w] & fact.marked for w in words if w not in STOPWORDS)

    best = ranked[:CATEGORY_DEPTH]
    holder = next((s for s in best if s.blocked is None and s.score >= LOW_THRESHOLD and names(s.fact)), None)
    if holder is None or holder is best[0]:
        return
    for s in best:
        if s.blocked is None and not names(s.fact):
            s.blocked = _typed_phrase(words, typed)


_WEB_ADDRESS = re.compile(r"(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|org|net|edu|gov)(?:/\S*)?")


def _names_web_address(fact: Fact) -> bool:
    """Whether the sentence gives a web address ("văn phòng điện tử qlvb.hpnet.vn"): an address
    asked for is stated even where the sentence does not call it one."""
    return any(_WEB_ADDRESS.fullmatch(word) for word in fact.seq)


def _holds_attribute(words: tuple[str, ...], fact: Fact, whole: bool) -> bool:
    """The fact names the attribute: its word, or for a compound asked whole ("triệu chứng", "biến chủng")
    two of its words together, not a syllable of it elsewhere ("diễn biến"); a head of "… là gì", which
    may be worded in another order, by its words close together ("góc sách" / "tủ sách góc lớp")."""
    if words[:2] == ("dia", "chi") and _names_web_address(fact):
        return True  # "trang … có địa chỉ là gì": "văn phòng điện tử qlvb.hpnet.vn"
    if len(words) == 1:
        return words[0] in fact.terms
    if not whole:  # its two first content words close together, in either order ("sách góc lớp")
        content = [w for w in words if w not in STOPWORDS][:2]
        if len(content) < 2:
            return any(w in fact.terms for w in content)
        spots = {w: [i for i, t in enumerate(fact.seq) if t == w] for w in content}
        return any(abs(i - j) <= HEAD_WINDOW for i in spots[content[0]] for j in spots[content[1]])
    return any(f"{a} {b}" in fact.terms for a, b in itertools.pairwise(words))


def _typed_phrase(words: tuple[str, ...], typed: dict[str, set[str]]) -> str:
    """The folded words as the user typed them (with their marks, when typed with any)."""
    return " ".join(min(typed.get(w, {w})) for w in words)


def _which_noun(folded: str) -> tuple[str, ...]:
    """ "tham quan doanh nghiệp công nghệ nào": up to four words before "nào" (a kind of thing whose
    name is asked); empty for "khi nào", "ngày nào", "như thế nào"."""
    match = re.search(r"((?:\w+ ){1,4})nao\b", folded)
    if not match:
        return ()
    words = tuple(match.group(1).split())
    return () if words[-1] in _NOT_WHICH or len(words) < 2 else words


_WHICH_PLACE = re.compile(r"(?:^|(\w+) )(" + "|".join(re.escape(k) for k in PLACE_WHICH_KINDS) + r") nao\b")


_WHICH_BODY = re.compile(r"(?:^|(\w+) )(" + "|".join(re.escape(k) for k in BODY_WHICH_KINDS) + r") nao\b")


def _which_body(folded: str) -> str:
    """ "cơ quan nào đứng ra …": one body of the kind is asked for (not "những đơn vị nào")."""
    for match in _WHICH_BODY.finditer(folded):
        if match.group(1) not in PLACE_WHICH_PLURAL:
            return match.group(2)
    return ""


def _only_as_a_class(kind: str, fact: Fact) -> bool:
    """Every mention of the kind in the fact is of all such bodies ("các cơ quan", "những đơn vị")."""
    joined = fact.text
    spots = [m.start() for m in re.finditer(f" {re.escape(kind)} ", joined)]
    return bool(spots) and all(joined[:at].endswith((" cac", " nhung", " moi")) for at in spots)


def _which_place(folded: str) -> str:
    """ "tổ chức tại xã nào", "thôn nào tổ chức đầu tiên": the kind of place of which one is asked
    (not "những trường nào", "cấp trường nào": several, or a level, which a general phrase answers)."""
    for match in _WHICH_PLACE.finditer(folded):
        if match.group(1) not in PLACE_WHICH_PLURAL:
            return match.group(2)
    return ""


def _place_named(kind: str, answer: str) -> bool:
    """A place of the kind named in the answer: the kind followed at once by a capitalised word or a
    number ("thôn Đông", "Thôn 3"), not "các nhà văn hóa thôn," nor "các cơ sở thôn: Phát động …"."""
    raw = strip_diacritics(clean(answer))
    pattern = r"\b" + r"\s+".join(re.escape(w) for w in kind.split()) + r"\b"
    return any(_PLACE_NAME_FOLLOWS.match(raw, h.end()) for h in re.finditer(pattern, raw, re.IGNORECASE))


_PLACE_NAME_FOLLOWS = re.compile(r"[ \t]+[A-Z0-9]")


@functools.lru_cache(maxsize=4096)
def _folded_answer(answer: str) -> str:
    return fold(answer)


def _named_only_generically(words: tuple[str, ...], fact: Fact) -> bool:
    """Whether the fact names the asked kind of thing (two words or more of the question, as a
    whole) only as a kind: every time it appears, nothing follows it ("… tại doanh nghiệp công
    nghệ;"), so the fact does not say which one. A kind whose members bear proper names
    ("doanh nghiệp nào") is named only when a name follows ("mời doanh nghiệp giới thiệu …" is not)."""
    kind, phrases = _which_phrases(words)
    if kind is not None:  # "công ty nào tài trợ": only a fact naming such a body by its name answers
        named = kind in fact.terms or f" {kind} " in fact.text
        return not named or _no_name_follows(kind, fact.answer)
    if not any(f"{a} {b}" in fact.terms for a, b in itertools.pairwise(words)):
        return False  # cheap: no two words of the noun together in the fact
    text = _folded_answer(fact.answer)
    for phrase, pattern in phrases:
        if phrase not in text:  # no match as a whole either (checked for every candidate fact)
            continue
        hits = list(pattern.finditer(text))
        if hits:
            return all(re.match(r"\s*(?:[;.!?]|$)", text[h.end() :]) for h in hits)
    return False


@functools.lru_cache(maxsize=256)
def _which_phrases(words: tuple[str, ...]) -> tuple[str | None, tuple[tuple[str, re.Pattern[str]], ...]]:
    """Once per question, not per candidate fact: the kind with proper names its last words make
    ("doanh nghiệp"), and its phrases of two words or more, longest first, with their patterns."""
    # Vietnamese puts the head noun first ("doanh nghiệp công nghệ nào"): the kind may be anywhere
    kind = next(
        (
            k
            for k in (
                " ".join(words[i : i + n])
                for i in range(len(words))
                for n in (3, 2)
                if len(words) - (i + n) <= KIND_MODIFIERS  # "doanh nghiệp công nghệ nào": two words after it at most
            )
            if k in PROPER_NAMED_KINDS
        ),
        None,
    )
    phrases = tuple(
        " ".join(words[start : start + size])
        for size in range(len(words), 1, -1)
        for start in range(len(words) - size + 1)
    )
    return kind, tuple((p, re.compile(rf"\b{re.escape(p)}\b")) for p in phrases)


def _no_name_follows(phrase: str, answer: str) -> bool:
    """No capitalised word, number or quotation follows any mention of the kind in the answer."""
    raw = strip_diacritics(clean(answer))
    pattern = r"\b" + r"\W+".join(re.escape(w) for w in phrase.split()) + r"\b"
    return not any(_NAME_FOLLOWS.match(raw, h.end()) for h in re.finditer(pattern, raw, re.IGNORECASE))


_NAME_FOLLOWS = re.compile(r"[ \t]*:?[ \t]*(?:[A-Z0-9]|[\"“‘'(«])")


# words between "bao nhiêu / mấy" and the noun counted ("bao nhiêu con voi", "mấy cái lớp"), and words
# before the question word that are not the noun ("kinh phí là bao nhiêu", "số người được bao nhiêu")
_COUNT_CLASSIFIERS = frozenset("con cai chiec quyen cuon tam buc bo luot".split())
_COUNT_LINKS = frozenset("la co duoc khoang tam chung tong cong tat ca het gom tong so luong".split())
NUMBER_BEFORE_NOUN = 3  # "150 người", "03 buổi chuyên đề": numeral, classifier, noun
NUMBER_AFTER_NOUN = 6  # "kinh phí hỗ trợ mỗi lớp: 5.000.000 đồng"


def _counted_noun(seq: list[str], quantity: bool = False) -> tuple[tuple[str, ...], bool]:
    """The noun whose number the question asks: the word after "bao nhiêu / mấy / số lượng" (past a
    classifier: "con voi" counts "voi"), else the content word before it ("kinh phí là bao nhiêu");
    and whether it came after the question word. `quantity`: the question says "số lượng", which
    the synonyms write "số"."""
    words = list(seq)
    for i, word in enumerate(words):
        if word == "bao" and i + 1 < len(words) and words[i + 1] == "nhieu":
            end = i + 2
        elif (quantity and word == "so") or (
            word == "may" and (i + 1 >= len(words) or words[i + 1] not in ("gio", "ngay", "tieng"))
        ):
            end = i + 1
        else:
            continue
        after = words[end:]
        if after and after[0] in _COUNT_CLASSIFIERS and len(after) > 1 and after[1] != SEP:
            return (after[1],), True  # the classified noun, even one folded like a small word ("voi")
        if after and after[0] != SEP and after[0] not in STOPWORDS:
            return (after[0],), True
        before = [w for w in words[:i] if w != SEP]
        while before and (before[-1] in _COUNT_LINKS or before[-1] in STOPWORDS):
            before.pop()
        return ((before[-1],), False) if before else ((), True)
    return (), True


def _is_number(token: str) -> bool:
    """A count or an amount ("150", "5.000.000"); not a date, a code or a year."""
    return (
        token[:1].isdigit()
        and "/" not in token
        and token.replace(".", "").replace(",", "").isdigit()
        and not _is_year(token)
    )


@functools.lru_cache(maxsize=65536)
def _number_positions(seq: tuple[str, ...]) -> tuple[int, ...]:
    """Where a sentence's words are numbers: found once per sentence, not once per question."""
    return tuple(i for i, t in enumerate(seq) if _is_number(t))


def _states_number_of(seq: tuple[str, ...], noun: tuple[str, ...], after: bool) -> bool:
    """Whether the fact gives a number of the counted noun: a numeral shortly before it ("150 người",
    "03 buổi chuyên đề") or, for a noun asked before the question word, shortly after it ("kinh phí:
    5.000.000 đồng"). With no noun found, any number will do."""
    if not noun or noun[-1] in TIME_UNITS:
        return True
    heads = PEOPLE_NOUNS if noun[-1] in PEOPLE_NOUNS else {noun[-1]}
    numbers = _number_positions(seq)
    if not numbers:
        return False
    for j, token in enumerate(seq):
        if token not in heads:
            continue
        if any(0 < j - i <= NUMBER_BEFORE_NOUN for i in numbers):
            return True
        if not after and any(0 < i - j <= NUMBER_AFTER_NOUN for i in numbers):
            return True
    return False


def _on_named_day(dates: DateRefs, fact: Fact) -> bool:
    """The fact is dated on a day the question names (a period counts for every day it spans)."""
    if dates.matches_any(fact.dates):
        return True
    if fact.kind == "period" and fact.event_start and fact.event_end:
        return dates.within(fact.event_start, fact.event_end)
    return False


_CUES = sorted(
    {*ASKS_DATE, *ASKS_TIME, *ASKS_VENUE, *ASKS_WHO, *ASKS_COUNT, *ASKS_DAYS_LEFT, *ASKS_OVERDUE, *QUESTION_WORDS},
    key=lambda c: -len(c),
)
_CUE_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in _CUES) + r")\b")


_PEOPLE_WHERE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in PEOPLE_WHERE) + r")\b")


def _topic_and_cues(folded: str) -> tuple[str, str]:
    """'le khai mac to chuc khi nao' -> ('le khai mac to chuc', 'khi nao'): what is asked about, and how.
    "người dân ở đâu" stays whole in the topic (it asks which people, not a venue)."""
    kept: list[str] = []
    cues: list[str] = []
    last = 0
    for match in [*_PEOPLE_WHERE.finditer(folded), None]:
        end = match.start() if match else len(folded)
        chunk = folded[last:end]
        cues.extend(_CUE_PATTERN.findall(chunk))
        kept.append(_CUE_PATTERN.sub(" ", chunk))
        if match:
            kept.append(match.group(0))
            last = match.end()
    rest = _THIS_YEAR.sub(" ", " ".join(kept))
    return " ".join(rest.split()), " ".join(cues)


def _block_copies(ranked: list[Scored], depth: int = 8) -> None:
    """A sentence the plan states twice (a session also kept as a plain statement) is blocked like
    its typed copy: it holds no more of what is asked."""
    top = ranked[:depth]
    for blocked in (s for s in top if s.blocked in COPIED_BLOCKS and s.fact.typed):
        for other in top:
            if (
                other.blocked is None
                and not other.fact.typed
                and other.fact.plan_id == blocked.fact.plan_id
                and fuzz.ratio(other.fact.answer, blocked.fact.answer) >= 90
            ):
                other.blocked = blocked.blocked


def _holds_title(seq: tuple[str, ...], title: str) -> bool:
    """The fact names someone with exactly this title: "chủ tịch" is not the "phó chủ tịch" signing
    "KT. Chủ tịch" (on the chairman's behalf)."""
    words = title.split()
    size = len(words)
    for i in range(len(seq) - size + 1):
        if list(seq[i : i + size]) == words and (i == 0 or seq[i - 1] not in ("pho", "kt", "tm", "q")):
            return True
    return False


@functools.lru_cache(maxsize=4096)  # keyed by the name, not the engine: a replaced catalogue is freed
def _name_words(name: str) -> frozenset[str]:
    """The words of a locality's name as written in the plans' sentences ("xa thanh binh")."""
    return frozenset(tokens(name, abbreviations=False))


def _document_numbers(folded: str) -> tuple[str, ...]:
    """The numbers of documents a question names ("cv 2996", "công văn số 174"), not years or days."""
    return tuple(
        m.group(2) for m in _DOCUMENT_NUMBER.finditer(folded) if not re.fullmatch(r"(?:19|20)\d\d", m.group(2))
    )


_DOCUMENT_NUMBER = re.compile(r"\b(cv|cong van|quyet dinh|qd|van ban|ke hoach|kh)(?: so)? (\d{2,5})\b")


def _without_plural(phrase: str) -> str:
    """A unit's name without its leading plural word ("cac co so giao duc" -> "co so giao duc"), when
    a name of two words or more is left."""
    head, _, rest = phrase.partition(" ")
    return rest if head in ("cac", "nhung") and " " in rest else phrase


def _without_restated(lines: list[str]) -> list[str]:
    """The lines of an answer without those another line says again with more ('Lễ khai mạc … ngày
    02/10/2023 tại các cơ quan, đơn vị' beside the plan's sentence '… tại các cơ quan, đơn vị … được
    tổ chức đồng loạt vào ngày 02/10/2023'; a task with and without its unit's name)."""
    if len(lines) < 2:
        return lines
    words = [_words_of(line) for line in lines]
    return [
        line
        for i, line in enumerate(lines)
        if not any(j != i and words[i] <= words[j] and (words[i] != words[j] or j < i) for j in range(len(lines)))
    ]


def _says_the_same(a: str, b: str) -> bool:
    """Two sentences with the same words, however punctuated ('chuyên đề “…”' and 'chuyên đề: “…”',
    from a plan's list and its timetable): an answer gives one of them."""
    return a == b or _words_of(a) == _words_of(b)


@functools.lru_cache(maxsize=4096)
def _fold_rendered(text: str) -> str:
    """`fold` of a fact as rendered (a clarification groups the plans by it): a fact's sentence is
    long, and is folded once per rendering, not at every question that lists it."""
    return fold(text)


@functools.lru_cache(maxsize=16384)
def _words_of(sentence: str) -> frozenset[str]:
    """The words (tokens) of a plan's sentence, found once per sentence."""
    return frozenset(tokens(sentence))


def _joined(answers: list[tuple[str, Answer]]) -> Answer:
    """One answer from the answers to the parts of a message (part, answer): their texts in order,
    no sentence twice, each source once."""
    bodies: list[str] = []
    sources: list[str] = []
    for part, answer in answers:
        if answer.status != "answered":
            bodies.append(qa_messages.PART_NOT_STATED.format(part=part))
            continue
        body, _, source = answer.text.partition("\n\nNguồn: ")
        bodies.extend(line for line in body.splitlines() if line not in bodies)  # no sentence twice
        for line in source.splitlines():
            line = line.removeprefix("Nguồn: ")
            if line and line not in sources:
                sources.append(line)
    answered = [a for _, a in answers if a.status == "answered"]
    text = "\n".join(bodies) + ("\n\n" + "\n".join(f"Nguồn: {s}" for s in sources) if sources else "")
    return Answer(
        status="answered",
        text=text,
        plans=list(dict.fromkeys(p for a in answered for p in a.plans)),
        topic=answered[0].topic,
        fact_refs=[r for a in answered for r in a.fact_refs],
    )


def _dates_a_document(fact: Fact) -> bool:
    """The fact is about a document (its number, date, issuer) rather than an event of the week."""
    if fact.kind in DOCUMENT_KINDS:
        return True
    return fact.kind in SUBJECTLESS_KINDS and _cites_document(fact.text)


@functools.lru_cache(maxsize=16384)
def _cites_document(text: str) -> bool:
    """The sentence (`Fact.text`) cites a document by its number: looked up once per sentence."""
    return any(phrase in text for phrase in _CITES_DOCUMENT_TEXT)


def _is_year(token: str) -> bool:
    return token.isdigit() and len(token) == 4 and token.startswith("20")


def _damping(token: str) -> float:
    return 0.3 if token in DOMAIN_WORDS else 1.0


__all__ = ["Answer", "Engine", "Option", "Suggestion"]
