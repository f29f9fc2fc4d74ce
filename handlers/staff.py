"""Telegram handlers for staff reports, invites and registration (issue 4)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ContextTypes


def register(application: Application) -> None:
    """Add this module's handlers; called before the citizens' handlers are added."""


async def handle_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Give staff text (a report step, figures typed freely) to the report flow.

    Returns True when the message was consumed here, False to treat it as a citizen's question."""
    return False
