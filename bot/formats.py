"""How dates and times are written to users (Vietnamese conventions), in one place.

Numbers are written by `bot.reports.numbers.format_number`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot import messages


def vn_date(day: dt.date) -> str:
    """01/10/2025."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def vn_time(moment: dt.datetime | dt.time) -> str:
    """07h30 style is the plans'; users read 07:30 just as well and it is unambiguous."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def vn_datetime(moment: dt.datetime, tz: ZoneInfo) -> str:
    """'14:05 ngày 02/10/2025' in local time, without seconds or microseconds."""
    local = moment.astimezone(tz)
    return messages.TIME_ON_DATE.format(time=vn_time(local), date=vn_date(local.date()))
