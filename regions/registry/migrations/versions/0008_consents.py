"""consent records replace the bare boolean `consent_to_partners`; a condition's nationwide contact

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 22:40:00

Every existing rare-condition entry gets two kinds of record, channel MIGRATED, notice
version "unrecorded" (the boolean kept neither), given at the entry's `since` (00:00 UTC):
PUBLISH (the entry was listed, which it only was at the person's request) and, where the
boolean was true, PASS_TO_PARTNERS. Then the boolean is dropped: the access rules read the
records only. Downgrade turns active PASS_TO_PARTNERS records back into the boolean.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, time

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MIGRATED_NOTICE = "unrecorded"
SUBJECT = sa.Enum(
    "RARE_CONDITION_ENTRY",
    "ORGANISATION_CONTACT",
    "CONTACT_POINT_STAFF",
    name="consentsubject",
    native_enum=False,
    length=30,
)
SCOPE = sa.Enum(
    "PUBLISH",
    "PASS_TO_PARTNERS",
    "NATIONWIDE_CONTACT",
    name="consentscope",
    native_enum=False,
    length=30,
)
CHANNELS = ("SELF_SERVICE", "PAPER", "PHONE", "EMAIL", "MIGRATED")


def _channel() -> sa.Enum:
    return sa.Enum(*CHANNELS, name="consentchannel", native_enum=False, length=20)


def upgrade() -> None:
    consents = op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject_kind", SUBJECT, nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("scope", SCOPE, nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", _channel(), nullable=False),
        sa.Column("notice_version", sa.String(length=40), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawal_channel", _channel(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index("ix_consents_subject", "consents", ["subject_kind", "subject_id", "scope"])

    searches = sa.table(
        "rare_condition_searches",
        sa.column("id", sa.Integer()),
        sa.column("since", sa.Date()),
        sa.column("consent_to_partners", sa.Boolean()),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(searches.c.id, searches.c.since, searches.c.consent_to_partners))
    records = []
    for row in rows:
        base = {
            "subject_kind": "RARE_CONDITION_ENTRY",
            "subject_id": row.id,
            "given_at": datetime.combine(row.since, time(0), tzinfo=UTC),
            "channel": "MIGRATED",
            "notice_version": MIGRATED_NOTICE,
        }
        records.append({**base, "scope": "PUBLISH"})
        if row.consent_to_partners:
            records.append({**base, "scope": "PASS_TO_PARTNERS"})
    for start in range(0, len(records), 1000):
        op.bulk_insert(consents, records[start : start + 1000])

    with op.batch_alter_table("rare_condition_searches", schema=None) as batch_op:
        batch_op.drop_column("consent_to_partners")
    with op.batch_alter_table("rare_conditions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nationwide_contact_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rare_conditions", schema=None) as batch_op:
        batch_op.drop_column("nationwide_contact_id")
    with op.batch_alter_table("rare_condition_searches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "consent_to_partners", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    op.execute(
        "UPDATE rare_condition_searches SET consent_to_partners = TRUE WHERE id IN ("
        "SELECT subject_id FROM consents WHERE subject_kind = 'RARE_CONDITION_ENTRY' "
        "AND scope = 'PASS_TO_PARTNERS' AND withdrawn_at IS NULL)"
    )
    op.drop_index("ix_consents_subject", table_name="consents")
    op.drop_table("consents")
