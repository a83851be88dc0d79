"""group listing index: (review_state, status), so counting the listed groups reads the index

Revision ID: 0015
Revises: 0010
Create Date: 2026-12-01 02:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_groups_review_state_status", "groups", ["review_state", "status"])


def downgrade() -> None:
    op.drop_index("ix_groups_review_state_status", table_name="groups")
