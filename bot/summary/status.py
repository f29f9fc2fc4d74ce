"""Where each unit's report stands: chưa nộp / đang nhập / đã nộp (đủ / thiếu N câu) / trả lại / đã duyệt.

Pure: computed from `PlanData` rows. A review applies to the version it was made on; a unit that
confirms again after a "returned" is back to complete / incomplete until it is reviewed again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.messages import summary as texts
from bot.reports.form import Form
from bot.summary.data import PlanData, SubmissionRow, UnitRow

Status = Literal["missing", "draft", "complete", "incomplete", "returned", "accepted"]
#: display order (counts, sheets)
STATUSES: tuple[Status, ...] = ("accepted", "complete", "incomplete", "returned", "draft", "missing")
#: statuses of a unit that has a confirmed report
REPORTED: frozenset[Status] = frozenset({"accepted", "complete", "incomplete", "returned"})


@dataclass(frozen=True)
class UnitState:
    unit: UnitRow
    status: Status
    submission: SubmissionRow | None = None
    #: questions without a figure (confirmed reports only)
    missing_answers: int = 0

    @property
    def label(self) -> str:
        return status_label(self.status, self.missing_answers)


@lru_cache(maxsize=256)
def status_label(status: Status, missing_answers: int = 0) -> str:
    return texts.STATUS_LABELS[status].format(missing=missing_answers)


def missing_answers(submission: SubmissionRow, keys: frozenset[str]) -> int:
    """Questions of the form (`keys`) the report leaves without a figure (unless the data says it)."""
    if submission.missing is not None:
        return submission.missing
    values = submission.values
    if keys.issuperset(values):  # the usual case, checked in C
        return len(keys) - len(values)
    return len(keys) - len(keys & values.keys())


def submission_status(submission: SubmissionRow, missing: int) -> Status:
    review = submission.review
    if review is not None and (review.version is None or review.version >= submission.version):
        return review.status
    return "incomplete" if missing else "complete"


def unit_states(form: Form, data: PlanData) -> list[UnitState]:
    """One state per active unit, in the roster's order."""
    keys = frozenset(indicator.key for indicator in form.indicators)
    by_unit = {submission.unit_id: submission for submission in data.submissions}
    out: list[UnitState] = []
    for unit in data.units:
        submission = by_unit.get(unit.id)
        if submission is None:
            out.append(UnitState(unit, "draft" if unit.id in data.drafts else "missing"))
            continue
        missing = missing_answers(submission, keys)
        out.append(UnitState(unit, submission_status(submission, missing), submission, missing))
    return out


def count_statuses(states: Iterable[UnitState]) -> dict[Status, int]:
    counts = Counter(state.status for state in states)
    return {status: counts.get(status, 0) for status in STATUSES}


def status_parts(counts: dict[Status, int]) -> list[str]:
    """'7 đủ', '2 thiếu số liệu', ... for the non-zero counts of reported and draft units."""
    return [
        texts.STATUS_COUNT_LABELS[status].format(count=counts[status])
        for status in ("complete", "incomplete", "accepted", "returned", "draft")
        if counts.get(status)
    ]
