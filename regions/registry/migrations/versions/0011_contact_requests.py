"""contact mediation: contact requests (their own mail outbox) and blocked senders

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 02:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject_id", sa.String(length=200), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("subject_key", sa.String(length=40), nullable=False),
        sa.Column("sender_hash", sa.String(length=64), nullable=True),
        sa.Column("reply_to", sa.String(length=254), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("abuse_token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("abuse_reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_requests")),
        sa.UniqueConstraint("message_id", name=op.f("uq_contact_requests_message_id")),
        sa.UniqueConstraint("abuse_token_hash", name=op.f("uq_contact_requests_abuse_token_hash")),
    )
    op.create_index("ix_contact_requests_sender", "contact_requests", ["sender_hash", "created_at"])
    op.create_index(
        "ix_contact_requests_recipient", "contact_requests", ["subject_id", "created_at"]
    )
    op.create_index(op.f("ix_contact_requests_created_at"), "contact_requests", ["created_at"])
    op.create_index(
        op.f("ix_contact_requests_next_attempt_at"), "contact_requests", ["next_attempt_at"]
    )
    op.create_table(
        "contact_blocks",
        sa.Column("sender_hash", sa.String(length=64), nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("contact_request_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("sender_hash", name=op.f("pk_contact_blocks")),
    )


def downgrade() -> None:
    op.drop_table("contact_blocks")
    op.drop_index(op.f("ix_contact_requests_next_attempt_at"), table_name="contact_requests")
    op.drop_index(op.f("ix_contact_requests_created_at"), table_name="contact_requests")
    op.drop_index("ix_contact_requests_recipient", table_name="contact_requests")
    op.drop_index("ix_contact_requests_sender", table_name="contact_requests")
    op.drop_table("contact_requests")
