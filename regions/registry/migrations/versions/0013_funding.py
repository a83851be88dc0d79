"""funding programmes (GKV under § 20h SGB V, Dortmund's city fund) and topics.care

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-01 02:15:00

The programmes are facts of the source texts (shared/domain/), so this migration seeds them:
every registry has them, demo or not. Nothing here invents an amount, a date or an address
the texts do not give (no URL of the GKV procedure: the text names the site, not its address).
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CARE = ("HEALTH_RELATED", "SOCIAL")
SEEDED = datetime(2026, 12, 1, tzinfo=UTC)

DORTMUND_TEXT = (
    "Selbsthilfe-Kontaktstelle Dortmund, »Angebote für Selbsthilfegruppen« "
    "(shared/domain/dortmund-contact-point-and-funding.txt)"
)
NAKOS_TEXT = (
    "NAKOS, »Datenbanken und Datenschutz« "
    "(shared/domain/national-office-databases-and-data-protection.txt): § 20h SGB V"
)
GKV_PROCEDURE = (
    "Grundlegende Informationen zum Förderverfahren, die Rahmenbedingungen, Ansprechpersonen "
    "und die Antragsformulare stehen auf der Internetseite der Gesetzlichen "
    "Krankenversicherung zur Selbsthilfeförderung (in NRW). Die örtliche "
    "Selbsthilfe-Kontaktstelle berät in allen Fragen der Förderung, von der Beantragung bis "
    "zum Verwendungsnachweis."
)

PROGRAMMES = [
    {
        "id": 1,
        "slug": "gkv-pauschalfoerderung",
        "name": "Pauschalförderung der gesetzlichen Krankenkassen",
        "funder": "Gesetzliche Krankenkassen (GKV)",
        "kind": "LUMP_SUM",
        "legal_basis": "§ 20h SGB V",
        "eligibility": "HEALTH_RELATED",
        "region_code": None,
        "town": None,
        "purpose": "Wiederkehrende Aufwendungen der gesundheitsbezogenen Selbsthilfe, z. B. "
        "Raummiete, Büromaterialien, Werbemedien, Seminare und Fortbildungen.",
        "applications_all_year": None,
        "sessions_per_year": None,
        "procedure": GKV_PROCEDURE,
        "procedure_url": None,
        "source_text": f"{DORTMUND_TEXT}; {NAKOS_TEXT}",
    },
    {
        "id": 2,
        "slug": "gkv-projektfoerderung",
        "name": "Projektförderung der gesetzlichen Krankenkassen",
        "funder": "Gesetzliche Krankenkassen (GKV)",
        "kind": "PROJECT",
        "legal_basis": "§ 20h SGB V",
        "eligibility": "HEALTH_RELATED",
        "region_code": None,
        "town": None,
        "purpose": "Einmalige, zeitlich begrenzte Vorhaben, z. B. ein Selbsthilfetag, ein "
        "Jubiläum oder eine Aktivität mit Gesundheitsbezug.",
        "applications_all_year": None,
        "sessions_per_year": None,
        "procedure": GKV_PROCEDURE,
        "procedure_url": None,
        "source_text": f"{DORTMUND_TEXT}; {NAKOS_TEXT}",
    },
    {
        "id": 3,
        "slug": "foerderfonds-selbsthilfe-dortmund",
        "name": "Förderfonds Selbsthilfe der Stadt Dortmund",
        "funder": "Stadt Dortmund",
        "kind": "GRANT",
        "legal_basis": None,
        "eligibility": "SOCIAL",
        "region_code": "DE-NW",
        "town": "Dortmund",
        "purpose": "Zuschüsse für Dortmunder Selbsthilfegruppen, besonders für soziale "
        "Selbsthilfegruppen, die keine Ansprüche auf Förderung durch die Krankenkassen haben.",
        "applications_all_year": True,
        "sessions_per_year": 2,
        "procedure": "Anträge für das laufende Kalenderjahr ganzjährig. Informationen im PDF "
        "»Selbsthilfeförderung durch den Städtischen Förderfonds«; der Antrag mit dem PDF "
        "»Antrag auf Gewährung eines Zuschusses aus dem Selbsthilfefördertopf«. Die "
        "Selbsthilfe-Kontaktstelle Dortmund berät.",
        "procedure_url": None,
        "source_text": DORTMUND_TEXT,
    },
]
DEADLINES = [
    {
        "programme_id": 3,
        "month": 5,
        "day": 31,
        "kind": "SESSION",
        "session": 1,
        "note": "Anträge, die bis zum 31. Mai eingehen, werden in der ersten Sitzung (von "
        "zwei Sitzungen) des Jahres besprochen.",
    },
    {
        "programme_id": 3,
        "month": 11,
        "day": 30,
        "kind": "FINAL",
        "session": None,
        "note": "Anträge für das laufende Kalenderjahr spätestens bis zum 30. November.",
    },
]


def upgrade() -> None:
    op.add_column(
        "topics",
        sa.Column("care", sa.Enum(*CARE, name="caredomain", native_enum=False), nullable=True),
    )
    programmes = op.create_table(
        "funding_programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("funder", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("LUMP_SUM", "PROJECT", "GRANT", name="fundingkind", native_enum=False),
            nullable=False,
        ),
        sa.Column("legal_basis", sa.String(length=120), nullable=True),
        sa.Column(
            "eligibility", sa.Enum(*CARE, name="caredomain", native_enum=False), nullable=False
        ),
        sa.Column("region_code", sa.String(length=5), nullable=True),
        sa.Column("town", sa.String(length=120), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("applications_all_year", sa.Boolean(), nullable=True),
        sa.Column("sessions_per_year", sa.SmallInteger(), nullable=True),
        sa.Column("procedure", sa.Text(), nullable=False),
        sa.Column("procedure_url", sa.String(length=300), nullable=True),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_programmes")),
        sa.UniqueConstraint("slug", name=op.f("uq_funding_programmes_slug")),
    )
    op.create_index(
        op.f("ix_funding_programmes_eligibility"), "funding_programmes", ["eligibility"]
    )
    op.create_index(
        op.f("ix_funding_programmes_region_code"), "funding_programmes", ["region_code"]
    )
    deadlines = op.create_table(
        "funding_deadlines",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        sa.Column("day", sa.SmallInteger(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("SESSION", "FINAL", name="fundingdeadlinekind", native_enum=False),
            nullable=False,
        ),
        sa.Column("session", sa.SmallInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["funding_programmes.id"],
            name=op.f("fk_funding_deadlines_programme_id_funding_programmes"),
        ),
        sa.PrimaryKeyConstraint("programme_id", "month", "day", name=op.f("pk_funding_deadlines")),
    )
    op.bulk_insert(
        programmes,
        [
            row | {"source": "nakos", "updated_at": SEEDED, "verified_at": None}
            for row in PROGRAMMES
        ],
    )
    op.bulk_insert(deadlines, DEADLINES)


def downgrade() -> None:
    op.drop_table("funding_deadlines")
    op.drop_index(op.f("ix_funding_programmes_region_code"), table_name="funding_programmes")
    op.drop_index(op.f("ix_funding_programmes_eligibility"), table_name="funding_programmes")
    op.drop_table("funding_programmes")
    with op.batch_alter_table("topics") as batch_op:
        batch_op.drop_column("care")
