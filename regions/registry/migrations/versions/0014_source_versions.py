"""source versions: one counter per source, bumped by every committed write (response cache)

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-01 02:10:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "source_versions",
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_source_versions")),
    )
    # a random start: a registry built again (demo data, a restore) never reuses the
    # versions of one before it, so no cached answer (Redis) of that one is served for it
    op.bulk_insert(table, [{"source": "registry", "version": secrets.randbits(48) << 8}])


def downgrade() -> None:
    op.drop_table("source_versions")
