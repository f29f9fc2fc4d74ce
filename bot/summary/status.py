"""Where each unit's report stands: chưa nộp / đang nhập / đã nộp (đủ / thiếu N câu), and beside
that, for a confirmed report, the official's review: trả lại / đã duyệt.

Completeness and review are two facts, never one replacing the other: an accepted report that
leaves 15 questions blank is still "thiếu 15 câu". Pure: computed from `PlanData` rows. A review
applies to the version it was made on; a unit that confirms again after a review is unreviewed
until it is reviewed again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.messages import summary as texts
from bot.reports.form import Form
from bot.summary.data import PlanData, ReviewStatus, SubmissionRow, UnitRow

Status = Literal["missing", "draft", "complete", "incomplete"]
#: display order (counts, sheets)
STATUSES: tuple[Status, ...] = ("complete", "incomplete", "draft", "missing")
#: statuses of a unit that has a confirmed report
REPORTED: frozenset[Status] = frozenset({"complete", "incomplete"})
#: review decisions, counted apart from completeness (a subset of the reported units)
REVIEWS: tuple[ReviewStatus, ...] = ("accepted", "returned")


@dataclass(frozen=True)
class UnitState:
    unit: UnitRow
    status: Status
    submission: SubmissionRow | None = None
    #: questions without a figure (confirmed reports only)
    missing_answers: int = 0
    #: the official's decision on the current version (None: not reviewed)
    review: ReviewStatus | None = None

    @property
    def label(self) -> str:
        return status_label(self.status, self.missing_answers, self.review)

    @property
    def complete(self) -> bool:
        return self.status == "complete"


@lru_cache(maxsize=512)
def status_label(status: Status, missing_answers: int = 0, review: ReviewStatus | None = None) -> str:
    """'đã nộp (thiếu 3 câu)', 'đã nộp (đủ), đã duyệt', 'đã nộp (thiếu 3 câu), trả lại', ..."""
    label = texts.STATUS_LABELS[status].format(missing=missing_answers)
    return texts.STATUS_WITH_REVIEW.format(status=label, review=texts.STATUS_LABELS[review]) if review else label


def missing_answers(submission: SubmissionRow, keys: frozenset[str]) -> int:
    """Questions of the form (`keys`) the report leaves without a figure (unless the data says it)."""
    if submission.missing is not None:
        return submission.missing
    values = submission.values
    if keys.issuperset(values):  # the usual case, checked in C
        return len(keys) - len(values)
    return len(keys) - len(keys & values.keys())


def current_review(submission: SubmissionRow) -> ReviewStatus | None:
    """The review decision on the submission's current version (an older version's one is void)."""
    review = submission.review
    if review is not None and (review.version is None or review.version >= submission.version):
        return review.status
    return None


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
        status: Status = "incomplete" if missing else "complete"
        out.append(UnitState(unit, status, submission, missing, current_review(submission)))
    return out


def count_statuses(states: Iterable[UnitState]) -> dict[str, int]:
    """Units per status (complete / incomplete / draft / missing: a partition of the roster) and,
    apart, the reviewed ones per decision (accepted / returned: a subset of the reported)."""
    states = list(states)
    counts = Counter(state.status for state in states)
    reviews = Counter(state.review for state in states if state.review)
    return {**{status: counts.get(status, 0) for status in STATUSES}, **{r: reviews.get(r, 0) for r in REVIEWS}}


def status_phrase(counts: dict[str, int]) -> str:
    """'1 đủ, 2 thiếu số liệu; đã xem xét: 1 đã duyệt, 1 bị trả lại; 1 đang nhập' ("" when there is
    nothing to count). Completeness, review and drafts are separate clauses: the review counts are
    a subset of the reports, never added to the complete / incomplete ones."""

    def parts(keys: tuple[str, ...]) -> str:
        return ", ".join(texts.STATUS_COUNT_LABELS[key].format(count=counts[key]) for key in keys if counts.get(key))

    clauses = [parts(("complete", "incomplete"))]
    reviewed = parts(REVIEWS)
    clauses.append(texts.STATUS_REVIEWED.format(parts=reviewed) if reviewed else "")
    clauses.append(parts(("draft",)))
    return "; ".join(clause for clause in clauses if clause)
