"""Texts of the report form shown for one plan, without another plan's year or date.

The default form is An Lão's 2023 "Mẫu Báo cáo"; some labels carry its dates ("(đến thời điểm
05/9/2023)"). Shown for a 2025 plan such a date would be a confident wrong statement, so a
parenthesis or a dated phrase naming another year is dropped, "năm 2023" (the year of the report)
becomes the plan's year, and "năm học 2023-2024" the school year the plan's week falls in.
Labels already rendered for the plan (dates of its own year) are kept as they are; unresolved
placeholders ("{...}") are dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)")
_PLACEHOLDER = re.compile(r"\s*\{[^{}]*\}")
#: "đến thời điểm 05/9/2023", "tính đến ngày 5/9/2023", "ngày 05/9/2023", "05/9/2023"
_DATED = re.compile(
    r"\s*(?:(?:tính\s+)?đến\s+(?:thời\s+điểm|hết\s+ngày|ngày)\s+|ngày\s+)?\d{1,2}/\d{1,2}/((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_YEAR_OF_REPORT = re.compile(r"\b(năm)\s+((?:19|20)\d{2})(?![\d/–-])", re.IGNORECASE)
#: the school year the week falls in (October): "năm học 2023-2024" -> "năm học 2025-2026"
_SCHOOL_YEAR = re.compile(r"\b(năm\s+học)\s+((?:19|20)\d{2})\s*([-–])\s*((?:19|20)\d{2})(?!\d)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def for_plan(text: str, year: int) -> str:
    """`text` with every date or year of another plan removed (see the module docstring)."""

    def parenthesis(match: re.Match[str]) -> str:
        inner = match.group(1)
        years = {int(found) for found in _YEAR.findall(inner)}
        return "" if years - {year} or "{" in inner else match.group(0)

    def dated(match: re.Match[str]) -> str:
        return match.group(0) if int(match.group(1)) == year else ""

    def report_year(match: re.Match[str]) -> str:
        return match.group(0) if int(match.group(2)) == year else f"{match.group(1)} {year}"

    out = _PARENTHESIS.sub(parenthesis, text)
    out = _PLACEHOLDER.sub("", out)
    out = _DATED.sub(dated, out)
    out = _YEAR_OF_REPORT.sub(report_year, out)
    out = _SCHOOL_YEAR.sub(
        lambda m: m.group(0) if int(m.group(2)) == year else f"{m.group(1)} {year}{m.group(3)}{year + 1}", out
    )
    return " ".join(out.split()).rstrip(" ,;:")
