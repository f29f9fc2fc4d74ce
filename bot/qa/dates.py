"""Dates a question refers to, relative to an explicit `today` (never the system clock)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

WEEKDAYS = {"2": 0, "hai": 0, "3": 1, "ba": 1, "4": 2, "tu": 2, "5": 3, "nam": 3, "6": 4, "sau": 4, "7": 5, "bay": 5}

_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?(?![\d/])")
_NGAY_THANG = re.compile(r"(?:ngay|mung|mong) (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?")  # "mùng 5 tháng 10"
_WEEKDAY = re.compile(
    # ("cái thứ hai", "chuyên đề thứ ba": an ordinal, not a weekday)
    r"(?<!cai )(?<!buoi )(?<!muc )(?<!de )(?<!phan )"
    r"\b(?:thu (2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)|(chu nhat|cn))\b(?: (tuan nay|tuan sau|tuan toi|tuan truoc))?"
)


@dataclass(frozen=True)
class DayRef:
    """A day the question names; `year` None when the question gave day and month only."""

    day: int
    month: int
    year: int | None

    def matches(self, date: dt.date) -> bool:
        return date.day == self.day and date.month == self.month and self.year in (None, date.year)

    @classmethod
    def of(cls, date: dt.date) -> DayRef:
        return cls(date.day, date.month, date.year)


@dataclass(frozen=True)
class DateRefs:
    days: tuple[DayRef, ...] = ()
    window: tuple[dt.date, dt.date] | None = None  # "tuần này"
    relative: bool = False  # hôm nay / ngày mai / thứ 3 tuần này ...

    @cached_property
    def _named(self) -> tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int, int]]]:
        """The days named as (day, month) when of any year, and as (day, month, year)."""
        return (
            frozenset((d.day, d.month) for d in self.days if d.year is None),
            frozenset((d.day, d.month, d.year) for d in self.days if d.year is not None),
        )

    def matches(self, date: dt.date) -> bool:
        """Whether the date is a day named (`DayRef.matches`) or in the week named."""
        any_year, dated = self._named
        if (date.day, date.month) in any_year or (date.day, date.month, date.year) in dated:
            return True
        return self.window is not None and self.window[0] <= date <= self.window[1]

    @cached_property
    def _named_days(self) -> frozenset[dt.date]:
        """The days named with their year, as dates (a day that does not exist matches none)."""
        days: set[dt.date] = set()
        for day, month, year in self._named[1]:
            try:
                days.add(dt.date(year, month, day))
            except ValueError:
                continue
        return frozenset(days)

    def matches_any(self, dates: tuple[dt.date, ...]) -> bool:
        """Whether one of these dates `matches`: the days named with their year are looked up as a
        set, not date by date."""
        if not dates:
            return False
        if not self._named_days.isdisjoint(dates):
            return True
        any_year = self._named[0]
        if any_year and any((date.day, date.month) in any_year for date in dates):
            return True
        window = self.window
        return window is not None and any(window[0] <= date <= window[1] for date in dates)

    def within(self, start: dt.date, end: dt.date) -> bool:
        """Whether a day named (or the week named) falls between start and end."""
        for ref in self.days:
            try:
                day = dt.date(ref.year or start.year, ref.month, ref.day)
            except ValueError:
                continue
            if start <= day <= end:
                return True
        return self.window is not None and self.window[0] <= end and start <= self.window[1]

    def __bool__(self) -> bool:
        return bool(self.days) or self.window is not None


#: days named relative to today, by their offset (the first one found counts)
_RELATIVE_DAYS = tuple(
    (re.compile(rf"\b{phrase}\b"), offset)
    for phrase, offset in {
        "hom nay": 0,
        "bua nay": 0,
        "ngay mai": 1,
        "sang mai": 1,
        "chieu mai": 1,
        "toi mai": 1,
        "ngay kia": 2,
        "ngay mot": 2,
        "hom qua": -1,
    }.items()
)


def find_dates(folded: str, today: dt.date) -> DateRefs:
    """Explicit and relative day references in a folded question."""
    days: list[DayRef] = []
    relative = False
    for match in _DAY_MONTH.finditer(folded):
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3)) if match.group(3) else None
        if 1 <= day <= 31 and 1 <= month <= 12:
            days.append(DayRef(day, month, year))
    for match in _NGAY_THANG.finditer(folded):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            days.append(DayRef(day, month, int(match.group(3)) if match.group(3) else None))
    for pattern, offset in _RELATIVE_DAYS:
        if pattern.search(folded):
            days.append(DayRef.of(today + dt.timedelta(days=offset)))
            relative = True
            break
    else:
        if re.match(r"mai\b", folded):  # chat: "mai ở Thanh Bình học gì" (a name would rarely open a question)
            days.append(DayRef.of(today + dt.timedelta(days=1)))
            relative = True
    monday = today - dt.timedelta(days=today.weekday())
    for match in _WEEKDAY.finditer(folded):
        weekday = 6 if match.group(2) else WEEKDAYS[match.group(1)]
        week = match.group(3) or "tuan nay"
        shift = {"tuan nay": 0, "tuan sau": 7, "tuan toi": 7, "tuan truoc": -7}[week]
        days.append(DayRef.of(monday + dt.timedelta(days=weekday + shift)))
        relative = True
    window = None
    if not days and re.search(r"\btuan nay\b", folded):
        window = (monday, monday + dt.timedelta(days=6))
        relative = True
    elif not days and re.search(r"\b(tuan sau|tuan toi)\b", folded):
        window = (monday + dt.timedelta(days=7), monday + dt.timedelta(days=13))
        relative = True
    return DateRefs(tuple(dict.fromkeys(days)), window, relative)


def days_phrase(target: dt.date, today: dt.date) -> str:
    """'còn 2 ngày nữa' / 'là hôm nay' / 'đã qua 3 ngày'."""
    delta = (target - today).days
    if delta > 0:
        return f"còn {delta} ngày nữa"
    if delta == 0:
        return "là hôm nay"
    return f"đã qua {-delta} ngày"
