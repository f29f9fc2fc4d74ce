"""Telegram handlers: translate updates to calls of the core in `bot/` and back."""
