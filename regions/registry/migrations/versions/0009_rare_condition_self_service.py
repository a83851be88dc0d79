"""rare-condition entries by self-service: review state, version, notice, management key, times

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 22:50:00

Entries made before self-service are PUBLISHED (they were public), at version 1.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = ("SUBMITTED", "IN_REVIEW", "PUBLISHED", "REJECTED", "WITHDRAWN")


def upgrade() -> None:
    with op.batch_alter_table("rare_condition_searches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "review_state",
                sa.Enum(*STATES, name="reviewstate", native_enum=False, length=20),
                server_default="PUBLISHED",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("notice_version", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("management_key_hash", sa.String(length=64), nullable=True))
        for name in ("submitted_at", "decided_at", "renewed_at", "withdrawn_at"):
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reject_reason", sa.Text(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_rare_condition_searches_review_state"), ["review_state"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("rare_condition_searches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rare_condition_searches_review_state"))
        for name in (
            "reject_reason",
            "withdrawn_at",
            "renewed_at",
            "decided_at",
            "submitted_at",
            "management_key_hash",
            "notice_version",
            "version",
            "review_state",
        ):
            batch_op.drop_column(name)
