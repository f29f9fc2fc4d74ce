"""Form labels shown for a plan never carry another plan's year or date."""

from __future__ import annotations

import pytest

from bot.summary.labels import for_plan

LIBRARY = "Số cơ sở giáo dục (trường MN, TH, THCS) có thư viện (đến thời điểm 05/9/2023)"


@pytest.mark.parametrize(
    ("label", "year", "shown"),
    [
        (LIBRARY, 2025, "Số cơ sở giáo dục (trường MN, TH, THCS) có thư viện"),
        (LIBRARY, 2023, LIBRARY),  # the template's own plan keeps its date
        ("Số cơ sở có thư viện (đến thời điểm 05/9/2025)", 2025, "Số cơ sở có thư viện (đến thời điểm 05/9/2025)"),
        ("Số thư viện tính đến ngày 5/9/2023", 2025, "Số thư viện"),
        ("Báo cáo Tuần lễ học tập suốt đời năm 2023", 2025, "Báo cáo Tuần lễ học tập suốt đời năm 2025"),
        ("Số lớp năm học 2023-2024", 2025, "Số lớp năm học 2025-2026"),
        ("Số lớp năm học 2025 – 2026", 2025, "Số lớp năm học 2025 – 2026"),
        ("Số lớp {thoi_diem}", 2025, "Số lớp"),
        ("Số bài viết trên các báo", 2021, "Số bài viết trên các báo"),
    ],
)
def test_label_for_plan(label, year, shown):
    assert for_plan(label, year) == shown
