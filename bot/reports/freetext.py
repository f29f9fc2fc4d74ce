"""Reading a whole message of figures: "đã treo 12 băng rôn, phát 300 tờ rơi và tổ chức
2 buổi tọa đàm với 150 người" -> banners 12, leaflets 300, workshops 2, workshop participants 150.

How it reads:

1. The message is cut into clauses at punctuation, bullets and line breaks.
2. Numbers are found as in `numbers` (thousands separators, "triệu", "tỷ", "500k", numbers in
   words such as "hai buổi", "một trăm năm mươi người"); numbers that are part of a date, a time,
   a year or a document number are left alone.
3. The words of the form (aliases and labels, folded, with chat abbreviations expanded) are
   found in the clause, exactly or with a small typo (rapidfuzz), longest phrase first.
4. In each clause numbers are paired with the phrase right after them ("12 băng rôn") or,
   when the clause is written the other way round, right before them ("tờ rơi: 300").
5. A phrase several indicators share ("150 người", "3 lớp") is settled by its neighbours in
   the clause ("lớp kỹ năng sống"), else by the previous figure of the message (after "2 buổi
   tọa đàm", "người" are the workshop participants); otherwise it stays unattributed.

Nothing is guessed: a number that cannot be tied to exactly one indicator is returned in
`unattributed`, with the indicators it might belong to, so the bot can ask.

A form restricted to one unit (`Form.restricted_to`) is read with the words of the whole form, so
"2 lớp dạy nghề" from a school is recognised, and refused as a question its form does not ask,
instead of being taken for another kind of class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.messages import reports as texts
from bot.reports.form import Form, Indicator
from bot.reports.numbers import (
    NumberSpan,
    ParseError,
    check_value,
    find_numbers,
    fold_with_offsets,
    format_value,
    money_unit_unsure,
)
from bot.text import clean, fold, tokens

Role = Literal["measure", "context", "section"]


@dataclass(frozen=True)
class Match:
    """A figure read from the message. When `over_bound`, `message` asks to confirm it."""

    indicator: Indicator
    value: int
    text: str
    over_bound: bool = False
    message: str | None = None

    @property
    def key(self) -> str:
        return self.indicator.key


@dataclass(frozen=True)
class Unattributed:
    """A number (or phrase) the bot must ask about; `message` is the Vietnamese question."""

    text: str
    number: str
    candidates: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class FreeTextResult:
    matches: tuple[Match, ...] = ()
    unattributed: tuple[Unattributed, ...] = ()
    mentioned: tuple[str, ...] = ()  # indicator keys named without a figure ("có treo băng rôn")

    @property
    def values(self) -> dict[str, int]:
        return {m.key: m.value for m in self.matches}

    @property
    def complete(self) -> bool:
        """Every number of the message was attributed."""
        return not self.unattributed


# -- the form's words ----------------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9]+")
_MAX_NGRAM = 8
_FUZZY_CUTOFF = 80.0


@lru_cache(maxsize=8192)
def _expand(word: str) -> tuple[str, ...]:
    """One folded word with chat and institutional abbreviations expanded ("ng" -> "nguoi")."""
    return tuple(tokens(word)) or (word,)


def _norm_tokens(folded: str) -> list[str]:
    return [t for word in _TOKEN.findall(folded) for t in _expand(word)]


def _norm(text: str) -> str:
    return " ".join(_norm_tokens(fold(text)))


@dataclass(frozen=True)
class _Entry:
    keys: tuple[str, ...]  # indicator keys, in form order
    role: Role


@dataclass
class _Index:
    form: Form
    entries: dict[str, _Entry]
    glued: dict[str, str]  # alias without spaces -> alias
    by_length: dict[int, list[str]]  # alias strings by token count (for fuzzy search)
    order: dict[str, int]

    def section_key(self, key: str) -> str:
        return self.form.section_of(key).key

    def indicator(self, key: str) -> Indicator:
        return self.form.indicator(key)


@lru_cache(maxsize=64)
def _index(form: Form) -> _Index:
    owners: dict[str, dict[Role, list[str]]] = {}

    def add(phrase: str, role: Role, keys: list[str]) -> None:
        norm = _norm(phrase)
        if not norm:
            return
        bucket = owners.setdefault(norm, {}).setdefault(role, [])
        bucket.extend(k for k in keys if k not in bucket)

    for section in form.sections:
        for indicator in section.indicators:
            for alias in indicator.aliases:
                add(alias, "measure", [indicator.key])
            label = _norm(indicator.label)
            add(label, "measure", [indicator.key])
            add(re.sub(r"^so (luong |lan |luot )?", "", label), "measure", [indicator.key])
            for word in indicator.context:
                add(word, "context", [indicator.key])
        for word in section.aliases:
            add(word, "section", [i.key for i in section.indicators])

    order = {ind.key: n for n, ind in enumerate(form.indicators)}
    entries: dict[str, _Entry] = {}
    for phrase, roles in owners.items():
        # a phrase that names what is counted is never only context
        role: Role = next(r for r in ("measure", "context", "section") if r in roles)
        entries[phrase] = _Entry(tuple(sorted(roles[role], key=order.__getitem__)), role)
    by_length: dict[int, list[str]] = {}
    for phrase in entries:
        by_length.setdefault(phrase.count(" ") + 1, []).append(phrase)
    glued = {phrase.replace(" ", ""): phrase for phrase in entries}
    return _Index(form, entries, glued, by_length, order)


def _tokens_agree(gram: list[str], alias: list[str]) -> bool:
    """Typos only inside longer syllables, never in the first letter, one slip per phrase."""
    slips = 0
    for a, b in zip(gram, alias, strict=True):
        if a == b:
            continue
        if len(a) < 4 or len(b) < 4 or a[0] != b[0] or OSA.distance(a, b) > 1:
            return False
        slips += 1
    return slips <= 1


def _lookup(gram_tokens: list[str], index: _Index) -> tuple[str, float] | None:
    """The alias a run of words stands for: exact, glued ("bangron") or with a small typo."""
    gram = " ".join(gram_tokens)
    if gram in index.entries:
        return gram, 100.0
    glued = index.glued.get(gram.replace(" ", ""))
    if glued is not None:
        return glued, 99.0
    if len(gram) < 5:
        return None
    choices = index.by_length.get(len(gram_tokens), [])
    for alias, score, _ in process.extract(gram, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=5):
        if _tokens_agree(gram_tokens, alias.split()):
            return alias, float(score)
    return None


# -- the message ---------------------------------------------------------------------------------------


@dataclass
class _Tok:
    kind: Literal["word", "num", "stop"]
    text: str
    start: int  # offsets in the cleaned line
    end: int
    line: int
    number: NumberSpan | None = None
    skip: bool = False  # a date, time, year or document number: not a figure
    percent: bool = False


@dataclass
class _Hit:
    first: int  # token positions in the clause (inclusive, exclusive)
    last: int
    keys: tuple[str, ...]
    role: Role
    yesno: bool = False
    used: bool = False


@dataclass
class _Item:
    """A number or a measure phrase, in clause order, for pairing."""

    pos: int  # first token position
    end: int  # token position after it
    number: _Tok | None = None
    hit: _Hit | None = None


@dataclass
class _State:
    lines: list[str]
    form: Form  # what the unit is asked (the message is read with the words of the whole form)
    matches: list[Match] = field(default_factory=list)
    unattributed: list[Unattributed] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    last_key: str | None = None
    # per matched indicator: the phrases its figures came from (folded), None when a shared phrase
    sources: dict[str, list[str | None]] = field(default_factory=dict)

    def asked(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """The keys the unit is asked (to name in a question back), all of them when none is."""
        return tuple(k for k in keys if self.form.has(k)) or keys


_STOP_CHARS = frozenset(",;.!?()[]{}…")
_BULLETS = frozenset("-+*•–—")
_DATE_WORDS = frozenset({"ngay", "thang", "nam", "thu", "muc", "cau", "phan", "stt", "tiet", "khoa", "dot", "tuan"})
_YEAR_WORDS = frozenset({"nam", "le", "hoc", "khoa", "tuan", "doi"})
_NEGATIVE = frozenset({"chua", "khong"})
_AFFIRMATIVE = frozenset({"da", "co", "roi"})


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for line_no, raw_line in enumerate(text.splitlines()):
        line = clean(raw_line)
        if toks and toks[-1].kind != "stop":
            toks.append(_Tok("stop", "\n", 0, 0, line_no))
        if not line:
            continue
        folded, offsets = fold_with_offsets(line)
        spans = find_numbers(folded, line, offsets)
        taken = [(s.start, s.end) for s in spans]
        pieces: list[tuple[int, _Tok]] = []
        for span in spans:
            tok = _Tok("num", span.raw, offsets[span.start], offsets[span.end], line_no, number=span)
            tok.skip, tok.percent = _context_number(folded, span)
            tok.skip = tok.skip or span.after_number  # "2 năm", "hai năm": not a figure of its own
            pieces.append((span.start, tok))
        for match in re.finditer(r"[a-z0-9]+|\S", folded):
            if any(a <= match.start() < b for a, b in taken):
                continue
            start, end = offsets[match.start()], offsets[match.end()]
            piece = match.group(0)
            if piece[0].isalnum():
                for word in _expand(piece):
                    pieces.append((match.start(), _Tok("word", word, start, end, line_no)))
            elif piece in _STOP_CHARS or (piece in _BULLETS and _standalone(folded, match.start())):
                pieces.append((match.start(), _Tok("stop", piece, start, end, line_no)))
        pieces.sort(key=lambda p: p[0])
        toks.extend(tok for _, tok in pieces)
    return toks


def _standalone(folded: str, at: int) -> bool:
    before = folded[at - 1] if at > 0 else " "
    after = folded[at + 1] if at + 1 < len(folded) else " "
    return before == " " and after == " "


def _context_number(folded: str, span: NumberSpan) -> tuple[bool, bool]:
    """(skip, percent): whether the number belongs to a date, time, year, code; or is a percentage."""
    before = folded[: span.start].rstrip()
    after = folded[span.end :]
    if after[:1] in ("/", ":") or re.search(r"\d[/:]$", folded[: span.start]):
        return True, False  # 5/10/2023, 45/KH-UBND, 8:30 (but "2 lớp/60 người" is two figures)
    if re.match(r"\s?(?:h|g|gio|phut)(?![a-z])|h\d", after) and not span.scaled:
        return True, False
    if re.match(r"\s?(?:nam|thang|tuan)(?![a-z])", after) and not span.scaled:
        return True, False  # "trong 2 năm", "3 tháng": a duration, not a figure
    if after.lstrip().startswith("%") or re.match(r"\s?phan tram\b", after):
        return False, True
    previous = before.split()[-1] if before.split() else ""
    if previous in _DATE_WORDS:
        return True, False
    value = span.value
    if (
        value is not None
        and not span.scaled
        and 1990 <= value <= 2100
        and value == int(value)
        and re.fullmatch(r"\d{4}", span.raw)
        and (previous in _YEAR_WORDS or re.match(r"\s?-\s?\d{4}", after) or before.endswith("-"))
    ):
        return True, False
    return False, False


def _clauses(toks: list[_Tok]) -> list[list[_Tok]]:
    clauses: list[list[_Tok]] = [[]]
    for tok in toks:
        if tok.kind == "stop":
            if clauses[-1]:
                clauses.append([])
        else:
            clauses[-1].append(tok)
    return [c for c in clauses if c]


def _find_hits(clause: list[_Tok], index: _Index) -> list[_Hit]:
    found: list[tuple[int, float, int, int, _Entry]] = []  # (-words, -score, first, last, entry)
    run: list[int] = []
    for pos in [*range(len(clause)), len(clause)]:
        if pos < len(clause) and clause[pos].kind == "word":
            run.append(pos)
            continue
        for i in range(len(run)):
            for n in range(min(_MAX_NGRAM, len(run) - i), 0, -1):
                gram = [clause[p].text for p in run[i : i + n]]
                hit = _lookup(gram, index)
                if hit is not None:
                    found.append((-n, -hit[1], run[i], run[i + n - 1] + 1, index.entries[hit[0]]))
        run = []
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    taken: set[int] = set()
    hits: list[_Hit] = []
    for _, _, first, last, entry in found:
        if taken & set(range(first, last)):
            continue
        taken.update(range(first, last))
        keys = entry.keys
        yesno = entry.role == "measure" and all(index.indicator(k).kind == "yesno" for k in keys)
        hits.append(_Hit(first, last, keys, entry.role, yesno=yesno))
    hits.sort(key=lambda h: h.first)
    return _merge(hits, clause)


def _merge(hits: list[_Hit], clause: list[_Tok]) -> list[_Hit]:
    """ "5 tin trên đài truyền hình": neighbouring phrases that share an indicator narrow each other."""
    out: list[_Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.role == hit.role == "measure"
            and not prev.yesno
            and not hit.yesno
            and hit.first - prev.last <= 2
            and all(clause[p].kind == "word" for p in range(prev.last, hit.first))
        ):
            common = tuple(k for k in prev.keys if k in hit.keys)
            if common:
                out[-1] = _Hit(prev.first, hit.last, common, "measure")
                continue
        out.append(hit)
    return out


def _pair(items: list[_Item], clause: list[_Tok]) -> list[tuple[_Item, _Item]]:
    """Pair numbers with the phrase after them ("12 băng rôn") or before them ("tờ rơi: 300")."""

    def gap(a: _Item, b: _Item) -> int:
        return sum(1 for p in range(a.end, b.pos) if clause[p].kind == "word")

    def attempt(number_first: bool) -> dict[int, int]:
        pairs: dict[int, int] = {}  # item index of number -> item index of phrase
        i = 0
        while i < len(items) - 1:
            a, b = items[i], items[i + 1]
            if number_first and a.number and b.hit and gap(a, b) <= 3:
                pairs[i] = i + 1
                i += 2
            elif not number_first and a.hit and b.number and gap(a, b) <= 4:
                pairs[i + 1] = i
                i += 2
            else:
                i += 1
        return pairs

    after, before = attempt(True), attempt(False)
    pairs = after if len(after) >= len(before) else before
    used = set(pairs.values())
    for i, item in enumerate(items):  # leftovers: an adjacent phrase nobody took
        if item.number is None or i in pairs:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(items) and j not in used and items[j].hit is not None:
                near = gap(item, items[j]) if j > i else gap(items[j], item)
                if near <= 3:
                    pairs[i] = j
                    used.add(j)
                    break
    return [(items[i], items[j]) for i, j in sorted(pairs.items())]


def parse_free_text(text: str, form: Form) -> FreeTextResult:
    """Figures of a free message, attributed to the form's indicators; the rest left to ask about."""
    index = _index(form.whole)
    state = _State(lines=[clean(line) for line in text.splitlines()], form=form)
    for clause in _clauses(_tokenize(text)):
        _read_clause(clause, index, state)
    asked = [m for m in state.matches if form.has(m.key)]
    refused = [
        Unattributed(m.text, str(m.value), (), texts.FREE_NOT_ASKED.format(phrase=m.text, label=m.indicator.label))
        for m in state.matches
        if not form.has(m.key)
    ]
    unattributed = [replace(u, candidates=tuple(k for k in u.candidates if form.has(k))) for u in state.unattributed]
    matched = {m.key for m in asked}
    mentioned = tuple(k for k in dict.fromkeys(state.mentioned) if k not in matched and form.has(k))
    return FreeTextResult(tuple(asked), (*unattributed, *refused), mentioned)


def _read_clause(clause: list[_Tok], index: _Index, state: _State) -> None:
    hits = _find_hits(clause, index)
    items: list[_Item] = []
    for pos, tok in enumerate(clause):
        if tok.kind == "num" and not tok.skip:
            items.append(_Item(pos, pos + 1, number=tok))
    for hit in hits:
        if hit.role == "measure" and not hit.yesno:
            items.append(_Item(hit.first, hit.last, hit=hit))
    items.sort(key=lambda it: it.pos)
    pairs = _pair(items, clause)
    for _, hit_item in pairs:
        assert hit_item.hit is not None
        hit_item.hit.used = True
    for item in items:
        if item.number is None:
            continue
        pair = next((h for n, h in pairs if n is item), None)
        if pair is None:
            _unpaired(item, clause, hits, index, state)
        else:
            assert pair.hit is not None
            _attribute(item, pair, clause, hits, index, state)
    for hit in hits:
        if hit.yesno:
            _yes_no(hit, clause, index, state)
        elif hit.role == "measure" and not hit.used:
            keys = _plain(hit.keys, index)
            if len(keys) == 1:
                state.mentioned.append(keys[0])


def _plain(keys: tuple[str, ...], index: _Index) -> tuple[str, ...]:
    return tuple(k for k in keys if index.indicator(k).kind != "yesno")


def _by_kind(keys: tuple[str, ...], number: NumberSpan, index: _Index) -> tuple[str, ...]:
    """An amount with "triệu"/"đ" goes to money; a bare number prefers the other kinds."""
    money = tuple(k for k in keys if index.indicator(k).kind == "money")
    other = tuple(k for k in keys if index.indicator(k).kind != "money")
    if number.money:
        return money or keys
    return other or keys


def _choose(candidates: tuple[str, ...], ref: _Hit, index: _Index) -> str | None:
    """The candidate a neighbouring phrase points to (same section; the next one in form order)."""
    if ref.role == "section" or len(ref.keys) > 1:
        sections = {index.section_key(k) for k in ref.keys}
        same = [c for c in candidates if index.section_key(c) in sections]
        return same[0] if len(same) == 1 else None
    return _after(candidates, ref.keys[0], index)


def _after(candidates: tuple[str, ...], ref_key: str, index: _Index) -> str | None:
    section = index.section_key(ref_key)
    same = [c for c in candidates if index.section_key(c) == section]
    later = [c for c in same if index.order[c] >= index.order[ref_key]]
    if later:
        return later[0]
    return same[0] if len(same) == 1 else None


def _resolve(
    hit: _Hit, number: NumberSpan, hits: list[_Hit], index: _Index, state: _State
) -> tuple[str | None, tuple[str, ...]]:
    candidates = _by_kind(_plain(hit.keys, index), number, index)
    if len(candidates) == 1:
        return candidates[0], candidates
    neighbours = sorted(
        (h for h in hits if h is not hit and not h.yesno),
        key=lambda h: (min(abs(h.first - hit.last), abs(hit.first - h.last)), h.first > hit.first),
    )
    narrowed: tuple[str, ...] = ()
    refs: list[tuple[_Hit | None, tuple[str, ...]]] = [(n, n.keys) for n in neighbours]
    if state.last_key is not None:
        refs.append((None, (state.last_key,)))
    for neighbour, keys in refs:
        chosen = _choose(candidates, neighbour, index) if neighbour else _after(candidates, keys[0], index)
        if chosen is not None:
            if neighbour is not None:
                neighbour.used = True  # it served as context: not a mention of its own
            return chosen, candidates
        sections = {index.section_key(k) for k in keys}
        narrowed = narrowed or tuple(c for c in candidates if index.section_key(c) in sections)
    return None, narrowed or candidates


def _phrase(clause: list[_Tok], first: int, last: int, state: _State) -> str:
    """Original wording of clause tokens first..last-1 (same line), else their folded words."""
    a, b = clause[first], clause[last - 1]
    if a.line == b.line:
        return state.lines[a.line][a.start : b.end]
    return " ".join(t.text for t in clause[first:last])


def _attribute(item: _Item, paired: _Item, clause: list[_Tok], hits: list[_Hit], index: _Index, state: _State) -> None:
    assert item.number is not None and item.number.number is not None and paired.hit is not None
    span = item.number.number
    phrase = _phrase(clause, min(item.pos, paired.pos), max(item.end, paired.end), state)
    number_text = state.lines[item.number.line][item.number.start : item.number.end]
    key, candidates = _resolve(paired.hit, span, hits, index, state)
    if key is None:
        candidates = state.asked(candidates)
        if len(candidates) <= 3:
            labels = "; ".join(f"“{index.indicator(k).label}”" for k in candidates)
            question = texts.FREE_WHICH_OF.format(phrase=phrase, labels=labels)
        else:
            question = texts.FREE_WHICH_OF_MANY.format(phrase=phrase, count=len(candidates))
        state.unattributed.append(Unattributed(phrase, number_text, candidates, question))
        return
    source = " ".join(t.text for t in clause[paired.hit.first : paired.hit.last]) if len(candidates) == 1 else None
    _record(key, item.number, phrase, number_text, source, index, state)


def _record(
    key: str, tok: _Tok, phrase: str, number_text: str, source: str | None, index: _Index, state: _State
) -> None:
    """Keep the figure for `key`, or say why it cannot be kept."""
    assert tok.number is not None
    span = tok.number
    indicator = index.indicator(key)
    existing = next((m for m in state.matches if m.key == key), None)
    if existing is not None and not _adds_up(state.sources.get(key, []), source):
        state.unattributed.append(
            Unattributed(
                phrase,
                number_text,
                (key,),
                texts.FREE_ALREADY_HAS.format(
                    label=indicator.label,
                    value=format_value(existing.value, indicator),
                    earlier=existing.text,
                    phrase=phrase,
                ),
            )
        )
        return
    problem = _invalid(tok, indicator, number_text)
    if problem is not None:
        state.unattributed.append(Unattributed(phrase, number_text, (key,), problem))
        return
    assert span.value is not None
    if money_unit_unsure(span, indicator):  # "kinh phí 3": 3 đồng or 3 triệu? asked, not guessed
        message = texts.FREE_MONEY_UNIT.format(phrase=phrase, number=number_text)
        state.unattributed.append(Unattributed(phrase, number_text, (key,), message))
        return
    checked = check_value(span.value, indicator, phrase, raw=number_text)
    if isinstance(checked, ParseError):
        state.unattributed.append(Unattributed(phrase, number_text, (key,), checked.message))
        return
    if existing is not None:
        # "10 băng rôn, 2 pa nô": one indicator counts both, so the figures add up
        total = check_value(Decimal(existing.value + checked.value), indicator, phrase)
        assert not isinstance(total, ParseError)
        at = state.matches.index(existing)
        state.matches[at] = Match(indicator, total.value, f"{existing.text}; {phrase}", total.over_bound, total.message)
    else:
        state.matches.append(Match(indicator, checked.value, phrase, checked.over_bound, checked.message))
    state.sources.setdefault(key, []).append(source)
    state.last_key = key


def _adds_up(previous: list[str | None], source: str | None) -> bool:
    """Two figures for one indicator add up only when named by different, specific phrases."""
    return source is not None and bool(previous) and all(p is not None and p != source for p in previous)


def _invalid(tok: _Tok, indicator: Indicator, number_text: str) -> str | None:
    span = tok.number
    assert span is not None
    if tok.percent:
        return texts.FREE_PERCENT.format(number=number_text, label=indicator.label)
    if span.value is None:
        return texts.FREE_UNREADABLE.format(number=number_text)
    return None


def _unpaired(item: _Item, clause: list[_Tok], hits: list[_Hit], index: _Index, state: _State) -> None:
    tok = item.number
    assert tok is not None and tok.number is not None
    end = item.pos + 1
    while end < len(clause) and end - item.pos <= 4 and clause[end].kind == "word":
        end += 1
    phrase = _phrase(clause, item.pos, end, state)
    number_text = state.lines[tok.line][tok.start : tok.end]
    candidates: tuple[str, ...] = ()
    matched = {m.key for m in state.matches}
    hinted = [k for h in hits if not h.yesno for k in _plain(h.keys, index) if k not in matched]
    if hinted:
        candidates = _by_kind(tuple(dict.fromkeys(hinted)), tok.number, index)
        if tok.number.money and len(candidates) == 1 and index.indicator(candidates[0]).kind == "money":
            # "khen thưởng 2 tập thể, 5 cá nhân, 3.500.000đ": the amount of the section the clause names
            _record(candidates[0], tok, phrase, number_text, None, index, state)
            return
    elif tok.number.money:
        candidates = tuple(i.key for i in index.form.indicators if i.kind == "money" and i.key not in matched)
    candidates = state.asked(candidates)
    if len(candidates) == 1:
        question = texts.FREE_IS_IT.format(label=index.indicator(candidates[0]).label)
    elif candidates and len(candidates) <= 4:
        question = texts.FREE_ONE_OF.format(labels="; ".join(f"“{index.indicator(k).label}”" for k in candidates))
    else:
        candidates = ()
        question = texts.FREE_HOW_TO
    state.unattributed.append(
        Unattributed(phrase, number_text, candidates, texts.FREE_UNKNOWN.format(phrase=phrase, question=question))
    )


def _yes_no(hit: _Hit, clause: list[_Tok], index: _Index, state: _State) -> None:
    """ "Đã ban hành kế hoạch", "kế hoạch: chưa có": a yes/no stated next to its words."""
    window: list[int] = []
    for pos in range(hit.first - 1, max(hit.first - 4, -1), -1):
        if clause[pos].kind != "word":
            break
        window.append(pos)
    for pos in range(hit.last, min(hit.last + 3, len(clause))):
        if clause[pos].kind != "word":
            break
        window.append(pos)
    key = hit.keys[0]
    negative = [p for p in window if clause[p].text in _NEGATIVE]
    affirmative = [p for p in window if clause[p].text in _AFFIRMATIVE]
    deciding = negative or affirmative
    if not deciding:
        state.mentioned.append(key)
        return
    value = 0 if negative else 1
    if any(m.key == key for m in state.matches):
        return
    phrase = _phrase(clause, min(hit.first, *deciding), max(hit.last, *(p + 1 for p in deciding)), state)
    state.matches.append(Match(index.indicator(key), value, phrase))
