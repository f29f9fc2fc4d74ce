"""Report sections: the texts officials write for parts I, II.2, III and IV of the .docx report.

Revision ID: 0004
Revises: 0003
Create Date: 2025-12-02

Append-only versions per (plan, section); matches ``ReportSectionText`` in bot/db/models.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigIntId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "report_sections",
        sa.Column("id", BigIntId, autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("section_key", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("author_name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "section_key IN ('direction', 'pros_cons', 'next_steps', 'proposals')",
            name=op.f("ck_report_sections_section_key"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_sections")),
        sa.UniqueConstraint(
            "plan_id", "section_key", "version", name=op.f("uq_report_sections_plan_id_section_key_version")
        ),
    )


def downgrade() -> None:
    op.drop_table("report_sections")
