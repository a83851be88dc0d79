"""disclosure audit: a trusted proxy's request id, kept beside the server's own

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 20:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a nullable column: added in place, also on SQLite (no copy of the audit table)
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proxy_request_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.drop_column("proxy_request_id")
