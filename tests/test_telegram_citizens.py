"""Citizens use the real bot (python-telegram-bot Application) through a fake Bot API over HTTP."""

from __future__ import annotations

import asyncio
import shutil

import aiohttp
import pytest

from bot.kb.loader import DEFAULT_PLANS_DIR
from bot.text import fold
from tests.fake_bot_api import FakeBotAPI
from tests.harness import running_bot

USER = 1001


def folded(message) -> str:
    return fold(message.text or "")


@pytest.fixture
async def server():
    async with FakeBotAPI(username="htsd_test_bot") as fake:
        yield fake


async def test_start_choose_locality_then_questions_with_and_without_diacritics(server, db):
    async with running_bot(server, db):
        await server.wait_for("setMyCommands")
        registered = [c["command"] for commands in server.commands.values() for c in commands]
        assert {"start", "help", "diaphuong"} <= set(registered)

        server.send_text(USER, "/start")
        greeting = await server.wait_for_message(USER)
        assert "Nam Triệu" in greeting.text and "Đức Trọng" in greeting.text
        assert "loc:namtrieu-2025" in greeting.callback_data

        server.press_button(USER, greeting, "loc:namtrieu-2025")
        await server.wait_for("answerCallbackQuery")
        chosen = await server.wait_for_message(USER, lambda m: "Đã chọn" in (m.text or ""))
        assert "Nam Triệu" in chosen.text

        server.send_text(USER, "chủ đề là gì?")
        answer = await server.wait_for_message(USER)
        assert "van minh va hien dai" in folded(answer)
        assert answer.parse_mode == "HTML"

        server.send_text(USER, "han nop bao cao cua cac truong la ngay nao")
        answer = await server.wait_for_message(USER)
        assert "15/10/2025" in answer.text


async def test_unknown_question_offers_suggestion_buttons_that_answer(server, db):
    async with running_bot(server, db):
        server.send_text(USER, "giá vàng hôm nay bao nhiêu?")
        reply = await server.wait_for_message(USER)
        assert 2 <= len(reply.callback_data) <= 4
        assert all(data.startswith("sug:") for data in reply.callback_data)
        server.press_button(USER, reply, reply.callback_data[0])
        await server.wait_for("answerCallbackQuery")
        answer = await server.wait_for_message(USER, lambda m: "Chủ đề" in (m.text or ""))
        assert "Nguồn" in answer.text


async def test_clarification_buttons_answer_for_the_chosen_locality(server, db):
    async with running_bot(server, db):
        server.send_text(USER, "ai ký kế hoạch?")
        reply = await server.wait_for_message(USER)
        assert any(d.startswith("clar:") for d in reply.callback_data)
        server.press_button(USER, reply, "clar:namtrieu-2025")
        edited = await server.wait_for_message(USER, lambda m: "Nguyễn Đức Dũng" in (m.text or ""))
        assert edited.message_id == reply.message_id


async def test_stale_or_malformed_button_gets_a_polite_alert(server, db):
    async with running_bot(server, db):
        server.send_text(USER, "/start")
        greeting = await server.wait_for_message(USER)
        for data in ("loc:khong-co-2030", "xyz", "sug:theme|nowhere"):
            server.press_button(USER, greeting, data, check=False)
            call = (await server.wait_for("answerCallbackQuery", lambda c: c.ok and c.params.get("text")))[-1]
            assert "không hợp lệ" in call.params["text"]
            server.reset_records()


async def test_sticker_gets_a_request_for_text(server, db):
    async with running_bot(server, db):
        server.send_sticker(USER)
        reply = await server.wait_for_message(USER)
        assert "chữ" in reply.text


async def test_edited_message_is_answered_again(server, db):
    async with running_bot(server, db):
        update = server.send_text(USER, "chủ đề ở đức trọng")
        await server.wait_for_message(USER)
        server.edit_text(USER, update["message"], "ai ký kế hoạch ở đức trọng")
        reply = await server.wait_for_message(USER, lambda m: "Hồ Thị Hồng Châu" in (m.text or ""))
        assert "tin nhắn đã sửa" in reply.text


async def test_group_chatter_is_ignored_but_mentions_and_replies_are_answered(server, db):
    group = -1009
    async with running_bot(server, db):
        server.send_group_text(USER, group, "hôm nay trời đẹp quá")
        server.send_group_text(USER, group, "@htsd_test_bot chủ đề ở Đức Trọng là gì?")
        answer = await server.wait_for_message(group)
        assert "chuyen doi so" in folded(answer)
        server.send_group_text(USER, group, "ai ký kế hoạch ở đức trọng?", reply_to_bot_message=answer)
        second = await server.wait_for_message(group, lambda m: "Hồ Thị Hồng Châu" in (m.text or ""))
        assert second
        await asyncio.sleep(0.2)
        assert len(server.sent_messages(group)) == 2  # the chatter got no reply


async def test_duplicate_update_is_processed_once(server, db):
    async with running_bot(server, db):
        update = server.send_text(USER, "chủ đề ở đức trọng")
        await server.wait_for_message(USER)
        server.redeliver(update)
        await asyncio.sleep(0.5)
        assert len(server.sent_messages(USER)) == 1


async def test_restart_keeps_the_chosen_locality(server, db, db_factory):
    async with running_bot(server, db):
        server.send_text(USER, "/diaphuong")
        menu = await server.wait_for_message(USER)
        server.press_button(USER, menu, "loc:ductrong-2021")
        await server.wait_for_message(USER, lambda m: "Đã chọn" in (m.text or ""))
    async with running_bot(server, db_factory()):
        server.send_text(USER, "ai ký kế hoạch?")
        answer = await server.wait_for_message(USER, lambda m: "Nguồn" in (m.text or ""))
        assert "Hồ Thị Hồng Châu" in answer.text


async def test_long_answer_is_split_and_every_part_is_valid_html(server, db, tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(DEFAULT_PLANS_DIR, plans)
    path = plans / "namtrieu-2025.yaml"
    long_text = " ".join(["Hội trường <A&B> số " + str(i) + " ngoài trời" for i in range(400)])
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("slogans:\n", f'extra_facts:\n  - topic: thử\n    text: "Kỳ lân {long_text}"\nslogans:\n', 1)
        if "extra_facts:" not in text
        else text.replace("extra_facts:\n", f'extra_facts:\n  - topic: thử\n    text: "Kỳ lân {long_text}"\n', 1),
        encoding="utf-8",
    )
    async with running_bot(server, db, PLANS_DIR=str(plans)):
        server.send_text(USER, "kỳ lân ở nam triệu")
        await server.wait_for("sendMessage", count=2, timeout=10)
        await asyncio.sleep(0.3)
        sent = server.sent_messages(USER)
        assert len(sent) >= 2
        assert all(len(m.text) <= 4096 for m in sent)
        assert all(c.ok for c in server.calls_to("sendMessage"))
        assert "<A&B>" in "".join(m.text for m in sent)


async def test_webhook_mode_checks_the_secret_and_serves_health(server, db, unused_tcp_port):
    port = unused_tcp_port
    url = f"http://127.0.0.1:{port}/hook"
    async with running_bot(
        server, db, WEBHOOK_URL=url, WEBHOOK_SECRET="s3cret-token", PORT=port, LISTEN_ADDRESS="127.0.0.1"
    ):
        await server.wait_for("setWebhook")
        await asyncio.sleep(0.1)
        server.send_text(USER, "chủ đề ở đức trọng")
        answer = await server.wait_for_message(USER, timeout=10)
        assert "chuyen doi so" in folded(answer)
        async with aiohttp.ClientSession() as http:
            update = {
                "update_id": 999999,
                "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "hi"},
            }
            wrong = await http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            assert wrong.status == 403
            missing = await http.post(url, json=update)
            assert missing.status == 403
            health = await http.get(f"http://127.0.0.1:{port}/healthz")
            assert health.status == 200 and (await health.json())["status"] == "ok"
        await asyncio.sleep(0.2)
        assert server.sent_messages(5) == []


async def test_the_token_never_appears_in_logs(server, db, caplog):
    import logging

    from handlers.runtime import configure_logging

    factory = logging.getLogRecordFactory()
    try:
        configure_logging("DEBUG", secrets=(server.token,))
        caplog.set_level(logging.DEBUG)
        async with running_bot(server, db, LOG_LEVEL="DEBUG"):
            server.send_text(USER, "chủ đề ở đức trọng")
            await server.wait_for_message(USER)
    finally:
        logging.setLogRecordFactory(factory)
    assert caplog.records, "nothing was logged at DEBUG"
    assert server.token not in caplog.text
    assert server.token.split(":")[1] not in caplog.text


async def test_answers_are_html_telegram_accepts(server, db):
    async with running_bot(server, db):
        for text in ("<b>chủ đề</b> & ở nam triệu?", "khai mac o dau", "giá vàng <script>", "/help", "/start"):
            server.send_text(USER, text)
            await server.wait_for_message(USER)
    sends = server.calls_to("sendMessage") + server.calls_to("editMessageText")
    assert sends and all(call.ok for call in sends), [c.description for c in sends if not c.ok]


async def test_follow_ups_use_the_chats_memory_across_a_restart(server, db, db_factory):
    async with running_bot(server, db):
        server.send_text(USER, "Lễ khai mạc ở Thanh Bình tổ chức ở đâu?")
        first = await server.wait_for_message(USER)
        assert "Nhà văn hóa" in first.text
    async with running_bot(server, db_factory()):  # another process, or the same after a restart
        server.send_text(USER, "mấy giờ?")
        when = await server.wait_for_message(USER)
        assert "13h30" in when.text and "Thanh Bình" in when.text
        server.send_text(USER, "thế còn ở An Lão?")
        other = await server.wait_for_message(USER)
        assert "An Lão" in other.text and "02/10/2023" in other.text


async def test_the_chosen_locality_answers_this_years_questions(server, db):
    async with running_bot(server, db):
        server.send_text(USER, "/start")
        greeting = await server.wait_for_message(USER)
        server.press_button(USER, greeting, "loc:namtrieu-2025")
        await server.wait_for("editMessageText")
        server.send_text(USER, "chủ đề tuần lễ năm nay là gì?")
        answer = await server.wait_for_message(USER)
        assert "Nam Triệu" in answer.text and "Đức Trọng" not in answer.text and not answer.callback_data
        assert len(answer.text) < 600


async def test_a_place_with_no_plan_is_named_as_typed_without_a_stray_space(server, db):
    async with running_bot(server, db):
        for question, place in (
            ("khai mạc tuần lễ ở phường Hòa Khánh lúc mấy giờ?", "phường Hòa Khánh"),
            ("ở Hòa Bình có gì", "Hòa Bình"),
        ):
            server.send_text(USER, question)
            reply = await server.wait_for_message(USER)
            assert f"chưa có kế hoạch Tuần lễ của {place}." in reply.text, reply.text
            assert " ." not in reply.text


async def test_an_empty_getupdates_answer_is_not_an_error(server, db, caplog, monkeypatch):
    """Long polling that returns no update polls again at once: no error, no backoff."""
    from handlers.pipeline import Poller

    monkeypatch.setitem(Poller.__init__.__kwdefaults__, "timeout", 1)  # long polls of 1 s
    async with running_bot(server, db):
        await server.wait_for("getUpdates", count=2, timeout=30)
        server.send_text(USER, "chủ đề ở đức trọng")
        await server.wait_for_message(USER)
    assert "could not store updates" not in caplog.text
