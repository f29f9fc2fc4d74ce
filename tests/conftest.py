"""Shared fixtures."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog, Knowledge, LiveKnowledge
from bot.db import units as unit_rows
from bot.db.session import Database
from bot.kb.loader import load_plans
from bot.qa.engine import Engine


@pytest.fixture(scope="session")
def plans():
    return load_plans()


@pytest.fixture(scope="session")
def engine(plans):
    return Engine(plans)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.load()


@pytest.fixture(scope="session")
def built_knowledge(catalog: Catalog, engine: Engine) -> Knowledge:
    return Knowledge(catalog, engine)


@pytest.fixture
def knowledge(built_knowledge: Knowledge) -> LiveKnowledge:
    return LiveKnowledge(built_knowledge)


async def sync_roster(database: Database, knowledge: LiveKnowledge) -> None:
    """What the bot does at start-up: the catalogue's roster into the `units` table."""
    async with database.transaction() as session:
        await unit_rows.sync(session, knowledge.catalog.units)


from tests.db_fixtures import db, db_factory, db_target  # noqa: E402,F401 - fixtures shared by all tests
