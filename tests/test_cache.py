"""CACHE_DIR: the parsed plans and the fact index kept between starts answer exactly as a fresh
build; a changed plan file, new code or a damaged entry makes them be built again; a plan published
while the bot runs goes live and the cache follows it."""

from __future__ import annotations

import io
import os
import pickle
import shutil
import time
from pathlib import Path

import pytest

from bot import cache as cache_module
from bot.cache import ABANDONED_SECONDS, DiskCache, key_of
from bot.cli import ask_jsonl
from bot.kb import loader
from bot.kb.loader import DEFAULT_PLANS_DIR, ParsedPlans, load_plans
from bot.qa import index as index_module
from bot.qa.engine import Engine
from bot.qa.index import INDEX_ENTRY, FactIndex
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot
from tests.test_catalogue_reload import ROOT, THEME, ask, eventually, has, with_theme

HELD = sorted((ROOT / "tests" / "data").glob("*.jsonl"))
ADMIN = 9001
WAIT = 20.0


def answers(engine: Engine) -> list[str]:
    """The engine's answers (JSON lines) to every held question, conversations included."""
    lines = "".join(
        line + "\n" for path in HELD for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    )
    out = io.StringIO()
    ask_jsonl(engine, io.StringIO(lines), out)
    return out.getvalue().splitlines()


@pytest.fixture
def plans_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for path in DEFAULT_PLANS_DIR.glob("*.yaml"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def store(tmp_path: Path) -> DiskCache:
    return DiskCache(tmp_path / "cache")


@pytest.fixture
def no_building(monkeypatch: pytest.MonkeyPatch):
    """Makes building an index fail: what is then served came from the cache."""

    def refuse(self: FactIndex, plans: object) -> None:
        raise AssertionError("the index was built, not read from the cache")

    return lambda: monkeypatch.setattr(FactIndex, "__init__", refuse)


def counted_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = loader.load_plan

    def load_plan(path: Path, text: str | None = None):
        parsed.append(path.name)
        return real(path, text)

    monkeypatch.setattr(loader, "load_plan", load_plan)
    return parsed


def test_an_index_read_back_from_the_cache_answers_every_held_question_as_a_fresh_build(
    plans, engine, store, no_building
):
    fresh = answers(engine)
    stored = answers(Engine(load_plans(DEFAULT_PLANS_DIR, store), store))  # parsed, built and written
    no_building()
    read_back = Engine(load_plans(DEFAULT_PLANS_DIR, store), store)  # the plans and the index read back
    assert answers(read_back) == fresh
    assert stored == fresh
    assert len(fresh) > 1000


def test_plans_read_back_from_the_cache_are_the_plans_parsed(plans_dir, store, monkeypatch):
    parsed = load_plans(plans_dir, store)
    calls = counted_parses(monkeypatch)
    again = load_plans(plans_dir, store)
    assert calls == []  # nothing parsed: every file unchanged
    assert [p.model_dump() for p in again] == [p.model_dump() for p in parsed]


def test_a_changed_plan_file_is_read_again_and_its_index_rebuilt(plans_dir, store, monkeypatch):
    before = Engine(load_plans(plans_dir, store), store)
    assert THEME not in before.answer("chủ đề tuần lễ ở phường Nam Triệu năm 2025 là gì?").text
    with_theme(plans_dir, THEME)
    calls = counted_parses(monkeypatch)
    plans = load_plans(plans_dir, store)
    assert calls == ["namtrieu-2025.yaml"]  # only the changed file
    assert next(p for p in plans if p.id == "namtrieu-2025").theme == THEME
    after = Engine(plans, store)
    assert THEME in after.answer("chủ đề tuần lễ ở phường Nam Triệu năm 2025 là gì?").text


def test_a_changed_copy_of_a_plan_read_from_a_file_gets_its_own_index(plans_dir, store):
    plans = load_plans(plans_dir, store)
    Engine(plans, store)
    changed = [p.model_copy(update={"theme": THEME}) if p.id == "namtrieu-2025" else p for p in plans]
    assert [p.id for p in changed if loader.source_digest(p) is None] == ["namtrieu-2025"]  # the copy only
    engine = Engine(changed, store)
    assert THEME in engine.answer("chủ đề tuần lễ ở phường Nam Triệu năm 2025 là gì?").text


def test_a_renamed_file_is_read_again_and_checked(plans_dir, store):
    load_plans(plans_dir, store)
    (plans_dir / "namtrieu-2025.yaml").rename(plans_dir / "other.yaml")
    with pytest.raises(loader.KnowledgeBaseError, match="does not match the file name 'other'"):
        load_plans(plans_dir, store)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_cache_is_built_again_silently(plans, engine, store, no_building, damage):
    Engine(plans, store)
    load_plans(DEFAULT_PLANS_DIR, store)
    for name in (INDEX_ENTRY, ParsedPlans.NAME):
        path = store.directory / f"{name}.pickle"
        data = path.read_bytes()
        damaged = {"garbage": b"\x00not a pickle" * 50, "truncated": data[: len(data) // 2], "empty": b""}
        path.write_bytes(damaged[damage])
    reloaded = load_plans(DEFAULT_PLANS_DIR, store)
    rebuilt = Engine(reloaded, store)
    assert [p.model_dump() for p in reloaded] == [p.model_dump() for p in plans]
    assert answers(rebuilt) == answers(engine)
    no_building()  # and the entries written again are whole
    Engine(load_plans(DEFAULT_PLANS_DIR, store), store)


def counted_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    built: list[int] = []
    real = FactIndex.__init__

    def counting(self: FactIndex, plans: object) -> None:
        built.append(1)
        real(self, plans)  # type: ignore[arg-type]

    monkeypatch.setattr(FactIndex, "__init__", counting)
    return built


def edited_source(monkeypatch: pytest.MonkeyPatch, relative: str) -> None:
    """As if the file `relative` (under the project root) had new code."""
    real = cache_module._source_bytes
    target = cache_module._ROOT / relative
    monkeypatch.setattr(cache_module, "_source_bytes", lambda path: real(path) + (b"# new" if path == target else b""))
    cache_module.code_version.cache_clear()  # (and again after the test: `_fresh_code_versions`)


@pytest.fixture(autouse=True)
def _fresh_code_versions():
    cache_module.code_version.cache_clear()
    yield
    cache_module.code_version.cache_clear()


def test_new_answering_code_rebuilds_the_index_but_keeps_the_parsed_plans(plans, store, monkeypatch):
    Engine(load_plans(DEFAULT_PLANS_DIR, store), store)
    edited_source(monkeypatch, "bot/qa/engine.py")
    built, parses = counted_builds(monkeypatch), counted_parses(monkeypatch)
    read = load_plans(DEFAULT_PLANS_DIR, store)
    Engine(read, store)
    assert built == [1] and parses == []  # the plans' parse does not depend on the answering code
    assert store.get(INDEX_ENTRY, key_of(index_module._content(p) for p in read)) is not None  # written again


@pytest.mark.parametrize("changed", ["bot/kb/schema.py", "bot/kb/loader.py"])
def test_new_plan_schema_or_loader_code_parses_every_plan_again(plans, store, monkeypatch, changed):
    Engine(load_plans(DEFAULT_PLANS_DIR, store), store)
    edited_source(monkeypatch, changed)
    built, parses = counted_builds(monkeypatch), counted_parses(monkeypatch)
    read = load_plans(DEFAULT_PLANS_DIR, store)
    Engine(read, store)
    assert built == [1] and len(parses) == 5
    assert [p.model_dump() for p in read] == [p.model_dump() for p in plans]


def test_the_parse_is_keyed_by_every_bot_module_the_loader_imports():
    sources = {str(p.relative_to(cache_module._ROOT)) for p in cache_module._imported_sources("bot.kb.loader")}
    assert {"bot/kb/loader.py", "bot/kb/schema.py"} <= sources
    assert "bot/qa/engine.py" not in sources


def test_an_entry_is_replaced_whole_or_not_at_all(store, monkeypatch):
    store.put("entry", "k1", {"a": 1})

    def failing_dump(value: object, stream, protocol: int) -> None:
        stream.write(b"half of it")
        raise OSError("disk full")

    monkeypatch.setattr(pickle, "dump", failing_dump)
    store.put("entry", "k2", {"a": 2})  # logged, not raised
    monkeypatch.undo()
    assert store.get("entry", "k1") == {"a": 1}  # the old entry is intact
    assert store.get("entry", "k2") is None
    assert [p.name for p in store.directory.iterdir()] == ["entry.pickle"]  # no temporary file left


def test_a_temporary_file_left_by_a_killed_writer_is_removed_later(store):
    store.put("entry", "k1", 1)
    abandoned, current = store.directory / ".entry.old.tmp", store.directory / ".entry.now.tmp"
    abandoned.write_bytes(b"half")
    current.write_bytes(b"being written by another worker")
    stamp = time.time() - 2 * ABANDONED_SECONDS
    os.utime(abandoned, (stamp, stamp))
    store.put("entry", "k2", 2)
    assert not abandoned.exists() and current.exists()
    assert store.get("entry", "k2") == 2


@pytest.fixture
async def server():
    async with FakeBotAPI(username="htsd_test_bot") as fake:
        yield fake


async def test_a_plan_published_while_running_goes_live_and_the_next_start_reads_the_cache(
    server, db, plans_dir, tmp_path, no_building
):
    cache_dir = tmp_path / "cache"
    settings = {"PLANS_DIR": str(plans_dir), "CACHE_DIR": str(cache_dir), "BOT_ADMINS": str(ADMIN)}
    async with running_bot(server, db, **settings):
        assert (cache_dir / f"{INDEX_ENTRY}.pickle").exists() and (cache_dir / f"{ParsedPlans.NAME}.pickle").exists()
        pdf = (ROOT / "tests" / "data" / "import" / "xa-tanphu-2026.pdf").read_bytes()
        server.send_document(ADMIN, "xa-tanphu-2026.pdf", pdf, mime_type="application/pdf")
        summary = await server.wait_for_message(ADMIN, has("ban nhap ke hoach"), timeout=WAIT)
        server.press_button(ADMIN, summary, summary.callback_data[0])
        await server.wait_for_message(ADMIN, has("da vao phuc vu"), timeout=WAIT)
        await eventually(server, "cộng đồng số nhân văn", "chủ đề tuần lễ ở xã Tân Phú là gì?")
    no_building()  # the reload stored the index of the catalogue with the published plan
    async with running_bot(server, db, **settings):
        assert "cộng đồng số nhân văn" in (await ask(server, "chủ đề tuần lễ ở xã Tân Phú là gì?")).text
        assert "Nam Triệu" in (await ask(server)).text


async def test_a_plan_file_changed_between_starts_is_read_again(server, db, plans_dir, tmp_path):
    settings = {"PLANS_DIR": str(plans_dir), "CACHE_DIR": str(tmp_path / "cache")}
    async with running_bot(server, db, **settings):
        assert THEME not in (await ask(server)).text
    with_theme(plans_dir, THEME)
    async with running_bot(server, db, **settings):
        assert THEME in (await ask(server)).text
