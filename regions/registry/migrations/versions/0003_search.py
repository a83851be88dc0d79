"""search: postal-code centroids, topic vocabulary stems, full-text indexes, place indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from regions.sources.search.fulltext import create_statements

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One full-text index per kind of record (regions.registry.search_index fills them).
INDEXES = (
    "search_groups",
    "search_organisations",
    "search_contact_points",
    "search_rare_condition_searches",
)


def upgrade() -> None:
    op.create_table(
        "postal_codes",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("region_code", sa.String(length=5), nullable=True),
        sa.Column("town", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_postal_codes_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_postal_codes")),
    )
    op.create_table(
        "topic_term_stems",
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("term_no", sa.Integer(), nullable=False),
        sa.Column("stem", sa.String(length=80), nullable=False),
        sa.Column("stems_in_term", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_topic_term_stems_topic_id_topics")
        ),
        sa.PrimaryKeyConstraint("topic_id", "term_no", "stem", name=op.f("pk_topic_term_stems")),
    )
    op.create_index(op.f("ix_topic_term_stems_stem"), "topic_term_stems", ["stem"])
    op.create_index(op.f("ix_groups_latitude"), "groups", ["latitude"])
    op.create_index(op.f("ix_contact_points_latitude"), "contact_points", ["latitude"])
    dialect = op.get_bind().dialect.name
    for index in INDEXES:
        for statement in create_statements(dialect, index):
            op.execute(statement)


def downgrade() -> None:
    for index in INDEXES:
        op.execute(f"DROP TABLE {index}")
    op.drop_index(op.f("ix_contact_points_latitude"), table_name="contact_points")
    op.drop_index(op.f("ix_groups_latitude"), table_name="groups")
    op.drop_index(op.f("ix_topic_term_stems_stem"), table_name="topic_term_stems")
    op.drop_table("topic_term_stems")
    op.drop_table("postal_codes")
