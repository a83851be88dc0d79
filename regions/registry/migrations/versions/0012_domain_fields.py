"""domain fields: contact-point kind and services, coordination-office hours, organisation level
and umbrella kind, group-to-organisation link and the digital-group fields

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-01 02:20:00

Every new column is nullable or has a server default: existing rows stay valid (organisations
are nationwide, BUND, until told otherwise).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def contact_point_columns() -> tuple[sa.Column, ...]:
    return (
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("services", sa.String(length=200), server_default="", nullable=False),
        sa.Column("equipment", sa.Text(), server_default="", nullable=False),
        sa.Column("by_appointment", sa.Boolean(), nullable=True),
        sa.Column("accessibility_note", sa.String(length=200), nullable=True),
        sa.Column("languages", sa.String(length=40), nullable=True),
        sa.Column("fees_note", sa.String(length=200), nullable=True),
    )


def organisation_columns() -> tuple[sa.Column, ...]:
    return (
        sa.Column("level", sa.String(length=10), server_default="BUND", nullable=False),
        sa.Column("umbrella_kind", sa.String(length=20), nullable=True),
    )


def group_columns() -> tuple[sa.Column, ...]:
    return (
        sa.Column("website", sa.String(length=200), nullable=True),
        sa.Column("tool", sa.String(length=20), nullable=True),
        sa.Column("meeting_minutes", sa.Integer(), nullable=True),
        sa.Column("group_size", sa.Integer(), nullable=True),
        sa.Column("no_professional_leadership", sa.Boolean(), nullable=True),
        sa.Column("funding_disclosed", sa.Boolean(), nullable=True),
    )


def upgrade() -> None:
    with op.batch_alter_table("contact_points") as batch:
        for column in contact_point_columns():
            batch.add_column(column)
    with op.batch_alter_table("regions") as batch:
        batch.add_column(sa.Column("office_hours_note", sa.String(length=200), nullable=True))
    with op.batch_alter_table("organisations") as batch:
        for column in organisation_columns():
            batch.add_column(column)
    with op.batch_alter_table("groups") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        for column in group_columns():
            batch.add_column(column)
        batch.create_foreign_key(
            op.f("fk_groups_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )
        batch.create_index(op.f("ix_groups_organisation_id"), ["organisation_id"])
    op.create_table(
        "coordination_office_hours",
        sa.Column("region_code", sa.String(length=5), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("opens", sa.Time(), nullable=False),
        sa.Column("closes", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_coordination_office_hours_region_code_regions"),
        ),
        sa.PrimaryKeyConstraint(
            "region_code", "weekday", "opens", name=op.f("pk_coordination_office_hours")
        ),
    )


def downgrade() -> None:
    op.drop_table("coordination_office_hours")
    with op.batch_alter_table("groups") as batch:
        batch.drop_index(op.f("ix_groups_organisation_id"))
        batch.drop_constraint(op.f("fk_groups_organisation_id_organisations"), type_="foreignkey")
        for column in ("organisation_id", *(c.name for c in group_columns())):
            batch.drop_column(column)
    with op.batch_alter_table("organisations") as batch:
        for column in organisation_columns():
            batch.drop_column(column.name)
    with op.batch_alter_table("regions") as batch:
        batch.drop_column("office_hours_note")
    with op.batch_alter_table("contact_points") as batch:
        for column in contact_point_columns():
            batch.drop_column(column.name)
