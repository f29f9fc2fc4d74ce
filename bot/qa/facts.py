"""Answerable facts built from the structured plans.

Each `Fact` carries the short Vietnamese answer composed from the plan's fields, the
text it is found by, and what it can answer (a date, a place, a number), so that a
question asking "when" is never answered by a fact that holds no date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from bot.kb.schema import Ceremony, Plan
from bot.qa.lexicon import ADMINISTRATIVE_PLACE_WORDS, KIND_KEYWORDS
from bot.text import strip_diacritics

_NUMBER = re.compile(r"(?<![\d/.])\d+(?![\d/.])")
_DATE_TEXT = re.compile(
    r"\d{1,2}/\d{1,2}(?:/\d{4})?|\d{4}\s*[-–]\s*\d{4}|năm \d{4}|ngày \d{1,2} tháng \d{1,2}(?: năm \d{4})?"
)
_FULL_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])|ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
_DAY_MONTH = re.compile(r"(?:ngày|vào)[^\d/]{0,30}?(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
_VENUE = re.compile(r"\b(tại|ở các|ở trường|địa điểm)\b", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}\s?(h|giờ)\s?\d{0,2}", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _dates_in(text: str, year: int) -> tuple[dt.date, ...]:
    """Full dates in a sentence, and day/month ones after "ngày" (in the plan's year)."""
    found: list[dt.date] = []
    for m in _DAY_MONTH.finditer(text):
        try:
            found.append(dt.date(year, int(m.group(2)), int(m.group(1))))
        except ValueError:
            continue
    for m in _FULL_DATE.finditer(text):
        day, month, yr = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        try:
            found.append(dt.date(int(yr), int(month), int(day)))
        except ValueError:
            continue
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=65536)
def _holds(answer: str) -> tuple[bool, bool, bool]:
    """Whether a sentence states a number (not a date), a place, a time: the same sentence of
    many plans is read once."""
    return (
        bool(_NUMBER.search(_DATE_TEXT.sub(" ", answer))),
        bool(_VENUE.search(answer)),
        bool(_TIME.search(answer)),
    )


FORM_TOPIC = "mau "  # an extra fact whose topic is "mẫu báo cáo …" quotes the report form
_PLACE_AFTER = re.compile(r"\b(?:tại|ở)\s+([^,.;:()“”]+)", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _only_generic_places(answer: str) -> bool:
    """Every place the sentence gives is 'wherever each body is' ("tại các cơ quan, đơn vị")."""
    places = [" ".join(m.group(1).split()[:3]) for m in _PLACE_AFTER.finditer(answer)]
    return bool(places) and all(_generic(p) for p in places)


def _generic(venue: str | None) -> bool:
    """'tại các cơ quan, đơn vị/địa phương': a ceremony held wherever each body is, not at a place
    (unlike 'các nhà văn hóa thôn, các nhà trường', which names the places)."""
    words = re.findall(r"[a-z]+", strip_diacritics((venue or "").lower()))
    return bool(words) and all(w in ADMINISTRATIVE_PLACE_WORDS for w in words)


def vn_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def plan_label(plan: Plan) -> str:
    """'phường Nam Triệu (Hải Phòng), năm 2025' — how a plan is named to users."""
    return f"{plan.locality.level} {plan.locality.name} ({plan.locality.province}), năm {plan.year}"


def plan_source(plan: Plan) -> str:
    """The source line every answer ends with."""
    doc = plan.document
    number = f" số {doc.number}" if doc.number else ""
    issuer = plan.unit(plan.issuer).name
    dated = f", ngày {vn_date(doc.date)}" if doc.date else ""
    return f"{doc.kind}{number} của {issuer}{dated} ({plan.locality.province}, năm {plan.year})"


@dataclass(slots=True)
class Fact:
    plan_id: str
    kind: str
    answer: str
    index_text: str
    dates: tuple[dt.date, ...] = ()
    has_time: bool = False
    has_venue: bool = False
    has_count: bool = False
    deadline: dt.date | None = None
    event_start: dt.date | None = None
    event_end: dt.date | None = None
    short: bool = False  # short enough to list per locality in a clarification
    typed: bool = False  # composed from a typed field (theme, period...) rather than a sentence
    neighbours: tuple[int, ...] = ()  # indexes of adjacent sentences of the same list
    unit: str = ""  # the unit that acts (a task's unit, the sender of a report), for "phòng GD làm gì"
    generic_venue: bool = False  # the venue is a kind of place ("tại các cơ quan, đơn vị"), not one place
    item: int = 0  # the number of the section's top-level list item the sentence belongs to (0: none)
    form: bool = False  # a line of the report form (its header, sections, rows), not a statement of the plan
    pos: int = -1  # position in the index (all plans' facts in order), set by FactIndex
    ref: str = ""  # stable reference "<plan id>:<index>:<checksum>", kept in a conversation's state
    seq: tuple[str, ...] = field(default=(), repr=False)
    #: the words of `seq` as one string with a space at both ends, for phrase look-ups (`f" {p} " in fact.text`)
    text: str = field(default=" ", repr=False)
    terms: frozenset[str] = field(default=frozenset(), repr=False)
    marked: frozenset[str] = field(default=frozenset(), repr=False)  # words as written, with diacritics
    bare: frozenset[str] = field(default=frozenset(), repr=False)  # words written without any (keywords, codes)


def _ceremony_answer(plan: Plan, ceremony: Ceremony) -> str:
    parts = [ceremony.name]
    if ceremony.date:
        when = f"ngày {vn_date(ceremony.date)}"
        if ceremony.time:
            when = f"lúc {ceremony.time.replace(':', 'h')} {when}"
        parts.append(f"tổ chức {when}")
    if ceremony.venue:
        venue = ceremony.venue
        parts.append(venue if venue.lower().startswith(("tại ", "ở ")) else f"tại {venue}")
    text = " ".join(parts) + "."
    note = ceremony.note
    if note and _plain_words(text) <= _plain_words(note):
        # the plan's own sentence says all of it, and more ("… được tổ chức đồng loạt vào ngày …"): it alone
        text, note = note.rstrip(".") + ".", None
    if ceremony.participants:
        text += f" Thành phần: {ceremony.participants}"
        text = text.rstrip(".") + "."
    if note:
        text += _new_part(note, text)
    return text


def _plain_words(text: str) -> set[str]:
    return set(re.findall(r"\w+", strip_diacritics(text.lower())))


@lru_cache(maxsize=16384)
def _new_part(note: str, text: str) -> str:
    """The note, unless it only repeats what the text already says: "13h30’ ngày 06/10/2025 (Chiều
    Thứ 2)" after "lúc 13h30 ngày 06/10/2025" adds only "(Chiều Thứ 2)"; a note repeating the dates
    and words of the text adds nothing. A note that says more ("trên phạm vi toàn huyện") is kept."""
    dates = list(_FULL_DATE.finditer(note))
    times = re.findall(r"\d{1,2}h\d{0,2}", note)
    plain = text.replace("’", "")
    if not all(m.group(0) in text or vn_date_text(m) in text for m in dates) or not all(t in plain for t in times):
        return f" {note}"
    if not dates and not times:
        return f" {note}"
    asides = re.findall(r"\([^)]*\)", note)
    rest = re.sub(r"\([^)]*\)", " ", _DATE_TEXT.sub(" ", note))
    shown = set(strip_diacritics(text.lower()).split())
    words = [w for w in re.findall(r"\w+", strip_diacritics(rest.lower())) if not w.isdigit()]
    if words and sum(w not in shown for w in words) > len(words) // 4:
        return f" {note}"
    return f" {' '.join(asides)}" if asides else ""


def vn_date_text(match: re.Match[str]) -> str:
    """A full date found in a text, written the way answers write dates (dd/mm/yyyy)."""
    day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.groups()[3:]
    try:
        return vn_date(dt.date(int(year), int(month), int(day)))
    except ValueError:
        return match.group(0)


def build_facts(plan: Plan, strings: dict[str, str] | None = None) -> list[Fact]:
    """All answerable facts of one plan; `strings` (shared by the plans of one index) keeps one copy
    of each answer and index text."""
    texts: dict[str, str] = {} if strings is None else strings
    facts: list[Fact] = []
    loc = f"{plan.locality.level} {plan.locality.name}"
    unit_names = {u.id: u.name for u in plan.units}

    def add(kind: str, answer: str, extra: str = "", **kw: object) -> None:
        answer = texts.setdefault(answer, answer)
        index_text = f"{answer} {extra} {KIND_KEYWORDS.get(kind, '')}"
        index_text = texts.setdefault(index_text, index_text)
        has_count, has_venue, has_time = _holds(answer)
        kw.setdefault("dates", _dates_in(answer, plan.year))
        kw.setdefault("has_count", has_count)
        kw.setdefault("has_venue", has_venue)
        kw.setdefault("has_time", has_time)
        kw.setdefault("generic_venue", has_venue and _only_generic_places(answer))
        facts.append(Fact(plan_id=plan.id, kind=kind, answer=answer, index_text=index_text, **kw))  # type: ignore[arg-type]

    if plan.theme:
        add("theme", f"Chủ đề Tuần lễ năm {plan.year} ở {loc}: “{plan.theme}”.", short=True)
    if plan.period:
        p = plan.period
        text = f"Tuần lễ ở {loc} được tổ chức từ ngày {vn_date(p.start)} đến ngày {vn_date(p.end)}."
        if p.note:
            text += _new_part(p.note, text)
        # the note is found by its words even where it is not repeated in the answer
        add("period", text, p.note or "", dates=(p.start, p.end), event_start=p.start, event_end=p.end, short=True)
    for kind, ceremony in (("opening", plan.opening), ("closing", plan.closing)):
        if ceremony:
            add(
                kind,
                _ceremony_answer(plan, ceremony),
                ceremony.name,
                dates=(ceremony.date,) if ceremony.date else (),
                has_time=bool(ceremony.time),
                has_venue=bool(ceremony.venue),
                generic_venue=_generic(ceremony.venue),
                event_start=ceremony.date,
                short=True,
            )
    for ceremony in plan.other_ceremonies:
        text = _ceremony_answer(plan, ceremony)
        add(
            "ceremony",
            text,
            dates=(ceremony.date,) if ceremony.date else _dates_in(text, plan.year),
            has_time=bool(ceremony.time),
            has_venue=bool(ceremony.venue),
            generic_venue=_generic(ceremony.venue),
            event_start=ceremony.date,
        )

    doc = plan.document
    issuer = unit_names[plan.issuer]
    doc_bits = [f"{doc.kind} “{doc.title}”"]
    if doc.number:
        doc_bits.append(f"số {doc.number}")
    if doc.date:
        doc_bits.append(f"ban hành ngày {vn_date(doc.date)}")
    elif doc.place_date_line:
        doc_bits.append(f"(dòng ngày tháng: “{doc.place_date_line}”, không ghi đủ ngày ban hành)")
    if not doc.number:
        doc_bits.append("(văn bản không ghi số)")
    add("document", " ".join(doc_bits) + f", do {issuer} ban hành.", dates=(doc.date,) if doc.date else ())
    add("issuer", f"Kế hoạch Tuần lễ năm {plan.year} ở {loc} do {issuer} ban hành.", short=True)
    if doc.signer and doc.signer.name:
        title = " – ".join(t for t in (doc.signer.on_behalf_of, doc.signer.title) if t)
        add("signer", f"Người ký kế hoạch: {doc.signer.name}" + (f" ({title})." if title else "."), short=True)
    if doc.recipients:
        add("recipients", "Nơi nhận kế hoạch: " + "; ".join(doc.recipients) + ".", has_venue=True)

    for ref in plan.based_on:
        subject = f" {ref.subject}" if ref.subject else ""
        add(
            "based_on",
            f"Kế hoạch thực hiện {ref.kind} số {ref.number} ngày {vn_date(ref.date)} của {ref.issuer}"
            + (f" về việc{subject}" if subject and not subject.strip().startswith("về") else subject)
            + ".",
            dates=(ref.date,),
        )

    def link(first: int) -> None:
        """Mark facts[first:] as one list of consecutive sentences."""
        last = len(facts) - 1
        for i in range(first, last + 1):
            facts[i].neighbours = tuple(j for j in (i - 1, i + 1) if first <= j <= last)

    for kind, statements in (
        ("objective", plan.objectives),
        ("requirement", plan.requirements),
        ("activity", plan.activities),
        ("participants", plan.participants),
        ("budget", plan.budget),
    ):
        first = len(facts)
        for st in statements:
            add(kind, st.text, st.topic or "", item=st.item or 0)
        link(first)

    for session in plan.special_sessions:
        count = (
            f" với {session.participants} {session.participants_kind or 'người'} tham gia"
            if session.participants is not None
            else ""
        )
        add(
            "session",
            f"Ngày {vn_date(session.date)}, chuyên đề “{session.topic}”{count}.",
            dates=(session.date,),
            has_count=session.participants is not None,
            event_start=session.date,
        )

    for resp in plan.responsibilities:
        unit = plan.unit(resp.unit)
        first = len(facts)
        for task in resp.tasks:
            add(
                "responsibility",
                f"{unit.name}: {task.text}",
                " ".join([*unit.aliases, task.topic or ""]),
                unit=unit.id,
                item=resp.item or 0,
            )
        link(first)

    for rep in plan.reporting:
        who = unit_names[rep.from_]
        to = ", ".join(unit_names[t] for t in rep.to)
        bits = [f"{who} báo cáo về {to}"]
        if rep.via:
            bits.append(f"({rep.via})")
        if rep.deadline:
            bits.append(f"trước ngày {vn_date(rep.deadline)}")
        elif rep.deadline_text:
            bits.append(rep.deadline_text)
        if rep.channel:
            bits.append(f"qua {rep.channel}")
        if rep.form:
            bits.append(f"— {rep.form}")
        summary = " ".join(bits) + "."
        add(
            "reporting",
            f"{summary} Kế hoạch ghi: “{rep.text.rstrip('.')}”.",
            " ".join(plan.unit(rep.from_).aliases + [a for t in rep.to for a in plan.unit(t).aliases])
            + (" kênh gửi" if rep.channel else ""),  # "qua kênh nào": the channel a report goes by
            dates=(rep.deadline,) if rep.deadline else (),
            deadline=rep.deadline,
            has_venue=True,
            short=True,
            unit=rep.from_,
        )

    if plan.slogans:
        add("slogan", "Khẩu hiệu nêu trong kế hoạch: " + "; ".join(f"“{s}”" for s in plan.slogans) + ".")
    for contact in plan.contacts:
        owner = f" của {unit_names[contact.unit]}" if contact.unit else ""
        purpose = f" ({contact.purpose})" if contact.purpose else ""
        kind = "email" if contact.kind == "email" else "contact"
        add(kind, f"{contact.kind.capitalize()}{owner}: {contact.value}{purpose}.", contact.kind)

    template = plan.report_template
    if template:
        add(
            "template",
            f"Mẫu báo cáo kèm theo kế hoạch: {template.title}"
            + (f" — gửi {template.sent_to}" if template.sent_to else "")
            + ". Bảng kết quả gồm các cột: "
            + " | ".join(template.columns)
            + ". Các phần: "
            + "; ".join(template.parts)
            + ".",
            "cot bang ket qua phan",
        )
        for row in template.rows:
            items = "; ".join(row.items)
            add("template", f"Mẫu báo cáo, mục “{row.section}”: {items}.", "mau bao cao muc")

    first = len(facts)
    for extra in plan.extra_facts:
        add("extra", extra.text, extra.topic, form=strip_diacritics(extra.topic.lower()).startswith(FORM_TOPIC))
    link(first)
    for fact in facts:
        fact.typed = fact.kind in TYPED_KINDS
        fact.form = fact.form or fact.kind == "template"
    return facts


TYPED_KINDS = frozenset(
    {
        "theme",
        "period",
        "opening",
        "closing",
        "ceremony",
        "document",
        "issuer",
        "signer",
        "based_on",
        "session",
        "reporting",
        "slogan",
        "contact",
        "recipients",
    }
)
