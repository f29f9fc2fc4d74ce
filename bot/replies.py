"""The one reply type of the core: what a desk answers, before the chat layer sends it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.buttons import Keyboard


@dataclass(frozen=True)
class Reply:
    text: str  # Telegram HTML: everything the user typed is escaped
    buttons: Keyboard = ()
    #: the outbox id this message gets, so that a later Reply can edit it (a report's summary)
    record_id: int | None = None
    #: instead of a new message: replace the text of the message sent with this outbox id
    edit_of: int | None = None
