"""Plans published in chat: drafts, every published version (who, when), and the catalogue version
each worker polls to reload the plans without a restart.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigIntId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "plan_drafts",
        sa.Column("id", BigIntId, autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("document_name", sa.String(length=255), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="draft", nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        sa.CheckConstraint("status IN ('draft', 'published', 'discarded')", name=op.f("ck_plan_drafts_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_drafts")),
    )
    op.create_index("ix_plan_drafts_created_by_status", "plan_drafts", ["created_by", "status"])
    op.create_table(
        "plan_versions",
        sa.Column("id", BigIntId, autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.Column("document_name", sa.String(length=255), nullable=True),
        sa.Column("draft_id", BigIntId, nullable=True),
        sa.Column("restored_from", sa.Integer(), nullable=True),
        sa.Column("published_by", sa.BigInteger(), nullable=True),
        _ts("published_at"),
        sa.ForeignKeyConstraint(["draft_id"], ["plan_drafts.id"], name=op.f("fk_plan_versions_draft_id_plan_drafts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("plan_id", "version", name=op.f("uq_plan_versions_plan_id_version")),
    )
    state = op.create_table(
        "catalog_state",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        _ts("changed_at", nullable=True),
        sa.Column("problem_digest", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_state")),
    )
    op.bulk_insert(state, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("catalog_state")
    op.drop_table("plan_versions")
    op.drop_index("ix_plan_drafts_created_by_status", table_name="plan_drafts")
    op.drop_table("plan_drafts")
