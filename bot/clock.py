"""The one source of the current time, injectable so tests can move it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


class Clock:
    """Wall-clock time in the bot's time zone."""

    def __init__(self, tz: ZoneInfo):
        self.tz = tz

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.tz)

    def today(self) -> dt.date:
        return self.now().date()


class ManualClock(Clock):
    """A clock that only moves when told to (tests, benchmarks)."""

    def __init__(self, start: dt.datetime, tz: ZoneInfo | None = None):
        tz = tz or (start.tzinfo if isinstance(start.tzinfo, ZoneInfo) else ZoneInfo("Asia/Ho_Chi_Minh"))
        super().__init__(tz)
        self._now = start if start.tzinfo else start.replace(tzinfo=tz)

    def now(self) -> dt.datetime:
        return self._now.astimezone(self.tz)

    def set(self, moment: dt.datetime) -> None:
        self._now = moment if moment.tzinfo else moment.replace(tzinfo=self.tz)

    def advance(self, **delta: float) -> None:
        self._now += dt.timedelta(**delta)
