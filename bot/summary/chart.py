"""A PNG for the summary, made to be read on a phone: units reported over time, and the largest figures.

Top panel: how many units had confirmed a report at the end of each day, on a real date axis that
covers the reporting window (from the week's start, or the first report, to the deadline and today),
integer ticks, the number of units expected and the deadline marked. Bottom panel: the largest
figures, each indicator on its own bar with its own unit (different things are never added up). The
bars cannot share the figures' scale (3.000 leaflets beside 60 banners would leave the banners
invisible, and leaflets and banners are not comparable anyway): a bar's length is how many of the
reporting units gave that figure, one scale all bars share, on a grey track of all reporting units;
the figure itself is written beside it.

matplotlib is imported on first use (it costs ~0.5 s), with the Agg backend and the object API
(no pyplot state), so a chart can be drawn in a worker thread.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from bot.kb.schema import Plan
from bot.messages import summary as texts
from bot.reports.numbers import format_number, format_value
from bot.summary.build import IndicatorTotal, Summary, vn_date
from bot.summary.data import PlanData
from bot.summary.labels import for_plan
from bot.summary.sections import top_items

#: bars in the bottom panel
TOP_BARS = 6
#: days shown after the deadline when the window would otherwise end on it
AFTER_DEADLINE_DAYS = 2
WIDTH_IN, HEIGHT_IN, DPI = 7.2, 9.0, 125  # 900 × 1125 px: a phone screen's width, Telegram keeps it sharp
BLUE, RED, GREY, GREEN, ORANGE = "#1f5fa8", "#c62828", "#777777", "#2e7d32", "#ef6c00"


def confirmation_times(data: PlanData) -> list[dt.datetime]:
    """When each active unit first confirmed its report, in order (one step of the timeline each)."""
    units = {unit.id for unit in data.units}
    return sorted(
        moment
        for s in data.submissions
        if s.unit_id in units and (moment := s.first_confirmed_at or s.confirmed_at) is not None
    )


def reported_over_time(data: PlanData, tz: ZoneInfo, until: dt.date) -> list[tuple[dt.date, int]]:
    """Cumulative number of units with a confirmed report at the end of each local day."""
    per_day = Counter(moment.astimezone(tz).date() for moment in confirmation_times(data))
    if not per_day:
        return []
    day, last = min(per_day), max(max(per_day), until)
    out, running = [], 0
    while day <= last:
        running += per_day.get(day, 0)
        out.append((day, running))
        day += dt.timedelta(days=1)
    return out


def reporting_window(plan: Plan, summary: Summary, first: dt.date | None) -> tuple[dt.date, dt.date]:
    """Local days shown: from the week's start (or the first report, if earlier) to two days after
    the deadline, or to today when that is later."""
    starts = [day for day in (plan.period.start if plan.period else None, first) if day]
    start = min(starts) if starts else summary.day
    end = summary.day
    if summary.deadline:
        end = max(end, summary.deadline + dt.timedelta(days=AFTER_DEADLINE_DAYS))
    return start, max(end, start + dt.timedelta(days=1))


def _local_naive(moment: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """matplotlib's date axis in local wall-clock time (the dates officials read)."""
    return moment.astimezone(tz).replace(tzinfo=None)


def _local_times(moments: list[dt.datetime], tz: ZoneInfo) -> list[dt.datetime]:
    """`_local_naive` of many moments: one offset for all when the zone's offset does not change
    over them (Việt Nam has no daylight saving time), else one by one."""
    if not moments:
        return []
    first, last = moments[0].astimezone(tz), moments[-1].astimezone(tz)
    if first.utcoffset() != last.utcoffset():
        return [_local_naive(moment, tz) for moment in moments]
    shift = first.utcoffset() or dt.timedelta(0)
    utc = dt.UTC
    return [(moment.astimezone(utc) + shift).replace(tzinfo=None) for moment in moments]


def _timeline_panel(
    axes: Any, plan: Plan, summary: Summary, times: list[dt.datetime], now: dt.datetime, tz: ZoneInfo
) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import MaxNLocator

    local = _local_times([moment for moment in times if moment <= now], tz)
    start, end = reporting_window(plan, summary, local[0].date() if local else None)
    left = dt.datetime.combine(start, dt.time(0))
    right = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0))
    current = min(_local_naive(now, tz), right)
    import numpy as np

    # one conversion to matplotlib's day numbers for the ~10,000 steps (not one per artist and point)
    xs = mdates.date2num(np.array([left, *local, current], dtype="datetime64[us]"))
    ys = np.arange(len(local) + 2)
    ys[-1] = len(local)
    axes.xaxis_date()
    axes.step(xs, ys, where="post", color=BLUE, linewidth=2.5)
    axes.fill_between(xs, ys, step="post", color=BLUE, alpha=0.12)
    axes.axhline(summary.expected, color=GREY, linestyle="--", linewidth=1.2)
    expected = texts.CHART_EXPECTED.format(expected=format_number(summary.expected))
    axes.text(left, summary.expected, " " + expected, va="bottom", ha="left", fontsize=11, color=GREY)
    if summary.deadline is not None:
        line = dt.datetime.combine(summary.deadline + dt.timedelta(days=1), dt.time(0))  # the deadline day's end
        axes.axvline(line, color=RED, linewidth=1.8)
        label = " " + texts.CHART_DEADLINE.format(date=vn_date(summary.deadline)[:5])
        # on the line's left when the window ends soon after it (the label would be cut at the edge)
        room = (dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0)) - line).days >= 4
        label = label if room else label.strip() + " "
        axes.text(line, summary.expected * 0.04, label, color=RED, fontsize=11, ha="left" if room else "right",
                  va="bottom")  # fmt: skip
    count = len(local)
    axes.plot([current], [count], "o", color=BLUE, markersize=7)
    reported = texts.CHART_NOW.format(reported=format_number(count), expected=format_number(summary.expected))
    axes.annotate(reported, (current, count), xytext=(-8, 8), textcoords="offset points", ha="right",
                  fontsize=12, fontweight="bold", color=BLUE)  # fmt: skip
    axes.set_xlim(left, right)
    axes.set_ylim(0, max(summary.expected, 1) * 1.12)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    axes.yaxis.set_major_formatter(lambda value, _pos: format_number(int(value)))
    span = (end - start).days + 1
    step = max(1, round(span / 7))  # about seven dates, starting with the window's first day
    axes.set_xticks([left + dt.timedelta(days=day) for day in range(0, span + 1, step)])
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m"))
    axes.tick_params(labelsize=11)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.spines[["top", "right"]].set_visible(False)


def _bar_label(item: IndicatorTotal, plan: Plan) -> str:
    return textwrap.fill(for_plan(item.indicator.label, plan.year), width=30, max_lines=2, placeholder="…")


def _top_panel(axes: Any, plan: Plan, summary: Summary) -> None:
    """Each bar is one indicator: its length the units that gave a figure for it (out of the reporting
    units, the grey track), its total and unit written beside it; people in orange, counts in green."""
    items = top_items(summary, TOP_BARS)
    axes.spines[["top", "right", "bottom", "left"]].set_visible(False)
    axes.set_xticks([])
    if not items:
        axes.set_yticks([])
        axes.text(0.5, 0.5, texts.CHART_NO_FIGURES, ha="center", va="center", fontsize=12, transform=axes.transAxes)
        return
    reported = max(summary.reported, 1)
    positions = list(range(len(items)))
    colors = [ORANGE if item.indicator.kind == "people" else GREEN for item in items]
    axes.barh(positions, [reported] * len(items), color="#eeeeee", height=0.62)  # the track: every reporting unit
    axes.barh(positions, [max(item.units, 1) for item in items], color=colors, height=0.62)
    axes.set_yticks([])  # the names are plain texts: cheaper to draw than tick labels
    axes.set_ylim(len(items) - 0.5, -0.5)
    axes.set_xlim(0, reported * 1.62)
    names = axes.get_yaxis_transform()
    for position, item in zip(positions, items, strict=True):
        axes.text(-0.03, position, _bar_label(item, plan), transform=names, ha="right", va="center", fontsize=11)
        share = texts.CHART_BAR_UNITS.format(units=format_number(item.units), reported=format_number(summary.reported))
        axes.text(reported * 1.03, position, f"{format_value(item.total, item.indicator)}\n{share}",
                  va="center", fontsize=11, fontweight="bold", linespacing=1.1)  # fmt: skip


def draw_chart(plan: Plan, summary: Summary, data: PlanData, tz: ZoneInfo, now: dt.datetime | None = None) -> Any:
    """The chart as a matplotlib Figure (axes: timeline, bars), or None when no unit has reported yet.
    `now`: where the timeline ends (default: the end of the summary's day)."""
    times = confirmation_times(data)
    if not summary.has_data or not times:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    moment = now or dt.datetime.combine(summary.day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    figure.text(0.03, 0.975, texts.CHART_TITLE.format(plan=summary.plan_label, date=vn_date(summary.day)),
                fontsize=12, va="top", color=GREY)  # fmt: skip
    # the timeline across the width; the bars leave room on their left for the indicators' names
    timeline = figure.add_axes((0.11, 0.56, 0.84, 0.34))
    bars = figure.add_axes((0.46, 0.03, 0.50, 0.39))
    figure.text(0.03, 0.925, texts.CHART_TIMELINE_TITLE, fontsize=14, fontweight="bold")
    figure.text(0.03, 0.475, texts.CHART_TOP_TITLE, fontsize=14, fontweight="bold")
    scale = texts.CHART_TOP_SCALE.format(reported=format_number(summary.reported))
    figure.text(0.03, 0.452, textwrap.fill(scale, 80), fontsize=10.5, color=GREY, va="top")
    _timeline_panel(timeline, plan, summary, times, moment, tz)
    _top_panel(bars, plan, summary)
    return figure


def render_chart(
    plan: Plan, summary: Summary, data: PlanData, tz: ZoneInfo, now: dt.datetime | None = None
) -> bytes | None:
    """The chart as PNG bytes (see `draw_chart`), or None when no unit has reported yet."""
    figure = draw_chart(plan, summary, data, tz, now)
    if figure is None:
        return None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 3})
    return buffer.getvalue()
