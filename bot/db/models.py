"""Tables for the bot's durable state (SQLAlchemy 2 declarative, typed).

Portable across SQLite and PostgreSQL:

* timestamps are ``UTCDateTime``: callers pass timezone-aware datetimes, they are
  stored in UTC (``timestamptz`` on PostgreSQL, naive-UTC text on SQLite) and come
  back aware in UTC on both;
* enumerations are short strings guarded by CHECK constraints (``ROLES`` ...);
* surrogate ids are BIGINT on PostgreSQL and INTEGER (the rowid alias, so that it
  autoincrements) on SQLite;
* constraint names follow ``NAMING_CONVENTION`` so that migrations can refer to them.

The initial migration (``migrations/versions/0001_initial.py``) is written to match
this module; ``tests/test_migrations.py`` checks that they agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.mutable import MutableDict, MutableList
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("citizen", "staff", "official", "admin")
INVITE_ROLES = ("staff", "official")
SUBMISSION_STATUSES = ("draft", "confirmed")
REVIEW_STATUSES = ("pending", "accepted", "returned")
EVIDENCE_KINDS = ("photo", "document")
QUESTION_STATUSES = ("answered", "clarify", "unknown")
DELIVERY_STATUSES = ("sent", "failed", "blocked")
OUTBOX_STATUSES = ("pending", "sent", "failed", "blocked")
PLAN_DRAFT_STATUSES = ("draft", "published", "discarded")
#: the parts of the .docx report an official may write (bot/db/report_sections.py)
REPORT_SECTION_KEYS = ("direction", "pros_cons", "next_steps", "proposals")

#: BIGINT everywhere except SQLite, where only ``INTEGER PRIMARY KEY`` autoincrements.
BigIntId = BigInteger().with_variant(Integer(), "sqlite")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime, stored as UTC.

    Naive datetimes are refused: time comes from the injectable clock, which must
    give aware values, so a naive one is a bug worth failing loudly on.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass timezone-aware datetimes")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            # SQLite has no timezone support; store naive UTC text that sorts correctly.
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        dt.datetime: UTCDateTime(),
    }


def json_dict() -> JSON:
    """A JSON object column whose top-level changes (``d[k] = v``) are tracked."""
    return cast(JSON, MutableDict.as_mutable(JSON()))


def json_list() -> JSON:
    """A JSON array column whose in-place changes (``append`` ...) are tracked."""
    return cast(JSON, MutableList.as_mutable(JSON()))


class Unit(Base):
    """An organisation that reports (school, agency, commune ...), imported from rosters."""

    __tablename__ = "units"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(255), default="")
    username: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16), default="citizen", server_default="citizen")
    unit_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("units.id"), index=True)
    #: the plan an official is responsible for
    plan_id: Mapped[str | None] = mapped_column(String(64), index=True)
    #: the locality (plan) a citizen chose to ask about
    chosen_plan_id: Mapped[str | None] = mapped_column(String(64))
    #: false once Telegram answers 403 (the user blocked the bot)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class ProcessedUpdate(Base):
    """The inbox of Telegram updates: stored on arrival, claimed once when handled (bot/db/updates.py)."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    #: NULL until handled: the transaction that handles the update sets it
    processed_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    received_at: Mapped[dt.datetime] = mapped_column(index=True)
    #: the update as Telegram sent it, to handle it again after a crash
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Invite(Base):
    __tablename__ = "invites"
    __table_args__ = (CheckConstraint(_in("role", INVITE_ROLES), name="role"),)

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[str | None] = mapped_column(String(64), ForeignKey("units.id"))
    plan_id: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime | None]
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[dt.datetime | None]


class InviteAttempt(Base):
    """A wrong invite code typed by a user (for brute-force limiting)."""

    __tablename__ = "invite_attempts"
    __table_args__ = (Index("ix_invite_attempts_user_id_attempted_at", "user_id", "attempted_at"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    attempted_at: Mapped[dt.datetime]


class Submission(Base):
    """The current report of one unit for one plan."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("unit_id", "plan_id"),
        CheckConstraint(_in("status", SUBMISSION_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    unit_id: Mapped[str] = mapped_column(String(64), ForeignKey("units.id"))
    plan_id: Mapped[str] = mapped_column(String(64), index=True)
    form_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="draft", server_default="draft")
    #: 0 until first confirmed, then +1 per confirmation
    version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    confirmed_at: Mapped[dt.datetime | None]
    confirmed_by: Mapped[int | None] = mapped_column(BigInteger)
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: questions of the form that applied to the unit, and how many had an answer, at confirmation
    questions: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    answered: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    #: the officials' review of the current version: pending until accepted or returned
    review_status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    @property
    def complete(self) -> bool:
        return self.answered >= self.questions


class ReportReview(Base):
    """An official's decision on one version of a unit's report (accepted, or returned with a comment)."""

    __tablename__ = "report_reviews"
    __table_args__ = (
        CheckConstraint(_in("decision", REVIEW_STATUSES[1:]), name="decision"),
        Index("ix_report_reviews_submission_id_version", "submission_id", "version"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    submission_id: Mapped[int] = mapped_column(BigIntId, ForeignKey("submissions.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[int] = mapped_column(BigInteger)
    reviewed_at: Mapped[dt.datetime]


class Evidence(Base):
    """A photo or document staff sent with their unit's report: Telegram's ids and a local copy."""

    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("unit_id", "plan_id", "file_unique_id"),
        CheckConstraint(_in("kind", EVIDENCE_KINDS), name="kind"),
        Index("ix_evidence_plan_id_unit_id", "plan_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    unit_id: Mapped[str] = mapped_column(String(64), ForeignKey("units.id"))
    plan_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(128))
    file_name: Mapped[str | None] = mapped_column(String(255))
    mime_type: Mapped[str | None] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str | None] = mapped_column(Text)
    #: the copy of the bytes, relative to the evidence folder (EVIDENCE_DIR)
    path: Mapped[str] = mapped_column(String(512))
    #: the report version confirmed when it was sent (0: before the first confirmation)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime]


class SubmissionValue(Base):
    __tablename__ = "submission_values"
    #: covering index: the summary reads every figure of a plan from the index alone (half the time)
    __table_args__ = (
        Index("ix_submission_values_submission_id_indicator_key_value", "submission_id", "indicator_key", "value"),
    )

    submission_id: Mapped[int] = mapped_column(
        BigIntId, ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    indicator_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: NULL = explicitly "no figure"; a missing row = not answered
    value: Mapped[int | None] = mapped_column(BigInteger)


class SubmissionHistory(Base):
    """One row per indicator changed by a confirmation."""

    __tablename__ = "submission_history"
    __table_args__ = (Index("ix_submission_history_submission_id_version", "submission_id", "version"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    submission_id: Mapped[int] = mapped_column(BigIntId, ForeignKey("submissions.id", ondelete="CASCADE"))
    unit_id: Mapped[str] = mapped_column(String(64), ForeignKey("units.id"))
    indicator_key: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[int | None] = mapped_column(BigInteger)
    new_value: Mapped[int | None] = mapped_column(BigInteger)
    changed_by: Mapped[int | None] = mapped_column(BigInteger)
    changed_at: Mapped[dt.datetime]
    version: Mapped[int] = mapped_column(Integer)


class ReportDraft(Base):
    """The state of a user's unfinished report conversation."""

    __tablename__ = "report_drafts"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    unit_id: Mapped[str] = mapped_column(String(64), ForeignKey("units.id"))
    plan_id: Mapped[str] = mapped_column(String(64))
    step: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    #: answers so far; top-level assignment is tracked, nested mutation is not
    values: Mapped[dict[str, Any]] = mapped_column(json_dict(), default=dict)
    mode: Mapped[str] = mapped_column(String(32))
    pending_free_text: Mapped[dict[str, Any] | None] = mapped_column(json_dict())
    updated_at: Mapped[dt.datetime]


class QuestionLog(Base):
    """Questions asked, for the officials' daily digest."""

    __tablename__ = "question_log"
    __table_args__ = (CheckConstraint(_in("status", QUESTION_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    #: the asker's role when asking: the digest counts citizens' questions only
    asker_role: Mapped[str] = mapped_column(String(16), default="citizen", server_default="citizen")
    chat_type: Mapped[str] = mapped_column(String(16))
    plan_ids: Mapped[list[Any]] = mapped_column(json_list(), default=list)
    status: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[dt.datetime] = mapped_column(index=True)


class SummaryRun(Base):
    """A claimed daily summary for one plan (the claim makes it run once)."""

    __tablename__ = "summary_runs"

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    run_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    claimed_at: Mapped[dt.datetime]
    claimed_by: Mapped[str] = mapped_column(String(128))
    finished_at: Mapped[dt.datetime | None]


class SummaryDelivery(Base):
    __tablename__ = "summary_deliveries"
    __table_args__ = (
        ForeignKeyConstraint(
            ["plan_id", "run_date"],
            ["summary_runs.plan_id", "summary_runs.run_date"],
            ondelete="CASCADE",
        ),
        CheckConstraint(_in("status", DELIVERY_STATUSES), name="status"),
    )

    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    run_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    sent_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class Reminder(Base):
    """A deadline reminder already sent (claimed) for a unit on a day."""

    __tablename__ = "reminders"

    unit_id: Mapped[str] = mapped_column(String(64), ForeignKey("units.id"), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    remind_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    sent_at: Mapped[dt.datetime]


class OutboxMessage(Base):
    """A message the bot decided to send, written in the transaction that decided it (bot/outbox.py)."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_in("status", OUTBOX_STATUSES), name="status"),
        Index("ix_outbox_status_lease_until", "status", "lease_until"),
    )

    #: generated by the writer (time-ordered), so a batch needs no RETURNING
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    priority: Mapped[int] = mapped_column(SmallInteger, default=0, server_default=text("0"))
    method: Mapped[str] = mapped_column(String(16))
    #: text, buttons, reply_to, message_id / edit_of, filename
    payload: Mapped[dict[str, Any]] = mapped_column(json_dict(), default=dict)
    blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    created_at: Mapped[dt.datetime]
    #: the worker sending it, until when (a crashed worker's messages are taken over after this)
    owner: Mapped[str] = mapped_column(String(128))
    lease_until: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    #: Telegram's id of the sent message (later edits refer to it)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)


class Conversation(Base):
    """What the answering engine remembers of a chat (locality, topic, pending clarification)."""

    __tablename__ = "conversations"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    state: Mapped[dict[str, Any]] = mapped_column(json_dict(), default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(index=True)


class UserPrompt(Base):
    """What the bot is waiting for a user to type next, outside a report (a review comment, a
    section's text, corrections to a draft plan): kept in the database like every other state."""

    __tablename__ = "user_prompts"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(json_dict(), default=dict)
    created_at: Mapped[dt.datetime]


class ReportSectionText(Base):
    """One version of a section of a plan's .docx report, written by an official.

    Append-only: the current text of a section is its highest version; ``text`` NULL means
    "back to the text the bot pre-fills from the data".
    """

    __tablename__ = "report_sections"
    __table_args__ = (
        UniqueConstraint("plan_id", "section_key", "version"),
        CheckConstraint(_in("section_key", REPORT_SECTION_KEYS), name="section_key"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    section_key: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    author_name: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime]


class PlanDraft(Base):
    """A plan drafted from a document an admin sent in chat, until it is published or discarded."""

    __tablename__ = "plan_drafts"
    __table_args__ = (
        CheckConstraint(_in("status", PLAN_DRAFT_STATUSES), name="status"),
        Index("ix_plan_drafts_created_by_status", "created_by", "status"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int] = mapped_column(BigInteger)
    #: the file name the admin sent, and its text as read (the plan's `source_file`)
    document_name: Mapped[str] = mapped_column(String(255))
    source_text: Mapped[str] = mapped_column(Text)
    #: the plan in the knowledge-base schema (dates as ISO text); replaced whole on each correction
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="draft", server_default="draft")
    #: the plan version it became (when published)
    version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class PlanVersion(Base):
    """Every published version of a plan, never changed or deleted: the latest per plan is in service.

    `data` NULL: the plan was withdrawn (rolled back past its first version), so its YAML file in
    PLANS_DIR, if any, is in service again."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "version"),)

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    source_text: Mapped[str | None] = mapped_column(Text)
    document_name: Mapped[str | None] = mapped_column(String(255))
    draft_id: Mapped[int | None] = mapped_column(BigIntId, ForeignKey("plan_drafts.id"))
    #: a rollback copies an earlier version: which one
    restored_from: Mapped[int | None] = mapped_column(Integer)
    #: the admin's Telegram id; NULL when done from the command line
    published_by: Mapped[int | None] = mapped_column(BigInteger)
    published_at: Mapped[dt.datetime]


class CatalogState(Base):
    """One row: the catalogue version every worker polls (bumped by a publish, a rollback or
    `run_bot.py reload`), and the last catalogue problem reported to the admins (reported once)."""

    __tablename__ = "catalog_state"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    changed_at: Mapped[dt.datetime | None]
    problem_digest: Mapped[str | None] = mapped_column(String(64))
