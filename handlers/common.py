"""Plumbing shared by the handlers: the services, sending long HTML safely, keyboards."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, User
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ContextTypes

from bot.citizens import CitizenDesk, Person, Sender
from bot.clock import Clock
from bot.config import Settings
from bot.qa.engine import Engine, Option, Suggestion
from bot.render import split_message
from bot.reports.form import FormCatalog

log = logging.getLogger(__name__)

SEND_ATTEMPTS = 3


@dataclass
class Services:
    """Everything the handlers need, stored once in `application.bot_data`."""

    engine: Engine
    desk: CitizenDesk
    clock: Clock
    admins: frozenset[int]
    settings: Settings
    forms: FormCatalog  # each plan's report form, loaded once


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


_SENDER_KEY = "sender_by_update"


def remember_sender(context: ContextTypes.DEFAULT_TYPE, update_id: int, sender: Sender) -> None:
    """Keep what was read of the sender while claiming the update, for this update's handlers."""
    context.application.bot_data.setdefault(_SENDER_KEY, {})[update_id] = sender


def sender_for(context: ContextTypes.DEFAULT_TYPE, update_id: int) -> Sender | None:
    return context.application.bot_data.get(_SENDER_KEY, {}).get(update_id)


def forget_sender(context: ContextTypes.DEFAULT_TYPE, update_id: int) -> None:
    context.application.bot_data.get(_SENDER_KEY, {}).pop(update_id, None)


def person(user: User) -> Person:
    return Person(id=user.id, first_name=user.first_name, username=user.username)


async def send_html(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    html_text: str,
    *,
    reply_markup: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
) -> Message | None:
    """Send escaped HTML in chunks of at most 4,096 characters; the keyboard goes on the last chunk.

    Network errors are retried a few times (429s are retried by the rate limiter)."""
    chunks = split_message(html_text)
    sent: Message | None = None
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        sent = await _with_retries(
            context.bot.send_message,
            chat_id=chat_id,
            text=chunk,
            parse_mode="HTML",
            reply_markup=reply_markup if last else None,
            reply_to_message_id=reply_to if index == 0 else None,
            allow_sending_without_reply=True,
        )
    return sent


async def edit_or_send_html(
    context: ContextTypes.DEFAULT_TYPE, message: Message, html_text: str, reply_markup: InlineKeyboardMarkup | None
) -> None:
    """Replace a message's text when the answer fits in one message, else send it anew."""
    chunks = split_message(html_text)
    if len(chunks) == 1:
        await _with_retries(
            context.bot.edit_message_text,
            chat_id=message.chat_id,
            message_id=message.message_id,
            text=chunks[0],
            parse_mode="HTML",
            reply_markup=reply_markup,
        )
    else:
        await send_html(context, message.chat_id, html_text, reply_markup=reply_markup)


async def _with_retries(method: Any, **kwargs: Any) -> Any:
    delay = 0.5
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await method(**kwargs)
        except Forbidden:
            raise
        except RetryAfter as exc:  # the rate limiter already waited; one more try after its delay
            if attempt == SEND_ATTEMPTS:
                raise
            retry = exc.retry_after
            await asyncio.sleep(retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry))
        except (TimedOut, NetworkError) as exc:
            if attempt == SEND_ATTEMPTS or "Bad Request" in str(exc):
                raise
            log.warning("network error sending (attempt %d): %s", attempt, exc)
            await asyncio.sleep(delay)
            delay *= 2
    return None


def locality_keyboard(options: list[Option], prefix: str) -> InlineKeyboardMarkup:
    """One button per plan; callback data is '<prefix>:<plan id>' (well under 64 bytes)."""
    rows = [[InlineKeyboardButton(short_label(o.label), callback_data=f"{prefix}:{o.plan_id}")] for o in options]
    return InlineKeyboardMarkup(rows)


def suggestion_keyboard(suggestions: list[Suggestion]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(s.text[:60], callback_data=f"sug:{s.key}")] for s in suggestions]
    return InlineKeyboardMarkup(rows)


def short_label(label: str) -> str:
    """'phường Nam Triệu (Hải Phòng), năm 2025' -> 'Phường Nam Triệu (Hải Phòng) – 2025'."""
    label = label.replace(", năm ", " – ")
    return label[:1].upper() + label[1:]
