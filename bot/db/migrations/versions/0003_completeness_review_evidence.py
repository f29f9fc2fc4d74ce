"""Reports: completeness (questions, answered), review (status, decisions), evidence files, and
what the bot waits for a user to type (user_prompts).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigIntId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("questions", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch.add_column(sa.Column("answered", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch.add_column(sa.Column("review_status", sa.String(length=16), server_default="pending", nullable=False))
    # Reports confirmed before this revision: count what they answered; the form had that many questions.
    op.execute(
        "UPDATE submissions SET "
        "answered = (SELECT COUNT(*) FROM submission_values v WHERE v.submission_id = submissions.id "
        "AND v.value IS NOT NULL), "
        "questions = (SELECT COUNT(*) FROM submission_values v WHERE v.submission_id = submissions.id)"
    )
    op.create_table(
        "report_reviews",
        sa.Column("id", BigIntId, autoincrement=True, nullable=False),
        sa.Column("submission_id", BigIntId, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.BigInteger(), nullable=False),
        _ts("reviewed_at"),
        sa.CheckConstraint("decision IN ('accepted', 'returned')", name=op.f("ck_report_reviews_decision")),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_report_reviews_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_reviews")),
    )
    op.create_index("ix_report_reviews_submission_id_version", "report_reviews", ["submission_id", "version"])
    op.create_table(
        "evidence",
        sa.Column("id", BigIntId, autoincrement=True, nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("file_unique_id", sa.String(length=128), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("mime_type", sa.String(length=128), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("path", sa.String(length=512), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _ts("created_at"),
        sa.CheckConstraint("kind IN ('photo', 'document')", name=op.f("ck_evidence_kind")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_evidence_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint(
            "unit_id", "plan_id", "file_unique_id", name=op.f("uq_evidence_unit_id_plan_id_file_unique_id")
        ),
    )
    op.create_index("ix_evidence_plan_id_unit_id", "evidence", ["plan_id", "unit_id"])
    op.create_table(
        "user_prompts",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_prompts")),
    )


def downgrade() -> None:
    op.drop_table("user_prompts")
    op.drop_index("ix_evidence_plan_id_unit_id", table_name="evidence")
    op.drop_table("evidence")
    op.drop_index("ix_report_reviews_submission_id_version", table_name="report_reviews")
    op.drop_table("report_reviews")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("review_status")
        batch.drop_column("answered")
        batch.drop_column("questions")
