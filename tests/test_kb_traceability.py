"""Every statement in the knowledge base is the plan's own wording (repaired, never invented)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from bot.text import fold

PLANS_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "plans"


def _statements(plan):
    for group in (plan.objectives, plan.requirements, plan.activities, plan.participants, plan.budget):
        yield from (s.text for s in group)
    for resp in plan.responsibilities:
        yield from (t.text for t in resp.tasks)
    yield from (r.text for r in plan.reporting)
    yield from (f.text for f in plan.extra_facts)


@pytest.mark.skipif(not PLANS_SOURCE.is_dir(), reason="source plans not available")
def test_every_statement_is_found_in_its_source_plan(plans):
    for plan in plans:
        source = re.sub(r"[*\s]+", " ", fold((PLANS_SOURCE / plan.source_file).read_text(encoding="utf-8")))
        for text in _statements(plan):
            score = fuzz.partial_ratio(re.sub(r"[*\s]+", " ", fold(text)), source)
            assert score >= 88, f"{plan.id}: not traceable to {plan.source_file} ({score:.0f}): {text[:90]}"


@pytest.mark.skipif(not PLANS_SOURCE.is_dir(), reason="source plans not available")
def test_dates_and_numbers_of_typed_fields_appear_in_the_source(plans):
    for plan in plans:
        source = fold((PLANS_SOURCE / plan.source_file).read_text(encoding="utf-8"))
        for ref in plan.based_on:
            assert ref.number.split("/")[0] in source, (plan.id, ref.number)
        for rep in plan.reporting:
            if rep.deadline:
                assert f"{rep.deadline.day:02d}/{rep.deadline.month:02d}/{rep.deadline.year}" in source or (
                    f"{rep.deadline.day}/{rep.deadline.month}/{rep.deadline.year}" in source
                ), (plan.id, rep.deadline)
        for session in plan.special_sessions:
            assert f"{session.date.day:02d}/{session.date.month:02d}/{session.date.year}" in source


def test_words_damaged_by_pdf_extraction_are_repaired(plans):
    damaged = re.compile(r"\bh nh\b|\bg n\b|\bt m\b|\btr nh\b|chia sẽ")
    for plan in plans:
        for text in _statements(plan):
            assert not damaged.search(text), f"{plan.id}: {text[:80]}"
