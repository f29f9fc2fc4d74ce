"""Outbox (every message to send, recorded with the change that caused it), chat conversations, the asker's
role in the question log, and processed_updates as the inbox of updates (stored on arrival, claimed when handled).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("processed_updates") as batch:
        batch.add_column(sa.Column("received_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("payload", sa.JSON(), nullable=True))
    op.execute("UPDATE processed_updates SET received_at = processed_at")
    with op.batch_alter_table("processed_updates") as batch:
        batch.alter_column("received_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.alter_column("processed_at", existing_type=sa.DateTime(timezone=True), nullable=True)
    op.create_index(op.f("ix_processed_updates_received_at"), "processed_updates", ["received_at"])
    with op.batch_alter_table("question_log") as batch:
        batch.add_column(sa.Column("asker_role", sa.String(length=16), server_default="citizen", nullable=False))

    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("priority", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        _ts("created_at"),
        sa.Column("owner", sa.String(length=128), nullable=False),
        _ts("lease_until"),
        _ts("sent_at", nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed', 'blocked')", name=op.f("ck_outbox_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index("ix_outbox_status_lease_until", "outbox", ["status", "lease_until"])
    op.create_table(
        "conversations",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_conversations")),
    )
    op.create_index(op.f("ix_conversations_updated_at"), "conversations", ["updated_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_conversations_updated_at"), table_name="conversations")
    op.drop_table("conversations")
    op.drop_index("ix_outbox_status_lease_until", table_name="outbox")
    op.drop_table("outbox")
    with op.batch_alter_table("question_log") as batch:
        batch.drop_column("asker_role")
    op.drop_index(op.f("ix_processed_updates_received_at"), table_name="processed_updates")
    op.execute("DELETE FROM processed_updates WHERE processed_at IS NULL")
    with op.batch_alter_table("processed_updates") as batch:
        batch.alter_column("processed_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.drop_column("payload")
        batch.drop_column("received_at")
