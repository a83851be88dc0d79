"""write path: group versions, digital-group registrations, the change log, idempotent results

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))

    op.create_table(
        "group_registrations",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("tool", sa.String(length=20), nullable=False),
        sa.Column("meeting_minutes", sa.Integer(), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("no_professional_leadership", sa.Boolean(), nullable=False),
        sa.Column("not_commercial", sa.Boolean(), nullable=False),
        sa.Column("discloses_funding", sa.Boolean(), nullable=False),
        sa.Column("neutral", sa.Boolean(), nullable=False),
        sa.Column("confidentiality_agreed", sa.Boolean(), nullable=False),
        sa.Column("notice_version", sa.String(length=40), nullable=False),
        sa.Column("management_key_hash", sa.String(length=64), nullable=False),
        sa.Column("contact_point_asked", sa.Boolean(), nullable=False),
        sa.Column("organisation_asked", sa.Boolean(), nullable=False),
        sa.Column("website_checked", sa.Boolean(), nullable=False),
        sa.Column("reviewer_notes", sa.Text(), nullable=True),
        sa.Column("reject_reason", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("review_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_group_registrations_group_id_groups")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_group_registrations_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_group_registrations")),
    )
    with op.batch_alter_table("group_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_registrations_submitted_at"), ["submitted_at"], unique=False
        )

    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("token_id", sa.String(length=64), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("caller_kind", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=True),
        sa.Column("subject_id", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        for column in ("at", "request_id", "token_id", "actor", "subject_id"):
            batch_op.create_index(batch_op.f(f"ix_change_log_{column}"), [column], unique=False)

    op.create_table(
        "mutation_results",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("caller_key", sa.String(length=200), nullable=False),
        sa.Column("mutation", sa.String(length=60), nullable=False),
        sa.Column("client_mutation_id", sa.String(length=100), nullable=False),
        sa.Column("subject_id", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mutation_results")),
        sa.UniqueConstraint(
            "caller_key", "mutation", "client_mutation_id", name="uq_mutation_results"
        ),
    )


def downgrade() -> None:
    op.drop_table("mutation_results")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        for column in ("subject_id", "actor", "token_id", "request_id", "at"):
            batch_op.drop_index(batch_op.f(f"ix_change_log_{column}"))
    op.drop_table("change_log")
    with op.batch_alter_table("group_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_registrations_submitted_at"))
    op.drop_table("group_registrations")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("version")
