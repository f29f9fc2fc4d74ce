"""Initial schema: users, idempotence, rosters, invites, submissions, drafts,
question log, summary runs/deliveries and reminders.

Revision ID: 0001
Revises:
Create Date: 2025-11-22

Written to match bot/db/models.py as of this revision (tests/test_migrations.py
checks that the two agree). Timestamps are plain ``DateTime(timezone=True)`` here:
the models' ``UTCDateTime`` only adds Python-side conversion.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# BIGINT, but INTEGER on SQLite so that the primary key is the autoincrementing rowid.
BigIntId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
    )
    op.create_index(op.f("ix_units_plan_id"), "units", ["plan_id"])

    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("first_name", sa.String(length=255), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("role", sa.String(length=16), server_default="citizen", nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.Column("plan_id", sa.String(length=64), nullable=True),
        sa.Column("chosen_plan_id", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.CheckConstraint("role IN ('citizen', 'staff', 'official', 'admin')", name=op.f("ck_users_role")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_users_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    op.create_index(op.f("ix_users_plan_id"), "users", ["plan_id"])
    op.create_index(op.f("ix_users_unit_id"), "users", ["unit_id"])

    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _ts("processed_at"),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_processed_updates")),
    )
    op.create_index(op.f("ix_processed_updates_processed_at"), "processed_updates", ["processed_at"])

    op.create_table(
        "invites",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.Column("plan_id", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        _ts("created_at"),
        _ts("expires_at", nullable=True),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        _ts("used_at", nullable=True),
        sa.CheckConstraint("role IN ('staff', 'official')", name=op.f("ck_invites_role")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_invites_unit_id_units")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_invites")),
    )

    op.create_table(
        "invite_attempts",
        sa.Column("id", BigIntId, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        _ts("attempted_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite_attempts")),
    )
    op.create_index("ix_invite_attempts_user_id_attempted_at", "invite_attempts", ["user_id", "attempted_at"])

    op.create_table(
        "submissions",
        sa.Column("id", BigIntId, autoincrement=True, nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="draft", nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _ts("confirmed_at", nullable=True),
        sa.Column("confirmed_by", sa.BigInteger(), nullable=True),
        sa.Column("late", sa.Boolean(), server_default=sa.false(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.CheckConstraint("status IN ('draft', 'confirmed')", name=op.f("ck_submissions_status")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_submissions_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("unit_id", "plan_id", name=op.f("uq_submissions_unit_id_plan_id")),
    )
    op.create_index(op.f("ix_submissions_plan_id"), "submissions", ["plan_id"])

    op.create_table(
        "submission_values",
        sa.Column("submission_id", BigIntId, nullable=False),
        sa.Column("indicator_key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_values_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("submission_id", "indicator_key", name=op.f("pk_submission_values")),
    )

    op.create_table(
        "submission_history",
        sa.Column("id", BigIntId, autoincrement=True, nullable=False),
        sa.Column("submission_id", BigIntId, nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("indicator_key", sa.String(length=64), nullable=False),
        sa.Column("old_value", sa.BigInteger(), nullable=True),
        sa.Column("new_value", sa.BigInteger(), nullable=True),
        sa.Column("changed_by", sa.BigInteger(), nullable=True),
        _ts("changed_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_submission_history_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_submission_history_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_history")),
    )
    op.create_index("ix_submission_history_submission_id_version", "submission_history", ["submission_id", "version"])

    op.create_table(
        "report_drafts",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("step", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("mode", sa.String(length=32), nullable=False),
        sa.Column("pending_free_text", sa.JSON(), nullable=True),
        _ts("updated_at"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_report_drafts_unit_id_units")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_report_drafts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_report_drafts")),
    )

    op.create_table(
        "question_log",
        sa.Column("id", BigIntId, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("chat_type", sa.String(length=16), nullable=False),
        sa.Column("plan_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        _ts("asked_at"),
        sa.CheckConstraint("status IN ('answered', 'clarify', 'unknown')", name=op.f("ck_question_log_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_log")),
    )
    op.create_index(op.f("ix_question_log_asked_at"), "question_log", ["asked_at"])

    op.create_table(
        "summary_runs",
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("run_date", sa.Date(), nullable=False),
        _ts("claimed_at"),
        sa.Column("claimed_by", sa.String(length=128), nullable=False),
        _ts("finished_at", nullable=True),
        sa.PrimaryKeyConstraint("plan_id", "run_date", name=op.f("pk_summary_runs")),
    )

    op.create_table(
        "summary_deliveries",
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("run_date", sa.Date(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _ts("sent_at", nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('sent', 'failed', 'blocked')", name=op.f("ck_summary_deliveries_status")),
        sa.ForeignKeyConstraint(
            ["plan_id", "run_date"],
            ["summary_runs.plan_id", "summary_runs.run_date"],
            name=op.f("fk_summary_deliveries_plan_id_run_date_summary_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", "run_date", "user_id", name=op.f("pk_summary_deliveries")),
    )

    op.create_table(
        "reminders",
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("remind_date", sa.Date(), nullable=False),
        _ts("sent_at"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_reminders_unit_id_units")),
        sa.PrimaryKeyConstraint("unit_id", "plan_id", "remind_date", name=op.f("pk_reminders")),
    )


def downgrade() -> None:
    for table in (
        "reminders",
        "summary_deliveries",
        "summary_runs",
        "question_log",
        "report_drafts",
        "submission_history",
        "submission_values",
        "submissions",
        "invite_attempts",
        "invites",
        "processed_updates",
        "users",
        "units",
    ):
        op.drop_table(table)
