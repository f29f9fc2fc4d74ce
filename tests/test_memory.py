"""bot/memory.py: the collector's housekeeping for a long-running bot process — frozen once the
bot is built (`serve`), settled again after a catalogue swap."""

from __future__ import annotations

import asyncio
import gc
import shutil
import weakref
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

import handlers.runtime
from bot import memory
from bot.db.session import Database
from bot.kb.loader import DEFAULT_PLANS_DIR
from bot.publish import reloader
from bot.text import fold
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot

ADMIN = 9001


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def tracked(thing: object) -> bool:
    """Whether the collector's passes walk `thing` (frozen objects are in no generation)."""
    return any(o is thing for o in gc.get_objects())


@pytest.fixture
def restored_gc() -> Iterator[None]:
    """settle() changes process-wide state: put it back for the other tests."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settle_takes_what_lives_out_of_the_collectors_passes(restored_gc: None) -> None:
    node = Node()
    assert tracked(node)
    memory.settle()
    assert not tracked(node)
    assert gc.get_threshold()[0] == memory.YOUNG_THRESHOLD
    fresh = Node()
    assert tracked(fresh)  # made after settling: collected as usual


def test_settle_collects_the_garbage_there_is_before_freezing(restored_gc: None) -> None:
    node = Node()
    gone = weakref.ref(node)
    del node
    memory.settle()
    assert gone() is None  # not frozen for the process's lifetime


def test_a_cycle_dropped_after_settling_is_collected_by_the_next_settle(restored_gc: None) -> None:
    node = Node()
    alive = weakref.ref(node)
    memory.settle()  # node is frozen with everything else alive
    del node
    gc.collect()
    assert alive() is not None  # frozen: the collector skips it
    memory.resettle()
    assert alive() is None


def test_resettle_does_nothing_in_a_process_that_never_settled(restored_gc: None) -> None:
    gc.unfreeze()
    node = Node()
    memory.resettle()
    assert gc.get_freeze_count() == 0
    assert tracked(node)


def test_what_is_built_to_last_is_frozen_without_the_collector_running(restored_gc: None) -> None:
    gc.unfreeze()
    collections = gc.get_stats()[2]["collections"], gc.get_stats()[0]["collections"]
    with memory.built_to_last():
        assert not gc.isenabled()  # paused while it is built
        built = [Node() for _ in range(20_000)]  # far more than a young generation
    assert gc.isenabled() and gc.get_threshold()[0] == memory.YOUNG_THRESHOLD
    assert not tracked(built[0]) and not tracked(built)
    assert (gc.get_stats()[2]["collections"], gc.get_stats()[0]["collections"]) == collections


def test_a_cycle_dropped_while_building_to_last_is_collected_by_the_next_resettle(restored_gc: None) -> None:
    gc.unfreeze()
    with memory.built_to_last():
        node = Node()
        dropped = weakref.ref(node)
        del node
    assert dropped() is not None  # frozen with the rest: no collection walked it
    memory.resettle()
    assert dropped() is None


async def test_serve_builds_the_bot_to_last_before_it_runs(monkeypatch: pytest.MonkeyPatch, restored_gc: None) -> None:
    steps: list[str] = []

    class Built:
        async def run(self, _stop: asyncio.Event) -> None:
            steps.append(f"run frozen={gc.get_freeze_count() > 0}")

        async def close(self) -> None:
            steps.append("close")

    async def create_runtime(*_args: object) -> Built:
        steps.append(f"built collector={'on' if gc.isenabled() else 'paused'}")
        return Built()

    gc.unfreeze()
    monkeypatch.setattr(handlers.runtime, "create_runtime", create_runtime)
    await handlers.runtime.serve(object(), asyncio.Event())  # type: ignore[arg-type]
    assert steps == ["built collector=paused", "run frozen=True", "close"]


@pytest.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(username="htsd_test_bot") as fake:
        yield fake


async def test_a_swap_in_a_settled_process_frees_the_old_cycles_and_freezes_the_new_catalogue(
    server: FakeBotAPI, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restored_gc: None
) -> None:
    monkeypatch.setattr(reloader, "RESETTLE_SECONDS", 0.0)
    plans = tmp_path / "plans"
    plans.mkdir()
    for path in DEFAULT_PLANS_DIR.glob("*.yaml"):
        shutil.copy(path, plans / path.name)
    async with running_bot(server, db, PLANS_DIR=str(plans), BOT_ADMINS=str(ADMIN)) as bot:
        live = bot.runtime.services.knowledge
        memory.settle()  # as serve() does
        node = Node()
        old_cycle = weakref.ref(node)
        memory.settle()
        del node  # a cycle frozen with the catalogue in service
        server.send_text(ADMIN, "/tailai")
        await server.wait_for_message(ADMIN, lambda m: "da tai lai" in fold(m.text or ""), timeout=20)
        for _ in range(100):
            if old_cycle() is None:
                break
            await asyncio.sleep(0.05)
        assert old_cycle() is None
        assert not tracked(live.current)  # the new catalogue is frozen in its turn
