"""A province-sized catalogue is named by a count and searched by name, never listed whole: a message
holds 4,096 characters and a keyboard a few dozen buttons anyone would read."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from bot.kb.loader import DEFAULT_PLANS_DIR, load_plans
from bot.qa.choices import MAX_LISTED
from bot.qa.engine import Engine
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot

USER = 1001
NAMES = ["An Hải", "An Lạc", "Bình Minh", "Hòa Bình", "Tân Phú", "Phú Lợi", "Minh Tân", "Hưng Đạo"]


def province_plans(count: int) -> list:
    """`count` plans cloned from the real five, each of its own commune (some sharing a first word)."""
    real = load_plans(DEFAULT_PLANS_DIR)
    plans = list(real)
    for n in range(count):
        source = real[n % len(real)]
        name = f"{NAMES[n % len(NAMES)]} {n // len(NAMES) + 1}"
        province = ["Hải Dương", "Thái Bình", "Nam Định"][n % 3]
        locality = source.locality.model_copy(update={"name": name, "province": province, "aliases": []})
        plans.append(source.model_copy(update={"id": f"p{n:03d}-{source.year}", "locality": locality}))
    return plans


@pytest.fixture(scope="module")
def big() -> Engine:
    return Engine(province_plans(60))


def test_a_small_catalogue_is_listed_and_offered_as_buttons(engine):
    choose, options = engine.greeting_choice()
    assert len(engine.catalogue_lines()) == len(options) == 5
    assert "chọn địa phương" in choose
    _text, offered = engine.locality_prompt("", 2025)
    assert len(offered) == 5


def test_a_big_catalogue_is_counted_by_province_not_listed(big):
    lines = big.catalogue_lines()
    assert len(lines) == 1 and "65 kế hoạch" in lines[0] and "Hải Dương" in lines[0]
    choose, options = big.greeting_choice()
    assert options == [] and "/diaphuong" in choose


def test_choosing_in_a_big_catalogue_asks_for_the_name_then_finds_it_with_typos(big):
    text, options = big.locality_prompt("", 2025)
    assert options == [] and "65 kế hoạch" in text
    text, options = big.locality_prompt("binh minh 2", 2025)
    assert [o.label for o in options] == ["huyện Bình Minh 2 (Thái Bình), năm 2023"]
    text, options = big.locality_prompt("An Hai", 2025)  # a part of several names: those names
    assert len(options) == 8 and all("An Hải" in o.label for o in options)
    text, options = big.locality_prompt("Hà Giang", 2025)
    assert options == [] and "Hà Giang" in text


def test_a_name_matching_many_plans_offers_at_most_the_cap_and_says_how_many(big):
    text, options = big.locality_prompt("Thái Bình", 2025)
    assert len(options) == MAX_LISTED
    assert "Có 20 kế hoạch" in text and all("(Thái Bình)" in o.label for o in options)


def test_a_place_without_a_plan_in_a_big_catalogue_gets_a_short_reply(big):
    answer = big.answer("tuần lễ ở Hà Giang diễn ra khi nào", today=dt.date(2025, 10, 2))
    assert answer.status == "unknown"
    assert len(answer.text) < 600 and "65 kế hoạch" in answer.text


async def test_start_and_diaphuong_with_a_province_catalogue_in_telegram(db, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for plan in province_plans(60):
        data = json.loads(plan.model_dump_json(by_alias=True, exclude_none=True))
        (folder / f"{plan.id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    async with FakeBotAPI(username="htsd_test_bot") as server, running_bot(server, db, PLANS_DIR=str(folder)):
        server.send_text(USER, "/start")
        greeting = await server.wait_for_message(USER)
        assert len(greeting.text) <= 4096 and greeting.callback_data == []
        assert "/diaphuong" in greeting.text
        server.send_text(USER, "/diaphuong thai binh")  # a province: its plans as buttons, at most 10
        menu = await server.wait_for_message(USER, lambda m: bool(m.callback_data))
        assert 2 <= len(menu.callback_data) <= MAX_LISTED
        server.press_button(USER, menu, menu.callback_data[0])
        chosen = await server.wait_for_message(USER, lambda m: "Đã chọn" in (m.text or ""))
        assert "Thái Bình" in chosen.text
        server.send_text(USER, "/diaphuong hung dao 3")  # one match: chosen at once, no button to tap
        chosen = await server.wait_for_message(USER, lambda m: "Đã chọn" in (m.text or "") and "Hưng Đạo 3" in m.text)
        assert chosen.callback_data == []
