"""group search index: what a search near a place asks of every published group, covered

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 05:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = [
    "review_state",
    "status",
    "format",
    "reach",
    "region_code",
    "latitude",
    "longitude",
    "address_withheld",
]


def upgrade() -> None:
    op.create_index("ix_groups_search_place", "groups", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_groups_search_place", table_name="groups")
