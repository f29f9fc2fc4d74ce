"""Tests for the fake Bot API server, driven through the real python-telegram-bot client."""

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fake_bot_api import (
    FakeBotAPI,
    detect_entities,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    utf16_len,
)

TOKEN = "123456:TEST-token"


@pytest.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN, username="htsd_test_bot", first_name="HTSD") as fake:
        yield fake


@pytest.fixture
async def bot(server: FakeBotAPI) -> AsyncIterator[Bot]:
    async with server.make_bot() as client:
        yield client


@contextlib.asynccontextmanager
async def running_app(server: FakeBotAPI, *handlers: object) -> AsyncIterator[Application]:
    app = server.application_builder().build()
    for handler in handlers:
        app.add_handler(handler)  # type: ignore[arg-type]
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def post_form(server: FakeBotAPI, method: str, fields: dict[str, object]) -> dict:
    """Call the API the way PTB encodes requests, for payloads PTB's typed methods cannot express."""
    form = {key: value if isinstance(value, str) else json.dumps(value) for key, value in fields.items()}
    url = f"{server.base_url}{TOKEN}/{method}"
    async with aiohttp.ClientSession() as session, session.post(url, data=form) as response:
        return await response.json()


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}", do_quote=True)


# ---------------------------------------------------------------------------------------- identity


async def test_get_me_returns_configured_bot_identity(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.first_name, me.is_bot) == (123456, "htsd_test_bot", "HTSD", True)


async def test_wrong_token_is_rejected_with_401_unauthorized(server: FakeBotAPI) -> None:
    other = Bot("999:wrong", base_url=server.base_url)
    with pytest.raises(InvalidToken, match="rejected by the server"):
        await other.initialize()  # initialize() calls getMe
    await other.shutdown()
    assert server.calls[-1].status == 401
    assert server.calls[-1].response == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_unknown_method_returns_404_method_not_found(server: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(Exception, match="not found"):
        await bot.do_api_request("sendDiceRoll2000")
    record = (await server.wait_for("sendDiceRoll2000"))[0]
    assert record.response == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_token_agnostic_server_accepts_any_token() -> None:
    async with FakeBotAPI() as fake, Bot("42:whatever", base_url=fake.base_url) as client:
        assert (await client.get_me()).username == "htsd_test_bot"


# ---------------------------------------------------------------------------------------- polling


async def test_echo_application_round_trip_over_long_polling(server: FakeBotAPI) -> None:
    async with running_app(server, MessageHandler(filters.TEXT & ~filters.COMMAND, echo)):
        update = server.send_text(1001, "xin chào", first_name="Lan")
        reply = await server.wait_for_message(1001)
        assert reply.text == "echo: xin chào"
        assert reply.message["reply_to_message"]["message_id"] == update["message"]["message_id"]
        assert server.delivery_time(update["update_id"]) is not None
        latency = server.reply_latency(update["update_id"])
        assert latency is not None and 0 <= latency < 2
        assert server.first_reply(update["update_id"]).chat_id == 1001  # type: ignore[union-attr]

        second = server.send_text(1001, "lần hai")
        assert (await server.wait_for_message(1001)).text == "echo: lần hai"
        assert second["update_id"] == update["update_id"] + 1
        assert second["message"]["message_id"] == update["message"]["message_id"] + 2  # bot reply in between
    assert [c.method for c in server.calls[:2]] == ["getMe", "deleteWebhook"]


async def test_long_poll_returns_as_soon_as_an_update_is_injected(server: FakeBotAPI, bot: Bot) -> None:
    async def inject_later() -> None:
        await asyncio.sleep(0.1)
        server.send_text(7, "hi")

    task = asyncio.create_task(inject_later())
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    await task
    assert 0.05 < time.monotonic() - started < 2
    assert [u.message.text for u in updates] == ["hi"]


async def test_get_updates_offset_confirms_and_allowed_updates_filters(server: FakeBotAPI, bot: Bot) -> None:
    first = server.send_text(7, "one")
    second = server.send_text(7, "two")
    assert [u.update_id for u in await bot.get_updates()] == [first["update_id"], second["update_id"]]
    # not confirmed yet -> delivered again
    assert len(await bot.get_updates()) == 2
    assert await bot.get_updates(offset=second["update_id"] + 1) == ()

    sent = await bot.send_message(
        7,
        "menu",
        reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("Go", callback_data="go")),
    )
    server.send_text(7, "text")
    press = server.press_button(7, sent.to_dict(), "go")
    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.update_id for u in updates] == [press["update_id"]]
    assert updates[0].callback_query.message.text == "menu"


async def test_second_long_poll_terminates_the_first_with_conflict(server: FakeBotAPI, bot: Bot) -> None:
    # PTB's getUpdates connection pool holds one connection, so a second instance is needed - which is
    # exactly the "two bot processes polling" situation Telegram answers with 409.
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await server.wait_until(lambda: len(server.calls_to("getUpdates")) == 1)
    async with server.make_bot() as second_instance:
        assert await second_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_redeliver_delivers_the_same_update_id_again(server: FakeBotAPI) -> None:
    seen: list[int] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update.update_id)
        await update.effective_message.reply_text("ok")

    async with running_app(server, MessageHandler(filters.TEXT, record)):
        update = server.send_text(5, "pay 10k")
        await server.wait_for("sendMessage")
        server.redeliver(update)
        await server.wait_for("sendMessage", count=2)
        later = server.send_text(5, "after")
        await server.wait_for_message(5)
    assert seen == [update["update_id"], update["update_id"], later["update_id"]]
    assert len(server.delivery_times(update["update_id"])) == 2


# ---------------------------------------------------------------------------------------- webhook


async def test_webhook_posts_updates_with_secret_header(server: FakeBotAPI, bot: Bot) -> None:
    received: list[tuple[dict, str | None]] = []
    status = 200

    async def receive(request: web.Request) -> web.Response:
        received.append((await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        return web.Response(status=status)

    receiver = web.Application()
    receiver.router.add_post("/hook", receive)
    runner = web.AppRunner(receiver, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        assert await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cr3t_token")
        info = await bot.get_webhook_info()
        assert info.url.endswith("/hook")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()

        update = server.send_text(77, "/start")
        await server.wait_until(lambda: any(d.finished for d in server.deliveries))
        assert received == [(update, "s3cr3t_token")]
        delivery = server.deliveries[-1]
        assert (delivery.via, delivery.status, delivery.update_id) == ("webhook", 200, update["update_id"])
        assert server.delivery_time(update["update_id"]) == delivery.time

        status = 500
        server.send_text(77, "boom")
        await server.wait_until(lambda: len(server.deliveries) == 2 and server.deliveries[-1].finished)
        assert server.deliveries[-1].status == 500
        assert "500" in (await bot.get_webhook_info()).last_error_message

        assert await bot.delete_webhook()
        polled = server.send_text(77, "polling again")
        assert [u.update_id for u in await bot.get_updates()] == [polled["update_id"]]
    finally:
        await runner.cleanup()


# ---------------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("html", "text", "entity_types"),
    [
        ("<b>b</b><strong>s</strong>", "bs", ["bold", "bold"]),
        ("<i>i</i><em>e</em>", "ie", ["italic", "italic"]),
        ("<u>u</u><ins>n</ins>", "un", ["underline", "underline"]),
        ("<s>s</s><strike>t</strike><del>d</del>", "std", ["strikethrough"] * 3),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', "xy", ["spoiler", "spoiler"]),
        ('<a href="https://example.org/?a=1&amp;b=2">link</a>', "link", ["text_link"]),
        ("<code>x = 1</code>", "x = 1", ["code"]),
        ('<pre><code class="language-python">print(1)</code></pre>', "print(1)", ["pre"]),
        ("<pre>raw</pre>", "raw", ["pre"]),
        ("<blockquote>q</blockquote>", "q", ["blockquote"]),
        ("<blockquote expandable>q</blockquote>", "q", ["expandable_blockquote"]),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍", ["custom_emoji"]),
        ("<b>bold <i>both</i></b>", "bold both", ["bold", "italic"]),
        ("&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#x27; &#8364;", "<tag> & \"q\" 's' €", []),
        ("a > b", "a > b", []),
    ],
)
async def test_html_parse_mode_accepts_supported_markup(
    bot: Bot, html: str, text: str, entity_types: list[str]
) -> None:
    message = await bot.send_message(1, html, parse_mode=ParseMode.HTML)
    assert message.text == text
    assert [e.type for e in message.entities] == entity_types


async def test_html_pre_code_language_and_link_url_are_reported(bot: Bot) -> None:
    message = await bot.send_message(
        1, '<pre><code class="language-python">x</code></pre> <a href="https://t.me">t</a>', parse_mode="HTML"
    )
    assert message.entities[0].language == "python"
    assert message.entities[1].url == "https://t.me"


@pytest.mark.parametrize(
    ("html", "description"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("line<br>break", 'Unsupported start tag "br" at byte offset 4'),
        ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("stray</b>", "Unexpected end tag at byte offset 5"),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("Giá <100k", "Unclosed start tag at byte offset 5"),
        ("Q&A", 'Unsupported HTML entity "&A" at byte offset 1'),
        ("a &nbsp; b", 'Unsupported HTML entity "&nbsp;" at byte offset 2'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href=https://x.org>x</a>", "Unexpected end of name token at byte offset 8"),
    ],
)
async def test_html_parse_mode_rejects_bad_markup_like_telegram(
    server: FakeBotAPI, bot: Bot, html: str, description: str
) -> None:
    with pytest.raises(BadRequest, match=r"^Can't parse entities"):
        await bot.send_message(1, html, parse_mode=ParseMode.HTML)
    record = server.calls[-1]
    assert record.error_code == 400
    assert record.description == f"Bad Request: can't parse entities: {description}"
    assert server.sent_messages(1) == []


async def test_lenient_html_mode_keeps_bare_ampersand_like_the_real_server() -> None:
    async with FakeBotAPI(strict_html=False) as fake, fake.make_bot() as client:
        message = await client.send_message(1, "Q&A &nbsp;", parse_mode="HTML")
    assert message.text == "Q&A &nbsp;"


async def test_message_length_limit_counts_utf16_units_after_entity_parsing(server: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(1, "a" * 4096)
    await bot.send_message(1, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")  # markup is not counted
    await bot.send_message(1, "😀" * 2048)  # 4096 UTF-16 code units
    for too_long in ("a" * 4097, "😀" * 2048 + "a", "&amp;" * 4097):
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(1, too_long, parse_mode="HTML")
        assert server.calls[-1].description == "Bad Request: message is too long"
    assert len(server.sent_messages(1)) == 3


async def test_empty_or_whitespace_text_is_rejected(server: FakeBotAPI, bot: Bot) -> None:
    for text in ("   \n", "<b></b>"):
        with pytest.raises(BadRequest):
            await bot.send_message(1, text, parse_mode="HTML")
        assert server.calls[-1].description == "Bad Request: message text is empty"


async def test_inline_keyboard_callback_data_must_fit_64_bytes(server: FakeBotAPI, bot: Bot) -> None:
    ok = await bot.send_message(
        1,
        "ok",
        reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("b", callback_data="x" * 64)),
    )
    assert ok.reply_markup.inline_keyboard[0][0].callback_data == "x" * 64
    for data in ("x" * 65, "é" * 33):  # 65 bytes, 66 bytes (33 characters)
        with pytest.raises(BadRequest):
            await bot.send_message(
                1,
                "bad",
                reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("b", callback_data=data)),
            )
        assert server.calls[-1].description == "Bad Request: BUTTON_DATA_INVALID"


async def test_inline_keyboard_buttons_need_text_and_an_action(server: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(
            1, "x", reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("", callback_data="a"))
        )
    assert server.calls[-1].description == "Bad Request: BUTTON_TEXT_INVALID"
    response = await post_form(
        server,
        "sendMessage",
        {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "t"}]]}},
    )
    assert response == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: can't parse InlineKeyboardButton: "
        "Text buttons are unallowed in the inline keyboard",
    }


async def test_edit_message_text_reports_missing_and_unmodified_messages(server: FakeBotAPI, bot: Bot) -> None:
    markup = InlineKeyboardMarkup.from_button(InlineKeyboardButton("b", callback_data="b"))
    sent = await bot.send_message(3, "<b>v1</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest):
        await bot.edit_message_text("v1", chat_id=3, message_id=999)
    assert server.calls[-1].description == "Bad Request: message to edit not found"

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>v1</b>", chat_id=3, message_id=sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    assert server.calls[-1].description.startswith("Bad Request: message is not modified: ")

    # same text without markup removes the keyboard -> that is a modification
    edited = await bot.edit_message_text("<b>v1</b>", chat_id=3, message_id=sent.message_id, parse_mode="HTML")
    assert edited.reply_markup is None
    edited = await bot.edit_message_text("v2", chat_id=3, message_id=sent.message_id)
    assert edited.edit_date is not None

    tracked = server.get_message(3, sent.message_id)
    assert tracked is not None
    assert (tracked.text, tracked.parse_mode, tracked.reply_markup) == ("v2", None, None)
    assert [e["text"] for e in tracked.edits] == ["v1", "v1"]
    assert tracked.edits[0]["reply_markup"] == markup.to_dict()

    await bot.edit_message_reply_markup(chat_id=3, message_id=sent.message_id, reply_markup=markup)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(chat_id=3, message_id=sent.message_id, reply_markup=markup)


async def test_delete_message_then_edit_or_delete_again_fails(server: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(3, "bye")
    assert await bot.delete_message(3, sent.message_id)
    assert server.get_message(3, sent.message_id).deleted  # type: ignore[union-attr]
    with pytest.raises(BadRequest):
        await bot.delete_message(3, sent.message_id)
    assert server.calls[-1].description == "Bad Request: message to delete not found"
    with pytest.raises(BadRequest):
        await bot.edit_message_text("again", chat_id=3, message_id=sent.message_id)


async def test_answer_callback_query_rejects_unknown_answered_and_expired_queries() -> None:
    async with FakeBotAPI(callback_query_timeout=0.05) as fake, fake.make_bot() as client:
        sent = await client.send_message(
            9,
            "m",
            reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("b", callback_data="b")),
        )
        expected = "Bad Request: query is too old and response timeout expired or query ID is invalid"

        query_id = fake.press_button(9, sent.to_dict(), "b")["callback_query"]["id"]
        assert await client.answer_callback_query(query_id, text="done")
        assert fake.callback_answers[query_id] == {"text": "done"}
        for bad_id in (query_id, "12345"):
            with pytest.raises(BadRequest):
                await client.answer_callback_query(bad_id)
            assert fake.calls[-1].description == expected

        stale = fake.press_button(9, sent.to_dict(), "b")["callback_query"]["id"]
        await asyncio.sleep(0.1)
        with pytest.raises(BadRequest):
            await client.answer_callback_query(stale)
        assert fake.calls[-1].description == expected


# ---------------------------------------------------------------------------------------- faults


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # raised inside RetryAfter()
async def test_injected_429_surfaces_as_retry_after(server: FakeBotAPI, bot: Bot) -> None:
    server.fail_next("sendMessage", count=2, error_code=429, retry_after=3)
    for _ in range(2):
        with pytest.raises(RetryAfter, match="Retry in 3"):
            await bot.send_message(1, "hi")
    assert server.calls[-1].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    assert (await bot.send_message(1, "third time")).text == "third time"
    assert [m.text for m in server.sent_messages(1)] == ["third time"]


async def test_other_injected_errors_map_to_ptb_exceptions(server: FakeBotAPI, bot: Bot) -> None:
    server.fail_next("getChat", error_code=400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(1)
    server.fail_next("sendMessage", error_code=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(1, "x")


async def test_blocked_user_gets_403_forbidden(server: FakeBotAPI, bot: Bot) -> None:
    server.block_user(55)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(55, "hello?")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(55, "typing")
    assert server.calls[-1].response["description"] == "Forbidden: bot was blocked by the user"
    assert (await bot.send_message(56, "other user is fine")).chat.id == 56
    server.unblock_user(55)
    assert (await bot.send_message(55, "welcome back")).text == "welcome back"


async def test_dropped_connection_surfaces_as_network_error(server: FakeBotAPI, bot: Bot) -> None:
    server.fail_network_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(1, "lost")
    assert server.calls[-1].dropped
    assert server.sent_messages(1) == []

    server.fail_network_next("sendMessage", after_processing=True)
    with pytest.raises(NetworkError):
        await bot.send_message(1, "delivered but response lost")
    assert [m.text for m in server.sent_messages(1)] == ["delivered but response lost"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_flood_limits_answer_429_with_retry_after(server: FakeBotAPI, bot: Bot) -> None:
    server.set_flood_limits(per_chat_per_second=2)
    await bot.send_message(1, "1")
    await bot.send_message(1, "2")
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "3")
    await bot.send_message(2, "other chat is fine")


async def test_wait_for_timeout_lists_recent_calls(server: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(1, "only this")
    with pytest.raises(TimeoutError, match=r"(?s)editMessageText.*sendMessage chat=1 text='only this' -> ok"):
        await server.wait_for("editMessageText", timeout=0.05)
    with pytest.raises(TimeoutError, match="chat 2"):
        await server.wait_for_message(2, timeout=0.05)


# ---------------------------------------------------------------------------------------- users


async def test_press_button_delivers_callback_query_to_application(server: FakeBotAPI) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Lịch", callback_data="menu:schedule")]])
        await update.effective_message.reply_text("<b>Menu</b>", parse_mode="HTML", reply_markup=keyboard)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer()
        await query.edit_message_text(f"chose {query.data} (was {query.message.text})")

    async with running_app(server, CommandHandler("start", start), CallbackQueryHandler(on_button)):
        server.send_text(2002, "/start")
        menu = await server.wait_for_message(2002)
        assert menu.text == "Menu" and menu.callback_data == ["menu:schedule"]

        press = server.press_button(2002, menu, "menu:schedule")
        answer = (await server.wait_for("answerCallbackQuery"))[0]
        assert answer.ok and answer.chat_id == 2002
        assert answer.params["callback_query_id"] == press["callback_query"]["id"]
        edited = await server.wait_for_message(2002)  # an edit after the press counts by default
        assert edited is menu and edited.edited
        assert menu.text == "chose menu:schedule (was Menu)"
        assert server.reply_latency(press["update_id"]) is not None

    with pytest.raises(ValueError, match="no button"):
        server.press_button(2002, menu, "menu:missing")


async def test_commands_and_mentions_get_telegram_entities(server: FakeBotAPI) -> None:
    update = server.send_group_text(31, -1001234, "/help@htsd_test_bot hỏi @htsd_test_bot #tuần_lễ")
    message = update["message"]
    assert message["chat"]["type"] == "supergroup"
    assert [(e["type"], e["offset"], e["length"]) for e in message["entities"]] == [
        ("bot_command", 0, 19),
        ("mention", 24, 14),
        ("hashtag", 39, 8),
    ]
    assert server.send_group_text(31, -55, "hi")["message"]["chat"]["type"] == "group"
    assert detect_entities("😀 /start") == [{"type": "bot_command", "offset": 3, "length": 6}]


async def test_command_handler_in_group_matches_bot_username(server: FakeBotAPI) -> None:
    async def help_cmd(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text("help!")

    async with running_app(server, CommandHandler("help", help_cmd)):
        server.send_group_text(31, -1009, "/help@htsd_test_bot")
        reply = await server.wait_for_message(-1009)
        assert reply.text == "help!"
        server.send_group_text(31, -1009, "reply to you", reply_to_bot_message=reply)
        update = server.updates[-1]
        assert update["message"]["reply_to_message"]["message_id"] == reply.message_id


async def test_user_media_and_edits_reach_the_bot(server: FakeBotAPI, bot: Bot) -> None:
    text = server.send_text(8, "typo")
    server.edit_text(8, text, "fixed")
    server.send_sticker(8)
    server.send_photo(8, caption="ảnh")
    server.send_voice(8, duration=4)
    doc = server.send_document(8, "plan.xlsx", b"PK\x03\x04data", mime_type="application/vnd.ms-excel")
    updates = await bot.get_updates()
    assert updates[1].edited_message.text == "fixed"
    assert updates[1].edited_message.message_id == updates[0].message.message_id
    assert updates[2].message.sticker.emoji == "👍"
    assert updates[3].message.caption == "ảnh" and updates[3].message.photo
    assert updates[4].message.voice.to_dict()["duration"] == 4
    document = updates[5].message.document
    assert document.file_name == "plan.xlsx"
    downloaded = await (await bot.get_file(document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == b"PK\x03\x04data"
    assert doc["message"]["document"]["file_id"] == document.file_id


async def test_send_document_and_photo_store_multipart_uploads(server: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_document(4, b"a,b\n1,2\n", filename="report.csv", caption="<i>báo cáo</i>", parse_mode="HTML")
    record = server.calls[-1]
    assert record.files["document"].filename == "report.csv"
    assert record.files["document"].data == b"a,b\n1,2\n"
    assert record.params["caption"] == "<i>báo cáo</i>"
    assert sent.caption == "báo cáo" and sent.caption_entities[0].type == "italic"
    photo = await bot.send_photo(4, b"\x89PNG\r\n", caption="p")
    assert photo.photo[-1].file_size == 6
    stored = server.sent_messages(4)
    assert [m.method for m in stored] == ["sendDocument", "sendPhoto"]
    assert stored[0].file is not None and stored[0].file.data == b"a,b\n1,2\n"
    with pytest.raises(BadRequest):
        await bot.send_document(4, b"")
    assert server.calls[-1].description == "Bad Request: file must be non-empty"


# ---------------------------------------------------------------------------------------- misc methods


async def test_bot_settings_methods_store_state(server: FakeBotAPI, bot: Bot) -> None:
    assert await bot.set_my_commands([("start", "Bắt đầu"), ("help", "Trợ giúp")])
    assert await bot.set_my_commands([("start", "Start")], language_code="en")
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c.description for c in await bot.get_my_commands(language_code="en")] == ["Start"]
    with pytest.raises(BadRequest):
        await bot.set_my_commands([("Bad-Command", "x")])
    assert server.calls[-1].description == "Bad Request: BOT_COMMAND_INVALID"
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()

    assert await bot.set_my_description("Trợ lý Tuần lễ học tập suốt đời")
    assert await bot.set_my_short_description("Trợ lý HTSĐ")
    assert (await bot.get_my_description()).description == "Trợ lý Tuần lễ học tập suốt đời"
    assert server.short_descriptions == {"": "Trợ lý HTSĐ"}
    assert await bot.send_chat_action(1, "typing")
    response = await post_form(server, "sendChatAction", {"chat_id": 1, "action": "dancing"})
    assert response["description"] == "Bad Request: wrong parameter action in request"
    assert await bot.log_out()
    assert await bot.close()


async def test_get_chat_knows_users_who_wrote_to_the_bot(server: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.get_chat(4242)
    server.send_text(4242, "hi", first_name="Minh", username="minh_vn")
    chat = await bot.get_chat(4242)
    assert (chat.type, chat.first_name, chat.username) == ("private", "Minh", "minh_vn")


async def test_request_params_are_decoded_from_ptb_form_encoding(server: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(
        "-100777",
        "123",  # a numeric-looking text must stay a string
        reply_markup=InlineKeyboardMarkup.from_button(InlineKeyboardButton("b", callback_data="1")),
        disable_notification=True,
    )
    params = server.calls[-1].params
    assert params["chat_id"] == -100777
    assert params["text"] == "123"
    assert params["disable_notification"] is True
    assert params["reply_markup"] == {"inline_keyboard": [[{"text": "b", "callback_data": "1"}]]}
    assert server.calls[-1].chat_id == -100777


async def test_json_bodies_are_accepted_too(server: FakeBotAPI) -> None:
    async with aiohttp.ClientSession() as session:
        url = f"{server.base_url}{TOKEN}/sendMessage"
        body = {"chat_id": 5, "text": "json", "reply_markup": json.dumps({"remove_keyboard": True})}
        async with session.post(url, json=body) as response:
            payload = await response.json()
    assert payload["ok"] and payload["result"]["text"] == "json"
    assert server.calls[-1].params["reply_markup"] == {"remove_keyboard": True}


# ---------------------------------------------------------------------------------------- parsers


def test_parsers_follow_telegram_semantics() -> None:
    assert parse_html("<b>a</b>😀<i>b</i>") == (
        "a😀b",
        [{"type": "bold", "offset": 0, "length": 1}, {"type": "italic", "offset": 3, "length": 1}],
    )
    assert parse_html("<i>x</>") == ("x", [{"type": "italic", "offset": 0, "length": 1}])
    assert parse_markdown_v2(r"*bold* _it_ __u__ ~s~ ||sp|| `c` [l](https://x.org) 1\.5")[0] == (
        "bold it u s sp c l 1.5"
    )
    with pytest.raises(ValueError, match=r"Character '\.' is reserved"):
        parse_markdown_v2("1.5")
    with pytest.raises(ValueError, match="Can't find end of Bold entity at byte offset 0"):
        parse_markdown_v2("*open")
    assert parse_markdown("*b* _i_ `c` [t](https://x.org)")[0] == "b i c t"
    with pytest.raises(ValueError, match="Can't find end of the entity starting at byte offset 0"):
        parse_markdown("_open")
    assert utf16_len("a😀") == 3
