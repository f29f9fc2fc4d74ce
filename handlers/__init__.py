"""Telegram handlers: translate updates to calls of the core in `bot/` and back."""

import os

# Opt in to python-telegram-bot's coming behaviour (RetryAfter.retry_after as a timedelta);
# our code handles both forms, and this silences the deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")
