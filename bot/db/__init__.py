"""Durable state: SQLAlchemy models, the Database/transaction wrapper, Alembic
migrations and small generic repository helpers. Knows nothing of Telegram."""

from bot.db.session import DEFAULT_URL, Database, normalise_url

__all__ = ["DEFAULT_URL", "Database", "normalise_url"]
