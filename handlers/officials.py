"""Telegram handlers and scheduled jobs for officials: summaries, reminders, exports (issue 5)."""

from __future__ import annotations

from telegram.ext import Application


def register(application: Application) -> None:
    """Add this module's handlers and jobs; called before the citizens' handlers are added."""
