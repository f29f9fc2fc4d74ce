"""The chart tells the truth: a real date axis over the reporting window with integer ticks and the
deadline marked, and each of the largest figures on its own bar (different things never added)."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import pytest

from bot.catalog import Catalog
from bot.reports.form import DEFAULT_FORM_PATH, load_form
from bot.summary.build import compute_summary
from bot.summary.chart import DPI, HEIGHT_IN, RED, WIDTH_IN, draw_chart, render_chart, reporting_window
from bot.summary.data import PlanData, SubmissionRow, UnitRow
from bot.summary.sections import top_items
from tests.summary_helpers import PLAN, VN, vn

FORM = load_form(DEFAULT_FORM_PATH)


CATALOG = Catalog.load()


@pytest.fixture(scope="module")
def plan():
    return CATALOG.plans[PLAN]  # week 01–07/10/2025, units' deadline 15/10/2025


def _data(count: int = 30) -> PlanData:
    units = [UnitRow(f"u{i}", f"Trường {i}") for i in range(40)]
    submissions = [
        SubmissionRow(
            i,
            f"u{i}",
            1,
            vn(2025, 10, 3, 8) + dt.timedelta(hours=7 * i),
            False,
            {"leaflets": 100, "books_documents": 3, "banners": 2, "workshop_participants": 50, "award_budget": 10**7},
        )
        for i in range(count)
    ]
    return PlanData(PLAN, units, submissions)


def test_window_runs_from_the_weeks_start_to_after_the_deadline_or_to_today(plan):
    summary = compute_summary(CATALOG, plan, FORM, _data(), dt.date(2025, 10, 9), VN)
    assert reporting_window(plan, summary, dt.date(2025, 10, 3)) == (dt.date(2025, 10, 1), dt.date(2025, 10, 17))
    later = compute_summary(CATALOG, plan, FORM, _data(), dt.date(2025, 10, 20), VN)
    assert reporting_window(plan, later, dt.date(2025, 10, 3)) == (dt.date(2025, 10, 1), dt.date(2025, 10, 20))
    early = compute_summary(CATALOG, plan, FORM, _data(), dt.date(2025, 10, 9), VN)
    assert reporting_window(plan, early, dt.date(2025, 9, 28))[0] == dt.date(2025, 9, 28)


def test_timeline_is_on_a_date_axis_with_integer_ticks_and_the_deadline_marked(plan):
    day = dt.date(2025, 10, 9)
    data = _data()
    figure = draw_chart(plan, compute_summary(CATALOG, plan, FORM, data, day, VN), data, VN, vn(2025, 10, 9, 17))
    timeline = figure.axes[0]
    left, right = (mdates.num2date(x).replace(tzinfo=None) for x in timeline.get_xlim())
    assert (left, right) == (dt.datetime(2025, 10, 1), dt.datetime(2025, 10, 18))
    ticks = [t for t in timeline.get_yticks() if 0 <= t <= timeline.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)
    labels = [label.get_text() for label in timeline.get_xticklabels()]
    assert labels[0] == "01/10" and all(len(label) == 5 and label[2] == "/" for label in labels)
    deadline = [line for line in timeline.get_lines() if line.get_color() == RED]
    assert [mdates.date2num(line.get_xdata()[0]) for line in deadline] == [mdates.date2num(dt.datetime(2025, 10, 16))]
    step = timeline.get_lines()[0]
    confirmed_by_then = sum(1 for row in data.submissions if row.confirmed_at <= vn(2025, 10, 9, 17))
    assert list(step.get_ydata()[1:-1]) == list(range(1, confirmed_by_then + 1))  # one step per confirmation
    first = mdates.num2date(step.get_xdata()[1]).replace(tzinfo=None)
    assert first == dt.datetime(2025, 10, 3, 8)  # at its real local time
    assert any("hết hạn 15/10" in text.get_text() for text in timeline.texts)


def test_the_largest_figures_are_each_on_their_own_bar_with_their_own_unit(plan):
    data = _data()
    summary = compute_summary(CATALOG, plan, FORM, data, dt.date(2025, 10, 9), VN)
    items = top_items(summary, 6)
    assert [item.indicator.key for item in items] == ["leaflets", "workshop_participants", "books_documents", "banners"]
    figure = draw_chart(plan, summary, data, VN)
    bars = figure.axes[1]
    names, values = [text.get_text() for text in bars.texts[0::2]], [text.get_text() for text in bars.texts[1::2]]
    # never summed together; money and yes/no are not activities
    assert [value.split("\n")[0] for value in values] == ["3.000 tờ", "1.500 người", "90 cuốn", "60 cái"]
    assert names[:2] == ["Số lượng tờ rơi đã phát hành", "Số người tham gia hội thảo,\ntọa đàm"]


def test_a_small_figure_gets_a_visible_bar_measured_in_units_not_in_the_large_figures_scale(plan):
    """3.000 leaflets beside 12 banners on one value scale leave the banners invisible: each bar is
    the share of reporting units that gave the figure, on a track of all of them, the figure beside."""
    units = [UnitRow(f"u{i}", f"Trường {i}") for i in range(30)]
    rows = [
        SubmissionRow(i, f"u{i}", 1, vn(2025, 10, 3, 8), False, {"leaflets": 100, **({"banners": 2} if i < 6 else {})})
        for i in range(30)
    ]
    data = PlanData(PLAN, units, rows)
    summary = compute_summary(CATALOG, plan, FORM, data, dt.date(2025, 10, 9), VN)
    bars = draw_chart(plan, summary, data, VN).axes[1]
    tracks, shares = bars.patches[:2], bars.patches[2:]
    assert [round(patch.get_width()) for patch in tracks] == [30, 30]  # every reporting unit
    assert [round(patch.get_width()) for patch in shares] == [30, 6]  # leaflets by all 30, banners by 6
    assert shares[1].get_width() / shares[0].get_width() == pytest.approx(0.2)  # not 12 / 3.000
    values = [text.get_text() for text in bars.texts[1::2]]
    assert values == ["3.000 tờ\n30/30 đơn vị", "12 cái\n6/30 đơn vị"]


def test_png_is_phone_sized_and_only_drawn_when_some_unit_has_reported(plan):
    empty = PlanData(PLAN, [UnitRow("a", "A")], [])
    day = dt.date(2025, 10, 6)
    assert render_chart(plan, compute_summary(CATALOG, plan, FORM, empty, day, VN), empty, VN) is None
    data = _data(3)
    png = render_chart(plan, compute_summary(CATALOG, plan, FORM, data, day, VN), data, VN)
    assert png is not None and png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (round(WIDTH_IN * DPI), round(HEIGHT_IN * DPI))
