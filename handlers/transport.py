"""The outbox's `Transport` over python-telegram-bot: one Bot API call, PTB's errors mapped onto the core's."""

from __future__ import annotations

import datetime as dt

from telegram import Bot, InlineKeyboardMarkup, InputFile, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.outbox import (
    Method,
    Outgoing,
    PermanentSendError,
    RateLimited,
    RecipientBlocked,
    TransientSendError,
)
from handlers.keyboards import markup

CAPTION_LIMIT = 1024


class TelegramTransport:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def call(self, message: Outgoing, message_id: int | None) -> int | None:
        try:
            return await self._call(message, message_id)
        except Forbidden as exc:
            raise RecipientBlocked(str(exc)) from exc
        except RetryAfter as exc:
            retry = exc.retry_after
            seconds = retry.total_seconds() if isinstance(retry, dt.timedelta) else float(retry)
            raise RateLimited(seconds, str(exc)) from exc
        except BadRequest as exc:
            if "message is not modified" in str(exc).lower():
                return message_id  # the edit is already what the user sees
            raise PermanentSendError(str(exc)) from exc
        except ChatMigrated as exc:
            raise PermanentSendError(str(exc)) from exc
        except (TimedOut, NetworkError) as exc:  # NetworkError covers 5xx answers and connection errors
            raise TransientSendError(str(exc)) from exc
        except TelegramError as exc:
            raise PermanentSendError(str(exc)) from exc

    async def _call(self, message: Outgoing, message_id: int | None) -> int | None:
        keyboard = markup(message.buttons)
        sent: Message | bool
        if message.method == Method.SEND_TEXT:
            return await self._send_text(message, keyboard)
        if message.method == Method.SEND_PHOTO:
            sent = await self.bot.send_photo(
                chat_id=message.chat_id,
                photo=message.blob or b"",
                caption=message.text[:CAPTION_LIMIT] or None,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
            )
        elif message.method == Method.SEND_DOCUMENT:
            sent = await self.bot.send_document(
                chat_id=message.chat_id,
                document=InputFile(message.blob or b"", filename=message.filename),
                caption=message.text[:CAPTION_LIMIT] or None,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
            )
        elif message.method == Method.EDIT_TEXT:
            sent = await self.bot.edit_message_text(
                chat_id=message.chat_id,
                message_id=message_id,
                text=message.text,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
            )
        else:
            sent = await self.bot.edit_message_reply_markup(
                chat_id=message.chat_id, message_id=message_id, reply_markup=keyboard
            )
        return sent.message_id if isinstance(sent, Message) else message_id

    async def _send_text(self, message: Outgoing, keyboard: InlineKeyboardMarkup | None) -> int | None:
        """sendMessage, the call nearly every reply is: the same request `Bot.send_message` makes
        (defaults, None dropped, errors mapped by the same request layer), without building a
        `Message` from the answer, of which only the id is kept. `Bot.do_api_request` would do
        the same but warns for an endpoint the library knows."""
        data: dict[str, object] = {"chat_id": message.chat_id, "text": message.text, "parse_mode": ParseMode.HTML}
        if keyboard is not None:
            data["reply_markup"] = keyboard
        if message.reply_to:
            data["reply_parameters"] = ReplyParameters(message.reply_to, allow_sending_without_reply=True)
        result = await self.bot._post("sendMessage", data)
        if isinstance(result, dict) and isinstance(result.get("message_id"), int):
            return int(result["message_id"])
        return None
