"""Sending to many chats within Telegram's limits, free of Telegram types.

The transport (in `handlers/officials.py`) turns each Bot API call into `send(chat_id, html,
buttons)` / `send_photo(chat_id, png, caption)` and maps its errors onto the exceptions
below. `PacedSender` then paces (≈30 messages/s overall, at most one per second per chat),
retries rate limits (429) and network errors, and reports a blocked user (403) once so the
caller marks them inactive.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Button:
    """An inline button: a callback (`data`) or a link (`url`)."""

    text: str
    data: str | None = None
    url: str | None = None


class RecipientBlocked(Exception):
    """403: the user blocked the bot (or the chat is gone); never retry."""


class RateLimited(Exception):
    """429: retry after `retry_after` seconds."""

    def __init__(self, retry_after: float, message: str = "") -> None:
        super().__init__(message or f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


class TransientSendError(Exception):
    """A network problem or timeout: worth retrying."""


class Transport(Protocol):
    async def send(self, chat_id: int, html: str, buttons: Sequence[Button] | None) -> None: ...

    async def send_photo(self, chat_id: int, png: bytes, caption: str) -> None: ...


@dataclass(frozen=True)
class Outgoing:
    """One recipient's message: HTML chunks (buttons on the last) and an optional photo after them."""

    chat_id: int
    chunks: tuple[str, ...]
    buttons: tuple[Button, ...] = ()
    photo: bytes | None = None
    caption: str = ""


@dataclass
class Outcome:
    chat_id: int
    status: str  # sent | failed | blocked
    error: str | None = None
    attempts: int = 0


@dataclass
class _Pacer:
    rate: float
    per_chat: float
    monotonic: Callable[[], float]
    sleep: Callable[[float], Awaitable[None]]
    _next_global: float = 0.0
    _next_chat: dict[int, float] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def wait(self, chat_id: int) -> None:
        """Reserve the next free slot for this chat (global spacing and per-chat spacing), then sleep to it."""
        async with self._lock:
            now = self.monotonic()
            slot = max(now, self._next_global, self._next_chat.get(chat_id, 0.0))
            self._next_global = slot + 1.0 / self.rate
            self._next_chat[chat_id] = slot + self.per_chat
        if slot > now:
            await self.sleep(slot - now)

    def hold_chat(self, chat_id: int, seconds: float) -> None:
        """After a 429, keep this chat quiet for `seconds`."""
        self._next_chat[chat_id] = max(self._next_chat.get(chat_id, 0.0), self.monotonic() + seconds)


class PacedSender:
    """Send to many chats concurrently but paced; see the module docstring."""

    def __init__(
        self,
        transport: Transport,
        *,
        rate: float = 30.0,
        per_chat_interval: float = 1.0,
        attempts: int = 5,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        concurrency: int = 30,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self.attempts = attempts
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.concurrency = concurrency
        self._sleep = sleep
        self._pacer = _Pacer(rate, per_chat_interval, monotonic, sleep)

    async def _call(self, chat_id: int, call: Callable[[], Awaitable[None]]) -> int:
        """One API call with retries; returns the attempts used. Raises the last error."""
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            await self._pacer.wait(chat_id)
            try:
                await call()
                return attempt
            except RecipientBlocked:
                raise
            except RateLimited as exc:
                if attempt == self.attempts:
                    raise
                wait = min(max(exc.retry_after, 0.0), self.max_retry_after)
                log.info("429 for chat %s: waiting %.1fs (attempt %d)", chat_id, wait, attempt)
                self._pacer.hold_chat(chat_id, wait)
            except TransientSendError as exc:
                if attempt == self.attempts:
                    raise
                log.warning("network error sending to %s (attempt %d): %s", chat_id, attempt, exc)
                await self._sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    async def deliver(self, message: Outgoing) -> Outcome:
        """Send one recipient's chunks in order, then the photo. The delivery counts as sent once
        the text is sent: a failed photo is logged, not retried later (that would repeat the text)."""
        attempts = 0
        try:
            for index, chunk in enumerate(message.chunks):
                buttons = message.buttons if index == len(message.chunks) - 1 else ()

                async def send_chunk(chunk: str = chunk, buttons: tuple[Button, ...] = buttons) -> None:
                    await self.transport.send(message.chat_id, chunk, buttons or None)

                attempts += await self._call(message.chat_id, send_chunk)
        except RecipientBlocked as exc:
            return Outcome(message.chat_id, "blocked", str(exc) or "blocked", attempts + 1)
        except (RateLimited, TransientSendError) as exc:
            return Outcome(message.chat_id, "failed", f"{type(exc).__name__}: {exc}", attempts + self.attempts)
        except Exception as exc:  # a permanent error (bad request...): not retried now
            log.exception("could not send to chat %s", message.chat_id)
            return Outcome(message.chat_id, "failed", f"{type(exc).__name__}: {exc}", attempts + 1)
        if message.photo is not None:
            photo = message.photo
            try:
                await self._call(
                    message.chat_id, lambda: self.transport.send_photo(message.chat_id, photo, message.caption)
                )
            except Exception as exc:
                log.warning("chart not sent to %s: %s", message.chat_id, exc)
        return Outcome(message.chat_id, "sent", None, attempts)

    async def deliver_many(
        self,
        messages: Sequence[Outgoing],
        on_result: Callable[[Outcome], Awaitable[None]] | None = None,
    ) -> list[Outcome]:
        """Deliver to every recipient (at most `concurrency` at once, paced); `on_result` is
        awaited as each finishes, so the caller can record it before the next retry could start."""
        semaphore = asyncio.Semaphore(self.concurrency)

        async def one(message: Outgoing) -> Outcome:
            async with semaphore:
                outcome = await self.deliver(message)
            if on_result is not None:
                await on_result(outcome)
            return outcome

        return list(await asyncio.gather(*(one(message) for message in messages)))
