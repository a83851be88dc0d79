"""access control: issued tokens, revocations by token id, the disclosure audit

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:15:56.801523
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("disclosed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("token_id", sa.String(length=64), nullable=True),
        sa.Column("partner", sa.String(length=200), nullable=True),
        sa.Column("caller_kind", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=True),
        sa.Column("object_id", sa.String(length=200), nullable=False),
        sa.Column("object_type", sa.String(length=60), nullable=False),
        sa.Column("field", sa.String(length=80), nullable=False),
        sa.Column("region_code", sa.String(length=5), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disclosures_disclosed_at"), ["disclosed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_disclosures_object_id"), ["object_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_disclosures_partner"), ["partner"], unique=False)
        batch_op.create_index(batch_op.f("ix_disclosures_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_disclosures_token_id"), ["token_id"], unique=False)

    op.create_table(
        "issued_tokens",
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("region_code", sa.String(length=5), nullable=True),
        sa.Column("purpose", sa.String(length=40), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_issued_tokens")),
    )
    with op.batch_alter_table("issued_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issued_tokens_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_issued_tokens_subject"), ["subject"], unique=False)

    op.create_table(
        "token_revocations",
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_token_revocations")),
    )


def downgrade() -> None:
    op.drop_table("token_revocations")
    with op.batch_alter_table("issued_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_tokens_subject"))
        batch_op.drop_index(batch_op.f("ix_issued_tokens_expires_at"))

    op.drop_table("issued_tokens")
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosures_token_id"))
        batch_op.drop_index(batch_op.f("ix_disclosures_request_id"))
        batch_op.drop_index(batch_op.f("ix_disclosures_partner"))
        batch_op.drop_index(batch_op.f("ix_disclosures_object_id"))
        batch_op.drop_index(batch_op.f("ix_disclosures_disclosed_at"))

    op.drop_table("disclosures")
