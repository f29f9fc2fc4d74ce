"""Configuration from environment variables (and an optional `.env` file), validated at start.

Every wrong value is reported with the variable's name and what is expected, so an
operator can fix the deployment without reading code.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.cache import DiskCache

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/bot.sqlite3"
DEFAULT_UNITS_FILE = Path(__file__).resolve().parents[1] / "knowledge" / "units.yaml"
ENV_FILE = Path(__file__).resolve().parents[1] / ".env"


class ConfigError(Exception):
    """Configuration problems, one per line, ready to print."""


class Settings(BaseSettings):
    # `.env` next to run_bot.py, wherever the bot is started from (as the README says)
    model_config = SettingsConfigDict(env_file=ENV_FILE, env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str | None = Field(None, alias="TELEGRAM_API_BASE_URL")
    database_url: str = Field(DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    #: PostgreSQL only: the schema the bot's tables live in (several deployments on one database)
    database_schema: str | None = Field(None, alias="DATABASE_SCHEMA")
    bot_admins: Annotated[list[int], NoDecode] = Field(default_factory=list, alias="BOT_ADMINS")
    bot_timezone: str = Field("Asia/Ho_Chi_Minh", alias="BOT_TIMEZONE")
    webhook_url: str | None = Field(None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(None, alias="WEBHOOK_SECRET")
    port: int = Field(8080, alias="PORT", ge=1, le=65535)
    listen: str = Field("0.0.0.0", alias="LISTEN_ADDRESS")
    log_level: str = Field("INFO", alias="LOG_LEVEL")
    summary_time: dt.time = Field(dt.time(17, 0), alias="SUMMARY_TIME")
    summary_days_after_deadline: int = Field(7, alias="SUMMARY_DAYS_AFTER_DEADLINE", ge=0, le=365)
    reminder_days: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [3, 1], alias="REMINDER_DAYS")
    plans_dir: str | None = Field(None, alias="PLANS_DIR")
    #: the roster copied into the units table at start-up; empty: none (units come from `units import`)
    units_file: str = Field(str(DEFAULT_UNITS_FILE), alias="UNITS_FILE")
    rate_limit_per_second: float = Field(30.0, alias="RATE_LIMIT_PER_SECOND", ge=0)  # 0: no overall limit
    evidence_dir: str = Field("./data/evidence", alias="EVIDENCE_DIR")
    #: the parsed plans and the answering index kept between starts (bot/cache.py); empty: not kept
    cache_dir: str = Field("./data/cache", alias="CACHE_DIR")
    updates_keep_days: float = Field(3.0, alias="UPDATES_KEEP_DAYS", gt=0, le=365)
    outbox_keep_days: float = Field(7.0, alias="OUTBOX_KEEP_DAYS", gt=0, le=365)
    conversation_minutes: float = Field(30.0, alias="CONVERSATION_MINUTES", gt=0, le=7 * 24 * 60)

    @field_validator("telegram_bot_token")
    @classmethod
    def _token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"\d+:[A-Za-z0-9_-]{20,}", value.get_secret_value()):
            raise ValueError("must look like '123456789:AA...' (the token @BotFather gives)")
        return value

    @field_validator("telegram_api_base_url", "webhook_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL, e.g. http://127.0.0.1:8081/bot")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        from bot.db.session import normalise_url

        try:
            normalise_url(value)
        except ValueError as exc:
            raise ValueError(f"{exc}, e.g. sqlite:///data/bot.sqlite3 or postgresql://user:password@host/db") from None
        except Exception:
            raise ValueError(
                "is not a database URL, e.g. sqlite:///data/bot.sqlite3 or postgresql://user:password@host/db"
            ) from None
        return value

    @model_validator(mode="after")
    def _schema_needs_postgresql(self) -> Settings:
        if self.database_schema and not self.database_url.strip().lower().startswith("postgres"):
            raise ValueError("DATABASE_SCHEMA: only PostgreSQL has schemas; leave it empty for SQLite")
        return self

    @field_validator("database_schema")
    @classmethod
    def _schema(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", value):
            raise ValueError("must be a PostgreSQL schema name: letters, digits and '_', not starting with a digit")
        return value

    @field_validator("bot_admins", mode="before")
    @classmethod
    def _admins(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            bad = [p for p in parts if not p.isdigit()]
            if bad:
                raise ValueError(f"must be comma-separated Telegram user ids (numbers); not: {', '.join(bad)}")
            return [int(p) for p in parts]
        return value

    @field_validator("reminder_days", mode="before")
    @classmethod
    def _reminders(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(p.isdigit() for p in parts):
                raise ValueError("must be comma-separated whole numbers of days, e.g. 3,1")
            return sorted({int(p) for p in parts}, reverse=True)
        return value

    @field_validator("bot_timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}' (e.g. Asia/Ho_Chi_Minh)") from None
        return value

    @field_validator("summary_time", mode="before")
    @classmethod
    def _time(cls, value: object) -> object:
        if isinstance(value, str):
            match = re.fullmatch(r"(\d{1,2})[:h](\d{2})", value.strip())
            if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
                raise ValueError("must be a time of day HH:MM, e.g. 17:00")
            return dt.time(int(match.group(1)), int(match.group(2)))
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.bot_timezone)

    @property
    def units_path(self) -> Path | None:
        return Path(self.units_file) if self.units_file.strip() else None

    @property
    def cache_path(self) -> Path | None:
        return Path(self.cache_dir) if self.cache_dir.strip() else None

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def base_file_url(self) -> str | None:
        """The file URL matching a self-hosted base URL ('…/bot' → '…/file/bot')."""
        if not self.telegram_api_base_url:
            return None
        base = self.telegram_api_base_url
        head, _, tail = base.rpartition("/")
        return f"{head}/file/{tail}" if tail else f"{base}/file"


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            if not error["loc"]:  # a rule across variables: its message names them
                lines.append(error["msg"].removeprefix("Value error, "))
                continue
            field = str(error["loc"][0])
            name = Settings.model_fields[field].alias if field in Settings.model_fields else field
            lines.append(f"{name}: {error['msg'].removeprefix('Value error, ')}")
        raise ConfigError("\n".join(lines)) from None


def configured_cache() -> DiskCache | None:
    """CACHE_DIR (environment or .env, default ./data/cache) for the command-line tools; None when
    it is set empty. The tools need no token, so a configuration the bot would refuse still gives it."""
    try:
        path = Settings().cache_path  # type: ignore[call-arg]
    except ValidationError:
        chosen = os.environ.get("CACHE_DIR", Settings.model_fields["cache_dir"].default)
        path = Path(chosen) if chosen.strip() else None
    return DiskCache(path) if path is not None else None


def configured_plans_dir(default: Path) -> Path:
    """PLANS_DIR (environment or .env) when set, else `default`: the command-line tools' default."""
    try:
        chosen = Settings().plans_dir  # type: ignore[call-arg]
    except ValidationError:
        chosen = os.environ.get("PLANS_DIR")
    return Path(chosen) if chosen else default
