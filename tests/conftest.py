"""Shared fixtures."""

from __future__ import annotations

import pytest

from bot.kb.loader import load_plans
from bot.qa.engine import Engine


@pytest.fixture(scope="session")
def plans():
    return load_plans()


@pytest.fixture(scope="session")
def engine(plans):
    return Engine(plans)


from tests.db_fixtures import db, db_factory, db_target  # noqa: E402,F401 - fixtures shared by all tests
