"""A PNG for the summary: units reported over time, and totals per section.

matplotlib with the Agg backend (no display); only drawn when some unit has reported.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from zoneinfo import ZoneInfo

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
from matplotlib.figure import Figure

from bot.summary.build import Summary
from bot.summary.data import PlanData


def reported_over_time(data: PlanData, tz: ZoneInfo, until: dt.date) -> list[tuple[dt.date, int]]:
    """Cumulative number of units with a confirmed report, per local day of first confirmation."""
    units = {unit.id for unit in data.units}
    per_day = Counter(
        (s.first_confirmed_at or s.confirmed_at).astimezone(tz).date()  # type: ignore[union-attr]
        for s in data.submissions
        if s.unit_id in units and (s.first_confirmed_at or s.confirmed_at) is not None
    )
    if not per_day:
        return []
    day, last = min(per_day), max(max(per_day), until)
    out, running = [], 0
    while day <= last:
        running += per_day.get(day, 0)
        out.append((day, running))
        day += dt.timedelta(days=1)
    return out


def section_totals(summary: Summary) -> list[tuple[str, int]]:
    """Per section: the sum of its counts and people (money and yes/no are not comparable)."""
    out = []
    for section in summary.sections:
        total = sum(item.total for item in section.items if item.indicator.kind in ("count", "people"))
        out.append((f"{section.number}. {section.title}", total))
    return out


def render_chart(summary: Summary, data: PlanData, tz: ZoneInfo) -> bytes | None:
    """The chart as PNG bytes, or None when no unit has reported yet."""
    timeline = reported_over_time(data, tz, summary.day)
    if not summary.has_data or not timeline:
        return None
    figure = Figure(figsize=(11, 4.8), dpi=100)
    left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.3]})
    days = [day for day, _ in timeline]
    left.step(days, [n for _, n in timeline], where="post", color="#1f77b4", linewidth=2)
    left.axhline(summary.expected, color="#999999", linestyle="--", linewidth=1)
    if summary.deadline is not None:
        left.axvline(summary.deadline, color="#d62728", linestyle=":", linewidth=1)
    left.set_title("Số đơn vị đã báo cáo")
    left.set_ylim(0, max(summary.expected, 1) * 1.1)
    left.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m"))
    left.tick_params(axis="x", rotation=45)
    totals = section_totals(summary)
    labels = [label if len(label) <= 38 else label[:37] + "…" for label, _ in totals]
    values = [value for _, value in totals]
    right.barh(labels, values, color="#2ca02c")
    right.invert_yaxis()
    right.set_title("Tổng số lượng theo mục (không gồm kinh phí)")
    for index, value in enumerate(values):
        if value:
            right.text(value, index, f" {value:,}".replace(",", "."), va="center", fontsize=8)
    right.tick_params(axis="y", labelsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
