"""handlers/http.py: python-telegram-bot's requests over aiohttp, as the Bot API receives them —
a JSON body for a call without a file, multipart when a file goes with it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from handlers.http import AiohttpRequest
from tests.fake_bot_api import FakeBotAPI

TEXT = "Tuần lễ hưởng ứng học tập suốt đời diễn ra từ ngày 01/10/2025 & đến 07/10/2025 — 100% đơn vị?"


@pytest.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        yield fake


def content_types(server: FakeBotAPI) -> list[str]:
    """The Content-Type of each request the server reads parameters from."""
    seen: list[str] = []
    read = server._read_params

    async def spy(request: Any) -> Any:
        seen.append(request.content_type)
        return await read(request)

    server._read_params = spy  # type: ignore[method-assign]
    return seen


async def test_a_message_goes_as_json_with_its_text_and_keyboard_intact(server: FakeBotAPI) -> None:
    seen = content_types(server)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Xem thêm", callback_data="more:1")]])
    async with Bot(server.token, base_url=server.base_url, request=AiohttpRequest(4)) as bot:
        sent = await bot.send_message(4242, TEXT, reply_markup=keyboard, disable_notification=True)
    assert sent.text == TEXT
    (record,) = server.calls_to("sendMessage")
    assert record.params["text"] == TEXT
    assert record.params["chat_id"] == 4242
    assert record.params["disable_notification"] is True
    assert record.params["reply_markup"] == {"inline_keyboard": [[{"text": "Xem thêm", "callback_data": "more:1"}]]}
    assert seen[-1] == "application/json"


async def test_a_file_still_goes_as_multipart_with_its_other_fields(server: FakeBotAPI) -> None:
    seen = content_types(server)
    async with Bot(server.token, base_url=server.base_url, request=AiohttpRequest(4)) as bot:
        await bot.send_document(4242, b"%PDF-1.4 tong hop", filename="tong-hop.pdf", caption=TEXT)
    (record,) = server.calls_to("sendDocument")
    assert record.params["caption"] == TEXT
    (upload,) = record.files.values()
    assert upload.data == b"%PDF-1.4 tong hop"
    assert upload.filename == "tong-hop.pdf"
    assert seen[-1] == "multipart/form-data"
